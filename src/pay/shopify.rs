//! The shopify strategy (`checkout.strategy: "shopify"`, README "Shopify"):
//! the theme's own cart on a Shopify storefront, with no code from the
//! merchant. Adds go through `Shopify.actions.updateCart` where the theme
//! configured it (`isDefault()` is false), since the default one reloads
//! the page on themes Shopify does not recognise and would stop the video;
//! otherwise through the Ajax Cart API (`POST /cart/add.js`). Cart
//! attributes (`_shoppable_video`, `_shoppable_tag`) go with every add
//! through `POST /cart/update.js`, the one documented way on both paths
//! (`updateCart` takes lines, note and discount codes, no attributes), so
//! attribution reaches Shopify's checkout, which the widget never sees.
//! Live prices come from `/products/<handle>.js`, the currency from
//! `/cart.js`. URLs start at `Shopify.routes.root` (locale-aware stores).
//!
//! Like the rest of `pay`, this decides and reports ([`AddAnswer`],
//! [`Checkout`], live variants); the shop applies it to the view.

use super::http::{get_json, post_json, Answer};
use crate::embed::hooks::call;
use crate::model::shopify::{
    actions_answer, ajax_answer, merchandise_id, AddAnswer, Added, LiveVariant, Problem, ATTR_TAG,
    ATTR_VIDEO,
};
use crate::model::store_cart::no_answer;
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// How long a storefront request may take before the viewer is told.
const TIMEOUT_MS: u64 = 10_000;

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// `window.Shopify` on a Shopify storefront: Shopify's storefront script
/// sets `Shopify.shop` (the `*.myshopify.com` domain) on every Liquid page.
fn shopify() -> Option<JsValue> {
    let w: JsValue = web_sys::window()?.into();
    let s = get(&w, "Shopify");
    get(&s, "shop").is_string().then_some(s)
}

/// Whether this page is a Shopify storefront (for `auto`).
pub fn detected() -> bool {
    shopify().is_some()
}

/// `Shopify.routes.root` ("/" or a locale's "/fr/"), ending in "/".
fn root() -> String {
    let r = shopify()
        .map(|s| get(&get(&s, "routes"), "root"))
        .and_then(|r| r.as_string())
        .filter(|r| r.starts_with('/'))
        .unwrap_or_else(|| "/".into());
    if r.ends_with('/') {
        r
    } else {
        r + "/"
    }
}

/// `Shopify.actions[name]`, bound to `Shopify.actions`, when the theme
/// configured it (`isDefault()` answers false).
fn configured(name: &str) -> Option<Function> {
    let actions = get(&shopify()?, "actions");
    let f: Function = get(&actions, name).dyn_into().ok()?;
    let is_default: Function = get(&f, "isDefault").dyn_into().ok()?;
    let answer = is_default.call0(&f).ok()?;
    (answer.as_bool() == Some(false)).then(|| f.bind0(&actions))
}

/// Whether checkout will open the theme's cart in the page (so the sheet
/// should make way for it) rather than leave for `/checkout`.
pub fn opens_cart() -> bool {
    configured("openCart").is_some()
}

/// `userErrors` or `warnings` of `updateCart`'s answer.
fn problems(v: &JsValue, key: &str) -> Vec<Problem> {
    let list = get(v, key);
    if !Array::is_array(&list) {
        return Vec::new();
    }
    Array::from(&list)
        .iter()
        .map(|p| Problem {
            code: get(&p, "code").as_string().unwrap_or_default(),
            message: get(&p, "message").as_string().unwrap_or_default(),
        })
        .collect()
}

fn log(what: &str, cause: &str) {
    web_sys::console::error_1(&["shoppable: Shopify ", what, " ", cause].concat().into());
}

