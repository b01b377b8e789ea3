//! A product's `shopify` block (README, "Shopify"):
//!
//! ```json
//! "shopify": { "handle": "velvet-matte-lipstick",
//!              "variants": { "vl-ruby": 44000000001, "vl-nude": "44000000002" } }
//! ```
//!
//! `variants` maps the manifest's variant ids (the product's id for a
//! product without variants) to Shopify's. Read only where the shop runs
//! (the shop module, native builds): the viewer's builds skip it like any
//! unknown field, keeping it off the budgeted viewer path.
//!
//! A block of the wrong shape fails reading at its JSON path, like every
//! field; a bad handle ignores the block, and a bad or unknown entry of
//! `variants` just that entry, each with a warning.

use super::read::{field, object, string, wrong_type, Json, Number, Result, View};
use super::validate::{excerpt, warn};
use super::{Variant, Warning};
use crate::model::shopify::{is_handle, is_variant_id, ShopifyProduct};

/// The block as written.
pub(super) struct RawShopify {
    pub handle: Option<String>,
    /// (key, value) sorted by key; values read leniently (see [`RawId`]).
    pub variants: Option<Vec<(String, RawId)>>,
}

/// A variant id as written: Shopify's ids are integers, and a string of
/// digits is taken too (JSON tools may quote 64-bit numbers).
pub(super) enum RawId {
    Id(String),
    /// Anything else, named for the warning.
    Other(String),
}

pub(super) fn read<J: Json>(v: J) -> Result<RawShopify> {
    object(&v)?;
    Ok(RawShopify {
        handle: field(&v, "handle", string)?,
        variants: field(&v, "variants", variants)?,
    })
}

fn variants<J: Json>(v: J) -> Result<Vec<(String, RawId)>> {
    let view = v.view();
    if !matches!(view, View::Object) {
        return Err(wrong_type::<J>(&view, "a map of variant ids"));
    }
    // Sorted, so the warnings come in one order whichever reader ran
    // (`JSON.parse` keeps the written order, serde_json sorts).
    let mut keys = v.keys();
    keys.sort();
    Ok(keys
        .into_iter()
        .filter_map(|k| {
            let id = match v.get(&k)?.view() {
                View::Number(Number::U(u)) => RawId::Id(u.to_string()),
                View::Str(s) => RawId::Id(s),
                View::Null => return None,
                View::Number(_) => RawId::Other("a number that is not a positive integer".into()),
                View::Bool(_) => RawId::Other("a boolean".into()),
                View::Array => RawId::Other("a sequence".into()),
                View::Object | View::Other => RawId::Other("a map".into()),
            };
            Some((k, id))
        })
        .collect())
}

/// The validated block of the product at `path`, whose kept variants are
/// `kept`; `None` (with a warning) when it cannot be used at all.
pub(super) fn validate(
    path: &str,
    raw: Option<&RawShopify>,
    kept: &[Variant],
    w: &mut Vec<Warning>,
) -> Option<ShopifyProduct> {
    let raw = raw?;
    let handle = match raw.handle.as_deref().map(str::trim) {
        Some(h) if is_handle(h) => h.to_owned(),
        Some(h) if !h.is_empty() => {
            let msg = format!(
                "{:?} is not a Shopify handle (letters, digits, - and _); the shopify block is ignored",
                excerpt(h)
            );
            warn(w, format!("{path}.shopify.handle"), msg);
            return None;
        }
        _ => {
            warn(
                w,
                format!("{path}.shopify.handle"),
                "missing or empty; the shopify block is ignored",
            );
            return None;
        }
    };
    let mut variants: Vec<(String, String)> = Vec::new();
    for (key, id) in raw.variants.iter().flatten() {
        let at = format!("{path}.shopify.variants.{key}");
        if !kept.iter().any(|v| &v.id == key) {
            warn(w, at, "names no variant of this product; ignored");
            continue;
        }
        match id {
            RawId::Id(s) if is_variant_id(s.trim()) => {
                variants.push((key.clone(), s.trim().trim_start_matches('0').to_owned()))
            }
            RawId::Id(s) => warn(
                w,
                at,
                format!(
                    "{:?} is not a Shopify variant id (a positive integer); ignored",
                    excerpt(s)
                ),
            ),
            RawId::Other(what) => warn(
                w,
                at,
                format!("expected a Shopify variant id (a positive integer), got {what}; ignored"),
            ),
        }
    }
    // In the manifest's variant order, so a lookup finds one answer.
    variants.sort_by_key(|(k, _)| kept.iter().position(|v| &v.id == k));
    let missing: Vec<&str> = kept
        .iter()
        .filter(|v| !variants.iter().any(|(k, _)| *k == v.id))
        .map(|v| v.id.as_str())
        .collect();
    if !missing.is_empty() {
        let msg = format!(
            "no Shopify variant id for {}; the store's cart cannot take {}",
            missing
                .iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        );
        warn(w, format!("{path}.shopify.variants"), msg);
    }
    Some(ShopifyProduct { handle, variants })
}
