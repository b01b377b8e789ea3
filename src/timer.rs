//! Timers that are cancelled when dropped (gloo-timers' pattern, hand-written
//! to keep the dependency out of the budgeted viewer builds): every timer the
//! viewer (its wake-ups), the iframe adapters (greeting and poll) and the live
//! card start is owned by them.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[must_use = "the timer is cancelled when this guard is dropped"]
pub struct Timer {
    id: i32,
    repeat: bool,
    _cb: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `f` once after `ms`.
    pub fn once(ms: u32, f: impl FnOnce() + 'static) -> Option<Timer> {
        let mut f = Some(f);
        Timer::start(ms, false, move || {
            if let Some(f) = f.take() {
                f();
            }
        })
    }

    /// Calls `f` every `ms`.
    #[cfg_attr(not(any(feature = "live", feature = "iframes")), allow(dead_code))]
    pub fn every(ms: u32, f: impl FnMut() + 'static) -> Option<Timer> {
        Timer::start(ms, true, f)
    }

    fn start(ms: u32, repeat: bool, f: impl FnMut() + 'static) -> Option<Timer> {
        let w = web_sys::window()?;
        let cb = Closure::<dyn FnMut()>::new(f);
        let func: &js_sys::Function = cb.as_ref().unchecked_ref();
        let ms = ms.min(i32::MAX as u32) as i32;
        let id = if repeat {
            w.set_interval_with_callback_and_timeout_and_arguments_0(func, ms)
        } else {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(func, ms)
        }
        .ok()?;
        Some(Timer {
            id,
            repeat,
            _cb: cb,
        })
    }
}

impl Timer {
    /// Cancels the timer while its guard lives on: a callback that ends its
    /// own timer cannot drop the guard (its closure would be freed while it
    /// runs), so it stops it and the owner drops the guard later.
    pub fn stop(&self) {
        if let Some(w) = web_sys::window() {
            if self.repeat {
                w.clear_interval_with_handle(self.id);
            } else {
                w.clear_timeout_with_handle(self.id);
            }
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.stop();
    }
}
