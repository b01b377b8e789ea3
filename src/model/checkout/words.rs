//! What the viewer reads when an order fails: plain words chosen from the
//! round's [`Failure`] and the server's problem document, if it sent one.
//!
//! A problem's `detail` is plain words too, but not always words for a
//! viewer: for some kinds it names the item and says what changed ("The
//! price of Velvet Matte Lipstick is now 21.00 USD"), which beats any
//! general sentence; for others it is written for the merchant's developer
//! ("try again with the same Idempotency-Key", "payer.name: at most 200
//! characters") and the kind's [`ProblemType::viewer_words`] is shown
//! instead. An `invalid-field` refusal names the field in the viewer's words
//! (their name, their address) and keeps the server's rule ("at most 200
//! characters"), so they know what to change in the payment sheet.

use super::problem_type::{ProblemDocument, ProblemType};
use crate::model::idempotency::Failure;
use crate::model::words::en::shop as w;
use crate::model::words::Said;

impl ProblemType {
    /// Whether the server's `detail` for this kind is the best thing to show
    /// a viewer (it names the item, the price, the bank's reason).
    pub fn detail_is_for_viewer(self) -> bool {
        matches!(
            self,
            ProblemType::OutOfStock
                | ProblemType::PriceChanged
                | ProblemType::CurrencyChanged
                | ProblemType::PaymentDeclined
                | ProblemType::BadQuantity
                | ProblemType::DuplicateLine
                | ProblemType::DealLimitReached
        )
    }
}

/// The language of a problem's `detail`: the reference server words its
/// details in English (`server/src/problem.rs`), and so does the checkout
/// contract's example server.
pub const DETAIL_LANGUAGE: &str = crate::model::words::ENGLISH;

/// The viewer's words for an order that failed with `failure`, the last
/// answer's problem document being `problem` (when it was one).
pub fn failure_words(failure: Failure, problem: Option<&ProblemDocument>) -> Said {
    let general = Said::key(failure.viewer_words());
    let Some(doc) = problem else {
        return general;
    };
    // The server's detail, in its language, to a viewer who reads it; the
    // catalogue's `otherwise` to the rest.
    let detail = |otherwise: Said| match doc.detail.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => {
            Said::only_in(DETAIL_LANGUAGE, Said::Text(d.to_owned()), otherwise)
        }
        _ => otherwise,
    };
    match doc.kind() {
        Some(ProblemType::InvalidField) => invalid_field(doc),
        Some(k) if k.detail_is_for_viewer() => detail(Said::key(k.viewer_words())),
        Some(k) => Said::key(k.viewer_words()),
        // Another server's problem (`about:blank`, its own types): its
        // detail is all we know of why, but only for a refusal; a 5xx's
        // detail is about the server, and the failure's words say what to do.
        None => match failure {
            Failure::Rejected { .. } => detail(general),
            _ => general,
        },
    }
}

/// A field the viewer gave through the payment sheet, in their words (a
/// message of the shop's catalogue, `shop-field-*`); `None` for what the
/// page sent on its own (ids, attribution), which the viewer cannot fix.
pub fn field_words(path: &str) -> Option<usize> {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let rest = rest.split(['.', '[']).next().unwrap_or("");
    Some(match (head, rest) {
        ("payer", "name") => w::FIELD_NAME,
        ("payer", "email") => w::FIELD_EMAIL,
        ("payer", "phone") => w::FIELD_PHONE,
        ("shipping_address", "recipient") => w::FIELD_RECIPIENT,
        ("shipping_address", "phone") => w::FIELD_DELIVERY_PHONE,
        ("shipping_address", "country") => w::FIELD_COUNTRY,
        ("shipping_address", "postal_code") => w::FIELD_POSTAL_CODE,
        ("shipping_address", _) => w::FIELD_ADDRESS,
        _ => return None,
    })
}

/// `invalid-field`: the field in the viewer's words plus the server's rule
/// (its detail is `"<path>: <rule>."`, `limits.rs`, kept as written); a
/// payment method the shop does not take; or, for a field the page sent,
/// the general message.
fn invalid_field(doc: &ProblemDocument) -> Said {
    let path = doc.path.as_deref().unwrap_or("");
    if path == "payment.method" {
        return Said::key(w::METHOD_REFUSED);
    }
    let Some(field) = field_words(path) else {
        return Said::key(ProblemType::InvalidField.viewer_words());
    };
    let rule = doc
        .detail
        .as_deref()
        .and_then(|d| d.strip_prefix(path)?.strip_prefix(": "))
        .map(|r| r.trim().trim_end_matches('.'))
        .filter(|r| !r.is_empty() && r.len() <= 120);
    let bare = Said::key(w::FIELD_REFUSED).with("field", Said::key(field));
    match rule {
        Some(r) => Said::only_in(
            DETAIL_LANGUAGE,
            Said::key(w::FIELD_REFUSED_RULE)
                .with("field", Said::key(field))
                .with("rule", Said::Text(r.to_owned())),
            bare,
        ),
        None => bare,
    }
}
