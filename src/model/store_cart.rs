//! What a shop platform's own cart answers, shared by the platform
//! strategies (`shopify`, `woocommerce`, `bigcommerce`; README "Shopify",
//! "WooCommerce and BigCommerce"): an add's outcome and its words for the
//! viewer, and live prices applied to the manifest. Each platform's module
//! turns its own answers into these.

use super::manifest::{Manifest, Product};
use super::words::en::shop as w;
use super::words::Said;

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
    pub words: Said,
}

/// The shop's own words for what the stores answer, when a store gives
/// none of its own (`shop-store-*` in `i18n/*.ftl`).
pub(crate) fn sold_out() -> Said {
    Said::key(w::STORE_SOLD_OUT)
}
pub(crate) fn partial() -> Said {
    Said::key(w::STORE_PARTIAL)
}
pub(crate) fn refused() -> Said {
    Said::key(w::STORE_REFUSED)
}

/// The store did not answer the add (its failure is logged).
pub fn no_answer() -> AddAnswer {
    AddAnswer {
        added: Added::None,
        words: Said::key(w::STORE_NO_ANSWER),
    }
}

/// The add went out, but reading the cart after it failed.
pub fn unsure() -> AddAnswer {
    AddAnswer {
        added: Added::None,
        words: Said::key(w::STORE_UNSURE),
    }
}

/// An add that went in whole.
pub(crate) fn all(quantity: u32) -> AddAnswer {
    AddAnswer {
        added: Added::All,
        words: Said::count(w::STORE_ADDED, quantity),
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
            words: sold_out(),
        };
    }
    AddAnswer {
        added: Added::Partial,
        words: Said::count(w::STORE_PARTIAL_COUNT, n),
    }
}

/// Whether the store's live figures offer its item `id`: listed and
/// available. A mapped item the store no longer lists is not offered.
pub fn is_offered(live: &[LiveVariant], id: &str) -> bool {
    live.iter().any(|l| l.id == id && l.available)
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
