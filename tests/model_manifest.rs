#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The manifest: every document-level error with its exact message, every
//! dropped-with-warning case with its exact warning, and that the rest of
//! the manifest still works after a warning.
//!
//! Each case goes through both entry points: `parse_str` (the server and
//! tools) and `from_json` over a `serde_json::Value` (the reader the browser
//! runs over `JSON.parse`'s result, `embed::json`, through the same
//! `Json` trait), and both must agree.

#![allow(clippy::type_complexity)] // the tables read best inline

use serde_json::{json, Value};
use shoppable::model::manifest::{parse_rfc3339_ms, parse_str, ManifestError, TimeBase, Warning};
use shoppable::model::timeline::Timeline;

#[path = "common/manifest.rs"]
#[allow(dead_code)] // its `warnings` serves the other manifest tests
mod manifest_helpers;
use manifest_helpers::parse;

fn base() -> Value {
    json!({
        "version": 1,
        "video": { "id": "spring-drop", "aspect": [16, 9] },
        "currency": "USD",
        "locale": "en-US",
        "products": [
            {
                "id": "velvet-lipstick", "title": "Velvet Matte Lipstick", "brand": "Rouge & Co",
                "image": "/img/lipstick.webp", "url": "https://shop.example/products/velvet-lipstick",
                "description": "Long-wear matte colour.", "price": 1900, "compare_at": 2600,
                "options": ["Shade"],
                "variants": [
                    { "id": "vl-ruby", "options": ["Ruby"], "price": 1900, "available": true, "max_per_order": 3 },
                    { "id": "vl-nude", "options": ["Nude"] },
                    { "id": "vl-plum", "options": ["Plum"], "price": 2100, "available": false }
                ]
            },
            {
                "id": "silk-scarf", "title": "Silk Scarf", "price": 4500, "options": ["Colour", "Size"],
                "variants": [
                    { "id": "ss-red-s", "options": ["Red", "S"], "price": 4500 },
                    { "id": "ss-red-l", "options": ["Red", "L"], "price": 5200, "compare_at": 6000 }
                ]
            },
            { "id": "tote", "title": "Canvas Tote", "price": 2900 }
        ],
        "tags": [
            { "id": "t1", "product": "velvet-lipstick", "start": 3.2, "end": 9.8,
              "keyframes": [{ "t": 3.2, "x": 0.31, "y": 0.42 }, { "t": 9.8, "x": 0.55, "y": 0.40 }] },
            { "id": "t2", "product": "silk-scarf", "start": 12, "end": 20,
              "keyframes": [{ "t": 12, "x": 0.5, "y": 0.5 }] },
            { "id": "t3", "product": "tote", "start": 25, "end": 30,
              "keyframes": [{ "t": 30, "x": 0.9, "y": 0.1 }, { "t": 25, "x": 0.1, "y": 0.9 }] },
            { "id": "t4", "product": "velvet-lipstick", "start": 1.5, "end": 2.5,
              "keyframes": [{ "t": 1.5, "x": 0.2, "y": 0.2 }] }
        ],
        "checkout": { "strategy": "auto", "endpoint": "/api/checkout", "redirect": "https://shop.example/cart/{lines}" }
    })
}

/// The base manifest with one edit: `path` is a JSON pointer, `value` the
/// replacement (`Value::Null` under the key "-" removes the key instead).
fn edited(edits: &[(&str, Value)]) -> Value {
    let mut v = base();
    for (ptr, value) in edits {
        if let Some(parent) = ptr.strip_suffix("/-") {
            // "/a/b/-" removes key or element "b" of "/a".
            let (parent, key) = parent.rsplit_once('/').unwrap();
            match v.pointer_mut(parent).unwrap() {
                Value::Object(m) => {
                    m.remove(key);
                }
                Value::Array(a) => {
                    a.remove(key.parse().unwrap());
                }
                _ => panic!("{ptr}"),
            }
        } else if let Some(slot) = v.pointer_mut(ptr) {
            *slot = value.clone();
        } else {
            // A new key on an existing object.
            let (parent, key) = ptr.rsplit_once('/').unwrap();
            v.pointer_mut(parent)
                .unwrap()
                .as_object_mut()
                .unwrap()
                .insert(key.into(), value.clone());
        }
    }
    v
}

fn messages(w: &[Warning]) -> Vec<String> {
    w.iter().map(|w| w.to_string()).collect()
}

