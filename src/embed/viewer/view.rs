//! What a running mount does: places the tags for each player state (and
//! wakes at their next change while the video plays), turns the viewer's
//! taps into the shop's panels and `shoppable:*` events, and follows
//! fullscreen (with `fullscreen: "takeover"`).

use crate::embed::link::{self, Link};
use crate::embed::overlay_element::OverlayElement;
use crate::embed::{events, takeover};
use crate::model::manifest::Manifest;
use crate::model::timeline::Timeline;
use crate::overlay::{self, Event, Overlay};
use crate::player::{BoxPos, Player, PlayerState};
use crate::timer::Timer;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use web_sys::Element;

/// What one mount's viewer keeps: the model, the overlay, the shop link.
pub(super) struct Viewer {
    pub(super) manifest: Manifest,
    pub(super) timeline: Timeline,
    /// Each product's accessible name for its tags: "Title, $19.00".
    pub(super) labels: Vec<String>,
    /// The attach target: `shoppable:*` events are sent on it.
    pub(super) video: Element,
    pub(super) player: Weak<dyn Player>,
    pub(super) last_tag: Cell<Option<usize>>,
    pub(super) content_box: Cell<Option<BoxPos>>,
    pub(super) z: String,
    pub(super) perf: Option<(web_sys::Performance, js_sys::Array)>,
    /// Picture-in-picture: the picture is elsewhere, so the overlay lists the
    /// products instead of placing tags.
    pub(super) pip: Cell<bool>,
    /// `shoppable:video_view` was sent (once per mount).
    pub(super) viewed: Cell<bool>,
    /// `fullscreen: "takeover"`: the wrapper while a bare video's fullscreen
    /// is taken over (`takeover.rs`).
    pub(super) takeover: Option<RefCell<Option<takeover::Wrapper>>>,
    /// With the takeover: the video's native fullscreen button, hidden while
    /// the overlay offers its own.
    pub(super) native_fullscreen: RefCell<Option<takeover::NativeButton>>,
    /// fullscreenchange and picture-in-picture listeners.
    pub(super) listeners: RefCell<Vec<gloo_events::EventListener>>,
    pub(super) link: RefCell<Option<Link>>,
    /// The live card's module, for a manifest with `live` or `pins`.
    pub(super) live: RefCell<Option<Link>>,
    /// The next wake-up while the video plays: the video time of the
    /// tags' next change and the timer set for it. Between changes the
    /// browser moves the tags; nothing runs here per frame.
    pub(super) wake: RefCell<Option<(f64, Timer)>>,
    /// This viewer, for the wake-up's callback.
    pub(super) me: Rc<RefCell<Weak<Viewer>>>,
    pub(super) overlay: Overlay,
    pub(super) overlay_element: OverlayElement,
}

impl Viewer {
    /// Takes down everything this viewer added, at once: after a panic
    /// the frame that panicked still holds an `Rc` of the viewer (no
    /// unwinding), so its `Drop` alone would never run. The live card
    /// (it calls the shop) and the shop (their views live in our overlay)
    /// go first. Tried, never borrowed: a panic may have left one held.
    pub(super) fn teardown(&self) {
        for link in [&self.live, &self.link] {
            if let Ok(mut l) = link.try_borrow_mut() {
                l.take();
            }
        }
        if let Ok(mut l) = self.listeners.try_borrow_mut() {
            l.clear();
        }
        if let Ok(mut w) = self.wake.try_borrow_mut() {
            w.take();
        }
        if let Some(Ok(mut w)) = self.takeover.as_ref().map(RefCell::try_borrow_mut) {
            if let Some(w) = w.take() {
                w.restore();
            }
        }
        if let Ok(mut b) = self.native_fullscreen.try_borrow_mut() {
            if let Some(b) = b.as_mut() {
                b.restore();
            }
        }
        self.overlay.teardown();
        self.overlay_element.teardown();
    }

    pub(super) fn on_state(&self, s: &PlayerState) {
        let started = self.perf.as_ref().map(|p| p.0.now());
        if self.content_box.get() != s.content_box {
            self.content_box.set(s.content_box);
            self.overlay_element.place(s.content_box, &self.z);
        }
        let layout = if self.pip.get() {
            None
        } else {
            s.layout.as_ref().map(|l| (l, s.control_band))
        };
        // The tags move only while the picture does.
        let moving = !s.paused && !s.ended && !s.stalled && s.rate > 0.0;
        let rate = if moving { s.rate } else { 0.0 };
        let next = self.overlay.update(
            &self.manifest,
            &self.timeline,
            &self.labels,
            s.time,
            rate,
            layout,
        );
        self.wake_at(s.time, rate, next);
        // The first time the picture moves: one `shoppable:video_view`.
        if moving && !self.viewed.replace(true) {
            let d = events::view_detail(&self.manifest, s.time);
            events::emit(&self.video, "shoppable:video_view", &d);
        }
        // The live card judges this same frame (its per-frame rule).
        let live = self.live.borrow().as_ref().map(Link::ready);
        if let Some(h) = live {
            link::call_frame(&h, s.time, s.date.unwrap_or(f64::NAN));
        }
        if let (Some((clock, out)), Some(t0)) = (&self.perf, started) {
            out.push(&(clock.now() - t0).into());
        }
    }

