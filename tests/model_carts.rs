#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser side is tests/e2e/carts.spec.ts
//! WooCommerce and BigCommerce (README, "WooCommerce and BigCommerce"): the
//! manifest's `woocommerce` and `bigcommerce` blocks, read through both
//! entry points with their warnings at their JSON paths; the carts' answers
//! in words for the viewer; WooCommerce's prices in minor units; the cart
//! URL.

use serde_json::{json, Value};
use shoppable::model::bigcommerce::{add_path, is_sku, source, BigCommerceProduct};
#[path = "common/manifest.rs"]
mod manifest_helpers;
use manifest_helpers::{parse, warnings};
use shoppable::model::manifest::ManifestError;
use shoppable::model::store_cart::{by_count, is_offered, Added, LiveVariant};
use shoppable::model::woocommerce::{
    add_answer, apply_live, decode_entities, is_nonce_error, price_minor, WooProduct,
};

/// The words as the shop shows them in English.
fn english(s: &shoppable::model::words::Said) -> String {
    s.english(shoppable::model::words::en::SHOP)
}

fn manifest(woo: Value, bc: Value) -> Value {
    json!({
        "version": 1,
        "video": { "id": "hero" },
        "currency": "USD",
        "products": [
            {
                "id": "velvet-lipstick", "title": "Velvet Matte Lipstick", "price": 1900,
                "options": ["Shade"],
                "variants": [
                    { "id": "vl-ruby", "options": ["Ruby"] },
                    { "id": "vl-nude", "options": ["Nude"] },
                    { "id": "vl-plum", "options": ["Plum"], "compare_at": 2600 }
                ],
                "woocommerce": woo,
                "bigcommerce": bc
            },
            { "id": "tote", "title": "Canvas Tote", "price": 2900,
              "woocommerce": { "id": 900 }, "bigcommerce": { "skus": { "tote": "TOTE-1" } } }
        ],
        "tags": []
    })
}

#[test]
fn full_blocks_map_every_variant_in_manifest_order() {
    let p = parse(&manifest(
        json!({ "id": "0812", "variations": { "vl-plum": "815", "vl-ruby": 813, "vl-nude": 814 } }),
        json!({ "skus": { "vl-plum": "VL PLUM/3", "vl-ruby": " VL-RUBY ", "vl-nude": 1234 } }),
    ))
    .unwrap();
    assert_eq!(warnings(&p), Vec::<String>::new());
    let w = p.manifest.products[0].woocommerce.clone().unwrap();
    assert_eq!(
        w,
        WooProduct {
            id: "812".into(),
            variations: vec![
                ("vl-ruby".into(), "813".into()),
                ("vl-nude".into(), "814".into()),
                ("vl-plum".into(), "815".into()),
            ],
        }
    );
    // A variation's id is what add-item takes; a variant without one has none.
    assert_eq!(w.item_id("vl-nude"), Some("814"));
    assert_eq!(w.item_id("vl-gold"), None);
    let b = p.manifest.products[0].bigcommerce.clone().unwrap();
    assert_eq!(
        b,
        BigCommerceProduct {
            skus: vec![
                ("vl-ruby".into(), "VL-RUBY".into()),
                ("vl-nude".into(), "1234".into()),
                ("vl-plum".into(), "VL PLUM/3".into()),
            ],
        }
    );
    assert_eq!(b.sku("vl-plum"), Some("VL PLUM/3"));
    // A simple product: its own id for its one variant.
    let tote = &p.manifest.products[1];
    assert_eq!(
        tote.woocommerce.as_ref().unwrap().item_id("tote"),
        Some("900")
    );
    assert_eq!(
        tote.bigcommerce.as_ref().unwrap().sku("tote"),
        Some("TOTE-1")
    );
}

#[test]
fn no_blocks_are_none() {
    let mut v = manifest(Value::Null, Value::Null);
    for k in ["woocommerce", "bigcommerce"] {
        v["products"][1].as_object_mut().unwrap().remove(k);
    }
    let p = parse(&v).unwrap();
    assert!(p
        .manifest
        .products
        .iter()
        .all(|p| p.woocommerce.is_none() && p.bigcommerce.is_none()));
    assert_eq!(warnings(&p), Vec::<String>::new());
}

