//! What the server is told at start. `main.rs` fills it from flags; tests build
//! it directly, usually from `Config::default()` with paths into a temp dir.

use std::path::PathBuf;
use std::time::Duration;

/// Everything the server needs to start. Defaults match the flags' defaults.
#[derive(Clone, Debug)]
pub struct Config {
    /// Interface to listen on. Default `127.0.0.1`.
    pub host: String,
    /// Port to listen on; 0 picks a free one. Default `8080`.
    pub port: u16,
    /// Directory of the demo site (`www`). Served at `/`.
    pub site: PathBuf,
    /// The top-level demo page, served at `/` and `/index.html`. Default `index.html`.
    pub index: PathBuf,
    /// Directory of the built widget, served at `/shoppable/`. Default `target/dist/shoppable`.
    pub widget: PathBuf,
    /// When set (e.g. `http://127.0.0.1:8080`), HTML pages load the widget from
    /// this origin instead of their own: `"/shoppable/` becomes `"<origin>/shoppable/`.
    /// Stored without a trailing slash.
    pub widget_origin: Option<String>,
    /// Directory of the orders store: `orders.sqlite3` (plus its WAL files) is
    /// created there, directory included, on first run. Default `data`.
    pub data_dir: PathBuf,
    /// Stock given to every available variant the store has no row for yet
    /// (unavailable variants get 0). Rows that exist are never reseeded, so
    /// stock carries over restarts. Default `100`.
    pub default_stock: u32,
    /// A JSON object `{ "variant_id": n, "product_id/variant_id": n }` whose
    /// counts are written over the store's at start-up (tests, demos). A bare
    /// variant id sets that variant in every product that has it. Default none.
    pub stock_file: Option<PathBuf>,
    /// One line per request on stderr. Default off.
    pub log: bool,
    /// Stop by itself after this long (tests and benches), as if sent SIGTERM.
    pub exit_after: Option<Duration>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8080,
            site: "www".into(),
            index: "index.html".into(),
            widget: "target/dist/shoppable".into(),
            widget_origin: None,
            data_dir: "data".into(),
            default_stock: 100,
            stock_file: None,
            log: false,
            exit_after: None,
        }
    }
}

impl Config {
    /// Sets `widget_origin`, dropping any trailing slashes so the rewrite
    /// never produces `//shoppable/`.
    pub fn with_widget_origin(mut self, origin: impl Into<String>) -> Self {
        let origin: String = origin.into();
        self.widget_origin = Some(origin.trim_end_matches('/').to_string());
        self
    }

    /// `host:port` as it goes into a URL or a message (IPv6 hosts get brackets).
    pub fn listen_addr(&self) -> String {
        if self.host.contains(':') && !self.host.starts_with('[') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}
