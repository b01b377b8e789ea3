//! Live fan-out: how long until every viewer has each event.
//!
//! ```sh
//! cargo build --release -p server && cargo run --release -p server --example bench_live
//! ```
//!
//! Starts the release server binary (`target/release/server`, built by
//! `cargo xtask build`) as a separate process on loopback with a live show,
//! then for 1,000 and then 10,000 subscribers: opens that many SSE
//! connections from this process (raising its open-files limit within the
//! hard limit), waits until each has its snapshot, and posts 20 producer
//! events 500 ms apart. Each event carries `server_ms`, the server's clock
//! at its commit; a delivery's latency is the time it is read here minus
//! that (one machine, one clock). Prints the p99 over every delivery:
//!
//! ```text
//! live_fanout_p99_ms_1k: 12.3 ms
//! live_fanout_p99_ms_10k: 140.2 ms
//! ```
//!
//! Fails if any subscriber misses an event. Bounded: 240 s in all.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const TOKEN: &str = "bench-producer-token-0000000000";
const EVENTS: u64 = 20;
const INTERVAL: Duration = Duration::from_millis(500);
const TOTAL: Duration = Duration::from_secs(240);

const MANIFEST: &str = r#"{
  "version": 1,
  "video": { "id": "bench-live", "time_base": "program_date_time", "epoch": "2026-11-29T22:00:00Z" },
  "currency": "USD",
  "live": { "show": "bench", "events": "/api/live/bench/events" },
  "products": [
    { "id": "a", "title": "A", "price": 1000 },
    { "id": "b", "title": "B", "price": 2000 }
  ]
}"#;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

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

/// The server process and its temp dir, both gone on drop.
struct ServerProc {
    child: Child,
    dir: PathBuf,
    addr: SocketAddr,
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_server() -> Result<ServerProc, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let bin = exe
        .parent()
        .and_then(|p| p.parent())
        .map(|p| p.join("server"))
        .ok_or("no server binary next to the example")?;
    if !bin.exists() {
        return Err(format!(
            "{} is missing: run `cargo xtask build`",
            bin.display()
        ));
    }
    let dir = std::env::temp_dir().join(format!("shoppable-bench-live-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("www/manifests")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("www/manifests/live.json"), MANIFEST).map_err(|e| e.to_string())?;
    let mut child = Command::new(bin)
        .args([
            "--port",
            "0",
            "--rate-limit",
            "off",
            "--test-payments",
            "--exit-after",
            "300",
        ])
        .args(["--producer-token", TOKEN, "--admin-token", TOKEN])
        .arg("--site")
        .arg(dir.join("www"))
        .arg("--data-dir")
        .arg(dir.join("data"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.as_mut().expect("piped")),
        &mut line,
    )
    .map_err(|e| e.to_string())?;
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .ok_or_else(|| format!("unexpected first line: {line:?}"))?
        .parse()
        .map_err(|e| format!("{e}"))?;
    Ok(ServerProc { child, dir, addr })
}

fn main() -> ExitCode {
    raise_open_files();
    let server = match start_server() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("bench_live: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let result = rt.block_on(async {
        tokio::time::timeout(TOTAL, async {
            for (n, name) in [(1_000usize, "1k"), (10_000, "10k")] {
                let p99 = round(server.addr, n).await?;
                println!("live_fanout_p99_ms_{name}: {p99:.1} ms");
            }
            Ok::<_, String>(())
        })
        .await
        .unwrap_or_else(|_| Err(format!("gave up after {TOTAL:?}")))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_live: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One round: `n` subscribers, [`EVENTS`] events; the p99 latency in ms.
async fn round(addr: SocketAddr, n: usize) -> Result<f64, String> {
    let ready = Arc::new(AtomicUsize::new(0));
    let mut subs = Vec::with_capacity(n);
    // Connect in waves so the listen backlog is never overrun.
    for chunk in (0..n).collect::<Vec<_>>().chunks(500) {
        let mut wave = Vec::new();
        for _ in chunk {
            let ready = ready.clone();
            wave.push(tokio::spawn(async move { subscriber(addr, ready).await }));
        }
        subs.extend(wave);
        let want = subs.len();
        let deadline = Instant::now() + Duration::from_secs(30);
        while ready.load(Ordering::Relaxed) < want {
            if Instant::now() > deadline {
                return Err(format!(
                    "only {} of {want} subscribers got a snapshot",
                    ready.load(Ordering::Relaxed)
                ));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    // The subscribers know which seq to start from; post the events.
    let first = post(addr, 0).await?;
    for i in 1..EVENTS {
        tokio::time::sleep(INTERVAL).await;
        post(addr, i).await?;
    }
    let last = first + EVENTS - 1;
    let mut all = Vec::with_capacity(n * EVENTS as usize);
    for s in subs {
        let mut got = s.await.map_err(|e| e.to_string())??;
        got.retain(|(seq, _)| (first..=last).contains(seq));
        if got.len() != EVENTS as usize {
            return Err(format!("a subscriber got {} of {EVENTS} events", got.len()));
        }
        all.extend(got.into_iter().map(|(_, lat)| lat));
    }
    all.sort_unstable();
    Ok(all[(all.len() * 99).div_ceil(100) - 1] as f64)
}

/// Posts one pin or unpin; returns its seq.
async fn post(addr: SocketAddr, i: u64) -> Result<u64, String> {
    let body = format!(
        r#"{{"type":"{}","product":"a","at":{}}}"#,
        if i.is_multiple_of(2) { "pin" } else { "unpin" },
        now_ms()
    );
    let req = format!(
        "POST /api/live/bench/events HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out);
    if !text.starts_with("HTTP/1.1 201") {
        return Err(format!(
            "posting an event: {}",
            text.lines().next().unwrap_or("")
        ));
    }
    seq_of(&text).ok_or_else(|| "no seq in the answer".into())
}

fn number_after(text: &str, key: &str) -> Option<i64> {
    let at = text.find(key)? + key.len();
    let digits: String = text[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

fn seq_of(text: &str) -> Option<u64> {
    number_after(text, "\"seq\":").map(|n| n as u64)
}

/// One viewer: reads the stream, marks itself ready at the snapshot, and
/// returns `(seq, latency ms)` for every live event until [`EVENTS`] came.
async fn subscriber(addr: SocketAddr, ready: Arc<AtomicUsize>) -> Result<Vec<(u64, i64)>, String> {
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let req = format!(
        "GET /api/live/bench/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    );
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; 16 * 1024];
    let mut text = String::new();
    let mut snapshot = false;
    let mut got = Vec::new();
    loop {
        let n = s.read(&mut buf).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the stream ended".into());
        }
        let read_ms = now_ms();
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
        // Messages end with a blank line; chunk framing lines are skipped.
        while let Some(end) = text.find("\n\n") {
            let msg: String = text.drain(..end + 2).collect();
            if !snapshot && msg.contains("event: snapshot") {
                snapshot = true;
                ready.fetch_add(1, Ordering::Relaxed);
            } else if msg.contains("event: live") {
                let (Some(seq), Some(server_ms)) =
                    (seq_of(&msg), number_after(&msg, "\"server_ms\":"))
                else {
                    continue;
                };
                got.push((seq, read_ms - server_ms));
                if got.len() as u64 >= EVENTS {
                    return Ok(got);
                }
            }
        }
    }
}
