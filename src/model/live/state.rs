//! A show's state: the fold of its events. The server keeps the fold of all
//! events (what is true now); a viewer folds the events its picture has
//! reached (`visible.rs`). Both use [`ShowState::apply`], so "snapshot +
//! events = state at any sequence number" holds by construction.

use serde::{Deserialize, Serialize};

use super::event::{Deal, Event, Kind};

/// A pinned product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pinned {
    pub product: String,
    /// The program date it was pinned at (`None`: applied on arrival).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    pub seq: u64,
}

/// A deal that is open in this state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDeal {
    #[serde(flatten)]
    pub deal: Deal,
    /// The program date the host opened it at: the viewer's countdown runs
    /// from here in stream time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    /// The server's clock when it opened: the server's window runs from here.
    pub server_ms: i64,
}

/// Pins (most recent first) and open deals after some prefix of the events.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ShowState {
    /// The last event folded in.
    pub seq: u64,
    pub pins: Vec<Pinned>,
    pub deals: Vec<OpenDeal>,
    pub ended: bool,
}

impl ShowState {
    /// Folds one event in. Callers fold in `seq` order (the server folds
    /// every event; a viewer folds the due ones, `visible.rs`); `seq`
    /// becomes the highest folded.
    pub fn apply(&mut self, e: &Event) {
        self.seq = self.seq.max(e.seq);
        match &e.kind {
            Kind::Pin { product } => {
                self.pins.retain(|p| &p.product != product);
                self.pins.insert(
                    0,
                    Pinned {
                        product: product.clone(),
                        at: e.at,
                        seq: e.seq,
                    },
                );
            }
            Kind::Unpin { product } => self.pins.retain(|p| &p.product != product),
            Kind::DealStart { deal } => {
                self.deals.retain(|d| d.deal.id != deal.id);
                self.deals.push(OpenDeal {
                    deal: deal.clone(),
                    at: e.at,
                    server_ms: e.server_ms,
                });
            }
            Kind::DealEnd { deal, .. } => self.deals.retain(|d| &d.deal.id != deal),
            Kind::ShowEnd => {
                self.ended = true;
                self.pins.clear();
                self.deals.clear();
            }
        }
    }

    /// The state after every event of `events` (in order) on top of `self`.
    pub fn folded<'a>(mut self, events: impl IntoIterator<Item = &'a Event>) -> ShowState {
        for e in events {
            self.apply(e);
        }
        self
    }

    /// The open deal with this id.
    pub fn deal(&self, id: &str) -> Option<&OpenDeal> {
        self.deals.iter().find(|d| d.deal.id == id)
    }

    pub fn is_pinned(&self, product: &str) -> bool {
        self.pins.iter().any(|p| p.product == product)
    }
}
