//! How to reach an iframe player's document, and the rule for who may talk
//! to us (see the module comment of `iframe`), plus small readers for the
//! messages' fields.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The iframe and how to reach its document.
pub struct Link {
    iframe: Element,
    map_origin: fn(String) -> String,
}

impl Link {
    pub fn new(iframe: Element, map_origin: fn(String) -> String) -> Link {
        Link { iframe, map_origin }
    }

    pub fn iframe(&self) -> &Element {
        &self.iframe
    }

    /// The origin messages must come from and ours go to; `None` when the
    /// frame's document cannot be targeted (opaque origin).
    pub fn origin(&self) -> Option<String> {
        expected_origin(&self.iframe).map(|o| (self.map_origin)(o))
    }

    pub fn content_window(&self) -> Option<web_sys::Window> {
        let w = js_sys::Reflect::get(&self.iframe, &JsValue::from_str("contentWindow")).ok()?;
        if w.is_object() {
            Some(w.unchecked_into())
        } else {
            None
        }
    }

    /// Posts `msg` to the frame's document, targeted at its origin; nothing
    /// happens while the frame has no window or an opaque origin.
    pub fn post(&self, msg: &JsValue) {
        if let (Some(w), Some(origin)) = (self.content_window(), self.origin()) {
            let _ = w.post_message(msg, &origin);
        }
    }
}

/// The origin of the document the iframe's `src` (or `srcdoc`) loads; `None`
/// when it is opaque (sandboxed without `allow-same-origin`, `data:` URLs).
/// See the module comment for why each case is safe.
pub fn expected_origin(iframe: &Element) -> Option<String> {
    if let Some(sandbox) = iframe.get_attribute("sandbox") {
        if !sandbox
            .split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("allow-same-origin"))
        {
            return None;
        }
    }
    let own = || web_sys::window().and_then(|w| w.location().origin().ok());
    if iframe.has_attribute("srcdoc") {
        return own();
    }
    let src = iframe_src(iframe);
    if src.is_empty() || src == "about:blank" {
        return own();
    }
    let origin = web_sys::Url::new(&src).ok()?.origin();
    (origin != "null").then_some(origin)
}

/// The iframe's `src`, resolved against the document's base URL.
pub fn iframe_src(iframe: &Element) -> String {
    js_sys::Reflect::get(iframe, &JsValue::from_str("src"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Builds `{key: value, …}` for a message.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// `data[key]` (on objects only).
pub fn field(data: &JsValue, key: &str) -> JsValue {
    if data.is_object() {
        js_sys::Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// `data[key]` as a finite number.
pub fn number(data: &JsValue, key: &str) -> Option<f64> {
    field(data, key).as_f64().filter(|n| n.is_finite())
}

/// `data[key]` as a string.
pub fn string(data: &JsValue, key: &str) -> Option<String> {
    field(data, key).as_string()
}