#[test]
fn bad_entries_are_ignored_with_their_paths() {
    let p = parse(&manifest(
        json!({ "id": 812, "variations": { "vl-ruby": 813, "vl-nude": "81-4", "vl-plum": [1], "vl-gold": 9 } }),
        json!({ "skus": { "vl-ruby": "VL-RUBY", "vl-nude": "", "vl-plum": "a\u{7}b", "vl-gold": "G" } }),
    ))
    .unwrap();
    assert_eq!(
        warnings(&p),
        vec![
            "products[0].woocommerce.variations.vl-gold: names no variant of this product; ignored",
            "products[0].woocommerce.variations.vl-nude: \"81-4\" is not a WooCommerce variation id (a positive integer); ignored",
            "products[0].woocommerce.variations.vl-plum: expected a WooCommerce variation id (a positive integer), got a sequence; ignored",
            "products[0].woocommerce.variations: no WooCommerce variation id for \"vl-nude\", \"vl-plum\"; the store's cart cannot take them",
            "products[0].bigcommerce.skus.vl-gold: names no variant of this product; ignored",
            "products[0].bigcommerce.skus.vl-nude: \"\" is not a BigCommerce SKU (1 to 255 characters, no control characters); ignored",
            "products[0].bigcommerce.skus.vl-plum: \"a\\u{7}b\" is not a BigCommerce SKU (1 to 255 characters, no control characters); ignored",
            "products[0].bigcommerce.skus: no BigCommerce SKU for \"vl-nude\", \"vl-plum\"; the store's cart cannot take them",
        ]
    );
    let p0 = &p.manifest.products[0];
    assert_eq!(
        p0.woocommerce.as_ref().unwrap().variations,
        vec![("vl-ruby".to_owned(), "813".to_owned())]
    );
    assert_eq!(
        p0.bigcommerce.as_ref().unwrap().skus,
        vec![("vl-ruby".to_owned(), "VL-RUBY".to_owned())]
    );
    assert_eq!(p0.variants.len(), 3);
}

#[test]
fn unusable_blocks_are_ignored_with_a_warning() {
    for (woo, warning) in [
        (json!({ "id": "abc" }), "products[0].woocommerce.id: \"abc\" is not a WooCommerce product id (a positive integer); the woocommerce block is ignored"),
        (json!({ "id": true }), "products[0].woocommerce.id: expected a WooCommerce product id (a positive integer), got a boolean; the woocommerce block is ignored"),
        (json!({ "variations": { "vl-ruby": 1 } }), "products[0].woocommerce.id: missing; the woocommerce block is ignored"),
        // Three variants and no variations: adding the parent would fail.
        (json!({ "id": 812 }), "products[0].woocommerce.variations: missing: a product with several variants needs a variation id for each; the woocommerce block is ignored"),
    ] {
        let p = parse(&manifest(woo, Value::Null)).unwrap();
        assert_eq!(warnings(&p), vec![warning]);
        assert!(p.manifest.products[0].woocommerce.is_none());
    }
    let p = parse(&manifest(Value::Null, json!({}))).unwrap();
    assert_eq!(
        warnings(&p),
        vec!["products[0].bigcommerce.skus: missing; the bigcommerce block is ignored"]
    );
    assert!(p.manifest.products[0].bigcommerce.is_none());
    // A map with no usable entry would mean "a simple product": ignored.
    let p = parse(&manifest(
        json!({ "id": 812, "variations": { "vl-ruby": "x" } }),
        Value::Null,
    ))
    .unwrap();
    assert!(p.manifest.products[0].woocommerce.is_none());
}

#[test]
fn blocks_of_the_wrong_shape_fail_at_their_paths() {
    for (woo, bc, path, message) in [
        (
            json!(812),
            Value::Null,
            "products[0].woocommerce",
            "invalid type: integer `812`, expected an object",
        ),
        (
            json!({ "id": 1, "variations": [1] }),
            Value::Null,
            "products[0].woocommerce.variations",
            "invalid type: sequence, expected a map of variant ids",
        ),
        (
            Value::Null,
            json!(["VL"]),
            "products[0].bigcommerce",
            "invalid type: sequence, expected an object",
        ),
        (
            Value::Null,
            json!({ "skus": "VL" }),
            "products[0].bigcommerce.skus",
            "invalid type: string \"VL\", expected a map of variant ids",
        ),
    ] {
        match parse(&manifest(woo, bc)) {
            Err(ManifestError::Invalid {
                path: p,
                message: m,
            }) => {
                assert_eq!((p.as_str(), m.as_str()), (path, message));
            }
            other => panic!("expected an error at {path}, got {other:?}"),
        }
    }
}

#[test]
fn woocommerce_and_bigcommerce_are_strategies() {
    for s in ["woocommerce", "bigcommerce"] {
        let mut v = manifest(Value::Null, Value::Null);
        v["checkout"] = json!({ "strategy": s });
        let p = parse(&v).unwrap();
        assert_eq!(p.manifest.checkout.strategy.as_deref(), Some(s));
    }
}

