//! Following anything that speaks the HTMLMediaElement API: a `<video>`, a
//! custom media element (`<mux-video>`, `<hls-video>`, media-chrome's media
//! elements), or the real `<video>` inside a video.js or Plyr player, or one
//! driven by hls.js. Every such adapter composes a [`Follower`] and adds only
//! what differs: where requests go, the fullscreen container, the clock.
//!
//! Media events tell us about discrete changes (play, pause, seek, rate,
//! metadata), which is all the tags need: the overlay hands their motion to
//! the browser between changes. Only when asked ([`Follower::every_frame`],
//! for the live card's per-frame rule) does a [`FrameLoop`] report every
//! presented frame, and then only while the media is playing *and* on
//! screen, so a paused, ended or scrolled-away video costs nothing per frame.
//!
//! Properties are read *structurally* (`el.currentTime`, whatever `el` is)
//! rather than through web-sys's `HTMLMediaElement` bindings, so a custom
//! element that implements the same properties works the same way.

use super::band::Controls;
use super::{BoxPos, FrameLoop, PlayerRequest, PlayerState, StateSink};
use crate::model::geometry::{parse_px, Layout, ObjectFit, ObjectPosition, Size};
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlVideoElement, IntersectionObserver, ResizeObserver};

#[wasm_bindgen]
extern "C" {
    /// An element exposing the HTMLMediaElement API, read structurally.
    #[wasm_bindgen(extends = HtmlElement)]
    pub(crate) type MediaApi;
    #[wasm_bindgen(method, structural, getter, js_name = currentTime)]
    pub(crate) fn current_time(this: &MediaApi) -> JsValue;
    #[wasm_bindgen(method, structural, setter, js_name = currentTime)]
    pub(crate) fn set_current_time(this: &MediaApi, t: f64);
    #[wasm_bindgen(method, structural, getter)]
    fn paused(this: &MediaApi) -> JsValue;
    #[wasm_bindgen(method, structural, getter)]
    fn ended(this: &MediaApi) -> JsValue;
    #[wasm_bindgen(method, structural, getter, js_name = readyState)]
    fn ready_state(this: &MediaApi) -> JsValue;
    #[wasm_bindgen(method, structural, getter, js_name = playbackRate)]
    fn playback_rate(this: &MediaApi) -> JsValue;
    #[wasm_bindgen(method, structural, getter)]
    fn duration(this: &MediaApi) -> JsValue;
    #[wasm_bindgen(method, structural, getter, js_name = videoWidth)]
    fn video_width(this: &MediaApi) -> JsValue;
    #[wasm_bindgen(method, structural, getter, js_name = videoHeight)]
    fn video_height(this: &MediaApi) -> JsValue;
    #[wasm_bindgen(method, structural, catch)]
    fn play(this: &MediaApi) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch)]
    fn pause(this: &MediaApi) -> Result<JsValue, JsValue>;
}

pub(crate) fn num(v: JsValue, default: f64) -> f64 {
    v.as_f64().unwrap_or(default)
}

/// Where the picture's intrinsic size and fit come from. (The plain viewer
/// build only follows `<video>`s: the other cases are the `players` build's.)
#[derive(Clone)]
#[cfg_attr(not(feature = "players"), allow(dead_code))]
pub(crate) enum Picture {
    /// The surface is the media element: its `videoWidth`/`videoHeight` and
    /// computed `object-fit`/`object-position` (a `<video>`, or a custom
    /// element that forwards them).
    Media,
    /// A `<video>` inside the surface (a custom element's shadow root) that
    /// fills it: its intrinsic size and its fit.
    Inner(HtmlVideoElement),
    /// Only the frame's aspect is known (the manifest's `video.aspect`):
    /// letterboxed (`contain`, centred) in the surface.
    Aspect(u32, u32),
    /// Nothing known: the picture is taken to fill the surface.
    Fill,
}

/// Maps the media time of a frame to the time tags are on (see
/// `model::manifest::TimeBase`) and the frame's program date when known;
/// `None` means the identity, with no date.
pub(crate) type Clock = Rc<dyn Fn(f64) -> (f64, Option<f64>)>;

/// What to follow and how.
pub(crate) struct Spec {
    /// Its properties are read and its media events listened to.
    pub media: MediaApi,
    /// The element the overlay covers: its content box is reported.
    pub surface: HtmlElement,
    pub picture: Picture,
    /// Element for `requestVideoFrameCallback` (a `<video>`); any other
    /// element ticks on animation frames.
    pub frames: Element,
    /// The player's fullscreen container.
    pub container: Element,
    pub clock: Option<Clock>,
    /// The player's own control strip, which tags keep clear of.
    pub controls: Controls,
}

