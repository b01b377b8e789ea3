//! The orders store: one SQLite file, `<data-dir>/orders.sqlite3`, holding
//! stock, orders, their lines and the idempotency records.
//!
//! - **WAL**, so `GET /api/orders/{id}` reads on its own connection while
//!   orders are written.
//! - **`synchronous = FULL`**: a commit is fsynced before any response that
//!   depends on it goes out, so a confirmed (charged) order survives a power
//!   cut, not only a crash of the process (which NORMAL also survives). The
//!   fsync is paid once per *batch* of orders (see `store/writer.rs`), which
//!   is what makes FULL affordable.
//! - **One writer**: a dedicated thread owns the only writing connection and
//!   takes checkouts from a queue. SQLite allows one writer at a time anyway;
//!   one thread means no lock waits, prepared statements stay cached, and two
//!   requests under the same `Idempotency-Key` are ordered by the queue: the
//!   second one waits for the first and replays its answer.
//! - **Checkpoints off the writer**: the writer never checkpoints
//!   (`wal_autocheckpoint = 0`); a checkpoint thread copies the WAL into the
//!   database a few times a second (`store/checkpoint.rs`), so the fsync of
//!   the database file never sits in front of an order.
//! - A **busy timeout** (5 s) covers another process on the same file (a
//!   second server on the same data dir, a test reading the stock).
//!
//! The schema is created idempotently at start-up and versioned with
//! `PRAGMA user_version`; a file from a newer server is refused, not
//! guessed at.

mod checkpoint;
mod schema;
mod writer;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use shoppable::model::checkout::{CheckoutProblem, OrderConfirmation, PricedLine, PricedOrder};

use crate::catalog::Catalog;
use crate::gateway::PaymentGateway;

/// The database file's name under the data directory.
pub const DB_FILE: &str = "orders.sqlite3";

/// How long a connection waits for another one's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Anything the store could not do. The message names the file or step;
/// handlers log it and answer 500 without it (it is for the operator).
#[derive(Debug, Clone)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(format!("orders store: {e}"))
    }
}

/// How the store is set up at start-up.
pub struct StoreOptions<'a> {
    pub data_dir: &'a Path,
    /// Seed for available variants that have no stock row yet.
    pub default_stock: u32,
    /// `{ "variant_id": n, "product_id/variant_id": n }`, written over the
    /// stock after seeding.
    pub stock_file: Option<&'a Path>,
}

/// One checkout for the writer: the key and fingerprint it came with, and
/// either the order the server priced or why pricing refused it. The refusal
/// travels through the writer too, because a key that already has an answer
/// must replay that answer even if the catalog would now refuse the body.
pub struct Submission {
    /// Lower-case UUID.
    pub key: String,
    pub fingerprint: u64,
    pub order: Result<NewOrder, CheckoutProblem>,
}

/// An order priced by the server, ready to reserve, charge and store.
pub struct NewOrder {
    pub id: String,
    pub priced: PricedOrder,
    /// The `201` body (an `OrderConfirmation`), serialized by the handler so
    /// the writer thread only does database work.
    pub body: String,
    pub payment_method: String,
    pub token: String,
    /// JSON, when the request had them.
    pub shipping_address: Option<String>,
    pub payer: Option<String>,
    pub attribution: Option<String>,
}

/// What the writer answers for one submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The response recorded under the key: made just now (`replayed:
    /// false`) or by an earlier request with the same body (`true`).
    /// A `201` confirmation or a `402`/`409` problem.
    Recorded {
        status: u16,
        body: String,
        order_id: Option<String>,
        replayed: bool,
    },
    /// Refused without recording anything: a pricing problem, or the key
    /// already holds the answer to another body (`IdempotencyKeyReused`).
    Refused(CheckoutProblem),
}

/// `GET /api/orders/{id}`: the confirmation plus what the store knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderRecord {
    #[serde(flatten)]
    pub confirmation: OrderConfirmation,
    pub video_id: String,
    /// `paid`: the only state an order reaches in this server.
    pub status: String,
    /// RFC 3339, UTC, milliseconds.
    pub created_at: String,
}

/// The store: a queue to the writer thread, and a connection for reads.
pub struct Store {
    writer: writer::Writer,
    reader: Mutex<Connection>,
    _checkpoints: checkpoint::Checkpointer,
}

