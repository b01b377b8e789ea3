//! The live module: the pinned product card of a live show or a replay,
//! its flash deals and the like button, started by the viewer through the
//! bridge (`crate::embed::bridge`) for a manifest with `live` or `pins`, and
//! built on its own (the `live` feature), so the plain viewer path never
//! pays for it.
//!
//! What it shows is decided by `model::live::viewer` for each frame the
//! viewer reports (`frame(time, date)`: the frame's tag time and program
//! date, from the same `requestVideoFrameCallback` as the tags), and twice
//! a second from the last reported frame (the server's clock moves while
//! the video is paused). Events come from the server's stream
//! (`source::Events`) or the playlist's `EXT-X-DATERANGE` pins
//! (`source::Ranges`); a replay's pins are in its manifest. Buy and the
//! deal's end under an open payment sheet go to the shop module's handle
//! (`bridge.shop()`), which the card starts as soon as it shows.

mod card;
mod source;

use crate::embed::bridge::Bridge;
use crate::embed::format::PriceFormat;
use crate::embed::{hooks, load};
use crate::model::live::daterange::Book;
use crate::model::live::viewer::{
    frame_ms, replay_card, retry_delay_ms, Card, Likes, Status, Viewer,
};
use crate::model::live::{Event, Snapshot, Units};
use crate::model::manifest::{LiveSource, Manifest};
use crate::timer::Timer;
use card::{Tap, View};
use js_sys::{Function, Reflect};
use source::{Events, Msg, Ranges};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How often the card is judged again without a new frame.
const TICK_MS: u32 = 500;
/// How long taps on the like button gather before they are sent.
const LIKES_MS: u32 = 800;

/// One mount's live card, as the viewer holds it.
#[wasm_bindgen]
pub struct LiveHandle(RefCell<Option<Rc<Live>>>);

#[wasm_bindgen]
impl LiveHandle {
    /// The viewer presented a frame at tag time `time` whose program date is
    /// `date` (ms; `NaN` when unknown).
    pub fn frame(&self, time: f64, date: f64) {
        let live = self.0.borrow().clone();
        if let Some(l) = live {
            l.render(time, date);
        }
    }

    /// Closes the stream, stops every timer and removes the card.
    pub fn destroy(&self) {
        let live = self.0.borrow_mut().take();
        drop(live);
    }
}

/// Where the card's events come from.
enum Feed {
    Events(String),
    Ranges(JsValue),
    Replay,
}

struct Live {
    /// Itself, for the callbacks it starts.
    me: Weak<Live>,
    bridge: Bridge,
    m: Manifest,
    prices: PriceFormat,
    replay: bool,
    viewer: RefCell<Viewer>,
    view: View,
    likes: RefCell<Likes>,
    likes_url: Option<String>,
    /// The deal a Buy tap was for: its sheet is aborted when it ends.
    buying: RefCell<Option<String>>,
    /// The pinned products the shop last heard of.
    told_pinned: RefCell<Option<Vec<usize>>>,
    events: RefCell<Option<Events>>,
    ranges: RefCell<Option<Ranges>>,
    book: RefCell<Book>,
    attempt: Cell<u32>,
    /// The wait before opening a closed stream again, the likes' gathering,
    /// and the tick.
    timers: RefCell<[Option<Timer>; 3]>,
}

