//! Shared plumbing for players that live in an `<iframe>` and talk by
//! `postMessage` (YouTube, Vimeo): who may talk to us, where the picture sits,
//! and a smooth clock between the player's few reports a second.
//!
//! A protocol ([`Protocol`]) only translates: messages in, [`Report`]s out;
//! requests in, messages out. Everything else (the message listener, the
//! origin rule, layout, the clock, the frame loop, the poll timer) is here and
//! is owned by [`IframePlayer`], which removes all of it when dropped.
//!
//! **Who may talk to us.** A message is read only when `event.source` is this
//! iframe's `contentWindow` *and* `event.origin` is the origin of the frame's
//! current document as its `src` says ([`expected_origin`]). Ours go out with
//! that origin as `targetOrigin`, never `"*"`, so they reach only that
//! document. A `srcdoc` or `about:blank` frame holds a document its host page
//! wrote; it has the host's own origin, which is what we expect then. A
//! sandboxed frame without `allow-same-origin` has an opaque origin (`"null"`,
//! shared by every opaque document, and impossible to target): we refuse it.

use super::{BoxPos, Player, PlayerRequest, PlayerState, StateSink};
use crate::model::geometry::{parse_px, Layout, ObjectFit, ObjectPosition, Size};
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, IntersectionObserver, ResizeObserver};

/// A reported time further than this from the clock's prediction is a seek
/// (YouTube sends no seek event): the clock jumps to it at once.
pub const JUMP_SECONDS: f64 = 0.5;
/// How often a paused (on-screen) player is asked for its time, so a seek
/// made in its own controls while paused shows at once.
pub const POLL_MS: i32 = 250;
/// After we ask for a seek, reports still carrying the old time are ignored
/// for this long (a seek takes the player a moment).
const SEEK_GRACE_MS: f64 = 1000.0;
/// The frame inside the iframe when the manifest gives no `video.aspect`.
pub const DEFAULT_ASPECT: (u32, u32) = (16, 9);

/// What a protocol learnt from one message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Report {
    /// A time reported in passing (timeupdate, infoDelivery, a poll's answer).
    Time(f64),
    /// The player says it seeked: taken as is, even backwards.
    Seeked(f64),
    /// `advancing` is whether time runs: playing and not buffering.
    Playback {
        paused: bool,
        ended: bool,
        advancing: bool,
    },
    Rate(f64),
    Duration(f64),
}

/// One postMessage protocol.
pub trait Protocol {
    /// The adapter's name ([`Player::name`]).
    fn name(&self) -> &'static str;
    /// Sent when the adapter starts and after every load of the iframe.
    fn hello(&self, link: &Link);
    /// Reads one accepted message (already parsed from JSON when it was a string).
    fn read(&self, data: &JsValue, link: &Link, out: &mut Vec<Report>);
    /// Asks for the current time; sent every [`POLL_MS`] while not playing.
    fn poll(&self, link: &Link);
    fn request(&self, req: PlayerRequest, link: &Link);
    /// Maps the origin of the frame's `src` to the origin its document will
    /// have (youtube.com redirects to www.youtube.com). Default: unchanged.
    fn origin_map(&self) -> fn(String) -> String {
        |origin| origin
    }
}

/// The iframe and how to reach its document.
pub struct Link {
    iframe: Element,
    map_origin: fn(String) -> String,
}

impl Link {
    pub fn iframe(&self) -> &Element {
        &self.iframe
    }

    /// The origin messages must come from and ours go to; `None` when the
    /// frame's document cannot be targeted (opaque origin).
    pub fn origin(&self) -> Option<String> {
        expected_origin(&self.iframe).map(|o| (self.map_origin)(o))
    }

    fn content_window(&self) -> Option<web_sys::Window> {
        let w = js_sys::Reflect::get(&self.iframe, &JsValue::from_str("contentWindow")).ok()?;
        if w.is_object() {
            Some(w.unchecked_into())
        } else {
            None
        }
    }

    /// Posts `msg` to the frame's document, targeted at its origin; nothing
    /// happens while the frame has no window or an opaque origin.
    pub fn post(&self, msg: &JsValue) {
        if let (Some(w), Some(origin)) = (self.content_window(), self.origin()) {
            let _ = w.post_message(msg, &origin);
        }
    }
}

