//! The manifest read from a JavaScript value (`JSON.parse`'s result, or a
//! page's own object) by the manifest reader (`model::manifest::read`, over
//! `embed::json`): the same documents load, and a value of the wrong type is
//! named by its JSON path, as `model_manifest.rs` checks natively (there
//! over `serde_json::Value`; only numbers and booleans are named more
//! briefly here).
#![cfg(target_arch = "wasm32")]

use shoppable::embed::load::from_value;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOOD: &str = r#"{
  "version": 1, "video": {"id": "v", "aspect": [16, 9]}, "currency": "EUR", "extra": {"a": [1, {"b": null}]},
  "products": [
    {"id": "a", "title": "A", "price": 1999, "options": ["Size"],
     "variants": [{"id": "a-s", "options": ["S"], "price": 2099, "available": true, "max_per_order": 3}]},
    {"id": "b", "title": "B", "price": 500}
  ],
  "tags": [{"id": "t", "product": "a", "start": 1.5, "end": 4,
            "keyframes": [{"t": 1.5, "x": 0.25, "y": 0.5}, {"t": 4, "x": 0.75, "y": 0.5}]}]
}"#;

fn load(text: &str) -> Result<shoppable::embed::load::Loaded, String> {
    let value = js_sys::JSON::parse(text).expect("test JSON parses");
    from_value(value, "https://shop.example/".into(), "manifest")
}

#[wasm_bindgen_test]
fn a_good_document_loads_as_natively() {
    let loaded = load(GOOD).expect("loads");
    let m = &loaded.manifest;
    assert_eq!(m.currency, "EUR");
    assert_eq!(m.products.len(), 2);
    assert_eq!(m.products[0].variants[0].price, 2099);
    assert_eq!(m.products[0].variants[0].max_per_order, Some(3));
    assert_eq!(m.tags[0].start, 1.5);
    assert_eq!(m.tags[0].keyframes[1].x, 0.75);
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
}

#[wasm_bindgen_test]
#[rustfmt::skip] // a table reads best one case per line
fn a_wrong_type_is_named_by_its_path() {
    let with = |from: &str, to: &str| GOOD.replacen(from, to, 1);
    let cases: Vec<(String, &str)> = vec![
        ("[1]".into(), "manifest: manifest: invalid type: sequence, expected a JSON object"),
        (with(r#""start": 1.5"#, r#""start": "1.5""#), "manifest: tags[0].start: invalid type: string \"1.5\", expected f64"),
        (with(r#""x": 0.75"#, r#""x": true"#), "manifest: tags[0].keyframes[1].x: invalid type: true, expected f64"),
        (with(r#""price": 2099"#, r#""price": 20.99"#), "manifest: products[0].variants[0].price: invalid type: number, expected i64"),
        (with(r#""max_per_order": 3"#, r#""max_per_order": -3"#), "manifest: products[0].variants[0].max_per_order: invalid value: number, expected u32"),
        (with(r#""options": ["Size"]"#, r#""options": "Size""#), "manifest: products[0].options: invalid type: string \"Size\", expected a sequence"),
        (with(r#""aspect": [16, 9]"#, r#""aspect": {"w": 16}"#), "manifest: video.aspect: invalid type: map, expected a tuple of size 2"),
        // An object is an object: serde's reading of an array as a struct's
        // fields in order (it said "invalid length 0" here) is gone.
        (with(r#""video": {"#, r#""video": [], "x": {"#), "manifest: video: invalid type: sequence, expected an object"),
        (with(r#""version": 1"#, r#""version": 2"#), "manifest: unsupported manifest version 2; this widget reads version 1"),
    ];
    for (text, want) in &cases {
        let got = load(text).map(|_| ()).unwrap_err();
        assert_eq!(&got, want, "{text}");
    }
}

#[wasm_bindgen_test]
fn null_and_missing_fields_reach_validation() {
    // `null` is as good as absent: the product is dropped with a warning,
    // not the document.
    let text = GOOD.replacen(r#""title": "B""#, r#""title": null"#, 1);
    let loaded = load(&text).expect("loads");
    assert_eq!(loaded.manifest.products.len(), 1);
    assert!(
        loaded
            .warnings
            .iter()
            .any(|w| w.starts_with("manifest: products[1].title")),
        "{:?}",
        loaded.warnings
    );
}
