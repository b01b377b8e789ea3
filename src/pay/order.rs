//! Posting the order once the payment sheet answered: one `Idempotency-Key`
//! per tap (`key.rs`), tries, per-try time limit, jittered backoff and
//! `Retry-After` by `model::idempotency::Attempt`, `{attempt, request}` kept
//! in `sessionStorage` until the outcome is certain; then `complete()` on
//! the sheet, exactly once on every path ([`Sheet`]), and the outcome
//! reported to the shop (the confirmation, or the reason in plain words).

use super::http::{post_json, Answer, NoAnswer};
use super::{Confirmed, Report, Update};
use crate::model::cart::CartLine;
use crate::model::checkout::{
    failure_words, fingerprint, Address, Attribution, CheckoutRequest, Payer, Payment,
    ProblemDocument, RequestLine,
};
use crate::model::idempotency::{self, Attempt, Failure, Outcome, Step, MAX_TRIES};
use crate::model::words::Said;
use crate::shop::Shop;
use js_sys::{Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{PaymentComplete, PaymentResponse};

/// What sessionStorage keeps while an order's outcome is uncertain, as
/// `{attempt, request, from_cart}`. The request stays a JS object (the body
/// as sent): the widget never needs to read a `CheckoutRequest` back, so no
/// deserializer for it ships in the wasm.
pub struct Pending {
    attempt: Attempt,
    request: JsValue,
    /// Whether the order is the cart's (emptied once confirmed).
    from_cart: bool,
}

fn session_set(key: &str, p: &Pending) {
    let Some(s) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    if !p.attempt.should_store() {
        let _ = s.remove_item(key);
        return;
    }
    let Ok(attempt) = serde_wasm_bindgen::to_value(&p.attempt) else {
        return;
    };
    let o = js_sys::Object::new();
    let _ = Reflect::set(&o, &"attempt".into(), &attempt);
    let _ = Reflect::set(&o, &"request".into(), &p.request);
    let _ = Reflect::set(&o, &"from_cart".into(), &p.from_cart.into());
    if let Some(t) = js_sys::JSON::stringify(&o).ok().and_then(|v| v.as_string()) {
        let _ = s.set_item(key, &t);
    }
}

async fn sleep(ms: u64) {
    if ms == 0 {
        return;
    }
    let p = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// The payment sheet's response until it is completed. `close` completes
/// it once; dropping it unclosed (an early return on any path) completes it
/// as failed, so the sheet never spins on.
struct Sheet(Option<PaymentResponse>);

impl Sheet {
    async fn close(mut self, how: PaymentComplete) {
        if let Some(r) = self.0.take() {
            let _ = JsFuture::from(r.complete_with_result(how)).await;
        }
    }
}

impl Drop for Sheet {
    fn drop(&mut self) {
        if let Some(r) = self.0.take() {
            let _ = r.complete_with_result(PaymentComplete::Fail);
        }
    }
}

fn payment(resp: &PaymentResponse) -> Payment {
    let details = resp.details();
    let token = Reflect::get(&details, &"token".into())
        .ok()
        .and_then(|t| t.as_string())
        .or_else(|| {
            js_sys::JSON::stringify(&details)
                .ok()
                .and_then(|s| s.as_string())
        })
        .unwrap_or_default();
    Payment {
        method: resp.method_name(),
        token,
    }
}

/// The payer's details, when the page asked for any (`paymentOptions`).
fn payer(resp: &PaymentResponse) -> Option<Payer> {
    let p = Payer {
        name: str_field(resp, "payerName"),
        email: str_field(resp, "payerEmail"),
        phone: str_field(resp, "payerPhone"),
    };
    (p.name.is_some() || p.email.is_some() || p.phone.is_some()).then_some(p)
}

/// The shipping address, when the page asked for it (`requestShipping`).
fn address(resp: &PaymentResponse) -> Option<Address> {
    let a = Reflect::get(resp, &"shippingAddress".into())
        .ok()
        .filter(|a| a.is_object())?;
    let s = |k: &str| str_field(&a, k).unwrap_or_default();
    let lines = Reflect::get(&a, &"addressLine".into())
        .ok()
        .filter(js_sys::Array::is_array);
    Some(Address {
        country: s("country"),
        address_line: lines
            .map(|l| {
                js_sys::Array::from(&l)
                    .iter()
                    .filter_map(|x| x.as_string())
                    .collect()
            })
            .unwrap_or_default(),
        region: s("region"),
        city: s("city"),
        dependent_locality: s("dependentLocality"),
        postal_code: s("postalCode"),
        sorting_code: s("sortingCode"),
        organization: s("organization"),
        recipient: s("recipient"),
        phone: s("phone"),
    })
}

/// Posts the order and finishes the sheet.
pub async fn place(
    shop: Rc<Shop>,
    lines: Vec<CartLine>,
    resp: PaymentResponse,
    from_cart: bool,
    deal: Option<String>,
    report: Report,
) {
    let m = &shop.manifest;
    let request = CheckoutRequest {
        video_id: m.video.id.clone(),
        currency: m.currency.clone(),
        lines: lines.iter().map(RequestLine::from).collect(),
        payment: payment(&resp),
        shipping_address: address(&resp),
        payer: payer(&resp),
        attribution: Some(Attribution {
            tag_id: shop
                .bridge
                .last_tag()
                .and_then(|t| m.tags.get(t))
                .map(|t| t.id.clone()),
            video_time: shop.video_time(),
        }),
        deal_id: deal,
    };
    let sheet = Sheet(Some(resp));
    let attempt = Attempt::new(super::key::new_key(), fingerprint(&request));
    let Ok(request) = serde_wasm_bindgen::to_value(&request) else {
        sheet.close(PaymentComplete::Fail).await;
        report(Update::Failed {
            words: Said::key(Failure::Rejected { status: 0 }.viewer_words()),
            retry: None,
        });
        return;
    };
    let pending = Pending {
        attempt,
        request,
        from_cart,
    };
    send(shop, pending, sheet, report).await;
}

/// On mount: carries on with an order a reload left in doubt (its
/// `{attempt, request}` is still in sessionStorage), under the same key.
pub fn resume_stored(shop: Rc<Shop>, report: Report) {
    let store_key = idempotency::storage_key(&shop.site, &shop.manifest.video.id);
    let Some(store) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else {
        return;
    };
    let Ok(Some(text)) = store.get_item(&store_key) else {
        return;
    };
    let pending = js_sys::JSON::parse(&text).ok().and_then(|v| {
        let get = |k: &str| Reflect::get(&v, &JsValue::from_str(k)).ok();
        let attempt = serde_wasm_bindgen::from_value::<Attempt>(get("attempt")?).ok()?;
        let request = get("request").filter(|r| r.is_object())?;
        Some(Pending {
            attempt,
            request,
            from_cart: get("from_cart").and_then(|b| b.as_bool()).unwrap_or(false),
        })
    });
    let Some(mut p) = pending.filter(|p| p.attempt.key().is_some()) else {
        let _ = store.remove_item(&store_key);
        return;
    };
    if p.attempt.outcome().is_some() && !p.attempt.resume() {
        let _ = store.remove_item(&store_key);
        return;
    }
    wasm_bindgen_futures::spawn_local(send(shop, p, Sheet(None), report));
}

/// "Try again" after a round that ended in doubt: same key, same body.
/// False when `p`'s outcome is already certain (nothing is sent).
pub fn retry(shop: Rc<Shop>, mut p: Pending, report: Report) -> bool {
    if !p.attempt.resume() {
        return false;
    }
    wasm_bindgen_futures::spawn_local(send(shop, p, Sheet(None), report));
    true
}

/// Tries the order until its outcome is certain or the round is over, then
/// finishes the sheet (when there is one) and reports the outcome.
async fn send(shop: Rc<Shop>, mut pending: Pending, sheet: Sheet, report: Report) {
    let m = &shop.manifest;
    let (Some(url), Some(key)) = (
        shop.endpoint.clone(),
        pending.attempt.key().map(str::to_owned),
    ) else {
        // Not reachable from a tap (no endpoint, no Pay strategy; a fresh key),
        // but the sheet must still close and the viewer hear of it.
        sheet.close(PaymentComplete::Fail).await;
        report(Update::Failed {
            words: Said::key(Failure::Rejected { status: 0 }.viewer_words()),
            retry: None,
        });
        return;
    };
    let store_key = idempotency::storage_key(&shop.site, &m.video.id);
    let body = js_sys::JSON::stringify(&pending.request)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    // The answer of the try that ended the round, if it had one.
    let mut last: Option<Answer> = None;
    let outcome = loop {
        session_set(&store_key, &pending);
        let now = js_sys::Date::now() as u64;
        let Some(delay) = pending.attempt.next_try(now, js_sys::Math::random()) else {
            break pending
                .attempt
                .outcome()
                .cloned()
                .unwrap_or(Outcome::Failed(Failure::Offline));
        };
        report(Update::Placing {
            try_number: delay.try_number,
            of: MAX_TRIES,
        });
        sleep(delay.ms).await;
        let headers = [("Idempotency-Key", key.as_str())];
        let step = match post_json(&url, &headers, &body, delay.timeout_ms).await {
            Ok(a) => {
                let retry_after = a
                    .retry_after
                    .as_deref()
                    .and_then(idempotency::parse_retry_after);
                let s = pending.attempt.on_response(a.status, retry_after);
                last = Some(a);
                s
            }
            Err(e) => {
                last = None;
                let why = match &e {
                    NoAnswer::TimedOut => "no answer in time".to_owned(),
                    NoAnswer::Network(e) => crate::embed::describe(e),
                };
                web_sys::console::warn_1(
                    &[
                        "shoppable: checkout try ",
                        delay.try_number.to_string().as_str(),
                        " failed: ",
                        why.as_str(),
                    ]
                    .concat()
                    .into(),
                );
                match e {
                    NoAnswer::TimedOut => pending.attempt.on_timeout(),
                    NoAnswer::Network(_) => pending.attempt.on_network_error(),
                }
            }
        };
        if let Step::Done(o) = step {
            break o;
        }
    };
    session_set(&store_key, &pending);
    let answer = last.and_then(|a| a.json);
    match outcome {
        Outcome::Confirmed => {
            sheet.close(PaymentComplete::Success).await;
            // Read by hand rather than by serde: three fields, and no deserializer in the wasm for them.
            let order = answer.and_then(|v| {
                let total = Reflect::get(&v, &"total".into()).ok()?.as_f64()? as i64;
                let test = Reflect::get(&v, &"test".into()).ok()?.as_bool() == Some(true);
                Some((str_field(&v, "order_id")?, total, test))
            });
            report(Update::Confirmed(Confirmed {
                order,
                lines: request_lines(&pending.request, m),
                from_cart: pending.from_cart,
            }));
        }
        Outcome::Failed(f) => {
            sheet.close(PaymentComplete::Fail).await;
            let doc = answer.as_ref().and_then(problem_document);
            let gone = doc.as_ref().and_then(|d| d.sold_out_line());
            if let Some(line) =
                gone.and_then(|i| request_lines(&pending.request, m).into_iter().nth(i))
            {
                report(Update::SoldOut {
                    variant_id: line.variant_id,
                });
            }
            let words = failure_words(f, doc.as_ref());
            let retry = (!f.is_definitive()).then_some(pending);
            report(Update::Failed { words, retry });
        }
    }
}

/// The answer as a problem document, read by hand (no deserializer in the
/// wasm); `None` when it is not one.
fn problem_document(v: &JsValue) -> Option<ProblemDocument> {
    let type_uri = str_field(v, "type")?;
    Some(ProblemDocument {
        type_uri,
        title: str_field(v, "title").unwrap_or_default(),
        status: Reflect::get(v, &"status".into())
            .ok()
            .and_then(|s| s.as_f64())
            .map_or(0, |s| s as u16),
        detail: str_field(v, "detail"),
        path: str_field(v, "path"),
    })
}

fn str_field(v: &JsValue, k: &str) -> Option<String> {
    Reflect::get(v, &JsValue::from_str(k)).ok()?.as_string()
}

/// The sent request's lines as cart lines (for the purchase event), titled
/// from the manifest.
fn request_lines(request: &JsValue, m: &crate::model::manifest::Manifest) -> Vec<CartLine> {
    let lines = Reflect::get(request, &"lines".into())
        .map(|v| js_sys::Array::from(&v))
        .unwrap_or_default();
    lines
        .iter()
        .filter_map(|l| {
            let num = |k: &str| Reflect::get(&l, &JsValue::from_str(k)).ok()?.as_f64();
            let product_id = str_field(&l, "product_id")?;
            let quantity = num("quantity")? as u32;
            Some(CartLine {
                title: m
                    .product(&product_id)
                    .map(|p| p.title.clone())
                    .unwrap_or_default(),
                variant_id: str_field(&l, "variant_id")?,
                product_id,
                quantity,
                unit_price: num("unit_price")? as i64,
                variant_label: String::new(),
                max_quantity: quantity,
            })
        })
        .collect()
}
