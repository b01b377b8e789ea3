//! What one viewer's live card shows, as plain data: the viewer's side of a
//! show (the snapshot, the events as they arrive, the latest units) folded by
//! the per-frame rule (`visible.rs`) into one [`Card`] for the frame on
//! screen. The live build (`src/live/`) feeds it and draws the card; all of
//! its decisions are here, tested natively.
//!
//! Two clocks, as DESIGN.md's "Live mode" says: which product is pinned and
//! when a deal opens follow the picture's program date; units left, sold
//! out and the server's window follow the server's clock, estimated from the
//! snapshot's `server_ms` and the local clock.

use std::collections::{BTreeMap, BTreeSet};

use super::deal::{countdown, Countdown, Over};
use super::event::{Deal, EndReason, Event, Kind};
use super::state::{OpenDeal, ShowState};
use super::visible::Playhead;
use super::{Snapshot, Units};
use crate::model::manifest::{Manifest, PinSpan};

/// What the card shows for one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// Index into `Manifest::products`.
    pub product: usize,
    pub deal: Option<DealCard>,
}

/// A deal on the card's product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealCard {
    pub deal: Deal,
    pub status: Status,
    /// Units left as the server last said; `None` until it has.
    pub units_left: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Open: this many ms of the countdown are left (in stream time).
    Open { left_ms: i64 },
    /// Every unit is taken: shown until the countdown would have ended.
    SoldOut,
    /// The countdown ran out, or the server's window closed.
    Over,
}

/// The program date (ms) a frame is judged at: its date rounded to the
/// millisecond, so an event at `at` (whole ms, stamped from a frame's date)
/// applies on the first frame whose date is ≥ `at` − 0.5 ms. `None` for a
/// frame of unknown date (NaN).
pub fn frame_ms(date: f64) -> Option<i64> {
    // f64::round rounds half away from zero: floor(d + 0.5) for d ≥ 0.
    date.is_finite().then(|| date.round() as i64)
}

/// A replay's card at media time `t`: the pin span holding `t` that started
/// last (`start <= t < end`), as the pin shown live at that moment was the
/// most recent one.
pub fn replay_card(pins: &[PinSpan], t: f64) -> Option<Card> {
    pins.iter()
        .filter(|p| p.start <= t && t < p.end)
        .max_by(|a, b| a.start.total_cmp(&b.start))
        .map(|p| Card {
            product: p.product,
            deal: None,
        })
}

/// "0:42", "1:05": the time left, rounded up to the second, so the
/// countdown reads 0:00 only when it is over.
pub fn clock_text(left_ms: i64) -> String {
    let s = (left_ms.max(0) + 999) / 1000;
    let secs = s % 60;
    [
        (s / 60).to_string().as_str(),
        if secs < 10 { ":0" } else { ":" },
        secs.to_string().as_str(),
    ]
    .concat()
}

/// How long to wait before opening the event stream again after it closed
/// for good (the browser reconnects by itself otherwise): 1 s, doubling, at
/// most 30 s.
pub fn retry_delay_ms(attempt: u32) -> u32 {
    1000u32.saturating_mul(1 << attempt.min(5)).min(30_000)
}

/// A viewer's live show.
#[derive(Debug, Clone, Default)]
pub struct Viewer {
    playhead: Playhead,
    units: Units,
    /// The server's clock minus the local clock (ms), from the snapshot.
    offset_ms: i64,
    allowance_ms: i64,
    /// Every deal heard of, by id: a sold-out card outlives the deal's
    /// end event, which the server sends as soon as the last unit is taken.
    deals: BTreeMap<String, OpenDeal>,
    sold_out: BTreeSet<String>,
    /// The date of the last frame judged.
    last_ms: Option<i64>,
    /// The pinned products at the last frame, most recent first.
    pinned: Vec<usize>,
}

impl Viewer {
    /// A viewer with no snapshot (pins carried in the playlist).
    pub fn new() -> Viewer {
        Viewer {
            allowance_ms: super::deal::DEFAULT_ALLOWANCE_MS,
            ..Viewer::default()
        }
    }

