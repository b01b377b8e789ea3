//! Where a live show's events come from.
//!
//! [`Events`]: the reference server's Server-Sent Events (`live.events`):
//! `snapshot`, `live` and `units` messages. The browser's `EventSource`
//! reconnects by itself and resends `Last-Event-ID`, so the server sends
//! exactly the missed events; when it gives up (a refused or failed
//! response closes it for good), the live card opens a new one after a wait
//! (`model::live::viewer::retry_delay_ms`), and the new snapshot has
//! everything. Closed when dropped.
//!
//! [`Ranges`]: pins carried in the playlist as `EXT-X-DATERANGE`, read from
//! the page's hls.js instance (`LevelDetails.dateRanges`) each time it
//! loads a playlist. hls.js rebuilds `dateRanges` from each playlist, so the
//! card keeps them by ID (`model::live::daterange::Book`). Unsubscribed when
//! dropped.

use crate::model::live::daterange::{pin_range, PinRange};
use gloo_events::EventListener;
use js_sys::{Function, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{EventSource, MessageEvent};

/// What the event stream said.
pub enum Msg {
    Snapshot(JsValue),
    Live(JsValue),
    Units(JsValue),
    /// Connected (again).
    Open,
    /// Lost; `closed` when the browser will not reconnect by itself.
    Lost {
        closed: bool,
    },
}

pub struct Events {
    es: EventSource,
    _listeners: Vec<EventListener>,
}

impl Events {
    pub fn open(url: &str, on: Rc<dyn Fn(Msg)>) -> Option<Events> {
        let es = EventSource::new(url).ok()?;
        let mut listeners = Vec::with_capacity(5);
        for (name, kind) in [("snapshot", 0u8), ("live", 1), ("units", 2)] {
            let on = on.clone();
            listeners.push(EventListener::new(&es, name, move |e| {
                let Some(text) = e
                    .dyn_ref::<MessageEvent>()
                    .and_then(|m| m.data().as_string())
                else {
                    return;
                };
                // A message that is not JSON is skipped; the next snapshot or
                // event carries the state again.
                let Ok(v) = js_sys::JSON::parse(&text) else {
                    return;
                };
                on(match kind {
                    0 => Msg::Snapshot(v),
                    1 => Msg::Live(v),
                    _ => Msg::Units(v),
                });
            }));
        }
        let o = on.clone();
        listeners.push(EventListener::new(&es, "open", move |_| o(Msg::Open)));
        let target = es.clone();
        listeners.push(EventListener::new(&es, "error", move |_| {
            on(Msg::Lost {
                closed: target.ready_state() == EventSource::CLOSED,
            })
        }));
        Some(Events {
            es,
            _listeners: listeners,
        })
    }
}

impl Drop for Events {
    fn drop(&mut self) {
        self.es.close();
    }
}

/// hls.js's event for a (re)loaded media playlist.
const LEVEL_UPDATED: &str = "hlsLevelUpdated";

pub struct Ranges {
    hls: JsValue,
    handler: Closure<dyn FnMut(JsValue, JsValue)>,
}

impl Ranges {
    /// Calls `on` with the pin ranges of each playlist hls.js loads, and now
    /// with those of the playlist it has.
    pub fn listen(hls: &JsValue, on: Rc<dyn Fn(Vec<PinRange>)>) -> Option<Ranges> {
        let each = on.clone();
        let handler =
            Closure::<dyn FnMut(JsValue, JsValue)>::new(move |_: JsValue, data: JsValue| {
                each(pins(&get(&data, "details")))
            });
        let f: Function = get(hls, "on").dyn_into().ok()?;
        f.call2(hls, &LEVEL_UPDATED.into(), handler.as_ref()).ok()?;
        on(pins(&get(hls, "latestLevelDetails")));
        Some(Ranges {
            hls: hls.clone(),
            handler,
        })
    }
}

impl Drop for Ranges {
    fn drop(&mut self) {
        if let Ok(f) = get(&self.hls, "off").dyn_into::<Function>() {
            let _ = f.call2(&self.hls, &LEVEL_UPDATED.into(), self.handler.as_ref());
        }
    }
}

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// The pin ranges of one playlist's details: each `dateRanges` entry's
/// attributes (hls.js's `DateRange.attr`, quotes removed) read by the model.
fn pins(details: &JsValue) -> Vec<PinRange> {
    let ranges = get(details, "dateRanges");
    if !ranges.is_object() {
        return Vec::new();
    }
    let ranges: &Object = ranges.unchecked_ref();
    Object::values(ranges)
        .iter()
        .filter_map(|r| {
            let attr = get(&r, "attr");
            let attr = attr.dyn_ref::<Object>()?;
            let pairs: Vec<(String, String)> = Object::entries(attr)
                .iter()
                .filter_map(|kv| {
                    let kv: js_sys::Array = kv.unchecked_into();
                    Some((kv.get(0).as_string()?, kv.get(1).as_string()?))
                })
                .collect();
            pin_range(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
        .collect()
}
