//! Products in, no retyping: a brand's catalog as the studio's products.
//! Every importer keeps what it can and reports what it skipped and why,
//! with where (`line 4`, or a JSON path such as `products[2].variants[0].price`).
//! Prices become integer minor units of the manifest's currency; a price
//! that does not fit it (more decimals than the currency has, another
//! currency) is skipped with a reason, never rounded.

mod csv;
mod gmc;
mod shopify;

pub use self::csv::from_csv;
pub use gmc::{from_gmc_tsv, from_gmc_xml};
pub use shopify::from_shopify;

use crate::model::manifest::authoring::{Authoring, AuthoringProduct, AuthoringVariant};

/// Something an importer left out, and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// `line N` (1-based, the header is line 1) or a JSON path.
    pub at: String,
    pub reason: String,
}

impl core::fmt::Display for Skipped {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

/// What an import gave.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    pub products: Vec<AuthoringProduct>,
    pub skipped: Vec<Skipped>,
}

/// A document no product could be read from at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {reason}")]
pub struct CatalogError {
    pub at: String,
    pub reason: String,
}

impl CatalogError {
    pub(crate) fn new(at: impl Into<String>, reason: impl Into<String>) -> CatalogError {
        CatalogError {
            at: at.into(),
            reason: reason.into(),
        }
    }
}

/// The kinds of catalog the studio reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Manifest,
    Shopify,
    GmcTsv,
    GmcXml,
    Csv,
}

/// Guesses the kind from the file's name and first bytes: XML by `<`, JSON
/// with `version` and `video` a manifest, other JSON Shopify's, a header
/// line with tabs a Merchant Center TSV, else CSV.
pub fn kind_of(name: &str, text: &str) -> Kind {
    let head = text.trim_start();
    if head.starts_with('<') {
        Kind::GmcXml
    } else if head.starts_with('{') || head.starts_with('[') {
        if head.contains("\"video\"") && head.contains("\"version\"") {
            Kind::Manifest
        } else {
            Kind::Shopify
        }
    } else if name.ends_with(".tsv") || head.lines().next().is_some_and(|l| l.contains('\t')) {
        Kind::GmcTsv
    } else {
        Kind::Csv
    }
}

/// Imports `text` as `kind`, prices in `currency`.
pub fn import(kind: Kind, text: &str, currency: &str) -> Result<Imported, CatalogError> {
    match kind {
        Kind::Manifest => from_manifest(text),
        Kind::Shopify => from_shopify(text, currency),
        Kind::GmcTsv => from_gmc_tsv(text, currency),
        Kind::GmcXml => from_gmc_xml(text, currency),
        Kind::Csv => from_csv(text, currency),
    }
}

/// The products of an existing manifest, as written (the widget's rules
/// are checked on export, where its warnings show).
pub fn from_manifest(text: &str) -> Result<Imported, CatalogError> {
    let doc =
        Authoring::from_json(text).map_err(|e| CatalogError::new(e.path.clone(), e.message))?;
    let mut out = Imported::default();
    for (i, p) in doc.products.into_iter().enumerate() {
        if p.id.trim().is_empty() {
            out.skipped.push(Skipped {
                at: format!("products[{i}].id"),
                reason: "missing or empty".into(),
            });
            continue;
        }
        out.products.push(p);
    }
    none_is_an_error(out, "products")
}

pub(crate) fn none_is_an_error(out: Imported, at: &str) -> Result<Imported, CatalogError> {
    if out.products.is_empty() {
        let first = out
            .skipped
            .first()
            .map(|s| format!("; the first problem is {s}"))
            .unwrap_or_default();
        return Err(CatalogError::new(
            at,
            format!("no product could be read{first}"),
        ));
    }
    Ok(out)
}

/// Rows that share a product id (a Merchant Center `item_group_id`, a CSV
/// `id`) become one product with a variant per row, in first-seen order.
pub(crate) struct Grouper {
    products: Vec<AuthoringProduct>,
}

impl Grouper {
    pub fn new() -> Grouper {
        Grouper {
            products: Vec::new(),
        }
    }

    /// Adds a variant under `product` (taken as the product when new). A
    /// variant id seen before in the same product is reported, not added.
    pub fn add(
        &mut self,
        product: AuthoringProduct,
        variant: AuthoringVariant,
        option_names: &[String],
    ) -> Result<(), String> {
        let at = match self.products.iter().position(|p| p.id == product.id) {
            Some(i) => i,
            None => {
                self.products.push(AuthoringProduct {
                    options: option_names.to_vec(),
                    variants: Vec::new(),
                    ..product
                });
                self.products.len() - 1
            }
        };
        let p = &mut self.products[at];
        if p.variants.iter().any(|v| v.id == variant.id) {
            return Err(format!(
                "variant {:?} of product {:?} is listed twice",
                variant.id, p.id
            ));
        }
        if p.options != option_names {
            return Err(format!(
                "its options ({}) differ from the first variant's ({}) of product {:?}",
                option_names.join(", "),
                p.options.join(", "),
                p.id
            ));
        }
        // The product's price is its lowest variant's.
        p.price = match (p.price, variant.price) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        p.variants.push(variant);
        Ok(())
    }

    pub fn finish(self) -> Vec<AuthoringProduct> {
        self.products
    }
}
