//! The adapter for a plain `<video>` (and anything else exposing the
//! HTMLMediaElement API).
//!
//! Media events tell us about discrete changes (play, pause, seek, rate,
//! metadata); a [`FrameLoop`] follows time smoothly, but only while the video
//! is playing *and* on screen, so a paused, ended or scrolled-away video costs
//! nothing per frame.

use super::{BoxPos, FrameLoop, Player, PlayerRequest, PlayerState, StateSink};
use crate::model::geometry::{parse_px, Layout, ObjectFit, ObjectPosition, Size};
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlVideoElement, IntersectionObserver, ResizeObserver};

struct Shared {
    video: HtmlVideoElement,
    sink: StateSink,
    state: RefCell<PlayerState>,
    on_screen: Cell<bool>,
    frames: RefCell<Option<FrameLoop>>,
}

/// Follows one `<video>` until dropped; dropping removes every listener,
/// observer and frame callback it added.
pub struct Html5Player {
    shared: Rc<Shared>,
    _listeners: Vec<EventListener>,
    resize: ResizeObserver,
    _resize_cb: Closure<dyn FnMut(JsValue)>,
    visibility: IntersectionObserver,
    _visibility_cb: Closure<dyn FnMut(js_sys::Array)>,
}

const MEDIA_EVENTS: [&str; 12] = [
    "play", "playing", "pause", "seeking", "seeked", "timeupdate", "ratechange", "ended",
    "loadedmetadata", "resize", "emptied", "durationchange",
];

impl Html5Player {
    pub fn new(video: HtmlVideoElement, sink: StateSink) -> Html5Player {
        let shared = Rc::new(Shared {
            video: video.clone(),
            sink,
            state: RefCell::new(PlayerState::default()),
            // Assume visible until the observer says otherwise: the loader only
            // mounts targets that are near the viewport.
            on_screen: Cell::new(true),
            frames: RefCell::new(None),
        });

        let mut listeners = Vec::with_capacity(MEDIA_EVENTS.len() + 2);
        for name in MEDIA_EVENTS {
            let weak = Rc::downgrade(&shared);
            let relayout = matches!(name, "loadedmetadata" | "resize" | "emptied");
            // While frames are followed, `timeupdate`'s currentTime runs ahead of
            // the frame on screen; taking it would make tags step back.
            let smooth = name == "timeupdate";
            listeners.push(EventListener::new(&video, name, move |_| {
                if let Some(s) = weak.upgrade() {
                    if !(smooth && s.frames.borrow().is_some()) {
                        s.refresh(relayout);
                    }
                }
            }));
        }
        let window = web_sys::window().expect_throw("no window");
        // Page reflows can move the video without resizing it.
        let weak = Rc::downgrade(&shared);
        listeners.push(EventListener::new(&window, "resize", move |_| {
            if let Some(s) = weak.upgrade() {
                s.refresh(true);
            }
        }));
        let weak = Rc::downgrade(&shared);
        let document = window.document().expect_throw("no document");
        listeners.push(EventListener::new(&document, "fullscreenchange", move |_| {
            if let Some(s) = weak.upgrade() {
                s.refresh(true);
            }
        }));

        let weak = Rc::downgrade(&shared);
        let resize_cb = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            if let Some(s) = weak.upgrade() {
                s.refresh(true);
            }
        });
        let resize = ResizeObserver::new(resize_cb.as_ref().unchecked_ref()).expect_throw("ResizeObserver");
        resize.observe(&video);
        // Content above the video growing or shrinking moves it without
        // resizing it; its parent's size usually changes then.
        if let Some(parent) = video.parent_element() {
            resize.observe(&parent);
        }

        let weak: Weak<Shared> = Rc::downgrade(&shared);
        let visibility_cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let Some(s) = weak.upgrade() else { return };
            if let Some(last) = entries.iter().last() {
                let entry: web_sys::IntersectionObserverEntry = last.unchecked_into();
                s.on_screen.set(entry.is_intersecting());
                s.refresh(false);
            }
        });
        let visibility = IntersectionObserver::new(visibility_cb.as_ref().unchecked_ref())
            .expect_throw("IntersectionObserver");
        visibility.observe(&video);

        shared.refresh(true);
        Html5Player {
            shared,
            _listeners: listeners,
            resize,
            _resize_cb: resize_cb,
            visibility,
            _visibility_cb: visibility_cb,
        }
    }
}

