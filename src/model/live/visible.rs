//! The per-frame rule: what a viewer shows at the program date of the frame
//! on screen.
//!
//! A viewer keeps the snapshot's `base` (the fold of events older than the
//! snapshot's window), the window's `recent` events and every event that
//! arrives after. The state at program date `d` is `base` plus every later
//! event that is *due* at `d` (its `at` ≤ `d`, or no `at`), folded in `seq`
//! order. An event is never applied on arrival (unless it has no `at`):
//! hls.js parses playlist metadata early, and an SSE event arrives as soon
//! as the host acts, while the viewer's picture may be 20 s behind.
//!
//! [`Playhead::at`] is called per frame: as frames move forward it applies
//! only what became due since the last call; a backward jump (a seek)
//! recomputes from `base`.

use super::event::Event;
use super::state::ShowState;

/// A viewer's events and the state at its last frame.
#[derive(Debug, Clone, Default)]
pub struct Playhead {
    base: ShowState,
    /// Events after `base.seq`, in `seq` order.
    events: Vec<Event>,
    /// `state` = `base` + the due ones among `events`, at `last`.
    state: ShowState,
    /// Which of `events` are folded into `state`.
    applied: Vec<bool>,
    last: Option<i64>,
}

impl Playhead {
    /// From a snapshot: its base state and the events of its window.
    pub fn new(base: ShowState, recent: Vec<Event>) -> Playhead {
        let mut p = Playhead {
            state: base.clone(),
            base,
            ..Playhead::default()
        };
        for e in recent {
            p.push(e);
        }
        p
    }

    /// The last event known (for `Last-Event-ID`).
    pub fn seq(&self) -> u64 {
        self.events.last().map_or(self.base.seq, |e| e.seq)
    }

    /// Adds an arrived event (ignoring one already known). It is applied by
    /// the next [`Playhead::at`] whose date has reached it.
    pub fn push(&mut self, e: Event) {
        if e.seq <= self.seq() {
            return;
        }
        self.events.push(e);
        self.applied.push(false);
    }

    /// The state a picture at program date `d` shows: `base` plus every
    /// event due at `d`, folded in `seq` order.
    pub fn at(&mut self, d: i64) -> &ShowState {
        // Moving forward only adds due events; if one of them comes before
        // an event already folded (an automatic deal end folded while an
        // earlier pin waited for its date), or the picture went back, fold
        // again from the base so the order stays `seq` order.
        let highest = self
            .events
            .iter()
            .zip(&self.applied)
            .filter(|(_, a)| **a)
            .map(|(e, _)| e.seq)
            .max()
            .unwrap_or(0);
        let backwards = self.last.is_some_and(|last| d < last);
        let out_of_order = self
            .events
            .iter()
            .zip(&self.applied)
            .any(|(e, a)| !*a && e.seq < highest && e.due(d));
        if backwards || out_of_order {
            self.state = self.base.clone();
            self.applied.iter_mut().for_each(|a| *a = false);
        }
        self.last = Some(d);
        for (e, applied) in self.events.iter().zip(self.applied.iter_mut()) {
            if !*applied && e.due(d) {
                self.state.apply(e);
                *applied = true;
            }
        }
        &self.state
    }

    /// Events not yet due at the last frame (the next pin to come, etc.).
    pub fn pending(&self) -> impl Iterator<Item = &Event> {
        self.events
            .iter()
            .zip(&self.applied)
            .filter(|(_, a)| !**a)
            .map(|(e, _)| e)
    }
}
