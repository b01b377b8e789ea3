#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser side is tests/e2e/shopify.spec.ts
//! Shopify (README, "Shopify"): the manifest's `shopify` block, read through
//! both entry points (text and `serde_json::Value`, the browser's reader)
//! with its warnings at their JSON paths; the cart's answers in words for
//! the viewer; live prices applied to the manifest.

use serde_json::{json, Value};
#[path = "common/manifest.rs"]
mod manifest_helpers;
use manifest_helpers::{parse, warnings};
use shoppable::model::manifest::ManifestError;
use shoppable::model::shopify::{
    actions_answer, ajax_answer, apply_live, is_handle, is_variant_id, merchandise_id, Added,
    LiveVariant, Problem, ShopifyProduct,
};

/// The words as the shop shows them in English.
fn english(s: &shoppable::model::words::Said) -> String {
    s.english(shoppable::model::words::en::SHOP)
}

fn manifest(shopify: Value) -> Value {
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
                "shopify": shopify
            },
            { "id": "tote", "title": "Canvas Tote", "price": 2900,
              "shopify": { "handle": "canvas-tote", "variants": { "tote": 900 } } }
        ],
        "tags": []
    })
}

#[test]
fn a_full_block_maps_every_variant_in_manifest_order() {
    let p = parse(&manifest(json!({
        "handle": "velvet-matte-lipstick",
        "variants": { "vl-plum": "44000000003", "vl-ruby": 44000000001u64, "vl-nude": 44000000002u64 }
    })))
    .unwrap();
    assert_eq!(warnings(&p), Vec::<String>::new());
    let s = p.manifest.products[0].shopify.clone().unwrap();
    assert_eq!(
        s,
        ShopifyProduct {
            handle: "velvet-matte-lipstick".into(),
            variants: vec![
                ("vl-ruby".into(), "44000000001".into()),
                ("vl-nude".into(), "44000000002".into()),
                ("vl-plum".into(), "44000000003".into()),
            ],
        }
    );
    assert_eq!(s.variant_id("vl-nude"), Some("44000000002"));
    assert_eq!(s.manifest_variant("44000000003"), Some("vl-plum"));
    // A product without variants maps its own id.
    let tote = p.manifest.products[1].shopify.clone().unwrap();
    assert_eq!(tote.variant_id("tote"), Some("900"));
}

#[test]
fn no_block_is_no_shopify() {
    let mut v = manifest(Value::Null);
    v["products"][1].as_object_mut().unwrap().remove("shopify");
    let p = parse(&v).unwrap();
    assert!(p.manifest.products.iter().all(|p| p.shopify.is_none()));
    assert_eq!(warnings(&p), Vec::<String>::new());
}

#[test]
fn bad_entries_are_ignored_with_their_paths() {
    let p = parse(&manifest(json!({
        "handle": "velvet-matte-lipstick",
        "variants": {
            "vl-ruby": 44000000001u64,
            "vl-nude": "44-2",
            "vl-plum": true,
            "vl-gold": 7,
        }
    })))
    .unwrap();
    assert_eq!(
        warnings(&p),
        vec![
            "products[0].shopify.variants.vl-gold: names no variant of this product; ignored",
            "products[0].shopify.variants.vl-nude: \"44-2\" is not a Shopify variant id (a positive integer); ignored",
            "products[0].shopify.variants.vl-plum: expected a Shopify variant id (a positive integer), got a boolean; ignored",
            "products[0].shopify.variants: no Shopify variant id for \"vl-nude\", \"vl-plum\"; the store's cart cannot take them",
        ]
    );
    let s = p.manifest.products[0].shopify.clone().unwrap();
    assert_eq!(
        s.variants,
        vec![("vl-ruby".to_owned(), "44000000001".to_owned())]
    );
    // The product itself is kept, with every variant.
    assert_eq!(p.manifest.products[0].variants.len(), 3);
}

#[test]
fn a_bad_handle_ignores_the_block() {
    for (handle, warning) in [
        (json!("../admin"), "products[0].shopify.handle: \"../admin\" is not a Shopify handle (letters, digits, - and _); the shopify block is ignored"),
        (json!(""), "products[0].shopify.handle: missing or empty; the shopify block is ignored"),
        (Value::Null, "products[0].shopify.handle: missing or empty; the shopify block is ignored"),
    ] {
        let p = parse(&manifest(json!({ "handle": handle, "variants": { "vl-ruby": 1 } }))).unwrap();
        assert_eq!(warnings(&p), vec![warning]);
        assert!(p.manifest.products[0].shopify.is_none());
    }
}

