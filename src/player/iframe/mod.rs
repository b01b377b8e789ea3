//! Shared plumbing for players that live in an `<iframe>` and talk by
//! `postMessage` (YouTube, Vimeo): who may talk to us, where the picture sits,
//! and a smooth clock between the player's few reports a second.
//!
//! A protocol ([`Protocol`]) only translates: messages in, [`Report`]s out;
//! requests in, messages out; and it says when to greet the player.
//! Everything else (the message listener, the origin rule, layout, the clock,
//! the frame loop, the greeting and poll timers) is here and is owned by
//! [`IframePlayer`], which removes all of it when dropped. The clock itself is
//! pure (`model::player_clock`), as are the origins (`model::frame_origin`);
//! `link.rs` reaches the frame's document and `detect.rs` picks the protocol
//! for an iframe. What the media adapters also need is theirs, reused:
//! `follow::Watch` (box and visibility) and `follow::read_layout` (the
//! picture as `Picture::Aspect`), the [`FrameLoop`] (on animation frames, an
//! iframe having no `requestVideoFrameCallback`) and `crate::timer::Timer`.
//!
//! **Who may talk to us.** A message is read only when `event.source` is this
//! iframe's `contentWindow` *and* `event.origin` is one its player may answer
//! from: for a `src` on the vendor's hosts, any of those hosts over `https:`
//! (as the official clients take them, `http:` and `//…` included); for any
//! other `src`, the origin it names ([`expected_origin`]). The first origin
//! that answers is the only one until the frame loads again. Ours go out
//! targeted at that origin (before it, at each candidate), never `"*"`, so
//! they reach only that document. A `srcdoc` or `about:blank` frame holds a
//! document its host page wrote; it has the host's own origin, which is what
//! we expect then. A sandboxed frame without `allow-same-origin` has an opaque
//! origin (`"null"`, shared by every opaque document, and impossible to
//! target): we refuse it.

mod detect;
mod link;

pub use crate::model::player_clock::{Report, JUMP_SECONDS};
pub use detect::detect_iframe;
pub use link::{
    expected_origin, field, iframe_src, number, object, reply_origins_of, string, Link,
};

use super::follow::{is_fullscreen, read_layout, Picture, Watch};
use super::{FrameLoop, Player, PlayerRequest, PlayerState, StateSink};
use crate::model::player_clock::Clock;
use crate::timer::Timer;
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// How often a paused (on-screen) player that answers questions (Vimeo) is
/// asked for its time, so a seek made in its own controls while paused shows
/// at once even if its event is missed.
pub const POLL_MS: u32 = 250;
/// The frame inside the iframe when the manifest gives no `video.aspect`.
pub const DEFAULT_ASPECT: (u32, u32) = (16, 9);

/// What a message says about our greeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Greeting {
    /// Nothing: repeats, if any, go on.
    Pending,
    /// The player answered: repeats stop.
    Answered,
    /// The player asks to be greeted (again) now.
    Requested,
}

/// One postMessage protocol.
pub trait Protocol {
    /// The adapter's name ([`Player::name`]).
    fn name(&self) -> &'static str;
    /// The hosts the vendor serves its player from (`model::frame_origin`).
    fn vendor_hosts(&self) -> &'static [&'static str];
    /// Greets the player: when the adapter starts, after every load of the
    /// frame, on each repeat and when asked. Returns false when the player
    /// must not be greeted (it is the page's own), which also ends the repeats.
    fn greet(&self, link: &Link) -> bool;
    /// How often the greeting repeats until the player answers it; `None`:
    /// once.
    fn greet_every(&self) -> Option<u32> {
        None
    }
    /// Forgets what it learnt from the frame's previous document; called when
    /// the frame loads, before the greeting.
    fn reset(&self) {}
    /// Reads one accepted message (already parsed from JSON when it was a string).
    fn read(&self, data: &JsValue, link: &Link, out: &mut Vec<Report>) -> Greeting;
    /// Whether the player answers questions, so that it is asked for its time
    /// every [`POLL_MS`] while its clock stands ([`Protocol::poll`]).
    fn polls(&self) -> bool {
        false
    }
    fn poll(&self, _link: &Link) {}
    fn request(&self, req: PlayerRequest, link: &Link);
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
    frames: RefCell<Option<FrameLoop>>,
    poll: RefCell<Option<Timer>>,
    /// Repeats the greeting until the player answers.
    greeting: RefCell<Option<Timer>>,
    /// Set while a message is read: one dispatched meanwhile (a protocol
    /// handing something to the page's own player) is not ours to read.
    reading: Cell<bool>,
}

