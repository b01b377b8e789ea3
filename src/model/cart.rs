//! The viewer's cart: lines of one currency, in integer minor units
//! (DESIGN.md invariant 6), bounded per variant by `max_per_order`.
//!
//! The cart is plain data; the view wraps it in a signal (invariant 3). Each
//! line keeps the title and variant label it was added with, so the cart can
//! still name a product that later vanishes from the manifest (see
//! `stored.rs`, which stores the cart and checks it against a new manifest).
//! Prices here are for display: the server prices the order again and treats
//! ours as a claim (invariant 9, `checkout::price_lines`).

mod stored;

pub use stored::{storage_key, CartChange, StoredCart, StoredCartError, CART_SCHEMA};

use serde::{Deserialize, Serialize};

use super::manifest::{Manifest, Product, Variant};

/// The most of one variant a cart line (and an order line) may hold when
/// the manifest sets no `max_per_order`. A stepper at four billion helps no
/// one, and a bound keeps quantity sums far from `u32` overflow. The server
/// applies the same bound through [`quantity_limit`].
pub const QUANTITY_CAP: u32 = 999;

/// The most of `v` one order may hold: its `max_per_order`, never above
/// [`QUANTITY_CAP`]. Client and server share this so they agree on limits.
pub fn quantity_limit(v: &Variant) -> u32 {
    v.max_per_order
        .map_or(QUANTITY_CAP, |m| m.clamp(1, QUANTITY_CAP))
}

/// The variant's option values for display, "Red / S"; empty for a product
/// without options (its one variant needs no label).
pub fn variant_label(v: &Variant) -> String {
    v.options.join(" / ")
}

/// "Velvet Matte Lipstick (Plum)", or just the title when there is no label:
/// how messages name a line.
pub fn display_name(title: &str, label: &str) -> String {
    if label.is_empty() {
        title.to_string()
    } else {
        [title, " (", label, ")"].concat()
    }
}

/// One line of the cart. Lines are identified by product id and variant id
/// together, since variant ids are only unique within their product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CartLine {
    pub product_id: String,
    pub variant_id: String,
    /// 1..=`max_quantity`.
    pub quantity: u32,
    /// Minor units of the cart's currency, as the manifest last said.
    pub unit_price: i64,
    pub title: String,
    /// See [`variant_label`].
    pub variant_label: String,
    /// [`quantity_limit`] of the variant when last checked, for steppers.
    pub max_quantity: u32,
}

impl CartLine {
    /// `quantity × unit_price`, or `None` on overflow.
    pub fn total(&self) -> Option<i64> {
        self.unit_price.checked_mul(i64::from(self.quantity))
    }

    /// See [`display_name`].
    pub fn name(&self) -> String {
        display_name(&self.title, &self.variant_label)
    }

    fn is(&self, product_id: &str, variant_id: &str) -> bool {
        self.product_id == product_id && self.variant_id == variant_id
    }
}

/// The cart. Fields are private so its invariants hold: every line has a
/// quantity within its limit, and no two lines share a variant.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cart {
    currency: String,
    lines: Vec<CartLine>,
}

/// What `add` or `set_quantity` did to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// The line's quantity now; 0 when it was removed.
    pub quantity: u32,
    /// True when the request asked for more than `limit` and got `limit`:
    /// the view should say "at most {limit} per order".
    pub clamped: bool,
    /// The line's [`quantity_limit`].
    pub limit: u32,
}

/// A sum of money that does not fit in an `i64`. Checked arithmetic turns
/// this into an error rather than a wrapped, wrong total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the amount is too large to compute")]
pub struct Overflow;

/// Sum of `lines`' totals in minor units, checked at every step (a cart's
/// subtotal, or the lines of one purchase).
pub fn lines_total(lines: &[CartLine]) -> Result<i64, Overflow> {
    lines.iter().try_fold(0i64, |sum, l| {
        l.total().and_then(|t| sum.checked_add(t)).ok_or(Overflow)
    })
}

/// Why the cart refused a change. Messages name the item in plain words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CartError {
    #[error("no product number {0} in this video")]
    UnknownProduct(usize),
    #[error("{product} has no variant {variant:?}")]
    UnknownVariant { product: String, variant: String },
    /// Carries the display name of the sold-out variant.
    #[error("{0} is sold out")]
    Unavailable(String),
    #[error("the quantity must be at least 1")]
    ZeroQuantity,
    /// Only possible when one cart is fed from manifests in two currencies,
    /// which the per-video storage key prevents.
    #[error("this cart is in {cart}, but the product is priced in {manifest}")]
    CurrencyMismatch { cart: String, manifest: String },
    #[error("that item is not in the cart")]
    NoSuchLine,
}

