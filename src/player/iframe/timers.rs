//! The iframe adapter's two timers, each cancelled when its guard is dropped:
//! a `requestAnimationFrame` loop and a `setInterval`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A `requestAnimationFrame` loop, cancelled when dropped.
#[must_use = "the loop stops when this guard is dropped"]
pub struct RafLoop(Rc<RafInner>);

type RafCallback = Closure<dyn FnMut(f64)>;

struct RafInner {
    handle: Cell<Option<i32>>,
    closure: RefCell<Option<RafCallback>>,
    tick: RefCell<Box<dyn FnMut()>>,
}

impl RafLoop {
    pub fn start(tick: impl FnMut() + 'static) -> RafLoop {
        let inner = Rc::new(RafInner {
            handle: Cell::new(None),
            closure: RefCell::new(None),
            tick: RefCell::new(Box::new(tick)),
        });
        let weak = Rc::downgrade(&inner);
        let closure = Closure::<dyn FnMut(f64)>::new(move |_| {
            let Some(inner) = weak.upgrade() else { return };
            inner.handle.set(None);
            (inner.tick.borrow_mut())();
            inner.schedule();
        });
        *inner.closure.borrow_mut() = Some(closure);
        inner.schedule();
        RafLoop(inner)
    }
}

impl RafInner {
    fn schedule(&self) {
        let closure = self.closure.borrow();
        let Some(cb) = closure.as_ref() else { return };
        self.handle.set(
            web_sys::window()
                .and_then(|w| w.request_animation_frame(cb.as_ref().unchecked_ref()).ok()),
        );
    }
}

impl Drop for RafLoop {
    fn drop(&mut self) {
        if let (Some(h), Some(w)) = (self.0.handle.take(), web_sys::window()) {
            let _ = w.cancel_animation_frame(h);
        }
        self.0.closure.borrow_mut().take();
    }
}

/// A `setInterval` timer, cleared when dropped.
#[must_use = "the timer stops when this guard is dropped"]
pub struct Interval {
    id: i32,
    _cb: Closure<dyn FnMut()>,
}

impl Interval {
    pub fn start(ms: i32, f: impl FnMut() + 'static) -> Option<Interval> {
        let cb = Closure::<dyn FnMut()>::new(f);
        let id = web_sys::window()?
            .set_interval_with_callback_and_timeout_and_arguments_0(cb.as_ref().unchecked_ref(), ms)
            .ok()?;
        Some(Interval { id, _cb: cb })
    }

    /// Clears the timer while its guard lives on (for a callback that ends
    /// its own timer: a closure cannot be freed while it runs).
    pub fn stop(&self) {
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.id);
        }
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        self.stop();
    }
}
