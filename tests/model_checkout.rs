#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! Checkout: the request as JSON, the server's pricing of it (every problem
//! with its path and status; a tampered price refused), the problem types,
//! and the fingerprint behind idempotency conflicts.

#![allow(clippy::type_complexity)] // the tables read best inline

use proptest::prelude::*;
use serde_json::{json, Value};
use shoppable::model::cart::Cart;
use shoppable::model::checkout::{
    check_fields, fingerprint, price_lines, CheckoutProblem, CheckoutRequest, PricedLine,
    ProblemDocument, ProblemType, RequestLine, PROBLEM_BASE,
};
use shoppable::model::manifest::{parse_str, Manifest};
use shoppable::model::words::{en, variant};

fn catalog_doc() -> Value {
    json!({
        "version": 1,
        "video": { "id": "spring-drop" },
        "currency": "USD",
        "products": [
            {
                "id": "velvet-lipstick", "title": "Velvet Matte Lipstick", "price": 1900,
                "options": ["Shade"],
                "variants": [
                    { "id": "vl-ruby", "options": ["Ruby"], "max_per_order": 3 },
                    { "id": "vl-plum", "options": ["Plum"], "price": 2100 },
                    { "id": "vl-nude", "options": ["Nude"], "available": false }
                ]
            },
            { "id": "tote", "title": "Canvas Tote", "price": 2900 }
        ]
    })
}

fn catalog(doc: &Value) -> Manifest {
    parse_str(&doc.to_string()).unwrap().manifest
}

/// A request as the widget sends it: every field name is the contract.
fn body() -> Value {
    json!({
        "video_id": "spring-drop",
        "currency": "USD",
        "lines": [
            { "product_id": "velvet-lipstick", "variant_id": "vl-ruby", "quantity": 2, "unit_price": 1900 },
            { "product_id": "velvet-lipstick", "variant_id": "vl-plum", "quantity": 1, "unit_price": 2100 },
            { "product_id": "tote", "variant_id": "tote", "quantity": 1, "unit_price": 2900 }
        ],
        "payment": { "method": "https://google.com/pay", "token": "tok_test_approve" },
        "shipping_address": { "country": "US", "address_line": ["1 Main St"], "city": "Springfield", "postal_code": "12345" },
        "payer": { "name": "Ada", "email": "ada@example.com", "phone": null },
        "attribution": { "tag_id": "t1", "video_time": 4.25 }
    })
}

fn request(v: &Value) -> CheckoutRequest {
    serde_json::from_value(v.clone()).expect("request deserializes")
}

fn edited(edits: &[(&str, Value)]) -> CheckoutRequest {
    let mut v = body();
    for (ptr, value) in edits {
        *v.pointer_mut(ptr).expect(ptr) = value.clone();
    }
    request(&v)
}