/// The origin of the document the iframe's `src` (or `srcdoc`) loads; `None`
/// when it is opaque (sandboxed without `allow-same-origin`, `data:` URLs).
/// See the module comment for why each case is safe.
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

/// The clock: the last reported time, when it was reported and whether it runs.
#[derive(Debug, Clone, Copy)]
struct Clock {
    time: f64,
    at: f64,
    rate: f64,
    advancing: bool,
    /// The last time published while advancing: extrapolation never goes
    /// below it, so a late report does not make tags step back.
    floor: f64,
    duration: f64,
    /// Until when (ms) reports far from `time` are stale: we asked for a seek.
    seek_until: f64,
}

impl Clock {
    fn at_now(&self, now: f64) -> f64 {
        let mut t = self.time;
        if self.advancing {
            t = (t + (now - self.at) / 1000.0 * self.rate).max(self.floor);
            if self.duration > 0.0 {
                t = t.min(self.duration);
            }
        }
        t
    }

    fn anchor(&mut self, t: f64, now: f64) {
        self.time = t;
        self.at = now;
    }

    fn apply(&mut self, r: Report, now: f64, state: &mut PlayerState) {
        match r {
            Report::Time(t) => {
                let predicted = self.at_now(now);
                if now < self.seek_until && (t - predicted).abs() > JUMP_SECONDS {
                    return; // still the time from before our seek
                }
                if self.advancing && (t - predicted).abs() <= JUMP_SECONDS {
                    // Normal drift: follow the report, never stepping back.
                    self.floor = self.floor.max(predicted);
                } else {
                    self.floor = f64::NEG_INFINITY; // a seek (or paused): take it as is
                }
                self.anchor(t, now);
            }
            Report::Seeked(t) => {
                self.seek_until = 0.0;
                self.floor = f64::NEG_INFINITY;
                self.anchor(t, now);
            }
            Report::Playback {
                paused,
                ended,
                advancing,
            } => {
                let t = self.at_now(now);
                self.anchor(t, now);
                self.floor = if advancing { t } else { f64::NEG_INFINITY };
                self.advancing = advancing;
                state.paused = paused;
                state.ended = ended;
            }
            Report::Rate(r) if r > 0.0 => {
                let t = self.at_now(now);
                self.anchor(t, now);
                self.rate = r;
                state.rate = r;
            }
            Report::Rate(_) => {}
            Report::Duration(d) if d >= 0.0 => {
                self.duration = d;
                state.duration = d;
            }
            Report::Duration(_) => {}
        }
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

struct Shared {
    link: Link,
    proto: Box<dyn Protocol>,
    aspect: (u32, u32),
    sink: StateSink,
    state: RefCell<PlayerState>,
    clock: RefCell<Clock>,
    on_screen: Cell<bool>,
    frames: RefCell<Option<RafLoop>>,
    poll: RefCell<Option<Interval>>,
}

/// Follows one iframe player until dropped; dropping removes the message
/// listener, the other listeners, both observers, the poll timer and the
/// frame loop.
pub struct IframePlayer {
    shared: Rc<Shared>,
    _listeners: Vec<EventListener>,
    resize: ResizeObserver,
    _resize_cb: Closure<dyn FnMut(JsValue)>,
    visibility: IntersectionObserver,
    _visibility_cb: Closure<dyn FnMut(js_sys::Array)>,
}

impl IframePlayer {
    /// Starts following `iframe` with `proto`. `aspect` is the manifest's
    /// `video.aspect` (default 16:9): the picture inside the frame, letterboxed.
    pub fn start(
        iframe: &Element,
        aspect: Option<(u32, u32)>,
        sink: StateSink,
        proto: Box<dyn Protocol>,
    ) -> Result<IframePlayer, String> {
        if !iframe.tag_name().eq_ignore_ascii_case("iframe") {
            return Err(format!(
                "<{}> is not an <iframe>",
                iframe.tag_name().to_lowercase()
            ));
        }
        let aspect = aspect
            .filter(|&(w, h)| w > 0 && h > 0)
            .unwrap_or(DEFAULT_ASPECT);
        let link = Link {
            iframe: iframe.clone(),
            map_origin: proto.origin_map(),
        };
        if link.origin().is_none() {
            return Err(format!(
                "the iframe ({}) has an opaque origin (sandboxed without allow-same-origin, or a data: URL): its messages cannot be told apart from any other's",
                iframe_src(iframe)
            ));
        }
        let shared = Rc::new(Shared {
            link,
            proto,
            aspect,
            sink,
            state: RefCell::new(PlayerState::default()),
            clock: RefCell::new(Clock {
                time: 0.0,
                at: now_ms(),
                rate: 1.0,
                advancing: false,
                floor: f64::NEG_INFINITY,
                duration: 0.0,
                seek_until: 0.0,
            }),
            on_screen: Cell::new(true),
            frames: RefCell::new(None),
            poll: RefCell::new(None),
        });

        let window = web_sys::window().ok_or("no window")?;
        let document = window.document().ok_or("no document")?;
        let mut listeners = Vec::with_capacity(4);
        let weak = Rc::downgrade(&shared);
        listeners.push(EventListener::new(&window, "message", move |e| {
            if let Some(s) = weak.upgrade() {
                s.on_message(e);
            }
        }));
        // A (re)loaded frame holds a new player that must be greeted again.
        let weak = Rc::downgrade(&shared);
        listeners.push(EventListener::new(iframe, "load", move |_| {
            if let Some(s) = weak.upgrade() {
                s.proto.hello(&s.link);
                s.refresh(true);
            }
        }));
        for (target, name) in [
            (window.as_ref(), "resize"),
            (document.as_ref(), "fullscreenchange"),
        ] {
            let weak = Rc::downgrade(&shared);
            let target: &web_sys::EventTarget = target;
            listeners.push(EventListener::new(target, name, move |_| {
                if let Some(s) = weak.upgrade() {
                    s.refresh(true);
                }
            }));
        }

        let weak = Rc::downgrade(&shared);
        let resize_cb = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(s) = weak.upgrade() {
                s.refresh(true);
            }
        });
        let resize = ResizeObserver::new(resize_cb.as_ref().unchecked_ref())
            .map_err(|_| "no ResizeObserver")?;
        resize.observe(iframe);
        // Content above the frame growing or shrinking moves it without
        // resizing it; its parent's size usually changes then.
        if let Some(parent) = iframe.parent_element() {
            resize.observe(&parent);
        }

        let weak = Rc::downgrade(&shared);
        let visibility_cb =
            Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                let Some(s) = weak.upgrade() else { return };
                if let Some(last) = entries.iter().last() {
                    let entry: web_sys::IntersectionObserverEntry = last.unchecked_into();
                    s.on_screen.set(entry.is_intersecting());
                    s.refresh(false);
                }
            });
        let visibility = IntersectionObserver::new(visibility_cb.as_ref().unchecked_ref())
            .map_err(|_| {
                resize.disconnect(); // its callback is about to be freed
                "no IntersectionObserver"
            })?;
        visibility.observe(iframe);

        shared.proto.hello(&shared.link);
        shared.refresh(true);
        Ok(IframePlayer {
            shared,
            _listeners: listeners,
            resize,
            _resize_cb: resize_cb,
            visibility,
            _visibility_cb: visibility_cb,
        })
    }
}