    /// On connect (and on a reconnect that could not resume): the state
    /// starts again from the snapshot, which covers everything before it.
    pub fn on_snapshot(&mut self, s: Snapshot, local_now: i64) {
        self.offset_ms = s.server_ms - local_now;
        self.allowance_ms = s.allowance_ms;
        for d in &s.base.deals {
            self.deals.insert(d.deal.id.clone(), d.clone());
        }
        self.note_units(&s.units);
        self.units = s.units;
        let recent = s.recent;
        for e in &recent {
            self.note(e);
        }
        self.playhead = Playhead::new(s.base, recent);
    }

    /// An event as it arrives; it shows when the picture reaches its `at`.
    pub fn on_event(&mut self, e: Event) {
        self.note(&e);
        self.playhead.push(e);
    }

    /// The latest units (and the server's clock with them).
    pub fn on_units(&mut self, u: Units) {
        self.note_units(&u);
        self.units = u;
    }

    /// The last event known: what a reconnect resumes after.
    pub fn seq(&self) -> u64 {
        self.playhead.seq()
    }

    pub fn units(&self) -> &Units {
        &self.units
    }

    /// The server's clock now, estimated from the local clock.
    pub fn server_now(&self, local_now: i64) -> i64 {
        local_now + self.offset_ms
    }

    /// The pinned products at the last frame judged, most recent first.
    pub fn pinned(&self) -> &[usize] {
        &self.pinned
    }

    fn note(&mut self, e: &Event) {
        match &e.kind {
            Kind::DealStart { deal } => {
                self.deals.insert(
                    deal.id.clone(),
                    OpenDeal {
                        deal: deal.clone(),
                        at: e.at,
                        server_ms: e.server_ms,
                    },
                );
            }
            Kind::DealEnd {
                deal,
                reason: EndReason::SoldOut,
            } => {
                self.sold_out.insert(deal.clone());
            }
            _ => {}
        }
    }

    fn note_units(&mut self, u: &Units) {
        for (id, left) in &u.deals {
            if *left == 0 {
                self.sold_out.insert(id.clone());
            }
        }
    }

    /// The card for a frame at program date `d` (ms, [`frame_ms`]); `None`
    /// for a frame of unknown date keeps the last frame's date. `local_now`
    /// is the local clock (ms since the epoch), for the server's window.
    pub fn card(&mut self, m: &Manifest, d: Option<i64>, local_now: i64) -> Option<Card> {
        let d = d.or(self.last_ms);
        self.last_ms = d;
        // A frame of unknown date sees the base and what applies on arrival.
        let state = self.playhead.at(d.unwrap_or(i64::MIN)).clone();
        let index = |id: &str| m.products.iter().position(|p| p.id == id);
        self.pinned = state
            .pins
            .iter()
            .filter_map(|p| index(&p.product))
            .collect();
        // The most recent pin, else a deal on a product nobody pinned.
        let product = self.pinned.first().copied().or_else(|| {
            state
                .deals
                .iter()
                .rev()
                .find_map(|od| index(&od.deal.product))
        })?;
        let id = m.products[product].id.as_str();
        let server_now = self.server_now(local_now);
        let deal = match (open_deal(&state, id), d) {
            (Some(od), Some(d)) => Some(self.deal_card(od, d, server_now)),
            // Before the first dated frame a deal cannot be timed: shown
            // without a countdown, as the server still sells it.
            (Some(od), None) => Some(DealCard {
                deal: od.deal.clone(),
                status: Status::Open {
                    left_ms: od.deal.duration_ms(),
                },
                units_left: self.units_left(&od.deal.id),
            }),
            (None, Some(d)) => self.recently_sold_out(id, d),
            (None, None) => None,
        };
        Some(Card { product, deal })
    }

    /// Deal `id` at the last frame judged: open (with its countdown), sold
    /// out, or over (ended by the host, the server or the show, or its time
    /// run out). The live card aborts a payment sheet for a deal once it is
    /// no longer open.
    pub fn deal_status(&mut self, id: &str, local_now: i64) -> Status {
        let d = self.last_ms;
        let state = self.playhead.at(d.unwrap_or(i64::MIN));
        let open = state.deal(id).cloned();
        match (open, d) {
            (Some(od), Some(d)) => self.deal_card(&od, d, self.server_now(local_now)).status,
            _ if self.sold_out.contains(id) => Status::SoldOut,
            (Some(od), None) => Status::Open {
                left_ms: od.deal.duration_ms(),
            },
            (None, _) => Status::Over,
        }
    }

