//! The tables, created idempotently at start-up and versioned with
//! `PRAGMA user_version`. Money columns are integer minor units
//! (invariant 6); times are milliseconds since the Unix epoch (`*_ms`),
//! shown as RFC 3339 when read; ids and keys are text.
//!
//! Version 2 (this server) brought the order state machine: stock split
//! into `on_hand` and `held`, orders with their key, fingerprint, status,
//! authorization and hold; the order events; admin prices; and `meta`.
//! A version-1 file is migrated in place, in one transaction.

use rusqlite::{Connection, TransactionBehavior};

/// `PRAGMA user_version` of the schema below.
pub const VERSION: i64 = 2;

const SCHEMA: &str = "
-- Units of one SKU. `on_hand` is what is left to sell (a sale takes its
-- units away); `held` is the part of it held by checkouts in progress.
-- Available to a new checkout: on_hand - held.
CREATE TABLE IF NOT EXISTS stock (
    product_id TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    on_hand    INTEGER NOT NULL CHECK (on_hand >= 0),
    held       INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
    PRIMARY KEY (product_id, variant_id),
    CHECK (held <= on_hand)
) WITHOUT ROWID;

-- One row per checkout that got past pricing (server/README.md, 'The
-- order state machine'). `token` is the wallet's token, kept only while
-- the order is pending (a retry under the key re-sends it to the gateway);
-- `hold_until` is set while the lines' units are held.
CREATE TABLE IF NOT EXISTS orders (
    id               TEXT PRIMARY KEY NOT NULL,
    idempotency_key  TEXT NOT NULL UNIQUE,
    fingerprint      INTEGER NOT NULL,
    video_id         TEXT NOT NULL,
    currency         TEXT NOT NULL,
    total            INTEGER NOT NULL,
    status           TEXT NOT NULL,
    test             INTEGER NOT NULL DEFAULT 0,
    payment_method   TEXT NOT NULL,
    token            TEXT,
    authorization_id TEXT,
    hold_until       INTEGER,
    -- The answer recorded under the key once the order left `pending`
    -- (201 with the confirmation, or the 402/409 problem): replayed to
    -- retries for as long as the order exists.
    answer_status    INTEGER,
    answer_body      TEXT,
    -- A live show's flash deal, and the buyer's keyed hash (per deal
    -- limits outlive the erasure of the payer's data).
    deal_show        TEXT,
    deal_id          TEXT,
    deal_buyer       TEXT,
    authorized_ms    INTEGER,
    paid_ms          INTEGER,
    shipping_address TEXT,
    payer            TEXT,
    attribution      TEXT,
    erased_ms        INTEGER,
    created_ms       INTEGER NOT NULL,
    updated_ms       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_by_status ON orders (status, created_ms);
CREATE INDEX IF NOT EXISTS orders_by_time ON orders (created_ms);

CREATE TABLE IF NOT EXISTS order_lines (
    order_id      TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
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

-- What happened to an order besides its ordinary path (pending,
-- authorized, paid: the `*_ms` columns), who did it and why: lapsed holds,
-- recoveries, voids, the merchant's changes.
CREATE TABLE IF NOT EXISTS order_events (
    order_id TEXT NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at_ms    INTEGER NOT NULL,
    status   TEXT NOT NULL,
    actor    TEXT NOT NULL,
    note     TEXT
);
CREATE INDEX IF NOT EXISTS order_events_by_order ON order_events (order_id, at_ms);

-- The final answer recorded under an Idempotency-Key that made no order
-- (refused at pricing or for stock), replayed to retries for 24 hours.
-- Keys that made an order keep their answer in the order's row.
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY NOT NULL,
    fingerprint INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    body        TEXT NOT NULL,
    created_ms  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_by_time ON idempotency (created_ms);

-- Prices set through the admin API; they win over the manifests'.
CREATE TABLE IF NOT EXISTS prices (
    product_id TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    currency   TEXT NOT NULL,
    price      INTEGER NOT NULL CHECK (price >= 0),
    updated_ms INTEGER NOT NULL,
    PRIMARY KEY (product_id, variant_id, currency)
) WITHOUT ROWID;

-- Live shows (server/README.md, 'Live shows'): a show starts with its
-- first event; every event is kept, in order, as sent.
CREATE TABLE IF NOT EXISTS shows (
    id         TEXT PRIMARY KEY NOT NULL,
    video_id   TEXT NOT NULL,
    started_ms INTEGER NOT NULL,
    ended_ms   INTEGER,
    likes      INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS live_events (
    show      TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    at_ms     INTEGER,
    server_ms INTEGER NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (show, seq)
) WITHOUT ROWID;

-- Flash deals: units offered = held + sold + left; `held` by pending
-- orders, as stock is.
CREATE TABLE IF NOT EXISTS deals (
    show        TEXT NOT NULL,
    id          TEXT NOT NULL,
    product_id  TEXT NOT NULL,
    variant_id  TEXT,
    price       INTEGER NOT NULL,
    units       INTEGER NOT NULL,
    per_buyer   INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    opened_ms   INTEGER NOT NULL,
    ended_ms    INTEGER,
    end_reason  TEXT,
    held        INTEGER NOT NULL DEFAULT 0,
    sold        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (show, id),
    CHECK (held >= 0 AND sold >= 0 AND held + sold <= units)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS deal_buyers (
    show    TEXT NOT NULL,
    deal_id TEXT NOT NULL,
    buyer   TEXT NOT NULL,
    held    INTEGER NOT NULL DEFAULT 0,
    bought  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (show, deal_id, buyer)
) WITHOUT ROWID;

-- First-party analytics (store/events.rs): counters per video (or live
-- show), tag, kind (model::beacon::Kind's code) and second of video (or
-- show) time. No wall clock and no viewer: nothing to read a session from.
CREATE TABLE IF NOT EXISTS event_counts (
    video  TEXT NOT NULL,
    show   TEXT NOT NULL,
    tag    TEXT NOT NULL,
    kind   INTEGER NOT NULL,
    second INTEGER NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (video, show, tag, kind, second)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
";

/// Version 1 → 2: rebuild `stock`, `orders` and `idempotency` in the new
/// shape (SQLite cannot add table constraints in place). Every v1 order was
/// charged in one step, so it becomes `paid`; its charge id is the
/// authorization id.
const FROM_V1: &str = "
ALTER TABLE stock RENAME TO stock_v1;
ALTER TABLE orders RENAME TO orders_v1;
ALTER TABLE idempotency RENAME TO idempotency_v1;
ALTER TABLE order_lines RENAME TO order_lines_v1;
";

const FROM_V1_COPY: &str = "
INSERT INTO stock (product_id, variant_id, on_hand, held)
    SELECT product_id, variant_id, quantity, 0 FROM stock_v1;
INSERT INTO orders (id, idempotency_key, fingerprint, video_id, currency, total, status, test,
                    payment_method, authorization_id, shipping_address, payer, attribution,
                    answer_status, answer_body, created_ms, authorized_ms, paid_ms, updated_ms)
    SELECT o.id, o.idempotency_key, COALESCE(i.fingerprint, 0), o.video_id, o.currency, o.total,
           'paid', 0, o.payment_method, o.charge_id, o.shipping_address, o.payer, o.attribution,
           i.status, i.body, t.ms, t.ms, t.ms, t.ms
    FROM orders_v1 o
    LEFT JOIN idempotency_v1 i ON i.key = o.idempotency_key
    JOIN (SELECT id, CAST((julianday(created_at) - 2440587.5) * 86400000 AS INTEGER) AS ms
          FROM orders_v1) t ON t.id = o.id;
INSERT INTO order_lines SELECT * FROM order_lines_v1;
INSERT INTO idempotency (key, fingerprint, status, body, created_ms)
    SELECT key, fingerprint, status, body,
           CAST((julianday(created_at) - 2440587.5) * 86400000 AS INTEGER)
    FROM idempotency_v1 WHERE order_id IS NULL;
INSERT INTO meta (name, value) VALUES ('stock_seeded', 'migrated from version 1');
DROP TABLE order_lines_v1;
DROP TABLE idempotency_v1;
DROP TABLE orders_v1;
DROP TABLE stock_v1;
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

/// Creates what is missing (migrating a version-1 file) and stamps the
/// version, in one transaction so two servers starting on one data dir
/// cannot interleave.
pub fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let v: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if v > VERSION {
        return Err(Error::TooNew(v));
    }
    if v == 1 {
        tx.execute_batch(FROM_V1)?;
        tx.execute_batch(SCHEMA)?;
        tx.execute_batch(FROM_V1_COPY)?;
    } else {
        tx.execute_batch(SCHEMA)?;
    }
    tx.pragma_update(None, "user_version", VERSION)?;
    tx.commit()?;
    Ok(())
}
