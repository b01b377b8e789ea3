//! The checkout contract shared by the widget and the server: what the
//! widget POSTs to `checkout.endpoint`, what a confirmed order looks like,
//! the server's pricing of a request (`pricing.rs`), its problems
//! (`problem.rs`; their kinds, statuses and URIs in `problem_type.rs`; the
//! viewer's words for them in `words.rs`), and
//! the fingerprint that tells a retried request from a different one under
//! the same `Idempotency-Key`.
//!
//! The request carries the prices the viewer saw, but only as a claim
//! (DESIGN.md invariant 9): the server prices every line from its own
//! catalog and refuses the order when a claim differs, so a tampered page
//! cannot buy at its own price, and a viewer is never charged a price they
//! were not shown.

mod limits;
mod pricing;
mod problem;
mod problem_type;
mod words;

pub use limits::{check_fields, MAX_LINES};
pub use pricing::{price_deal, price_lines, PricedLine, PricedOrder};
pub use problem::CheckoutProblem;
pub use problem_type::{ProblemDocument, ProblemType, PROBLEM_BASE};
pub use words::{failure_words, field_words};

use serde::{Deserialize, Serialize};

use super::cart::{Cart, CartLine};

/// The body of `POST {checkout.endpoint}`, sent with an `Idempotency-Key`
/// header (see `model::idempotency`). Field names are the JSON names.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutRequest {
    /// The manifest's `video.id`: which catalog prices the order.
    pub video_id: String,
    /// ISO 4217 code the viewer saw prices in.
    pub currency: String,
    pub lines: Vec<RequestLine>,
    pub payment: Payment,
    /// From the payment sheet, when the merchant asked for shipping.
    #[serde(default)]
    pub shipping_address: Option<Address>,
    /// From the payment sheet, when the merchant asked for payer details.
    #[serde(default)]
    pub payer: Option<Payer>,
    /// The tag and moment that led to the order, for the merchant's reports.
    #[serde(default)]
    pub attribution: Option<Attribution>,
    /// A live show's flash deal the order is for (`live::Deal::id`): the
    /// server prices it at the deal price, within the deal's window, units
    /// and per-buyer limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<String>,
}

/// One line as the widget saw it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestLine {
    pub product_id: String,
    pub variant_id: String,
    pub quantity: u32,
    /// Minor units: the client's claim, checked against the catalog.
    pub unit_price: i64,
}

impl From<&CartLine> for RequestLine {
    fn from(l: &CartLine) -> RequestLine {
        RequestLine {
            product_id: l.product_id.clone(),
            variant_id: l.variant_id.clone(),
            quantity: l.quantity,
            unit_price: l.unit_price,
        }
    }
}

impl RequestLine {
    /// The cart's lines as request lines, in cart order.
    pub fn from_cart(cart: &Cart) -> Vec<RequestLine> {
        cart.lines().iter().map(RequestLine::from).collect()
    }
}

/// What the payment sheet returned. Card data never appears here
/// (invariant 8): `token` is the wallet's opaque token, which only the
/// gateway can use.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Payment Request `methodName`, e.g. `https://google.com/pay`.
    pub method: String,
    pub token: String,
}

/// A postal address, as the W3C Payment Request API's `PaymentAddress`
/// gives it (snake_case names). Absent parts are empty.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Address {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    pub address_line: Vec<String>,
    pub region: String,
    pub city: String,
    pub dependent_locality: String,
    pub postal_code: String,
    pub sorting_code: String,
    pub organization: String,
    pub recipient: String,
    pub phone: String,
}

/// Payer details the sheet was asked for; each is absent when not asked.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Payer {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// The tag tapped; absent when bought from the "Shop this video" list.
    #[serde(default)]
    pub tag_id: Option<String>,
    /// Seconds of video time at the tap.
    pub video_time: f64,
}

/// The body of a successful checkout response (`201` or a replayed `200`),
/// priced by the server.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderConfirmation {
    pub order_id: String,
    /// Minor units of `currency`: the sum of the lines' totals.
    pub total: i64,
    pub currency: String,
    pub lines: Vec<PricedLine>,
    /// True when a test gateway took the payment: no money moved.
    #[serde(default, skip_serializing_if = "is_false")]
    pub test: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A 64-bit fingerprint of a request body, for the server to tell a retry
/// (same key, same body: replay the first response) from a misuse (same
/// key, another body: 422).
///
/// It hashes a canonical encoding of the *parsed* request, not the bytes
/// on the wire, so whitespace or member order cannot make a retry look
/// different. Every string is length-prefixed and every option tagged, so
/// `("ab", "c")` and `("a", "bc")` differ. The hash is FNV-1a: tiny, no
/// dependency, and collisions only matter between two bodies sent under
/// one random key. Any field change, line order included, changes it.
pub fn fingerprint(req: &CheckoutRequest) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    // Changing the encoding changes this label, so stored fingerprints
    // from an older encoding can never match by accident.
    h.str("shoppable-checkout-v1");
    h.str(&req.video_id);
    h.str(&req.currency);
    h.int(req.lines.len() as u64);
    for l in &req.lines {
        h.str(&l.product_id);
        h.str(&l.variant_id);
        h.int(u64::from(l.quantity));
        h.int(l.unit_price as u64);
    }
    h.str(&req.payment.method);
    h.str(&req.payment.token);
    h.int(u64::from(req.shipping_address.is_some()));
    if let Some(a) = &req.shipping_address {
        h.str(&a.country);
        h.int(a.address_line.len() as u64);
        for line in &a.address_line {
            h.str(line);
        }
        for part in [
            &a.region,
            &a.city,
            &a.dependent_locality,
            &a.postal_code,
            &a.sorting_code,
            &a.organization,
            &a.recipient,
            &a.phone,
        ] {
            h.str(part);
        }
    }
    h.int(u64::from(req.payer.is_some()));
    if let Some(p) = &req.payer {
        for part in [&p.name, &p.email, &p.phone] {
            h.opt(part.as_deref());
        }
    }
    h.int(u64::from(req.attribution.is_some()));
    if let Some(a) = &req.attribution {
        h.opt(a.tag_id.as_deref());
        // +0.0 normalises -0.0, which JSON can carry but means the same.
        h.int((a.video_time + 0.0).to_bits());
    }
    // Only when present, so the fingerprints of requests without a deal
    // are what they always were.
    if let Some(d) = &req.deal_id {
        h.str("deal");
        h.str(d);
    }
    h.0
}

/// FNV-1a, 64-bit. Wrapping multiplication is the algorithm, not an
/// overflow bug (unlike money, a hash is meant to wrap).
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn int(&mut self, n: u64) {
        self.bytes(&n.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.int(s.len() as u64);
        self.bytes(s.as_bytes());
    }
    fn opt(&mut self, s: Option<&str>) {
        match s {
            None => self.int(0),
            Some(s) => {
                self.int(1);
                self.str(s);
            }
        }
    }
}
