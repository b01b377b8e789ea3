//! Shopify's storefront JSON: one product from `/products/<handle>.js`
//! (prices in integer cents) or a `products.json` page (`{"products": […]}`,
//! prices as decimal strings). The product id is the handle and its link
//! `/products/<handle>`; variant ids are Shopify's, so a cart permalink
//! (`/cart/{variant}:{qty}`) works with them; availability is kept.

use serde_json::Value;

use super::{none_is_an_error, CatalogError, Imported, Skipped};
use crate::model::manifest::authoring::{AuthoringProduct, AuthoringVariant};
use crate::model::money::parse_decimal;

pub fn from_shopify(text: &str, currency: &str) -> Result<Imported, CatalogError> {
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| CatalogError::new(format!("line {}", e.line()), format!("not JSON: {e}")))?;
    let mut out = Imported::default();
    match doc.get("products").and_then(Value::as_array) {
        Some(list) => {
            for (i, p) in list.iter().enumerate() {
                product(p, &format!("products[{i}]"), currency, &mut out);
            }
        }
        None if doc.get("handle").is_some() => product(&doc, "", currency, &mut out),
        None => {
            return Err(CatalogError::new(
                "",
                "neither a products.json page (a \"products\" array) nor a /products/<handle>.js product (a \"handle\")",
            ))
        }
    }
    none_is_an_error(
        out,
        if doc.get("products").is_some() {
            "products"
        } else {
            "handle"
        },
    )
}

fn join(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_string()
    } else if field.starts_with('[') {
        format!("{base}{field}")
    } else {
        format!("{base}.{field}")
    }
}

/// A price: integer cents (`.js`) or a decimal string (`products.json`).
fn price(v: &Value, currency: &str) -> Result<Option<i64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .filter(|c| *c >= 0)
            .map(Some)
            .ok_or_else(|| format!("{n} is not a whole number of minor units")),
        Value::String(s) => parse_decimal(s, currency)
            .map(Some)
            .ok_or_else(|| format!("{s:?} is not an amount in {currency}")),
        other => Err(format!("{other} is not a price")),
    }
}

fn product(p: &Value, at: &str, currency: &str, out: &mut Imported) {
    let skip = |out: &mut Imported, field: &str, reason: String| {
        out.skipped.push(Skipped {
            at: join(at, field),
            reason,
        })
    };
    let Some(handle) = p
        .get("handle")
        .and_then(Value::as_str)
        .filter(|h| !h.is_empty())
    else {
        return skip(out, "handle", "missing; product skipped".into());
    };
    let title = p.get("title").and_then(Value::as_str).unwrap_or("").trim();
    if title.is_empty() {
        return skip(out, "title", "missing; product skipped".into());
    }
    // `.js` lists option names as strings; products.json as objects with a name.
    let options: Vec<String> = p
        .get("options")
        .and_then(Value::as_array)
        .map(|o| {
            o.iter()
                .filter_map(|v| v.as_str().or_else(|| v.get("name").and_then(Value::as_str)))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    // A product without real options has the single option "Title" = "Default Title".
    let options = if options == ["Title"] {
        Vec::new()
    } else {
        options
    };
    let image = p
        .get("featured_image")
        .and_then(Value::as_str)
        .or_else(|| {
            p.get("images")
                .and_then(Value::as_array)
                .and_then(|i| i.first())
                .and_then(|i| i.as_str().or_else(|| i.get("src").and_then(Value::as_str)))
        })
        .map(|s| {
            if s.starts_with("//") {
                format!("https:{s}")
            } else {
                s.to_string()
            }
        });
    let mut variants = Vec::new();
    let list = p
        .get("variants")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, v) in list.iter().enumerate() {
        let vat = format!("variants[{i}]");
        let id = match v.get("id") {
            Some(Value::Number(n)) => n.to_string(),
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => {
                skip(out, &format!("{vat}.id"), "missing; variant skipped".into());
                continue;
            }
        };
        let vprice = match price(v.get("price").unwrap_or(&Value::Null), currency) {
            Ok(Some(c)) => c,
            Ok(None) => {
                skip(
                    out,
                    &format!("{vat}.price"),
                    "missing; variant skipped".into(),
                );
                continue;
            }
            Err(e) => {
                skip(
                    out,
                    &format!("{vat}.price"),
                    format!("{e}; variant skipped"),
                );
                continue;
            }
        };
        let compare_at = match price(v.get("compare_at_price").unwrap_or(&Value::Null), currency) {
            Ok(c) => c.filter(|c| *c > vprice),
            Err(e) => {
                skip(
                    out,
                    &format!("{vat}.compare_at_price"),
                    format!("{e}; left out"),
                );
                None
            }
        };
        let values: Vec<String> = (1..=options.len())
            .map(|k| {
                v.get(format!("option{k}"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        variants.push(AuthoringVariant {
            id,
            options: values,
            price: Some(vprice),
            compare_at,
            available: v.get("available").and_then(Value::as_bool).unwrap_or(true),
            ..Default::default()
        });
    }
    if variants.is_empty() {
        return skip(out, "variants", "no usable variant; product skipped".into());
    }
    let lowest = variants.iter().filter_map(|v| v.price).min();
    out.products.push(AuthoringProduct {
        id: handle.to_string(),
        title: title.to_string(),
        brand: p
            .get("vendor")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        image,
        url: Some(format!("/products/{handle}")),
        price: lowest,
        options,
        variants,
        ..Default::default()
    });
}
