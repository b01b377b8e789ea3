//! The manifest as the studio reads and writes it: one canonical form, so an
//! export diffs cleanly against the last one and re-importing it gives back
//! the same bytes.
//!
//! Canonical means: keys in the order of the fields below, then any unknown
//! keys in sorted order (kept, never dropped: a newer widget's fields
//! survive an edit in an older studio); `x` and `y` rounded to 4 decimals
//! (a 10,000 px wide frame's pixel), times to the millisecond; absent
//! optional fields left out; two-space indentation and a final newline.
//! Rules are not checked here: [`Authoring::check`] runs the widget's own
//! validation (`manifest::from_json`) on the same document, so the
//! studio shows the warnings a viewer would get, at the same JSON paths.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{from_json, ManifestError, Parsed};

/// Unknown keys of one object, sorted.
pub type Extra = BTreeMap<String, Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "Manifest"))]
pub struct Authoring {
    pub version: u64,
    pub video: AuthoringVideo,
    // Required by the widget (`ManifestError::MissingCurrency`), so in the types too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "String", optional = false))]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The widget's words' language (README, "Languages").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_language: Option<String>,
    #[serde(default)]
    pub products: Vec<AuthoringProduct>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<AuthoringTag>>", optional))]
    pub tags: Vec<AuthoringTag>,
    // Not edited by the studio: kept as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pins: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ManifestVideo"))]
pub struct AuthoringVideo {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aspect: Option<(u32, u32)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_base: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ManifestProduct"))]
pub struct AuthoringProduct {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Minor units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(as = "i64", optional = false))]
    pub price: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub options: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<AuthoringVariant>>", optional))]
    pub variants: Vec<AuthoringVariant>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ManifestVariant"))]
pub struct AuthoringVariant {
    #[serde(default)]
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_at: Option<i64>,
    #[serde(default = "yes")]
    #[cfg_attr(feature = "ts", ts(as = "Option<bool>", optional))]
    pub available: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_order: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ManifestTag"))]
pub struct AuthoringTag {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub product: String,
    /// Seconds, to the millisecond.
    #[serde(serialize_with = "ms")]
    pub start: f64,
    #[serde(serialize_with = "ms")]
    pub end: f64,
    #[serde(default)]
    pub keyframes: Vec<AuthoringKeyframe>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ManifestKeyframe"))]
pub struct AuthoringKeyframe {
    #[serde(serialize_with = "ms")]
    pub t: f64,
    #[serde(serialize_with = "frac")]
    pub x: f64,
    #[serde(serialize_with = "frac")]
    pub y: f64,
}

/// Seconds rounded to the millisecond.
pub fn round_ms(t: f64) -> f64 {
    round_to(t, 1e3)
}

/// A frame fraction rounded to 4 decimals.
pub fn round_frac(v: f64) -> f64 {
    round_to(v, 1e4)
}

fn round_to(v: f64, scale: f64) -> f64 {
    if !v.is_finite() {
        return v;
    }
    let r = (v * scale).round() / scale;
    // No "-0.0" in the output.
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn ms<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round_ms(*v))
}

fn frac<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(round_frac(*v))
}

/// Why a document could not be read as an authoring manifest.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::from("manifest: ") } else { format!("{path}: ") })]
pub struct AuthoringError {
    /// JSON path, empty for the document itself.
    pub path: String,
    pub message: String,
}

impl Authoring {
    /// An empty manifest for `video` in `currency`.
    pub fn new(video: &str, currency: &str) -> Authoring {
        Authoring {
            version: 1,
            video: AuthoringVideo {
                id: video.into(),
                ..Default::default()
            },
            currency: Some(currency.into()),
            locale: None,
            ui_language: None,
            products: Vec::new(),
            tags: Vec::new(),
            checkout: None,
            live: None,
            pins: None,
            extra: Extra::new(),
        }
    }

