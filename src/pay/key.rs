//! The `Idempotency-Key` of one Buy tap.

use crate::model::idempotency;
use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A fresh `Idempotency-Key`: `crypto.randomUUID()` where it exists (secure
/// contexts only); else a v4 UUID over `crypto.getRandomValues()`; on a page
/// with no `crypto` at all, over `Math.random()` and the clocks
/// (`model::idempotency::fallback_bytes` says why that is random enough).
/// Looked up with `Reflect` so a missing member never throws into the wasm.
pub fn new_key() -> String {
    let method = |o: &JsValue, k: &str| {
        Reflect::get(o, &JsValue::from_str(k))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    };
    let crypto = web_sys::window()
        .and_then(|w| Reflect::get(&w, &"crypto".into()).ok())
        .filter(|c| c.is_object());
    if let Some(c) = &crypto {
        let uuid = method(c, "randomUUID").and_then(|f| f.call0(c).ok()?.as_string());
        if let Some(k) = uuid.filter(|k| idempotency::is_uuid(k)) {
            return k;
        }
        if let Some(f) = method(c, "getRandomValues") {
            let buf = js_sys::Uint8Array::new_with_length(16);
            if f.call1(c, &buf).is_ok() {
                let mut bytes = [0u8; 16];
                buf.copy_to(&mut bytes);
                if bytes != [0; 16] {
                    return idempotency::uuid_v4(bytes);
                }
            }
        }
    }
    let draws: [f64; 16] = core::array::from_fn(|_| js_sys::Math::random());
    let tick = web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now() * 1_000.0);
    idempotency::uuid_v4(idempotency::fallback_bytes(
        draws,
        js_sys::Date::now() as u64,
        tick as u64,
    ))
}