#[test]
fn the_base_manifest_is_clean_and_complete() {
    let p = parse(&base()).unwrap();
    assert_eq!(p.warnings, vec![]);
    let m = &p.manifest;
    assert_eq!(
        (m.version, m.video.id.as_str(), m.video.aspect),
        (1, "spring-drop", Some((16, 9)))
    );
    assert_eq!(
        (m.currency.as_str(), m.locale.as_deref()),
        ("USD", Some("en-US"))
    );
    assert_eq!(m.products.len(), 3);
    assert_eq!(m.tags.len(), 4);

    let lip = m.product("velvet-lipstick").unwrap();
    assert_eq!(lip.brand.as_deref(), Some("Rouge & Co"));
    assert_eq!(lip.image.as_deref(), Some("/img/lipstick.webp"));
    assert_eq!(lip.description.as_deref(), Some("Long-wear matte colour."));
    assert_eq!((lip.price, lip.compare_at), (1900, Some(2600)));
    assert_eq!(lip.variants.len(), 3);
    let ruby = lip.variant("vl-ruby").unwrap();
    assert_eq!(
        (
            ruby.price,
            ruby.compare_at,
            ruby.available,
            ruby.max_per_order
        ),
        (1900, Some(2600), true, Some(3))
    );
    // No price: the product's price and compare-at price; available by default.
    let nude = lip.variant("vl-nude").unwrap();
    assert_eq!(
        (
            nude.price,
            nude.compare_at,
            nude.available,
            nude.max_per_order
        ),
        (1900, Some(2600), true, None)
    );
    let plum = lip.variant("vl-plum").unwrap();
    assert_eq!(
        (plum.price, plum.compare_at, plum.available),
        (2100, Some(2600), false)
    );
    assert_eq!(lip.price_range(), (1900, 2100));
    assert!(lip.variant("nope").is_none());

    let scarf = m.product("silk-scarf").unwrap();
    assert_eq!(scarf.options, vec!["Colour", "Size"]);
    assert_eq!(scarf.variant("ss-red-l").unwrap().compare_at, Some(6000));
    assert_eq!(scarf.variant("ss-red-s").unwrap().compare_at, None);
    assert_eq!(scarf.price_range(), (4500, 5200));

    // No variants: one variant named after the product.
    let tote = m.product("tote").unwrap();
    assert_eq!(tote.variants.len(), 1);
    let v = &tote.variants[0];
    assert_eq!(
        (
            v.id.as_str(),
            v.options.len(),
            v.price,
            v.compare_at,
            v.available
        ),
        ("tote", 0, 2900, None, true)
    );
    assert_eq!(tote.price_range(), (2900, 2900));
    assert!(m.product("nope").is_none());

    // Tags point at product indices; keyframes come out sorted.
    assert_eq!(
        m.tags.iter().map(|t| t.product).collect::<Vec<_>>(),
        vec![0, 1, 2, 0]
    );
    assert_eq!(
        m.tags[2].keyframes.iter().map(|k| k.t).collect::<Vec<_>>(),
        vec![25.0, 30.0]
    );
    assert_eq!(m.first_appearance(0), Some(1.5));
    assert_eq!(m.first_appearance(1), Some(12.0));
    assert_eq!(m.first_appearance(7), None);

    assert_eq!(m.checkout.strategy.as_deref(), Some("auto"));
    assert_eq!(m.checkout.endpoint.as_deref(), Some("/api/checkout"));
    assert_eq!(
        m.checkout.redirect.as_deref(),
        Some("https://shop.example/cart/{lines}")
    );

    // The server may echo it.
    let echoed = serde_json::to_value(m).unwrap();
    assert_eq!(echoed["products"][2]["variants"][0]["id"], "tote");
}

