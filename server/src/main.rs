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
    /// JSON object {"variant_id": n, "product_id/variant_id": n}: stock of a fresh store (ignored once stock is live)
    #[arg(long, value_name = "FILE")]
    stock_file: Option<PathBuf>,
    /// Log one line per request to stderr
    #[arg(long)]
    log: bool,
    /// Stop by itself after this many seconds (tests, benches)
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds)]
    exit_after: Option<std::time::Duration>,
    /// Take payments with the built-in test gateway: no money moves (demo, tests)
    #[arg(long, conflicts_with = "gateway_url")]
    test_payments: bool,
    /// A payment service speaking the HTTP gateway contract (server/README.md)
    #[arg(long, value_name = "URL")]
    gateway_url: Option<String>,
    /// File holding the gateway's secret (or set SHOPPABLE_GATEWAY_SECRET)
    #[arg(long, value_name = "FILE")]
    gateway_secret_file: Option<PathBuf>,
    /// Longest a gateway call may take before its outcome counts as unknown
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds)]
    gateway_timeout: std::time::Duration,
    /// How long a pending order holds its units
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = parse_seconds)]
    hold: std::time::Duration,
    /// Age at which a pending order nobody completed is voided for good
    #[arg(long, value_name = "SECONDS", default_value = "900", value_parser = parse_seconds)]
    reap_after: std::time::Duration,
    /// Checkouts in flight at most; more get 503 with Retry-After
    #[arg(long, value_name = "N", default_value_t = 1024)]
    max_checkouts: usize,
    /// Longest a request may take to produce its response head
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
    request_timeout: std::time::Duration,
    /// Per-client rate limit on /api: off, N (per second, bursts of 2N) or N/BURST
    #[arg(long, value_name = "RATE", default_value = "20/40", value_parser = parse_rate)]
    rate_limit: Rate,
    /// Proxies whose X-Forwarded-For is believed, as CIDR blocks (10.0.0.0/8,::1/128)
    #[arg(long, value_name = "CIDRS", value_delimiter = ',', value_parser = parse_cidr)]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// Origins whose pages may call /api (https://brand.example,https://shop.example)
    #[arg(long, value_name = "ORIGINS", value_delimiter = ',', value_parser = parse_origin)]
    allowed_origins: Vec<String>,
    /// The admin token (prefer --admin-token-file or SHOPPABLE_ADMIN_TOKEN: flags show in `ps`)
    #[arg(long, value_name = "TOKEN", conflicts_with = "admin_token_file")]
    admin_token: Option<String>,
    /// File holding the admin token
    #[arg(long, value_name = "FILE")]
    admin_token_file: Option<PathBuf>,
    /// Apple Pay merchant identifier (merchant.com.example); enables merchant validation
    #[arg(long, value_name = "ID")]
    apple_pay_merchant_id: Option<String>,
    /// Name shown on the Apple Pay sheet
    #[arg(long, value_name = "NAME", default_value = "Shop")]
    apple_pay_display_name: String,
    /// PEM file with the Apple Pay Merchant Identity certificate and its key
    #[arg(long, value_name = "FILE")]
    apple_pay_identity: Option<PathBuf>,
    /// Test only: send Apple Pay merchant validation here instead of to Apple
    #[arg(long, value_name = "URL", hide = true)]
    test_apple_pay_validation_url: Option<String>,
    /// The live producer console's token (prefer --producer-token-file or SHOPPABLE_PRODUCER_TOKEN)
    #[arg(long, value_name = "TOKEN", conflicts_with = "producer_token_file")]
    producer_token: Option<String>,
    /// File holding the producer token
    #[arg(long, value_name = "FILE")]
    producer_token_file: Option<PathBuf>,
    /// How long after a deal's window an order may still take it (viewers behind the live edge)
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
    deal_allowance: std::time::Duration,
    /// Publish a live show's stream: ffmpeg loops FILE (H.264, keyframes every second) as live HLS at /live/SHOW/index.m3u8, recorded for the replay (repeatable)
    #[arg(long, value_name = "SHOW=FILE", value_parser = server::config::parse_live_source)]
    live_source: Vec<server::config::LiveSource>,
    /// How much of a live stream its playlist offers behind the live edge
    #[arg(long, value_name = "SECONDS", default_value = "30", value_parser = parse_seconds)]
    live_window: std::time::Duration,
    /// Keep the live shows' recordings under this many gigabytes (10^9 bytes), evicting the oldest shows' first (never one being published)
    #[arg(long, value_name = "GB", default_value = "10", value_parser = parse_gb)]
    recordings_max_gb: u64,
    /// Test only: stall-after-authorize, stall-before-capture, fail-authorized-commits=N
    #[arg(long, value_name = "FAULT", hide = true)]
    test_fault: Vec<String>,
}

/// `--rate-limit` (a newtype: clap reads a bare `Option` as "flag may be absent").
#[derive(Clone, Debug)]
struct Rate(Option<server::config::RateLimit>);

fn parse_rate(s: &str) -> Result<Rate, String> {
    server::config::parse_rate_limit(s).map(Rate)
}

fn parse_cidr(s: &str) -> Result<ipnet::IpNet, String> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("not an address or CIDR block: {s}"))
}

fn parse_origin(s: &str) -> Result<String, String> {
    let s = s.trim().trim_end_matches('/');
    let ok = (s.starts_with("https://") || s.starts_with("http://"))
        && !s
            .split_once("://")
            .is_some_and(|(_, rest)| rest.is_empty() || rest.contains('/'));
    if ok {
        Ok(s.to_string())
    } else {
        Err(format!(
            "not an origin: {s} (scheme and host only, like https://brand.example)"
        ))
    }
}

