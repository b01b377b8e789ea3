//! The kinds of checkout problem and their RFC 9457 documents.
//!
//! [`ProblemType`] is the wire contract: one `type` URI, `title` and HTTP
//! status per kind of problem, the same on server and client, so the widget
//! can tell "price changed" from "declined" without parsing prose. Status
//! codes follow one rule the retry logic relies on (`model::idempotency`):
//!
//! - **409 Conflict**: the request was fine when the page loaded, but the
//!   catalog moved on (price changed, sold out, currency changed). Reloading
//!   the cart fixes it; retrying the same body never will.
//! - **422 Unprocessable Content**: well-formed JSON that can never be a
//!   valid order (unknown or mismatched item, bad quantity, empty, total too
//!   large), and a reused `Idempotency-Key` with another body.
//! - **400 Bad Request**: not an order at all (bad JSON, wrong types), or
//!   no `Idempotency-Key`.
//! - **402 Payment Required**: the gateway declined the payment.
//! - **409 `payment-cancelled`**: the key's payment was voided (it was never
//!   completed and the server gave up on it); final, nothing was charged.
//! - **429 Too Many Requests**: the client's rate limit; `Retry-After` says when.
//! - **503 Service Unavailable**: retry later with the same key, after
//!   `Retry-After`: an order under the same key is still being processed
//!   (`in-progress`; deliberately not 409 as the IETF idempotency draft has
//!   it: the widget retries 5xx and never 4xx, and this one must be
//!   retried), the server is full (`busy`), or the payment service did not
//!   answer (`payment-unavailable`).
//!
//! [`CheckoutProblem`](super::CheckoutProblem) is one occurrence of a kind.

use crate::model::words::en::shop as w;
use serde::{Deserialize, Serialize};

/// Prefix of every problem `type` URI. An identifier, not a link: clients
/// compare it as a string and never fetch it (RFC 9457, section 3.1.1).
pub const PROBLEM_BASE: &str = "https://shoppable.example/problems/";

macro_rules! problem_types {
    ($($kind:ident = $slug:literal, $status:literal, $title:literal;)*) => {
        /// A kind of checkout problem. See the module docs for the status rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ProblemType { $($kind,)* }

        impl ProblemType {
            /// Every kind, for tests and documentation.
            pub const ALL: &'static [ProblemType] = &[$(ProblemType::$kind,)*];

            /// The last segment of the type URI, e.g. `price-changed`.
            pub fn slug(self) -> &'static str {
                match self { $(ProblemType::$kind => $slug,)* }
            }

            /// The HTTP status the server answers with.
            pub fn status(self) -> u16 {
                match self { $(ProblemType::$kind => $status,)* }
            }

            /// RFC 9457 `title`: the same for every occurrence of the kind.
            pub fn title(self) -> &'static str {
                match self { $(ProblemType::$kind => $title,)* }
            }
        }
    };
}

problem_types! {
    Malformed = "malformed", 400, "Malformed order";
    MissingIdempotencyKey = "idempotency-key-missing", 400, "Idempotency-Key required";
    IdempotencyKeyReused = "idempotency-key-reused", 422, "Idempotency-Key reused";
    InProgress = "in-progress", 503, "Order in progress";
    UnknownVideo = "unknown-video", 422, "Unknown video";
    EmptyOrder = "empty-order", 422, "Empty order";
    UnknownVariant = "unknown-variant", 422, "Unknown item";
    ProductMismatch = "product-mismatch", 422, "Item and product do not match";
    DuplicateLine = "duplicate-line", 422, "Duplicate line";
    BadQuantity = "bad-quantity", 422, "Invalid quantity";
    TooLarge = "too-large", 422, "Order total too large";
    CurrencyChanged = "currency-changed", 409, "Currency changed";
    OutOfStock = "out-of-stock", 409, "Out of stock";
    PriceChanged = "price-changed", 409, "Price changed";
    PaymentDeclined = "payment-declined", 402, "Payment declined";
    PaymentCancelled = "payment-cancelled", 409, "Payment cancelled";
    InvalidField = "invalid-field", 422, "Invalid field";
    RateLimited = "rate-limited", 429, "Too many requests";
    Busy = "busy", 503, "Too many orders at once";
    PaymentUnavailable = "payment-unavailable", 503, "Payment service unavailable";
    PaymentsNotConfigured = "payments-not-configured", 503, "Payments not configured";
    DealOver = "deal-over", 409, "Deal over";
    DealSoldOut = "deal-sold-out", 409, "Deal sold out";
    DealLimitReached = "deal-limit-reached", 409, "Deal limit reached";
}

