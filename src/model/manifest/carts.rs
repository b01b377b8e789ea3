//! A product's `woocommerce` and `bigcommerce` blocks (README,
//! "WooCommerce and BigCommerce"):
//!
//! ```json
//! "woocommerce": { "id": 812, "variations": { "vl-ruby": 813, "vl-nude": "814" } },
//! "bigcommerce": { "skus": { "vl-ruby": "VL-RUBY", "vl-nude": "VL-NUDE" } }
//! ```
//!
//! Like the `shopify` block (`shopify.rs`, whose id map they share in
//! `store_ids.rs`): read only where the shop runs, a block of the wrong
//! shape fails reading at its JSON path, a block that cannot be used is
//! ignored with a warning, a bad or unknown entry of a map just that entry.

use super::read::{field, object, Json, Result};
use super::store_ids::{positive_id, read_id, read_map, validate_map, Kind, RawId, RawMap};
use super::validate::{excerpt, warn};
use super::{Variant, Warning};
use crate::model::bigcommerce::{is_sku, BigCommerceProduct};
use crate::model::woocommerce::WooProduct;

/// The `woocommerce` block as written.
pub(super) struct RawWoo {
    pub id: Option<RawId>,
    pub variations: Option<RawMap>,
}

pub(super) fn read_woo<J: Json>(v: J) -> Result<RawWoo> {
    object(&v)?;
    Ok(RawWoo {
        id: field(&v, "id", read_id)?,
        variations: field(&v, "variations", read_map)?,
    })
}

/// The `bigcommerce` block as written.
pub(super) struct RawBigCommerce {
    pub skus: Option<RawMap>,
}

pub(super) fn read_bigcommerce<J: Json>(v: J) -> Result<RawBigCommerce> {
    object(&v)?;
    Ok(RawBigCommerce {
        skus: field(&v, "skus", read_map)?,
    })
}

const VARIATION_ID: Kind = Kind {
    what: "a WooCommerce variation id (a positive integer)",
    noun: "WooCommerce variation id",
    valid: positive_id,
};

const SKU: Kind = Kind {
    what: "a BigCommerce SKU (1 to 255 characters, no control characters)",
    noun: "BigCommerce SKU",
    valid: |s| is_sku(s).then(|| s.to_owned()),
};

/// The validated `woocommerce` block of the product at `path`, whose kept
/// variants are `kept`; `None` (with a warning) when it cannot be used.
pub(super) fn validate_woo(
    path: &str,
    raw: Option<&RawWoo>,
    kept: &[Variant],
    w: &mut Vec<Warning>,
) -> Option<WooProduct> {
    let raw = raw?;
    let at = format!("{path}.woocommerce.id");
    let id = match &raw.id {
        Some(RawId::Id(s)) => match positive_id(s.trim()) {
            Some(id) => id,
            None => {
                let msg = format!(
                    "{:?} is not a WooCommerce product id (a positive integer); the woocommerce block is ignored",
                    excerpt(s)
                );
                warn(w, at, msg);
                return None;
            }
        },
        Some(RawId::Other(got)) => {
            let msg = format!("expected a WooCommerce product id (a positive integer), got {got}; the woocommerce block is ignored");
            warn(w, at, msg);
            return None;
        }
        None => {
            warn(w, at, "missing; the woocommerce block is ignored");
            return None;
        }
    };
    let at = format!("{path}.woocommerce.variations");
    let variations = match &raw.variations {
        // A simple product: its id is the one to add.
        None if kept.len() <= 1 => Vec::new(),
        None => {
            warn(
                w,
                at,
                "missing: a product with several variants needs a variation id for each; the woocommerce block is ignored",
            );
            return None;
        }
        Some(map) => {
            let ids = validate_map(&at, Some(map), &VARIATION_ID, kept, w);
            // An empty list would mean "a simple product".
            if ids.is_empty() {
                return None;
            }
            ids
        }
    };
    Some(WooProduct { id, variations })
}

/// The validated `bigcommerce` block of the product at `path`; `None`
/// (with a warning) when it maps no variant.
pub(super) fn validate_bigcommerce(
    path: &str,
    raw: Option<&RawBigCommerce>,
    kept: &[Variant],
    w: &mut Vec<Warning>,
) -> Option<BigCommerceProduct> {
    let raw = raw?;
    let at = format!("{path}.bigcommerce.skus");
    let Some(map) = &raw.skus else {
        warn(w, at, "missing; the bigcommerce block is ignored");
        return None;
    };
    let skus = validate_map(&at, Some(map), &SKU, kept, w);
    (!skus.is_empty()).then_some(BigCommerceProduct { skus })
}
