//! The orders store: one SQLite file, `<data-dir>/orders.sqlite3`, holding
//! stock, orders (with their lines and history), the idempotency records,
//! admin prices and a little metadata.
//!
//! - **WAL**, so reads (`GET /api/orders/{id}`, the admin area) run on their
//!   own connection while orders are written.
//! - **`synchronous = FULL`**: a commit is fsynced before any response that
//!   depends on it goes out, so an authorized order survives a power cut,
//!   not only a crash of the process. Affordable because of group commit
//!   (`store/writer.rs`).
//! - **One writer**: a dedicated thread owns the only writing connection and
//!   runs every write as a closure, batched. SQLite allows one writer at a
//!   time anyway; one thread means no lock waits and cached statements.
//!   Nothing slow runs there: gateways are called between writes.
//! - **Checkpoints off the writer** (`store/checkpoint.rs`).
//! - A **busy timeout** (5 s) covers another process on the same file.
//!
//! The order steps are in `store/orders.rs`, stock in `store/stock.rs`,
//! the merchant's queries in `store/admin.rs`. The schema is versioned
//! (`store/schema.rs`); a file from a newer server is refused.

pub mod admin;
mod checkpoint;
pub mod events;
pub mod live;
pub mod orders;
mod schema;
pub mod stock;
mod writer;

use std::fmt;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use shoppable::model::checkout::{CheckoutProblem, OrderConfirmation, PricedOrder};

use crate::catalog::Catalog;

pub use writer::{Faults, Kind};

/// The database file's name under the data directory.
pub const DB_FILE: &str = "orders.sqlite3";

/// How long a connection waits for another one's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Milliseconds since the Unix epoch, the store's clock.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

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
    /// `{ "variant_id": n, "product_id/variant_id": n }`, applied once, to a
    /// fresh store only.
    pub stock_file: Option<&'a Path>,
}

/// One checkout for the first step ([`orders::begin`]): its key and
/// fingerprint, and either the order the server priced or why pricing
/// refused it. The refusal travels to the store too, because a key that
/// already has an answer must replay that answer even if the catalog would
/// now refuse the body.
pub struct Submission {
    /// Lower-case UUID.
    pub key: String,
    pub fingerprint: u64,
    pub order: Result<NewOrder, CheckoutProblem>,
    /// Made with a test gateway: stored and served with `"test": true`.
    pub test: bool,
    /// A live deal's share, held with the units.
    pub deal: Option<orders::DealHold>,
}

/// An order priced by the server, ready to hold, authorize and store.
pub struct NewOrder {
    /// A fresh UUID: the order's id and the gateway reference.
    pub id: String,
    pub priced: PricedOrder,
    /// The `201` body (an `OrderConfirmation`), serialized by the handler
    /// so the writer thread only stores it.
    pub body: String,
    pub payment_method: String,
    pub token: String,
    /// JSON, when the request had them.
    pub shipping_address: Option<String>,
    pub payer: Option<String>,
    pub attribution: Option<String>,
}

/// `GET /api/orders/{id}`: the confirmation plus where the order stands.
/// Never the payer or the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OrderRecord {
    #[serde(flatten)]
    pub confirmation: OrderConfirmation,
    pub video_id: String,
    /// See server/README.md, "The order state machine".
    pub status: String,
    /// RFC 3339, UTC, milliseconds.
    pub created_at: String,
}

/// The store: a queue to the writer thread, and a connection for reads.
pub struct Store {
    /// The key of the per-deal buyer id, made once per store (`meta`).
    pub buyer_key: String,
    writer: writer::Writer,
    reader: Mutex<Connection>,
    faults: Arc<Faults>,
    _checkpoints: checkpoint::Checkpointer,
}

impl Store {
    /// Creates the data directory and database if needed, brings the schema
    /// up, gives every SKU of `catalog` a stock row, applies the stock file
    /// if the store is fresh, and starts the writer thread.
    pub fn open(opts: &StoreOptions<'_>, catalog: &Catalog) -> Result<Store, StoreError> {
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
        stock::seed(&mut conn, catalog, opts.default_stock, opts.stock_file).map_err(
            |e| match e {
                stock::SeedError::Sql(e) => ctx(e),
                stock::SeedError::File(m) => StoreError(m),
            },
        )?;
        let buyer_key =
            stock::meta_or(&conn, "buyer_key", crate::api::generate_token).map_err(ctx)?;
        let reader = connect(&path)?;
        reader
            .pragma_update(None, "query_only", true)
            .map_err(ctx)?;
        let checkpoints = checkpoint::Checkpointer::spawn(connect(&path)?)?;
        conn.pragma_update(None, "wal_autocheckpoint", 0)
            .map_err(ctx)?;
        let faults = Arc::new(Faults::default());
        Ok(Store {
            buyer_key,
            writer: writer::Writer::spawn(conn, faults.clone())?,
            reader: Mutex::new(reader),
            faults,
            _checkpoints: checkpoints,
        })
    }

    /// The test-only fault hook (server/README.md, "Fault injection").
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Runs `f` on the writer connection, in its own savepoint, and returns
    /// its result once committed (group commit: see `store/writer.rs`).
    pub async fn write<T, F>(&self, kind: Kind, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        self.writer.write(kind, f).await
    }

    /// Runs `f` on the read-only connection. Blocking: from async code go
    /// through [`Store::read_async`].
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let conn = self.reader.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn).map_err(StoreError::from)
    }

    /// [`Store::read`] on the blocking pool.
    pub async fn read_async<T, F>(self: &Arc<Self>, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let me = self.clone();
        tokio::task::spawn_blocking(move || me.read(f))
            .await
            .map_err(|e| StoreError(format!("orders store: a read failed: {e}")))?
    }

    /// The order `id` as `GET /api/orders/{id}` shows it, or `None`.
    /// Blocking.
    pub fn order(&self, id: &str) -> Result<Option<OrderRecord>, StoreError> {
        self.read(|conn| {
            let head = conn
                .prepare_cached(
                    "SELECT video_id, status,
                            strftime('%Y-%m-%dT%H:%M:%fZ', created_ms / 1000.0, 'unixepoch')
                     FROM orders WHERE id = ?1",
                )?
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .optional()?;
            let Some((video_id, status, created_at)) = head else {
                return Ok(None);
            };
            let Some(confirmation) = orders::confirmation(conn, id)? else {
                return Ok(None);
            };
            Ok(Some(OrderRecord {
                confirmation,
                video_id,
                status,
                created_at,
            }))
        })
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