    fn units_left(&self, deal: &str) -> Option<u32> {
        if self.sold_out.contains(deal) {
            return Some(0);
        }
        self.units.deals.get(deal).copied()
    }

    fn deal_card(&self, od: &OpenDeal, d: i64, server_now: i64) -> DealCard {
        let units_left = self.units_left(&od.deal.id);
        let status = match countdown(od, d, server_now, self.allowance_ms, units_left) {
            Countdown::Open { left_ms } => Status::Open { left_ms },
            Countdown::Over(Over::SoldOut) => Status::SoldOut,
            Countdown::Over(Over::Time) => Status::Over,
        };
        DealCard {
            deal: od.deal.clone(),
            status,
            units_left,
        }
    }

    /// A deal on `product` that sold out and whose countdown would still
    /// run at `d`: the card keeps saying so rather than falling back to the
    /// regular price the moment the server ends it.
    fn recently_sold_out(&self, product: &str, d: i64) -> Option<DealCard> {
        let od = self
            .deals
            .values()
            .filter(|od| od.deal.product == product && self.sold_out.contains(&od.deal.id))
            .filter(|od| {
                od.at
                    .is_some_and(|at| at <= d && d < at + od.deal.duration_ms())
            })
            .max_by_key(|od| od.at)?;
        Some(DealCard {
            deal: od.deal.clone(),
            status: Status::SoldOut,
            units_left: Some(0),
        })
    }
}

/// The open deal on `product` in `state` (the last opened, if several).
fn open_deal<'a>(state: &'a ShowState, product: &str) -> Option<&'a OpenDeal> {
    state
        .deals
        .iter()
        .rev()
        .find(|od| od.deal.product == product)
}

/// A viewer's likes: taps are sent in batches (the server takes 1–50 per
/// request and answers with its new sum), and the count shown is the
/// server's sum plus the viewer's own taps that sum does not include yet.
#[derive(Debug, Clone, Default)]
pub struct Likes {
    server: u64,
    unsent: u32,
    in_flight: u32,
    /// The sum the server answered a batch with, and its time then: a units
    /// message older than that (sent before the batch landed) may not count
    /// it, so the sum shown does not fall below it.
    floor: Option<(i64, u64)>,
}

/// The most likes one request may carry.
pub const LIKES_PER_REQUEST: u32 = 50;

impl Likes {
    pub fn tap(&mut self) {
        self.unsent = self.unsent.saturating_add(1);
    }

    /// The next batch to send, if any (it is then in flight).
    pub fn batch(&mut self) -> Option<u32> {
        let n = self.unsent.min(LIKES_PER_REQUEST);
        if n == 0 || self.in_flight > 0 {
            return None;
        }
        self.unsent -= n;
        self.in_flight = n;
        Some(n)
    }

    /// The batch in flight was taken: the server's sum is now `total`, at
    /// its time `server_now` (estimated).
    pub fn sent(&mut self, total: u64, server_now: i64) {
        self.in_flight = 0;
        self.server = self.server.max(total);
        self.floor = Some((server_now, total));
    }

    /// The batch in flight was refused (too many, or no answer): dropped,
    /// since a like is not worth a retry loop.
    pub fn failed(&mut self) {
        self.in_flight = 0;
    }

    /// The server's sum as of its time `server_ms`.
    pub fn on_units(&mut self, likes: u64, server_ms: i64) {
        if self.floor.is_some_and(|(at, _)| server_ms >= at) {
            self.floor = None;
        }
        self.server = self.floor.map_or(likes, |(_, f)| likes.max(f));
    }

    pub fn shown(&self) -> u64 {
        self.server + u64::from(self.unsent) + u64::from(self.in_flight)
    }

    /// Whether taps wait to be sent.
    pub fn pending(&self) -> bool {
        self.unsent > 0
    }
}
