#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! What the viewer reads when an order fails: the server's detail where it
//! names the item, the kind's own words where the detail is for developers,
//! an invalid field named in the viewer's words, and the round's failure
//! when there is no problem document.

use shoppable::model::checkout::{
    failure_words, field_words, CheckoutProblem, ProblemDocument, ProblemType, PROBLEM_BASE,
};
use shoppable::model::idempotency::Failure;
use shoppable::model::words::{en, Said};

/// In English, as the shop shows it with no other catalogue.
fn english(s: &Said) -> String {
    s.english(en::SHOP)
}

/// A message of the shop's catalogue, in English.
fn message(key: usize) -> String {
    english(&Said::key(key))
}

fn doc(p: CheckoutProblem) -> ProblemDocument {
    p.document()
}

#[test]
fn each_kind_the_server_sends_is_worded_for_a_viewer() {
    let rejected = |s| Failure::Rejected { status: s };
    let in_doubt = |s| Failure::ServerError { status: s };
    let cases: Vec<(Failure, CheckoutProblem, &str)> = vec![
        (
            rejected(409),
            CheckoutProblem::PaymentCancelled,
            "This payment was cancelled and nothing was charged. Please start your order again.",
        ),
        (
            in_doubt(503),
            CheckoutProblem::Busy,
            "The shop is very busy right now. Try again in a moment; you will not be charged twice.",
        ),
        (
            in_doubt(429),
            CheckoutProblem::RateLimited,
            "The shop is very busy right now. Try again in a moment; you will not be charged twice.",
        ),
        (
            in_doubt(503),
            CheckoutProblem::PaymentUnavailable,
            "The payment service is not answering. Try again in a moment; you will not be charged twice.",
        ),
        (
            in_doubt(503),
            CheckoutProblem::PaymentsNotConfigured,
            "This shop cannot take payments right now.",
        ),
        (
            in_doubt(503),
            CheckoutProblem::InProgress,
            "Your order is still being processed.",
        ),
        // The detail names the item: shown as the server wrote it.
        (
            rejected(409),
            CheckoutProblem::OutOfStock {
                path: "lines[0].variant_id".into(),
                name: "Velvet Matte Lipstick (Ruby)".into(),
            },
            "Velvet Matte Lipstick (Ruby) is sold out.",
        ),
        (
            rejected(402),
            CheckoutProblem::PaymentDeclined {
                reason: "the bank refused it".into(),
            },
            "The payment was declined: the bank refused it.",
        ),
        (
            rejected(409),
            CheckoutProblem::PriceChanged {
                path: "lines[0].unit_price".into(),
                name: "Serum".into(),
                claimed: 100,
                actual: 2400,
                currency: "USD".into(),
            },
            "The price of Serum is now 24.00 USD, not 1.00 USD.",
        ),
        // Details written for developers never reach the viewer.
        (
            rejected(422),
            CheckoutProblem::IdempotencyKeyReused,
            "Your order could not be placed. Please reload the page and try again.",
        ),
    ];
    for (failure, p, want) in cases {
        let d = doc(p);
        let got = english(&failure_words(failure, Some(&d)));
        assert_eq!(got, want, "{}", d.type_uri);
        assert!(!got.contains("Idempotency-Key"), "{got}");
    }
}