fn parse_faults(list: &[String]) -> Result<server::config::TestFaults, String> {
    use server::checkout::flow::Stall;
    let mut f = server::config::TestFaults::default();
    for item in list {
        match item.split_once('=') {
            None if item == "stall-after-authorize" => f.stalls.push(Stall::AfterAuthorize),
            None if item == "stall-before-capture" => f.stalls.push(Stall::BeforeCapture),
            Some(("fail-authorized-commits", n)) => {
                f.fail_authorized_commits = n
                    .parse()
                    .map_err(|_| format!("--test-fault {item}: not a count"))?
            }
            _ => return Err(format!("--test-fault {item}: unknown fault")),
        }
    }
    Ok(f)
}

/// A secret from a file (trimmed) or an environment variable.
fn secret(file: Option<&PathBuf>, env: &str, what: &str) -> Result<Option<String>, String> {
    if let Some(f) = file {
        let s = std::fs::read_to_string(f)
            .map_err(|e| format!("cannot read the {what} file {}: {e}", f.display()))?;
        let s = s.trim().to_string();
        if s.is_empty() {
            return Err(format!("the {what} file {} is empty", f.display()));
        }
        return Ok(Some(s));
    }
    Ok(std::env::var(env)
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty()))
}

/// `--recordings-max-gb`: gigabytes (may be fractional) as bytes.
fn parse_gb(s: &str) -> Result<u64, String> {
    let gb: f64 = s
        .parse()
        .ok()
        .filter(|g: &f64| g.is_finite() && *g >= 0.0)
        .ok_or_else(|| format!("not a number of gigabytes: {s}"))?;
    Ok((gb * 1e9).round() as u64)
}

fn parse_seconds(s: &str) -> Result<std::time::Duration, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("not a number of seconds: {s}"))?;
    std::time::Duration::try_from_secs_f64(secs)
        .map_err(|_| format!("not a usable number of seconds: {s}"))
}

/// Each live viewer holds a connection: raise the soft open-files limit to
/// the hard one, as servers do, so thousands of viewers are not refused.
fn raise_open_files() {
    // SAFETY: getrlimit/setrlimit only read and write the struct we pass.
    unsafe {
        let mut lim = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
        }
    }
}

fn main() -> ExitCode {
    raise_open_files();
    let a = Args::parse();
    if let Some(o) = &a.widget_origin {
        if !(o.starts_with("http://") || o.starts_with("https://")) {
            eprintln!("error: --widget-origin must be an http:// or https:// URL, got {o}");
            return ExitCode::from(2);
        }
    }
    let fail = |m: String| {
        eprintln!("error: {m}");
        ExitCode::from(2)
    };
    let payments = if a.test_payments {
        server::config::Payments::Test
    } else if let Some(url) = a.gateway_url.clone() {
        match secret(a.gateway_secret_file.as_ref(), "SHOPPABLE_GATEWAY_SECRET", "gateway secret") {
            Ok(Some(secret)) => server::config::Payments::Http { url, secret },
            Ok(None) => {
                return fail("--gateway-url needs a secret: --gateway-secret-file FILE or SHOPPABLE_GATEWAY_SECRET".into())
            }
            Err(m) => return fail(m),
        }
    } else {
        server::config::Payments::None
    };
    let admin_token = match a.admin_token.clone() {
        Some(t) if t.trim().len() < 16 => {
            return fail("--admin-token must be at least 16 characters".into())
        }
        Some(t) => Some(t.trim().to_string()),
        None => match secret(
            a.admin_token_file.as_ref(),
            "SHOPPABLE_ADMIN_TOKEN",
            "admin token",
        ) {
            Ok(t) => t,
            Err(m) => return fail(m),
        },
    };
    let producer_token = match a.producer_token.clone() {
        Some(t) if t.trim().len() < 16 => {
            return fail("--producer-token must be at least 16 characters".into())
        }
        Some(t) => Some(t.trim().to_string()),
        None => match secret(
            a.producer_token_file.as_ref(),
            "SHOPPABLE_PRODUCER_TOKEN",
            "producer token",
        ) {
            Ok(t) => t,
            Err(m) => return fail(m),
        },
    };
    let mut shows: Vec<&str> = a.live_source.iter().map(|l| l.show.as_str()).collect();
    shows.sort_unstable();
    if let Some(w) = shows.windows(2).find(|w| w[0] == w[1]) {
        return fail(format!("--live-source names show {} twice", w[0]));
    }
    let test_faults = match parse_faults(&a.test_fault) {
        Ok(f) => f,
        Err(m) => return fail(m),
    };
    let apple_pay = a
        .apple_pay_merchant_id
        .clone()
        .map(|merchant_id| server::config::ApplePay {
            merchant_id,
            display_name: a.apple_pay_display_name.clone(),
            identity: a.apple_pay_identity.clone(),
            validation_override: a.test_apple_pay_validation_url.clone(),
        });
    if a.gateway_timeout >= a.hold {
        return fail(format!(
            "--gateway-timeout ({} s) must be shorter than --hold ({} s): a hold must outlive the call it holds for",
            a.gateway_timeout.as_secs_f64(),
            a.hold.as_secs_f64()
        ));
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
        payments,
        gateway_timeout: a.gateway_timeout,
        hold: a.hold,
        reap_after: a.reap_after,
        max_checkouts: a.max_checkouts.max(1),
        request_timeout: a.request_timeout,
        rate_limit: a.rate_limit.0,
        trusted_proxies: a.trusted_proxies,
        allowed_origins: a.allowed_origins,
        admin_token,
        apple_pay,
        producer_token,
        deal_allowance: a.deal_allowance,
        live_sources: a.live_source,
        live_window: a.live_window,
        recordings_max_bytes: a.recordings_max_gb,
        test_faults,
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
