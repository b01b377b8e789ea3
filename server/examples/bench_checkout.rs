//! Checkout throughput, latency and correctness under faults, against the
//! reference server on loopback.
//!
//! ```sh
//! cargo run --release -p server --example bench_checkout
//! cargo run --release -p server --example bench_checkout -- --only instant --orders 5000 --connections 64
//! cargo run --release -p server --example bench_checkout -- --url http://127.0.0.1:8080
//! ```
//!
//! Three scenarios, each with a fresh in-process server on port 0 (one
//! product, a fresh data dir in the temp dir, stock for every order):
//!
//! - **instant**: the built-in test gateway; 64 keep-alive connections
//!   place 5,000 orders (a new `Idempotency-Key` each; every answer must be
//!   `201`), after one unmeasured warm-up order per connection.
//! - **slow**: the HTTP gateway in front of the stand-in payment service
//!   (`server::gateway::standin`, in this process) answering every
//!   authorize and every capture after 150 ms; 512 connections, 6,000
//!   orders. Shows that a gateway's latency does not serialise orders.
//! - **deal**: a live show's flash deal on one hot product (the test
//!   gateway): 3,000 units, 64 connections, 4,000 buyers (each their own
//!   e-mail); the rate of the 3,000 orders placed, and how many units were
//!   sold beyond the offer (read from the store: must be 0).
//! - **faults**: the stand-in misbehaving at random (a seeded generator):
//!   authorizations and captures that fail, hang past the timeout, or are
//!   applied and then lose their answer, plus store commits that fail
//!   after an authorization. 16 clients retry each order under its key
//!   (as the widget does) until a final answer; then the stand-in's books
//!   are read: captures per idempotency key must never exceed one.
//!
//! Prints on stdout (`cargo xtask bench` reads them):
//!
//! ```text
//! checkout_orders_per_s: 9876 orders/s
//! checkout_p99_ms: 12.3 ms
//! checkout_orders_per_s_slow_gateway: 2345 orders/s
//! checkout_p99_ms_slow_gateway: 201.0 ms
//! flash_deal_orders_per_s: 3456 orders/s
//! flash_deal_oversold: 0 units
//! checkout_double_captures_under_faults: 0 captures
//! ```
//!
//! With `--url`, only the instant scenario runs, ordering one `glow-serum` /
//! `gs-15` (24.00 USD) from the demo's `hero` video each time: start that
//! server with `--test-payments --rate-limit off`, a fresh `--data-dir` and
//! `--default-stock` at least the number of orders.
//!
//! Bounded: each request has a 10 s timeout, the whole run 300 s. Exits 1
//! if any order failed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use server::gateway::standin::{Fault, Options, StandIn};
#[path = "common/keep_alive.rs"]
mod keep_alive;
use keep_alive::Conn;

const TOTAL_TIMEOUT: Duration = Duration::from_secs(300);

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
    orders: Option<usize>,
    connections: Option<usize>,
    url: Option<String>,
    only: Option<String>,
}

fn parse_args() -> Result<Opts, String> {
    let mut o = Opts {
        orders: None,
        connections: None,
        url: None,
        only: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--orders" => o.orders = Some(value()?.parse().map_err(|e| format!("--orders: {e}"))?),
            "--connections" => {
                o.connections = Some(value()?.parse().map_err(|e| format!("--connections: {e}"))?)
            }
            "--url" => o.url = Some(value()?),
            "--only" => o.only = Some(value()?),
            "-h" | "--help" => {
                return Err("usage: bench_checkout [--only instant|slow|deal|faults] [--orders N] [--connections C] [--url http://HOST:PORT]".into())
            }
            _ => return Err(format!("unknown argument {a}")),
        }
    }
    if o.orders == Some(0) || o.connections == Some(0) {
        return Err("--orders and --connections must be at least 1".into());
    }
    Ok(o)
}