impl Spec {
    /// A plain `<video>`: it is the media, the surface, the picture and the container.
    pub fn video(video: &HtmlVideoElement) -> Spec {
        Spec {
            media: video.clone().unchecked_into(),
            surface: video.clone().into(),
            picture: Picture::Media,
            frames: video.clone().into(),
            container: video.clone().into(),
            clock: None,
            controls: Controls::Native,
        }
    }
}

struct Shared {
    spec: Spec,
    sink: StateSink,
    state: RefCell<PlayerState>,
    on_screen: Cell<bool>,
    /// Whether every presented frame is reported (see [`Follower::every_frame`]).
    every_frame: Cell<bool>,
    frames: RefCell<Option<FrameLoop>>,
}

/// Follows one media element until dropped; dropping removes every listener,
/// observer and frame callback it added.
pub(crate) struct Follower {
    shared: Rc<Shared>,
    _listeners: Vec<EventListener>,
    _watch: Watch,
}

const MEDIA_EVENTS: [&str; 13] = [
    "play",
    "playing",
    "waiting",
    "pause",
    "seeking",
    "seeked",
    "timeupdate",
    "ratechange",
    "ended",
    "loadedmetadata",
    "resize",
    "emptied",
    "durationchange",
];

impl Follower {
    pub fn new(spec: Spec, sink: StateSink) -> Follower {
        let media = spec.media.clone();
        let surface = spec.surface.clone();
        let inner = match &spec.picture {
            Picture::Inner(v) => Some(v.clone()),
            _ => None,
        };
        let shared = Rc::new(Shared {
            spec,
            sink,
            state: RefCell::new(PlayerState::default()),
            // Assume visible until the observer says otherwise: the loader only
            // mounts targets that are near the viewport.
            on_screen: Cell::new(true),
            every_frame: Cell::new(false),
            frames: RefCell::new(None),
        });

        let mut listeners = Vec::with_capacity(MEDIA_EVENTS.len() + 1);
        for name in MEDIA_EVENTS {
            let weak = Rc::downgrade(&shared);
            let relayout = matches!(name, "loadedmetadata" | "resize" | "emptied");
            // While frames are followed, `timeupdate`'s currentTime runs ahead of
            // the frame on screen; taking it would make tags step back.
            let smooth = name == "timeupdate";
            listeners.push(EventListener::new(&media, name, move |_| {
                if let Some(s) = weak.upgrade() {
                    if !(smooth && s.frames.borrow().is_some()) {
                        s.refresh(relayout);
                    }
                }
            }));
        }
        // A custom element's inner video learns its size first.
        if let Some(v) = &inner {
            let weak = Rc::downgrade(&shared);
            listeners.push(EventListener::new(v, "resize", move |_| {
                if let Some(s) = weak.upgrade() {
                    s.refresh(true);
                }
            }));
        }
        let weak = Rc::downgrade(&shared);
        let weak2 = Rc::downgrade(&shared);
        let watch = Watch::new(
            &surface,
            move || {
                if let Some(s) = weak.upgrade() {
                    s.refresh(true);
                }
            },
            move |visible| {
                if let Some(s) = weak2.upgrade() {
                    s.on_screen.set(visible);
                    s.refresh(false);
                }
            },
        );

        // The control bar can change height on its own (a player's
        // breakpoints, shown after the first play).
        if let Some(bar) = shared.spec.controls.bar(&shared.spec.container) {
            watch.observe(&bar);
        }

        shared.refresh(true);
        Follower {
            shared,
            _listeners: listeners,
            _watch: watch,
        }
    }

    /// The state, its time read now: between reports a playing media's time
    /// runs on.
    pub fn state(&self) -> PlayerState {
        let s = &self.shared;
        let mut state = s.state.borrow().clone();
        if !state.paused && !state.ended && s.frames.borrow().is_none() {
            s.time(num(s.spec.media.current_time(), 0.0), &mut state);
        }
        state
    }

    /// Reports every presented frame while playing and on screen (`on`), or
    /// only changes.
    pub fn every_frame(&self, on: bool) {
        self.shared.every_frame.set(on);
        self.shared.refresh(false);
    }

    pub fn media(&self) -> &MediaApi {
        &self.shared.spec.media
    }

    pub fn surface(&self) -> Element {
        self.shared.spec.surface.clone().into()
    }

    #[cfg_attr(not(feature = "players"), allow(dead_code))]
    pub fn container(&self) -> Element {
        self.shared.spec.container.clone()
    }