/// Starts the live card for the mount described by `bridge`. Throws a
/// message naming the problem (a manifest whose `live` is unusable).
#[wasm_bindgen]
pub fn live_start(bridge: JsValue) -> Result<LiveHandle, JsValue> {
    let bridge = Bridge(bridge);
    let slot = bridge
        .element("slot")
        .ok_or("bridge.slot is not an element")?;
    let mut loaded = load::from_value(bridge.value("manifest"), bridge.string("base"), "manifest")
        .map_err(JsValue::from)?;
    if let Some(a) = bridge.provided() {
        hooks::apply(&a, &mut loaded.manifest);
    }
    // The viewer's build skipped `live` and `pins`: their warnings are told here.
    #[cfg(not(feature = "shop"))]
    for w in loaded.warnings.iter().filter(|w| w.starts_with("pins")) {
        web_sys::console::warn_1(&["shoppable: ", w.as_str()].concat().into());
    }
    let m = loaded.manifest;
    let feed = match &m.live {
        Some(l) if l.source == LiveSource::Daterange => Feed::Ranges(find_hls(&bridge).ok_or(
            "live.source \"daterange\" reads the playlist through the page's hls.js: pass Shoppable.attach(video, { player: { hls } }) or set video.hls = hls",
        )?),
        Some(l) => Feed::Events(
            l.events
                .as_deref()
                .and_then(|e| load::resolve(e, &loaded.base))
                .ok_or("live.events: no usable URL")?,
        ),
        None => Feed::Replay,
    };
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let options = bridge.value("options");
    let locale = Reflect::get(&options, &"locale".into())
        .ok()
        .and_then(|l| l.as_string());
    let prices = PriceFormat::for_manifest(locale, &m);
    let likes_url = match &feed {
        // The server's likes route sits beside its events: …/{show}/likes.
        Feed::Events(url) => load::resolve("likes", url),
        _ => None,
    };
    let live = Rc::new_cyclic(|me: &Weak<Live>| {
        let to = me.clone();
        let tap: Rc<dyn Fn(Tap)> = Rc::new(move |t| {
            if let Some(l) = to.upgrade() {
                l.on_tap(t);
            }
        });
        // The table the viewer imported for this module, or English.
        let words = crate::embed::words::Words::new(
            &bridge.string("lang"),
            bridge.value("words_live"),
            crate::model::words::en::LIVE,
        );
        let view = View::new(&doc, &slot, likes_url.is_some(), tap, words);
        Live {
            me: me.clone(),
            bridge,
            prices,
            replay: matches!(feed, Feed::Replay),
            viewer: RefCell::new(Viewer::new()),
            view,
            likes: RefCell::default(),
            likes_url,
            buying: RefCell::new(None),
            told_pinned: RefCell::new(None),
            events: RefCell::new(None),
            ranges: RefCell::new(None),
            book: RefCell::default(),
            attempt: Cell::new(0),
            timers: RefCell::default(),
            m,
        }
    });
    match feed {
        Feed::Events(url) => connect(&live, url),
        Feed::Ranges(hls) => {
            let w = Rc::downgrade(&live);
            let on = Rc::new(move |ranges| {
                if let Some(l) = w.upgrade() {
                    let new = l.book.borrow_mut().add(ranges);
                    if !new.is_empty() {
                        let mut v = l.viewer.borrow_mut();
                        new.into_iter().for_each(|e| v.on_event(e));
                    }
                }
            });
            *live.ranges.borrow_mut() = Ranges::listen(&hls, on);
        }
        Feed::Replay => {}
    }
    let w = Rc::downgrade(&live);
    live.timers.borrow_mut()[2] = Timer::every(TICK_MS, move || {
        if let Some(l) = w.upgrade() {
            l.render_now();
        }
    });
    live.render_now();
    Ok(LiveHandle(RefCell::new(Some(live))))
}

/// The page's hls.js instance: the attach option `player.hls`, else `video.hls`.
fn find_hls(bridge: &Bridge) -> Option<JsValue> {
    let get = |o: &JsValue, k: &str| Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let player = get(&bridge.value("options"), "player");
    [get(&player, "hls"), get(&bridge.value("target"), "hls")]
        .into_iter()
        .find(|h| get(h, "on").is_function())
}

