//! The cart across reloads: a versioned stored form, its storage key, and
//! the check against the manifest the page has now.
//!
//! A stored cart is old news. Between two visits a product may have been
//! taken out of the video, a shade sold out, a price or a limit changed, or
//! the whole manifest moved to another currency. `Cart::restore` brings the
//! cart in line with the current manifest and returns each change as a
//! [`CartChange`], which the view tells the viewer in plain words: a cart
//! that silently drops a line or charges a new price loses trust.

use serde::{Deserialize, Serialize};

use super::{display_name, quantity_limit, variant_label, Cart, CartLine};
use crate::model::manifest::Manifest;
use crate::model::words::en::shop as w;
use crate::model::words::Said;

/// Version of [`StoredCart`]'s layout. Bump it when the layout changes: the
/// key changes with it (old carts are simply not found), and a stored body
/// with another number is refused, never misread.
pub const CART_SCHEMA: u32 = 1;

/// The cart as kept in `localStorage` (serialized by serde; in the browser
/// through `serde_wasm_bindgen` and `JSON.stringify`). Lines keep their
/// titles so a vanished product can still be named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredCart {
    /// [`CART_SCHEMA`] when written by this version.
    pub schema: u32,
    pub currency: String,
    pub lines: Vec<CartLine>,
}

/// Why a stored cart cannot be used. The caller discards it (removes the
/// key) with one console warning; the viewer starts with an empty cart.
/// A body that does not even deserialize is the same case, reported by the
/// deserializer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoredCartError {
    #[error("stored cart has schema {found}, this widget reads schema {CART_SCHEMA}; discarded")]
    UnknownSchema { found: u32 },
}

/// One way the stored cart differed from the current manifest. Names are
/// display names ("Velvet Matte Lipstick (Plum)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CartChange {
    /// The product or variant is no longer in the manifest; the line was
    /// removed. The name is the one stored with the line.
    Vanished { name: String },
    /// The variant is marked unavailable; the line was removed.
    Unavailable { name: String },
    /// The line now has the manifest's price (minor units).
    PriceChanged { name: String, from: i64, to: i64 },
    /// The limit per order went down; the line was reduced to it.
    QuantityReduced { name: String, from: u32, to: u32 },
    /// The manifest now prices in another currency; every line was
    /// removed, since converting a price is not the widget's call.
    CurrencyChanged { from: String, to: String },
}

impl CartChange {
    /// The change in one sentence of the shop's catalogue
    /// (`shop-cart-*`). `fmt_price` formats minor units of the cart's
    /// currency for the viewer (in the browser, the view's
    /// `Intl.NumberFormat` over `money::decimal_string`).
    pub fn said(&self, fmt_price: &dyn Fn(i64) -> String) -> Said {
        let text = |s: &str| Said::Text(s.to_owned());
        let n = |v: u32| Said::Text(v.to_string());
        match self {
            CartChange::Vanished { name } => Said::key(w::CART_VANISHED).with("name", text(name)),
            CartChange::Unavailable { name } => {
                Said::key(w::CART_UNAVAILABLE).with("name", text(name))
            }
            CartChange::PriceChanged { name, from, to } => Said::key(w::CART_PRICE_CHANGED)
                .with("name", text(name))
                .with("from", Said::Text(fmt_price(*from)))
                .with("to", Said::Text(fmt_price(*to))),
            CartChange::QuantityReduced { name, from, to } => Said::key(w::CART_REDUCED)
                .with("name", text(name))
                .with("from", n(*from))
                .with("to", n(*to)),
            CartChange::CurrencyChanged { from, to } => Said::key(w::CART_CURRENCY)
                .with("from", text(from))
                .with("to", text(to)),
        }
    }
}

/// The `localStorage` key of the cart for one video of one site, e.g.
/// `shoppable:cart:v1:https%3A%2F%2Fshop.example:spring-drop`. `site` is
/// whatever names the store (the manifest URL's origin is a good choice:
/// two stores' widgets on one page then keep two carts). Both parts are
/// percent-encoded, so the `:` separators cannot be forged by an id.
pub fn storage_key(site: &str, video_id: &str) -> String {
    let prefix = ["shoppable:cart:v", CART_SCHEMA.to_string().as_str(), ":"].concat();
    crate::model::percent::site_video_key(&prefix, site, video_id)
}

impl Cart {
    /// The form to store; restore it with [`Cart::restore`].
    pub fn to_stored(&self) -> StoredCart {
        StoredCart {
            schema: CART_SCHEMA,
            currency: self.currency.clone(),
            lines: self.lines.clone(),
        }
    }

    /// Rebuilds a stored cart against the current manifest: lines whose
    /// product or variant vanished or is unavailable are removed, prices
    /// take the manifest's, quantities over a lowered limit are reduced, and
    /// a change of currency empties the cart. Titles and labels are
    /// refreshed silently. Each visible change is returned, in line order.
    ///
    /// Lines a correct writer never produces (quantity 0, the same variant
    /// twice) are repaired quietly: they are corruption, not news.
    pub fn restore(
        stored: StoredCart,
        m: &Manifest,
    ) -> Result<(Cart, Vec<CartChange>), StoredCartError> {
        if stored.schema != CART_SCHEMA {
            return Err(StoredCartError::UnknownSchema {
                found: stored.schema,
            });
        }
        let mut cart = Cart::for_manifest(m);
        let mut changes = Vec::new();
        let lines = stored.lines.into_iter().filter(|l| l.quantity > 0);
        if stored.currency != m.currency {
            if lines.count() > 0 {
                changes.push(CartChange::CurrencyChanged {
                    from: stored.currency,
                    to: m.currency.clone(),
                });
            }
            return Ok((cart, changes));
        }
        for old in lines {
            let found = m
                .product(&old.product_id)
                .and_then(|p| p.variant(&old.variant_id).map(|v| (p, v)));
            let Some((p, v)) = found else {
                changes.push(CartChange::Vanished { name: old.name() });
                continue;
            };
            let limit = quantity_limit(v);
            if let Some(dup) = cart.lines.iter_mut().find(|l| l.is(&p.id, &v.id)) {
                // Already told about this variant; just merge.
                dup.quantity = dup.quantity.saturating_add(old.quantity).min(limit);
                continue;
            }
            let label = variant_label(v);
            let name = display_name(&p.title, &label);
            if !v.available {
                changes.push(CartChange::Unavailable { name });
                continue;
            }
            if old.unit_price != v.price {
                changes.push(CartChange::PriceChanged {
                    name: name.clone(),
                    from: old.unit_price,
                    to: v.price,
                });
            }
            let mut quantity = old.quantity;
            if quantity > limit {
                changes.push(CartChange::QuantityReduced {
                    name,
                    from: quantity,
                    to: limit,
                });
                quantity = limit;
            }
            cart.lines.push(CartLine {
                product_id: p.id.clone(),
                variant_id: v.id.clone(),
                quantity,
                unit_price: v.price,
                title: p.title.clone(),
                variant_label: label,
                max_quantity: limit,
            });
        }
        Ok((cart, changes))
    }
}
