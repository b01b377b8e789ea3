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

use super::read::{field, object, string, Json, Result};
use super::store_ids::{positive_id, read_map, validate_map, Kind, RawMap};
use super::validate::{excerpt, warn};
use super::{Variant, Warning};
use crate::model::shopify::{is_handle, ShopifyProduct};

/// The block as written.
pub(super) struct RawShopify {
    pub handle: Option<String>,
    pub variants: Option<RawMap>,
}

pub(super) fn read<J: Json>(v: J) -> Result<RawShopify> {
    object(&v)?;
    Ok(RawShopify {
        handle: field(&v, "handle", string)?,
        variants: field(&v, "variants", read_map)?,
    })
}

const VARIANT_ID: Kind = Kind {
    what: "a Shopify variant id (a positive integer)",
    noun: "Shopify variant id",
    valid: positive_id,
};

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
    let at = format!("{path}.shopify.variants");
    let variants = validate_map(&at, raw.variants.as_ref(), &VARIANT_ID, kept, w);
    Some(ShopifyProduct { handle, variants })
}