    /// Reads any manifest JSON; a value of the wrong type fails with its
    /// JSON path. Rules (unknown products, bad spans) are [`check`](Self::check)'s.
    pub fn from_json(json: &str) -> Result<Authoring, AuthoringError> {
        let de = &mut serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let full = inner.to_string();
            let suffix = format!(" at line {} column {}", inner.line(), inner.column());
            AuthoringError {
                path: if path == "." { String::new() } else { path },
                message: full.strip_suffix(&suffix).unwrap_or(&full).to_string(),
            }
        })
    }

    /// The canonical text: what the studio exports and publishes.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(&self.canonical())
            .expect("an authoring manifest always serializes");
        out.push('\n');
        out
    }

    /// The same document as a JSON value (rounded as in [`to_json`](Self::to_json)).
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self.canonical()).expect("an authoring manifest always serializes")
    }

    /// Keyframes sorted by time, as the widget requires; everything else as is.
    fn canonical(&self) -> Authoring {
        let mut c = self.clone();
        for tag in &mut c.tags {
            tag.keyframes.sort_by(|a, b| a.t.total_cmp(&b.t));
        }
        c
    }

    /// The widget's validation of exactly what [`to_json`](Self::to_json)
    /// writes: the warnings a viewer would log, or the error that stops it.
    pub fn check(&self) -> Result<Parsed, ManifestError> {
        from_json(&self.to_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"tags":[{"id":"t1","product":"p","start":1.00049,"end":2,
        "keyframes":[{"t":2,"x":0.123456,"y":0.5},{"t":1.0004,"x":0.1,"y":-0.0}],"z":1}],
        "version":1,"video":{"id":"v","future":true},"currency":"USD","aaa":[1,2],
        "products":[{"id":"p","title":"P","price":100,"variants":[{"id":"a"}]}]}"#;

    #[test]
    fn canonical_text_round_trips_to_identical_bytes() {
        let first = Authoring::from_json(DOC).unwrap().to_json();
        let again = Authoring::from_json(&first).unwrap().to_json();
        assert_eq!(first, again);
        // Fixed key order, then unknown keys sorted; rounding; sorted keyframes.
        let v: Vec<&str> = first.lines().map(str::trim).collect();
        assert_eq!(v[1], "\"version\": 1,");
        assert!(first.find("\"video\"").unwrap() < first.find("\"currency\"").unwrap());
        assert!(first.find("\"tags\"").unwrap() < first.find("\"aaa\"").unwrap());
        assert!(first.contains("\"future\": true"));
        assert!(first.contains("\"z\": 1"));
        assert!(first.contains("\"x\": 0.1235"));
        assert!(first.contains("\"start\": 1.0"));
        assert!(!first.contains("-0.0"));
        let kf = &Authoring::from_json(&first).unwrap().tags[0].keyframes;
        assert_eq!(kf[0].t, 1.0);
        assert!(first.ends_with("}\n"));
    }

    #[test]
    fn check_uses_the_widgets_rules_and_paths() {
        let mut a = Authoring::from_json(DOC).unwrap();
        a.tags.push(AuthoringTag {
            id: "t2".into(),
            product: "nope".into(),
            start: 1.0,
            end: 2.0,
            keyframes: vec![AuthoringKeyframe {
                t: 1.0,
                x: 0.5,
                y: 0.5,
            }],
            extra: Extra::new(),
        });
        let parsed = a.check().unwrap();
        assert_eq!(parsed.manifest.tags.len(), 1);
        assert_eq!(parsed.warnings.len(), 1);
        assert_eq!(parsed.warnings[0].path, "tags[1].product");
        a.currency = None;
        assert_eq!(a.check().unwrap_err(), ManifestError::MissingCurrency);
    }

    #[test]
    fn wrong_types_name_their_path() {
        let e = Authoring::from_json(r#"{"version":1,"video":{"id":"v"},"tags":[{"start":"x"}]}"#)
            .unwrap_err();
        assert_eq!(e.path, "tags[0].start");
    }
}
