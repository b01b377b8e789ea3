//! How to reach an iframe player's document, and who may talk to us (the
//! rule is in the module comment of `iframe`, the origins' logic in
//! `model::frame_origin`), plus small readers for the messages' fields.

use crate::model::frame_origin::{reply_origins, OriginLock};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The iframe, the vendor's hosts, and the origin its player answered from.
pub struct Link {
    iframe: Element,
    vendor_hosts: &'static [&'static str],
    lock: RefCell<OriginLock>,
}

impl Link {
    pub fn new(iframe: Element, vendor_hosts: &'static [&'static str]) -> Link {
        Link {
            iframe,
            vendor_hosts,
            lock: RefCell::new(OriginLock::default()),
        }
    }

    pub fn iframe(&self) -> &Element {
        &self.iframe
    }

    /// The origins the frame's player may answer from now ([`reply_origins_of`]);
    /// `None` when its document cannot be told apart (opaque origin).
    pub fn candidates(&self) -> Option<Vec<String>> {
        reply_origins_of(&self.iframe, self.vendor_hosts)
    }

    /// Whether a message from `origin` (already from the frame's window) is
    /// the player's; the first origin admitted is the only one until the
    /// frame loads another document ([`Link::unlock`]).
    pub fn admits(&self, origin: &str) -> bool {
        let Some(candidates) = self.candidates() else {
            return false;
        };
        self.lock.borrow_mut().admit(origin, &candidates)
    }

    /// The origin the player answered from, once it has.
    pub fn locked(&self) -> Option<String> {
        self.lock.borrow().locked().map(str::to_owned)
    }

    /// The frame holds a new document: its origin is learnt again.
    pub fn unlock(&self) {
        self.lock.borrow_mut().clear();
    }

    pub fn content_window(&self) -> Option<web_sys::Window> {
        let w = js_sys::Reflect::get(&self.iframe, &JsValue::from_str("contentWindow")).ok()?;
        if w.is_object() {
            Some(w.unchecked_into())
        } else {
            None
        }
    }

    /// Posts `msg` to the frame's document: to the locked origin, or, until
    /// the player has answered, to each candidate (every post names one
    /// origin, never `"*"`; the browser delivers only the one that matches).
    /// Nothing happens while the frame has no window or an opaque origin.
    pub fn post(&self, msg: &JsValue) {
        let (Some(w), Some(candidates)) = (self.content_window(), self.candidates()) else {
            return;
        };
        for origin in self.lock.borrow().targets(candidates) {
            let _ = w.post_message(msg, &origin);
        }
    }
}

/// The origins the player in `iframe` may answer from: for a `src` on one of
/// `vendor_hosts`, that host over `https:` and then the vendor's other hosts;
/// else the origin [`expected_origin`] gives. `None` when opaque.
pub fn reply_origins_of(iframe: &Element, vendor_hosts: &[&str]) -> Option<Vec<String>> {
    expected_origin(iframe).map(|o| reply_origins(&o, vendor_hosts))
}

/// The origin of the document the iframe's `src` (or `srcdoc`) loads, as
/// written (no vendor upgrade: see [`reply_origins_of`]); `None` when it is
/// opaque (sandboxed without `allow-same-origin`, `data:` URLs). See the
/// module comment of `iframe` for why each case is safe.
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