/// Every iframe protocol drives the same player: state from its reports,
/// requests posted as its commands; the iframe's parent is what a page puts
/// in fullscreen around it.
impl Player for IframePlayer {
    fn name(&self) -> &'static str {
        self.shared.proto.name()
    }

    fn state(&self) -> PlayerState {
        self.shared.state.borrow().clone()
    }

    fn surface(&self) -> Element {
        self.shared.link.iframe.clone()
    }

    fn fullscreen_container(&self) -> Element {
        let f = self.surface();
        f.parent_element().unwrap_or(f)
    }

    /// Posts the request; a seek also moves our clock at once, so tags follow
    /// without waiting for the player's next report.
    fn request(&self, req: PlayerRequest) {
        let s = &self.shared;
        s.proto.request(req, &s.link);
        if let PlayerRequest::Seek(t) = req {
            s.apply(&[Report::Seeked(t.max(0.0))]);
            s.clock.borrow_mut().seek_until = now_ms() + SEEK_GRACE_MS;
        }
    }
}

impl Shared {
    fn on_message(self: &Rc<Self>, e: &web_sys::Event) {
        let Some(frame_window) = self.link.content_window() else {
            return;
        };
        let source = js_sys::Reflect::get(e, &JsValue::from_str("source")).unwrap_or(JsValue::NULL);
        if source != JsValue::from(frame_window) {
            return; // another window, whatever it says
        }
        let origin = js_sys::Reflect::get(e, &JsValue::from_str("origin"))
            .ok()
            .and_then(|o| o.as_string());
        if origin.is_none() || origin != self.link.origin() {
            return;
        }
        let mut data =
            js_sys::Reflect::get(e, &JsValue::from_str("data")).unwrap_or(JsValue::UNDEFINED);
        if let Some(text) = data.as_string() {
            match js_sys::JSON::parse(&text) {
                Ok(v) => data = v,
                Err(_) => return,
            }
        }
        if !data.is_object() {
            return;
        }
        let mut reports = Vec::new();
        self.proto.read(&data, &self.link, &mut reports);
        if reports.is_empty() {
            return;
        }
        self.apply(&reports);
    }

