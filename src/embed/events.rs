//! DOM events the widget sends on the target element (`bubbles`, `composed`),
//! with GA4-style payloads. Money in a payload is the exact decimal string
//! (`"19.00"`) plus the integer minor units, never a float.

use crate::model::cart::CartLine;
use crate::model::manifest::Manifest;
use crate::model::money::decimal_string;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

pub fn emit(target: &EventTarget, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(ev) = CustomEvent::new_with_event_init_dict(name, &init) {
        // A host listener that throws is reported by the browser, not to us.
        let _ = target.dispatch_event(&ev);
    }
}

pub fn set(obj: &Object, key: &str, value: impl Into<JsValue>) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), &value.into());
}

/// `{ message }` for `shoppable:error`.
pub fn error_detail(message: &str) -> Object {
    let o = Object::new();
    set(&o, "message", message);
    o
}

/// Detail for `shoppable:tag_view` / `shoppable:tag_click`.
pub fn tag_detail(m: &Manifest, tag: usize, video_time: f64) -> Object {
    let t = &m.tags[tag];
    one_product(m, t.product, JsValue::from_str(&t.id), video_time)
}

/// Detail for `shoppable:product_view` (a product's sheet is shown), as
/// for a tag, with the tag that led to it (`tag_id` null when none did,
/// e.g. from "Shop this video").
pub fn product_detail(m: &Manifest, product: usize, tag: Option<usize>, video_time: f64) -> Object {
    let tag_id = tag
        .and_then(|t| m.tags.get(t))
        .map(|t| JsValue::from_str(&t.id))
        .unwrap_or(JsValue::NULL);
    one_product(m, product, tag_id, video_time)
}

/// One product as one GA4 item at its base price, and its value.
fn one_product(m: &Manifest, product: usize, tag_id: JsValue, video_time: f64) -> Object {
    let p = &m.products[product];
    let item = Object::new();
    set(&item, "item_id", p.id.as_str());
    set(&item, "item_name", p.title.as_str());
    if let Some(b) = &p.brand {
        set(&item, "item_brand", b.as_str());
    }
    set(&item, "price", decimal_string(p.price, &m.currency));
    set(&item, "price_minor", p.price as f64);
    set(&item, "quantity", 1);
    let o = Object::new();
    set(&o, "video_id", m.video.id.as_str());
    set(&o, "tag_id", tag_id);
    set(&o, "video_time", video_time);
    set(&o, "currency", m.currency.as_str());
    set(&o, "value", decimal_string(p.price, &m.currency));
    set(&o, "value_minor", p.price as f64);
    set(&o, "items", Array::of1(&item));
    o
}

/// Detail for `shoppable:video_view` (the video first plays in this
/// mount): the video and the time it started from.
pub fn view_detail(m: &Manifest, video_time: f64) -> Object {
    let o = Object::new();
    set(&o, "video_id", m.video.id.as_str());
    set(&o, "tag_id", JsValue::NULL);
    set(&o, "video_time", video_time);
    o
}

/// Detail for `shoppable:ready`.
pub fn ready_detail(m: &Manifest, warnings: &[String]) -> Object {
    let o = Object::new();
    set(&o, "video_id", m.video.id.as_str());
    set(&o, "products", m.products.len() as u32);
    set(&o, "tags", m.tags.len() as u32);
    let w: Array = warnings.iter().map(|s| JsValue::from_str(s)).collect();
    set(&o, "warnings", w);
    o
}

/// Detail for `shoppable:add_to_cart`, `shoppable:begin_checkout` and
/// `shoppable:purchase`: the lines as GA4 items, their value, and the tag and
/// video time that led to them (`tag_id` is null when no tag was tapped).
pub fn commerce_detail(
    m: &Manifest,
    lines: &[CartLine],
    tag: Option<usize>,
    video_time: f64,
) -> Object {
    let items: Array = lines
        .iter()
        .map(|l| {
            let item = Object::new();
            set(&item, "item_id", l.product_id.as_str());
            set(&item, "item_name", l.title.as_str());
            if let Some(b) = m.product(&l.product_id).and_then(|p| p.brand.as_deref()) {
                set(&item, "item_brand", b);
            }
            set(&item, "item_variant", l.variant_id.as_str());
            set(&item, "price", decimal_string(l.unit_price, &m.currency));
            set(&item, "price_minor", l.unit_price as f64);
            set(&item, "quantity", l.quantity);
            JsValue::from(item)
        })
        .collect();
    let value = crate::model::cart::lines_total(lines).unwrap_or(0);
    let o = Object::new();
    set(&o, "video_id", m.video.id.as_str());
    set(
        &o,
        "tag_id",
        tag.and_then(|t| m.tags.get(t))
            .map(|t| JsValue::from_str(&t.id))
            .unwrap_or(JsValue::NULL),
    );
    set(&o, "video_time", video_time);
    set(&o, "currency", m.currency.as_str());
    set(&o, "value", decimal_string(value, &m.currency));
    set(&o, "value_minor", value as f64);
    set(&o, "items", items);
    o
}
