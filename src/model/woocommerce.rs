//! WooCommerce's Store API, as the `woocommerce` checkout strategy needs it
//! (README, "WooCommerce and BigCommerce"): a product's ids from the
//! manifest (the `woocommerce` block, validated in `manifest/carts.rs`),
//! what `POST /wp-json/wc/store/v1/cart/add-item` answers in words for the
//! viewer, and the live prices of `GET /wp-json/wc/store/v1/products/<id>`.
//! Pure: the browser side is `crate::pay::woocommerce`.

use super::manifest::Manifest;
use super::money::currency_exponent;
use super::store_cart::{all, apply_live_by, by_count, AddAnswer, Added, LiveVariant};
use super::store_cart::{refused, sold_out};
use super::words::en::shop as w;
use super::words::Said;

/// A product's `woocommerce` block, validated.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WooProduct {
    /// The product's id (decimal digits).
    pub id: String,
    /// (manifest variant id, variation id as decimal digits) for a variable
    /// product, in the manifest's variant order; empty for a simple one.
    pub variations: Vec<(String, String)>,
}

impl WooProduct {
    /// The id `add-item` takes for manifest variant `variant`: its
    /// variation's (the Store API takes a variation's id as `id`), or the
    /// product's for a simple product; `None` for a variant with no
    /// variation.
    pub fn item_id(&self, variant: &str) -> Option<&str> {
        if self.variations.is_empty() {
            return Some(&self.id);
        }
        self.variations
            .iter()
            .find(|(v, _)| v == variant)
            .map(|(_, id)| id.as_str())
    }
}

/// The Store API's path under the site's root.
pub const STORE_API: &str = "wp-json/wc/store/v1/";

/// Whether an error `code` means the `Nonce` header was missing or stale:
/// the nonce is fetched again and the request tried once more.
pub fn is_nonce_error(code: &str) -> bool {
    code == "woocommerce_rest_missing_nonce" || code == "woocommerce_rest_invalid_nonce"
}

/// `add-item`'s answer. A 2xx body is the cart: `before` and `after` are the
/// item's quantity in the cart before the add and in that body (an
/// extension capping quantities may have added less). An error is
/// `{ code, message, data: { status } }`; WooCommerce words `message` for
/// the buyer in the site's language, HTML-escaped, so it is shown decoded
/// (as text) when there is one. Core refuses a quantity the stock cannot
/// cover whole (`woocommerce_rest_product_partially_out_of_stock`, its
/// message naming what remains) and adds none of it.
pub fn add_answer(
    status: u16,
    code: &str,
    message: Option<&str>,
    quantity: u32,
    before: u32,
    after: Option<u32>,
) -> AddAnswer {
    if (200..300).contains(&status) {
        return match after {
            Some(after) => by_count(before, after, quantity),
            None => all(quantity),
        };
    }
    if is_nonce_error(code) {
        // Still refused after a fresh nonce: WooCommerce's words name a
        // header, which means nothing to the viewer.
        return AddAnswer {
            added: Added::None,
            words: Said::key(w::STORE_SESSION_EXPIRED),
        };
    }
    let fallback = match code {
        "woocommerce_rest_product_out_of_stock" => sold_out(),
        "woocommerce_rest_product_partially_out_of_stock" => Said::key(w::STORE_TOO_MANY),
        _ => refused(),
    };
    // The store's own message is in the store's language, the shop's.
    let words = message
        .map(decode_entities)
        .filter(|m| !m.trim().is_empty())
        .map_or(fallback, Said::Text);
    AddAnswer {
        added: Added::None,
        words,
    }
}

/// `s` with HTML character references decoded (`&quot;`, `&amp;`, `&#039;`,
/// `&#8217;`, `&#x2019;`, …): WooCommerce escapes its messages for HTML,
/// and the widget shows text only. An unknown reference stays as written.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "quot" => Some('"'),
                "amp" => Some('&'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let n = match name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    n.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A Store API price (`prices.price`: a string of minor units of the
/// store's `currency_minor_unit` digits) in minor units of `currency` as
/// ISO 4217 counts them (a store may show fewer or more decimals). `None`
/// for anything else, or a price that would lose a fraction.
pub fn price_minor(price: &str, minor_unit: u32, currency: &str) -> Option<i64> {
    if price.is_empty() || price.len() > 15 || !price.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = price.parse().ok()?;
    let iso = currency_exponent(currency);
    if minor_unit <= iso {
        n.checked_mul(10i64.checked_pow(iso - minor_unit)?)
    } else {
        let d = 10i64.checked_pow(minor_unit - iso)?;
        (n % d == 0).then_some(n / d)
    }
}

/// Applies the live figures (keyed by the id `add-item` takes, see
/// [`WooProduct::item_id`]) to product `product` of `m`.
pub fn apply_live(m: &mut Manifest, product: usize, live: &[LiveVariant]) {
    if m.products
        .get(product)
        .is_some_and(|p| p.woocommerce.is_some())
    {
        apply_live_by(m, product, live, |p, v| {
            p.woocommerce.as_ref()?.item_id(v).map(str::to_owned)
        });
    }
}