impl Shared {
    /// Re-reads the video (layout too when `relayout`), reports the state if it
    /// changed, and starts or stops the frame loop.
    fn refresh(self: &Rc<Self>, relayout: bool) {
        let v = &self.video;
        let mut next = self.state.borrow().clone();
        next.time = v.current_time();
        next.paused = v.paused();
        next.ended = v.ended();
        next.rate = v.playback_rate();
        next.duration = v.duration();
        if relayout {
            let (layout, content_box) = read_layout(v);
            next.layout = layout;
            next.content_box = content_box;
            next.fullscreen = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.fullscreen_element())
                .is_some_and(|e| e.is_same_node(Some(v)));
        }
        self.publish(next);

        let run = !v.paused() && !v.ended() && self.on_screen.get();
        let running = self.frames.borrow().is_some();
        if run && !running {
            let weak = Rc::downgrade(self);
            let lp = FrameLoop::start(v, move |media_time| {
                if let Some(s) = weak.upgrade() {
                    let mut next = s.state.borrow().clone();
                    next.time = media_time.unwrap_or_else(|| s.video.current_time());
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

/// Reads where the picture sits: computed object-fit/position, the content
/// box (border and padding excluded) and the intrinsic size.
fn read_layout(v: &HtmlVideoElement) -> (Option<Layout>, Option<BoxPos>) {
    let Some(style) = web_sys::window().and_then(|w| w.get_computed_style(v).ok().flatten()) else {
        return (None, None);
    };
    let px = |name: &str| -> f64 {
        style
            .get_property_value(name)
            .ok()
            .and_then(|s| parse_px(&s))
            .unwrap_or(0.0)
    };
    if v.offset_parent().is_none() && style.get_property_value("position").ok().as_deref() != Some("fixed") {
        return (None, None); // not rendered (display: none or detached)
    }
    let (pl, pt, pr, pb) = (px("padding-left"), px("padding-top"), px("padding-right"), px("padding-bottom"));
    let width = v.client_width() as f64 - pl - pr;
    let height = v.client_height() as f64 - pt - pb;
    let content_box = BoxPos {
        left: v.offset_left() as f64 + v.client_left() as f64 + pl,
        top: v.offset_top() as f64 + v.client_top() as f64 + pt,
        width,
        height,
        inset_left: v.client_left() as f64 + pl,
        inset_top: v.client_top() as f64 + pt,
    };
    let (iw, ih) = (v.video_width() as f64, v.video_height() as f64);
    if iw <= 0.0 || ih <= 0.0 || width <= 0.0 || height <= 0.0 {
        return (None, Some(content_box));
    }
    let layout = Layout {
        content: Size { w: width, h: height },
        intrinsic: Size { w: iw, h: ih },
        fit: ObjectFit::parse(&style.get_property_value("object-fit").unwrap_or_default()),
        position: ObjectPosition::parse(&style.get_property_value("object-position").unwrap_or_default()),
    };
    (Some(layout), Some(content_box))
}

impl Player for Html5Player {
    fn name(&self) -> &'static str {
        "html5"
    }

    fn surface(&self) -> web_sys::Element {
        self.shared.video.clone().into()
    }

    fn state(&self) -> PlayerState {
        self.shared.state.borrow().clone()
    }

    fn request(&self, req: PlayerRequest) {
        let v = &self.shared.video;
        match req {
            // play() rejects when autoplay rules forbid it; the video simply
            // stays paused, which the state already says.
            PlayerRequest::Play => {
                if let Ok(p) = v.play() {
                    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_: JsValue| {});
                    let _ = p.catch(&ignore);
                    ignore.forget();
                }
            }
            PlayerRequest::Pause => {
                let _ = v.pause();
            }
            PlayerRequest::Seek(t) => v.set_current_time(t.max(0.0)),
        }
    }
}

impl Drop for Html5Player {
    fn drop(&mut self) {
        self.resize.disconnect();
        self.visibility.disconnect();
        self.shared.frames.borrow_mut().take();
    }
}
