//! What the server is told at start. `main.rs` fills it from flags; tests build
//! it directly, usually from `Config::default()` with paths into a temp dir.

use std::path::PathBuf;
use std::time::Duration;

use crate::checkout::flow::Stall;

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
    /// A JSON object `{ "variant_id": n, "product_id/variant_id": n }` of
    /// counts for a fresh store (tests, demos); ignored, with a warning, once
    /// the store's stock is live. Default none.
    pub stock_file: Option<PathBuf>,
    /// One line per request on stderr. Default off.
    pub log: bool,
    /// Stop by itself after this long (tests and benches), as if sent SIGTERM.
    pub exit_after: Option<Duration>,
    /// How orders are paid. Default [`Payments::None`]: orders are refused.
    pub payments: Payments,
    /// How long one gateway call may take before its outcome counts as
    /// unknown. Default 10 s; must stay well below `hold`.
    pub gateway_timeout: Duration,
    /// How long a pending order holds its units. Default 60 s.
    pub hold: Duration,
    /// Age at which a pending order nobody completed is voided for good.
    /// Default 15 min.
    pub reap_after: Duration,
    /// Checkouts in flight at most (admission control); more get 503 with
    /// `Retry-After`. Default 1024.
    pub max_checkouts: usize,
    /// Longest any request may take to produce its response head (not its
    /// body: a video download may take longer). Default 30 s.
    pub request_timeout: Duration,
    /// Per-client rate limit on `/api`, or `None` (`--rate-limit off`).
    /// Default 20 requests per second with bursts of 40.
    pub rate_limit: Option<RateLimit>,
    /// Proxies whose `X-Forwarded-For` is believed. Default none.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Origins (`https://brand.example`) whose pages may call `/api` from the
    /// browser; the server's own origin always may. Default none.
    pub allowed_origins: Vec<String>,
    /// The admin token; generated and printed at start-up when `None`.
    pub admin_token: Option<String>,
    /// Apple Pay merchant validation, when configured.
    pub apple_pay: Option<ApplePay>,
    /// The live producer console's token; generated and printed when `None`.
    pub producer_token: Option<String>,
    /// How long after a deal's window an order may still take it, for
    /// viewers behind the live edge. Default 30 s.
    pub deal_allowance: Duration,
    /// Live streams this server publishes and records (`--live-source`).
    /// Default none.
    pub live_sources: Vec<LiveSource>,
    /// How much of the stream the live playlist offers behind its edge.
    /// Default 30 s (a viewer may be 15 s behind and still have room).
    pub live_window: Duration,
    /// Recordings (`<data_dir>/live/`) above this many bytes evict the
    /// oldest shows' (never a show being published). Default 10 GB.
    pub recordings_max_bytes: u64,
    /// Test-only faults (server/README.md, "Fault injection"). Default none.
    pub test_faults: TestFaults,
}

/// Where payments go.
#[derive(Clone, Debug, Default)]
pub enum Payments {
    /// No gateway: every checkout is refused with `payments-not-configured`.
    #[default]
    None,
    /// The built-in test gateway (`--test-payments`): no money moves.
    Test,
    /// A payment service behind the HTTP gateway contract.
    Http { url: String, secret: String },
}

/// A token bucket per client address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub per_second: u32,
    pub burst: u32,
}

/// Apple Pay on the web: the merchant identity Apple issued.
#[derive(Clone, Debug)]
pub struct ApplePay {
    /// The merchant identifier registered with Apple (`merchant.com.example`).
    pub merchant_id: String,
    /// Shown on the payment sheet.
    pub display_name: String,
    /// PEM file with the Merchant Identity certificate and its private key.
    pub identity: Option<PathBuf>,
    /// Test only: send validation requests here instead of to Apple's host
    /// (which must still be one of Apple's in the request).
    pub validation_override: Option<String>,
}

/// A live show's stream, published by this server (server/README.md,
/// "The live stream").
#[derive(Clone, Debug, PartialEq)]
pub struct LiveSource {
    /// The show id (`live.show` of its manifest).
    pub show: String,
    pub publisher: Publisher,
}

/// Who writes a show's HLS into `<data_dir>/live/<show>/`.
#[derive(Clone, Debug, PartialEq)]
pub enum Publisher {
    /// `--live-source SHOW=FILE`: the server runs ffmpeg, which loops FILE
    /// (H.264, keyframes every second) as live HLS without re-encoding,
    /// and restarts it if it dies.
    Ffmpeg { input: PathBuf },
    /// Something else writes `source-r<N>.m3u8` and its segments there, as
    /// ffmpeg would (tests, or an embedder with its own packager).
    External,
}

/// Faults a test asks for.
#[derive(Clone, Debug, Default)]
pub struct TestFaults {
    /// Points where a checkout sleeps for an hour (a test kills the process there).
    pub stalls: Vec<Stall>,
    /// The next N commits recording an authorization fail.
    pub fail_authorized_commits: u32,
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
            payments: Payments::None,
            gateway_timeout: Duration::from_secs(10),
            hold: Duration::from_secs(60),
            reap_after: Duration::from_secs(15 * 60),
            max_checkouts: 1024,
            request_timeout: Duration::from_secs(30),
            rate_limit: Some(RateLimit {
                per_second: 20,
                burst: 40,
            }),
            trusted_proxies: Vec::new(),
            allowed_origins: Vec::new(),
            admin_token: None,
            apple_pay: None,
            producer_token: None,
            deal_allowance: Duration::from_secs(30),
            live_sources: Vec::new(),
            live_window: Duration::from_secs(30),
            recordings_max_bytes: 10_000_000_000,
            test_faults: TestFaults::default(),
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

/// Parses `--live-source SHOW=FILE`: a show id and an existing file.
pub fn parse_live_source(s: &str) -> Result<LiveSource, String> {
    let (show, file) = s
        .split_once('=')
        .ok_or_else(|| format!("--live-source {s}: expected SHOW=FILE"))?;
    if !shoppable::model::manifest::is_show_id(show) {
        return Err(format!(
            "--live-source {s}: {show:?} is not a show id (1 to 64 letters, digits, _ or -)"
        ));
    }
    let input = PathBuf::from(file);
    if !input.is_file() {
        return Err(format!(
            "--live-source {s}: no such file {} (an H.264 video with keyframes every second; `cargo xtask setup` makes the demo's)",
            input.display()
        ));
    }
    Ok(LiveSource {
        show: show.to_string(),
        publisher: Publisher::Ffmpeg { input },
    })
}

/// Parses `--rate-limit`: `off`, `N` (per second, burst 2N) or `N/BURST`.
pub fn parse_rate_limit(s: &str) -> Result<Option<RateLimit>, String> {
    if s.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let (rate, burst) = match s.split_once('/') {
        Some((r, b)) => (r, Some(b)),
        None => (s, None),
    };
    let per_second: u32 = rate
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("--rate-limit {s}: expected off, N or N/BURST with N > 0"))?;
    let burst = match burst {
        Some(b) => b
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("--rate-limit {s}: the burst must be a number above 0"))?,
        None => per_second.saturating_mul(2),
    };
    Ok(Some(RateLimit { per_second, burst }))
}