/// Follows one iframe player until dropped; dropping removes the message
/// and load listeners, the watch (its listeners and both observers), both
/// timers and the frame loop.
pub struct IframePlayer {
    shared: Rc<Shared>,
    _listeners: [EventListener; 2],
    _watch: Watch,
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
                iframe.tag_name().to_ascii_lowercase()
            ));
        }
        let aspect = aspect
            .filter(|&(w, h)| w > 0 && h > 0)
            .unwrap_or(DEFAULT_ASPECT);
        let link = Link::new(iframe.clone(), proto.vendor_hosts());
        if link.candidates().is_none() {
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
            clock: RefCell::new(Clock::new(now_ms())),
            on_screen: Cell::new(true),
            frames: RefCell::new(None),
            poll: RefCell::new(None),
            greeting: RefCell::new(None),
            reading: Cell::new(false),
        });

        let window = web_sys::window().ok_or("no window")?;
        let weak = Rc::downgrade(&shared);
        let on_message = EventListener::new(&window, "message", move |e| {
            if let Some(s) = weak.upgrade() {
                s.on_message(e);
            }
        });
        // A (re)loaded frame holds a new player: its origin is learnt and it
        // is greeted again.
        let weak = Rc::downgrade(&shared);
        let on_load = EventListener::new(iframe, "load", move |_| {
            if let Some(s) = weak.upgrade() {
                s.link.unlock();
                s.proto.reset();
                s.start_greeting();
                s.refresh(true);
            }
        });
        let (weak, weak2) = (Rc::downgrade(&shared), Rc::downgrade(&shared));
        let watch = Watch::new(
            iframe,
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

        shared.start_greeting();
        shared.refresh(true);
        Ok(IframePlayer {
            shared,
            _listeners: [on_message, on_load],
            _watch: watch,
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
        self.shared.link.iframe().clone()
    }

    fn fullscreen_container(&self) -> Element {
        let f = self.surface();
        f.parent_element().unwrap_or(f)
    }

    /// Sends the request; a seek also moves our clock at once, so tags follow
    /// without waiting for the player's next report.
    fn request(&self, req: PlayerRequest) {
        let s = &self.shared;
        s.proto.request(req, &s.link);
        if let PlayerRequest::Seek(t) = req {
            s.clock.borrow_mut().seek(t.max(0.0), now_ms());
            s.refresh(false);
        }
    }
}

impl Shared {
    /// Greets the player, and again every `greet_every` until it answers.
    fn start_greeting(self: &Rc<Self>) {
        self.greeting.borrow_mut().take();
        if !self.proto.greet(&self.link) {
            return;
        }
        if let Some(ms) = self.proto.greet_every() {
            let weak = Rc::downgrade(self);
            *self.greeting.borrow_mut() = Timer::every(ms, move || {
                let Some(s) = weak.upgrade() else { return };
                if !s.proto.greet(&s.link) {
                    // The guard cannot be dropped inside its own callback:
                    // the timer stops now, the guard goes with the next
                    // answer, load or drop.
                    if let Some(timer) = s.greeting.borrow().as_ref() {
                        timer.stop();
                    }
                }
            });
        }
    }

    fn on_message(self: &Rc<Self>, e: &web_sys::Event) {
        if self.reading.get() {
            return;
        }
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
        if !origin.is_some_and(|o| self.link.admits(&o)) {
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
        self.reading.set(true);
        let greeting = self.proto.read(&data, &self.link, &mut reports);
        self.reading.set(false);
        match greeting {
            Greeting::Pending => {}
            Greeting::Answered => {
                self.greeting.borrow_mut().take();
            }
            Greeting::Requested => {
                if !self.proto.greet(&self.link) {
                    self.greeting.borrow_mut().take();
                }
            }
        }
        if !reports.is_empty() {
            self.apply(&reports);
        }
    }

    /// Applies reports to the clock and publishes.
    fn apply(self: &Rc<Self>, reports: &[Report]) {
        let now = now_ms();
        let mut clock = self.clock.borrow_mut();
        for &r in reports {
            clock.apply(r, now);
        }
        drop(clock);
        self.refresh(false);
    }

    /// Publishes the state (layout too when `relayout`) and starts or stops
    /// the frame loop and the poll timer.
    fn refresh(self: &Rc<Self>, relayout: bool) {
        let mut next = self.state.borrow().clone();
        let now = now_ms();
        let clock = *self.clock.borrow();
        next.time = clock.at(now);
        next.paused = clock.paused();
        next.ended = clock.ended();
        next.rate = clock.rate();
        next.duration = clock.duration();
        if relayout {
            let iframe = self.link.iframe();
            // The picture inside the frame: the manifest's aspect,
            // letterboxed and centred, as YouTube's and Vimeo's embeds draw it.
            let (w, h) = self.aspect;
            (next.layout, next.content_box) = match iframe.dyn_ref::<HtmlElement>() {
                Some(el) => read_layout(el, &Picture::Aspect(w, h)),
                None => (None, None),
            };
            next.fullscreen = is_fullscreen(iframe, iframe);
        }
        self.publish(next);

        let on_screen = self.on_screen.get();
        let run = clock.advancing() && on_screen;
        let running = self.frames.borrow().is_some();
        if run && !running {
            let weak = Rc::downgrade(self);
            // An iframe has no requestVideoFrameCallback: the loop runs on
            // animation frames and gives no media time, which the clock makes.
            *self.frames.borrow_mut() = Some(FrameLoop::start(self.link.iframe(), move |_| {
                if let Some(s) = weak.upgrade() {
                    let mut next = s.state.borrow().clone();
                    next.time = s.clock.borrow_mut().frame(now_ms());
                    s.publish(next);
                }
            }));
        } else if !run && running {
            self.frames.borrow_mut().take();
        }

        // Polling too stops off screen: nobody sees the tags there, and
        // coming back on screen polls at once.
        let poll = self.proto.polls() && !clock.advancing() && on_screen;
        let polling = self.poll.borrow().is_some();
        if poll && !polling {
            self.proto.poll(&self.link);
            let weak = Rc::downgrade(self);
            *self.poll.borrow_mut() = Timer::every(POLL_MS, move || {
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

impl Drop for IframePlayer {
    fn drop(&mut self) {
        self.shared.frames.borrow_mut().take();
        self.shared.poll.borrow_mut().take();
        self.shared.greeting.borrow_mut().take();
    }
}