/// Opens the event stream at `url`; a stream closed for good is opened again
/// after a growing wait.
fn connect(live: &Rc<Live>, url: String) {
    let w = Rc::downgrade(live);
    let u = url.clone();
    let on: Rc<dyn Fn(Msg)> = Rc::new(move |msg| {
        let Some(l) = w.upgrade() else { return };
        if let Msg::Lost { closed: true } = msg {
            l.events.borrow_mut().take();
            let n = l.attempt.get();
            l.attempt.set(n.saturating_add(1));
            let (w, u) = (Rc::downgrade(&l), u.clone());
            l.timers.borrow_mut()[0] = Timer::once(retry_delay_ms(n), move || {
                if let Some(l) = w.upgrade() {
                    connect(&l, u);
                }
            });
        }
        l.on_msg(msg);
    });
    let events = Events::open(&url, on);
    *live.events.borrow_mut() = events;
}

impl Live {
    fn on_msg(&self, msg: Msg) {
        let now = js_sys::Date::now() as i64;
        match msg {
            Msg::Snapshot(v) => match serde_wasm_bindgen::from_value::<Snapshot>(v) {
                Ok(s) => {
                    self.likes
                        .borrow_mut()
                        .on_units(s.units.likes, s.units.server_ms);
                    self.viewer.borrow_mut().on_snapshot(s, now);
                    self.connected();
                }
                Err(e) => skipped("snapshot", &e.to_string()),
            },
            Msg::Live(v) => match serde_wasm_bindgen::from_value::<Event>(v) {
                Ok(e) => {
                    self.viewer.borrow_mut().on_event(e);
                    self.connected();
                }
                Err(e) => skipped("event", &e.to_string()),
            },
            Msg::Units(v) => match serde_wasm_bindgen::from_value::<Units>(v) {
                Ok(u) => {
                    self.likes.borrow_mut().on_units(u.likes, u.server_ms);
                    self.viewer.borrow_mut().on_units(u);
                }
                Err(e) => skipped("units", &e.to_string()),
            },
            Msg::Open => self.connected(),
            Msg::Lost { .. } => self.view.set_status(true),
        }
        self.view.set_likes(self.likes.borrow().shown());
        // Applied now only if the picture on screen has reached them.
        self.render_now();
    }

    fn connected(&self) {
        self.attempt.set(0);
        self.view.set_status(false);
    }

    /// Judges the card again at the last frame the viewer reported.
    fn render_now(&self) {
        self.render(self.bridge.time(), self.bridge.date());
    }

    fn render(&self, time: f64, date: f64) {
        let now = js_sys::Date::now() as i64;
        let card = if self.replay {
            replay_card(&self.m.pins, time)
        } else {
            self.viewer.borrow_mut().card(&self.m, frame_ms(date), now)
        };
        // Once a card shows, the shop loads, so Buy opens the sheet in the tap.
        let shop = match &card {
            Some(_) => self.bridge.shop(),
            None => JsValue::UNDEFINED,
        };
        self.view
            .show(&self.m, &self.prices, card.as_ref(), shop.is_object());
        self.tell_shop(card.as_ref(), now);
    }

    /// Tells the shop what changed: the pinned products ("Shop this video"
    /// lists them first), and a deal that ended under an open sheet.
    fn tell_shop(&self, card: Option<&Card>, now: i64) {
        let shop = self.bridge.shop();
        let pinned = if self.replay {
            card.map(|c| vec![c.product]).unwrap_or_default()
        } else {
            self.viewer.borrow().pinned().to_vec()
        };
        if shop.is_object() && self.told_pinned.borrow().as_ref() != Some(&pinned) {
            let list: js_sys::Array = pinned.iter().map(|&p| JsValue::from(p as u32)).collect();
            call(&shop, "setPinned", &[list.into()]);
            *self.told_pinned.borrow_mut() = Some(pinned);
        }
        let buying = self.buying.borrow().clone();
        let Some(deal) = buying else { return };
        let status = self.viewer.borrow_mut().deal_status(&deal, now);
        // The shop words it, in its catalogue (`Shop::abort_deal`).
        let why = match status {
            Status::Open { .. } => return,
            Status::SoldOut => "sold_out",
            Status::Over => "over",
        };
        self.buying.borrow_mut().take();
        call(&shop, "abortDeal", &[deal.into(), why.into()]);
    }