#[test]
fn prices_every_line_from_the_catalog() {
    let order = price_lines(&request(&body()), &catalog(&catalog_doc())).unwrap();
    assert_eq!(order.total, 2 * 1900 + 2100 + 2900);
    assert_eq!(order.currency, "USD");
    assert_eq!(
        order.lines[1],
        PricedLine {
            product_id: "velvet-lipstick".into(),
            variant_id: "vl-plum".into(),
            title: "Velvet Matte Lipstick".into(),
            variant_label: "Plum".into(),
            quantity: 1,
            unit_price: 2100,
            line_total: 2100,
        }
    );
    let confirmation = order.confirmation("ord_1");
    let sent = serde_json::to_value(&confirmation).unwrap();
    assert_eq!(sent["order_id"], "ord_1");
    assert_eq!(sent["total"], 8800);
    assert_eq!(sent["lines"][0]["line_total"], 3800);
    // Optional parts may be absent or null.
    let mut minimal = body();
    for key in ["shipping_address", "payer", "attribution"] {
        minimal.as_object_mut().unwrap().remove(key);
    }
    minimal["lines"] = json!([body()["lines"][2]]);
    let req = request(&minimal);
    assert_eq!((req.payer.as_ref(), req.attribution.as_ref()), (None, None));
    assert_eq!(
        price_lines(&req, &catalog(&catalog_doc())).unwrap().total,
        2900
    );
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn every_problem_names_its_field_and_status() {
    let m = catalog(&catalog_doc());
    let line = |i: usize, f: &str| format!("/lines/{i}/{f}");
    let cases: Vec<(Vec<(String, Value)>, ProblemType, &str, u16, &str)> = vec![
        (vec![("/video_id".into(), json!("autumn"))], ProblemType::UnknownVideo, "video_id", 422,
            "Nothing is sold with the video \"autumn\"."),
        (vec![("/lines".into(), json!([]))], ProblemType::EmptyOrder, "lines", 422, "The order has no items."),
        (vec![("/currency".into(), json!("EUR"))], ProblemType::CurrencyChanged, "currency", 409,
            "Prices are now in USD, not EUR."),
        (vec![(line(1, "variant_id"), json!("vl-gold"))], ProblemType::UnknownVariant, "lines[1].variant_id", 422,
            "The item \"vl-gold\" is not for sale."),
        (vec![(line(1, "product_id"), json!("nope"))], ProblemType::ProductMismatch, "lines[1].product_id", 422,
            "The item \"vl-plum\" is not a variant of \"nope\"."),
        (vec![(line(2, "product_id"), json!("velvet-lipstick"))], ProblemType::ProductMismatch, "lines[2].product_id", 422,
            "The item \"tote\" is not a variant of \"velvet-lipstick\"."),
        (vec![(line(2, "variant_id"), json!("vl-ruby")), (line(2, "product_id"), json!("velvet-lipstick"))],
            ProblemType::DuplicateLine, "lines[2].variant_id", 422,
            "Velvet Matte Lipstick (Ruby) appears on more than one line."),
        (vec![(line(0, "quantity"), json!(0))], ProblemType::BadQuantity, "lines[0].quantity", 422,
            "The quantity of Velvet Matte Lipstick (Ruby) must be at least 1."),
        (vec![(line(0, "quantity"), json!(4))], ProblemType::BadQuantity, "lines[0].quantity", 422,
            "You can buy at most 3 of Velvet Matte Lipstick (Ruby) per order."),
        (vec![(line(2, "quantity"), json!(1000))], ProblemType::BadQuantity, "lines[2].quantity", 422,
            "You can buy at most 999 of Canvas Tote per order."),
        (vec![(line(1, "variant_id"), json!("vl-nude")), (line(1, "unit_price"), json!(1900))],
            ProblemType::OutOfStock, "lines[1].variant_id", 409, "Velvet Matte Lipstick (Nude) is sold out."),
        (vec![(line(1, "unit_price"), json!(1900))], ProblemType::PriceChanged, "lines[1].unit_price", 409,
            "The price of Velvet Matte Lipstick (Plum) is now 21.00 USD, not 19.00 USD."),
    ];
    for (edits, kind, path, status, detail) in cases {
        let edits: Vec<(&str, Value)> = edits.iter().map(|(p, v)| (p.as_str(), v.clone())).collect();
        let problem = price_lines(&edited(&edits), &m).unwrap_err();
        assert_eq!((problem.kind(), problem.path(), problem.status()), (kind, path, status), "{edits:?}");
        assert_eq!(problem.detail(), detail);
        // The widget reads the sold-out line back from the document it gets.
        let sold_out = (kind == ProblemType::OutOfStock).then_some(1);
        assert_eq!(problem.document().sold_out_line(), sold_out, "{edits:?}");
    }
}

#[test]
fn a_tampered_price_is_refused_never_used() {
    let m = catalog(&catalog_doc());
    // The page claims one cent for the lipstick, or a price above the real one.
    for claim in [1, 0, -1900, 1901, i64::MAX] {
        let problem =
            price_lines(&edited(&[("/lines/0/unit_price", json!(claim))]), &m).unwrap_err();
        assert_eq!(
            problem,
            CheckoutProblem::PriceChanged {
                path: "lines[0].unit_price".into(),
                name: "Velvet Matte Lipstick (Ruby)".into(),
                claimed: claim,
                actual: 1900,
                currency: "USD".into(),
            }
        );
    }
}

#[test]
fn overflow_is_a_problem_not_a_wrap() {
    let mut doc = catalog_doc();
    doc["products"][1]["price"] = json!(i64::MAX / 2 + 1);
    let m = catalog(&doc);
    let big = json!(i64::MAX / 2 + 1);
    let line_overflow = edited(&[
        ("/lines/2/quantity", json!(2)),
        ("/lines/2/unit_price", big.clone()),
    ]);
    let p = price_lines(&line_overflow, &m).unwrap_err();
    assert_eq!(
        (p.kind(), p.path(), p.status()),
        (ProblemType::TooLarge, "lines[2].quantity", 422)
    );
    // Each line fits, the sum does not.
    doc["products"][0]["variants"][1]["price"] = big.clone();
    let m = catalog(&doc);
    let sum_overflow = edited(&[
        ("/lines/1/unit_price", big.clone()),
        ("/lines/2/unit_price", big),
    ]);
    let p = price_lines(&sum_overflow, &m).unwrap_err();
    assert_eq!((p.kind(), p.path()), (ProblemType::TooLarge, "lines"));
}

#[test]
fn server_side_problems_and_documents() {
    let cases = [
        (
            CheckoutProblem::Malformed {
                path: "lines[0].quantity".into(),
                message: "invalid type".into(),
            },
            400,
        ),
        (CheckoutProblem::MissingIdempotencyKey, 400),
        (CheckoutProblem::IdempotencyKeyReused, 422),
        (CheckoutProblem::InProgress, 503),
        (
            CheckoutProblem::PaymentDeclined {
                reason: "insufficient funds".into(),
            },
            402,
        ),
    ];
    for (p, status) in cases {
        assert_eq!(p.status(), status, "{p:?}");
    }
    let doc = CheckoutProblem::PaymentDeclined {
        reason: String::new(),
    }
    .document();
    assert_eq!(
        serde_json::to_value(&doc).unwrap(),
        json!({ "type": "https://shoppable.example/problems/payment-declined", "title": "Payment declined",
                "status": 402, "detail": "The payment was declined.", "path": "payment" })
    );
    let doc = CheckoutProblem::IdempotencyKeyReused.document();
    assert_eq!(doc.path, None, "header problems have no body path");
    // The widget reads any problem document, ours or not.
    let read: ProblemDocument =
        serde_json::from_str(r#"{"title":"Not Found","status":404}"#).unwrap();
    assert_eq!((read.type_uri.as_str(), read.kind()), ("about:blank", None));
    let read: ProblemDocument =
        serde_json::from_value(serde_json::to_value(&doc).unwrap()).unwrap();
    assert_eq!(read.kind(), Some(ProblemType::IdempotencyKeyReused));
}

#[test]
fn problem_types_are_distinct_and_round_trip() {
    for (i, k) in ProblemType::ALL.iter().enumerate() {
        assert_eq!(ProblemType::from_type_uri(&k.type_uri()), Some(*k));
        assert!(k.type_uri().starts_with(PROBLEM_BASE));
        assert!(ProblemType::ALL[..i]
            .iter()
            .all(|o| o.slug() != k.slug() && o.title() != k.title()));
        assert!(
            matches!(k.status(), 400 | 402 | 409 | 422 | 429 | 503),
            "{k:?}"
        );
        assert!(variant(en::SHOP[k.viewer_words()], "other").ends_with('.'));
    }
    assert_eq!(ProblemType::from_type_uri("about:blank"), None);
    assert_eq!(
        ProblemType::from_type_uri(&[PROBLEM_BASE, "nope"].concat()),
        None
    );
}

#[test]
fn request_lines_come_from_the_cart() {
    let m = catalog(&catalog_doc());
    let mut cart = Cart::for_manifest(&m);
    cart.add(&m, 0, "vl-ruby", 2).unwrap();
    cart.add(&m, 1, "tote", 1).unwrap();
    let lines = RequestLine::from_cart(&cart);
    assert_eq!(
        lines,
        request(&body())
            .lines
            .into_iter()
            .filter(|l| l.variant_id != "vl-plum")
            .collect::<Vec<_>>()
    );
}

#[test]
fn fingerprint_is_stable_and_sees_every_change() {
    let base = request(&body());
    let fp = fingerprint(&base);
    assert_eq!(fp, fingerprint(&base.clone()));
    // The same body with other whitespace and member order is the same request.
    let reordered = r#"{ "lines": [
        {"unit_price":1900,"quantity":2,"variant_id":"vl-ruby","product_id":"velvet-lipstick"},
        {"unit_price":2100,"quantity":1,"variant_id":"vl-plum","product_id":"velvet-lipstick"},
        {"unit_price":2900,"quantity":1,"variant_id":"tote","product_id":"tote"}],
      "currency":"USD", "video_id":"spring-drop",
      "attribution":{"video_time":4.25,"tag_id":"t1"},
      "payer":{"email":"ada@example.com","name":"Ada"},
      "shipping_address":{"postal_code":"12345","city":"Springfield","address_line":["1 Main St"],"country":"US"},
      "payment":{"token":"tok_test_approve","method":"https://google.com/pay"} }"#;
    assert_eq!(fingerprint(&serde_json::from_str(reordered).unwrap()), fp);

    let changes: Vec<Vec<(&str, Value)>> = vec![
        vec![("/lines/0/quantity", json!(3))],
        vec![("/lines/1/unit_price", json!(2101))],
        vec![("/lines/2/variant_id", json!("tote2"))],
        vec![
            ("/lines/0", body()["lines"][1].clone()),
            ("/lines/1", body()["lines"][0].clone()),
        ],
        vec![("/payment/token", json!("tok_test_decline"))],
        vec![("/currency", json!("EUR"))],
        vec![("/payer/phone", json!(""))],
        vec![("/payer", Value::Null)],
        vec![("/attribution/video_time", json!(4.26))],
        vec![("/attribution/tag_id", Value::Null)],
        vec![("/shipping_address/address_line", json!(["1 Main", "St"]))],
        // Field boundaries count: ("ab", "c") is not ("a", "bc").
        vec![
            ("/payment/method", json!("https://google.com/paytok")),
            ("/payment/token", json!("_test_approve")),
        ],
    ];
    for edits in changes {
        assert_ne!(fingerprint(&edited(&edits)), fp, "{edits:?}");
    }
    // -0.0 and 0.0 are the same moment.
    let zero = |t: f64| fingerprint(&edited(&[("/attribution/video_time", json!(t))]));
    assert_eq!(zero(0.0), zero(-0.0));
}

