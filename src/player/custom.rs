//! The adapter for a player object the page supplies ([`PlayerObject`]), for any player no other
//! adapter knows:
//!
//! ```js
//! Shoppable.attach(el, { manifest, player: {
//!   currentTime() {…}, paused() {…}, on(name, fn) {…},      // required
//!   off(name, fn), duration(), playbackRate(), ended(),     // optional
//!   play(), pause(), seek(t),                               // optional capabilities
//! } })
//! ```
//!
//! `on` is called once each for "timeupdate", "play", "pause" and "seeked"
//! (and "ratechange", "durationchange", "ended"; an object may ignore names it
//! has no event for); every call re-reads the object. Between events a frame
//! loop polls `currentTime()`, only while playing (`paused()` is false) and
//! while `el` is on screen. On drop, `off(name, fn)` is called with the same
//! functions; without `off`, they stay registered but do nothing.
//!
//! Capabilities are the optional functions present: seek needs `seek`, play
//! `play`, pause `pause`; requests for missing ones are ignored. The content
//! box is the element passed to attach; the picture is the manifest's
//! `video.aspect` letterboxed in it, else the whole box.

use super::follow::{ignore_rejection, is_fullscreen, read_layout, Picture, Watch};
use super::{Capabilities, FrameLoop, Player, PlayerRequest, PlayerState, StateSink};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// The events subscribed to through the object's `on`.
pub const EVENTS: [&str; 7] = [
    "timeupdate",
    "play",
    "pause",
    "seeked",
    "ratechange",
    "durationchange",
    "ended",
];

fn method(obj: &JsValue, key: &str) -> Option<js_sys::Function> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .ok()?
        .dyn_into()
        .ok()
}

/// Whether `v` has the required part of the player-object contract.
pub fn is_player_object(v: &JsValue) -> bool {
    v.is_object()
        && ["currentTime", "paused", "on"]
            .iter()
            .all(|k| method(v, k).is_some())
}

