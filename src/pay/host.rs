//! The host strategy: the page's own cart, through the Promise-returning
//! hooks given to `Shoppable.attach(el, { hooks })`. A hook answers
//! `{ok: true}` or `{ok: false, reason}`; one that throws, rejects or takes
//! longer than [`HOOK_TIMEOUT_MS`] gives the viewer a plain message and logs
//! the cause.

use crate::embed::shop::Shop;
use crate::model::cart::CartLine;
use crate::model::manifest::Manifest;
use crate::model::money::decimal_string;
use crate::ui::Ctx;
use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long a hook may take before the viewer is told it failed.
pub const HOOK_TIMEOUT_MS: i32 = 8_000;

/// The hooks object the host registered; only its functions are used.
#[derive(Clone)]
pub struct Hooks(pub JsValue);

impl Hooks {
    /// `Some` when `v` is an object with at least `onAddToCart` or `onCheckout`.
    pub fn from_js(v: JsValue) -> Option<Hooks> {
        if !v.is_object() {
            return None;
        }
        let h = Hooks(v);
        (h.get("onAddToCart").is_some() || h.get("onCheckout").is_some()).then_some(h)
    }

    fn get(&self, name: &str) -> Option<Function> {
        Reflect::get(&self.0, &JsValue::from_str(name)).ok()?.dyn_into().ok()
    }
}

fn item(l: &CartLine, currency: &str) -> Object {
    let o = Object::new();
    let s = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    s("product_id", l.product_id.as_str().into());
    s("variant_id", l.variant_id.as_str().into());
    s("title", l.title.as_str().into());
    s("variant", l.variant_label.as_str().into());
    s("quantity", l.quantity.into());
    s("price", decimal_string(l.unit_price, currency).into());
    s("price_minor", (l.unit_price as f64).into());
    s("currency", currency.into());
    o
}

/// Calls `hook(arg)` and waits at most [`HOOK_TIMEOUT_MS`]; `Err` carries
/// the cause for the console.
async fn call(f: Function, arg: JsValue) -> Result<JsValue, String> {
    let result = f.call1(&JsValue::NULL, &arg).map_err(|e| ["threw ", crate::embed::describe(&e).as_str()].concat())?;
    let window = web_sys::window().ok_or("no window")?;
    let mut timer = 0;
    let timeout = Promise::new(&mut |resolve, _| {
        let marker = JsValue::from_str("__shoppable_timeout");
        let cb = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &marker);
        });
        timer = window.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), HOOK_TIMEOUT_MS).unwrap_or(0);
    });
    let race = Promise::race(&Array::of2(&Promise::resolve(&result), &timeout));
    let out = JsFuture::from(race).await;
    window.clear_timeout_with_handle(timer);
    match out {
        Ok(v) if v.as_string().as_deref() == Some("__shoppable_timeout") => Err("did not answer within 8 s".into()),
        Ok(v) => Ok(v),
        Err(e) => Err(["rejected: ", crate::embed::describe(&e).as_str()].concat()),
    }
}

/// The host's answer in words, or `None` for ok.
fn refusal(v: &JsValue) -> Option<String> {
    let ok = Reflect::get(v, &"ok".into()).ok().and_then(|o| o.as_bool());
    if ok != Some(false) {
        return None;
    }
    let reason = Reflect::get(v, &"reason".into()).ok().and_then(|r| r.as_string()).unwrap_or_default();
    Some(match reason.as_str() {
        "out_of_stock" => "Sorry, this item is out of stock.".to_owned(),
        "" => "The store could not add this item.".to_owned(),
        r => ["The store could not add this item: ", r.replace('_', " ").as_str(), "."].concat(),
    })
}

/// Calls hook `name`; `added` (the lines) is sent as `shoppable:add_to_cart`
/// once the host accepted them.
fn run(shop: Rc<Shop>, ctx: Ctx, name: &'static str, arg: JsValue, ok_msg: &'static str, added: Option<Vec<CartLine>>) {
    let Some(f) = shop.hooks.as_ref().and_then(|h| h.get(name)) else {
        ctx.message.set(Some("This store cannot take the item right now.".into()));
        return;
    };
    ctx.message.set(Some("One moment…".into()));
    wasm_bindgen_futures::spawn_local(async move {
        let msg = match call(f, arg).await {
            Ok(v) => refusal(&v).unwrap_or_else(|| {
                if let Some(lines) = &added {
                    shop.emit("shoppable:add_to_cart", lines);
                }
                ok_msg.to_owned()
            }),
            Err(cause) => {
                web_sys::console::error_1(&["shoppable: hooks.", name, " ", cause.as_str()].concat().into());
                "The store did not answer. Please try again.".to_owned()
            }
        };
        ctx.message.try_set(Some(msg));
    });
}

/// `hooks.onAddToCart(item)`.
pub fn host_add(shop: Rc<Shop>, ctx: Ctx, lines: Vec<CartLine>) {
    let Some(l) = lines.first() else { return };
    let arg = item(l, &shop.manifest.currency).into();
    run(shop, ctx, "onAddToCart", arg, "Added to the store's cart.", Some(lines));
}

/// `hooks.onCheckout({currency, value, value_minor, items})`.
pub fn host_checkout(shop: Rc<Shop>, ctx: Ctx, lines: Vec<CartLine>) {
    let cur = shop.manifest.currency.clone();
    let items: Array = lines.iter().map(|l| JsValue::from(item(l, &cur))).collect();
    let total = lines.iter().try_fold(0i64, |s, l| l.total().and_then(|t| s.checked_add(t))).unwrap_or(0);
    let o = Object::new();
    let _ = Reflect::set(&o, &"currency".into(), &cur.as_str().into());
    let _ = Reflect::set(&o, &"value".into(), &decimal_string(total, &cur).into());
    let _ = Reflect::set(&o, &"value_minor".into(), &(total as f64).into());
    let _ = Reflect::set(&o, &"items".into(), &items);
    run(shop, ctx, "onCheckout", o.into(), "Over to the store's checkout.", None);
}

/// `hooks.provideProducts(ids)`, when the page gave it: live prices and stock
/// that override the manifest's. It resolves to an array of
/// `{product_id, variant_id?, price?, available?}` (`price` in integer minor
/// units; without `variant_id`, every variant of the product). A hook that
/// fails or is late is logged and the manifest stands.
pub async fn provide(hooks: &Hooks, m: &mut Manifest) {
    let Some(f) = hooks.get("provideProducts") else { return };
    let ids: Array = m.products.iter().map(|p| JsValue::from_str(&p.id)).collect();
    let answer = match call(f, ids.into()).await {
        Ok(v) if Array::is_array(&v) => Array::from(&v),
        Ok(_) => return web_sys::console::error_1(&"shoppable: hooks.provideProducts did not resolve to an array; the manifest's prices and stock stand".into()),
        Err(cause) => return web_sys::console::error_1(&["shoppable: hooks.provideProducts ", cause.as_str(), "; the manifest's prices and stock stand"].concat().into()),
    };
    for e in answer.iter() {
        let get = |k: &str| Reflect::get(&e, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let Some(pid) = get("product_id").as_string() else { continue };
        let vid = get("variant_id").as_string();
        let price = get("price").as_f64().filter(|p| p.fract() == 0.0 && *p >= 0.0 && *p <= 9_007_199_254_740_991.0).map(|p| p as i64);
        let available = get("available").as_bool();
        let Some(p) = m.products.iter_mut().find(|p| p.id == pid) else { continue };
        for v in p.variants.iter_mut().filter(|v| vid.as_deref().is_none_or(|id| id == v.id)) {
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
