//! The bigcommerce strategy (`checkout.strategy: "bigcommerce"`, README
//! "WooCommerce and BigCommerce"): the store's own cart on a BigCommerce
//! storefront's pages, through its add-to-cart URL
//! (`/cart.php?action=add&sku=…&qty=…`, "Add to Cart URLs"). The URL is
//! fetched in the page (same origin, the shopper's cookies with it) rather
//! than navigated to, which would leave the page and stop the video; its
//! answer is the cart page, HTML with no verdict, so what went in is read
//! from the Storefront Cart API (`GET /api/storefront/carts`) before and
//! after. The `source` parameter (BigCommerce's, "source of the sale for
//! analytics") names the video and tag. Checkout goes to `/cart.php`, the
//! theme's cart page. No live prices: the catalogue's prices are not
//! readable without a Storefront API token.

use super::http::get_json;
use crate::model::bigcommerce::{add_answer, add_path};
use crate::model::store_cart::{no_answer, unsure, AddAnswer};
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

const TIMEOUT_MS: u64 = 10_000;

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// How many of `sku` the shopper's cart holds (`None` when the cart could
/// not be read). The answer is a list of carts (none, or the session's).
async fn in_cart(sku: &str) -> Option<u32> {
    let a = get_json("/api/storefront/carts", TIMEOUT_MS).await.ok()?;
    let carts = a.json.filter(|_| a.status == 200)?;
    if !Array::is_array(&carts) {
        return None;
    }
    let mut n = 0;
    for c in Array::from(&carts).iter() {
        let items = get(&c, "lineItems");
        for kind in ["physicalItems", "digitalItems"] {
            let list = get(&items, kind);
            if !Array::is_array(&list) {
                continue;
            }
            for l in Array::from(&list).iter() {
                if get(&l, "sku").as_string().as_deref() == Some(sku) {
                    n += get(&l, "quantity").as_f64().unwrap_or(0.0) as u32;
                }
            }
        }
    }
    Some(n)
}

/// Adds `quantity` of `sku` to the store's cart, the video and tag as its
/// source.
pub async fn add(sku: &str, quantity: u32, video: &str, tag: &str) -> AddAnswer {
    let Some(before) = in_cart(sku).await else {
        return no_answer();
    };
    let path = ["/", add_path(sku, quantity, video, tag).as_str()].concat();
    if get_json(&path, TIMEOUT_MS).await.is_err() {
        web_sys::console::error_1(&"shoppable: BigCommerce cart.php did not answer".into());
        return no_answer();
    }
    match in_cart(sku).await {
        Some(after) => add_answer(before, after, quantity),
        None => unsure(),
    }
}

/// Goes to the store's cart page, where its checkout starts.
pub fn checkout() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign("/cart.php");
    }
}