#[test]
fn woocommerce_answers_in_words() {
    // Added whole: the line went from 1 to 3.
    let a = add_answer(201, "", None, 2, 1, Some(3));
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::All, "Added 2 to the store's cart.")
    );
    // An extension capped the line: 3 asked, 1 went in.
    let a = add_answer(201, "", None, 3, 0, Some(1));
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (
            Added::Partial,
            "Only 1 could be added; the rest was not in stock."
        )
    );
    // Sold out: WooCommerce's words, decoded to text.
    let a = add_answer(400, "woocommerce_rest_product_out_of_stock",
        Some("You cannot add &quot;Velvet Matte Lipstick - Plum&quot; to the cart because the product is out of stock."), 1, 0, None);
    assert_eq!((a.added, english(&a.words).as_str()), (Added::None, "You cannot add \"Velvet Matte Lipstick - Plum\" to the cart because the product is out of stock."));
    assert_eq!(
        english(
            &add_answer(
                400,
                "woocommerce_rest_product_out_of_stock",
                None,
                1,
                0,
                None
            )
            .words
        ),
        "Sorry, this item is sold out."
    );
    // More than the stock: core adds none of it.
    let a = add_answer(
        400,
        "woocommerce_rest_product_partially_out_of_stock",
        Some(" "),
        3,
        0,
        None,
    );
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (
            Added::None,
            "Not that many are in stock; nothing was added. Try a smaller quantity."
        )
    );
    assert_eq!(
        english(
            &add_answer(
                404,
                "woocommerce_rest_cart_invalid_product",
                None,
                1,
                0,
                None
            )
            .words
        ),
        "The store could not add this item."
    );
    // Still refused for its nonce after the one retry.
    let a = add_answer(
        403,
        "woocommerce_rest_invalid_nonce",
        Some("Nonce is invalid."),
        1,
        0,
        None,
    );
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (
            Added::None,
            "The store's session has expired. Please reload the page and try again."
        )
    );
    assert!(is_nonce_error("woocommerce_rest_missing_nonce"));
    assert!(is_nonce_error("woocommerce_rest_invalid_nonce"));
    assert!(!is_nonce_error("woocommerce_rest_product_out_of_stock"));
}

#[test]
fn entities_decode_to_text() {
    assert_eq!(
        decode_entities("&quot;A&quot; &amp; B&#039;s &#8217;&#x2019; &lt;b&gt;"),
        "\"A\" & B's \u{2019}\u{2019} <b>"
    );
    // Unknown or unterminated references stay as written.
    assert_eq!(
        decode_entities("R&D &bogus; 5 & 6 &#xZZ;"),
        "R&D &bogus; 5 & 6 &#xZZ;"
    );
}

#[test]
fn woocommerce_prices_in_iso_minor_units() {
    assert_eq!(price_minor("2100", 2, "EUR"), Some(2100));
    // A store showing no decimals for EUR: 21 → 2100 cents.
    assert_eq!(price_minor("21", 0, "EUR"), Some(2100));
    // Yen shown with two decimals: 150000 → ¥1500; a fraction of a yen is refused.
    assert_eq!(price_minor("150000", 2, "JPY"), Some(1500));
    assert_eq!(price_minor("150050", 2, "JPY"), None);
    for bad in ["", "-5", "21.00", "1e3", "9999999999999999"] {
        assert_eq!(price_minor(bad, 2, "EUR"), None, "{bad}");
    }
}

#[test]
fn woocommerce_live_prices_apply_by_item_id() {
    let mut m = parse(&manifest(
        json!({ "id": 812, "variations": { "vl-ruby": 813, "vl-nude": 814, "vl-plum": 815 } }),
        Value::Null,
    ))
    .unwrap()
    .manifest;
    let live = [
        LiveVariant {
            id: "813".into(),
            price: 2100,
            compare_at: Some(2600),
            available: true,
        },
        LiveVariant {
            id: "814".into(),
            price: 1800,
            compare_at: None,
            available: false,
        },
    ];
    apply_live(&mut m, 0, &live);
    let v = &m.products[0].variants;
    assert_eq!(
        (v[0].price, v[0].compare_at, v[0].available),
        (2100, Some(2600), true)
    );
    assert_eq!((v[1].price, v[1].available), (1800, false));
    // Not listed by the store: not available.
    assert!(!v[2].available);
    assert_eq!(m.products[0].price, 1800);
}

#[test]
fn bigcommerce_cart_url_and_counts() {
    assert_eq!(
        add_path("VL PLUM/3&x", 2, "hero", "t1"),
        "cart.php?action=add&sku=VL%20PLUM%2F3%26x&qty=2&source=shoppable%3Ahero%3At1"
    );
    assert_eq!(source("hero", ""), "shoppable:hero");
    assert!(is_sku("VL-RUBY"));
    assert!(!is_sku(""));
    assert!(!is_sku("a\nb"));
    assert!(!is_sku(&"x".repeat(256)));
    let a = by_count(1, 3, 2);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::All, "Added 2 to the store's cart.")
    );
    let a = by_count(0, 2, 3);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (
            Added::Partial,
            "Only 2 could be added; the rest was not in stock."
        )
    );
    let a = by_count(2, 2, 1);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::None, "Sorry, this item is sold out.")
    );
}

#[test]
fn an_item_is_offered_only_when_the_store_lists_it_available() {
    let live = |id: &str, available| LiveVariant {
        id: id.into(),
        price: 2100,
        compare_at: None,
        available,
    };
    let figures = [live("813", true), live("814", false)];
    assert!(is_offered(&figures, "813"));
    assert!(!is_offered(&figures, "814"), "listed, not available");
    assert!(!is_offered(&figures, "815"), "no longer listed");
    assert!(!is_offered(&[], "813"));
}
