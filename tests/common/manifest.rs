//! Helpers for the manifest-reading tests (`model_shopify.rs`,
//! `model_carts.rs`, `model_analytics.rs`), included with `#[path]`.

use serde_json::Value;
use shoppable::model::manifest::{from_json, parse_str, ManifestError, Parsed};

/// The manifest read from its text, after checking that reading it as a
/// JSON value gives the same answer.
pub fn parse(v: &Value) -> Result<Parsed, ManifestError> {
    let from_text = parse_str(&v.to_string());
    assert_eq!(
        from_text,
        from_json(v),
        "parse_str and from_json disagree on {v}"
    );
    from_text
}

/// The warnings as shown (`path: message`).
pub fn warnings(p: &Parsed) -> Vec<String> {
    p.warnings.iter().map(|w| w.to_string()).collect()
}
