//! What the viewer reads when an order fails: plain words chosen from the
//! round's [`Failure`] and the server's problem document, if it sent one.
//!
//! A problem's `detail` is plain words too, but not always words for a
//! viewer: for some kinds it names the item and says what changed ("The
//! price of Velvet Matte Lipstick is now 21.00 USD"), which beats any
//! general sentence; for others it is written for the merchant's developer
//! ("try again with the same Idempotency-Key", "payer.name: at most 200
//! characters") and the kind's [`ProblemType::viewer_message`] is shown
//! instead. An `invalid-field` refusal names the field in the viewer's words
//! (their name, their address) and keeps the server's rule ("at most 200
//! characters"), so they know what to change in the payment sheet.

use super::problem_type::{ProblemDocument, ProblemType};
use crate::model::idempotency::Failure;

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

/// The viewer's words for an order that failed with `failure`, the last
/// answer's problem document being `problem` (when it was one).
pub fn failure_words(failure: Failure, problem: Option<&ProblemDocument>) -> String {
    let Some(doc) = problem else {
        return failure.viewer_message().into();
    };
    match doc.kind() {
        Some(ProblemType::InvalidField) => invalid_field(doc),
        Some(k) if k.detail_is_for_viewer() => doc
            .detail
            .clone()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| k.viewer_message().into()),
        Some(k) => k.viewer_message().into(),
        // Another server's problem (`about:blank`, its own types): its
        // detail is all we know of why, but only for a refusal; a 5xx's
        // detail is about the server, and the failure's words say what to do.
        None => match failure {
            Failure::Rejected { .. } => doc
                .detail
                .clone()
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| failure.viewer_message().into()),
            _ => failure.viewer_message().into(),
        },
    }
}

/// A field the viewer gave through the payment sheet, in their words; `None`
/// for what the page sent on its own (ids, attribution), which the viewer
/// cannot fix.
pub fn field_words(path: &str) -> Option<&'static str> {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let rest = rest.split(['.', '[']).next().unwrap_or("");
    Some(match (head, rest) {
        ("payer", "name") => "Your name",
        ("payer", "email") => "Your email address",
        ("payer", "phone") => "Your phone number",
        ("shipping_address", "recipient") => "The recipient's name",
        ("shipping_address", "phone") => "The delivery phone number",
        ("shipping_address", "country") => "The country of your address",
        ("shipping_address", "postal_code") => "The postal code of your address",
        ("shipping_address", _) => "Your shipping address",
        _ => return None,
    })
}

/// `invalid-field`: the field in the viewer's words plus the server's rule
/// (its detail is `"<path>: <rule>."`, `limits.rs`); a payment method the
/// shop does not take; or, for a field the page sent, the general message.
fn invalid_field(doc: &ProblemDocument) -> String {
    let path = doc.path.as_deref().unwrap_or("");
    if path == "payment.method" {
        return "This shop does not take this way to pay. Please choose another one in the payment sheet.".into();
    }
    let Some(field) = field_words(path) else {
        return ProblemType::InvalidField.viewer_message().into();
    };
    let rule = doc
        .detail
        .as_deref()
        .and_then(|d| d.strip_prefix(path)?.strip_prefix(": "))
        .map(|r| r.trim().trim_end_matches('.'))
        .filter(|r| !r.is_empty() && r.len() <= 120);
    let mut words = String::from(field);
    words.push_str(" was not accepted");
    if let Some(r) = rule {
        words.push_str(" (");
        words.push_str(r);
        words.push(')');
    }
    words.push_str(". Please correct it in the payment sheet and try again.");
    words
}
