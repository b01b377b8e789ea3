//! Starts the reference server on a free loopback port for e2e tests and benchmarks,
//! and stops it when the handle is dropped.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::cmd_build::server_bin;
use crate::util::{self, describe, io_err, note, show, Error, KillOnDrop, Result, TempDir};

/// The admin token of the e2e server (tests/e2e/helpers.ts has it too).
pub const ADMIN_TOKEN: &str = "e2e-admin-token-00000000000000000000";
/// The producer token of the e2e server's live show (`E2E_PRODUCER_TOKEN`).
pub const PRODUCER_TOKEN: &str = "e2e-producer-token-000000000000000000";
/// The live show the e2e server publishes (`www/manifests/live.json`).
pub const LIVE_SHOW: &str = "spring-launch";
/// Segments the live playlist must list before the tests start: enough for
/// hls.js to start three target durations behind the edge.
const LIVE_SEGMENTS: usize = 3;

/// How long the server may take to print `listening on http://…`.
const READY_TIMEOUT: Duration = Duration::from_secs(30);

/// A running test server. Dropping it kills the server, then removes its data directory.
pub struct TestServer {
    // Field order is drop order: stop the server before deleting its data.
    _process: KillOnDrop,
    _data: TempDir,
    /// The host page's origin, e.g. `http://localhost:41234`.
    pub base_url: String,
    /// The widget's origin: same server, another origin (`http://127.0.0.1:41234`).
    pub widget_origin: String,
    /// Where the server's output goes.
    pub log: PathBuf,
}

impl TestServer {
    /// Environment for Playwright and bench.mjs.
    pub fn env(&self, cmd: &mut Command) {
        cmd.env("BASE_URL", &self.base_url)
            .env("WIDGET_ORIGIN", &self.widget_origin)
            // The e2e tests read orders straight from the server's SQLite file.
            .env("E2E_DATA_DIR", self._data.path())
            .env("E2E_ADMIN_TOKEN", ADMIN_TOKEN)
            .env("E2E_PRODUCER_TOKEN", PRODUCER_TOKEN);
    }
}

/// A port that was free a moment ago: bind port 0 on loopback, read it, let it go.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| {
        Error::new(
            format!("could not bind 127.0.0.1:0 to find a free port: {e}"),
            "",
        )
    })?;
    let port = listener
        .local_addr()
        .map_err(|e| Error::new(format!("could not read the bound port: {e}"), ""))?
        .port();
    Ok(port)
}

/// Whether the test server publishes the live show.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Live {
    /// `spring-launch` on air (the e2e tests).
    OnAir,
    /// No live stream (the benches: no ffmpeg beside what they measure).
    Off,
}

/// Starts `target/release/server` with a fresh data directory and waits until it listens
/// (and, with [`Live::OnAir`], until the live show's playlist has its first segments).
/// Its stdout and stderr go to `log` (printed on failure).
pub fn start(log: &Path, live: Live) -> Result<TestServer> {
    start_with(log, live, &[])
}

