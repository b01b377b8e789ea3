//! The server's pricing of a checkout request (DESIGN.md invariant 9).
//!
//! Every line is recomputed from the catalog, the manifest the server itself
//! serves for the video. The client's unit price is compared, never used: a
//! claim that differs is refused (409, "price changed") rather than
//! silently corrected, because charging a price the viewer was not shown is
//! as wrong as accepting a price the page made up.
//!
//! Stock here is the catalog's `available` flag. The server's own stock
//! count is checked when it decrements stock in its transaction, and a
//! shortfall there is reported with the same [`CheckoutProblem::OutOfStock`].

use serde::{Deserialize, Serialize};

use super::{CheckoutProblem, CheckoutRequest, OrderConfirmation};
use crate::model::cart::{display_name, quantity_limit, variant_label};
use crate::model::manifest::{Manifest, Product, Variant};

/// One line priced by the server.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub product_id: String,
    pub variant_id: String,
    /// For the confirmation and GA4 `item_name` / `item_variant`.
    pub title: String,
    pub variant_label: String,
    pub quantity: u32,
    /// Minor units, from the catalog.
    pub unit_price: i64,
    /// `quantity × unit_price`, checked.
    pub line_total: i64,
}

/// A request priced by the server, ready to charge and store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedOrder {
    pub video_id: String,
    pub currency: String,
    pub lines: Vec<PricedLine>,
    /// Minor units: the sum of line totals, checked. What the gateway charges.
    pub total: i64,
}

impl PricedOrder {
    /// The confirmation body once the order is stored as `order_id`.
    pub fn confirmation(&self, order_id: &str) -> OrderConfirmation {
        OrderConfirmation {
            order_id: order_id.to_string(),
            total: self.total,
            currency: self.currency.clone(),
            lines: self.lines.clone(),
            test: false,
        }
    }
}

/// Prices `req` from `catalog`, or says what is wrong with the first
/// offending field, checked in this order: `video_id`, `lines` (empty),
/// `currency`, then each line in turn (which item, duplicate, quantity,
/// availability, price, line total), then the order total.
pub fn price_lines(
    req: &CheckoutRequest,
    catalog: &Manifest,
) -> Result<PricedOrder, CheckoutProblem> {
    if req.video_id != catalog.video.id {
        return Err(CheckoutProblem::UnknownVideo {
            video_id: req.video_id.clone(),
        });
    }
    if req.lines.is_empty() {
        return Err(CheckoutProblem::EmptyOrder);
    }
    if req.currency != catalog.currency {
        return Err(CheckoutProblem::CurrencyChanged {
            claimed: req.currency.clone(),
            actual: catalog.currency.clone(),
        });
    }
    let mut lines: Vec<PricedLine> = Vec::with_capacity(req.lines.len());
    let mut total: i64 = 0;
    for (i, l) in req.lines.iter().enumerate() {
        let at = |field: &str| ["lines[", &i.to_string(), "].", field].concat();
        let (p, v) = find(catalog, &l.product_id, &l.variant_id).map_err(|mismatch| {
            if mismatch {
                CheckoutProblem::ProductMismatch {
                    path: at("product_id"),
                    product_id: l.product_id.clone(),
                    variant_id: l.variant_id.clone(),
                }
            } else {
                CheckoutProblem::UnknownVariant {
                    path: at("variant_id"),
                    variant_id: l.variant_id.clone(),
                }
            }
        })?;
        let label = variant_label(v);
        let name = || display_name(&p.title, &label);
        // One line per variant keeps the per-order limit meaningful: two
        // lines of 3 must not slip past a limit of 3.
        if lines
            .iter()
            .any(|x| x.product_id == p.id && x.variant_id == v.id)
        {
            return Err(CheckoutProblem::DuplicateLine {
                path: at("variant_id"),
                name: name(),
            });
        }
        let limit = quantity_limit(v);
        if l.quantity == 0 || l.quantity > limit {
            return Err(CheckoutProblem::BadQuantity {
                path: at("quantity"),
                name: name(),
                quantity: l.quantity,
                limit,
            });
        }
        if !v.available {
            return Err(CheckoutProblem::OutOfStock {
                path: at("variant_id"),
                name: name(),
            });
        }
        if l.unit_price != v.price {
            return Err(CheckoutProblem::PriceChanged {
                path: at("unit_price"),
                name: name(),
                claimed: l.unit_price,
                actual: v.price,
                currency: catalog.currency.clone(),
            });
        }
        let line_total = v.price.checked_mul(i64::from(l.quantity)).ok_or_else(|| {
            CheckoutProblem::TooLarge {
                path: at("quantity"),
            }
        })?;
        total = total
            .checked_add(line_total)
            .ok_or_else(|| CheckoutProblem::TooLarge {
                path: "lines".into(),
            })?;
        lines.push(PricedLine {
            product_id: p.id.clone(),
            variant_id: v.id.clone(),
            title: p.title.clone(),
            variant_label: label,
            quantity: l.quantity,
            unit_price: v.price,
            line_total,
        });
    }
    Ok(PricedOrder {
        video_id: req.video_id.clone(),
        currency: catalog.currency.clone(),
        lines,
        total,
    })
}