/// Adds `quantity` of Shopify variant `variant_id` to the store's cart and,
/// when anything was added, sets the cart attributes to `video` and `tag`.
pub async fn add(variant_id: &str, quantity: u32, video: &str, tag: &str) -> AddAnswer {
    let answer = match configured("updateCart") {
        Some(update) => {
            let line = Object::new();
            let _ = Reflect::set(
                &line,
                &"merchandiseId".into(),
                &merchandise_id(variant_id).into(),
            );
            let _ = Reflect::set(&line, &"quantity".into(), &quantity.into());
            let payload = Object::new();
            let _ = Reflect::set(&payload, &"lines".into(), &Array::of1(&line));
            match call(update, payload.into()).await {
                Ok(v) => actions_answer(
                    &problems(&v, "userErrors"),
                    &problems(&v, "warnings"),
                    quantity,
                ),
                Err(cause) => {
                    log("updateCart", &cause);
                    no_answer()
                }
            }
        }
        None => {
            // The id goes as a JSON number, as the Ajax API documents it;
            // it is digits only (`model::shopify::is_variant_id`).
            let body = [
                "{\"items\":[{\"id\":",
                variant_id,
                ",\"quantity\":",
                quantity.to_string().as_str(),
                "}]}",
            ]
            .concat();
            match post_json(
                &[root().as_str(), "cart/add.js"].concat(),
                &[],
                &body,
                TIMEOUT_MS,
            )
            .await
            {
                Ok(Answer { status, json, .. }) => {
                    let description = json
                        .as_ref()
                        .and_then(|j| get(j, "description").as_string());
                    ajax_answer(status, description.as_deref(), quantity)
                }
                Err(_) => {
                    log("cart/add.js", "did not answer");
                    no_answer()
                }
            }
        }
    };
    if answer.added != Added::None {
        attribute(video, tag).await;
    }
    answer
}

/// Sets the cart attributes naming the video and tag. A failure costs only
/// the attribution, so it is logged and the add stands.
async fn attribute(video: &str, tag: &str) {
    let attrs = Object::new();
    let _ = Reflect::set(&attrs, &ATTR_VIDEO.into(), &video.into());
    let _ = Reflect::set(&attrs, &ATTR_TAG.into(), &tag.into());
    let body = Object::new();
    let _ = Reflect::set(&body, &"attributes".into(), &attrs);
    let Some(text) = js_sys::JSON::stringify(&body)
        .ok()
        .and_then(|s| s.as_string())
    else {
        return;
    };
    let url = [root().as_str(), "cart/update.js"].concat();
    match post_json(&url, &[], &text, TIMEOUT_MS).await {
        Ok(a) if (200..300).contains(&a.status) => {}
        _ => log("cart/update.js", "did not take the cart attributes"),
    }
}

/// What checkout did.
pub enum Checkout {
    /// The theme's cart is open in the page (`Shopify.actions.openCart()`).
    CartOpened,
    /// The page is on its way to `/checkout`.
    Leaving,
}

/// Opens the theme's cart where it configured `openCart`, else goes to the
/// store's checkout (also when `openCart` fails).
pub async fn checkout() -> Checkout {
    if let Some(open) = configured("openCart") {
        match call(open, JsValue::UNDEFINED).await {
            Ok(_) => return Checkout::CartOpened,
            Err(cause) => log("openCart", &cause),
        }
    }
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(&[root().as_str(), "checkout"].concat());
    }
    Checkout::Leaving
}

/// `/products/<handle>.js`'s variants: prices in integer minor units.
/// `None` when the store did not answer with a product.
pub async fn live(handle: &str) -> Option<Vec<LiveVariant>> {
    let url = [root().as_str(), "products/", handle, ".js"].concat();
    let json = match get_json(&url, TIMEOUT_MS).await {
        Ok(Answer {
            status: 200,
            json: Some(j),
            ..
        }) => j,
        _ => {
            log(
                &url,
                "did not answer with the product; the manifest's prices stand",
            );
            return None;
        }
    };
    let vs = get(&json, "variants");
    if !Array::is_array(&vs) {
        return None;
    }
    let cents = |v: &JsValue| {
        v.as_f64()
            .filter(|p| p.fract() == 0.0 && *p >= 0.0 && *p <= 9_007_199_254_740_991.0)
            .map(|p| p as i64)
    };
    Some(
        Array::from(&vs)
            .iter()
            .filter_map(|v| {
                let id = get(&v, "id");
                let id = id
                    .as_string()
                    .or_else(|| cents(&id).map(|n| n.to_string()))?;
                Some(LiveVariant {
                    id,
                    price: cents(&get(&v, "price"))?,
                    compare_at: cents(&get(&v, "compare_at_price")),
                    available: get(&v, "available").as_bool().unwrap_or(false),
                })
            })
            .collect(),
    )
}

/// The cart's currency (`/cart.js`): product payloads carry none.
pub async fn currency() -> Option<String> {
    match get_json(&[root().as_str(), "cart.js"].concat(), TIMEOUT_MS).await {
        Ok(Answer {
            status: 200,
            json: Some(j),
            ..
        }) => get(&j, "currency").as_string(),
        _ => None,
    }
}
