//! Apple Pay on the web: merchant validation. Safari's payment sheet for
//! Apple Pay fires `merchantvalidation` on the `PaymentRequest` with a
//! `validationURL` on one of Apple's hosts; the merchant's server must ask
//! Apple for a merchant session with its Merchant Identity certificate,
//! which a page cannot hold. So the widget POSTs `{"validation_url": …}`
//! to `checkout.apple_pay_session` (default `/api/apple-pay/session`,
//! resolved against the manifest) and hands the JSON answer, as it is, to
//! `event.complete(promise)`. A failure rejects that promise, which makes
//! Safari abort the sheet; `show()` then rejects and the shop tells the
//! viewer why (see [`Validation::failed`]). web-sys has no
//! `MerchantValidationEvent`, so it is bound here.

use super::http::{post_json, NoAnswer};
use super::request::PaymentRequest;
use gloo_events::EventListener;
use js_sys::{Object, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// Safari's `MerchantValidationEvent`.
    #[wasm_bindgen(extends = web_sys::Event)]
    pub type MerchantValidationEvent;

    /// Takes a promise of the merchant session (or the session itself).
    #[wasm_bindgen(method, catch)]
    fn complete(this: &MerchantValidationEvent, session: &Promise) -> Result<(), JsValue>;
}

/// Apple answers the server within its own 10 s limit; a little more for the
/// network between the page and the server. The sheet waits meanwhile.
const SESSION_TIMEOUT_MS: u64 = 15_000;

/// The `merchantvalidation` listener of one payment sheet, removed when
/// dropped (when `show()` has settled).
#[must_use]
pub struct Validation {
    _listener: EventListener,
    failed: Rc<Cell<bool>>,
}

impl Validation {
    /// Listens on `req` when it is an event target (a stand-in without
    /// `addEventListener` gets nothing: it can fire no event either).
    pub fn listen(req: &PaymentRequest, endpoint: Option<String>) -> Option<Validation> {
        let add = Reflect::get(req, &"addEventListener".into()).ok()?;
        if !add.is_function() {
            return None;
        }
        let failed = Rc::new(Cell::new(false));
        let flag = failed.clone();
        let sheet = req.clone();
        let listener = EventListener::new(req, "merchantvalidation", move |e| {
            let e: &MerchantValidationEvent = e.unchecked_ref();
            let url = Reflect::get(e, &"validationURL".into())
                .ok()
                .and_then(|u| u.as_string())
                .unwrap_or_default();
            let (endpoint, failed, sheet) = (endpoint.clone(), flag.clone(), sheet.clone());
            let session = wasm_bindgen_futures::future_to_promise(async move {
                let answer = session(endpoint.as_deref(), &url).await;
                answer.map_err(|why| {
                    failed.set(true);
                    error(&["Apple Pay merchant validation failed: ", why.as_str()].concat());
                    // Safari aborts the sheet on the rejection; abort() makes
                    // sure of it (an already aborted sheet just refuses).
                    if let Ok(p) = sheet.abort() {
                        // Awaited only to swallow its rejection.
                        wasm_bindgen_futures::spawn_local(async move {
                            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
                        });
                    }
                    JsValue::from_str(&why)
                })
            });
            if let Err(err) = e.complete(&session) {
                flag.set(true);
                let why = crate::embed::describe(&err);
                error(
                    &[
                        "Apple Pay merchant validation: complete() threw ",
                        why.as_str(),
                    ]
                    .concat(),
                );
            }
        });
        Some(Validation {
            _listener: listener,
            failed,
        })
    }

    /// True when merchant validation failed: the sheet closed because of us,
    /// not because the viewer cancelled.
    pub fn failed(&self) -> bool {
        self.failed.get()
    }
}

fn error(message: &str) {
    web_sys::console::error_1(&["shoppable: ", message].concat().into());
}

/// Asks the merchant's endpoint for a merchant session for `validation_url`.
async fn session(endpoint: Option<&str>, validation_url: &str) -> Result<JsValue, String> {
    let endpoint = endpoint.ok_or("checkout.apple_pay_session is not a usable URL")?;
    if validation_url.is_empty() {
        return Err("the event has no validationURL".into());
    }
    let body = Object::new();
    let _ = Reflect::set(&body, &"validation_url".into(), &validation_url.into());
    let body = js_sys::JSON::stringify(&body)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    match post_json(endpoint, &[], &body, SESSION_TIMEOUT_MS).await {
        Ok(a) if (200..300).contains(&a.status) => a
            .json
            .filter(|j| j.is_object())
            .ok_or_else(|| [endpoint, " answered without a JSON merchant session"].concat()),
        Ok(a) => Err([endpoint, " answered HTTP ", a.status.to_string().as_str()].concat()),
        Err(NoAnswer::TimedOut) => Err([endpoint, " did not answer in time"].concat()),
        Err(NoAnswer::Network(e)) => Err([
            endpoint,
            " could not be reached (",
            crate::embed::describe(&e).as_str(),
            ")",
        ]
        .concat()),
    }
}
