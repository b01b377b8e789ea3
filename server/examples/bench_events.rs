//! First-party analytics ingest rate: beacon batches into the store.
//!
//! ```sh
//! cargo run --release -p server --example bench_events
//! cargo run --release -p server --example bench_events -- --batches 4000 --clients 16
//! ```
//!
//! A release server in this process on port 0 (a fresh data dir in the
//! temp dir, one tagged video, `rate_limit: None` as `--rate-limit off`
//! gives), and 16 clients, each on its own keep-alive connection, posting
//! `POST /api/events` batches of 50 events as the widget's beacon does
//! (`text/plain`, tag views, taps, sheets, adds spread over the tags and a
//! minute of video time), 4,000 batches in all after one unmeasured batch
//! per client. Every answer must be `204`; the counters are then read back
//! and must add up to every event sent. Prints on stdout (`cargo xtask
//! bench` reads it):
//!
//! ```text
//! events_ingest_per_s: 123456 events/s
//! ```
//!
//! Bounded: each request has a 10 s timeout, the whole run 300 s.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "common/keep_alive.rs"]
mod keep_alive;
use keep_alive::Conn;

const TOTAL_TIMEOUT: Duration = Duration::from_secs(300);
const PER_BATCH: usize = 50;

const CATALOG: &str = r#"{
  "version": 1,
  "video": { "id": "bench" },
  "currency": "USD",
  "products": [ { "id": "serum", "title": "Glow Serum", "price": 2400 } ],
  "tags": [
    { "id": "t1", "product": "serum", "start": 0, "end": 20, "keyframes": [{ "t": 0, "x": 0.5, "y": 0.5 }] },
    { "id": "t2", "product": "serum", "start": 20, "end": 40, "keyframes": [{ "t": 20, "x": 0.5, "y": 0.5 }] },
    { "id": "t3", "product": "serum", "start": 40, "end": 60, "keyframes": [{ "t": 40, "x": 0.5, "y": 0.5 }] }
  ]
}"#;

fn main() -> ExitCode {
    let mut batches = 4000usize;
    let mut clients = 16usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let n = args.next().and_then(|v| v.parse().ok());
        match (a.as_str(), n) {
            ("--batches", Some(n)) => batches = n,
            ("--clients", Some(n)) => clients = n,
            _ => {
                eprintln!("bench_events: usage: [--batches N] [--clients C]");
                return ExitCode::from(2);
            }
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let result = rt.block_on(async {
        tokio::time::timeout(TOTAL_TIMEOUT, run(batches, clients.max(1)))
            .await
            .unwrap_or_else(|_| Err(format!("not done within {TOTAL_TIMEOUT:?}")))
    });
    match result {
        Ok(rate) => {
            println!("events_ingest_per_s: {rate:.0} events/s");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench_events: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Batch `n`'s body: 50 events that differ by batch, so the counters are
/// many rows, as a real catalog's would be, not one hot row.
fn body(n: usize) -> String {
    const KINDS: [&str; 4] = ["tag_view", "tag_click", "product_view", "add_to_cart"];
    let events: Vec<String> = (0..PER_BATCH)
        .map(|i| {
            let k = n * PER_BATCH + i;
            let t = (k * 7) % 60;
            let tag = t / 20 + 1;
            format!(
                r#"{{"kind":"{}","tag":"t{tag}","t":{t}.25}}"#,
                KINDS[k % KINDS.len()]
            )
        })
        .collect();
    format!(r#"{{"video":"bench","events":[{}]}}"#, events.join(","))
}

async fn run(batches: usize, clients: usize) -> Result<f64, String> {
    let dir = std::env::temp_dir().join(format!("shoppable-bench-events-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("www/manifests")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("www/manifests/bench.json"), CATALOG).map_err(|e| e.to_string())?;
    let cfg = server::Config {
        port: 0,
        site: dir.join("www"),
        index: dir.join("index.html"),
        widget: dir.join("widget"),
        data_dir: dir.join("data"),
        rate_limit: None,
        ..server::Config::default()
    };
    let srv = server::bind(&cfg).await.map_err(|e| e.to_string())?;
    let addr = srv.local_addr().map_err(|e| e.to_string())?;
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(srv.run_until(async move {
        let _ = rx.await;
    }));

    let result = load(addr, batches, clients).await;
    let counted = {
        let c = rusqlite::Connection::open(cfg.data_dir.join("orders.sqlite3"))
            .map_err(|e| e.to_string())?;
        c.query_row("SELECT COALESCE(SUM(n), 0) FROM event_counts", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|e| e.to_string())?
    };
    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(15), task).await;
    let _ = std::fs::remove_dir_all(&dir);
    let rate = result?;
    let sent = ((batches + clients) * PER_BATCH) as i64;
    if counted != sent {
        return Err(format!("{sent} events sent, {counted} counted"));
    }
    Ok(rate)
}

/// Events per second over `batches` batches from `clients` connections.
async fn load(addr: SocketAddr, batches: usize, clients: usize) -> Result<f64, String> {
    let mut conns = Vec::with_capacity(clients);
    for c in 0..clients {
        let mut conn = Conn::open(addr).await?;
        // Warm-up, unmeasured (and counted, so the total checks out).
        conn.post(addr, &body(batches + c)).await?;
        conns.push(conn);
    }
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = conns
        .into_iter()
        .map(|mut c| {
            let next = next.clone();
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= batches {
                        return Ok::<_, String>(());
                    }
                    c.post(addr, &body(n)).await?;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    Ok((batches * PER_BATCH) as f64 / started.elapsed().as_secs_f64())
}

/// The beacon's post over a keep-alive connection.
impl Conn {
    /// Posts one batch as the beacon does; anything but `204` is an error.
    async fn post(&mut self, addr: SocketAddr, body: &str) -> Result<(), String> {
        let (status, text) = self
            .request(
                addr,
                "POST",
                "/api/events",
                &[("Content-Type", "text/plain;charset=UTF-8")],
                body,
            )
            .await?;
        if status != 204 {
            return Err(format!("expected 204, got {status}: {text}"));
        }
        Ok(())
    }
}