/// How a piece of state is read: by calling a function (the player-object
/// contract, video.js) or as a property (Plyr's getters).
enum Read {
    Call(js_sys::Function),
    Prop(&'static str),
}

/// How a seek is made.
#[derive(Clone, Copy)]
pub(crate) enum SeekBy {
    /// `obj[name](t)`: the player object's `seek(t)`, video.js's `currentTime(t)`.
    Method(&'static str),
    /// `obj[name] = t`: Plyr's `currentTime` setter.
    Property(&'static str),
}

/// The shape of a player API this adapter can drive.
#[derive(Clone, Copy)]
pub(crate) struct Api {
    /// State (`currentTime`, `paused`, `duration`, `ended`, the rate) is read
    /// as properties rather than by calling functions.
    pub props: bool,
    /// The name of the playback rate: `playbackRate`, or Plyr's `speed`.
    pub rate: &'static str,
    pub seek: SeekBy,
}

impl Api {
    /// The player-object contract documented above.
    pub const PAGE_PLAYER: Api = Api {
        props: false,
        rate: "playbackRate",
        seek: SeekBy::Method("seek"),
    };
}

/// The page's player object and how each piece of its state is read.
struct PlayerObject {
    obj: JsValue,
    current_time: Read,
    paused: Read,
    duration: Option<Read>,
    rate: Option<Read>,
    ended: Option<Read>,
}

impl PlayerObject {
    fn read(&self, r: &Read) -> JsValue {
        match r {
            Read::Call(f) => f.call0(&self.obj).unwrap_or(JsValue::UNDEFINED),
            Read::Prop(k) => {
                js_sys::Reflect::get(&self.obj, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
            }
        }
    }
    fn read_opt(&self, r: &Option<Read>) -> JsValue {
        r.as_ref().map_or(JsValue::UNDEFINED, |r| self.read(r))
    }
    fn time(&self) -> f64 {
        self.read(&self.current_time)
            .as_f64()
            .filter(|t| t.is_finite())
            .unwrap_or(0.0)
    }
    fn paused(&self) -> bool {
        self.read(&self.paused).as_bool().unwrap_or(true)
    }
}

struct Shared {
    object: PlayerObject,
    el: HtmlElement,
    picture: Picture,
    sink: StateSink,
    state: RefCell<PlayerState>,
    on_screen: Cell<bool>,
    frames: RefCell<Option<FrameLoop>>,
}

enum Seek {
    Call(js_sys::Function),
    Set(&'static str),
}

/// One function handed to the object's `on`, kept to hand to `off`.
type Handler = Closure<dyn FnMut(JsValue)>;

/// Follows a page-supplied player object until dropped.
pub struct CustomPlayer {
    shared: Rc<Shared>,
    caps: Capabilities,
    play: Option<js_sys::Function>,
    pause: Option<js_sys::Function>,
    seek: Option<Seek>,
    off: Option<js_sys::Function>,
    subscriptions: Vec<(&'static str, Handler)>,
    _watch: Watch,
}

impl CustomPlayer {
    /// Errs naming what is missing when `obj` lacks `currentTime`, `paused` or `on`.
    pub fn new(
        el: HtmlElement,
        obj: JsValue,
        aspect: Option<(u32, u32)>,
        sink: StateSink,
    ) -> Result<CustomPlayer, String> {
        CustomPlayer::with_api(el, obj, aspect, sink, Api::PAGE_PLAYER)
    }

    /// [`CustomPlayer::new`] for a player API of another shape (video.js's,
    /// Plyr's); see [`Api`].
    pub(crate) fn with_api(
        el: HtmlElement,
        obj: JsValue,
        aspect: Option<(u32, u32)>,
        sink: StateSink,
        api: Api,
    ) -> Result<CustomPlayer, String> {
        let has = |k: &str| {
            if api.props {
                js_sys::Reflect::has(&obj, &JsValue::from_str(k)).unwrap_or(false)
            } else {
                method(&obj, k).is_some()
            }
        };
        let missing: Vec<&str> = ["currentTime", "paused"]
            .into_iter()
            .filter(|k| obj.is_object() && !has(k))
            .chain(method(&obj, "on").is_none().then_some("on"))
            .collect();
        if !obj.is_object() || !missing.is_empty() {
            return Err(format!(
                "the player option must be an object with functions currentTime(), paused() and on(name, fn); missing {}",
                if obj.is_object() { missing.join(", ") } else { "all of them".into() }
            ));
        }
        let on = method(&obj, "on").expect("checked above");
        let read = |k: &'static str| -> Option<Read> {
            if api.props {
                js_sys::Reflect::has(&obj, &JsValue::from_str(k))
                    .unwrap_or(false)
                    .then_some(Read::Prop(k))
            } else {
                method(&obj, k).map(Read::Call)
            }
        };
        let object = PlayerObject {
            current_time: read("currentTime").expect("checked above"),
            paused: read("paused").expect("checked above"),
            duration: read("duration"),
            rate: read(api.rate),
            ended: read("ended"),
            obj: obj.clone(),
        };
        let picture = match aspect.filter(|&(w, h)| w > 0 && h > 0) {
            Some((w, h)) => Picture::Aspect(w, h),
            None => Picture::Fill,
        };
        let shared = Rc::new(Shared {
            object,
            el: el.clone(),
            picture,
            sink,
            state: RefCell::new(PlayerState::default()),
            on_screen: Cell::new(true),
            frames: RefCell::new(None),
        });

        let mut subscriptions = Vec::with_capacity(EVENTS.len());
        for name in EVENTS {
            let weak = Rc::downgrade(&shared);
            let cb = Closure::<dyn FnMut(JsValue)>::new(move |_| {
                if let Some(s) = weak.upgrade() {
                    s.refresh(false);
                }
            });
            // An object that throws for a name it does not know is fine.
            let _ = on.call2(&obj, &JsValue::from_str(name), cb.as_ref());
            subscriptions.push((name, cb));
        }
        let weak = Rc::downgrade(&shared);
        let weak2 = Rc::downgrade(&shared);
        let watch = Watch::new(
            &el,
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
        let (play, pause) = (method(&obj, "play"), method(&obj, "pause"));
        let seek = match api.seek {
            SeekBy::Method(k) => method(&obj, k).map(Seek::Call),
            SeekBy::Property(k) => js_sys::Reflect::has(&obj, &JsValue::from_str(k))
                .unwrap_or(false)
                .then_some(Seek::Set(k)),
        };
        let caps = Capabilities {
            seek: seek.is_some(),
            play: play.is_some(),
            pause: pause.is_some(),
        };
        shared.refresh(true);
        Ok(CustomPlayer {
            shared,
            caps,
            play,
            pause,
            seek,
            off: method(&obj, "off"),
            subscriptions,
            _watch: watch,
        })
    }
}

impl Shared {
    fn refresh(self: &Rc<Self>, relayout: bool) {
        let h = &self.object;
        let mut next = self.state.borrow().clone();
        next.time = h.time();
        next.paused = h.paused();
        next.ended = h.read_opt(&h.ended).as_bool().unwrap_or(false);
        next.rate = h.read_opt(&h.rate).as_f64().unwrap_or(1.0);
        next.duration = h
            .read_opt(&h.duration)
            .as_f64()
            .filter(|d| !d.is_nan())
            .unwrap_or(0.0);
        if relayout || next.content_box.is_none() {
            let (layout, content_box) = read_layout(&self.el, &self.picture);
            next.layout = layout;
            next.content_box = content_box;
            next.fullscreen = is_fullscreen(&self.el, &self.el);
        }
        let run = !next.paused && !next.ended && self.on_screen.get();
        self.publish(next);

        let running = self.frames.borrow().is_some();
        if run && !running {
            let weak = Rc::downgrade(self);
            let lp = FrameLoop::start(&self.el, move |_| {
                let Some(s) = weak.upgrade() else { return };
                // An object that forgets to send "pause" must not keep us polling.
                if s.object.paused() {
                    s.refresh(false);
                    return;
                }
                let mut next = s.state.borrow().clone();
                next.time = s.object.time();
                s.publish(next);
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

impl Player for CustomPlayer {
    fn name(&self) -> &'static str {
        "custom"
    }

    fn state(&self) -> PlayerState {
        self.shared.state.borrow().clone()
    }

    fn capabilities(&self) -> Capabilities {
        self.caps
    }

    fn request(&self, req: PlayerRequest) {
        let obj = &self.shared.object.obj;
        let result = match req {
            PlayerRequest::Play => self.play.as_ref().map(|f| f.call0(obj)),
            PlayerRequest::Pause => self.pause.as_ref().map(|f| f.call0(obj)),
            PlayerRequest::Seek(t) => {
                let t = JsValue::from_f64(t.max(0.0));
                match &self.seek {
                    Some(Seek::Call(f)) => Some(f.call1(obj, &t)),
                    Some(Seek::Set(k)) => {
                        let _ = js_sys::Reflect::set(obj, &JsValue::from_str(k), &t);
                        None
                    }
                    None => None,
                }
            }
        };
        // An object's play() may return a promise that rejects.
        if let Some(Ok(v)) = result {
            ignore_rejection(v);
        }
    }

    fn surface(&self) -> Element {
        self.shared.el.clone().into()
    }
}

impl Drop for CustomPlayer {
    fn drop(&mut self) {
        self.shared.frames.borrow_mut().take();
        let obj = &self.shared.object.obj;
        for (name, cb) in self.subscriptions.drain(..) {
            match &self.off {
                Some(off) => {
                    let _ = off.call2(obj, &JsValue::from_str(name), cb.as_ref());
                }
                // Still registered with the object, which may call it: keep the
                // function alive. It holds only a weak reference, so it does nothing.
                None => cb.forget(),
            }
        }
    }
}
