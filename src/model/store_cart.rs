//! What a shop platform's own cart answers, shared by the platform
//! strategies (`shopify`, `woocommerce`, `bigcommerce`; README "Shopify",
//! "WooCommerce and BigCommerce"): an add's outcome and its words for the
//! viewer, and live prices applied to the manifest. Each platform's module
//! turns its own answers into these.

use super::manifest::{Manifest, Product};

/// What a cart add came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// All of it is in the cart.
    All,
    /// Some of it (the stock ran short); the cart was changed.
    Partial,
    /// None of it; the cart is as it was.
    None,
}

/// An add's outcome: what happened and the words for the viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddAnswer {
    pub added: Added,
    pub words: String,
}

pub(crate) const SOLD_OUT: &str = "Sorry, this item is sold out.";
pub(crate) const PARTIAL: &str =
    "Only part of that quantity was in stock; the rest could not be added.";
pub(crate) const REFUSED: &str = "The store could not add this item.";

/// The words for `quantity` added in full.
pub(crate) fn added_words(quantity: u32) -> String {
    if quantity == 1 {
        "Added to the store's cart.".to_owned()
    } else {
        [
            "Added ",
            quantity.to_string().as_str(),
            " to the store's cart.",
        ]
        .concat()
    }
}

/// An add that went in whole.
pub(crate) fn all(quantity: u32) -> AddAnswer {
    AddAnswer {
        added: Added::All,
        words: added_words(quantity),
    }
}

/// What a cart add came to, from the line's quantity before and after it
/// (for carts that answer with the cart rather than with a verdict).
pub fn by_count(before: u32, after: u32, quantity: u32) -> AddAnswer {
    let n = after.saturating_sub(before);
    if n >= quantity {
        return all(quantity);
    }
    if n == 0 {
        return AddAnswer {
            added: Added::None,
            words: SOLD_OUT.to_owned(),
        };
    }
    AddAnswer {
        added: Added::Partial,
        words: [
            "Only ",
            n.to_string().as_str(),
            " could be added; the rest was not in stock.",
        ]
        .concat(),
    }
}

/// One variant's live figures from the store: the store's id for it, its
/// price in integer minor units of the store's currency, and whether it
/// can be bought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveVariant {
    pub id: String,
    pub price: i64,
    pub compare_at: Option<i64>,
    pub available: bool,
}

/// Applies `live` to product `product` of `m`: each manifest variant that
/// `store_id` maps to a store id takes that entry's price and availability;
/// a mapped variant the store no longer lists is not available. The store
/// is the server of record: its prices are the ones the viewer will pay.
pub fn apply_live_by(
    m: &mut Manifest,
    product: usize,
    live: &[LiveVariant],
    store_id: impl Fn(&Product, &str) -> Option<String>,
) {
    let Some(p) = m.products.get_mut(product) else {
        return;
    };
    let ids: Vec<Option<String>> = p.variants.iter().map(|v| store_id(p, &v.id)).collect();
    for (v, id) in p.variants.iter_mut().zip(ids) {
        let Some(id) = id else { continue };
        match live.iter().find(|l| l.id == id) {
            Some(l) => {
                v.price = l.price.max(0);
                v.compare_at = l.compare_at.filter(|c| *c > v.price);
                v.available = l.available;
            }
            None => v.available = false,
        }
    }
    if let Some(lo) = p.variants.iter().map(|v| v.price).min() {
        p.price = lo;
        p.compare_at = p.compare_at.filter(|c| *c > lo);
    }
}