    /// Applies reports to the clock; the next [`Shared::refresh`] publishes.
    fn apply(self: &Rc<Self>, reports: &[Report]) {
        let now = now_ms();
        let mut next = self.state.borrow().clone();
        {
            let mut clock = self.clock.borrow_mut();
            for &r in reports {
                clock.apply(r, now, &mut next);
            }
        }
        // Only the fields the clock owns change here; time is set by refresh.
        self.refresh_with(next, false);
    }

    /// Publishes the state (layout too when `relayout`) and starts or stops
    /// the frame loop and the poll timer.
    fn refresh(self: &Rc<Self>, relayout: bool) {
        let next = self.state.borrow().clone();
        self.refresh_with(next, relayout);
    }

    fn refresh_with(self: &Rc<Self>, mut next: PlayerState, relayout: bool) {
        let now = now_ms();
        let clock = *self.clock.borrow();
        next.time = clock.at_now(now);
        if relayout {
            let (layout, content_box) = read_layout(&self.link.iframe, self.aspect);
            next.layout = layout;
            next.content_box = content_box;
            next.fullscreen = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.fullscreen_element())
                .is_some_and(|fs| fs.contains(Some(&self.link.iframe)));
        }
        self.publish(next);

        let on_screen = self.on_screen.get();
        let run = clock.advancing && on_screen;
        let running = self.frames.borrow().is_some();
        if run && !running {
            let weak = Rc::downgrade(self);
            *self.frames.borrow_mut() = Some(RafLoop::start(move || {
                if let Some(s) = weak.upgrade() {
                    let mut next = s.state.borrow().clone();
                    let mut clock = s.clock.borrow_mut();
                    next.time = clock.at_now(now_ms());
                    clock.floor = clock.floor.max(next.time);
                    drop(clock);
                    s.publish(next);
                }
            }));
        } else if !run && running {
            self.frames.borrow_mut().take();
        }

