//! Shared by the server's integration tests: a throwaway fixture tree, an
//! in-process server on port 0, and a tiny HTTP/1.1 client over a raw socket
//! (enough for these tests, and no client crate to build).

#![allow(dead_code)]

pub mod live;
pub mod shop;
pub mod sse;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

/// A directory under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "shoppable-server-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub const INDEX_HTML: &str = "<!doctype html><title>demo</title>\n<script async src=\"/shoppable/v1/shoppable.js\" data-target=\"#hero\"></script>\n";
pub const RETAILER_HTML: &str = "<!doctype html><title>retailer</title>\n<script src=\"/shoppable/v1/shoppable.js\"></script><a href=\"/retailer.html\">x</a>\n";
pub const JS_PLAIN: &str = "console.log('plain');\n";
pub const JS_BR: &[u8] = b"pretend-brotli";
pub const JS_GZ: &[u8] = b"pretend-gzip";
pub const WASM: &[u8] = b"\0asm\x01\0\0\0";

/// The demo tree in a temp dir: `index.html`, `www/…`, `widget/v1/…` (with
/// fake `.br`/`.gz` siblings whose bytes tell which one was served).
pub fn fixture() -> TempDir {
    let d = TempDir::new("fx");
    d.write("index.html", INDEX_HTML);
    d.write("www/retailer.html", RETAILER_HTML);
    d.write("www/videos/hero.webm", video_bytes());
    d.write("www/manifests/hero.json", "{\"version\":1}");
    d.write("www/img/x.webp", b"RIFF\0\0\0\0WEBP");
    d.write(
        "www/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    d.write("widget/v1/shoppable.js", JS_PLAIN);
    d.write("widget/v1/shoppable.js.br", JS_BR);
    d.write("widget/v1/shoppable.js.gz", JS_GZ);
    d.write("widget/v1/shoppable-core.js", "export default 1;\n");
    d.write("widget/v1/shoppable-core_bg.wasm", WASM);
    d
}

pub fn video_bytes() -> Vec<u8> {
    (0..5000u32).map(|i| (i % 251) as u8).collect()
}

pub fn config(fx: &TempDir) -> server::Config {
    server::Config {
        port: 0,
        site: fx.path().join("www"),
        index: fx.path().join("index.html"),
        widget: fx.path().join("widget"),
        data_dir: fx.path().join("data"),
        payments: server::config::Payments::Test,
        // Tests send many requests from one address; the limit has its own test.
        rate_limit: None,
        admin_token: Some(ADMIN_TOKEN.into()),
        ..server::Config::default()
    }
}

/// The admin token every test server is given.
pub const ADMIN_TOKEN: &str = "test-admin-token-0123456789abcdef";

/// A server running on this test's runtime; stopped when dropped.
pub struct Running {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

impl Running {
    /// A handle on a server started by the test itself (it stops it).
    pub fn attach(addr: SocketAddr) -> Running {
        Running {
            addr,
            stop: None,
            task: None,
        }
    }

    /// A handle on a server the test bound itself (to keep its `Api`).
    pub fn with(
        addr: SocketAddr,
        stop: oneshot::Sender<()>,
        task: tokio::task::JoinHandle<std::io::Result<()>>,
    ) -> Running {
        Running {
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops the server and waits until it has finished (listener closed,
    /// app and its store dropped).
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            tokio::time::timeout(Duration::from_secs(15), t)
                .await
                .expect("server stopped")
                .unwrap()
                .unwrap();
        }
    }
}

pub async fn start(cfg: server::Config) -> Running {
    let srv = server::bind(&cfg).await.expect("bind on port 0");
    let addr = srv.local_addr().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(srv.run_until(async move {
        let _ = rx.await;
    }));
    Running {
        addr,
        stop: Some(tx),
        task: Some(task),
    }
}

// ---- the binary ----------------------------------------------------------------

/// The server binary, killed (and reaped) if a test fails before it exits.
pub struct Proc(pub Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the server binary in `fx` (`--site www --index index.html
/// --widget widget`, plus `args`), stdout and stderr piped.
pub fn spawn(fx: &TempDir, args: &[&str]) -> Proc {
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(fx.path())
        .args([
            "--site",
            "www",
            "--index",
            "index.html",
            "--widget",
            "widget",
        ])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn the server binary");
    Proc(child)
}

/// Reads the `listening on http://HOST:PORT` line and returns the port.
pub fn listening_port(p: &mut Proc) -> u16 {
    let mut line = String::new();
    BufReader::new(p.0.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let rest = line
        .trim_end()
        .strip_prefix("listening on http://127.0.0.1:")
        .unwrap_or_else(|| panic!("first line: {line:?}"));
    rest.parse().unwrap()
}

pub fn wait_exit(p: &mut Proc, limit: Duration) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = p.0.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < limit,
            "server still running after {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn stderr_of(p: &mut Proc) -> String {
    let mut s = String::new();
    std::io::Read::read_to_string(p.0.stderr.as_mut().unwrap(), &mut s).unwrap();
    s
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name`, comma lists split and trimmed, lowercased.
    pub fn header_tokens(&self, name: &str) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(',').map(|t| t.trim().to_ascii_lowercase()))
            .collect()
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// Sends one request (`Connection: close`) and reads the whole response.
pub async fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
    send(addr, method, path, headers, b"").await
}

/// [`request`] with a body (and its `Content-Length`, when not empty).
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let fut = async {
        let mut s = TcpStream::connect(addr).await.unwrap();
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        if !body.is_empty() {
            req.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        req.push_str("\r\n");
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        s.write_all(&bytes).await.unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        parse(&raw, method == "HEAD")
    };
    tokio::time::timeout(Duration::from_secs(10), fut)
        .await
        .expect("response within 10 s")
}

/// [`send`] that reports a dropped connection or a timeout instead of
/// panicking (a server killed mid-request, a response that never comes).
pub async fn try_send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    limit: Duration,
) -> Result<Resp, String> {
    let fut = async {
        let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut bytes = req.into_bytes();
        bytes.extend_from_slice(body);
        s.write_all(&bytes).await.map_err(|e| e.to_string())?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.map_err(|e| e.to_string())?;
        if !raw.windows(4).any(|w| w == b"\r\n\r\n") {
            return Err("the connection closed without a response".to_string());
        }
        Ok(parse(&raw, method == "HEAD"))
    };
    tokio::time::timeout(limit, fut)
        .await
        .unwrap_or_else(|_| Err(format!("no response within {limit:?}")))
}

pub async fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Resp {
    request(addr, "GET", path, headers).await
}

fn parse(raw: &[u8], head: bool) -> Resp {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete header block");
    let head_text = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head_text.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked && !head {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let nl = b.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(
            std::str::from_utf8(&b[..nl])
                .unwrap()
                .split(';')
                .next()
                .unwrap(),
            16,
        )
        .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[nl + 2..nl + 2 + size]);
        b = &b[nl + 2 + size + 2..];
    }
}
