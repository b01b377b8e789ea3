//! The host strategy: the page's own cart, through the Promise-returning
//! hooks given to `Shoppable.attach(el, { hooks })` (`crate::embed::hooks`).
//! A hook answers `{ok: true}` or `{ok: false, reason}`; one that throws,
//! rejects or is late gives the viewer a plain message and logs the cause.

use crate::embed::hooks::call;
use crate::model::cart::CartLine;
use crate::model::money::decimal_string;
use crate::shop::Shop;
use crate::ui::Ctx;
use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use std::rc::Rc;
use wasm_bindgen::JsValue;

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

/// The host's answer in words, or `None` for ok.
fn refusal(v: &JsValue) -> Option<String> {
    let ok = Reflect::get(v, &"ok".into()).ok().and_then(|o| o.as_bool());
    if ok != Some(false) {
        return None;
    }
    let reason = Reflect::get(v, &"reason".into())
        .ok()
        .and_then(|r| r.as_string())
        .unwrap_or_default();
    Some(match reason.as_str() {
        "out_of_stock" => "Sorry, this item is out of stock.".to_owned(),
        "" => "The store could not add this item.".to_owned(),
        r => [
            "The store could not add this item: ",
            r.replace('_', " ").as_str(),
            ".",
        ]
        .concat(),
    })
}

/// Calls hook `name`; `added` (the lines) is sent as `shoppable:add_to_cart`
/// once the host accepted them.
fn run(
    shop: Rc<Shop>,
    ctx: Ctx,
    name: &'static str,
    arg: JsValue,
    ok_msg: &'static str,
    added: Option<Vec<CartLine>>,
) {
    let Some(f) = shop.hooks.as_ref().and_then(|h| h.get(name)) else {
        ctx.message
            .set(Some("This store cannot take the item right now.".into()));
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
                web_sys::console::error_1(
                    &["shoppable: hooks.", name, " ", cause.as_str()]
                        .concat()
                        .into(),
                );
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
    run(
        shop,
        ctx,
        "onAddToCart",
        arg,
        "Added to the store's cart.",
        Some(lines),
    );
}

/// `hooks.onCheckout({currency, value, value_minor, items})`.
pub fn host_checkout(shop: Rc<Shop>, ctx: Ctx, lines: Vec<CartLine>) {
    let cur = shop.manifest.currency.clone();
    let items: Array = lines.iter().map(|l| JsValue::from(item(l, &cur))).collect();
    let total = crate::model::cart::lines_total(&lines).unwrap_or(0);
    let o = Object::new();
    let _ = Reflect::set(&o, &"currency".into(), &cur.as_str().into());
    let _ = Reflect::set(&o, &"value".into(), &decimal_string(total, &cur).into());
    let _ = Reflect::set(&o, &"value_minor".into(), &(total as f64).into());
    let _ = Reflect::set(&o, &"items".into(), &items);
    run(
        shop,
        ctx,
        "onCheckout",
        o.into(),
        "Over to the store's checkout.",
        None,
    );
}