        // Polling too stops off screen: nobody sees the tags there, and
        // coming back on screen polls at once.
        let poll = !clock.advancing && on_screen;
        let polling = self.poll.borrow().is_some();
        if poll && !polling {
            self.proto.poll(&self.link);
            let weak = Rc::downgrade(self);
            *self.poll.borrow_mut() = Interval::start(POLL_MS, move || {
                if let Some(s) = weak.upgrade() {
                    s.proto.poll(&s.link);
                }
            });
        } else if !poll && polling {
            self.poll.borrow_mut().take();
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

/// The iframe's content box (relative to its offset parent, like the HTML5
/// adapter's) and the picture in it: `aspect` letterboxed, centred, which is
/// how YouTube's and Vimeo's embeds draw a video.
fn read_layout(el: &Element, aspect: (u32, u32)) -> (Option<Layout>, Option<BoxPos>) {
    let Some(style) = web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten())
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
    let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() else {
        return (None, None);
    };
    if h.offset_parent().is_none()
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
    let width = el.client_width() as f64 - pl - pr;
    let height = el.client_height() as f64 - pt - pb;
    let content_box = BoxPos {
        left: h.offset_left() as f64 + el.client_left() as f64 + pl,
        top: h.offset_top() as f64 + el.client_top() as f64 + pt,
        width,
        height,
        inset_left: el.client_left() as f64 + pl,
        inset_top: el.client_top() as f64 + pt,
    };
    if width <= 0.0 || height <= 0.0 {
        return (None, Some(content_box));
    }
    let layout = Layout {
        content: Size {
            w: width,
            h: height,
        },
        intrinsic: Size {
            w: aspect.0 as f64,
            h: aspect.1 as f64,
        },
        fit: ObjectFit::Contain,
        position: ObjectPosition::default(),
    };
    (Some(layout), Some(content_box))
}

impl Drop for IframePlayer {
    fn drop(&mut self) {
        self.resize.disconnect();
        self.visibility.disconnect();
        self.shared.frames.borrow_mut().take();
        self.shared.poll.borrow_mut().take();
    }
}

/// A `requestAnimationFrame` loop, cancelled when dropped.
#[must_use = "the loop stops when this guard is dropped"]
struct RafLoop(Rc<RafInner>);

type RafCallback = Closure<dyn FnMut(f64)>;

struct RafInner {
    handle: Cell<Option<i32>>,
    closure: RefCell<Option<RafCallback>>,
    tick: RefCell<Box<dyn FnMut()>>,
}

impl RafLoop {
    fn start(tick: impl FnMut() + 'static) -> RafLoop {
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
struct Interval {
    id: i32,
    _cb: Closure<dyn FnMut()>,
}

impl Interval {
    fn start(ms: i32, f: impl FnMut() + 'static) -> Option<Interval> {
        let cb = Closure::<dyn FnMut()>::new(f);
        let id = web_sys::window()?
            .set_interval_with_callback_and_timeout_and_arguments_0(cb.as_ref().unchecked_ref(), ms)
            .ok()?;
        Some(Interval { id, _cb: cb })
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_interval_with_handle(self.id);
        }
    }
}

/// Picks the adapter for an `<iframe>`: by `kind` ("youtube" | "vimeo", from
/// the attach option `player` or the `data-shoppable-player` attribute) for any
/// `src` (local stand-ins, proxies), else by the `src`: YouTube for
/// `www.youtube.com`, `www.youtube-nocookie.com` or `youtube.com` under
/// `/embed/`, Vimeo for `player.vimeo.com`. A YouTube embed URL must carry
/// `enablejsapi=1`, or the player never talks.
pub fn detect_iframe(
    el: &Element,
    kind: Option<&str>,
    aspect: Option<(u32, u32)>,
    sink: StateSink,
) -> Result<Box<dyn super::Player>, String> {
    use super::{vimeo, youtube};
    const SUPPORTED: &str =
        "supported iframe players: YouTube (www.youtube.com/embed/…?enablejsapi=1, \
         www.youtube-nocookie.com/embed/…?enablejsapi=1) and Vimeo (player.vimeo.com/video/…); \
         for other URLs set data-shoppable-player=\"youtube\"|\"vimeo\"";
    if !el.tag_name().eq_ignore_ascii_case("iframe") {
        return Err(format!(
            "<{}> is not an <iframe>",
            el.tag_name().to_lowercase()
        ));
    }
    let src = iframe_src(el);
    let attr = el.get_attribute("data-shoppable-player");
    let kind = kind
        .map(str::to_owned)
        .or(attr)
        .map(|k| k.trim().to_ascii_lowercase());
    let url = web_sys::Url::new(&src).ok();
    let host = url
        .as_ref()
        .map(|u| u.hostname().to_ascii_lowercase())
        .unwrap_or_default();
    let youtube_url = matches!(
        host.as_str(),
        "www.youtube.com" | "www.youtube-nocookie.com" | "youtube.com"
    ) && url
        .as_ref()
        .is_some_and(|u| u.pathname().starts_with("/embed/"));
    if youtube_url && !url.as_ref().is_some_and(super::youtube::has_enablejsapi) {
        return Err(format!(
            "the YouTube iframe {src} has no enablejsapi=1 in its URL, so it does not talk to scripts: \
             add ?enablejsapi=1 (or &enablejsapi=1) to the iframe's src"
        ));
    }
    match kind.as_deref() {
        Some("youtube") => return Ok(Box::new(youtube::start(el, aspect, sink)?)),
        Some("vimeo") => return Ok(Box::new(vimeo::start(el, aspect, sink)?)),
        Some(other) => {
            return Err(format!(
                "unknown player \"{other}\" for the iframe {src}; {SUPPORTED}"
            ))
        }
        None => {}
    }
    if youtube_url {
        Ok(Box::new(youtube::start(el, aspect, sink)?))
    } else if host == "player.vimeo.com" {
        Ok(Box::new(vimeo::start(el, aspect, sink)?))
    } else {
        Err(format!("no adapter for the iframe {src}; {SUPPORTED}"))
    }
}
