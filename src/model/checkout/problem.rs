//! One refused checkout: its [`ProblemType`], the JSON path of the
//! offending field (`lines[2].unit_price`) and what a plain-words `detail`
//! needs. The server builds these from `price_lines` and its own checks
//! (body, key, stock, gateway) and sends [`CheckoutProblem::document`].

use super::problem_type::{ProblemDocument, ProblemType};
use crate::model::money::decimal_string;

/// One refusal, with the JSON path of the offending field (`lines[2].unit_price`)
/// where there is one. Names are display names ("Velvet Matte Lipstick (Plum)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckoutProblem {
    /// The body is not a checkout request; `message` says why (serde's
    /// error, for example). Built by the server, which parses the body.
    Malformed {
        path: String,
        message: String,
    },
    MissingIdempotencyKey,
    IdempotencyKeyReused,
    InProgress,
    UnknownVideo {
        video_id: String,
    },
    EmptyOrder,
    CurrencyChanged {
        claimed: String,
        actual: String,
    },
    UnknownVariant {
        path: String,
        variant_id: String,
    },
    ProductMismatch {
        path: String,
        product_id: String,
        variant_id: String,
    },
    DuplicateLine {
        path: String,
        name: String,
    },
    /// Quantity 0, or above [`quantity_limit`](crate::model::cart::quantity_limit).
    BadQuantity {
        path: String,
        name: String,
        quantity: u32,
        limit: u32,
    },
    /// A line total or the order total overflows `i64`.
    TooLarge {
        path: String,
    },
    OutOfStock {
        path: String,
        name: String,
    },
    /// Prices in minor units of `currency`.
    PriceChanged {
        path: String,
        name: String,
        claimed: i64,
        actual: i64,
        currency: String,
    },
    /// `reason` in the gateway's plain words; may be empty.
    PaymentDeclined {
        reason: String,
    },
    /// The key's payment was voided before it completed: final.
    PaymentCancelled,
    /// A field breaks a length or shape rule (`limits.rs`), or names a
    /// payment method the manifest does not accept; `message` says which.
    InvalidField {
        path: String,
        message: String,
    },
    /// The client's rate limit on `/api` (sent with `Retry-After`).
    RateLimited,
    /// Admission control: too many checkouts in flight (with `Retry-After`).
    Busy,
    /// The payment service did not answer in time; the outcome may be
    /// unknown, so the same key must be retried (with `Retry-After`).
    PaymentUnavailable,
    /// The server has no payment gateway configured.
    PaymentsNotConfigured,
    /// The deal's window (on the server's clock) is over, or it ended.
    DealOver,
    /// No unit of the deal is left.
    DealSoldOut,
    /// The buyer already has `limit` units of the deal.
    DealLimitReached {
        limit: u32,
    },
}

impl CheckoutProblem {
    pub fn kind(&self) -> ProblemType {
        use CheckoutProblem as P;
        match self {
            P::Malformed { .. } => ProblemType::Malformed,
            P::MissingIdempotencyKey => ProblemType::MissingIdempotencyKey,
            P::IdempotencyKeyReused => ProblemType::IdempotencyKeyReused,
            P::InProgress => ProblemType::InProgress,
            P::UnknownVideo { .. } => ProblemType::UnknownVideo,
            P::EmptyOrder => ProblemType::EmptyOrder,
            P::CurrencyChanged { .. } => ProblemType::CurrencyChanged,
            P::UnknownVariant { .. } => ProblemType::UnknownVariant,
            P::ProductMismatch { .. } => ProblemType::ProductMismatch,
            P::DuplicateLine { .. } => ProblemType::DuplicateLine,
            P::BadQuantity { .. } => ProblemType::BadQuantity,
            P::TooLarge { .. } => ProblemType::TooLarge,
            P::OutOfStock { .. } => ProblemType::OutOfStock,
            P::PriceChanged { .. } => ProblemType::PriceChanged,
            P::PaymentDeclined { .. } => ProblemType::PaymentDeclined,
            P::PaymentCancelled => ProblemType::PaymentCancelled,
            P::InvalidField { .. } => ProblemType::InvalidField,
            P::RateLimited => ProblemType::RateLimited,
            P::Busy => ProblemType::Busy,
            P::PaymentUnavailable => ProblemType::PaymentUnavailable,
            P::PaymentsNotConfigured => ProblemType::PaymentsNotConfigured,
            P::DealOver => ProblemType::DealOver,
            P::DealSoldOut => ProblemType::DealSoldOut,
            P::DealLimitReached { .. } => ProblemType::DealLimitReached,
        }
    }

    pub fn status(&self) -> u16 {
        self.kind().status()
    }

    pub fn type_uri(&self) -> String {
        self.kind().type_uri()
    }

