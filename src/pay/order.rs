//! Posting the order once the payment sheet answered: one `Idempotency-Key`
//! per tap (`crypto.randomUUID()`), tries and backoff by
//! `model::idempotency::Attempt`, `{attempt, request}` kept in
//! `sessionStorage` until the outcome is certain; then `complete()` on the
//! sheet and the confirmation (or the reason, in plain words).

use crate::model::cart::CartLine;
use crate::model::checkout::{
    fingerprint, Address, Attribution, CheckoutRequest, Payer, Payment, ProblemType, RequestLine,
};
use crate::model::idempotency::{self, Attempt, Failure, Outcome, Step};
use crate::shop::Shop;
use crate::ui::{Ctx, Panel};
use js_sys::{Promise, Reflect};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{PaymentComplete, PaymentResponse, RequestInit, Response};

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

/// One POST; `Err` for a network failure.
async fn post(url: &str, key: &str, body: &str) -> Result<Response, JsValue> {
    let init = RequestInit::new();
    init.set_method("POST");
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/json")?;
    headers.set("Idempotency-Key", key)?;
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    let w = web_sys::window().ok_or(JsValue::NULL)?;
    let r = JsFuture::from(w.fetch_with_str_and_init(url, &init)).await?;
    r.dyn_into()
}

async fn json(r: &Response) -> Option<JsValue> {
    JsFuture::from(r.json().ok()?).await.ok()
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
        .filter(|l| js_sys::Array::is_array(l));
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
    ctx: Ctx,
    lines: Vec<CartLine>,
    resp: PaymentResponse,
    from_cart: bool,
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
    };
    let key = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_default();
    let attempt = Attempt::new(key, fingerprint(&request));
    let Ok(request) = serde_wasm_bindgen::to_value(&request) else {
        return;
    };
    let pending = Pending {
        attempt,
        request,
        from_cart,
    };
    send(shop, ctx, pending, Some(resp)).await;
}

/// Tells the viewer: in the dialog when it is open, else over the video.
fn say(ctx: Ctx, text: String) {
    if ctx.panel.get_untracked().is_some() {
        ctx.message.try_set(Some(text));
    } else {
        ctx.notice.try_set(Some(text));
    }
}

/// On mount: carries on with an order a reload left in doubt (its
/// `{attempt, request}` is still in sessionStorage), under the same key.
pub fn resume_stored(shop: Rc<Shop>, ctx: Ctx) {
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
    wasm_bindgen_futures::spawn_local(send(shop, ctx, p, None));
}

/// "Try again" after a round that ended in doubt: same key, same body.
pub fn retry(shop: Rc<Shop>, ctx: Ctx) {
    let Some(mut p) = shop.pending.borrow_mut().take() else {
        return;
    };
    ctx.retry.set(false);
    if p.attempt.resume() {
        wasm_bindgen_futures::spawn_local(send(shop, ctx, p, None));
    }
}

/// Tries the order until its outcome is certain or the round is over, then
/// finishes the sheet (when there is one) and tells the viewer.
async fn send(shop: Rc<Shop>, ctx: Ctx, mut pending: Pending, resp: Option<PaymentResponse>) {
    let m = &shop.manifest;
    let Some(url) = shop.endpoint.clone() else {
        return;
    };
    let Some(key) = pending.attempt.key().map(str::to_owned) else {
        return;
    };
    let store_key = idempotency::storage_key(&shop.site, &m.video.id);
    let body = js_sys::JSON::stringify(&pending.request)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    say(ctx, "Placing your order…".into());
    let mut last: Option<Response> = None;
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
        sleep(delay.ms).await;
        let step = match post(&url, &key, &body).await {
            Ok(r) => {
                let retry_after = r.headers().get("Retry-After").ok().flatten();
                let retry_after = retry_after
                    .as_deref()
                    .and_then(idempotency::parse_retry_after);
                let s = pending.attempt.on_response(r.status(), retry_after);
                last = Some(r);
                s
            }
            Err(e) => {
                web_sys::console::warn_1(
                    &[
                        "shoppable: checkout try ",
                        delay.try_number.to_string().as_str(),
                        " failed: ",
                        crate::embed::describe(&e).as_str(),
                    ]
                    .concat()
                    .into(),
                );
                pending.attempt.on_network_error()
            }
        };
        if let Step::Done(o) = step {
            break o;
        }
    };
    session_set(&store_key, &pending);
    let answer = match last.as_ref() {
        Some(r) => json(r).await,
        None => None,
    };
    match outcome {
        Outcome::Confirmed => {
            // Read by hand rather than by serde: two fields, and no deserializer in the wasm for them.
            let conf = answer.and_then(|v| {
                Some((
                    str_field(&v, "order_id")?,
                    Reflect::get(&v, &"total".into()).ok()?.as_f64()? as i64,
                ))
            });
            if let Some(r) = &resp {
                complete(r, PaymentComplete::Success).await;
            }
            let Some((order_id, total)) = conf else {
                say(ctx, "Your order is placed.".into());
                return;
            };
            let lines = request_lines(&pending.request, m);
            shop.emit_purchase(&lines, &order_id);
            if pending.from_cart {
                ctx.cart.update(|c| c.clear());
                ctx.cart
                    .with_untracked(|c| crate::shop::persist(&shop.key, c));
            }
            let words = ["Your order ", order_id.as_str(), " is confirmed."].concat();
            ctx.order.try_set(Some((order_id, total)));
            ctx.message.try_set(None);
            if ctx.panel.get_untracked().is_some() {
                ctx.panel.try_set(Some(Panel::Confirmation));
            } else {
                ctx.notice.try_set(Some(words));
            }
        }
        Outcome::Failed(f) => {
            if let Some(r) = &resp {
                complete(r, PaymentComplete::Fail).await;
            }
            // A problem document's detail is plain words for the viewer; else its type's message.
            let words = match (f, answer) {
                (Failure::Rejected { .. }, Some(p)) => {
                    str_field(&p, "detail").unwrap_or_else(|| {
                        let kind =
                            str_field(&p, "type").and_then(|t| ProblemType::from_type_uri(&t));
                        kind.map(|k| k.viewer_message())
                            .unwrap_or(f.viewer_message())
                            .to_owned()
                    })
                }
                _ => f.viewer_message().to_owned(),
            };
            if !f.is_definitive() {
                *shop.pending.borrow_mut() = Some(pending);
                ctx.retry.try_set(true);
            }
            say(ctx, words);
        }
    }
}

async fn complete(resp: &PaymentResponse, how: PaymentComplete) {
    let _ = JsFuture::from(resp.complete_with_result(how)).await;
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
