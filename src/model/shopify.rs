//! Shopify's storefront, as the `shopify` checkout strategy needs it (README,
//! "Shopify"): a product's handle and variant ids from the manifest (the
//! `shopify` block, validated in `manifest/shopify.rs`), the ids Shopify's
//! APIs take, what its cart answers mean in words for the viewer, and its
//! live prices applied to the manifest. Pure: the browser side is
//! `crate::pay::shopify`.

use super::manifest::Manifest;
use super::store_cart::{all, apply_live_by, partial, refused, sold_out};
pub use super::store_cart::{AddAnswer, Added, LiveVariant};
use super::words::Said;

/// A product's `shopify` block, validated.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShopifyProduct {
    /// The product's handle: `/products/<handle>.js` gives its live prices.
    pub handle: String,
    /// (manifest variant id, Shopify variant id as decimal digits), for the
    /// variants that have one, in the manifest's variant order.
    pub variants: Vec<(String, String)>,
}

impl ShopifyProduct {
    /// The Shopify variant id of manifest variant `variant`.
    pub fn variant_id(&self, variant: &str) -> Option<&str> {
        self.variants
            .iter()
            .find(|(v, _)| v == variant)
            .map(|(_, id)| id.as_str())
    }

    /// The manifest variant of Shopify variant `id`.
    pub fn manifest_variant(&self, id: &str) -> Option<&str> {
        self.variants
            .iter()
            .find(|(_, s)| s == id)
            .map(|(v, _)| v.as_str())
    }
}

/// The cart attribute naming the video an item was added from.
pub const ATTR_VIDEO: &str = "_shoppable_video";
/// The cart attribute naming the tag last tapped (empty when none).
pub const ATTR_TAG: &str = "_shoppable_tag";

/// The Storefront API's id for a variant, as `updateCart` takes it in
/// `merchandiseId`.
pub fn merchandise_id(variant_id: &str) -> String {
    ["gid://shopify/ProductVariant/", variant_id].concat()
}

/// A handle as Shopify makes them (letters, digits, `-` and `_`; letters
/// of any script, since handles follow the product's title): nothing that
/// would change the path of `/products/<handle>.js`.
pub fn is_handle(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 255
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// A variant id as the Ajax API takes it: a positive integer, at most 20
/// digits (Shopify's ids are 64-bit).
pub fn is_variant_id(s: &str) -> bool {
    (1..=20).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_digit())
        && s.bytes().any(|b| b != b'0')
}

/// The Ajax Cart API's answer to `POST /cart/add.js`: `status`, and the
/// `description` of a 4xx body. Shopify words `description` for the buyer
/// in the storefront's language, so it is shown as it is (as text) when
/// there is one; "Only N items were added to your cart." is a partial add
/// (Shopify's wording since 2025-03), "… sold out" and "The maximum quantity
/// of this item is already in your cart." add nothing.
pub fn ajax_answer(status: u16, description: Option<&str>, quantity: u32) -> AddAnswer {
    let described = description.map(str::trim).filter(|d| !d.is_empty());
    if (200..300).contains(&status) {
        return all(quantity);
    }
    let added = match described {
        Some(d) if d.starts_with("Only ") && d.contains(" added") => Added::Partial,
        _ => Added::None,
    };
    let fallback = match (status, &added) {
        (_, Added::Partial) => partial(),
        (422, _) => sold_out(),
        _ => refused(),
    };
    AddAnswer {
        added,
        words: described.map_or(fallback, |d| Said::Text(d.to_owned())),
    }
}

/// One `userErrors` or `warnings` entry of `updateCart`'s answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: String,
    pub message: String,
}

/// `updateCart`'s answer: a user error means the change did not apply; a
/// warning means it applied with an adjustment (`MERCHANDISE_NOT_ENOUGH_STOCK`:
/// capped at the stock; `MERCHANDISE_OUT_OF_STOCK`: nothing to add). Shopify's
/// own message is shown when it gives one.
pub fn actions_answer(user_errors: &[Problem], warnings: &[Problem], quantity: u32) -> AddAnswer {
    let say = |p: &Problem, fallback: Said| {
        let m = p.message.trim();
        if m.is_empty() {
            fallback
        } else {
            Said::Text(m.to_owned())
        }
    };
    if let Some(e) = user_errors.first() {
        let fallback = if e.code.contains("OUT_OF_STOCK") {
            sold_out()
        } else {
            refused()
        };
        return AddAnswer {
            added: Added::None,
            words: say(e, fallback),
        };
    }
    if let Some(w) = warnings
        .iter()
        .find(|w| w.code == "MERCHANDISE_OUT_OF_STOCK")
    {
        return AddAnswer {
            added: Added::None,
            words: say(w, sold_out()),
        };
    }
    if let Some(w) = warnings
        .iter()
        .find(|w| w.code == "MERCHANDISE_NOT_ENOUGH_STOCK")
    {
        return AddAnswer {
            added: Added::Partial,
            words: say(w, partial()),
        };
    }
    all(quantity)
}

/// Applies the live variants of `products[product]` (from
/// `/products/<handle>.js`) to `m`: each manifest variant mapped to a
/// Shopify id takes its price and availability; a mapped variant Shopify no
/// longer lists is not available. With `currency` (from `/cart.js`), the
/// manifest's currency becomes the store's. The server of record is
/// Shopify: its prices are the ones the viewer will pay.
pub fn apply_live(m: &mut Manifest, product: usize, live: &[LiveVariant]) {
    if m.products.get(product).is_some_and(|p| p.shopify.is_some()) {
        apply_live_by(m, product, live, |p, v| {
            p.shopify.as_ref()?.variant_id(v).map(str::to_owned)
        });
    }
}