    /// Carries out a request on the media element itself. `Seek` takes media
    /// seconds (adapters with another clock convert first).
    pub fn request_media(&self, req: PlayerRequest) {
        let m = self.media();
        match req {
            // play() rejects when autoplay rules forbid it; the media simply
            // stays paused, which the state already says.
            PlayerRequest::Play => {
                if let Ok(p) = m.play() {
                    ignore_rejection(p);
                }
            }
            PlayerRequest::Pause => {
                let _ = m.pause();
            }
            PlayerRequest::Seek(t) => m.set_current_time(t.max(0.0)),
        }
    }
}

/// Awaits a promise (if `p` is one) only to swallow its rejection: an
/// unhandled rejection would be logged on the host page's console.
pub(crate) fn ignore_rejection(p: JsValue) {
    if let Ok(p) = p.dyn_into::<js_sys::Promise>() {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        });
    }
}

impl Shared {
    /// Tag time and program date of the frame at `media_time`, into `s`.
    fn time(&self, media_time: f64, s: &mut PlayerState) {
        (s.time, s.date) = match &self.spec.clock {
            Some(clock) => clock(media_time),
            None => (media_time, None),
        };
    }

    /// Re-reads the media (layout too when `relayout`), reports the state if
    /// it changed, and starts or stops the frame loop.
    fn refresh(self: &Rc<Self>, relayout: bool) {
        let m = &self.spec.media;
        let paused = m.paused().as_bool().unwrap_or(true);
        let ended = m.ended().as_bool().unwrap_or(false);
        let mut next = self.state.borrow().clone();
        self.time(num(m.current_time(), 0.0), &mut next);
        next.paused = paused;
        next.ended = ended;
        // HAVE_FUTURE_DATA; an element without `readyState` counts as ready.
        next.stalled = !paused && num(m.ready_state(), 4.0) < 3.0;
        next.rate = num(m.playback_rate(), 1.0);
        // Unknown (NaN before metadata, or absent) reads as 0, the default;
        // a live stream's +Infinity is kept.
        next.duration = num(m.duration(), 0.0);
        if next.duration.is_nan() {
            next.duration = 0.0;
        }
        if relayout {
            let (layout, content_box) = read_layout(&self.spec.surface, &self.spec.picture);
            next.control_band = content_box.as_ref().map_or(0.0, |c| {
                self.spec
                    .controls
                    .measure(&self.spec.surface, &self.spec.container, c)
            });
            next.layout = layout;
            next.content_box = content_box;
            next.fullscreen = is_fullscreen(&self.spec.surface, &self.spec.container);
        }
        self.publish(next);

        let run = !paused && !ended && self.on_screen.get() && self.every_frame.get();
        let running = self.frames.borrow().is_some();
        if run && !running {
            let weak = Rc::downgrade(self);
            let lp = FrameLoop::start(&self.spec.frames, move |media_time| {
                if let Some(s) = weak.upgrade() {
                    let mut next = s.state.borrow().clone();
                    // Each frame by its own media time (requestVideoFrameCallback's).
                    let t = media_time.unwrap_or_else(|| num(s.spec.media.current_time(), 0.0));
                    s.time(t, &mut next);
                    s.publish(next);
                }
            });
            *self.frames.borrow_mut() = Some(lp);
        } else if !run && running {
            self.frames.borrow_mut().take();
        }
    }

    fn publish(&self, next: PlayerState) {
        if *self.state.borrow() != next {
            *self.state.borrow_mut() = next;
            let snapshot = self.state.borrow().clone();
            (self.sink)(&snapshot);
        }
    }
}

/// Whether the player is fullscreen: the document's fullscreen element is
/// its container, or holds the surface (a page's own wrapper counts too).
pub(crate) fn is_fullscreen(surface: &Element, container: &Element) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.fullscreen_element())
        .is_some_and(|e| e.is_same_node(Some(container)) || e.contains(Some(surface)))
}

