//! A map from the manifest's variant ids to a store's ids, as the
//! platform blocks write it (`shopify.variants`, `woocommerce.variations`,
//! `bigcommerce.skus`): read leniently and validated entry by entry, each bad
//! or unknown entry dropped with a warning at its JSON path, and a warning
//! naming the variants left without one. Read only where the shop runs
//! (see `RawProduct::shopify`).

use super::read::{wrong_type, Json, Number, Result, View};
use super::validate::{excerpt, warn};
use super::{Variant, Warning};

/// An id as written: integers and strings are taken (JSON tools may quote
/// 64-bit numbers; a SKU may be all digits).
pub(super) enum RawId {
    Id(String),
    /// Anything else, named for the warning.
    Other(String),
}

/// (key, value) sorted by key.
pub(super) type RawMap = Vec<(String, RawId)>;

pub(super) fn read_map<J: Json>(v: J) -> Result<RawMap> {
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
        .filter_map(|k| Some((k.clone(), raw_id(v.get(&k)?.view())?)))
        .collect())
}

/// One id as written; `None` for `null` (as if absent).
fn raw_id(view: View) -> Option<RawId> {
    Some(match view {
        View::Number(Number::U(u)) => RawId::Id(u.to_string()),
        View::Str(s) => RawId::Id(s),
        View::Null => return None,
        View::Number(_) => RawId::Other("a number that is not a positive integer".into()),
        View::Bool(_) => RawId::Other("a boolean".into()),
        View::Array => RawId::Other("a sequence".into()),
        View::Object | View::Other => RawId::Other("a map".into()),
    })
}

/// A single id field (`woocommerce.id`).
pub(super) fn read_id<J: Json>(v: J) -> Result<RawId> {
    Ok(raw_id(v.view()).unwrap_or(RawId::Other("null".into())))
}

/// What a store's ids are called and what makes one valid.
pub(super) struct Kind {
    /// "a Shopify variant id (a positive integer)", for the warnings.
    pub what: &'static str,
    /// "Shopify variant id", for the warning naming missing variants.
    pub noun: &'static str,
    /// The id as kept, or `None` when it is not one.
    pub valid: fn(&str) -> Option<String>,
}

/// A positive integer of at most 20 digits (64-bit ids), leading zeros
/// dropped.
pub(super) fn positive_id(s: &str) -> Option<String> {
    crate::model::shopify::is_variant_id(s).then(|| s.trim_start_matches('0').to_owned())
}

/// The valid entries of `raw` (at JSON path `at`) naming kept variants, in
/// the manifest's variant order.
pub(super) fn validate_map(
    at: &str,
    raw: Option<&RawMap>,
    kind: &Kind,
    kept: &[Variant],
    w: &mut Vec<Warning>,
) -> Vec<(String, String)> {
    let mut ids: Vec<(String, String)> = Vec::new();
    for (key, id) in raw.iter().copied().flatten() {
        let at = format!("{at}.{key}");
        if !kept.iter().any(|v| &v.id == key) {
            warn(w, at, "names no variant of this product; ignored");
            continue;
        }
        match id {
            RawId::Id(s) => match (kind.valid)(s.trim()) {
                Some(id) => ids.push((key.clone(), id)),
                None => warn(
                    w,
                    at,
                    format!("{:?} is not {}; ignored", excerpt(s), kind.what),
                ),
            },
            RawId::Other(got) => warn(w, at, format!("expected {}, got {got}; ignored", kind.what)),
        }
    }
    // In the manifest's variant order, so a lookup finds one answer.
    ids.sort_by_key(|(k, _)| kept.iter().position(|v| &v.id == k));
    let missing: Vec<String> = kept
        .iter()
        .filter(|v| !ids.iter().any(|(k, _)| *k == v.id))
        .map(|v| format!("{:?}", v.id))
        .collect();
    if !missing.is_empty() {
        let msg = format!(
            "no {} for {}; the store's cart cannot take {}",
            kind.noun,
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" }
        );
        warn(w, at.to_owned(), msg);
    }
    ids
}
