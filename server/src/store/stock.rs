//! Stock and admin prices: seeding at start-up, new SKUs from an edited
//! catalog, and the merchant's settings (`PUT /api/admin/stock`,
//! `PUT /api/admin/prices`).
//!
//! Seeding from a stock file happens once, on a fresh store: after that the
//! stock is live (units sold, held) and a restart with the same flags must
//! never give back what was sold. The `meta` row `stock_seeded` records it.

use std::collections::BTreeMap;
use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::catalog::Catalog;

pub enum SeedError {
    Sql(rusqlite::Error),
    File(String),
}

impl From<rusqlite::Error> for SeedError {
    fn from(e: rusqlite::Error) -> Self {
        SeedError::Sql(e)
    }
}

/// Gives every SKU of `catalog` a row if it has none (`default` units when
/// available, 0 when not); on a fresh store, then writes the stock file's
/// counts. A stock file given to a store already seeded is reported and
/// ignored.
pub fn seed(
    conn: &mut Connection,
    catalog: &Catalog,
    default: u32,
    stock_file: Option<&Path>,
) -> Result<(), SeedError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let seeded: Option<String> = tx
        .query_row(
            "SELECT value FROM meta WHERE name = 'stock_seeded'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    ensure_skus(&tx, catalog, default)?;
    match (stock_file, &seeded) {
        (Some(file), None) => {
            let counts = read_stock_file(file)?;
            apply_counts(&tx, catalog, &counts)?;
        }
        (Some(file), Some(when)) => eprintln!(
            "warning: stock file {} ignored: this store's stock is live (seeded {when}); \
             set stock with PUT /api/admin/stock",
            file.display()
        ),
        _ => {}
    }
    if seeded.is_none() {
        tx.execute(
            "INSERT INTO meta (name, value) VALUES ('stock_seeded',
                strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
            [],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// Rows for SKUs the store has never seen (a new manifest, an edited one).
/// Existing rows are never touched. Returns how many were added.
pub fn ensure_skus(conn: &Connection, catalog: &Catalog, default: u32) -> rusqlite::Result<usize> {
    let mut seed = conn.prepare_cached(
        "INSERT OR IGNORE INTO stock (product_id, variant_id, on_hand, held) VALUES (?1, ?2, ?3, 0)",
    )?;
    let mut n = 0;
    for (sku, available) in catalog.skus() {
        let units = if available { i64::from(default) } else { 0 };
        n += seed.execute(params![sku.product_id, sku.variant_id, units])?;
    }
    Ok(n)
}

fn apply_counts(
    conn: &Connection,
    catalog: &Catalog,
    counts: &BTreeMap<String, u64>,
) -> rusqlite::Result<()> {
    let skus = catalog.skus();
    let mut set = conn.prepare(
        "INSERT INTO stock (product_id, variant_id, on_hand, held) VALUES (?1, ?2, ?3, 0)
         ON CONFLICT (product_id, variant_id) DO UPDATE SET on_hand = excluded.on_hand",
    )?;
    for (key, &n) in counts {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let targets: Vec<(&str, &str)> = match key.split_once('/') {
            Some((p, v)) => vec![(p, v)],
            None => skus
                .iter()
                .filter(|(s, _)| s.variant_id == *key)
                .map(|(s, _)| (s.product_id.as_str(), s.variant_id.as_str()))
                .collect(),
        };
        if targets.is_empty() {
            eprintln!("warning: stock file: no variant \"{key}\" in the catalog; ignored");
        }
        for (p, v) in targets {
            set.execute(params![p, v, n])?;
        }
    }
    Ok(())
}

fn read_stock_file(path: &Path) -> Result<BTreeMap<String, u64>, SeedError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        SeedError::File(format!(
            "cannot read the stock file {}: {e}",
            path.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        SeedError::File(format!(
            "stock file {}: {e} (expected an object of non-negative counts, {{\"variant_id\": 5}})",
            path.display()
        ))
    })
}

/// One SKU's units, as the admin API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Units {
    pub product_id: String,
    pub variant_id: String,
    /// What is left to sell, held units included.
    pub on_hand: i64,
    /// Held by checkouts in progress.
    pub held: i64,
    /// `on_hand - held`: what a new checkout may take.
    pub available: i64,
}

/// Every SKU's units, sorted.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Units>> {
    conn.prepare_cached(
        "SELECT product_id, variant_id, on_hand, held FROM stock ORDER BY product_id, variant_id",
    )?
    .query_map([], |r| {
        let (on_hand, held): (i64, i64) = (r.get(2)?, r.get(3)?);
        Ok(Units {
            product_id: r.get(0)?,
            variant_id: r.get(1)?,
            on_hand,
            held,
            available: on_hand - held,
        })
    })?
    .collect()
}

