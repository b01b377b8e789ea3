//! The payment_request strategy: our own binding of the W3C `PaymentRequest`
//! (web-sys has none) and the tap that opens it. `show()` is called
//! synchronously in the click handler (it needs the tap's user activation);
//! everything after the sheet answers is async (`order.rs`). What happens is
//! reported to the shop as [`Update`]s; this module writes no view state.

use super::{apple, order, Report, Update};
use crate::model::cart::CartLine;
use crate::model::money::decimal_string;
use crate::model::words::en::shop as w;
use crate::model::words::Said;
use crate::shop::Shop;
use js_sys::{Array, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::PaymentResponse;

#[wasm_bindgen]
extern "C" {
    /// `PaymentRequest`, looked up on the global object when constructed, so
    /// a page (or a test) that replaces `window.PaymentRequest` is honoured.
    /// An event target: Apple Pay's `merchantvalidation` fires on it.
    #[wasm_bindgen(extends = web_sys::EventTarget)]
    #[derive(Clone)]
    pub type PaymentRequest;

    #[wasm_bindgen(constructor, catch)]
    pub fn new(
        methods: &JsValue,
        details: &JsValue,
        options: &JsValue,
    ) -> Result<PaymentRequest, JsValue>;

    /// Opens the sheet; resolves to a `PaymentResponse`.
    #[wasm_bindgen(method, catch)]
    pub fn show(this: &PaymentRequest) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = canMakePayment)]
    pub fn can_make_payment(this: &PaymentRequest) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch)]
    pub fn abort(this: &PaymentRequest) -> Result<Promise, JsValue>;
}

fn set(o: &Object, k: &str, v: impl Into<JsValue>) {
    let _ = Reflect::set(o, &JsValue::from_str(k), &v.into());
}

/// The payment methods: the page's `paymentMethods` option or the manifest's
/// `checkout.payment_methods` when given (`crate::shop`), else Google Pay
/// (TEST environment) as a URL method.
fn methods(custom: &Option<JsValue>) -> JsValue {
    if let Some(m) = custom {
        return m.clone();
    }
    let gpay = Object::new();
    set(
        &gpay,
        "supportedMethods",
        crate::model::manifest::DEFAULT_PAYMENT_METHOD,
    );
    let data = Object::new();
    set(&data, "environment", "TEST");
    set(&data, "apiVersion", 2);
    set(&data, "apiVersionMinor", 0);
    set(&gpay, "data", data);
    Array::of1(&gpay).into()
}

fn amount(minor: i64, currency: &str) -> Object {
    let a = Object::new();
    set(&a, "currency", currency);
    set(&a, "value", decimal_string(minor, currency));
    a
}

fn details(lines: &[CartLine], currency: &str) -> JsValue {
    let items: Array = lines
        .iter()
        .map(|l| {
            let i = Object::new();
            let label = if l.quantity > 1 {
                [l.name().as_str(), " × ", l.quantity.to_string().as_str()].concat()
            } else {
                l.name()
            };
            set(&i, "label", label);
            set(&i, "amount", amount(l.total().unwrap_or(0), currency));
            JsValue::from(i)
        })
        .collect();
    let total = crate::model::cart::lines_total(lines).unwrap_or(0);
    let t = Object::new();
    set(&t, "label", "Total");
    set(&t, "amount", amount(total, currency));
    let d = Object::new();
    set(&d, "displayItems", items);
    set(&d, "total", t);
    d.into()
}

/// Whether the browser has `window.PaymentRequest` at all (and no test
/// forces its fallback, `embed::force`).
pub fn has_payment_request() -> bool {
    !crate::embed::force::fallback("payment")
        && web_sys::window()
            .and_then(|w| Reflect::get(&w, &"PaymentRequest".into()).ok())
            .is_some_and(|v| v.is_function())
}

