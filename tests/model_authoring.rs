#![cfg(not(target_arch = "wasm32"))] // native model tests
//! The studio's canonical manifest (`model::manifest::authoring`) against the
//! repo's real manifests: canonical text is a fixed point, and the widget
//! reads the canonical text exactly as it reads the original.

use shoppable::model::manifest::{authoring::Authoring, parse_str};

fn manifests() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/manifests");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    assert!(out.len() >= 4, "the repo's manifests are found");
    out
}

#[test]
fn every_readable_manifest_round_trips_to_identical_bytes() {
    let mut read = 0;
    for (name, text) in manifests() {
        let Ok(a) = Authoring::from_json(&text) else {
            continue;
        };
        read += 1;
        let first = a.to_json();
        let second = Authoring::from_json(&first).unwrap().to_json();
        assert_eq!(first, second, "{name}: canonical text is a fixed point");
    }
    assert!(read >= 4);
}

#[test]
fn the_widget_reads_canonical_text_as_it_reads_the_original() {
    for (name, text) in manifests() {
        let (Ok(original), Ok(a)) = (parse_str(&text), Authoring::from_json(&text)) else {
            continue;
        };
        let canonical = parse_str(&a.to_json()).unwrap();
        assert_eq!(canonical.warnings, original.warnings, "{name}");
        assert_eq!(
            canonical.manifest.products, original.manifest.products,
            "{name}"
        );
        assert_eq!(
            canonical.manifest.checkout, original.manifest.checkout,
            "{name}"
        );
        assert_eq!(
            canonical.manifest.tags.len(),
            original.manifest.tags.len(),
            "{name}"
        );
        for (c, o) in canonical.manifest.tags.iter().zip(&original.manifest.tags) {
            for (kc, ko) in c.keyframes.iter().zip(&o.keyframes) {
                assert!(
                    (kc.x - ko.x).abs() <= 5e-5 && (kc.t - ko.t).abs() <= 5e-4,
                    "{name}"
                );
            }
        }
        // check() is the same validation.
        assert_eq!(a.check().unwrap().warnings, original.warnings, "{name}");
    }
}
