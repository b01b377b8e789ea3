//! Checkout throughput and latency against the reference server on loopback.
//!
//! ```sh
//! cargo run --release -p server --example bench_checkout
//! cargo run --release -p server --example bench_checkout -- --orders 5000 --connections 64
//! cargo run --release -p server --example bench_checkout -- --url http://127.0.0.1:8080
//! ```
//!
//! By default it starts the server in-process on port 0, with a one-product
//! catalog and a fresh data dir in the temp dir (removed afterwards) and stock
//! for every order. `C` keep-alive connections each send
//! `POST /api/checkout` (a new `Idempotency-Key` per order) until `N` orders
//! are placed; every answer must be `201`. A warm-up of one order per
//! connection (connections opened, caches filled) is not measured.
//!
//! With `--url`, it orders one `glow-serum` / `gs-15` (24.00 USD) from the
//! demo's `hero` video each time: start that server with a fresh
//! `--data-dir` and `--default-stock` at least the number of orders.
//!
//! Prints exactly two lines on stdout (`cargo xtask bench` reads them):
//!
//! ```text
//! checkout_orders_per_s: 2345 orders/s
//! checkout_p99_ms: 12.3 ms
//! ```
//!
//! Bounded: at most `--orders` requests plus the warm-up, each with a 10 s
//! timeout, and 120 s in all. Exits 1 if any order failed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
const TOTAL_TIMEOUT: Duration = Duration::from_secs(120);

const CATALOG: &str = r#"{
  "version": 1,
  "video": { "id": "bench" },
  "currency": "USD",
  "products": [
    { "id": "serum", "title": "Glow Serum", "price": 2400, "options": ["Size"],
      "variants": [{ "id": "serum-30", "options": ["30 ml"], "price": 2400 }] }
  ]
}"#;

