//! A flash deal's two clocks.
//!
//! **The server's window** decides what may be bought: from the moment the
//! server opened the deal until its duration has passed, or the host ended
//! it, plus an allowance for viewers behind the live edge (their picture
//! reaches the deal later, and they must get the whole countdown). Units and
//! per-buyer limits are counted separately (the store's holds).
//!
//! **The viewer's countdown** runs in stream time: from the program date the
//! host opened it at (`at`) for `duration`, against the date of the frame on
//! screen, so a viewer 20 s behind sees the same 60 s the host announced.
//! It closes early if the server's window is over (server time estimated
//! from the snapshot's clock offset) or the units are gone.

use super::event::Deal;
use super::state::OpenDeal;

/// The allowance for viewer delay when the server runs without
/// `--deal-allowance`: 30 s.
pub const DEFAULT_ALLOWANCE_MS: i64 = 30_000;

/// The server's window of one deal, on the server's clock (ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub opened_ms: i64,
    pub duration_ms: i64,
    /// When the host (or the show's end) ended it, if so.
    pub ended_ms: Option<i64>,
    pub allowance_ms: i64,
}

impl Window {
    pub fn of(deal: &Deal, opened_ms: i64, ended_ms: Option<i64>, allowance_ms: i64) -> Window {
        Window {
            opened_ms,
            duration_ms: deal.duration_ms(),
            ended_ms,
            allowance_ms,
        }
    }

    /// The last server time at which an order may take a unit.
    pub fn closes_ms(&self) -> i64 {
        let end = self.opened_ms + self.duration_ms;
        self.ended_ms.map_or(end, |e| e.min(end)) + self.allowance_ms
    }

    /// Whether an order at server time `now` is inside the window.
    pub fn open_at(&self, now: i64) -> bool {
        now >= self.opened_ms && now <= self.closes_ms()
    }
}

/// What a viewer shows for an open deal at the frame's program date `d`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Countdown {
    /// Open: this many ms of the countdown are left.
    Open { left_ms: i64 },
    /// Over: the countdown ran out, the server's window closed, or no unit is left.
    Over(Over),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Over {
    Time,
    SoldOut,
}

/// The countdown of `deal` for a picture at program date `d`, with the
/// server's clock estimated at `server_now` and `units_left` as last heard.
pub fn countdown(
    deal: &OpenDeal,
    d: i64,
    server_now: i64,
    allowance_ms: i64,
    units_left: Option<u32>,
) -> Countdown {
    if units_left == Some(0) {
        return Countdown::Over(Over::SoldOut);
    }
    let start = deal.at.unwrap_or(d);
    let left = start + deal.deal.duration_ms() - d;
    let window = Window::of(&deal.deal, deal.server_ms, None, allowance_ms);
    if left <= 0 || !window.open_at(server_now) {
        return Countdown::Over(Over::Time);
    }
    Countdown::Open {
        left_ms: left.min(deal.deal.duration_ms()),
    }
}
