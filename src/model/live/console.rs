//! The producer console's state and words, kept out of its view so they
//! are tested natively: what the show's event stream says (the fold, the
//! log, the latest units), each event in plain words, and the flash-deal
//! form read into an [`Action`].
//!
//! The console checks only what a person typed (numbers that are numbers);
//! whether a deal may open is the server's to say (`check_action` there),
//! and its refusal names the field, which the console marks.

use std::collections::VecDeque;

use super::event::{Action, EndReason, Event, Kind};
use super::state::ShowState;
use super::{refuse, Refusal, Snapshot, Units};
use crate::model::manifest::Manifest;
use crate::model::money::parse_decimal;

/// How many events the log keeps (newest first).
pub const LOG_LEN: usize = 200;

/// What the console knows of the show, from its event stream.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Console {
    /// The fold of every event received.
    pub state: ShowState,
    /// Newest first.
    pub log: VecDeque<Event>,
    /// The latest units (deals' units left, likes, viewers).
    pub units: Units,
}

impl Console {
    /// A snapshot (on connect): the state it gives, its recent events as
    /// the log, its units.
    pub fn snapshot(&mut self, s: &Snapshot) {
        self.state = s.base.clone().folded(&s.recent);
        self.log = s.recent.iter().rev().take(LOG_LEN).cloned().collect();
        self.units = s.units.clone();
    }

    /// One event; one already folded (a resumed stream may repeat nothing,
    /// but a snapshot may cover what arrives next) is ignored. Returns
    /// whether it was new.
    pub fn event(&mut self, e: &Event) -> bool {
        if e.seq <= self.state.seq {
            return false;
        }
        self.state.apply(e);
        self.log.push_front(e.clone());
        self.log.truncate(LOG_LEN);
        true
    }

    pub fn units(&mut self, u: Units) {
        self.units = u;
    }

    /// Units left of an open deal, when the server has said.
    pub fn deal_left(&self, deal: &str) -> Option<u32> {
        self.units.deals.get(deal).copied()
    }
}

/// A product's title, or its id if the manifest no longer has it.
fn title<'a>(m: &'a Manifest, id: &'a str) -> &'a str {
    m.product(id).map_or(id, |p| p.title.as_str())
}

/// One event in plain words, with prices written by `price` (minor units
/// to text: the view's `Intl` formatter).
pub fn describe(e: &Event, m: &Manifest, price: &dyn Fn(i64) -> String) -> String {
    match &e.kind {
        Kind::Pin { product } => format!("Pinned {}", title(m, product)),
        Kind::Unpin { product } => format!("Unpinned {}", title(m, product)),
        Kind::DealStart { deal } => {
            let variant = deal
                .variant
                .as_deref()
                .and_then(|v| {
                    m.product(&deal.product)?
                        .variants
                        .iter()
                        .find(|x| x.id == v)
                })
                .map(|v| format!(" ({})", v.options.join(", ")))
                .unwrap_or_default();
            format!(
                "Deal {} opened: {}{} at {}, {} units, {} per buyer, {} s",
                deal.id,
                title(m, &deal.product),
                variant,
                price(deal.price),
                deal.units,
                deal.per_buyer,
                deal.duration_s
            )
        }
        Kind::DealEnd { deal, reason } => {
            let why = match reason {
                EndReason::Time => "its time ran out",
                EndReason::SoldOut => "sold out",
                EndReason::Host => "ended by the host",
                EndReason::ShowEnd => "the show ended",
            };
            format!("Deal {deal} closed: {why}")
        }
        Kind::ShowEnd => "The show ended".into(),
    }
}

/// The flash-deal form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealForm {
    pub product: String,
    /// Empty: every variant of the product.
    pub variant: String,
    /// In major units of the manifest's currency (`"15.00"`).
    pub price: String,
    pub units: String,
    pub per_buyer: String,
    pub duration_s: String,
}

fn count(path: &str, text: &str) -> Result<u32, Refusal> {
    text.trim()
        .parse()
        .map_err(|_| refuse(path, "a whole number, such as 10".into()))
}

impl DealForm {
    /// The `deal_start` action at program date `at`, or what is wrong with
    /// a field, named as the server names it (`price`, `units`, `per_buyer`,
    /// `duration_s`).
    pub fn action(&self, currency: &str, at: i64) -> Result<Action, Refusal> {
        if self.product.is_empty() {
            return Err(refuse("product", "choose a product".into()));
        }
        let price = parse_decimal(&self.price, currency).ok_or_else(|| {
            refuse(
                "price",
                format!("an amount in {currency} such as 15.00, without a sign"),
            )
        })?;
        Ok(Action::DealStart {
            product: self.product.clone(),
            variant: Some(self.variant.clone()).filter(|v| !v.is_empty()),
            price,
            units: count("units", &self.units)?,
            per_buyer: count("per_buyer", &self.per_buyer)?,
            duration_s: count("duration_s", &self.duration_s)?,
            at,
        })
    }
}
