//! The shot's frames, captured by playing, not seeking (DESIGN.md "Studio"):
//! the video plays muted at 1× under `requestVideoFrameCallback`; each
//! presented frame is copied with `new VideoFrame(video)` (web-sys has no
//! stable binding, hence the extern block), kept only when its timestamp is
//! the callback's `mediaTime` (`model::studio::frames::stamp`; Firefox's
//! whole-second stamps cannot be checked and are counted), drawn at its own size, read back as RGBA and
//! shrunk to the tracker's grey by `model::track::shrink` (the function the
//! accuracy bench uses). At most [`MAX_SECONDS`] of video are kept.
//!
//! Gaps (`model::studio::frames::gaps`: steps in `mediaTime` longer than
//! 1.5 frame intervals, and the ends; a busy machine misses callbacks,
//! `getVideoPlaybackQuality().droppedVideoFrames` is reported beside them). Each gap is replayed at 0.5×, up to
//! [`REPLAYS`] passes; what is still missing is reported, and the tracker
//! never jumps a gap (`track_worker`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement};

use crate::model::studio::frames::{gaps, stamp, Stamp};
use crate::model::track::shrink::grey_small;
use crate::player::FrameLoop;

/// The longest stretch of video kept in memory, in seconds.
pub const MAX_SECONDS: f64 = 90.0;
/// How many times the gaps are replayed at half speed.
pub const REPLAYS: u32 = 3;

#[wasm_bindgen]
extern "C" {
    /// WebCodecs' `VideoFrame`.
    type VideoFrame;
    #[wasm_bindgen(catch, constructor)]
    fn new(source: &HtmlVideoElement) -> Result<VideoFrame, JsValue>;
    /// Microseconds.
    #[wasm_bindgen(method, getter)]
    fn timestamp(this: &VideoFrame) -> f64;
    #[wasm_bindgen(method, getter, js_name = displayWidth)]
    fn display_width(this: &VideoFrame) -> u32;
    #[wasm_bindgen(method, getter, js_name = displayHeight)]
    fn display_height(this: &VideoFrame) -> u32;
    #[wasm_bindgen(method)]
    fn close(this: &VideoFrame);
    /// The 2-D context, for `drawImage` with a `VideoFrame` (web-sys's
    /// overloads take no VideoFrame).
    #[wasm_bindgen(extends = CanvasRenderingContext2d)]
    type Context2d;
    #[wasm_bindgen(method, catch, js_name = drawImage)]
    fn draw_frame(this: &Context2d, image: &VideoFrame, x: f64, y: f64) -> Result<(), JsValue>;
}

/// One captured frame.
pub struct Captured {
    pub t: f64,
    pub px: Vec<u8>,
    pub w: usize,
    pub h: usize,
}

/// How a capture ended.
pub enum Outcome {
    /// Frames sorted by time, the gaps still missing (start, end), and the
    /// browser's dropped-frame count.
    Done {
        frames: Vec<Captured>,
        missing: Vec<(f64, f64)>,
        dropped: u32,
        rejected: u32,
        /// Copies kept without a usable timestamp to check (Firefox stamps
        /// whole seconds: `frames::Stamp::WholeSeconds`).
        unchecked: u32,
    },
    /// The pixels cannot be read (a cross-origin video without CORS).
    Unreadable,
}

struct State {
    video: HtmlVideoElement,
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    frames: Vec<Captured>,
    rejected: u32,
    unchecked: u32,
    /// The gaps being replayed, and the pass.
    replay: Vec<(f64, f64)>,
    pass: u32,
    done: Option<Box<dyn FnOnce(Outcome)>>,
    progress: Box<dyn Fn(usize, f64)>,
}

/// A capture in progress; dropping it stops it.
pub struct Capture {
    _loop: FrameLoop,
    _ended: EventListener,
    _state: Rc<RefCell<State>>,
}

/// What the studio says where a browser cannot capture frames.
pub const NO_CAPTURE: &str = "this browser cannot copy the video's frames (it lacks requestVideoFrameCallback or WebCodecs' VideoFrame); preview and manual placement still work, tracking needs a current Chromium or Firefox";

/// Whether this browser has what capture needs: `requestVideoFrameCallback`
/// (frames with their media time) and WebCodecs' `VideoFrame` (the frame
/// presented, not the one decoded next).
pub fn can_capture() -> bool {
    let has = |target: &JsValue, name: &str| {
        js_sys::Reflect::has(target, &JsValue::from_str(name)).unwrap_or(false)
    };
    let global = js_sys::global();
    let video = js_sys::Reflect::get(&global, &"HTMLVideoElement".into())
        .and_then(|c| js_sys::Reflect::get(&c, &"prototype".into()))
        .unwrap_or(JsValue::UNDEFINED);
    !video.is_undefined() && has(&video, "requestVideoFrameCallback") && has(&global, "VideoFrame")
}