struct Opts {
    orders: usize,
    connections: usize,
    url: Option<String>,
}

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        orders: 5000,
        connections: 64,
        url: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--orders" => o.orders = value()?.parse().map_err(|e| format!("--orders: {e}"))?,
            "--connections" => {
                o.connections = value()?
                    .parse()
                    .map_err(|e| format!("--connections: {e}"))?
            }
            "--url" => o.url = Some(value()?),
            "-h" | "--help" => {
                return Err(
                    "usage: bench_checkout [--orders N] [--connections C] [--url http://HOST:PORT]"
                        .into(),
                )
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if o.orders == 0 || o.connections == 0 {
        return Err("--orders and --connections must be at least 1".into());
    }
    Ok(o)
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match rt.block_on(async {
        tokio::time::timeout(TOTAL_TIMEOUT, run(&opts))
            .await
            .unwrap_or_else(|_| Err(format!("gave up after {TOTAL_TIMEOUT:?}")))
    }) {
        Ok((per_s, p99_ms)) => {
            println!("checkout_orders_per_s: {per_s:.0} orders/s");
            println!("checkout_p99_ms: {p99_ms:.1} ms");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_checkout: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Removes the bench's temp dir on drop.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

async fn run(opts: &Opts) -> Result<(f64, f64), String> {
    let mut _scratch = None;
    let mut _stop = None;
    let (addr, order) = match &opts.url {
        Some(url) => {
            let hostport = url
                .strip_prefix("http://")
                .ok_or("--url must be http://HOST:PORT")?
                .trim_end_matches('/');
            let addr = tokio::net::lookup_host(hostport)
                .await
                .map_err(|e| format!("{hostport}: {e}"))?
                .next()
                .ok_or(format!("{hostport}: no address"))?;
            (addr, ("hero", "glow-serum", "gs-15", 2400))
        }
        None => {
            let dir = std::env::temp_dir()
                .join(format!("shoppable-bench-checkout-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let scratch = Scratch(dir.clone());
            std::fs::create_dir_all(dir.join("www/manifests")).map_err(|e| e.to_string())?;
            std::fs::write(dir.join("www/manifests/bench.json"), CATALOG)
                .map_err(|e| e.to_string())?;
            let cfg = server::Config {
                port: 0,
                site: dir.join("www"),
                index: dir.join("index.html"),
                widget: dir.join("widget"),
                data_dir: dir.join("data"),
                default_stock: u32::try_from(opts.orders + opts.connections).unwrap_or(u32::MAX),
                payments: server::config::Payments::Test,
                rate_limit: None,
                ..server::Config::default()
            };
            let srv = server::bind(&cfg).await.map_err(|e| e.to_string())?;
            let addr = srv.local_addr().map_err(|e| e.to_string())?;
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            tokio::spawn(srv.run_until(async move {
                let _ = rx.await;
            }));
            _scratch = Some(scratch);
            _stop = Some(tx);
            (addr, ("bench", "serum", "serum-30", 2400))
        }
    };
    let body = format!(
        r#"{{"video_id":"{}","currency":"USD","lines":[{{"product_id":"{}","variant_id":"{}","quantity":1,"unit_price":{}}}],"payment":{{"method":"https://google.com/pay","token":"tok_test_approve"}}}}"#,
        order.0, order.1, order.2, order.3
    );

    // Open every connection and place one order on each (not measured).
    let mut conns = Vec::with_capacity(opts.connections);
    for _ in 0..opts.connections {
        let mut c = Conn::open(addr).await?;
        c.order(addr, &body).await?;
        conns.push(c);
    }

    let next = Arc::new(AtomicUsize::new(0));
    let body = Arc::new(body);
    let started = Instant::now();
    let tasks: Vec<_> = conns
        .into_iter()
        .map(|mut c| {
            let (next, body, total) = (next.clone(), body.clone(), opts.orders);
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    let t = Instant::now();
                    c.order(addr, &body).await?;
                    latencies.push(t.elapsed());
                }
                Ok::<_, String>(latencies)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(opts.orders);
    for t in tasks {
        all.extend(t.await.map_err(|e| e.to_string())??);
    }
    let elapsed = started.elapsed();
    all.sort_unstable();
    let p99 = all[((all.len() * 99).div_ceil(100)).saturating_sub(1)];
    Ok((
        all.len() as f64 / elapsed.as_secs_f64(),
        p99.as_secs_f64() * 1000.0,
    ))
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Result<Conn, String> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connect {addr}: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(4096),
        })
    }

    /// Places one order under a new key; anything but `201` is an error.
    async fn order(&mut self, addr: SocketAddr, body: &str) -> Result<(), String> {
        let key = uuid::Uuid::new_v4();
        let req = format!(
            "POST /api/checkout HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nIdempotency-Key: {key}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let (status, text) = tokio::time::timeout(REQUEST_TIMEOUT, async {
            self.stream
                .write_all(req.as_bytes())
                .await
                .map_err(|e| e.to_string())?;
            self.response().await
        })
        .await
        .map_err(|_| format!("no answer within {REQUEST_TIMEOUT:?}"))??;
        if status != 201 {
            return Err(format!("expected 201, got {status}: {text}"));
        }
        Ok(())
    }

    /// Reads one response (headers, then `Content-Length` bytes).
    async fn response(&mut self) -> Result<(u16, String), String> {
        loop {
            if let Some(end) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = std::str::from_utf8(&self.buf[..end]).map_err(|e| e.to_string())?;
                let status: u16 = head
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| format!("bad status line: {head}"))?;
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())
                            .flatten()
                    })
                    .ok_or("response without Content-Length")?;
                let total = end + 4 + len;
                while self.buf.len() < total {
                    self.fill().await?;
                }
                let text = String::from_utf8_lossy(&self.buf[end + 4..total]).into_owned();
                self.buf.drain(..total);
                return Ok((status, text));
            }
            self.fill().await?;
        }
    }

    async fn fill(&mut self) -> Result<(), String> {
        let mut chunk = [0u8; 4096];
        let n = self
            .stream
            .read(&mut chunk)
            .await
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed by the server".into());
        }
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(())
    }
}