/// Thousands of sockets (clients, server, gateway client, stand-in) need
/// more open files than the usual soft limit: raise it to the hard limit.
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
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    raise_open_files();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let result = rt.block_on(async {
        tokio::time::timeout(TOTAL_TIMEOUT, run(&opts))
            .await
            .unwrap_or_else(|_| Err(format!("gave up after {TOTAL_TIMEOUT:?}")))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_checkout: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(opts: &Opts) -> Result<(), String> {
    let wants = |s: &str| opts.only.as_deref().is_none_or(|o| o == s);
    if let Some(url) = &opts.url {
        let addr = lookup(url).await?;
        let body = order_body(("hero", "glow-serum", "gs-15", 2400), "tok_test_approve");
        let (per_s, p99) = load(
            addr,
            &body,
            opts.orders.unwrap_or(5000),
            opts.connections.unwrap_or(64),
        )
        .await?;
        println!("checkout_orders_per_s: {per_s:.0} orders/s");
        println!("checkout_p99_ms: {p99:.1} ms");
        return Ok(());
    }
    if wants("instant") {
        let (orders, conns) = (opts.orders.unwrap_or(5000), opts.connections.unwrap_or(64));
        let shop = Shop::start(server::config::Payments::Test, orders + conns, |_| {}).await?;
        let body = order_body(("bench", "serum", "serum-30", 2400), "tok_test_approve");
        let (per_s, p99) = load(shop.addr, &body, orders, conns).await?;
        println!("checkout_orders_per_s: {per_s:.0} orders/s");
        println!("checkout_p99_ms: {p99:.1} ms");
        shop.stop().await;
    }
    if wants("slow") {
        let (orders, conns) = (opts.orders.unwrap_or(6000), opts.connections.unwrap_or(512));
        let standin = StandIn::new(&Options {
            secret: Some("bench".into()),
            authorize_ms: 150,
            capture_ms: 150,
        });
        let gw = standin
            .clone()
            .spawn(loopback())
            .await
            .map_err(|e| e.to_string())?;
        let shop = Shop::start(http(gw), orders + conns, |_| {}).await?;
        let body = order_body(("bench", "serum", "serum-30", 2400), "tok_test_approve");
        let (per_s, p99) = load(shop.addr, &body, orders, conns).await?;
        println!("checkout_orders_per_s_slow_gateway: {per_s:.0} orders/s");
        println!("checkout_p99_ms_slow_gateway: {p99:.1} ms");
        shop.stop().await;
    }
    if wants("deal") {
        let (per_s, oversold) = flash_deal().await?;
        println!("flash_deal_orders_per_s: {per_s:.0} orders/s");
        println!("flash_deal_oversold: {oversold} units");
    }
    if wants("faults") {
        let n = faults(opts.orders.unwrap_or(400)).await?;
        println!("checkout_double_captures_under_faults: {n} captures");
    }
    Ok(())
}

fn loopback() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

fn http(gw: SocketAddr) -> server::config::Payments {
    server::config::Payments::Http {
        url: format!("http://{gw}/"),
        secret: "bench".into(),
    }
}

fn order_body(item: (&str, &str, &str, i64), token: &str) -> String {
    format!(
        r#"{{"video_id":"{}","currency":"USD","lines":[{{"product_id":"{}","variant_id":"{}","quantity":1,"unit_price":{}}}],"payment":{{"method":"https://google.com/pay","token":"{token}"}}}}"#,
        item.0, item.1, item.2, item.3
    )
}

async fn lookup(url: &str) -> Result<SocketAddr, String> {
    let hostport = url
        .strip_prefix("http://")
        .ok_or("--url must be http://HOST:PORT")?
        .trim_end_matches('/');
    tokio::net::lookup_host(hostport)
        .await
        .map_err(|e| format!("{hostport}: {e}"))?
        .next()
        .ok_or(format!("{hostport}: no address"))
}

/// A server in this process on a fresh data dir, removed when stopped.
struct Shop {
    addr: SocketAddr,
    dir: PathBuf,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Shop {
    async fn start(
        payments: server::config::Payments,
        stock: usize,
        tweak: impl FnOnce(&mut server::Config),
    ) -> Result<Shop, String> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "shoppable-bench-checkout-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("www/manifests")).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("www/manifests/bench.json"), CATALOG).map_err(|e| e.to_string())?;
        let mut cfg = server::Config {
            port: 0,
            site: dir.join("www"),
            index: dir.join("index.html"),
            widget: dir.join("widget"),
            data_dir: dir.join("data"),
            default_stock: u32::try_from(stock).unwrap_or(u32::MAX),
            payments,
            rate_limit: None,
            admin_token: Some("bench-admin-token-0000000000000000".into()),
            ..server::Config::default()
        };
        tweak(&mut cfg);
        let srv = server::bind(&cfg).await.map_err(|e| e.to_string())?;
        let addr = srv.local_addr().map_err(|e| e.to_string())?;
        let (stop, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(srv.run_until(async move {
            let _ = rx.await;
        }));
        Ok(Shop {
            addr,
            dir,
            stop,
            task,
        })
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        let _ = tokio::time::timeout(Duration::from_secs(15), self.task).await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `conns` keep-alive connections place `orders` orders (after one
/// unmeasured order each); returns orders per second and the p99 in ms.
async fn load(
    addr: SocketAddr,
    body: &str,
    orders: usize,
    conns: usize,
) -> Result<(f64, f64), String> {
    let mut opened = Vec::with_capacity(conns);
    for _ in 0..conns {
        opened.push(Conn::open(addr).await?);
    }
    // Warm-up: every connection's first order, all at once.
    let warm: Vec<_> = opened
        .into_iter()
        .map(|mut c| {
            let body = body.to_string();
            tokio::spawn(async move { c.order(addr, &body, None).await.map(|_| c) })
        })
        .collect();
    let mut ready = Vec::with_capacity(conns);
    for t in warm {
        ready.push(t.await.map_err(|e| e.to_string())??);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let body = Arc::new(body.to_string());
    let started = Instant::now();
    let tasks: Vec<_> = ready
        .into_iter()
        .map(|mut c| {
            let (next, body) = (next.clone(), body.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < orders {
                    let t = Instant::now();
                    c.order(addr, &body, None).await?;
                    latencies.push(t.elapsed());
                }
                Ok::<_, String>(latencies)
            })
        })
        .collect();
    let mut all = Vec::with_capacity(orders);
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

const LIVE: &str = r#"{
  "version": 1,
  "video": { "id": "bench-live", "time_base": "program_date_time", "epoch": "2026-11-29T22:00:00Z" },
  "currency": "USD",
  "live": { "show": "bench", "events": "/api/live/bench/events" },
  "products": [ { "id": "hot", "title": "Hot Item", "price": 5000 } ]
}"#;

const PRODUCER: &str = "bench-producer-token-00000000000";

/// The flash-deal scenario: orders/s of the units sold, and units oversold.
async fn flash_deal() -> Result<(f64, i64), String> {
    const UNITS: usize = 3000;
    const BUYERS: usize = 4000;
    let shop = Shop::start(server::config::Payments::Test, 10_000, |c| {
        c.producer_token = Some(PRODUCER.into());
    })
    .await?;
    std::fs::write(shop.dir.join("www/manifests/live.json"), LIVE).map_err(|e| e.to_string())?;
    // The catalog picks the new manifest up within two seconds.
    let addr = shop.addr;
    let deal_body = format!(
        r#"{{"type":"deal_start","product":"hot","price":1000,"units":{UNITS},"per_buyer":1,"duration_s":600,"at":1}}"#
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    let deal = loop {
        let mut c = Conn::open(addr).await?;
        let (status, text) = c
            .request(
                addr,
                "POST",
                "/api/live/bench/events",
                &[("Authorization", &format!("Bearer {PRODUCER}"))],
                &deal_body,
            )
            .await?;
        if status == 201 {
            break text;
        }
        if Instant::now() > deadline {
            return Err(format!("opening the deal: {status} {text}"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let id_at = deal.find("\"id\":\"").ok_or("no deal id")? + 6;
    let id: String = deal[id_at..].chars().take_while(|c| *c != '"').collect();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..64)
        .map(|_| {
            let (next, id) = (next.clone(), id.clone());
            tokio::spawn(async move {
                let mut c = Conn::open(addr).await?;
                let mut sold = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= BUYERS {
                        return Ok::<_, String>(sold);
                    }
                    let body = format!(
                        r#"{{"video_id":"bench-live","currency":"USD","deal_id":"{id}","lines":[{{"product_id":"hot","variant_id":"hot","quantity":1,"unit_price":1000}}],"payment":{{"method":"https://google.com/pay","token":"tok_test_approve"}},"payer":{{"email":"buyer{n}@example.com"}}}}"#
                    );
                    let key = uuid::Uuid::new_v4().to_string();
                    match c.send(addr, &body, &key).await? {
                        (201, _) => sold.push(started.elapsed()),
                        (409, t) if t.contains("deal-sold-out") => {}
                        (s, t) => return Err(format!("deal order: {s} {t}")),
                    }
                }
            })
        })
        .collect();
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await.map_err(|e| e.to_string())??);
    }
    let last = times.iter().max().copied().unwrap_or_default();
    let conn = rusqlite::Connection::open(shop.dir.join("data/orders.sqlite3"))
        .map_err(|e| e.to_string())?;
    let sold: i64 = conn
        .query_row(
            "SELECT sold FROM deals WHERE show = 'bench' AND id = ?1",
            [&id],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    let orders: i64 = conn
        .query_row(
            "SELECT count(*) FROM orders WHERE deal_id = ?1 AND status IN ('authorized', 'paid')",
            [&id],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    let oversold = (sold - UNITS as i64).max(0)
        + (orders - UNITS as i64).max(0)
        + (times.len() as i64 - UNITS as i64).max(0);
    shop.stop().await;
    Ok((times.len() as f64 / last.as_secs_f64().max(1e-3), oversold))
}

/// xorshift64*: a seeded generator, so a fault run can be repeated.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    }
}

/// The fault scenario; returns the double captures the books show.
async fn faults(orders: usize) -> Result<u64, String> {
    let standin = StandIn::new(&Options {
        secret: Some("bench".into()),
        ..Options::default()
    });
    let gw = standin
        .clone()
        .spawn(loopback())
        .await
        .map_err(|e| e.to_string())?;
    let shop = Shop::start(http(gw), orders, |c| {
        c.gateway_timeout = Duration::from_millis(500);
        c.test_faults.fail_authorized_commits = (orders / 20) as u32;
    })
    .await?;
    let mut rng = Rng(0x5eed_cafe_f00d_0001);
    let kinds = [Fault::Fail, Fault::Hang, Fault::ApplyThenDrop, Fault::Drop];
    for _ in 0..orders / 4 {
        let call = if rng.below(2) == 0 {
            "authorize"
        } else {
            "capture"
        };
        standin.plan(call, kinds[rng.below(4) as usize], 1);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let addr = shop.addr;
    let clients: Vec<_> = (0..16)
        .map(|_| {
            let next = next.clone();
            tokio::spawn(async move {
                let mut keys = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= orders {
                        return Ok::<_, String>(keys);
                    }
                    let key = uuid::Uuid::new_v4().to_string();
                    let body = order_body(
                        ("bench", "serum", "serum-30", 2400),
                        &format!("tok_test_ok_{n}"),
                    );
                    let deadline = Instant::now() + Duration::from_secs(60);
                    loop {
                        let sent = match Conn::open(addr).await {
                            Ok(mut c) => c.send(addr, &body, &key).await,
                            Err(e) => Err(e),
                        };
                        match sent {
                            Ok((201, _)) => break,
                            Ok((s, t)) if s < 500 => return Err(format!("order {n}: {s} {t}")),
                            _ if Instant::now() > deadline => {
                                return Err(format!("order {n}: no final answer"))
                            }
                            _ => tokio::time::sleep(Duration::from_millis(50)).await,
                        }
                    }
                    keys.push(key);
                }
            })
        })
        .collect();
    let mut keys = Vec::new();
    for c in clients {
        keys.extend(c.await.map_err(|e| e.to_string())??);
    }
    // Every order captured (captures retry through the faults left).
    let deadline = Instant::now() + Duration::from_secs(60);
    while standin.counts().captures < orders as u64 {
        if Instant::now() > deadline {
            return Err(format!(
                "only {} of {orders} orders captured within 60 s",
                standin.counts().captures
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let by_key = standin.captures_by_key();
    let over: u64 = keys
        .iter()
        .map(|k| u64::from(by_key.get(k).copied().unwrap_or(0).saturating_sub(1)))
        .sum();
    shop.stop().await;
    Ok(over + standin.counts().double_captures)
}

/// The checkout's requests over a keep-alive connection.
impl Conn {
    /// Places one order under a new key (or `key`); anything but `201` is an error.
    async fn order(
        &mut self,
        addr: SocketAddr,
        body: &str,
        key: Option<&str>,
    ) -> Result<(), String> {
        let key = key
            .map(str::to_string)
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let (status, text) = self.send(addr, body, &key).await?;
        if status != 201 {
            return Err(format!("expected 201, got {status}: {text}"));
        }
        Ok(())
    }

    async fn send(
        &mut self,
        addr: SocketAddr,
        body: &str,
        key: &str,
    ) -> Result<(u16, String), String> {
        self.request(
            addr,
            "POST",
            "/api/checkout",
            &[("Idempotency-Key", key)],
            body,
        )
        .await
    }
}
