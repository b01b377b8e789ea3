//! A tag's straight stretch handed to the browser as one Web Animation of
//! `transform` (compositor-run: no style, layout or script per frame), timed
//! on the page's clock so that it is where the video's clock puts it.
//! `Element.animate()` is not inline style, so strict CSP allows it.
//!
//! Bound by hand rather than through web-sys's `Animation` and
//! `KeyframeAnimationOptions`: the viewer needs three calls, and the options
//! dictionary's setters would add glue to the first download.

use crate::model::motion::Motion;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(extends = Element)]
    type Animatable;
    #[wasm_bindgen(method, catch)]
    fn animate(
        this: &Animatable,
        keyframes: &js_sys::Array,
        options: &js_sys::Object,
    ) -> Result<Animation, JsValue>;

    type Animation;
    #[wasm_bindgen(method, setter, js_name = startTime)]
    fn set_start_time(this: &Animation, ms: f64);
    #[wasm_bindgen(method)]
    fn cancel(this: &Animation);
}

/// A running animation of one tag along one stretch; cancelled when dropped.
#[must_use = "the animation is cancelled when this guard is dropped"]
pub struct Moving {
    animation: Animation,
    /// The stretch and the clock reading it was started for.
    pub motion: Motion,
}

impl Moving {
    /// Moves `el` along `m`: at page time `now` (ms) the video is at `time`,
    /// running at `rate` (> 0). The stretch's duration and start are put on
    /// the page's clock, so no `playbackRate` is needed; setting `startTime`
    /// (rather than `currentTime`) starts it at once, with no pending frame
    /// that would leave it a frame behind the video.
    pub fn start(el: &Element, m: &Motion, time: f64, rate: f64, now: f64) -> Option<Moving> {
        let frames = js_sys::Array::of2(&keyframe(m.from), &keyframe(m.to));
        let options = js_sys::Object::new();
        let ms = (m.end - m.start) * 1000.0 / rate;
        js_sys::Reflect::set(&options, &"duration".into(), &ms.into()).ok()?;
        // Held at its end if the wake-up comes late: the tag waits there
        // rather than jumping back to its inline position.
        js_sys::Reflect::set(&options, &"fill".into(), &"both".into()).ok()?;
        let animation = el
            .unchecked_ref::<Animatable>()
            .animate(&frames, &options)
            .ok()?;
        animation.set_start_time(now - (time - m.start) * 1000.0 / rate);
        Some(Moving {
            animation,
            motion: *m,
        })
    }
}

impl Drop for Moving {
    fn drop(&mut self) {
        self.animation.cancel();
    }
}

fn keyframe((x, y): (f64, f64)) -> JsValue {
    let k = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &k,
        &"transform".into(),
        &super::tags::transform(x, y).into(),
    );
    k.into()
}
