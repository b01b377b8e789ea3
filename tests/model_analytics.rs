#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The `analytics` manifest field and the adapter names it shares with the
//! attach option (`model::analytics`): which adapters a list yields, in its
//! order and each once, and the exact warning, with its JSON path, for each
//! entry left out. Each document goes through both readers (`parse_str`, the
//! server's and tools'; `from_json`, the reader the browser runs), which must
//! agree.

use serde_json::{json, Value};
use shoppable::model::analytics::{adapters, Adapter};
#[path = "common/manifest.rs"]
mod manifest_helpers;
use manifest_helpers::{parse, warnings};

fn doc(analytics: Option<Value>) -> Value {
    let mut v = json!({
        "version": 1,
        "video": { "id": "spring-drop" },
        "currency": "USD",
        "products": [{ "id": "velvet-lipstick", "title": "Velvet Matte Lipstick", "price": 1900 }],
    });
    if let Some(a) = analytics {
        v["analytics"] = a;
    }
    v
}

/// The adapters and the warnings (`path: message`) of a manifest with this `analytics`.
fn read(analytics: Option<Value>) -> (Vec<Adapter>, Vec<String>) {
    let p = parse(&doc(analytics)).expect("the manifest is valid");
    let w = warnings(&p);
    (p.manifest.analytics, w)
}

#[test]
fn absent_or_null_or_empty_means_none() {
    assert_eq!(read(None), (vec![], vec![]));
    assert_eq!(read(Some(Value::Null)), (vec![], vec![]));
    assert_eq!(read(Some(json!([]))), (vec![], vec![]));
}

#[test]
fn every_adapter_by_its_name_in_the_order_given() {
    use Adapter::*;
    assert_eq!(
        read(Some(json!(["segment", "fbq", "gtag", "dataLayer"]))),
        (vec![Segment, Fbq, Gtag, DataLayer], vec![])
    );
    for a in [DataLayer, Gtag, Fbq, Segment] {
        assert_eq!(Adapter::from_name(a.name()), Some(a));
    }
    // Names are exact: GTM's spelling, lower-case for the rest.
    assert_eq!(Adapter::from_name("datalayer"), None);
    assert_eq!(Adapter::from_name("GTAG"), None);
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn entries_left_out_with_a_warning_at_their_path() {
    use Adapter::*;
    let cases: Vec<(Value, Vec<Adapter>, Vec<&str>)> = vec![
        (json!(["gtag", "ga"]), vec![Gtag], vec![r#"analytics[1]: unknown adapter "ga"; expected one of dataLayer, gtag, fbq, segment; ignored"#]),
        (json!(["", "fbq"]), vec![Fbq], vec![r#"analytics[0]: unknown adapter ""; expected one of dataLayer, gtag, fbq, segment; ignored"#]),
        (json!(["fbq", "segment", "fbq"]), vec![Fbq, Segment], vec![r#"analytics[2]: "fbq" is listed twice; ignored"#]),
        (
            json!(["GA4", "dataLayer", "pixel"]),
            vec![DataLayer],
            vec![
                r#"analytics[0]: unknown adapter "GA4"; expected one of dataLayer, gtag, fbq, segment; ignored"#,
                r#"analytics[2]: unknown adapter "pixel"; expected one of dataLayer, gtag, fbq, segment; ignored"#,
            ],
        ),
    ];
    for (list, want, warnings) in cases {
        let (got, said) = read(Some(list.clone()));
        assert_eq!(got, want, "{list}");
        assert_eq!(said, warnings, "{list}");
    }
}

#[test]
fn both_ga4_adapters_are_kept_for_the_page_to_choose() {
    // The manifest lists what the brand asked for; the adapters' file warns
    // and keeps one of dataLayer and gtag (README, "Analytics").
    let (got, said) = read(Some(json!(["dataLayer", "gtag"])));
    assert_eq!(got, vec![Adapter::DataLayer, Adapter::Gtag]);
    assert!(said.is_empty());
}

#[test]
#[rustfmt::skip]
fn a_value_of_the_wrong_type_rejects_the_document_at_its_path() {
    let cases: Vec<(Value, &str)> = vec![
        (json!("gtag"), r#"analytics: invalid type: string "gtag", expected a sequence"#),
        (json!({ "gtag": true }), "analytics: invalid type: map, expected a sequence"),
        (json!(["gtag", 4]), "analytics[1]: invalid type: integer `4`, expected a string"),
        (json!(["gtag", null]), "analytics[1]: invalid type: null, expected a string"),
    ];
    for (list, message) in cases {
        let e = parse(&doc(Some(list.clone()))).expect_err("rejected");
        assert_eq!(e.to_string(), message, "{list}");
    }
}

#[test]
fn the_list_alone() {
    let names = ["fbq", "ga", "fbq", "segment"].map(String::from);
    let (got, problems) = adapters(&names);
    assert_eq!(got, vec![Adapter::Fbq, Adapter::Segment]);
    assert_eq!(
        problems,
        vec![
            (
                1,
                r#"unknown adapter "ga"; expected one of dataLayer, gtag, fbq, segment"#
                    .to_string()
            ),
            (2, r#""fbq" is listed twice"#.to_string()),
        ]
    );
}

#[test]
fn serialized_by_name() {
    let p = parse(&doc(Some(json!(["dataLayer", "segment"])))).unwrap();
    let v = serde_json::to_value(&p.manifest).unwrap();
    assert_eq!(v["analytics"], json!(["dataLayer", "segment"]));
}