/// [`start`], with more server flags (`--rate-limit off` for the contract test).
pub fn start_with(log: &Path, live: Live, extra: &[&str]) -> Result<TestServer> {
    let bin = server_bin();
    if !bin.exists() {
        return Err(Error::new(
            format!("{} does not exist", bin.display()),
            "run `cargo xtask build`",
        ));
    }
    let port = free_port()?;
    let data = TempDir::new("shoppable-e2e-data")?;
    let widget_origin = format!("http://127.0.0.1:{port}");
    let port_arg = port.to_string();
    // The live show: the demo footage looped as live HLS by the server's
    // own ffmpeg (made by `fixtures::prepare`).
    let live_source = format!(
        "{LIVE_SHOW}={}/{}",
        crate::fixtures::DIR,
        crate::fixtures::LIVE_SOURCE
    );
    let mut cmd = Command::new(&bin);
    cmd.args([
        "--port",
        &port_arg,
        "--widget-origin",
        &widget_origin,
        "--exit-after",
        "1800",
        "--test-payments",
        "--admin-token",
        ADMIN_TOKEN,
        "--producer-token",
        PRODUCER_TOKEN,
        "--data-dir",
    ])
    .arg(data.path())
    .current_dir(util::root());
    if live == Live::OnAir {
        cmd.args(["--live-source", &live_source]);
    }
    cmd.args(extra);

    if let Some(dir) = log.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io_err("create", dir, e))?;
    }
    let log_file = File::create(log).map_err(|e| io_err("create", log, e))?;
    let stderr = log_file.try_clone().map_err(|e| io_err("open", log, e))?;
    note(format!("$ {}", show(&cmd)));
    note(format!("server output: {}", log.display()));
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .map_err(|e| {
            Error::new(
                format!("could not start `{}`: {e}", show(&cmd)),
                "run `cargo xtask build`",
            )
        })?;
    let mut process = KillOnDrop::new(child);

    // Copy stdout to the log on a thread, and tell us when the ready line goes by.
    let stdout = process.child().stdout.take().expect("stdout is piped");
    let (ready_tx, ready_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut log_file = log_file;
        let mut ready_tx = Some(ready_tx);
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = writeln!(log_file, "{line}");
            if line.contains("listening on http://") {
                if let Some(tx) = ready_tx.take() {
                    let _ = tx.send(line);
                }
            }
        }
    });

    match ready_rx.recv_timeout(READY_TIMEOUT) {
        Ok(line) => note(format!("server: {}", line.trim())),
        Err(_) => {
            let state = match process.child().try_wait() {
                Ok(Some(status)) => format!(
                    "the server {} before printing `listening on http://…`",
                    describe(status)
                ),
                _ => format!(
                    "the server did not print `listening on http://…` within {} s",
                    READY_TIMEOUT.as_secs()
                ),
            };
            // Give the log a moment to receive the last lines of a crashing server.
            std::thread::sleep(Duration::from_millis(200));
            return Err(Error::new(
                format!("{state}\n  command: {}\n{}", show(&cmd), tail(log, 30)),
                "read the server output above; `cargo xtask demo` runs the same server in the foreground",
            ));
        }
    }

    if live == Live::OnAir {
        wait_for_live(port, &mut process, log)?;
    }

    Ok(TestServer {
        _process: process,
        _data: data,
        base_url: format!("http://localhost:{port}"),
        widget_origin,
        log: log.to_path_buf(),
    })
}

/// Waits until the live show's playlist lists [`LIVE_SEGMENTS`] segments,
/// so no test meets a stream that has not started.
fn wait_for_live(port: u16, process: &mut KillOnDrop, log: &Path) -> Result<()> {
    let path = format!("/live/{LIVE_SHOW}/index.m3u8");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let segments = http_get(port, &path)
            .map(|body| body.lines().filter(|l| l.starts_with("#EXTINF")).count())
            .unwrap_or(0);
        if segments >= LIVE_SEGMENTS {
            note(format!("live show {LIVE_SHOW}: {segments} segments"));
            return Ok(());
        }
        if std::time::Instant::now() > deadline || matches!(process.child().try_wait(), Ok(Some(_)))
        {
            return Err(Error::new(
                format!("the live show's playlist {path} has fewer than {LIVE_SEGMENTS} segments after 20 s\n{}", tail(log, 30)),
                "check that ffmpeg is installed (`cargo xtask setup`) and read the server output above",
            ));
        }
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The body of a `200` answer to `GET path` on loopback, or `None`
/// (HTTP/1.0, so the server closes and no chunking is involved).
fn http_get(port: u16, path: &str) -> Option<String> {
    use std::io::Read;
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut raw = String::new();
    s.read_to_string(&mut raw).ok()?;
    let (head, body) = raw.split_once("\r\n\r\n")?;
    let status = head.lines().next()?.split(' ').nth(1)?;
    (status == "200").then(|| body.to_string())
}

/// The last `n` lines of a log file, indented, for error messages.
pub fn tail(log: &Path, n: usize) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(n);
    let mut out = format!("  last lines of {}:", log.display());
    if lines.is_empty() {
        out.push_str(" (empty)");
    }
    for line in &lines[start..] {
        out.push_str("\n    | ");
        out.push_str(line);
    }
    out
}