    fn on_tap(&self, tap: Tap) {
        match tap {
            Tap::Buy(variant) => self.buy(variant),
            Tap::Chose => self.view.refresh(&self.m, &self.prices),
            Tap::Like => {
                self.likes.borrow_mut().tap();
                self.view.set_likes(self.likes.borrow().shown());
                self.send_likes_later();
            }
        }
    }

    /// Buy on the card: the shop's one-tap checkout, in this tap.
    fn buy(&self, variant: String) {
        let Some(card) = self.view.shown() else {
            return;
        };
        let shop = self.bridge.shop();
        let deal = card
            .deal
            .filter(|d| matches!(d.status, Status::Open { .. }));
        let (id, price) = match &deal {
            Some(d) => (JsValue::from(d.deal.id.as_str()), d.deal.price as f64),
            None => (JsValue::UNDEFINED, 0.0),
        };
        let args = [
            (card.product as u32).into(),
            variant.into(),
            id,
            price.into(),
        ];
        let said = call(&shop, "buy", &args).as_string().unwrap_or_default();
        if said.is_empty() {
            *self.buying.borrow_mut() = deal.map(|d| d.deal.id);
        }
        self.view.note(&said);
    }

    fn send_likes_later(&self) {
        if self.timers.borrow()[1].is_some() {
            return;
        }
        let w = self.me.clone();
        self.timers.borrow_mut()[1] = Timer::once(LIKES_MS, move || {
            if let Some(l) = w.upgrade() {
                l.timers.borrow_mut()[1].take();
                l.send_likes();
            }
        });
    }

    fn send_likes(&self) {
        let (Some(url), Some(n)) = (self.likes_url.clone(), self.likes.borrow_mut().batch()) else {
            return;
        };
        let w = self.me.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let total = post_likes(&url, n).await;
            let Some(l) = w.upgrade() else { return };
            let server_now = l.viewer.borrow().server_now(js_sys::Date::now() as i64);
            let mut likes = l.likes.borrow_mut();
            match total {
                Some(t) => likes.sent(t, server_now),
                None => likes.failed(),
            }
            let (shown, more) = (likes.shown(), likes.pending());
            drop(likes);
            l.view.set_likes(shown);
            if more {
                l.send_likes_later();
            }
        });
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.events.borrow_mut().take();
        self.ranges.borrow_mut().take();
        *self.timers.borrow_mut() = Default::default();
    }
}

/// `POST likes {"count": n}`; the server's new sum when it took them.
async fn post_likes(url: &str, n: u32) -> Option<u64> {
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&["{\"count\":", n.to_string().as_str(), "}"].concat().into());
    let headers = web_sys::Headers::new().ok();
    if let Some(h) = &headers {
        let _ = h.set("Content-Type", "application/json");
        init.set_headers(h);
    }
    let w = web_sys::window()?;
    let r: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(w.fetch_with_str_and_init(url, &init))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    if !r.ok() {
        return None;
    }
    let body = wasm_bindgen_futures::JsFuture::from(r.json().ok()?)
        .await
        .ok()?;
    Reflect::get(&body, &"likes".into())
        .ok()?
        .as_f64()
        .map(|n| n as u64)
}

/// Calls `h[name](...args)`; `undefined` when there is no such function.
fn call(h: &JsValue, name: &str, args: &[JsValue]) -> JsValue {
    let Ok(f) = Reflect::get(h, &name.into()).and_then(|f| f.dyn_into::<Function>()) else {
        return JsValue::UNDEFINED;
    };
    let args: js_sys::Array = args.iter().collect();
    f.apply(h, &args).unwrap_or(JsValue::UNDEFINED)
}

fn skipped(what: &str, why: &str) {
    web_sys::console::warn_1(
        &[
            "shoppable: a live ",
            what,
            " message could not be read (",
            why,
            "); skipped",
        ]
        .concat()
        .into(),
    );
}
