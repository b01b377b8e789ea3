//! A live show's events, as the producer sends them ([`Action`]) and as the
//! server sequences, stores and sends them ([`Event`]).
//!
//! Every producer action carries `at`: the program date (milliseconds since
//! the epoch) of the frame presented in the producer's preview when they
//! acted. Viewers apply an event when their own picture reaches `at`, so a
//! pin shows on the frame the host showed the product, however far behind
//! the live edge a viewer is. Events the server makes by itself (a deal that
//! ran out of time or units) have no `at` and apply on arrival.
//!
//! Wire form: one flat JSON object per event, `type` naming the kind:
//! `{"seq":3,"at":1795991158427,"server_ms":1795991158502,"type":"pin","product":"velvet-lipstick"}`.

use serde::{Deserialize, Serialize};

/// What the producer console posts to `POST /api/live/{show}/events`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    Pin {
        product: String,
        at: i64,
    },
    Unpin {
        product: String,
        at: i64,
    },
    DealStart {
        product: String,
        /// One variant, or every variant of the product when absent.
        #[serde(default)]
        variant: Option<String>,
        /// The deal price, minor units of the manifest's currency.
        price: i64,
        /// Units offered at the deal price.
        units: u32,
        /// Most units one buyer may take.
        per_buyer: u32,
        duration_s: u32,
        at: i64,
    },
    DealEnd {
        deal: String,
        at: i64,
    },
    ShowEnd {
        at: i64,
    },
}

impl Action {
    /// The program date the producer acted at.
    pub fn at(&self) -> i64 {
        match self {
            Action::Pin { at, .. }
            | Action::Unpin { at, .. }
            | Action::DealStart { at, .. }
            | Action::DealEnd { at, .. }
            | Action::ShowEnd { at } => *at,
        }
    }
}

/// A flash deal as the server opened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deal {
    /// Made by the server (`d<seq>`): unique in the show.
    pub id: String,
    pub product: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub price: i64,
    pub units: u32,
    pub per_buyer: u32,
    pub duration_s: u32,
}

impl Deal {
    /// Whether the deal covers `variant` of its product.
    pub fn covers(&self, product: &str, variant: &str) -> bool {
        self.product == product && self.variant.as_deref().is_none_or(|v| v == variant)
    }

    pub fn duration_ms(&self) -> i64 {
        i64::from(self.duration_s) * 1000
    }
}

/// Why a deal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// Its window (duration plus the viewers' allowance) ran out.
    Time,
    /// Every unit was sold.
    SoldOut,
    /// The host ended it.
    Host,
    /// The show ended.
    ShowEnd,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    Pin { product: String },
    Unpin { product: String },
    DealStart { deal: Deal },
    DealEnd { deal: String, reason: EndReason },
    ShowEnd,
}

/// One sequenced event of a show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// 1, 2, 3… per show, in commit order; the SSE `id`.
    pub seq: u64,
    /// The program date to apply it at; `None`: on arrival.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<i64>,
    /// The server's clock when it was committed (ms since the epoch).
    pub server_ms: i64,
    #[serde(flatten)]
    pub kind: Kind,
}

impl Event {
    /// Whether a picture at program date `d` has reached this event.
    pub fn due(&self, d: i64) -> bool {
        self.at.is_none_or(|at| at <= d)
    }
}