/// Prices a flash deal's order: one line, of the deal's product (and
/// variant, when the deal names one), at most `per_buyer` units, at the
/// deal's price (the client's `unit_price` must be it). The rest is
/// [`price_lines`]' rules. Whether the deal is still open, has units left
/// and the buyer is under the limit is the store's to decide, at the hold.
pub fn price_deal(
    req: &CheckoutRequest,
    catalog: &Manifest,
    deal: &crate::model::live::Deal,
) -> Result<PricedOrder, CheckoutProblem> {
    if req.lines.len() != 1 {
        return Err(CheckoutProblem::InvalidField {
            path: "lines".into(),
            message: "a deal's order has exactly one line".into(),
        });
    }
    let l = &req.lines[0];
    if !deal.covers(&l.product_id, &l.variant_id) {
        return Err(CheckoutProblem::InvalidField {
            path: "lines[0].variant_id".into(),
            message: format!("this item is not part of the deal {}", deal.id),
        });
    }
    if l.quantity > deal.per_buyer {
        let (p, v) = find(catalog, &l.product_id, &l.variant_id).map_err(|_| {
            CheckoutProblem::UnknownVariant {
                path: "lines[0].variant_id".into(),
                variant_id: l.variant_id.clone(),
            }
        })?;
        return Err(CheckoutProblem::BadQuantity {
            path: "lines[0].quantity".into(),
            name: display_name(&p.title, &variant_label(v)),
            quantity: l.quantity,
            limit: deal.per_buyer,
        });
    }
    // The catalog with the deal's price on the deal's variants.
    let mut at_deal = catalog.clone();
    if let Some(p) = at_deal.products.iter_mut().find(|p| p.id == deal.product) {
        for v in p
            .variants
            .iter_mut()
            .filter(|v| deal.covers(&deal.product, &v.id))
        {
            v.price = deal.price;
        }
    }
    price_lines(req, &at_deal)
}

/// The product and variant a line names. `Err(true)` when the variant
/// exists but under another product (a mismatch, likely a tampered or
/// confused client), `Err(false)` when no product has it.
fn find<'m>(
    catalog: &'m Manifest,
    product_id: &str,
    variant_id: &str,
) -> Result<(&'m Product, &'m Variant), bool> {
    if let Some(found) = catalog
        .product(product_id)
        .and_then(|p| p.variant(variant_id).map(|v| (p, v)))
    {
        return Ok(found);
    }
    let elsewhere = catalog
        .products
        .iter()
        .any(|p| p.variant(variant_id).is_some());
    Err(elsewhere)
}