impl Cart {
    /// An empty cart in `currency` (an ISO 4217 code).
    pub fn new(currency: &str) -> Cart {
        Cart {
            currency: currency.to_string(),
            lines: Vec::new(),
        }
    }

    /// An empty cart in the manifest's currency.
    pub fn for_manifest(m: &Manifest) -> Cart {
        Cart::new(&m.currency)
    }

    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// Lines in the order they were first added.
    pub fn lines(&self) -> &[CartLine] {
        &self.lines
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Number of items, for the badge: the sum of quantities. Cannot
    /// overflow in practice (each line is at most [`QUANTITY_CAP`]), but
    /// saturates rather than wraps all the same.
    pub fn count(&self) -> u32 {
        self.lines
            .iter()
            .fold(0u32, |n, l| n.saturating_add(l.quantity))
    }

    /// Sum of line totals in minor units, checked at every step.
    pub fn subtotal(&self) -> Result<i64, Overflow> {
        lines_total(&self.lines)
    }

    /// Adds `quantity` of a variant of `m.products[product]`, merging with
    /// the line already holding that variant. The line takes the manifest's
    /// current price, title and label. Asking for more than the variant's
    /// limit fills the line to the limit and says so in [`Applied::clamped`].
    pub fn add(
        &mut self,
        m: &Manifest,
        product: usize,
        variant_id: &str,
        quantity: u32,
    ) -> Result<Applied, CartError> {
        let p: &Product = m
            .products
            .get(product)
            .ok_or(CartError::UnknownProduct(product))?;
        let v = p
            .variant(variant_id)
            .ok_or_else(|| CartError::UnknownVariant {
                product: p.title.clone(),
                variant: variant_id.to_string(),
            })?;
        let label = variant_label(v);
        if !v.available {
            return Err(CartError::Unavailable(display_name(&p.title, &label)));
        }
        if quantity == 0 {
            return Err(CartError::ZeroQuantity);
        }
        if m.currency != self.currency {
            // An empty cart simply takes the manifest's currency.
            if !self.lines.is_empty() {
                return Err(CartError::CurrencyMismatch {
                    cart: self.currency.clone(),
                    manifest: m.currency.clone(),
                });
            }
            self.currency = m.currency.clone();
        }
        let limit = quantity_limit(v);
        let at = match self.lines.iter().position(|l| l.is(&p.id, &v.id)) {
            Some(at) => at,
            None => {
                self.lines.push(CartLine {
                    product_id: p.id.clone(),
                    variant_id: v.id.clone(),
                    quantity: 0,
                    unit_price: v.price,
                    title: String::new(),
                    variant_label: String::new(),
                    max_quantity: limit,
                });
                self.lines.len() - 1
            }
        };
        let line = &mut self.lines[at];
        line.unit_price = v.price;
        line.title = p.title.clone();
        line.variant_label = label;
        line.max_quantity = limit;
        let wanted = line.quantity.saturating_add(quantity);
        line.quantity = wanted.min(limit);
        Ok(Applied {
            quantity: line.quantity,
            clamped: wanted > limit,
            limit,
        })
    }

    /// Sets a line's quantity: 0 removes the line, more than its limit is
    /// clamped to the limit (and reported).
    pub fn set_quantity(
        &mut self,
        product_id: &str,
        variant_id: &str,
        quantity: u32,
    ) -> Result<Applied, CartError> {
        let at = self
            .lines
            .iter()
            .position(|l| l.is(product_id, variant_id))
            .ok_or(CartError::NoSuchLine)?;
        let limit = self.lines[at].max_quantity;
        if quantity == 0 {
            self.lines.remove(at);
            return Ok(Applied {
                quantity: 0,
                clamped: false,
                limit,
            });
        }
        self.lines[at].quantity = quantity.min(limit);
        Ok(Applied {
            quantity: quantity.min(limit),
            clamped: quantity > limit,
            limit,
        })
    }

    /// Removes a line; false when there was none.
    pub fn remove(&mut self, product_id: &str, variant_id: &str) -> bool {
        let before = self.lines.len();
        self.lines.retain(|l| !l.is(product_id, variant_id));
        self.lines.len() != before
    }

    /// Empties the cart, e.g. once its order is confirmed.
    pub fn clear(&mut self) {
        self.lines.clear();
    }
}