#[test]
fn optional_parts_default_and_unknown_fields_are_ignored() {
    let v = json!({
        "version": 1, "video": { "id": "v", "future": true }, "currency": "JPY", "schema": "x",
        "products": [{ "id": "p", "title": "P", "price": 500, "new_field": [1, 2] }],
        "tags": [{ "id": "t", "product": "p", "start": 0, "end": 1, "style": "pulse",
                   "keyframes": [{ "t": 0, "x": 0, "y": 1, "scale": 2 }] }]
    });
    let p = parse(&v).unwrap();
    assert_eq!(p.warnings, vec![]);
    let m = p.manifest;
    assert_eq!((m.video.aspect, m.locale), (None, None));
    assert_eq!(m.checkout, Default::default());
    assert_eq!(m.products[0].options, Vec::<String>::new());
    assert_eq!(m.tags[0].keyframes[0].y, 1.0);
    // Absent and null are the same for optional fields.
    let v = json!({ "version": 1, "video": { "id": "v", "aspect": null }, "currency": "EUR", "locale": null,
                    "products": [{ "id": "p", "title": "P", "price": 0, "image": null, "variants": null }],
                    "tags": null, "checkout": null });
    let m = parse(&v).unwrap().manifest;
    assert_eq!(
        (
            m.tags.len(),
            m.products[0].variants.len(),
            m.products[0].price
        ),
        (0, 1, 0)
    );
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn document_errors_from_text() {
    let cases: &[(&str, &str)] = &[
        ("", "manifest is not JSON: EOF while parsing a value at line 1, column 0"),
        ("<!doctype html>", "manifest is not JSON: expected value at line 1, column 1"),
        ("{\"version\": 1,", "manifest is not JSON: EOF while parsing a value at line 1, column 14"),
        ("{\"version\": 1,\n \"video\": {\"id\": \"v\"},\n}", "manifest is not JSON: trailing comma at line 3, column 1"),
        ("{} x", "manifest is not JSON: trailing characters at line 1, column 4"),
        ("[1]", "manifest: invalid type: sequence, expected a JSON object"),
        ("null", "manifest: invalid type: null, expected a JSON object"),
        ("{}", "missing manifest version; this widget reads version 1"),
        // The version is checked as soon as it is read, before the parts of
        // the document whose shape may have changed.
        ("{\"version\": 2, \"tags\": \"a new shape\"}", "unsupported manifest version 2; this widget reads version 1"),
    ];
    for &(text, want) in cases {
        let got = parse_str(text).map(|_| ()).unwrap_err();
        assert_eq!(got.to_string(), want, "{text:?}");
    }
    assert_eq!(
        parse_str("{\n  \"version\": 1,\n  oops\n}").unwrap_err(),
        ManifestError::NotJson { message: "key must be a string".into(), line: 3, column: 3 }
    );
}

/// `checkout.payment_methods`: aliases spelled out, URLs kept, each entry's
/// index kept so the widget can pass its `data` object on as written.
#[test]
fn payment_methods_from_the_manifest() {
    let v = edited(&[(
        "/checkout/payment_methods",
        json!([
            { "supported_methods": "apple_pay", "data": { "merchantIdentifier": "merchant.example", "version": 3 } },
            { "supported_methods": "bogus" },
            { "supported_methods": "google_pay", "data": { "environment": "TEST" } },
            { "supported_methods": "https://bobbucks.dev/pay" }
        ]),
    )]);
    let p = parse(&v).expect("parses");
    let got: Vec<(&str, usize)> = p
        .manifest
        .checkout
        .payment_methods
        .iter()
        .map(|m| (m.supported_methods.as_str(), m.index))
        .collect();
    assert_eq!(
        got,
        vec![
            ("https://apple.com/apple-pay", 0),
            ("https://google.com/pay", 2),
            ("https://bobbucks.dev/pay", 3)
        ]
    );
    assert_eq!(p.warnings.len(), 1);
    assert_eq!(
        p.warnings[0].path,
        "checkout.payment_methods[1].supported_methods"
    );
    // `data` must be an object: anything else is a type error at its path.
    let bad = edited(&[(
        "/checkout/payment_methods",
        json!([{ "supported_methods": "google_pay", "data": "TEST" }]),
    )]);
    let err = parse(&bad).unwrap_err().to_string();
    assert!(
        err.contains("checkout.payment_methods[0].data") && err.contains("an object"),
        "{err}"
    );
}

#[test]
fn apple_pay_session_endpoint() {
    use shoppable::model::manifest::DEFAULT_APPLE_PAY_SESSION;
    // Absent: the reference server's route (the widget resolves it against the manifest).
    let p = parse(&base()).expect("parses");
    assert_eq!(p.manifest.checkout.apple_pay_session, None);
    assert_eq!(
        p.manifest.checkout.apple_pay_session(),
        "/api/apple-pay/session"
    );
    assert_eq!(DEFAULT_APPLE_PAY_SESSION, "/api/apple-pay/session");
    // Given and safe: kept as written, relative or absolute.
    for url in [
        "/shop/apple-pay/session",
        "apple-session",
        "https://pay.brand.example/apple/session",
    ] {
        let p = parse(&edited(&[("/checkout/apple_pay_session", json!(url))])).expect("parses");
        assert_eq!(p.warnings, vec![], "{url}");
        assert_eq!(p.manifest.checkout.apple_pay_session(), url);
    }
    // Unsafe: ignored with a warning naming it, and the default used.
    let p = parse(&edited(&[(
        "/checkout/apple_pay_session",
        json!("javascript:alert(1)"),
    )]))
    .expect("parses");
    assert_eq!(
        messages(&p.warnings),
        vec!["checkout.apple_pay_session: unsafe URL \"javascript:alert(1)\" (only https:, http: or relative URLs are allowed); ignored"]
    );
    assert_eq!(
        p.manifest.checkout.apple_pay_session(),
        DEFAULT_APPLE_PAY_SESSION
    );
    // Empty is absent; a wrong type is a type error at its path.
    let p = parse(&edited(&[("/checkout/apple_pay_session", json!(" "))])).expect("parses");
    assert_eq!(
        (p.warnings.len(), p.manifest.checkout.apple_pay_session),
        (0, None)
    );
    let err = parse(&edited(&[("/checkout/apple_pay_session", json!(7))]))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("checkout.apple_pay_session: invalid type"),
        "{err}"
    );
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn document_errors() {
    let bad_products = json!([{ "id": "a", "title": "A", "price": -5 }, { "id": "", "title": "B", "price": 1 }]);
    let cases: Vec<(Value, &str)> = vec![
        (edited(&[("/version", json!(2))]), "unsupported manifest version 2; this widget reads version 1"),
        (edited(&[("/version", json!(0))]), "unsupported manifest version 0; this widget reads version 1"),
        (edited(&[("/version/-", Value::Null)]), "missing manifest version; this widget reads version 1"),
        (edited(&[("/version", Value::Null)]), "missing manifest version; this widget reads version 1"),
        (edited(&[("/version", json!("1"))]), "version: invalid type: string \"1\", expected u64"),
        (edited(&[("/version", json!(1.5))]), "version: invalid type: floating point `1.5`, expected u64"),
        (edited(&[("/currency/-", Value::Null)]), "currency: missing; give an ISO 4217 code such as \"USD\""),
        (edited(&[("/currency", json!(""))]), "currency: missing; give an ISO 4217 code such as \"USD\""),
        (
            edited(&[("/currency", json!("usd"))]),
            "currency: \"usd\" is not an ISO 4217 code (three upper-case letters, such as \"USD\")",
        ),
        (
            edited(&[("/currency", json!("US$"))]),
            "currency: \"US$\" is not an ISO 4217 code (three upper-case letters, such as \"USD\")",
        ),
        (edited(&[("/currency", json!(840))]), "currency: invalid type: integer `840`, expected a string"),
        (edited(&[("/video/-", Value::Null)]), "video.id: missing or empty; the manifest must name its video"),
        (edited(&[("/video/id", json!(""))]), "video.id: missing or empty; the manifest must name its video"),
        (edited(&[("/video/id", json!("  "))]), "video.id: missing or empty; the manifest must name its video"),
        (edited(&[("/video/id/-", Value::Null)]), "video.id: missing or empty; the manifest must name its video"),
        (edited(&[("/video/aspect", json!([16]))]), "video.aspect: invalid length 1, expected a tuple of size 2"),
        (edited(&[("/video/aspect", json!("16:9"))]), "video.aspect: invalid type: string \"16:9\", expected a tuple of size 2"),
        (edited(&[("/products/-", Value::Null)]), "products: missing or empty; a manifest needs at least one product"),
        (edited(&[("/products", json!([]))]), "products: missing or empty; a manifest needs at least one product"),
        (edited(&[("/products", json!("all"))]), "products: invalid type: string \"all\", expected a sequence"),
        (
            edited(&[("/products", bad_products)]),
            "products: none of the 2 products is usable; the first problem is products[0].price: negative; product dropped",
        ),
        (
            edited(&[("/products/0/price", json!(19.5))]),
            "products[0].price: invalid type: floating point `19.5`, expected i64",
        ),
        (
            edited(&[("/products/0/price", json!("19.00"))]),
            "products[0].price: invalid type: string \"19.00\", expected i64",
        ),
        (
            edited(&[("/products/0/variants/1/max_per_order", json!(-1))]),
            "products[0].variants[1].max_per_order: invalid value: integer `-1`, expected u32",
        ),
        (
            edited(&[("/products/1/options", json!("Colour"))]),
            "products[1].options: invalid type: string \"Colour\", expected a sequence",
        ),
        (
            edited(&[("/products/0/variants/0/available", json!("yes"))]),
            "products[0].variants[0].available: invalid type: string \"yes\", expected a boolean",
        ),
        (edited(&[("/tags/3/start", json!("x"))]), "tags[3].start: invalid type: string \"x\", expected f64"),
        (edited(&[("/tags/0/product", json!(0))]), "tags[0].product: invalid type: integer `0`, expected a string"),
        (
            edited(&[("/tags/1/keyframes/0/x", json!("left"))]),
            "tags[1].keyframes[0].x: invalid type: string \"left\", expected f64",
        ),
        (edited(&[("/tags", json!({}))]), "tags: invalid type: map, expected a sequence"),
        (edited(&[("/checkout", json!("auto"))]), "checkout: invalid type: string \"auto\", expected an object"),
    ];
    for (v, want) in cases {
        let got = parse(&v).map(|_| ()).unwrap_err();
        assert_eq!(got.to_string(), want, "{v}");
    }
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn dropped_with_a_warning() {
    // (edits, warnings, products kept, tags kept)
    let cases: Vec<(Vec<(&str, Value)>, Vec<&str>, usize, usize)> = vec![
        // Products and their variants.
        (vec![("/products/2/id", json!(""))], vec!["products[2].id: missing or empty; product dropped",
            "tags[2].product: no product \"tote\""], 2, 3),
        (vec![("/products/2/id/-", Value::Null)], vec!["products[2].id: missing or empty; product dropped",
            "tags[2].product: no product \"tote\""], 2, 3),
        (vec![("/products/2/title", json!(" "))], vec!["products[2].title: missing or empty; product dropped",
            "tags[2].product: product \"tote\" was dropped (see its warning)"], 2, 3),
        (vec![("/products/2/price", json!(-1))], vec!["products[2].price: negative; product dropped",
            "tags[2].product: product \"tote\" was dropped (see its warning)"], 2, 3),
        (vec![("/products/2/price/-", Value::Null)], vec!["products[2].price: missing; product dropped",
            "tags[2].product: product \"tote\" was dropped (see its warning)"], 2, 3),
        (vec![("/products/2/id", json!("silk-scarf"))], vec!["products[2].id: duplicate id \"silk-scarf\"; product dropped",
            "tags[2].product: no product \"tote\""], 2, 3),
        (vec![("/products/1/variants/0/options", json!(["Red"]))],
            vec!["products[1].variants[0].options: has 1 values but the product has 2 options; variant dropped"], 3, 4),
        (vec![("/products/2/variants", json!([{ "id": "x", "options": ["Big"] }]))],
            vec!["products[2].variants[0].options: has 1 values but the product has 0 options; variant dropped",
                 "products[2].variants: no usable variant; product dropped",
                 "tags[2].product: product \"tote\" was dropped (see its warning)"], 2, 3),
        (vec![("/products/0/variants/2/price", json!(-100))],
            vec!["products[0].variants[2].price: negative; variant dropped"], 3, 4),
        (vec![("/products/0/variants/2/id", json!(""))],
            vec!["products[0].variants[2].id: missing or empty; variant dropped"], 3, 4),
        (vec![("/products/0/variants/2/id", json!("vl-ruby"))],
            vec!["products[0].variants[2].id: duplicate id \"vl-ruby\"; variant dropped"], 3, 4),
        (vec![("/products/1/variants/0/options", json!([])), ("/products/1/variants/1/options/-", Value::Null)],
            vec!["products[1].variants[0].options: has 0 values but the product has 2 options; variant dropped",
                 "products[1].variants[1].options: has 0 values but the product has 2 options; variant dropped",
                 "products[1].variants: no usable variant; product dropped",
                 "tags[1].product: product \"silk-scarf\" was dropped (see its warning)"], 2, 3),
        // Optional fields ignored, product kept.
        (vec![("/products/0/image", json!("javascript:alert(1)"))],
            vec!["products[0].image: unsafe URL \"javascript:alert(1)\" (only https:, http: or relative URLs are allowed); ignored"], 3, 4),
        (vec![("/products/0/url", json!("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="))],
            vec!["products[0].url: unsafe URL \"data:text/html;base64,PHNjcmlwdD5hbGVydC…\" (only https:, http: or relative URLs are allowed); ignored"], 3, 4),
        (vec![("/products/0/compare_at", json!(1900))], vec!["products[0].compare_at: not above the price; ignored"], 3, 4),
        (vec![("/products/1/variants/1/compare_at", json!(-1))],
            vec!["products[1].variants[1].compare_at: not above the price; ignored"], 3, 4),
        (vec![("/products/0/variants/0/max_per_order", json!(0))],
            vec!["products[0].variants[0].max_per_order: must be at least 1; ignored"], 3, 4),
        (vec![("/video/aspect", json!([0, 9]))], vec!["video.aspect: must be two positive integers such as [16, 9]; ignored"], 3, 4),
        (vec![("/locale", json!("en US"))], vec!["locale: \"en US\" is not a BCP 47 language tag; ignored"], 3, 4),
        (vec![("/checkout/strategy", json!("paypal"))],
            vec!["checkout.strategy: unknown strategy \"paypal\" (auto, payment_request, host, redirect, shopify, woocommerce or bigcommerce); using auto"], 3, 4),
        (vec![("/checkout/endpoint", json!("javascript:void(0)"))],
            vec!["checkout.endpoint: unsafe URL \"javascript:void(0)\" (only https:, http: or relative URLs are allowed); ignored"], 3, 4),
        (vec![("/checkout/redirect", json!(" vbscript:x"))],
            vec!["checkout.redirect: unsafe URL \" vbscript:x\" (only https:, http: or relative URLs are allowed); ignored"], 3, 4),
        (vec![("/checkout/payment_methods", json!([{ "supported_methods": "paypal" }, { "data": {} }, { "supported_methods": "http://pay.example" }]))],
            vec!["checkout.payment_methods[0].supported_methods: unknown payment method \"paypal\" (google_pay, apple_pay or an https:// payment method URL); ignored",
                 "checkout.payment_methods[1].supported_methods: missing; this payment method is ignored",
                 "checkout.payment_methods[2].supported_methods: unknown payment method \"http://pay.example\" (google_pay, apple_pay or an https:// payment method URL); ignored"], 3, 4),
        // Tags.
        (vec![("/tags/3/product", json!("lip-02"))], vec!["tags[3].product: no product \"lip-02\""], 3, 3),
        (vec![("/tags/3/product", json!(""))], vec!["tags[3].product: missing or empty"], 3, 3),
        (vec![("/tags/3/product/-", Value::Null)], vec!["tags[3].product: missing or empty"], 3, 3),
        (vec![("/tags/3/id", json!(""))], vec!["tags[3].id: missing or empty"], 3, 3),
        (vec![("/tags/3/id", json!("t1"))], vec!["tags[3].id: duplicate id \"t1\""], 3, 3),
        (vec![("/tags/3/start", json!(-0.5))], vec!["tags[3].start: negative"], 3, 3),
        (vec![("/tags/3/start/-", Value::Null)], vec!["tags[3].start: missing"], 3, 3),
        (vec![("/tags/3/end", json!(1.5))], vec!["tags[3].end: not after start"], 3, 3),
        (vec![("/tags/3/end", json!(1.0))], vec!["tags[3].end: not after start"], 3, 3),
        (vec![("/tags/3/end/-", Value::Null)], vec!["tags[3].end: missing"], 3, 3),
        (vec![("/tags/3/keyframes", json!([]))], vec!["tags[3].keyframes: missing or empty"], 3, 3),
        (vec![("/tags/3/keyframes/-", Value::Null)], vec!["tags[3].keyframes: missing or empty"], 3, 3),
        (vec![("/tags/0/keyframes/1/x", json!(1.2))], vec!["tags[0].keyframes[1].x: outside 0..1"], 3, 3),
        (vec![("/tags/0/keyframes/1/y", json!(-0.1))], vec!["tags[0].keyframes[1].y: outside 0..1"], 3, 3),
        (vec![("/tags/0/keyframes/0/y/-", Value::Null)], vec!["tags[0].keyframes[0].y: missing"], 3, 3),
        (vec![("/tags/0/keyframes/0/t/-", Value::Null)], vec!["tags[0].keyframes[0].t: missing"], 3, 3),
        // Several at once: each reported, in document order.
        (vec![("/tags/0/end", json!(0)), ("/tags/2/product", json!("hat")), ("/products/0/image", json!("data:x"))],
            vec!["products[0].image: unsafe URL \"data:x\" (only https:, http: or relative URLs are allowed); ignored",
                 "tags[0].end: not after start", "tags[2].product: no product \"hat\""], 3, 2),
    ];
    for (edits, want, products, tags) in cases {
        let v = edited(&edits);
        let p = parse(&v).unwrap_or_else(|e| panic!("{edits:?}: {e}"));
        assert_eq!(messages(&p.warnings), want, "{edits:?}");
        assert_eq!((p.manifest.products.len(), p.manifest.tags.len()), (products, tags), "{edits:?}");
    }
}

#[test]
fn the_rest_still_works_after_drops() {
    // Drop the first product and a tag: later product indices shift, and
    // tags still point at the right products.
    let v = edited(&[
        ("/products/0/price", json!(-1)),
        ("/tags/1/end", json!(5)),
        ("/products/2/image", json!("JAVASCRIPT:alert(1)")),
    ]);
    let p = parse(&v).unwrap();
    let m = &p.manifest;
    assert_eq!(
        m.products.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        vec!["silk-scarf", "tote"]
    );
    assert_eq!(m.product("tote").unwrap().image, None);
    assert_eq!(
        m.tags.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        vec!["t3"]
    );
    assert_eq!(m.products[m.tags[0].product].id, "tote");
    assert_eq!(m.first_appearance(1), Some(25.0));
    assert_eq!(m.first_appearance(0), None);
    let tl = Timeline::new(&m.tags);
    let mut out = Vec::new();
    tl.active_at(26.0, &mut out);
    assert_eq!(out, vec![0]);
    assert_eq!(
        messages(&p.warnings),
        vec![
            "products[0].price: negative; product dropped",
            "products[2].image: unsafe URL \"JAVASCRIPT:alert(1)\" (only https:, http: or relative URLs are allowed); ignored",
            "tags[0].product: product \"velvet-lipstick\" was dropped (see its warning)",
            "tags[1].end: not after start",
            "tags[3].product: product \"velvet-lipstick\" was dropped (see its warning)",
        ]
    );

    // A dropped duplicate does not hide the kept product of that id.
    let v = edited(&[("/products/0/id", json!("tote"))]);
    let p = parse(&v).unwrap();
    assert_eq!(
        messages(&p.warnings)[0],
        "products[2].id: duplicate id \"tote\"; product dropped"
    );
    assert_eq!(
        p.manifest.product("tote").unwrap().title,
        "Velvet Matte Lipstick"
    );
    assert_eq!(p.manifest.tags.iter().filter(|t| t.product == 0).count(), 1); // t3 only
}

#[test]
fn compare_at_inheritance() {
    // A variant inherits the product's compare-at price only when it is
    // above the variant's own price.
    let v = edited(&[("/products/0/variants/2/price", json!(3000))]);
    let m = parse(&v).unwrap().manifest;
    assert_eq!(m.products[0].variants[2].compare_at, None);
    assert_eq!(m.products[0].variants[1].compare_at, Some(2600));
    // A product without variants carries its compare-at price to the
    // implied variant.
    let v = edited(&[("/products/2/compare_at", json!(3500))]);
    let m = parse(&v).unwrap().manifest;
    assert_eq!(m.products[2].variants[0].compare_at, Some(3500));
}

#[test]
fn warnings_display_path_then_message() {
    let w = Warning {
        path: "tags[3].product".into(),
        message: "no product \"lip-02\"".into(),
    };
    assert_eq!(w.to_string(), "tags[3].product: no product \"lip-02\"");
}

/// The examples in the docs must parse cleanly, so they cannot rot.
#[test]
fn documented_examples_parse_without_warnings() {
    for doc in ["README.md"] {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + doc)
                .unwrap();
        let mut found = 0;
        for block in text.split("```json").skip(1) {
            let json = block.split("```").next().unwrap();
            // Only whole manifests; fragments are illustrations.
            if !json.contains("\"version\"") {
                continue;
            }
            let p = parse_str(json).unwrap_or_else(|e| panic!("{doc}: {e}"));
            assert_eq!(p.warnings, vec![], "{doc}");
            found += 1;
        }
        assert!(found > 0, "{doc} has no complete example");
    }
}

#[test]
fn time_base_defaults_to_media() {
    assert_eq!(
        parse(&base()).unwrap().manifest.video.time_base,
        TimeBase::Media
    );
    let v = edited(&[("/video/time_base", json!("media"))]);
    let p = parse(&v).unwrap();
    assert_eq!(
        (p.manifest.video.time_base, p.warnings),
        (TimeBase::Media, vec![])
    );
    // Absent, null and "" are the same.
    for tb in [Value::Null, json!("")] {
        let v = edited(&[("/video/time_base", tb)]);
        assert_eq!(parse(&v).unwrap().manifest.video.time_base, TimeBase::Media);
    }
}

#[test]
fn program_date_time_takes_its_epoch() {
    let v = edited(&[
        ("/video/time_base", json!("program_date_time")),
        ("/video/epoch", json!("2026-05-01T18:00:00Z")),
    ]);
    let p = parse(&v).unwrap();
    assert_eq!(p.warnings, vec![]);
    assert_eq!(
        p.manifest.video.time_base,
        TimeBase::ProgramDateTime {
            epoch_ms: 1_777_658_400_000
        }
    );
    // An offset is converted to UTC.
    let v = edited(&[
        ("/video/time_base", json!("program_date_time")),
        ("/video/epoch", json!("2026-05-01T20:00:00.5+02:00")),
    ]);
    assert_eq!(
        parse(&v).unwrap().manifest.video.time_base,
        TimeBase::ProgramDateTime {
            epoch_ms: 1_777_658_400_500
        }
    );
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn time_base_errors_and_warnings() {
    let pdt = ("/video/time_base", json!("program_date_time"));
    let errors: Vec<(Value, &str)> = vec![
        (edited(&[("/video/time_base", json!("wallclock"))]),
            "video.time_base: unknown time base \"wallclock\" (\"media\" or \"program_date_time\")"),
        (edited(std::slice::from_ref(&pdt)),
            "video.epoch: missing; \"time_base\": \"program_date_time\" needs an RFC 3339 UTC timestamp such as \"2026-05-01T18:00:00Z\""),
        (edited(&[pdt.clone(), ("/video/epoch", json!(" "))]),
            "video.epoch: missing; \"time_base\": \"program_date_time\" needs an RFC 3339 UTC timestamp such as \"2026-05-01T18:00:00Z\""),
        (edited(&[pdt.clone(), ("/video/epoch", json!("2026-05-01 18:00"))]),
            "video.epoch: \"2026-05-01 18:00\" is not an RFC 3339 timestamp such as \"2026-05-01T18:00:00Z\""),
        (edited(&[pdt.clone(), ("/video/epoch", json!("2026-02-30T00:00:00Z"))]),
            "video.epoch: \"2026-02-30T00:00:00Z\" is not an RFC 3339 timestamp such as \"2026-05-01T18:00:00Z\""),
        (edited(&[pdt.clone(), ("/video/epoch", json!(1777658400))]),
            "video.epoch: invalid type: integer `1777658400`, expected a string"),
        (edited(&[("/video/time_base", json!(1))]),
            "video.time_base: invalid type: integer `1`, expected a string"),
    ];
    for (v, want) in errors {
        let got = parse(&v).map(|_| ()).unwrap_err();
        assert_eq!(got.to_string(), want, "{v}");
    }
    // An epoch without the time base that uses it: ignored with a warning.
    let v = edited(&[("/video/epoch", json!("2026-05-01T18:00:00Z"))]);
    let p = parse(&v).unwrap();
    assert_eq!(p.manifest.video.time_base, TimeBase::Media);
    assert_eq!(
        messages(&p.warnings),
        vec!["video.epoch: only used with \"time_base\": \"program_date_time\"; ignored"]
    );
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn rfc3339_timestamps() {
    let cases: &[(&str, Option<i64>)] = &[
        ("1970-01-01T00:00:00Z", Some(0)),
        ("1970-01-01T00:00:01.5Z", Some(1_500)),
        ("1969-12-31T23:59:59Z", Some(-1_000)),
        ("2000-02-29T12:00:00Z", Some(951_825_600_000)),
        ("2026-05-01T18:00:00Z", Some(1_777_658_400_000)),
        ("2026-05-01t18:00:00z", Some(1_777_658_400_000)),
        ("2026-05-01T18:00:00.123456Z", Some(1_777_658_400_123)),
        ("2026-05-01T13:30:00-04:30", Some(1_777_658_400_000)),
        ("2026-05-01T18:00:00+00:00", Some(1_777_658_400_000)),
        ("2026-12-31T23:59:60Z", Some(1_798_761_600_000)), // a leap second reads as the next second
        ("2100-02-29T00:00:00Z", None), // 2100 is not a leap year
        ("2026-13-01T00:00:00Z", None),
        ("2026-05-01T24:00:00Z", None),
        ("2026-05-01T18:00:00", None),   // no offset: not a point in time
        ("2026-05-01T18:00:00.Z", None),
        // Packagers' ISO 8601 offsets: ffmpeg writes +0000; hours alone.
        ("2026-05-01T20:00:00+0200", Some(1_777_658_400_000)),
        ("2026-11-29T22:25:58.427+0000", Some(1_795_991_158_427)),
        ("2026-05-01T20:00:00+02", Some(1_777_658_400_000)),
        ("2026-05-01T18:00:00+020", None),
        ("2026-05-01T18:00:00+2400", None),
        ("2026-5-01T18:00:00Z", None),
        ("+2026-05-01T18:00:00Z", None),
        ("", None),
    ];
    for &(s, want) in cases {
        assert_eq!(parse_rfc3339_ms(s), want, "{s:?}");
    }
}

#[test]
fn tag_time_on_each_time_base() {
    // Media: the media time itself; no program date needed.
    assert_eq!(TimeBase::Media.tag_time(12.5, None), Some(12.5));
    assert_eq!(TimeBase::Media.offset(12.5, Some(1e12)), Some(0.0));
    // Program date: PROGRAM-DATE-TIME − epoch, whatever the media time.
    let epoch_ms = parse_rfc3339_ms("2026-05-01T18:00:00Z").unwrap();
    let tb = TimeBase::ProgramDateTime { epoch_ms };
    let pdt = parse_rfc3339_ms("2026-05-01T18:00:42.250Z").unwrap() as f64;
    assert_eq!(tb.tag_time(3.0, Some(pdt)), Some(42.25));
    assert_eq!(tb.tag_time(3.0, None), None, "no program date yet");
    assert_eq!(tb.tag_time(3.0, Some(f64::NAN)), None);
    // Before the epoch: negative, so no tag (tags start at 0 or later).
    assert_eq!(tb.tag_time(0.0, Some(epoch_ms as f64 - 2000.0)), Some(-2.0));
    // One reading gives the offset that maps later frames and seeks.
    let off = tb.offset(3.0, Some(pdt)).unwrap();
    assert_eq!(off, 39.25);
    assert_eq!(3.5 + off, 42.75, "a later frame's tag time");
    assert_eq!(
        TimeBase::media_time(45.0, off),
        5.75,
        "seeking to tag time 45 s"
    );
}
