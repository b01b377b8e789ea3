//! A per-frame callback that is cancelled when dropped.
//!
//! It prefers `requestVideoFrameCallback`, which fires once per *presented
//! video frame* with that frame's media time, so tags move in step with the
//! picture; where it is missing it falls back to `requestAnimationFrame`.
//! web-sys has no binding for the former, hence the small extern block.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(extends = Element)]
    type VideoFrameApi;
    #[wasm_bindgen(method, js_name = requestVideoFrameCallback)]
    fn request_video_frame_callback(this: &VideoFrameApi, cb: &js_sys::Function) -> u32;
    #[wasm_bindgen(method, js_name = cancelVideoFrameCallback)]
    fn cancel_video_frame_callback(this: &VideoFrameApi, handle: u32);
}

type Tick = Box<dyn FnMut(Option<f64>)>;
/// The frame callback: (timestamp, video frame metadata).
type Callback = Closure<dyn FnMut(JsValue, JsValue)>;

struct Inner {
    video: Element,
    use_rvfc: bool,
    handle: Cell<Option<u32>>,
    closure: RefCell<Option<Callback>>,
    tick: RefCell<Tick>,
}

/// Calls `tick` once per frame (with the frame's media time when the browser
/// gives it) until dropped. `video` is usually a `<video>`; any element works
/// (custom media elements, a host-driven player's box), and one without
/// `requestVideoFrameCallback` ticks on animation frames with no media time.
#[must_use = "the loop stops when this guard is dropped"]
pub struct FrameLoop(Rc<Inner>);

impl FrameLoop {
    pub fn start(video: &Element, tick: impl FnMut(Option<f64>) + 'static) -> FrameLoop {
        let use_rvfc = js_sys::Reflect::has(video, &JsValue::from_str("requestVideoFrameCallback"))
            .unwrap_or(false)
            && !crate::embed::force::fallback("rvfc");
        let inner = Rc::new(Inner {
            video: video.clone(),
            use_rvfc,
            handle: Cell::new(None),
            closure: RefCell::new(None),
            tick: RefCell::new(Box::new(tick)),
        });
        // The closure holds only a weak reference, so dropping the guard frees it.
        let weak = Rc::downgrade(&inner);
        let closure =
            Closure::<dyn FnMut(JsValue, JsValue)>::new(move |_now: JsValue, meta: JsValue| {
                let Some(inner) = weak.upgrade() else { return };
                inner.handle.set(None);
                let media_time = if meta.is_object() {
                    js_sys::Reflect::get(&meta, &JsValue::from_str("mediaTime"))
                        .ok()
                        .and_then(|v| v.as_f64())
                } else {
                    None
                };
                (inner.tick.borrow_mut())(media_time);
                schedule(&inner);
            });
        *inner.closure.borrow_mut() = Some(closure);
        schedule(&inner);
        FrameLoop(inner)
    }
}

fn schedule(inner: &Inner) {
    let closure = inner.closure.borrow();
    let Some(cb) = closure.as_ref() else { return };
    let f: &js_sys::Function = cb.as_ref().unchecked_ref();
    let handle = if inner.use_rvfc {
        Some(
            inner
                .video
                .unchecked_ref::<VideoFrameApi>()
                .request_video_frame_callback(f),
        )
    } else {
        web_sys::window()
            .and_then(|w| w.request_animation_frame(f).ok())
            .map(|h| h as u32)
    };
    inner.handle.set(handle);
}

impl Drop for FrameLoop {
    fn drop(&mut self) {
        if let Some(h) = self.0.handle.take() {
            if self.0.use_rvfc {
                self.0
                    .video
                    .unchecked_ref::<VideoFrameApi>()
                    .cancel_video_frame_callback(h);
            } else if let Some(w) = web_sys::window() {
                let _ = w.cancel_animation_frame(h as i32);
            }
        }
        // Tried: the panic hook's teardown may drop a loop mid-schedule.
        if let Ok(mut c) = self.0.closure.try_borrow_mut() {
            c.take();
        }
    }
}
