//! The tables, created idempotently at start-up. Money columns are integer
//! minor units (invariant 6); ids and keys are text.

use rusqlite::{Connection, TransactionBehavior};

/// `PRAGMA user_version` of the schema below.
pub const VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS stock (
    product_id TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    quantity   INTEGER NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (product_id, variant_id)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS orders (
    id               TEXT PRIMARY KEY NOT NULL,
    video_id         TEXT NOT NULL,
    currency         TEXT NOT NULL,
    total            INTEGER NOT NULL,
    status           TEXT NOT NULL,
    charge_id        TEXT NOT NULL,
    payment_method   TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    shipping_address TEXT,
    payer            TEXT,
    attribution      TEXT,
    created_at       TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS order_lines (
    order_id      TEXT NOT NULL REFERENCES orders (id),
    line_no       INTEGER NOT NULL,
    product_id    TEXT NOT NULL,
    variant_id    TEXT NOT NULL,
    title         TEXT NOT NULL,
    variant_label TEXT NOT NULL,
    quantity      INTEGER NOT NULL,
    unit_price    INTEGER NOT NULL,
    line_total    INTEGER NOT NULL,
    PRIMARY KEY (order_id, line_no)
) WITHOUT ROWID;

-- One row per Idempotency-Key that reached the order transaction: the
-- request's fingerprint and the response it got, replayed to retries.
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY NOT NULL,
    fingerprint INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    body        TEXT NOT NULL,
    order_id    TEXT,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
";

pub enum Error {
    Sql(rusqlite::Error),
    /// The file was written by a newer server.
    TooNew(i64),
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Error::Sql(e)
    }
}

/// Creates what is missing and stamps the version, in one transaction so two
/// servers starting on one data dir cannot interleave.
pub fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let v: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if v > VERSION {
        return Err(Error::TooNew(v));
    }
    tx.execute_batch(SCHEMA)?;
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(())
}
