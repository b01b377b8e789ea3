//! Flags in, `server::serve` out. Exit codes: 0 after a clean stop, 2 when the
//! listener cannot be opened (or the flags are wrong), 1 on any other failure.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Reference server for the shoppable-video widget: serves the demo site, the
/// built widget and the API.
#[derive(Parser, Debug)]
#[command(version)]
struct Args {
    /// Interface to listen on
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Port to listen on; 0 picks a free one (the real one is printed)
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Directory of the demo site, served at /
    #[arg(long, default_value = "www")]
    site: PathBuf,
    /// The demo page served at / and /index.html
    #[arg(long, default_value = "index.html")]
    index: PathBuf,
    /// Directory of the built widget, served at /shoppable/
    #[arg(long, default_value = "target/dist/shoppable")]
    widget: PathBuf,
    /// Rewrite "/shoppable/ in HTML pages to "<URL>/shoppable/ (cross-origin demo), e.g. http://127.0.0.1:8080
    #[arg(long, value_name = "URL")]
    widget_origin: Option<String>,
    /// Directory for the orders store (orders.sqlite3), created on first run
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
    /// Stock seeded for each available variant that has no stock row yet
    #[arg(long, value_name = "N", default_value_t = 100)]
    default_stock: u32,
    /// JSON object {"variant_id": n, "product_id/variant_id": n} written over the stock at start-up
    #[arg(long, value_name = "FILE")]
    stock_file: Option<PathBuf>,
    /// Log one line per request to stderr
    #[arg(long)]
    log: bool,
    /// Stop by itself after this many seconds (tests, benches)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    exit_after: Option<std::time::Duration>,
}

fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("not a number of seconds: {s}"))?;
    std::time::Duration::try_from_secs_f64(secs)
        .map_err(|_| format!("not a usable number of seconds: {s}"))
}

fn main() -> ExitCode {
    let a = Args::parse();
    if let Some(o) = &a.widget_origin {
        if !(o.starts_with("http://") || o.starts_with("https://")) {
            eprintln!("error: --widget-origin must be an http:// or https:// URL, got {o}");
            return ExitCode::from(2);
        }
    }
    let mut cfg = server::Config {
        host: a.host,
        port: a.port,
        site: a.site,
        index: a.index,
        widget: a.widget,
        widget_origin: None,
        data_dir: a.data_dir,
        default_stock: a.default_stock,
        stock_file: a.stock_file,
        log: a.log,
        exit_after: a.exit_after,
    };
    if let Some(o) = a.widget_origin {
        cfg = cfg.with_widget_origin(o);
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(server::serve(&cfg)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<server::BindError>() => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