/// Reads where the picture sits: the surface's content box (border and
/// padding excluded) and the picture's intrinsic size and fit.
pub(crate) fn read_layout(
    surface: &HtmlElement,
    picture: &Picture,
) -> (Option<Layout>, Option<BoxPos>) {
    let Some(style) = web_sys::window().and_then(|w| w.get_computed_style(surface).ok().flatten())
    else {
        return (None, None);
    };
    let px = |name: &str| -> f64 {
        style
            .get_property_value(name)
            .ok()
            .and_then(|s| parse_px(&s))
            .unwrap_or(0.0)
    };
    if surface.offset_parent().is_none()
        && style.get_property_value("position").ok().as_deref() != Some("fixed")
    {
        return (None, None); // not rendered (display: none or detached)
    }
    let (pl, pt, pr, pb) = (
        px("padding-left"),
        px("padding-top"),
        px("padding-right"),
        px("padding-bottom"),
    );
    let width = surface.client_width() as f64 - pl - pr;
    let height = surface.client_height() as f64 - pt - pb;
    let content_box = BoxPos {
        left: surface.offset_left() as f64 + surface.client_left() as f64 + pl,
        top: surface.offset_top() as f64 + surface.client_top() as f64 + pt,
        width,
        height,
        inset_left: surface.client_left() as f64 + pl,
        inset_top: surface.client_top() as f64 + pt,
    };
    let fit_of = |s: &web_sys::CssStyleDeclaration| {
        (
            ObjectFit::parse(&s.get_property_value("object-fit").unwrap_or_default()),
            ObjectPosition::parse(&s.get_property_value("object-position").unwrap_or_default()),
        )
    };
    let centred = || (ObjectFit::Contain, ObjectPosition::parse("50% 50%"));
    let (iw, ih, (fit, position)) = match picture {
        Picture::Media => {
            let media: &MediaApi = surface.unchecked_ref();
            (
                num(media.video_width(), 0.0),
                num(media.video_height(), 0.0),
                fit_of(&style),
            )
        }
        Picture::Inner(v) => {
            let fit = web_sys::window()
                .and_then(|w| w.get_computed_style(v).ok().flatten())
                .map(|s| fit_of(&s))
                .unwrap_or_else(centred);
            (v.video_width() as f64, v.video_height() as f64, fit)
        }
        Picture::Aspect(w, h) => (*w as f64, *h as f64, centred()),
        Picture::Fill => (width, height, centred()),
    };
    if iw <= 0.0 || ih <= 0.0 || width <= 0.0 || height <= 0.0 {
        return (None, Some(content_box));
    }
    let layout = Layout {
        content: Size {
            w: width,
            h: height,
        },
        intrinsic: Size { w: iw, h: ih },
        fit,
        position,
    };
    (Some(layout), Some(content_box))
}

impl Drop for Follower {
    fn drop(&mut self) {
        self.shared.frames.borrow_mut().take();
    }
}

/// Watches a surface's box and visibility: `on_layout` when it may have
/// moved or resized (its or its parent's size, a window resize, entering or
/// leaving fullscreen), `on_visible` when it enters or leaves the viewport.
/// Everything is removed on drop.
pub(crate) struct Watch {
    _listeners: [EventListener; 2],
    resize: ResizeObserver,
    _resize_cb: Closure<dyn FnMut(JsValue)>,
    visibility: IntersectionObserver,
    _visibility_cb: Closure<dyn FnMut(js_sys::Array)>,
}

impl Watch {
    pub fn new(
        surface: &Element,
        on_layout: impl Fn() + 'static,
        on_visible: impl Fn(bool) + 'static,
    ) -> Watch {
        let on_layout = Rc::new(on_layout);
        let window = web_sys::window().expect_throw("no window");
        let document = window.document().expect_throw("no document");
        // Page reflows can move the surface without resizing it.
        let f = on_layout.clone();
        let on_resize = EventListener::new(&window, "resize", move |_| f());
        let f = on_layout.clone();
        let on_fullscreen = EventListener::new(&document, "fullscreenchange", move |_| f());

        let f = on_layout;
        let resize_cb = Closure::<dyn FnMut(JsValue)>::new(move |_| f());
        let resize =
            ResizeObserver::new(resize_cb.as_ref().unchecked_ref()).expect_throw("ResizeObserver");
        resize.observe(surface);
        // Content above the surface growing or shrinking moves it without
        // resizing it; its parent's size usually changes then.
        if let Some(parent) = surface.parent_element() {
            resize.observe(&parent);
        }

        let visibility_cb =
            Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                if let Some(last) = entries.iter().last() {
                    let entry: web_sys::IntersectionObserverEntry = last.unchecked_into();
                    on_visible(entry.is_intersecting());
                }
            });
        let visibility = IntersectionObserver::new(visibility_cb.as_ref().unchecked_ref())
            .expect_throw("IntersectionObserver");
        visibility.observe(surface);
        Watch {
            _listeners: [on_resize, on_fullscreen],
            resize,
            _resize_cb: resize_cb,
            visibility,
            _visibility_cb: visibility_cb,
        }
    }
}

impl Watch {
    /// Also calls `on_layout` when `el` resizes (a player's control bar).
    pub fn observe(&self, el: &Element) {
        self.resize.observe(el);
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.resize.disconnect();
        self.visibility.disconnect();
    }
}
