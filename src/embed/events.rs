//! DOM events the widget sends on the target element (`bubbles`, `composed`),
//! with GA4-style payloads. The payloads are `model::events`' structs (the
//! npm package's types are generated from them), turned into JS objects
//! here field by field: by hand, since the viewer's wasm has no serde (size).
//! Money in a payload is the exact decimal string (`"19.00"`) plus the
//! integer minor units, never a float.

use crate::model::cart::CartLine;
use crate::model::events::{CommerceDetail, Item, PurchaseDetail, ReadyDetail, VideoViewDetail};
use crate::model::manifest::Manifest;
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

/// `null` for `None`.
fn opt(s: Option<&str>) -> JsValue {
    s.map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

/// `{ message }` for `shoppable:error` (`model::events::ErrorDetail`).
pub fn error_detail(message: &str) -> Object {
    let o = Object::new();
    set(&o, "message", message);
    o
}

/// Detail for `shoppable:tag_view` / `shoppable:tag_click`.
pub fn tag_detail(m: &Manifest, tag: usize, video_time: f64) -> Object {
    commerce(&CommerceDetail::tag(m, tag, video_time))
}

/// Detail for `shoppable:product_view` (a product's sheet is shown), as
/// for a tag, with the tag that led to it (`tag_id` null when none did,
/// e.g. from "Shop this video").
pub fn product_detail(m: &Manifest, product: usize, tag: Option<usize>, video_time: f64) -> Object {
    commerce(&CommerceDetail::product(m, product, tag, video_time))
}

/// Detail for `shoppable:video_view` (the video first plays in this
/// mount): the video and the time it started from.
pub fn view_detail(m: &Manifest, video_time: f64) -> Object {
    let d = VideoViewDetail::new(m, video_time);
    let o = Object::new();
    set(&o, "video_id", d.video_id);
    set(&o, "tag_id", opt(d.tag_id));
    set(&o, "video_time", d.video_time);
    o
}

/// Detail for `shoppable:ready`.
pub fn ready_detail(m: &Manifest, warnings: &[String]) -> Object {
    let d = ReadyDetail::new(m, warnings);
    let o = Object::new();
    set(&o, "video_id", d.video_id);
    set(&o, "products", d.products);
    set(&o, "tags", d.tags);
    let w: Array = d.warnings.iter().map(|s| JsValue::from_str(s)).collect();
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
    commerce(&CommerceDetail::lines(m, lines, tag, video_time))
}

/// Detail for `shoppable:purchase`: [`commerce_detail`] with the order's id.
pub fn purchase_detail(d: &PurchaseDetail) -> Object {
    let o = commerce(&d.commerce);
    set(&o, "order_id", d.order_id);
    set(&o, "transaction_id", d.transaction_id);
    o
}

fn commerce(d: &CommerceDetail) -> Object {
    let o = Object::new();
    set(&o, "video_id", d.video_id);
    set(&o, "tag_id", opt(d.tag_id));
    set(&o, "video_time", d.video_time);
    set(&o, "currency", d.currency);
    set(&o, "value", d.value.as_str());
    set(&o, "value_minor", d.value_minor as f64);
    let items: Array = d.items.iter().map(|i| JsValue::from(item(i))).collect();
    set(&o, "items", items);
    o
}

fn item(i: &Item) -> Object {
    let o = Object::new();
    set(&o, "item_id", i.item_id);
    set(&o, "item_name", i.item_name);
    if let Some(b) = i.item_brand {
        set(&o, "item_brand", b);
    }
    if let Some(v) = i.item_variant {
        set(&o, "item_variant", v);
    }
    set(&o, "price", i.price.as_str());
    set(&o, "price_minor", i.price_minor as f64);
    set(&o, "quantity", i.quantity);
    o
}
