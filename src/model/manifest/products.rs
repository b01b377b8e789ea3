//! Product and variant rules: each bad variant is dropped, and a product
//! with no usable variant, or with a bad id, title or price, is dropped.

use std::collections::BTreeMap;

use super::raw::{RawProduct, RawVariant};
use super::validate::{blank, compare_at, link, warn};
use super::{Product, Variant, Warning};

/// The product at `path`, or `None` after one warning saying why it was
/// dropped. `kept` holds the ids of the products kept so far.
pub(super) fn product(
    path: &str,
    rp: &RawProduct,
    kept: &BTreeMap<String, usize>,
    w: &mut Vec<Warning>,
) -> Option<Product> {
    let drop = |w: &mut Vec<Warning>, field: &str, msg: &str| {
        warn(
            w,
            format!("{path}.{field}"),
            format!("{msg}; product dropped"),
        );
        None
    };
    let id = match &rp.id {
        Some(id) if !blank(id) => id.clone(),
        _ => return drop(w, "id", "missing or empty"),
    };
    let title = match &rp.title {
        Some(t) if !blank(t) => t.clone(),
        _ => return drop(w, "title", "missing or empty"),
    };
    let price = match rp.price {
        None => return drop(w, "price", "missing"),
        Some(p) if p < 0 => return drop(w, "price", "negative"),
        Some(p) => p,
    };
    // Variants inherit the product's compare-at price; whether an ignored
    // one deserves a warning is decided below, once the product is kept.
    let product_compare = rp.compare_at.filter(|c| *c > price);
    let options = rp.options.clone().unwrap_or_default();
    let variants = match &rp.variants {
        Some(vs) if !vs.is_empty() => {
            let kept_variants = variants(path, vs, &options, price, product_compare, w);
            if kept_variants.is_empty() {
                return drop(w, "variants", "no usable variant");
            }
            kept_variants
        }
        // No variants: the product itself is the one thing to buy.
        _ => vec![Variant {
            id: id.clone(),
            options: Vec::new(),
            price,
            compare_at: product_compare,
            available: true,
            max_per_order: None,
        }],
    };
    if kept.contains_key(&id) {
        return drop(w, "id", &format!("duplicate id {id:?}"));
    }
    // Optional fields are checked only for a product that is kept, so a
    // dropped product gets exactly one warning.
    let compare_at = compare_at(rp.compare_at, price, format!("{path}.compare_at"), w);
    let image = link(&rp.image, format!("{path}.image"), w);
    let url = link(&rp.url, format!("{path}.url"), w);
    // See `RawProduct::shopify`: a viewer-only build never reads it.
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    let shopify = super::shopify::validate(path, rp.shopify.as_ref(), &variants, w);
    #[cfg(not(any(feature = "shop", not(target_arch = "wasm32"))))]
    let shopify = None;
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    let (woocommerce, bigcommerce) = (
        super::carts::validate_woo(path, rp.woocommerce.as_ref(), &variants, w),
        super::carts::validate_bigcommerce(path, rp.bigcommerce.as_ref(), &variants, w),
    );
    Some(Product {
        id,
        title,
        brand: rp.brand.clone(),
        image,
        url,
        description: rp.description.clone(),
        price,
        compare_at,
        options,
        variants,
        shopify,
        #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
        woocommerce,
        #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
        bigcommerce,
    })
}

/// Validated variants; each bad one is dropped with a warning. A variant
/// without a price takes the product's; one without a compare-at price takes
/// the product's when that is above its own price.
fn variants(
    path: &str,
    raw: &[RawVariant],
    options: &[String],
    product_price: i64,
    product_compare: Option<i64>,
    w: &mut Vec<Warning>,
) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    for (j, rv) in raw.iter().enumerate() {
        let vpath = format!("{path}.variants[{j}]");
        let mut drop = |field: &str, msg: String| {
            warn(w, format!("{vpath}.{field}"), msg + "; variant dropped")
        };
        let id = match &rv.id {
            Some(id) if !blank(id) => id.clone(),
            _ => {
                drop("id", "missing or empty".into());
                continue;
            }
        };
        let values = rv.options.clone().unwrap_or_default();
        if values.len() != options.len() {
            drop(
                "options",
                format!(
                    "has {} values but the product has {} options",
                    values.len(),
                    options.len()
                ),
            );
            continue;
        }
        if rv.price.is_some_and(|p| p < 0) {
            drop("price", "negative".into());
            continue;
        }
        if out.iter().any(|v| v.id == id) {
            drop("id", format!("duplicate id {id:?}"));
            continue;
        }
        let price = rv.price.unwrap_or(product_price);
        let compare_at = match rv.compare_at {
            Some(_) => compare_at(rv.compare_at, price, format!("{vpath}.compare_at"), w),
            None => product_compare.filter(|c| *c > price),
        };
        let max_per_order = match rv.max_per_order {
            Some(0) => {
                warn(
                    w,
                    format!("{vpath}.max_per_order"),
                    "must be at least 1; ignored",
                );
                None
            }
            m => m,
        };
        out.push(Variant {
            id,
            options: values,
            price,
            compare_at,
            available: rv.available.unwrap_or(true),
            max_per_order,
        });
    }
    out
}
