//! A switch for tests only: `window.__shoppableForceFallbacks = ["rvfc", …]`,
//! set by a test page before the widget mounts, makes the widget take its
//! fallback for each named feature even where the browser has it, so every
//! fallback is exercised in every engine the tests run in:
//!
//! - `"anchor"`: CSS anchor positioning → the overlay is placed at the
//!   video's offset, refreshed on layout changes (`embed::overlay_element`);
//! - `"rvfc"`: `requestVideoFrameCallback` → animation frames (`player::frame_loop`);
//! - `"payment"`: `PaymentRequest` → the next checkout strategy (`pay`);
//! - `"fullscreen"`: element fullscreen → no takeover; the video's own
//!   fullscreen is left alone (`embed::takeover`);
//! - `"adopted"`: constructable stylesheets → a `<style>` element (which a
//!   strict `style-src` blocks; only engines without them need it).
//!
//! It is read where each choice is made (mount, a frame loop's start, the
//! shop's start), never per frame, so it costs the viewer nothing measurable.
//! `"panic"` (also test-only) makes the viewer panic at the player's next
//! report, to test the panic hook's teardown.

use wasm_bindgen::JsValue;

/// Whether the page asked for `name`'s fallback (see the module docs).
pub fn fallback(name: &str) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let list = js_sys::Reflect::get(&w, &JsValue::from_str("__shoppableForceFallbacks"))
        .unwrap_or(JsValue::UNDEFINED);
    js_sys::Array::is_array(&list)
        && js_sys::Array::from(&list)
            .iter()
            .any(|v| v.as_string().as_deref() == Some(name))
}