/// Whether `window.PaymentRequest` exists and `canMakePayment()` resolves
/// true for our methods.
pub async fn can_make_payment(custom: Option<JsValue>) -> bool {
    if !has_payment_request() {
        return false;
    }
    let probe = details(&[], "USD");
    let Ok(req) = PaymentRequest::new(&methods(&custom), &probe, &Object::new()) else {
        return false;
    };
    let Ok(p) = req.can_make_payment() else {
        return false;
    };
    JsFuture::from(p)
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// A payment sheet open for a live deal (`Shop::sheet`): aborted when the
/// deal ends under it ([`abort_deal`]), with the words saying why.
pub struct DealSheet {
    deal: String,
    request: PaymentRequest,
    why: Rc<RefCell<Option<Said>>>,
}

/// Aborts the sheet open for `deal`, if any; the viewer reads `words`.
pub fn abort_deal(shop: &Shop, deal: &str, words: Said) {
    let open = shop.sheet.borrow();
    let Some(s) = open.as_ref().filter(|s| s.deal == deal) else {
        return;
    };
    *s.why.borrow_mut() = Some(words);
    // show() rejects with an AbortError, which `pay` reads as this abort.
    if let Ok(p) = s.request.abort() {
        // Its own rejection (already closed) must not reach the console.
        wasm_bindgen_futures::spawn_local(async move {
            let _ = JsFuture::from(p).await;
        });
    }
}

/// The payment options: the page's `paymentOptions`, and for a live show
/// the payer's e-mail, by which the server counts a deal's per-buyer limit.
fn options(shop: &Shop) -> JsValue {
    let o = shop
        .pay_options
        .clone()
        .unwrap_or_else(|| Object::new().into());
    if shop.manifest.live.is_some() {
        // A copy: the page's object stays as it gave it.
        let copy = Object::assign(&Object::new(), o.unchecked_ref());
        set(&copy, "requestPayerEmail", true);
        return copy.into();
    }
    o
}

/// The Buy tap: builds the request and calls `show()` at once, then posts
/// the order when the sheet answers. Every outcome goes to `report`. With
/// `deal`, the order names the live deal (its lines already at the deal's
/// price), and the sheet is kept in `Shop::sheet` while it is open.
pub fn pay(
    shop: Rc<Shop>,
    lines: Vec<CartLine>,
    from_cart: bool,
    deal: Option<String>,
    report: Report,
) {
    let cur = shop.manifest.currency.clone();
    let options = options(&shop);
    let req = match PaymentRequest::new(&methods(&shop.methods), &details(&lines, &cur), &options) {
        Ok(r) => r,
        Err(e) => return cannot_open(&e, &report),
    };
    // Before show(): Safari may fire merchantvalidation as the sheet opens.
    let validation = apple::Validation::listen(&req, shop.apple_pay_session.clone());
    let shown = match req.show() {
        Ok(p) => p,
        Err(e) => return cannot_open(&e, &report),
    };
    let why = Rc::new(RefCell::new(None));
    if let Some(d) = &deal {
        *shop.sheet.borrow_mut() = Some(DealSheet {
            deal: d.clone(),
            request: req.clone(),
            why: why.clone(),
        });
    }
    report(Update::SheetOpen);
    wasm_bindgen_futures::spawn_local(async move {
        let answer = JsFuture::from(shown).await;
        if deal.is_some() {
            shop.sheet.borrow_mut().take();
        }
        // The sheet has answered: no more validation events; the listener goes.
        let validation_failed = validation.is_some_and(|v| v.failed());
        let aborted = why.borrow_mut().take();
        let resp = match (answer, aborted) {
            (Ok(r), _) => r.unchecked_into::<PaymentResponse>(),
            (Err(_), Some(words)) => {
                // The deal ended under the open sheet: nothing was charged.
                report(Update::Failed { words, retry: None });
                return;
            }
            (Err(_), None) if validation_failed => {
                // No response to complete(): the sheet was aborted by the rejection.
                report(Update::Failed {
                    words: Said::key(w::APPLE_PAY_FAILED),
                    retry: None,
                });
                return;
            }
            (Err(_), None) => {
                // Dismissed by the viewer (AbortError): nothing happened.
                report(Update::Cancelled);
                return;
            }
        };
        order::place(shop, lines, resp, from_cart, deal, report).await;
    });
}

fn cannot_open(e: &JsValue, report: &Report) {
    web_sys::console::error_1(
        &[
            "shoppable: PaymentRequest failed: ",
            crate::embed::describe(e).as_str(),
        ]
        .concat()
        .into(),
    );
    report(Update::Failed {
        words: Said::key(w::SHEET_FAILED),
        retry: None,
    });
}