proptest! {
    /// Any change to one line's quantity or price changes the fingerprint,
    /// and a serde round trip never does.
    #[test]
    fn fingerprint_follows_the_lines(
        lines in proptest::collection::vec((0u32..5, 0u32..1000, 0i64..100_000), 1..6),
        which in 0usize..6, bump in 1u32..1000,
    ) {
        let mut req = request(&body());
        req.lines = lines.iter().map(|&(v, q, p)| RequestLine {
            product_id: "p".into(), variant_id: format!("v{v}"), quantity: q, unit_price: p,
        }).collect();
        let fp = fingerprint(&req);
        let text = serde_json::to_string(&req).unwrap();
        prop_assert_eq!(fingerprint(&serde_json::from_str(&text).unwrap()), fp);
        let i = which % req.lines.len();
        let mut more = req.clone();
        more.lines[i].quantity += bump;
        prop_assert_ne!(fingerprint(&more), fp);
        let mut dearer = req.clone();
        dearer.lines[i].unit_price += i64::from(bump);
        prop_assert_ne!(fingerprint(&dearer), fp);
    }
}

/// A field edit and the path and words of the refusal it must get.
#[test]
fn personal_fields_are_bounded_and_named_by_path() {
    let ok = request(&body());
    let methods = ["https://google.com/pay"];
    assert_eq!(check_fields(&ok, &methods), Ok(()));
    let long = |n: usize| Value::String("x".repeat(n));
    let cases: &[(&str, Value, &str, &str)] = &[
        (
            "/payer/name",
            long(201),
            "payer.name",
            "at most 200 characters",
        ),
        (
            "/payer/name",
            json!("Ada\nLovelace"),
            "payer.name",
            "control characters",
        ),
        (
            "/payer/email",
            json!("ada at example"),
            "payer.email",
            "e-mail address",
        ),
        (
            "/payer/email",
            json!("a b@example.com"),
            "payer.email",
            "e-mail address",
        ),
        (
            "/payer/phone",
            json!("call me"),
            "payer.phone",
            "phone number",
        ),
        (
            "/shipping_address/country",
            json!("France"),
            "shipping_address.country",
            "alpha-2",
        ),
        (
            "/shipping_address/address_line",
            json!(["1", "2", "3", "4", "5"]),
            "shipping_address.address_line",
            "at most 4 lines",
        ),
        (
            "/shipping_address/address_line",
            json!(["1 Main St", "x".repeat(201)]),
            "shipping_address.address_line[1]",
            "at most 200",
        ),
        (
            "/shipping_address/postal_code",
            long(33),
            "shipping_address.postal_code",
            "at most 32",
        ),
        (
            "/shipping_address/city",
            long(101),
            "shipping_address.city",
            "at most 100",
        ),
        (
            "/attribution/video_time",
            json!(-1.0),
            "attribution.video_time",
            "seconds",
        ),
        (
            "/attribution/tag_id",
            long(129),
            "attribution.tag_id",
            "at most 128",
        ),
        (
            "/payment/method",
            json!("https://evil.example/pay"),
            "payment.method",
            "https://google.com/pay",
        ),
        ("/payment/token", json!(""), "payment.token", "empty"),
        (
            "/payment/token",
            long(16 * 1024 + 1),
            "payment.token",
            "16384 bytes",
        ),
        (
            "/lines/0/variant_id",
            json!(""),
            "lines[0].variant_id",
            "empty",
        ),
    ];
    for (pointer, value, path, words) in cases {
        let mut v = body();
        *v.pointer_mut(pointer).unwrap() = value.clone();
        let p = check_fields(&request(&v), &methods).expect_err(pointer);
        assert_eq!(p.kind(), ProblemType::InvalidField, "{pointer}");
        assert_eq!(p.status(), 422);
        assert_eq!(p.path(), *path, "{pointer}");
        assert!(p.detail().contains(words), "{pointer}: {}", p.detail());
        assert!(p.detail().starts_with(path), "{}", p.detail());
    }
    // Too many lines.
    let mut v = body();
    let line = v["lines"][0].clone();
    v["lines"] = Value::Array(vec![line; 101]);
    assert_eq!(
        check_fields(&request(&v), &methods).unwrap_err().path(),
        "lines"
    );
    // Absent payer, address and attribution are fine.
    let mut v = body();
    for k in ["payer", "shipping_address", "attribution"] {
        v.as_object_mut().unwrap().remove(k);
    }
    assert_eq!(check_fields(&request(&v), &methods), Ok(()));
}

#[test]
fn accepted_methods_are_the_manifests_or_the_default() {
    let m = catalog(&catalog_doc());
    assert_eq!(
        m.checkout.accepted_methods(),
        vec!["https://google.com/pay"]
    );
    let mut doc = catalog_doc();
    doc["checkout"] = json!({ "payment_methods": [
        { "supported_methods": "apple_pay" },
        { "supported_methods": "https://pay.example/method" }
    ]});
    let m = catalog(&doc);
    assert_eq!(
        m.checkout.accepted_methods(),
        vec!["https://apple.com/apple-pay", "https://pay.example/method"]
    );
}