impl Store {
    /// Creates the data directory and database if needed, brings the schema
    /// up, seeds stock for `catalog`, applies the stock file, and starts the
    /// writer thread.
    pub fn open(
        opts: &StoreOptions<'_>,
        catalog: &Catalog,
        gateway: Arc<dyn PaymentGateway>,
    ) -> Result<Store, StoreError> {
        let dir = opts.data_dir;
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError(format!(
                "cannot create the data directory {}: {e}",
                dir.display()
            ))
        })?;
        let path = dir.join(DB_FILE);
        let ctx = |e: rusqlite::Error| StoreError(format!("orders store {}: {e}", path.display()));
        let mut conn = connect(&path)?;
        schema::migrate(&mut conn).map_err(|e| match e {
            schema::Error::Sql(e) => ctx(e),
            schema::Error::TooNew(v) => StoreError(format!(
                "orders store {}: schema version {v} is newer than this server's ({}); use a newer server or another --data-dir",
                path.display(),
                schema::VERSION
            )),
        })?;
        let overrides = match opts.stock_file {
            Some(f) => read_stock_file(f)?,
            None => BTreeMap::new(),
        };
        seed_stock(&mut conn, catalog, opts.default_stock, &overrides).map_err(ctx)?;
        let reader = connect(&path)?;
        reader
            .pragma_update(None, "query_only", true)
            .map_err(ctx)?;
        let checkpoints = checkpoint::Checkpointer::spawn(connect(&path)?)?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(ctx)?;
        Ok(Store {
            writer: writer::Writer::spawn(conn, gateway)?,
            reader: Mutex::new(reader),
            _checkpoints: checkpoints,
        })
    }

    /// Hands `sub` to the writer and waits for its answer, at most `wait`.
    /// `Ok(None)` when the wait ran out: the submission is still queued and
    /// will be carried out, so the caller answers "in progress" and a retry
    /// under the same key finds the recorded answer.
    pub async fn submit(
        &self,
        sub: Submission,
        wait: Duration,
    ) -> Result<Option<Answer>, StoreError> {
        let rx = self.writer.send(sub)?;
        match tokio::time::timeout(wait, rx).await {
            Ok(Ok(answer)) => answer.map(Some),
            Ok(Err(_)) => Err(StoreError(
                "orders store: the writer stopped before answering".into(),
            )),
            Err(_) => Ok(None),
        }
    }

    /// The order `id`, or `None`. Blocking: call it from `spawn_blocking`.
    pub fn order(&self, id: &str) -> Result<Option<OrderRecord>, StoreError> {
        let conn = self.reader.lock().unwrap_or_else(|p| p.into_inner());
        let head = conn
            .prepare_cached(
                "SELECT video_id, currency, total, status, created_at FROM orders WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })
            .optional()?;
        let Some((video_id, currency, total, status, created_at)) = head else {
            return Ok(None);
        };
        let mut stmt = conn.prepare_cached(
            "SELECT product_id, variant_id, title, variant_label, quantity, unit_price, line_total
             FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
        )?;
        let lines = stmt
            .query_map([id], |r| {
                Ok(PricedLine {
                    product_id: r.get(0)?,
                    variant_id: r.get(1)?,
                    title: r.get(2)?,
                    variant_label: r.get(3)?,
                    quantity: r.get(4)?,
                    unit_price: r.get(5)?,
                    line_total: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(OrderRecord {
            confirmation: OrderConfirmation {
                order_id: id.to_string(),
                total,
                currency,
                lines,
            },
            video_id,
            status,
            created_at,
        }))
    }
}

/// A connection with the store's settings. WAL is a property of the file
/// (set once, kept); the others are per connection.
fn connect(path: &Path) -> Result<Connection, StoreError> {
    let ctx = |e: rusqlite::Error| StoreError(format!("orders store {}: {e}", path.display()));
    let conn = Connection::open(path).map_err(ctx)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(ctx)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(ctx)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError(format!(
            "orders store {}: cannot switch to WAL (journal_mode is {mode})",
            path.display()
        )));
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(ctx)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(ctx)?;
    Ok(conn)
}

/// Gives every SKU of the catalog a stock row if it has none (`default` for
/// available ones, 0 for the rest), then writes the stock file's counts.
fn seed_stock(
    conn: &mut Connection,
    catalog: &Catalog,
    default: u32,
    overrides: &BTreeMap<String, u64>,
) -> rusqlite::Result<()> {
    let skus = catalog.skus();
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut seed = tx.prepare(
            "INSERT OR IGNORE INTO stock (product_id, variant_id, quantity) VALUES (?1, ?2, ?3)",
        )?;
        for (sku, available) in &skus {
            let n = if *available { i64::from(default) } else { 0 };
            seed.execute(params![sku.product_id, sku.variant_id, n])?;
        }
        let mut set = tx.prepare(
            "INSERT INTO stock (product_id, variant_id, quantity) VALUES (?1, ?2, ?3)
             ON CONFLICT (product_id, variant_id) DO UPDATE SET quantity = excluded.quantity",
        )?;
        for (key, &n) in overrides {
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
    }
    tx.commit()
}

fn read_stock_file(path: &Path) -> Result<BTreeMap<String, u64>, StoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        StoreError(format!(
            "cannot read the stock file {}: {e}",
            path.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        StoreError(format!(
            "stock file {}: {e} (expected an object of non-negative counts, {{\"variant_id\": 5}})",
            path.display()
        ))
    })
}
