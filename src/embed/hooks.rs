//! The host page's hooks (`Shoppable.attach(el, { hooks })`), shared by both
//! modules: the viewer asks `provideProducts` before the first tag shows; the
//! shop calls `onAddToCart` and `onCheckout` (`crate::pay`). A hook that
//! throws, rejects or takes longer than [`HOOK_TIMEOUT_MS`] is an error whose
//! cause goes to the console.

use crate::model::manifest::Manifest;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long a hook may take before the viewer is told it failed.
pub const HOOK_TIMEOUT_MS: i32 = 8_000;

/// The hooks object the host registered; only its functions are used.
#[derive(Clone)]
pub struct Hooks(pub JsValue);

impl Hooks {
    /// `Some` when `v` is an object with at least one hook: `onAddToCart`,
    /// `onCheckout` or `provideProducts` (alone, it gives live prices and
    /// stock while checkout stays the widget's).
    pub fn from_js(v: JsValue) -> Option<Hooks> {
        if !v.is_object() {
            return None;
        }
        let h = Hooks(v);
        (h.takes_checkout() || h.get("provideProducts").is_some()).then_some(h)
    }

    /// Whether the page takes the cart or the checkout (the "host" strategy).
    pub fn takes_checkout(&self) -> bool {
        self.get("onAddToCart").is_some() || self.get("onCheckout").is_some()
    }

    pub fn get(&self, name: &str) -> Option<Function> {
        Reflect::get(&self.0, &JsValue::from_str(name))
            .ok()?
            .dyn_into()
            .ok()
    }
}

/// Calls `hook(arg)` and waits at most [`HOOK_TIMEOUT_MS`]; `Err` carries
/// the cause for the console.
pub async fn call(f: Function, arg: JsValue) -> Result<JsValue, String> {
    let result = f
        .call1(&JsValue::NULL, &arg)
        .map_err(|e| ["threw ", crate::embed::describe(&e).as_str()].concat())?;
    let window = web_sys::window().ok_or("no window")?;
    let mut timer = 0;
    let timeout = Promise::new(&mut |resolve, _| {
        let marker = JsValue::from_str("__shoppable_timeout");
        let cb = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &marker);
        });
        timer = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.unchecked_ref(),
                HOOK_TIMEOUT_MS,
            )
            .unwrap_or(0);
    });
    let race = Promise::race(&Array::of2(&Promise::resolve(&result), &timeout));
    let out = JsFuture::from(race).await;
    window.clear_timeout_with_handle(timer);
    match out {
        Ok(v) if v.as_string().as_deref() == Some("__shoppable_timeout") => {
            Err("did not answer within 8 s".into())
        }
        Ok(v) => Ok(v),
        Err(e) => Err(["rejected: ", crate::embed::describe(&e).as_str()].concat()),
    }
}

/// `hooks.provideProducts(ids)`, when the page gave it: live prices and stock
/// that override the manifest's. It resolves to an array of
/// `{product_id, variant_id?, price?, available?}` (`price` in integer minor
/// units; without `variant_id`, every variant of the product). A hook that
/// fails or is late is logged and the manifest stands (`None`). The answer is
/// kept so the shop module applies the very same overrides ([`apply`]).
pub async fn provide(hooks: &Hooks, m: &Manifest) -> Option<Array> {
    let f = hooks.get("provideProducts")?;
    let ids: Array = m
        .products
        .iter()
        .map(|p| JsValue::from_str(&p.id))
        .collect();
    match call(f, ids.into()).await {
        Ok(v) if Array::is_array(&v) => Some(Array::from(&v)),
        Ok(_) => {
            web_sys::console::error_1(&"shoppable: hooks.provideProducts did not resolve to an array; the manifest's prices and stock stand".into());
            None
        }
        Err(cause) => {
            web_sys::console::error_1(
                &[
                    "shoppable: hooks.provideProducts ",
                    cause.as_str(),
                    "; the manifest's prices and stock stand",
                ]
                .concat()
                .into(),
            );
            None
        }
    }
}

/// Applies a `provideProducts` answer to `m`; entries naming no product of the
/// manifest, and prices that are not whole non-negative minor units, are ignored.
pub fn apply(answer: &Array, m: &mut Manifest) {
    for e in answer.iter() {
        let get = |k: &str| Reflect::get(&e, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let Some(pid) = get("product_id").as_string() else {
            continue;
        };
        let vid = get("variant_id").as_string();
        let price = get("price")
            .as_f64()
            .filter(|p| p.fract() == 0.0 && *p >= 0.0 && *p <= 9_007_199_254_740_991.0)
            .map(|p| p as i64);
        let available = get("available").as_bool();
        let Some(p) = m.products.iter_mut().find(|p| p.id == pid) else {
            continue;
        };
        for v in p
            .variants
            .iter_mut()
            .filter(|v| vid.as_deref().is_none_or(|id| id == v.id))
        {
            if let Some(price) = price {
                v.price = price;
                v.compare_at = v.compare_at.filter(|c| *c > price);
            }
            if let Some(a) = available {
                v.available = a;
            }
        }
    }
}