#[test]
fn invalid_fields_are_named_in_the_viewers_words() {
    let invalid = |path: &str, message: &str| {
        doc(CheckoutProblem::InvalidField {
            path: path.into(),
            message: message.into(),
        })
    };
    let f = Failure::Rejected { status: 422 };
    let cases = [
        (
            "payer.name",
            "at most 200 characters",
            "Your name was not accepted (at most 200 characters). Please correct it in the payment sheet and try again.",
        ),
        (
            "payer.email",
            "not an email address",
            "Your email address was not accepted (not an email address). Please correct it in the payment sheet and try again.",
        ),
        (
            "shipping_address.address_line[2]",
            "at most 200 characters",
            "Your shipping address was not accepted (at most 200 characters). Please correct it in the payment sheet and try again.",
        ),
        (
            "shipping_address.country",
            "must be an ISO 3166-1 alpha-2 code such as \"FR\"",
            "The country of your address was not accepted (must be an ISO 3166-1 alpha-2 code such as \"FR\"). Please correct it in the payment sheet and try again.",
        ),
        (
            "payment.method",
            "\"https://apple.com/apple-pay\" is not a payment method this shop accepts (it accepts https://google.com/pay)",
            "This shop does not take this way to pay. Please choose another one in the payment sheet.",
        ),
        // Fields the page sent: nothing the viewer can fix.
        (
            "attribution.video_time",
            "must be a number of seconds from 0 to 1e9",
            "Your order could not be placed. Please reload the page and try again.",
        ),
        (
            "lines[0].product_id",
            "at most 128 characters",
            "Your order could not be placed. Please reload the page and try again.",
        ),
    ];
    for (path, message, want) in cases {
        assert_eq!(
            english(&failure_words(f, Some(&invalid(path, message)))),
            want,
            "{path}"
        );
    }
    // A detail in another shape (another server): the field, without the rule.
    let mut d = invalid("payer.phone", "x");
    d.detail = Some("Phone numbers need a country code".into());
    assert_eq!(
        english(&failure_words(f, Some(&d))),
        "Your phone number was not accepted. Please correct it in the payment sheet and try again."
    );
    assert_eq!(field_words("payer"), None);
    assert_eq!(
        field_words("payer.name.first").map(message).as_deref(),
        Some("Your name")
    );
    assert_eq!(
        field_words("shipping_address.postal_code")
            .map(message)
            .as_deref(),
        Some("The postal code of your address")
    );
}

#[test]
fn without_a_document_of_ours_the_failure_speaks() {
    for f in [
        Failure::Offline,
        Failure::TimedOut,
        Failure::ServerError { status: 502 },
        Failure::Rejected { status: 400 },
    ] {
        assert_eq!(failure_words(f, None), Said::key(f.viewer_words()));
    }
    // Another server's refusal: its detail is all we know of why.
    let foreign = ProblemDocument {
        type_uri: "about:blank".into(),
        title: "Conflict".into(),
        status: 409,
        detail: Some("That gift card has been used.".into()),
        path: None,
    };
    assert_eq!(
        english(&failure_words(
            Failure::Rejected { status: 409 },
            Some(&foreign)
        )),
        "That gift card has been used."
    );
    // …but a 5xx's detail is about the server: the failure's words say what to do.
    let mut down = foreign.clone();
    down.detail = Some("upstream connect error".into());
    assert_eq!(
        failure_words(Failure::ServerError { status: 502 }, Some(&down)),
        Said::key(Failure::ServerError { status: 502 }.viewer_words())
    );
    // One of ours without a detail: the kind's words.
    let bare = ProblemDocument {
        type_uri: [PROBLEM_BASE, "out-of-stock"].concat(),
        title: String::new(),
        status: 409,
        detail: None,
        path: None,
    };
    assert_eq!(
        failure_words(Failure::Rejected { status: 409 }, Some(&bare)),
        Said::key(ProblemType::OutOfStock.viewer_words())
    );
}

#[test]
fn a_sold_out_line_is_named_by_its_index_and_nothing_else_is() {
    let sold_out = |path: &str| {
        doc(CheckoutProblem::OutOfStock {
            path: path.into(),
            name: "Velvet Matte Lipstick (Ruby)".into(),
        })
    };
    assert_eq!(sold_out("lines[0].variant_id").sold_out_line(), Some(0));
    assert_eq!(sold_out("lines[12].variant_id").sold_out_line(), Some(12));
    // A path that names no line, or not as the server writes it.
    for odd in ["lines[x].variant_id", "lines[3", "items[0].variant_id", ""] {
        assert_eq!(sold_out(odd).sold_out_line(), None, "{odd:?}");
    }
    let mut no_path = sold_out("lines[0].variant_id");
    no_path.path = None;
    assert_eq!(no_path.sold_out_line(), None);
    // Another kind at a line's path is not a sold-out variant.
    let price = doc(CheckoutProblem::PriceChanged {
        path: "lines[0].unit_price".into(),
        name: "Velvet Matte Lipstick (Ruby)".into(),
        claimed: 1800,
        actual: 2100,
        currency: "USD".into(),
    });
    assert_eq!(price.sold_out_line(), None);
}
