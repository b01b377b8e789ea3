//! A plain CSV catalog, one row per variant: `id` (the product), `title`,
//! `price` (a decimal in the manifest's currency), and optionally `brand`,
//! `image`, `url`, `description`, `compare_at`, `variant_id` (else the
//! row's product id), `available` (`true`/`false`, `yes`/`no`, `1`/`0`),
//! `max_per_order`, and one `option:<Name>` column per option (`option:Size`).
//! Rows with the same `id` are one product's variants.

use super::{none_is_an_error, CatalogError, Grouper, Imported, Skipped};
use crate::model::manifest::authoring::{AuthoringProduct, AuthoringVariant};
use crate::model::money::parse_decimal;

pub fn from_csv(text: &str, currency: &str) -> Result<Imported, CatalogError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| CatalogError::new("line 1", format!("unreadable header: {e}")))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for need in ["id", "title", "price"] {
        if !header.iter().any(|h| h.eq_ignore_ascii_case(need)) {
            return Err(CatalogError::new("line 1", format!("no \"{need}\" column")));
        }
    }
    let option_cols: Vec<(usize, String)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| h.strip_prefix("option:").map(|n| (i, n.trim().to_string())))
        .collect();
    let names: Vec<String> = option_cols.iter().map(|(_, n)| n.clone()).collect();
    let col = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    let mut group = Grouper::new();
    let mut skipped = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let at = format!("line {}", i + 2);
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                skipped.push(Skipped {
                    at,
                    reason: format!("unreadable: {e}"),
                });
                continue;
            }
        };
        let get = |name: &str| {
            col(name)
                .and_then(|c| row.get(c))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let mut skip = |field: &str, reason: String| {
            skipped.push(Skipped {
                at: format!("{at}, {field}"),
                reason,
            })
        };
        let (Some(id), Some(title)) = (get("id"), get("title")) else {
            skip(
                if get("id").is_none() { "id" } else { "title" },
                "missing; row skipped".into(),
            );
            continue;
        };
        let Some(price) = get("price").and_then(|p| parse_decimal(p, currency)) else {
            skip(
                "price",
                format!(
                    "{:?} is not an amount in {currency}; row skipped",
                    get("price").unwrap_or("")
                ),
            );
            continue;
        };
        let compare_at = match get("compare_at").map(|c| parse_decimal(c, currency)) {
            Some(Some(c)) => Some(c).filter(|c| *c > price),
            Some(None) => {
                skip(
                    "compare_at",
                    format!("not an amount in {currency}; left out"),
                );
                None
            }
            None => None,
        };
        let available = match get("available").map(str::to_ascii_lowercase).as_deref() {
            None | Some("true" | "yes" | "1") => true,
            Some("false" | "no" | "0") => false,
            Some(other) => {
                skip(
                    "available",
                    format!("{other:?} is not true or false; taken as true"),
                );
                true
            }
        };
        let max_per_order = match get("max_per_order").map(str::parse::<u32>) {
            Some(Ok(n)) if n >= 1 => Some(n),
            Some(_) => {
                skip(
                    "max_per_order",
                    "not a whole number of at least 1; left out".into(),
                );
                None
            }
            None => None,
        };
        let product = AuthoringProduct {
            id: id.to_string(),
            title: title.to_string(),
            brand: get("brand").map(str::to_string),
            image: get("image").map(str::to_string),
            url: get("url").map(str::to_string),
            description: get("description").map(str::to_string),
            ..Default::default()
        };
        let variant = AuthoringVariant {
            id: get("variant_id").unwrap_or(id).to_string(),
            options: option_cols
                .iter()
                .map(|(c, _)| row.get(*c).unwrap_or("").trim().to_string())
                .collect(),
            price: Some(price),
            compare_at,
            available,
            max_per_order,
            ..Default::default()
        };
        if let Err(e) = group.add(product, variant, &names) {
            skip("variant_id", format!("{e}; row skipped"));
        }
    }
    none_is_an_error(
        Imported {
            products: group.finish(),
            skipped,
        },
        "rows",
    )
}