#[test]
fn a_block_of_the_wrong_shape_fails_at_its_path() {
    for (block, path, message) in [
        (
            json!("velvet"),
            "products[0].shopify",
            "invalid type: string \"velvet\", expected an object",
        ),
        (
            json!({ "handle": 5 }),
            "products[0].shopify.handle",
            "invalid type: integer `5`, expected a string",
        ),
        (
            json!({ "handle": "x", "variants": [1] }),
            "products[0].shopify.variants",
            "invalid type: sequence, expected a map of variant ids",
        ),
    ] {
        match parse(&manifest(block)) {
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
fn shopify_is_a_strategy() {
    let mut v = manifest(Value::Null);
    v["checkout"] = json!({ "strategy": "shopify" });
    let p = parse(&v).unwrap();
    assert_eq!(p.manifest.checkout.strategy.as_deref(), Some("shopify"));
}

#[test]
fn ids_and_handles() {
    assert_eq!(merchandise_id("123"), "gid://shopify/ProductVariant/123");
    assert!(is_variant_id("44000000001"));
    for bad in ["", "0", "00", "12a", "-1", "1.5", "123456789012345678901"] {
        assert!(!is_variant_id(bad), "{bad}");
    }
    assert!(is_handle("velvet-matte-lipstick"));
    assert!(is_handle("écharpe_soie-2"));
    for bad in ["", "a/b", "a?b", "a#b", "a b", "..", "a%2Fb"] {
        assert!(!is_handle(bad), "{bad}");
    }
}

#[test]
fn ajax_answers_in_words() {
    let a = ajax_answer(200, None, 1);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::All, "Added to the store's cart.")
    );
    let a = ajax_answer(200, None, 3);
    assert_eq!(english(&a.words), "Added 3 to the store's cart.");
    // Shopify's own words are the buyer's, in the store's language.
    let a = ajax_answer(422, Some("Only 2 items were added to your cart."), 5);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::Partial, "Only 2 items were added to your cart.")
    );
    let a = ajax_answer(
        422,
        Some("The product 'Velvet Matte Lipstick - Plum' is already sold out."),
        1,
    );
    assert_eq!(a.added, Added::None);
    assert_eq!(
        english(&a.words),
        "The product 'Velvet Matte Lipstick - Plum' is already sold out."
    );
    let a = ajax_answer(
        422,
        Some("The maximum quantity of this item is already in your cart."),
        1,
    );
    assert_eq!(a.added, Added::None);
    // Without a description, words of our own.
    let a = ajax_answer(422, Some("  "), 1);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::None, "Sorry, this item is sold out.")
    );
    let a = ajax_answer(500, None, 1);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::None, "The store could not add this item.")
    );
}

fn problem(code: &str, message: &str) -> Problem {
    Problem {
        code: code.into(),
        message: message.into(),
    }
}

#[test]
fn update_cart_answers_in_words() {
    let a = actions_answer(&[], &[], 2);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::All, "Added 2 to the store's cart.")
    );
    let a = actions_answer(
        &[problem("INVALID", "Merchandise is not available.")],
        &[],
        1,
    );
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::None, "Merchandise is not available.")
    );
    let a = actions_answer(&[problem("INVALID", "")], &[], 1);
    assert_eq!(english(&a.words), "The store could not add this item.");
    let a = actions_answer(&[], &[problem("MERCHANDISE_OUT_OF_STOCK", "")], 1);
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::None, "Sorry, this item is sold out.")
    );
    let a = actions_answer(
        &[],
        &[problem(
            "MERCHANDISE_NOT_ENOUGH_STOCK",
            "Only 2 were added.",
        )],
        5,
    );
    assert_eq!(
        (a.added, english(&a.words).as_str()),
        (Added::Partial, "Only 2 were added.")
    );
    let a = actions_answer(&[], &[problem("DUPLICATE_DELIVERY_ADDRESS", "x")], 1);
    assert_eq!(a.added, Added::All);
}

#[test]
fn live_prices_replace_the_manifest_s() {
    let p = parse(&manifest(json!({
        "handle": "velvet-matte-lipstick",
        "variants": { "vl-ruby": 1, "vl-nude": 2, "vl-plum": 3 }
    })))
    .unwrap();
    let mut m = p.manifest;
    let live = |id: &str, price, compare_at, available| LiveVariant {
        id: id.into(),
        price,
        compare_at,
        available,
    };
    apply_live(
        &mut m,
        0,
        &[
            live("1", 2100, Some(2500), true),
            live("2", 1800, Some(1000), false),
        ],
    );
    let v = &m.products[0].variants;
    assert_eq!(
        (v[0].price, v[0].compare_at, v[0].available),
        (2100, Some(2500), true)
    );
    // A compare-at price not above the price is dropped.
    assert_eq!(
        (v[1].price, v[1].compare_at, v[1].available),
        (1800, None, false)
    );
    // A mapped variant the store no longer lists cannot be bought.
    assert!(!v[2].available);
    assert_eq!(m.products[0].price, 1800);
    // A product with no block, or an index out of range, is left alone.
    let before = m.clone();
    apply_live(&mut m, 7, &[live("1", 1, None, true)]);
    assert_eq!(m, before);
}
