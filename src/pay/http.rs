//! One request (a JSON POST, or a GET) with a time limit: `fetch` under an `AbortController` whose
//! timer is owned (cleared when the answer is in), the answer's status,
//! `Retry-After` and JSON body read under the same limit, so a server that
//! sends its head and then stalls is cut off too. Shared by the order
//! (`order.rs`), Apple Pay's merchant validation (`apple.rs`), the
//! Shopify storefront's Ajax API (`shopify.rs`), WooCommerce's Store API
//! (`woocommerce.rs`) and BigCommerce's cart (`bigcommerce.rs`).

use js_sys::Function;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

/// What came back.
pub struct Answer {
    pub status: u16,
    /// The `Retry-After` header as sent (CORS exposes it on our server).
    pub retry_after: Option<String>,
    /// The `Nonce` header (WooCommerce's Store API sends a fresh one with
    /// every answer, `woocommerce.rs`); same origin, so readable.
    pub nonce: Option<String>,
    /// The body parsed as JSON; `None` when it is not JSON or did not come
    /// in time.
    pub json: Option<JsValue>,
}

/// Why there is no answer.
pub enum NoAnswer {
    /// No answer within the time limit; the request was aborted.
    TimedOut,
    /// The request failed before any answer (offline, DNS, reset, CORS).
    Network(JsValue),
}

/// A `setTimeout` that is cleared when dropped.
struct Timer {
    id: i32,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    fn new(ms: u64, f: impl FnMut() + 'static) -> Option<Timer> {
        let callback = Closure::<dyn FnMut()>::new(f);
        let f: &Function = callback.as_ref().unchecked_ref();
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        let id = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(f, ms)
            .ok()?;
        Some(Timer {
            id,
            _callback: callback,
        })
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.id);
        }
    }
}

/// POSTs `body` (JSON text) to `url` with `headers`, giving up after `timeout_ms`.
pub async fn post_json(
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
    timeout_ms: u64,
) -> Result<Answer, NoAnswer> {
    let init = RequestInit::new();
    init.set_method("POST");
    let h = Headers::new().map_err(NoAnswer::Network)?;
    h.set("Content-Type", "application/json")
        .map_err(NoAnswer::Network)?;
    for (k, v) in headers {
        h.set(k, v).map_err(NoAnswer::Network)?;
    }
    init.set_headers(&h);
    init.set_body(&JsValue::from_str(body));
    send(url, init, timeout_ms).await
}

/// GETs `url` (JSON expected), giving up after `timeout_ms`.
pub async fn get_json(url: &str, timeout_ms: u64) -> Result<Answer, NoAnswer> {
    let init = RequestInit::new();
    init.set_method("GET");
    send(url, init, timeout_ms).await
}

async fn send(url: &str, init: RequestInit, timeout_ms: u64) -> Result<Answer, NoAnswer> {
    let abort = AbortController::new().map_err(NoAnswer::Network)?;
    init.set_signal(Some(&abort.signal()));
    let fired = Rc::new(Cell::new(false));
    // Owned: dropped (cleared) when this function returns, whichever way.
    let _timer = Timer::new(timeout_ms, {
        let fired = fired.clone();
        move || {
            fired.set(true);
            abort.abort();
        }
    });
    let window = web_sys::window().ok_or(NoAnswer::Network(JsValue::NULL))?;
    let sent = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await;
    let res: Response = match sent {
        Ok(r) => r.dyn_into().map_err(NoAnswer::Network)?,
        Err(_) if fired.get() => return Err(NoAnswer::TimedOut),
        Err(e) => return Err(NoAnswer::Network(e)),
    };
    let retry_after = res.headers().get("Retry-After").ok().flatten();
    let nonce = res.headers().get("Nonce").ok().flatten();
    let json = match res.json() {
        Ok(p) => JsFuture::from(p).await.ok(),
        Err(_) => None,
    };
    Ok(Answer {
        status: res.status(),
        retry_after,
        nonce,
        json,
    })
}
