//! Live shows, the pure part (DESIGN.md, "Live mode"): the events a host's
//! actions become (`event.rs`), their fold (`state.rs`), the per-frame rule
//! that shows each at the viewer's own picture (`visible.rs`), the deals'
//! two clocks (`deal.rs`), pins carried in the playlist (`daterange.rs`),
//! the live and replay playlists the reference server writes
//! (`playlist.rs`, `replay.rs`), the producer console's state and words
//! (`console.rs`), and what one viewer's card shows for the frame on screen
//! (`viewer.rs`).
//! Shared by the server (which sequences, stores and sends events), the
//! viewer's live build and the producer console.
//!
//! What the server sends on `GET /api/live/{show}/events` (Server-Sent
//! Events): a [`Snapshot`] (`event: snapshot`, `id:` its seq) on connect,
//! then every [`Event`] once (`event: live`, `id:` its seq), and now and
//! then [`Units`] (`event: units`, no `id`: the latest values, never a
//! history).

pub mod console;
pub mod daterange;
pub mod deal;
pub mod event;
pub mod playlist;
pub mod replay;
pub mod state;
pub mod viewer;
pub mod visible;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use event::{Action, Deal, EndReason, Event, Kind};
pub use state::{OpenDeal, Pinned, ShowState};
pub use visible::Playhead;

use crate::model::manifest::Manifest;

/// What a viewer gets on connect: enough to show the right pins and deals
/// at once, at any picture within the last [`WINDOW_MS`] of the show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub show: String,
    /// The last event the snapshot includes (its SSE `id`).
    pub seq: u64,
    /// The server's clock when it was made: with the arrival time, the
    /// viewer's estimate of the server's clock.
    pub server_ms: i64,
    /// The fold of every event before `recent`.
    pub base: ShowState,
    /// The events of the last [`WINDOW_MS`], in order: a viewer behind the
    /// live edge applies them when its picture reaches them.
    pub recent: Vec<Event>,
    /// The server's allowance for viewer delay on deals (ms).
    pub allowance_ms: i64,
    pub units: Units,
}

/// How far back a snapshot's `recent` events reach: further than any
/// viewer is behind the live edge (a live HLS window is a minute or two).
pub const WINDOW_MS: i64 = 180_000;

/// What changes fast, sent as its latest value (at most 4 times a second).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Units {
    pub server_ms: i64,
    /// Units left per open deal: offered − held − sold.
    pub deals: BTreeMap<String, u32>,
    /// Units available per `product/variant` of the show's products.
    pub stock: BTreeMap<String, i64>,
    pub likes: u64,
    pub viewers: u64,
}

/// Why a producer action cannot be taken: the JSON path and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub path: String,
    pub message: String,
}

fn refuse(path: &str, message: String) -> Refusal {
    Refusal {
        path: path.into(),
        message,
    }
}

/// Longest deal a producer may open, and the most units.
pub const MAX_DEAL_S: u32 = 3600;
pub const MAX_DEAL_UNITS: u32 = 1_000_000;

/// Checks a producer action against the show's manifest and state.
pub fn check_action(a: &Action, m: &Manifest, state: &ShowState) -> Result<(), Refusal> {
    if state.ended {
        return Err(refuse("type", "the show has ended".into()));
    }
    let product = |id: &str| {
        m.products.iter().find(|p| p.id == id).ok_or_else(|| {
            refuse(
                "product",
                format!("no product \"{id}\" in the show's manifest"),
            )
        })
    };
    match a {
        Action::Pin { product: p, .. } | Action::Unpin { product: p, .. } => {
            product(p)?;
        }
        Action::DealStart {
            product: p,
            variant,
            price,
            units,
            per_buyer,
            duration_s,
            ..
        } => {
            let prod = product(p)?;
            if let Some(v) = variant {
                if !prod.variants.iter().any(|x| &x.id == v) {
                    return Err(refuse("variant", format!("\"{p}\" has no variant \"{v}\"")));
                }
            }
            if *price < 0 {
                return Err(refuse("price", "must not be negative".into()));
            }
            let regular = prod
                .variants
                .iter()
                .filter(|x| variant.as_ref().is_none_or(|v| &x.id == v))
                .map(|x| x.price)
                .min()
                .unwrap_or(prod.price);
            if *price >= regular {
                return Err(refuse(
                    "price",
                    format!("a deal price must be below the regular price ({regular} minor units)"),
                ));
            }
            if *units == 0 || *units > MAX_DEAL_UNITS {
                return Err(refuse("units", format!("from 1 to {MAX_DEAL_UNITS}")));
            }
            if *per_buyer == 0 || per_buyer > units {
                return Err(refuse("per_buyer", "from 1 to the units offered".into()));
            }
            if !(5..=MAX_DEAL_S).contains(duration_s) {
                return Err(refuse(
                    "duration_s",
                    format!("from 5 to {MAX_DEAL_S} seconds"),
                ));
            }
            if state.deals.iter().any(|d| &d.deal.product == p) {
                return Err(refuse(
                    "product",
                    format!("a deal on \"{p}\" is already open"),
                ));
            }
        }
        Action::DealEnd { deal, .. } => {
            if state.deal(deal).is_none() {
                return Err(refuse("deal", format!("no open deal \"{deal}\"")));
            }
        }
        Action::ShowEnd { .. } => {}
    }
    Ok(())
}

/// One media fragment's place on both clocks: where it starts in media
/// time (seconds) and its `EXT-X-PROGRAM-DATE-TIME` (ms since the epoch),
/// as hls.js gives them (`frag.start`, `frag.programDateTime`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fragment {
    pub start: f64,
    pub duration: f64,
    pub program_date_ms: f64,
}

/// The program date (ms) of the frame at `media_time`: the fragment that
/// holds it, `programDateTime + (mediaTime − start) × 1000`. Per frame, from
/// the frame's own `mediaTime` (`requestVideoFrameCallback`), never from
/// one reading per media event: across a discontinuity each fragment has
/// its own date. `fragments` sorted by `start`; `None` outside them all.
pub fn program_date_at(fragments: &[Fragment], media_time: f64) -> Option<f64> {
    if !media_time.is_finite() {
        return None;
    }
    // The last fragment starting at or before the frame.
    let i = fragments.partition_point(|f| f.start <= media_time);
    let f = fragments.get(i.checked_sub(1)?)?;
    // A small tolerance past the end: a frame on the boundary belongs to
    // the fragment that ends there when the next one is not loaded yet.
    if media_time > f.start + f.duration + 0.05 {
        return None;
    }
    Some(f.program_date_ms + (media_time - f.start) * 1000.0)
}
