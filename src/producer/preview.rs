//! The console's preview: the show's live stream through hls.js (the page
//! loads it; web-sys has no binding, hence the extern block), tuned to sit
//! close to the live edge, and the program date of every frame it
//! presents.
//!
//! **Latency.** The server cuts one-second segments, so the live edge moves
//! a second at a time. hls.js keeps the playhead `liveSyncDuration` behind
//! the edge (never closer than one target duration), speeds up to at most
//! `maxLiveSyncPlaybackRate` to get back there, and jumps when more than
//! `liveMaxLatencyDuration` behind. With 1 s / 1.5× / 3 s the preview runs
//! 1–2 s behind the edge (README.md, "The producer console", has what was
//! measured); a small forward buffer keeps it there.
//!
//! **Frames.** `requestVideoFrameCallback` (`player::FrameLoop`) gives each
//! presented frame's `mediaTime`, which `model::live::program_date_at` maps
//! through the fragment holding it: `programDateTime + (mediaTime − start)`.
//! The last one is what an action is stamped with. The page sets
//! `video.hls` to the instance, as brand pages do for the widget.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use js_sys::{Function, Object, Reflect};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlVideoElement;

use super::Ctx;
use crate::model::live::{program_date_at, Fragment};
use crate::player::FrameLoop;

#[wasm_bindgen]
extern "C" {
    /// The page's hls.js (`window.Hls`).
    #[derive(Clone)]
    pub type Hls;
    #[wasm_bindgen(catch, constructor, js_class = "Hls")]
    fn new(config: &JsValue) -> Result<Hls, JsValue>;
    #[wasm_bindgen(method, js_name = loadSource)]
    fn load_source(this: &Hls, url: &str);
    #[wasm_bindgen(method, js_name = attachMedia)]
    fn attach_media(this: &Hls, media: &HtmlVideoElement);
    #[wasm_bindgen(method, js_name = startLoad)]
    fn start_load(this: &Hls);
    #[wasm_bindgen(method, js_name = recoverMediaError)]
    fn recover_media_error(this: &Hls);
    #[wasm_bindgen(method)]
    fn destroy(this: &Hls);
    #[wasm_bindgen(method)]
    fn on(this: &Hls, event: &str, f: &Function);
    /// Seconds behind the live edge (0 until known).
    #[wasm_bindgen(method, getter)]
    fn latency(this: &Hls) -> f64;
}

/// hls.js's settings for a preview close to the live edge (see the module
/// comment).
fn config() -> JsValue {
    let c = Object::new();
    for (k, v) in [
        ("liveSyncDuration", 1.0),
        ("liveMaxLatencyDuration", 3.0),
        ("maxLiveSyncPlaybackRate", 1.5),
        ("maxBufferLength", 4.0),
        ("backBufferLength", 10.0),
    ] {
        let _ = Reflect::set(&c, &k.into(), &v.into());
    }
    c.into()
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// The fragments of the playlist hls.js holds now, those with a program date.
fn fragments(hls: &Hls) -> Vec<Fragment> {
    let list = get(&get(hls, "latestLevelDetails"), "fragments");
    let Some(list) = list.dyn_ref::<js_sys::Array>() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|f| {
            Some(Fragment {
                start: get(&f, "start").as_f64()?,
                duration: get(&f, "duration").as_f64()?,
                program_date_ms: get(&f, "programDateTime").as_f64()?,
            })
        })
        .collect()
}

/// What runs while the preview is on screen; dropped on unmount.
struct Running {
    hls: Hls,
    _frames: FrameLoop,
    _error: Closure<dyn FnMut(JsValue, JsValue)>,
    _playing: EventListener,
    _tick: Option<IntervalHandle>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(t) = self._tick.take() {
            t.clear();
        }
        self.hls.destroy();
    }
}

/// Seconds behind the live edge (hls.js) and behind real time (the clock
/// minus the presented frame's date), read once a second.
#[derive(Clone, Copy, PartialEq)]
struct Latency {
    edge: f64,
    clock: Option<f64>,
}

fn start(
    ctx: Ctx,
    video: HtmlVideoElement,
    latency: RwSignal<Option<Latency>>,
) -> Result<Running, String> {
    let window = web_sys::window().ok_or("no window")?;
    if get(&window, "Hls").is_undefined() {
        return Err("hls.js is not loaded on this page, so the stream cannot be previewed".into());
    }
    let show = ctx.show.get_untracked().unwrap_or_default();
    let url = [
        "/live/",
        &js_sys::encode_uri_component(&show)
            .as_string()
            .unwrap_or_default(),
        "/index.m3u8",
    ]
    .concat();
    let hls = Hls::new(&config()).map_err(|e| crate::embed::describe(&e))?;
    let _ = Reflect::set(&video, &"hls".into(), &hls);
    // Fatal errors: reload the stream (a playlist not there yet, a network
    // blip) or recover the decoder; hls.js handles the rest by itself.
    let h = hls.clone();
    let error = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |_e: JsValue, data: JsValue| {
        if get(&data, "fatal").as_bool() != Some(true) {
            return;
        }
        if get(&data, "type").as_string().as_deref() == Some("mediaError") {
            h.recover_media_error();
        } else {
            h.start_load();
        }
    });
    hls.on("hlsError", error.as_ref().unchecked_ref());
    hls.load_source(&url);
    hls.attach_media(&video);
    // Autoplay is muted; start again if the browser paused it (a tab that
    // was hidden).
    let v = video.clone();
    let playing = EventListener::new(&video, "pause", move |_| {
        let _ = v.play();
    });

    let cell: Rc<Cell<Option<f64>>> = ctx.frame.get_value();
    let (h, v) = (hls.clone(), video.clone());
    let frames = FrameLoop::start(&video, move |media_time| {
        let t = media_time.unwrap_or_else(|| v.current_time());
        if let Some(d) = program_date_at(&fragments(&h), t) {
            cell.set(Some(d));
        }
    });
    let (h, cell) = (hls.clone(), ctx.frame.get_value());
    let tick = set_interval_with_handle(
        move || {
            let clock = cell.get().map(|d| (js_sys::Date::now() - d) / 1000.0);
            latency.set(Some(Latency {
                edge: h.latency(),
                clock,
            }));
        },
        std::time::Duration::from_secs(1),
    )
    .ok();
    Ok(Running {
        hls,
        _frames: frames,
        _error: error,
        _playing: playing,
        _tick: tick,
    })
}

/// The preview and its latency.
pub fn preview(ctx: Ctx) -> impl IntoView {
    let video = NodeRef::<html::Video>::new();
    let latency = RwSignal::new(None::<Latency>);
    let problem = RwSignal::new(None::<String>);
    let running = StoredValue::new_local(None::<Running>);
    video.on_load(move |v| match start(ctx, v, latency) {
        Ok(r) => running.set_value(Some(r)),
        Err(e) => problem.set(Some(e)),
    });
    on_cleanup(move || running.set_value(None));
    let words = move || match (problem.get(), latency.get()) {
        (Some(p), _) => p,
        (None, Some(l)) if l.edge > 0.0 => {
            let clock = l
                .clock
                .map(|c| format!(" ({c:.1} s behind real time)"))
                .unwrap_or_default();
            format!("{:.1} s behind the live edge{clock}", l.edge)
        }
        _ => "Connecting to the stream…".into(),
    };
    view! {
        <section class="preview" aria-labelledby="preview-h">
            <h2 id="preview-h">"Preview"</h2>
            <video node_ref=video muted=true autoplay=true playsinline=true
                aria-label="The show's stream as it goes out"></video>
            <p class="latency" id="latency">{words}</p>
        </section>
    }
}
