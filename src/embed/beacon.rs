//! First-party analytics (README, "First-party analytics"): a mount's own
//! `shoppable:*` events, heard on its target as any page script hears
//! them (no second tap into the overlay or the shop: the shop module's
//! events reach it the same way), sent in batches to the reference
//! server's `POST /api/events` with `navigator.sendBeacon`.
//!
//! An event is its kind (the DOM event's name without `shoppable:`), its
//! tag and its video time; the batch adds the video id and, for a live
//! show, the show id. Nothing about the viewer: no id, no storage, and no
//! cookie of ours (the reference server sets none and reads none). The
//! body is a string, so it goes as `text/plain`, a simple request with no
//! preflight. A batch goes when it holds `MAX_EVENTS`, when the page is
//! hidden or left (`visibilitychange` to hidden, `pagehide`: the last
//! moments a beacon is sure to leave) and when the mount is destroyed.
//!
//! Hand-written over js-sys (an `Array` of plain objects inside the batch
//! object, `JSON.stringify`) rather than serde, which the viewer does
//! without: this is the budgeted viewer path. (In the loader as JS it cost
//! less, but put the loader over its own 2 KB budget.)

use crate::model::beacon::MAX_EVENTS;
use gloo_events::EventListener;
use js_sys::{Array, Object, Reflect, JSON};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::{Element, EventTarget};

use super::events::set;

/// The DOM events counted; each one's name after the prefix is its kind
/// (`model::beacon::Kind::name`).
const COUNTED: [&str; 7] = [
    "shoppable:video_view",
    "shoppable:tag_view",
    "shoppable:tag_click",
    "shoppable:product_view",
    "shoppable:add_to_cart",
    "shoppable:begin_checkout",
    "shoppable:purchase",
];

struct Queue {
    url: String,
    /// `{ video, show?, events }`, `events` being the array below.
    head: Object,
    /// The events held, and how many (counted here: no call to ask JS).
    events: Array,
    held: Cell<u32>,
}

impl Queue {
    fn send(&self) {
        if self.held.replace(0) == 0 {
            return;
        }
        let body = JSON::stringify(&self.head).ok().and_then(|s| s.as_string());
        self.events.set_length(0);
        if let Some(w) = web_sys::window() {
            // Refused (over the browser's quota): those events are lost,
            // as a beacon may be; the page is never told.
            let _ = w
                .navigator()
                .send_beacon_with_opt_str(&self.url, body.as_deref());
        }
    }
}

/// One mount's beacon. Dropping it sends what it holds and removes its listeners.
pub struct Beacon {
    _listeners: Vec<EventListener>,
    queue: Rc<Queue>,
}

impl Beacon {
    /// Listens on `target` for the counted events of `video` (in `show`,
    /// the manifest's `live.show` as written, or undefined).
    pub fn start(target: &Element, url: String, video: &str, show: JsValue) -> Option<Beacon> {
        let w = web_sys::window()?;
        let doc = w.document()?;
        let head = Object::new();
        set(&head, "video", video);
        if show.is_string() {
            set(&head, "show", show);
        }
        let events = Array::new();
        set(&head, "events", &events);
        let queue = Rc::new(Queue {
            url,
            head,
            events,
            held: Cell::new(0),
        });
        let mut listeners = Vec::with_capacity(COUNTED.len() + 2);
        for name in COUNTED {
            listeners.push(listen(target, name, &queue));
        }
        listeners.push(listen(&doc, "visibilitychange", &queue));
        listeners.push(listen(&w, "pagehide", &queue));
        Some(Beacon {
            _listeners: listeners,
            queue,
        })
    }
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &k.into()).unwrap_or_default()
}

/// One listener for all nine registrations (one closure type: the
/// smallest code): a counted event is queued, sending a full batch; the
/// page hidden or left sends what is held.
fn listen(target: &EventTarget, name: &'static str, queue: &Rc<Queue>) -> EventListener {
    let q = queue.clone();
    EventListener::new(target, name, move |e| {
        let Some(kind) = name.strip_prefix("shoppable:") else {
            // `pagehide` always; `visibilitychange` when it is to hidden.
            if name == "pagehide"
                || web_sys::window()
                    .and_then(|w| w.document())
                    .is_none_or(|d| d.hidden())
            {
                q.send();
            }
            return;
        };
        let detail = get(e, "detail");
        let ev = Object::new();
        set(&ev, "kind", kind);
        let tag = get(&detail, "tag_id");
        if tag.is_string() {
            set(&ev, "tag", tag);
        }
        // The server checks it (a number from 0 up).
        set(&ev, "t", get(&detail, "video_time"));
        q.events.push(&ev);
        let held = q.held.get() + 1;
        q.held.set(held);
        if held >= MAX_EVENTS as u32 {
            q.send();
        }
    })
}

impl Drop for Beacon {
    fn drop(&mut self) {
        self.queue.send();
    }
}

/// Where a mount's beacons go: `/api/events` on the checkout endpoint's
/// server (the reference server), else on the manifest's.
pub fn url(endpoint: Option<&str>, base: &str) -> Option<String> {
    let server = endpoint
        .and_then(|e| super::load::resolve(e, base))
        .unwrap_or_else(|| base.to_owned());
    super::load::resolve("/api/events", &server)
}

/// The `events` attach option: `false` turns the beacon off.
pub fn wanted(option: &JsValue) -> bool {
    option.as_bool() != Some(false)
}
