//! A BigCommerce storefront's cart, as the `bigcommerce` checkout strategy
//! needs it (README, "WooCommerce and BigCommerce"): a product's SKUs from
//! the manifest (the `bigcommerce` block, validated in
//! `manifest/carts.rs`), the add-to-cart URL
//! (`/cart.php?action=add&sku=…&qty=…&source=…`, BigCommerce's "Add to Cart
//! URLs"), and what the cart's quantities before and after mean in words.
//! Pure: the browser side is `crate::pay::bigcommerce`.

use super::percent::encode_into;
pub use super::store_cart::by_count as add_answer;

/// A product's `bigcommerce` block, validated.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BigCommerceProduct {
    /// (manifest variant id, SKU), in the manifest's variant order.
    pub skus: Vec<(String, String)>,
}

impl BigCommerceProduct {
    /// The SKU of manifest variant `variant`.
    pub fn sku(&self, variant: &str) -> Option<&str> {
        self.skus
            .iter()
            .find(|(v, _)| v == variant)
            .map(|(_, s)| s.as_str())
    }
}

/// A SKU as BigCommerce takes them: 1 to 255 characters, none of them a
/// control character (BigCommerce's SKU field; the URL encodes the rest).
pub fn is_sku(s: &str) -> bool {
    (1..=255).contains(&s.chars().count()) && !s.chars().any(char::is_control)
}

/// The add-to-cart URL's path and query, from the store's root: `quantity`
/// of `sku`, with `source` (BigCommerce's parameter naming the sale's
/// source for its analytics) naming the video and tag.
pub fn add_path(sku: &str, quantity: u32, video: &str, tag: &str) -> String {
    let mut s = String::from("cart.php?action=add&sku=");
    encode_into(&mut s, sku);
    s.push_str("&qty=");
    s.push_str(&quantity.to_string());
    s.push_str("&source=");
    encode_into(&mut s, &source(video, tag));
    s
}

/// The `source` of an add: `shoppable:<video>` and `:<tag>` when one was
/// tapped.
pub fn source(video: &str, tag: &str) -> String {
    if tag.is_empty() {
        ["shoppable:", video].concat()
    } else {
        ["shoppable:", video, ":", tag].concat()
    }
}