impl ProblemType {
    /// RFC 9457 `type`: [`PROBLEM_BASE`] + [`slug`](Self::slug).
    pub fn type_uri(self) -> String {
        [PROBLEM_BASE, self.slug()].concat()
    }

    /// The kind a received `type` names; `None` for anything else
    /// (`about:blank`, another server's types), which the widget treats
    /// by status alone.
    pub fn from_type_uri(uri: &str) -> Option<ProblemType> {
        let slug = uri.strip_prefix(PROBLEM_BASE)?;
        ProblemType::ALL.iter().copied().find(|k| k.slug() == slug)
    }

    /// What the widget tells the viewer when an order fails this way, when
    /// the server's `detail` is missing (the detail, plain words too, names
    /// the item and is better when present): a message of the shop's
    /// catalogue (`i18n/*.ftl`, `shop-problem-*`).
    pub fn viewer_words(self) -> usize {
        match self {
            ProblemType::PaymentDeclined => w::PROBLEM_DECLINED,
            ProblemType::OutOfStock => w::PROBLEM_SOLD_OUT,
            ProblemType::PriceChanged | ProblemType::CurrencyChanged => w::PROBLEM_PRICE_CHANGED,
            ProblemType::InProgress => w::PROBLEM_IN_PROGRESS,
            ProblemType::PaymentCancelled => w::PROBLEM_CANCELLED,
            ProblemType::Busy | ProblemType::RateLimited => w::PROBLEM_BUSY,
            ProblemType::PaymentUnavailable => w::PROBLEM_PAYMENT_DOWN,
            ProblemType::PaymentsNotConfigured => w::PROBLEM_NO_PAYMENTS,
            ProblemType::DealOver => w::PROBLEM_DEAL_OVER,
            ProblemType::DealSoldOut => w::PROBLEM_DEAL_SOLD_OUT,
            ProblemType::DealLimitReached => w::PROBLEM_DEAL_LIMIT,
            _ => w::PROBLEM_OTHER,
        }
    }
}

/// An RFC 9457 problem document, as the server sends it and the widget
/// reads it. `path` is an extension member: the JSON path of the offending
/// request field.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProblemDocument {
    #[serde(rename = "type", default = "about_blank")]
    pub type_uri: String,
    #[serde(default)]
    pub title: String,
    /// Advisory (the HTTP status wins); 0 when absent.
    #[serde(default)]
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

impl ProblemDocument {
    /// The kind this document names, if it is one of ours.
    pub fn kind(&self) -> Option<ProblemType> {
        ProblemType::from_type_uri(&self.type_uri)
    }

    /// The index of the request line the server found sold out (an
    /// `out-of-stock` problem whose `path` is `lines[N].…`), so the sheet
    /// can stop offering that variant; `None` for any other problem.
    pub fn sold_out_line(&self) -> Option<usize> {
        if self.kind() != Some(ProblemType::OutOfStock) {
            return None;
        }
        let rest = self.path.as_deref()?.strip_prefix("lines[")?;
        rest[..rest.find(']')?].parse().ok()
    }
}

/// RFC 9457: a missing `type` means `about:blank`.
fn about_blank() -> String {
    "about:blank".into()
}