/// Why a stock setting was refused: the index of the item and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub index: usize,
    pub field: &'static str,
    pub message: String,
}

/// Sets `on_hand` for each `(product, variant, units)`, all or none. A
/// count below what checkouts hold right now is refused (those units are
/// promised); an unknown SKU is refused.
pub fn set(
    conn: &Connection,
    items: &[(String, String, i64)],
) -> rusqlite::Result<Result<Vec<Units>, Refusal>> {
    let mut out = Vec::with_capacity(items.len());
    for (i, (p, v, units)) in items.iter().enumerate() {
        let held: Option<i64> = conn
            .prepare_cached("SELECT held FROM stock WHERE product_id = ?1 AND variant_id = ?2")?
            .query_row(params![p, v], |r| r.get(0))
            .optional()?;
        let Some(held) = held else {
            return Ok(Err(Refusal {
                index: i,
                field: "variant_id",
                message: format!("no variant \"{v}\" of product \"{p}\" in the catalog"),
            }));
        };
        if *units < held {
            return Ok(Err(Refusal {
                index: i,
                field: "on_hand",
                message: format!(
                    "{held} units are held by checkouts in progress; on_hand cannot go below that"
                ),
            }));
        }
        conn.prepare_cached(
            "UPDATE stock SET on_hand = ?3 WHERE product_id = ?1 AND variant_id = ?2",
        )?
        .execute(params![p, v, units])?;
        out.push(Units {
            product_id: p.clone(),
            variant_id: v.clone(),
            on_hand: *units,
            held,
            available: units - held,
        });
    }
    Ok(Ok(out))
}

/// One admin price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Price {
    pub product_id: String,
    pub variant_id: String,
    pub currency: String,
    /// Minor units.
    pub price: i64,
}

/// Every admin price.
pub fn prices(conn: &Connection) -> rusqlite::Result<Vec<Price>> {
    conn.prepare_cached(
        "SELECT product_id, variant_id, currency, price FROM prices ORDER BY product_id, variant_id, currency",
    )?
    .query_map([], |r| {
        Ok(Price {
            product_id: r.get(0)?,
            variant_id: r.get(1)?,
            currency: r.get(2)?,
            price: r.get(3)?,
        })
    })?
    .collect()
}

/// Sets (or, with `None`, removes) admin prices.
pub fn set_prices(conn: &Connection, items: &[(Price, bool)], now: i64) -> rusqlite::Result<()> {
    for (p, remove) in items {
        if *remove {
            conn.prepare_cached(
                "DELETE FROM prices WHERE product_id = ?1 AND variant_id = ?2 AND currency = ?3",
            )?
            .execute(params![p.product_id, p.variant_id, p.currency])?;
        } else {
            conn.prepare_cached(
                "INSERT INTO prices (product_id, variant_id, currency, price, updated_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (product_id, variant_id, currency)
                 DO UPDATE SET price = excluded.price, updated_ms = excluded.updated_ms",
            )?
            .execute(params![
                p.product_id,
                p.variant_id,
                p.currency,
                p.price,
                now
            ])?;
        }
    }
    Ok(())
}

/// The value of `meta` row `name`, made by `make` and stored the first
/// time (keys that must outlive restarts).
pub fn meta_or(
    conn: &Connection,
    name: &str,
    make: impl FnOnce() -> String,
) -> rusqlite::Result<String> {
    if let Some(v) = conn
        .query_row("SELECT value FROM meta WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?
    {
        return Ok(v);
    }
    let v = make();
    conn.execute(
        "INSERT INTO meta (name, value) VALUES (?1, ?2)",
        params![name, v],
    )?;
    Ok(v)
}
