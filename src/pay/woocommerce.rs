//! The woocommerce strategy (`checkout.strategy: "woocommerce"`, README
//! "WooCommerce and BigCommerce"): the shop's own cart through WooCommerce's
//! Store API, on the shop's own pages (same origin, so the shop's cookie
//! session comes with every request and the theme shows the same cart).
//! Writes carry the `Nonce` header: fetched from `GET …/cart`, refreshed
//! from every answer's `Nonce` header, and fetched again once when a write
//! is refused for its nonce. `Cart-Token` is never sent: it would start a
//! cart of its own that the theme never shows. Live prices come from
//! `GET …/products/<id>`. WooCommerce core has no way to attach the video
//! and tag to the cart (`cart/extensions` takes only what an extension
//! registered), so no attribution is sent.
//!
//! Like the rest of `pay`, this decides and reports; the shop applies it.

use super::http::{get_json, post_json, Answer};
use crate::model::store_cart::{no_answer, AddAnswer, LiveVariant};
use crate::model::woocommerce::{add_answer, is_nonce_error, price_minor, STORE_API};
use js_sys::{Array, Reflect};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

const TIMEOUT_MS: u64 = 10_000;

thread_local! {
    /// The newest `Nonce` the store sent; one per page, like its session.
    static NONCE: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// The Store API's URL for `path`, from the site's root (`wcSettings` and
/// `wpApiSettings` are theme-dependent, so the root is the origin's).
fn url(path: &str) -> String {
    ["/", STORE_API, path].concat()
}

fn log(what: &str, cause: &str) {
    web_sys::console::error_1(
        &["shoppable: WooCommerce ", what, " ", cause]
            .concat()
            .into(),
    );
}

fn keep_nonce(a: &Answer) {
    if let Some(n) = a.nonce.as_ref().filter(|n| !n.is_empty()) {
        NONCE.with(|s| *s.borrow_mut() = Some(n.clone()));
    }
}

/// `item`'s quantity in a cart body (`items[]` of `{ id, quantity }`).
fn quantity_in(cart: &JsValue, item: &str) -> u32 {
    let items = get(cart, "items");
    if !Array::is_array(&items) {
        return 0;
    }
    Array::from(&items)
        .iter()
        .filter(|l| {
            let id = get(l, "id");
            id.as_f64()
                .map(|n| n.to_string())
                .or_else(|| id.as_string())
                == Some(item.to_owned())
        })
        .filter_map(|l| get(&l, "quantity").as_f64())
        .map(|q| q as u32)
        .sum()
}

/// `GET …/cart`: refreshes the nonce; the cart's body.
async fn cart() -> Option<JsValue> {
    match get_json(&url("cart"), TIMEOUT_MS).await {
        Ok(a) => {
            keep_nonce(&a);
            a.json.filter(|_| a.status == 200)
        }
        Err(_) => None,
    }
}

/// `POST …/cart/add-item` with the current nonce.
async fn post_add(body: &str) -> Option<Answer> {
    let nonce = NONCE.with(|s| s.borrow().clone()).unwrap_or_default();
    let a = post_json(
        &url("cart/add-item"),
        &[("Nonce", &nonce)],
        body,
        TIMEOUT_MS,
    )
    .await
    .ok()?;
    keep_nonce(&a);
    Some(a)
}

fn code_of(a: &Answer) -> String {
    a.json
        .as_ref()
        .and_then(|j| get(j, "code").as_string())
        .unwrap_or_default()
}

/// Adds `quantity` of `item` (a product's or variation's id) to the
/// shop's cart.
pub async fn add(item: &str, quantity: u32) -> AddAnswer {
    // The cart before: the nonce, and the line's quantity to compare with.
    let before = cart().await;
    let before_n = before.as_ref().map_or(0, |c| quantity_in(c, item));
    // The id goes as a JSON number, as the Store API documents it; it is
    // digits only (`manifest/carts.rs`).
    let body = [
        "{\"id\":",
        item,
        ",\"quantity\":",
        quantity.to_string().as_str(),
        "}",
    ]
    .concat();
    let Some(mut a) = post_add(&body).await else {
        log("cart/add-item", "did not answer");
        return no_answer();
    };
    if is_nonce_error(&code_of(&a)) {
        // Expired or missing: fetch it again and try this request once more.
        cart().await;
        match post_add(&body).await {
            Some(again) => a = again,
            None => return no_answer(),
        }
    }
    let json = a.json.as_ref();
    let message = json.and_then(|j| get(j, "message").as_string());
    let after = json
        .filter(|_| (200..300).contains(&a.status))
        .map(|j| quantity_in(j, item));
    add_answer(
        a.status,
        &code_of(&a),
        message.as_deref(),
        quantity,
        before_n,
        after,
    )
}

/// Goes to the shop's checkout page.
pub fn checkout() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign("/checkout/");
    }
}

/// `GET …/products/<id>`: the live figures of `id` (a product or a
/// variation), and the store's currency; `None` when the store did not
/// answer with it.
pub async fn live(id: &str) -> Option<(LiveVariant, String)> {
    let answer = get_json(&url(&["products/", id].concat()), TIMEOUT_MS).await;
    let Ok(Answer {
        status: 200,
        json: Some(j),
        ..
    }) = answer
    else {
        log(
            id,
            "did not answer with the product; the manifest's prices stand",
        );
        return None;
    };
    let prices = get(&j, "prices");
    let currency = get(&prices, "currency_code").as_string()?;
    let unit = get(&prices, "currency_minor_unit").as_f64()? as u32;
    let price = |k: &str| price_minor(&get(&prices, k).as_string()?, unit, &currency);
    let now = price("price")?;
    let regular = price("regular_price").filter(|r| *r > now);
    Some((
        LiveVariant {
            id: id.to_owned(),
            price: now,
            compare_at: regular,
            available: get(&j, "is_in_stock").as_bool().unwrap_or(false)
                && get(&j, "is_purchasable").as_bool() != Some(false),
        },
        currency,
    ))
}