    /// Plans the next look at the tags: at their next change while the
    /// video plays (`rate` > 0), never while it is still. A wake-up
    /// already set for the same change on the same clock is kept.
    fn wake_at(&self, t: f64, rate: f64, next: overlay::Next) {
        let Ok(mut wake) = self.wake.try_borrow_mut() else {
            return;
        };
        let Some(at) = next.change.filter(|_| rate > 0.0) else {
            *wake = None;
            return;
        };
        if !next.resynced && wake.as_ref().is_some_and(|(w, _)| *w == at) {
            return;
        }
        // A millisecond late rather than early: early only means one
        // more short wait.
        let ms = ((at - t) / rate * 1000.0).max(0.0).ceil() + 1.0;
        let me = self.me.clone();
        *wake = Timer::once(ms.min(u32::MAX as f64) as u32, move || {
            let v = me.borrow().upgrade();
            let Some(v) = v else { return };
            v.wake.borrow_mut().take();
            let p = v.player.upgrade();
            if let Some(p) = p {
                v.on_state(&p.state());
            }
        })
        .map(|timer| (at, timer));
    }

    pub(super) fn on_event(&self, e: Event) {
        let open = |kind: &'static str, product: usize, opener: web_sys::HtmlElement| {
            if let Some(link) = &*self.link.borrow() {
                link.open(kind, product, Some(opener.into()));
            }
        };
        match e {
            Event::TagView(i) => self.emit_tag("shoppable:tag_view", i),
            Event::TagClick(i, button) => {
                self.last_tag.set(Some(i));
                self.emit_tag("shoppable:tag_click", i);
                open("product", self.manifest.tags[i].product, button);
            }
            Event::Shop(b) => open("list", 0, b),
            Event::Product(p, b) => open("product", p, b),
            Event::Cart(b) => open("cart", 0, b),
            Event::Fullscreen => self.toggle_fullscreen(),
        }
    }

    /// The overlay's "Full screen" button: the wrapper into fullscreen, at
    /// once (the tap's user activation allows one request), or out of it.
    fn toggle_fullscreen(&self) {
        let (Some(slot), Some(doc)) =
            (&self.takeover, web_sys::window().and_then(|w| w.document()))
        else {
            return;
        };
        if doc.fullscreen_element().is_some() {
            doc.exit_fullscreen();
            return;
        }
        let Ok(mut wrapper) = slot.try_borrow_mut() else {
            return;
        };
        if wrapper.is_none() {
            *wrapper = takeover::Wrapper::enter(
                &doc,
                self.overlay_element.surface(),
                &self.overlay_element.element,
            );
        }
    }

    pub(super) fn on_fullscreen(&self, refused: bool) {
        if let (Some(slot), Some(doc)) =
            (&self.takeover, web_sys::window().and_then(|w| w.document()))
        {
            let fs = doc.fullscreen_element();
            let Ok(mut wrapper) = slot.try_borrow_mut() else {
                return;
            };
            let surface = self.overlay_element.surface();
            let bare = fs.as_ref().is_some_and(|f| f.is_same_node(Some(surface)))
                && surface.local_name() == "video";
            if bare && wrapper.is_none() {
                *wrapper = takeover::Wrapper::take(&doc, surface, &self.overlay_element.element);
                return;
            }
            // Our wrapper's fullscreen ended (or was refused): the video goes back.
            if wrapper.as_ref().is_some_and(|w| w.ended(&doc, refused)) {
                if let Some(w) = wrapper.take() {
                    w.restore();
                }
            }
            self.overlay
                .set_fullscreen(wrapper.is_some() && fs.is_some());
        }
        self.overlay_element.follow_fullscreen();
    }

    fn emit_tag(&self, name: &str, i: usize) {
        let t = self.player.upgrade().map(|p| p.state().time).unwrap_or(0.0);
        events::emit(&self.video, name, &events::tag_detail(&self.manifest, i, t));
    }
}