    pub fn title(&self) -> &'static str {
        self.kind().title()
    }

    /// JSON path of the offending field in the request body; the header
    /// problems have none and give "".
    pub fn path(&self) -> &str {
        use CheckoutProblem as P;
        match self {
            P::MissingIdempotencyKey
            | P::IdempotencyKeyReused
            | P::InProgress
            | P::PaymentCancelled
            | P::RateLimited
            | P::Busy
            | P::PaymentUnavailable
            | P::PaymentsNotConfigured => "",
            P::DealOver | P::DealSoldOut | P::DealLimitReached { .. } => "deal_id",
            P::UnknownVideo { .. } => "video_id",
            P::EmptyOrder => "lines",
            P::CurrencyChanged { .. } => "currency",
            P::PaymentDeclined { .. } => "payment",
            P::Malformed { path, .. }
            | P::UnknownVariant { path, .. }
            | P::ProductMismatch { path, .. }
            | P::DuplicateLine { path, .. }
            | P::BadQuantity { path, .. }
            | P::TooLarge { path }
            | P::OutOfStock { path, .. }
            | P::PriceChanged { path, .. }
            | P::InvalidField { path, .. } => path,
        }
    }

    /// RFC 9457 `detail`: one plain-words sentence a viewer may read.
    pub fn detail(&self) -> String {
        use CheckoutProblem as P;
        match self {
            P::Malformed { message, .. } => {
                ["The order could not be read: ", message, "."].concat()
            }
            P::MissingIdempotencyKey => {
                "The request needs an Idempotency-Key header holding a UUID.".into()
            }
            P::IdempotencyKeyReused => {
                "This Idempotency-Key was already used for a different order.".into()
            }
            P::InProgress => "This order is still being processed; try again in a moment.".into(),
            P::UnknownVideo { video_id } => {
                ["Nothing is sold with the video \"", video_id, "\"."].concat()
            }
            P::EmptyOrder => "The order has no items.".into(),
            P::CurrencyChanged { claimed, actual } => {
                ["Prices are now in ", actual, ", not ", claimed, "."].concat()
            }
            P::UnknownVariant { variant_id, .. } => {
                ["The item \"", variant_id, "\" is not for sale."].concat()
            }
            P::ProductMismatch {
                product_id,
                variant_id,
                ..
            } => {
                let parts = [
                    "The item \"",
                    variant_id,
                    "\" is not a variant of \"",
                    product_id,
                    "\".",
                ];
                parts.concat()
            }
            P::DuplicateLine { name, .. } => [name, " appears on more than one line."].concat(),
            P::BadQuantity {
                name, quantity: 0, ..
            } => ["The quantity of ", name, " must be at least 1."].concat(),
            P::BadQuantity { name, limit, .. } => [
                "You can buy at most ",
                &limit.to_string(),
                " of ",
                name,
                " per order.",
            ]
            .concat(),
            P::TooLarge { .. } => "The order total is too large.".into(),
            P::OutOfStock { name, .. } => [name, " is sold out."].concat(),
            P::PriceChanged {
                name,
                claimed,
                actual,
                currency,
                ..
            } => {
                let (now, was) = (
                    decimal_string(*actual, currency),
                    decimal_string(*claimed, currency),
                );
                let parts = [
                    "The price of ",
                    name,
                    " is now ",
                    &now,
                    " ",
                    currency,
                    ", not ",
                    &was,
                    " ",
                    currency,
                    ".",
                ];
                parts.concat()
            }
            P::PaymentDeclined { reason } if reason.is_empty() => {
                "The payment was declined.".into()
            }
            P::PaymentDeclined { reason } => ["The payment was declined: ", reason, "."].concat(),
            P::PaymentCancelled => {
                "This payment was cancelled before it completed; nothing was charged. Start a new order to buy."
                    .into()
            }
            P::InvalidField { path, message } => [path, ": ", message, "."].concat(),
            P::RateLimited => "Too many requests from this address; try again shortly.".into(),
            P::Busy => "The shop is taking too many orders at once; try again in a moment with the same Idempotency-Key.".into(),
            P::PaymentUnavailable => "The payment service did not answer in time; try again with the same Idempotency-Key. You will not be charged twice.".into(),
            P::PaymentsNotConfigured => "This shop has no payment service configured, so it cannot take orders.".into(),
            P::DealOver => "This deal is over; nothing was charged.".into(),
            P::DealSoldOut => "This deal has sold out; nothing was charged.".into(),
            P::DealLimitReached { limit } => [
                "One buyer may take at most ",
                &limit.to_string(),
                " of this deal; nothing was charged.",
            ]
            .concat(),
        }
    }

    /// The `application/problem+json` body.
    pub fn document(&self) -> ProblemDocument {
        let path = self.path();
        ProblemDocument {
            type_uri: self.type_uri(),
            title: self.title().to_string(),
            status: self.status(),
            detail: Some(self.detail()),
            path: (!path.is_empty()).then(|| path.to_string()),
        }
    }
}
