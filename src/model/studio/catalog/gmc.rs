//! A Google Merchant Center product feed, as TSV (a header row of attribute
//! names) or XML (RSS 2.0 `<item>`s with `g:` attributes). Read: `id`,
//! `title`, `link`, `image_link`, `brand`, `description`, `price`
//! (`15.00 USD`), `sale_price` (when present it is the price and `price`
//! becomes the compare-at price), `availability` (`in_stock`/`in stock`,
//! `out_of_stock`, `preorder`, `backorder`), and `item_group_id` with
//! `color` and `size`: items of one group become one product whose variants
//! have those options.

use std::collections::BTreeMap;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{none_is_an_error, CatalogError, Grouper, Imported, Skipped};
use crate::model::manifest::authoring::{AuthoringProduct, AuthoringVariant};
use crate::model::money::parse_decimal;

type Item = BTreeMap<String, String>;

pub fn from_gmc_tsv(text: &str, currency: &str) -> Result<Imported, CatalogError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .flexible(true)
        .quoting(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| CatalogError::new("line 1", format!("unreadable header: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches("g:").to_ascii_lowercase())
        .collect();
    for need in ["id", "title", "price"] {
        if !header.iter().any(|h| h == need) {
            return Err(CatalogError::new("line 1", format!("no \"{need}\" column")));
        }
    }
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = format!("line {}", i + 2);
        match row {
            Ok(r) => items.push((
                line,
                header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(|v| v.trim().to_string()))
                    .collect(),
            )),
            Err(e) => skipped.push(Skipped {
                at: line,
                reason: format!("unreadable: {e}"),
            }),
        }
    }
    build(items, skipped, currency)
}

pub fn from_gmc_xml(text: &str, currency: &str) -> Result<Imported, CatalogError> {
    let mut reader = Reader::from_str(text);
    let mut items: Vec<(String, Item)> = Vec::new();
    let mut current: Option<Item> = None;
    let mut field: Option<String> = None;
    loop {
        let pos = reader.buffer_position();
        match reader.read_event() {
            Err(e) => {
                return Err(CatalogError::new(
                    format!("byte {pos}"),
                    format!("not well-formed XML: {e}"),
                ))
            }
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if name == "item" || name == "entry" {
                    current = Some(Item::new());
                } else if current.is_some() {
                    field = Some(name);
                }
            }
            Ok(Event::End(e)) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
                if name == "item" || name == "entry" {
                    if let Some(item) = current.take() {
                        items.push((format!("item {}", items.len() + 1), item));
                    }
                }
                field = None;
            }
            Ok(Event::Text(t)) => {
                if let (Some(item), Some(f)) = (current.as_mut(), field.as_ref()) {
                    let value = t.unescape().map(|c| c.into_owned()).unwrap_or_default();
                    item.entry(f.clone()).or_default().push_str(value.trim());
                }
            }
            Ok(Event::CData(t)) => {
                if let (Some(item), Some(f)) = (current.as_mut(), field.as_ref()) {
                    item.entry(f.clone())
                        .or_default()
                        .push_str(String::from_utf8_lossy(&t).trim());
                }
            }
            Ok(_) => {}
        }
    }
    if items.is_empty() {
        return Err(CatalogError::new("", "no <item> or <entry> in the feed"));
    }
    build(items, Vec::new(), currency)
}

/// `15.00 USD` in minor units of `currency`; another currency is an error.
fn money(text: &str, currency: &str) -> Result<i64, String> {
    let mut parts = text.split_whitespace();
    let (amount, code) = (parts.next().unwrap_or(""), parts.next().unwrap_or(currency));
    if !code.eq_ignore_ascii_case(currency) {
        return Err(format!(
            "{text:?} is in {code}, not the manifest's {currency}"
        ));
    }
    parse_decimal(amount, currency)
        .ok_or_else(|| format!("{text:?} is not an amount in {currency}"))
}

fn build(
    items: Vec<(String, Item)>,
    mut skipped: Vec<Skipped>,
    currency: &str,
) -> Result<Imported, CatalogError> {
    let mut group = Grouper::new();
    for (at, item) in items {
        let get = |k: &str| item.get(k).map(String::as_str).filter(|v| !v.is_empty());
        let mut skip = |field: &str, reason: String| {
            skipped.push(Skipped {
                at: format!("{at}, {field}"),
                reason,
            })
        };
        let Some(id) = get("id") else {
            skip("id", "missing; item skipped".into());
            continue;
        };
        let Some(title) = get("title") else {
            skip("title", "missing; item skipped".into());
            continue;
        };
        let Some(price_text) = get("price") else {
            skip("price", "missing; item skipped".into());
            continue;
        };
        let regular = match money(price_text, currency) {
            Ok(p) => p,
            Err(e) => {
                skip("price", format!("{e}; item skipped"));
                continue;
            }
        };
        let (price, compare_at) = match get("sale_price").map(|s| money(s, currency)) {
            Some(Ok(sale)) if sale < regular => (sale, Some(regular)),
            Some(Ok(_)) | None => (regular, None),
            Some(Err(e)) => {
                skip("sale_price", format!("{e}; the regular price is used"));
                (regular, None)
            }
        };
        let available = match get("availability").map(|a| a.to_ascii_lowercase().replace(' ', "_"))
        {
            None => true,
            Some(a) if a == "in_stock" || a == "preorder" || a == "backorder" => true,
            Some(a) if a == "out_of_stock" => false,
            Some(a) => {
                skip(
                    "availability",
                    format!("{a:?} is not a Merchant Center availability; taken as in stock"),
                );
                true
            }
        };
        let group_id = get("item_group_id");
        let option_names: Vec<String> = if group_id.is_some() {
            ["color", "size"]
                .iter()
                .filter(|k| get(k).is_some())
                .map(|k| capitalize(k))
                .collect()
        } else {
            Vec::new()
        };
        let values: Vec<String> = option_names
            .iter()
            .map(|n| get(&n.to_ascii_lowercase()).unwrap_or("").to_string())
            .collect();
        let product = AuthoringProduct {
            id: group_id.unwrap_or(id).to_string(),
            title: title.to_string(),
            brand: get("brand").map(str::to_string),
            image: get("image_link").map(str::to_string),
            url: get("link").map(str::to_string),
            description: get("description").map(str::to_string),
            compare_at,
            ..Default::default()
        };
        let variant = AuthoringVariant {
            id: id.to_string(),
            options: values,
            price: Some(price),
            compare_at,
            available,
            ..Default::default()
        };
        if let Err(e) = group.add(product, variant, &option_names) {
            skip("item_group_id", format!("{e}; item skipped"));
        }
    }
    none_is_an_error(
        Imported {
            products: group.finish(),
            skipped,
        },
        "feed",
    )
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