/// Starts capturing `video` from its start. `progress(frames, time)` is told
/// as frames arrive; `done` once, with the outcome.
pub fn start(
    video: &HtmlVideoElement,
    progress: impl Fn(usize, f64) + 'static,
    done: impl FnOnce(Outcome) + 'static,
) -> Result<Capture, String> {
    if !can_capture() {
        return Err(NO_CAPTURE.into());
    }
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let canvas: HtmlCanvasElement = doc
        .create_element("canvas")
        .map_err(|_| "no canvas")?
        .unchecked_into();
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"willReadFrequently".into(), &true.into());
    let ctx: CanvasRenderingContext2d = canvas
        .get_context_with_context_options("2d", &opts)
        .ok()
        .flatten()
        .ok_or("no 2d canvas")?
        .unchecked_into();
    video.set_muted(true);
    video.set_playback_rate(1.0);
    video.set_current_time(0.0);
    let state = Rc::new(RefCell::new(State {
        video: video.clone(),
        canvas,
        ctx,
        frames: Vec::new(),
        rejected: 0,
        unchecked: 0,
        replay: Vec::new(),
        pass: 0,
        done: Some(Box::new(done)),
        progress: Box::new(progress),
    }));
    let weak = Rc::downgrade(&state);
    let frame_loop = FrameLoop::start(video, move |media_time| {
        let Some(state) = weak.upgrade() else { return };
        let Some(t) = media_time else { return };
        on_frame(&state, t);
    });
    let weak = Rc::downgrade(&state);
    let ended = EventListener::new(video, "ended", move |_| {
        if let Some(state) = weak.upgrade() {
            next_pass(&state);
        }
    });
    let _ = video.play();
    Ok(Capture {
        _loop: frame_loop,
        _ended: ended,
        _state: state,
    })
}

fn finish(state: &Rc<RefCell<State>>, outcome: Outcome) {
    let done = state.borrow_mut().done.take();
    let _ = state.borrow().video.pause();
    state.borrow().video.set_playback_rate(1.0);
    if let Some(done) = done {
        done(outcome);
    }
}

fn on_frame(state: &Rc<RefCell<State>>, t: f64) {
    if state.borrow().done.is_none() {
        return;
    }
    // Replaying: keep only frames inside a gap; past the last gap, next pass.
    let (in_replay, past) = {
        let s = state.borrow();
        let end = s.replay.last().map(|g| g.1);
        (!s.replay.is_empty(), end.is_some_and(|e| t > e + 0.05))
    };
    if in_replay && past {
        next_pass(state);
        return;
    }
    if t > MAX_SECONDS {
        next_pass(state);
        return;
    }
    let result = {
        let s = state.borrow();
        if s.frames.iter().any(|f| (f.t - t).abs() < 1e-4) {
            return;
        }
        copy(&s, t)
    };
    match result {
        Ok(Some((frame, checked))) => {
            let mut s = state.borrow_mut();
            s.unchecked += u32::from(!checked);
            s.frames.push(frame);
            (s.progress)(s.frames.len(), t);
        }
        Ok(None) => state.borrow_mut().rejected += 1,
        Err(Unreadable) => finish(state, Outcome::Unreadable),
    }
}

struct Unreadable;

/// The presented frame, if its timestamp is `t` (or cannot tell: then
/// `false` beside it).
fn copy(s: &State, t: f64) -> Result<Option<(Captured, bool)>, Unreadable> {
    let frame = match VideoFrame::new(&s.video) {
        Ok(f) => f,
        // A cross-origin video without CORS: WebCodecs refuses its frames.
        Err(e)
            if js_sys::Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .as_deref()
                == Some("SecurityError") =>
        {
            return Err(Unreadable)
        }
        Err(_) => return Ok(None),
    };
    let judged = stamp(frame.timestamp(), t);
    let (w, h) = (frame.display_width(), frame.display_height());
    if judged == Stamp::Other || w == 0 || h == 0 {
        frame.close();
        return Ok(None);
    }
    if s.canvas.width() != w || s.canvas.height() != h {
        s.canvas.set_width(w);
        s.canvas.set_height(h);
    }
    let drawn = s
        .ctx
        .unchecked_ref::<Context2d>()
        .draw_frame(&frame, 0.0, 0.0);
    frame.close();
    if drawn.is_err() {
        return Ok(None);
    }
    // A tainted canvas (cross-origin pixels without CORS) refuses to be read.
    let data = s
        .ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .map_err(|_| Unreadable)?;
    let (px, sw, sh) = grey_small(&data.data(), w as usize, h as usize);
    Ok(Some((
        Captured {
            t,
            px,
            w: sw,
            h: sh,
        },
        judged == Stamp::Same,
    )))
}

/// After a pass: find the gaps; replay them at 0.5× or finish.
fn next_pass(state: &Rc<RefCell<State>>) {
    // After the capture, the author's own playing to the end is not a pass.
    if state.borrow().done.is_none() {
        return;
    }
    let (gaps, pass) = {
        let mut s = state.borrow_mut();
        s.frames.sort_by(|a, b| a.t.total_cmp(&b.t));
        let times: Vec<f64> = s.frames.iter().map(|f| f.t).collect();
        (gaps(&times, s.video.duration()), s.pass)
    };
    if gaps.is_empty() || pass >= REPLAYS {
        let mut s = state.borrow_mut();
        let frames = std::mem::take(&mut s.frames);
        let dropped = s.video.get_video_playback_quality().dropped_video_frames();
        let (rejected, unchecked) = (s.rejected, s.unchecked);
        drop(s);
        finish(
            state,
            Outcome::Done {
                frames,
                missing: gaps,
                dropped,
                rejected,
                unchecked,
            },
        );
        return;
    }
    let mut s = state.borrow_mut();
    s.pass += 1;
    let start = gaps[0].0;
    s.replay = gaps;
    s.video.set_playback_rate(0.5);
    s.video.set_current_time(start.max(0.0));
    let _ = s.video.play();
}
