//! The server end to end over real sockets: the demo site, the widget, their
//! headers, and the process's start/stop contract.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;

#[tokio::test]
async fn content_types() {
    let fx = fixture();
    let srv = start(config(&fx)).await;
    for (path, want) in [
        ("/shoppable/v1/shoppable-core_bg.wasm", "application/wasm"),
        ("/shoppable/v1/shoppable-core.js", "text/javascript"),
        ("/manifests/hero.json", "application/json"),
        ("/videos/hero.webm", "video/webm"),
        ("/img/x.webp", "image/webp"),
        ("/img/logo.svg", "image/svg+xml"),
        ("/", "text/html; charset=utf-8"),
        ("/retailer.html", "text/html; charset=utf-8"),
    ] {
        let r = get(srv.addr, path, &[]).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(want), "{path}");
    }
    let wasm = get(srv.addr, "/shoppable/v1/shoppable-core_bg.wasm", &[]).await;
    assert_eq!(wasm.body, WASM);
}

#[tokio::test]
async fn precompressed_by_accept_encoding() {
    let fx = fixture();
    let srv = start(config(&fx)).await;
    let js = "/shoppable/v1/shoppable.js";

    let br = get(srv.addr, js, &[("Accept-Encoding", "br, gzip")]).await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert_eq!(br.body, JS_BR);
    assert_eq!(br.header("content-type"), Some("text/javascript"));

    let gz = get(srv.addr, js, &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(gz.body, JS_GZ);

    let plain = get(srv.addr, js, &[]).await;
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(plain.text(), JS_PLAIN);

    // No .br/.gz next to the wasm: the plain file, whatever is accepted.
    let wasm = get(
        srv.addr,
        "/shoppable/v1/shoppable-core_bg.wasm",
        &[("Accept-Encoding", "br, gzip")],
    )
    .await;
    assert_eq!(wasm.header("content-encoding"), None);
    assert_eq!(wasm.body, WASM);

    for r in [&br, &gz, &plain, &wasm] {
        assert!(
            r.header_tokens("vary").contains(&"accept-encoding".into()),
            "{:?}",
            r.headers
        );
    }
}

#[tokio::test]
async fn range_requests_for_video_seeking() {
    let fx = fixture();
    let srv = start(config(&fx)).await;
    let video = video_bytes();

    let r = get(srv.addr, "/videos/hero.webm", &[("Range", "bytes=0-99")]).await;
    assert_eq!(r.status, 206);
    assert_eq!(
        r.header("content-range"),
        Some(format!("bytes 0-99/{}", video.len()).as_str())
    );
    assert_eq!(r.body, &video[..100]);

    let tail = get(srv.addr, "/videos/hero.webm", &[("Range", "bytes=4000-")]).await;
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, &video[4000..]);

    let full = get(srv.addr, "/videos/hero.webm", &[]).await;
    assert_eq!(full.status, 200);
    assert_eq!(full.header("accept-ranges"), Some("bytes"));
    assert_eq!(full.body, video);

    let bad = get(
        srv.addr,
        "/videos/hero.webm",
        &[("Range", "bytes=9000-9999")],
    )
    .await;
    assert_eq!(bad.status, 416);
}

#[tokio::test]
async fn cors_on_everything_but_the_api_and_preflight() {
    let fx = fixture();
    let srv = start(config(&fx)).await;
    let origin = ("Origin", "http://localhost:1234");
    for path in [
        "/shoppable/v1/shoppable.js",
        "/manifests/hero.json",
        "/",
        "/nope.js",
    ] {
        let r = get(srv.addr, path, &[origin]).await;
        assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{path}");
    }
    // /api answers only --allowed-origins (tests/limits.rs).
    let r = get(srv.addr, "/api/nope", &[origin]).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.header("access-control-allow-origin"), None);
    let head = request(
        srv.addr,
        "HEAD",
        "/shoppable/v1/shoppable-core_bg.wasm",
        &[origin],
    )
    .await;
    assert_eq!(head.status, 200);
    assert_eq!(head.header("access-control-allow-origin"), Some("*"));

    let pre = request(
        srv.addr,
        "OPTIONS",
        "/manifests/hero.json",
        &[
            origin,
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "range"),
        ],
    )
    .await;
    assert!(
        (200..300).contains(&pre.status),
        "preflight status {}",
        pre.status
    );
    assert_eq!(pre.header("access-control-allow-origin"), Some("*"));
    let methods = pre.header_tokens("access-control-allow-methods");
    assert!(
        methods.contains(&"get".into()) && methods.contains(&"head".into()),
        "{methods:?}"
    );
    assert!(pre
        .header_tokens("access-control-allow-headers")
        .contains(&"range".into()));
}

#[tokio::test]
async fn cache_control_by_area() {
    let fx = fixture();
    let srv = start(config(&fx)).await;
    for (path, want) in [
        ("/shoppable/v1/shoppable.js", "public, max-age=300"),
        (
            "/shoppable/v1/shoppable-core_bg.wasm",
            "public, max-age=300",
        ),
        ("/videos/hero.webm", "no-cache"),
        ("/manifests/hero.json", "no-cache"),
        ("/", "no-cache"),
        ("/index.html", "no-cache"),
        ("/retailer.html", "no-cache"),
    ] {
        let r = get(srv.addr, path, &[]).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("cache-control"), Some(want), "{path}");
    }
    // A miss during a rebuild must not be cached for five minutes.
    let miss = get(srv.addr, "/shoppable/v1/missing.js", &[]).await;
    assert_eq!(miss.status, 404);
    assert_ne!(miss.header("cache-control"), Some("public, max-age=300"));
}

#[tokio::test]
async fn html_is_rewritten_for_the_widget_origin() {
    let fx = fixture();
    let srv = start(config(&fx).with_widget_origin("http://127.0.0.1:8080/")).await;
    let want = "\"http://127.0.0.1:8080/shoppable/v1/shoppable.js\"";
    for path in ["/", "/index.html", "/retailer.html"] {
        let r = get(srv.addr, path, &[("Accept-Encoding", "br, gzip")]).await;
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(r.header("content-encoding"), Some("br"), "{path}");
        assert!(r.header_tokens("vary").contains(&"accept-encoding".into()));
        assert_eq!(r.header("cache-control"), Some("no-cache"));
        let mut plain = Vec::new();
        brotli::BrotliDecompress(&mut &r.body[..], &mut plain).expect("a brotli body");
        let text = String::from_utf8(plain).unwrap();
        assert!(text.contains(want), "{path}: {text}");
        assert!(!text.contains("\"/shoppable/"), "{path}: {text}");
    }
    // Other links stay as they were.
    assert!(get(srv.addr, "/retailer.html", &[])
        .await
        .text()
        .contains("href=\"/retailer.html\""));
    // Non-HTML files are never rewritten.
    let js = get(srv.addr, "/shoppable/v1/shoppable.js", &[]).await;
    assert_eq!(js.text(), JS_PLAIN);
}

#[tokio::test]
async fn html_is_untouched_without_widget_origin() {
    let fx = fixture();
    let srv = start(config(&fx)).await;
    assert_eq!(get(srv.addr, "/", &[]).await.text(), INDEX_HTML);
    // Without brotli in Accept-Encoding, the page as it is.
    let gz = get(srv.addr, "/", &[("Accept-Encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), None);
    assert_eq!(gz.text(), INDEX_HTML);
    assert_eq!(
        get(srv.addr, "/retailer.html", &[]).await.text(),
        RETAILER_HTML
    );
    let head = request(srv.addr, "HEAD", "/retailer.html", &[]).await;
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(RETAILER_HTML.len().to_string().as_str())
    );
    assert!(head.body.is_empty());
}

#[tokio::test]
async fn misses_are_problem_json() {
    let fx = fixture();
    let srv = start(config(&fx)).await;
    for (method, path) in [
        ("GET", "/api/x"),
        ("POST", "/api/checkout/nope"),
        ("GET", "/x"),
        ("GET", "/nope.html"),
        ("GET", "/shoppable/v1/nope.js"),
        ("GET", "/../index.html"),
        ("GET", "/%2e%2e/index.html"),
        ("GET", "/img/%2e%2e/%2e%2e/index.html"),
    ] {
        let r = request(srv.addr, method, path, &[]).await;
        assert_eq!(r.status, 404, "{method} {path}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            Some("application/problem+json"),
            "{path}"
        );
        let text = r.text();
        assert!(
            text.starts_with(
                r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"no file at "#
            ),
            "{text}"
        );
    }
    assert_eq!(
        get(srv.addr, "/api/x", &[]).await.text(),
        r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"no file at /api/x"}"#
    );
    assert_eq!(
        get(srv.addr, "/shoppable/v1/nope.js", &[]).await.text(),
        r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"no file at /shoppable/v1/nope.js"}"#
    );
    let post = request(srv.addr, "POST", "/videos/hero.webm", &[]).await;
    assert_eq!(post.status, 405);
    assert_eq!(
        post.header("content-type"),
        Some("application/problem+json")
    );
}

// ---- the binary: flags, the listening line, exit codes, stopping -------------

#[test]
fn port_taken_exits_2_with_a_clear_message() {
    let fx = fixture();
    let mut first = spawn(&fx, &["--port", "0", "--exit-after", "30"]);
    let port = listening_port(&mut first);
    let mut second = spawn(&fx, &["--port", &port.to_string(), "--exit-after", "5"]);
    let status = wait_exit(&mut second, Duration::from_secs(10));
    assert_eq!(status.code(), Some(2));
    let err = stderr_of(&mut second);
    let want = format!(
        "error: cannot listen on 127.0.0.1:{port}: address already in use (is another server running? pick another with --port)"
    );
    assert!(err.lines().any(|l| l == want), "stderr: {err}");
}

#[test]
fn exit_after_stops_the_process() {
    let fx = fixture();
    let started = Instant::now();
    let mut p = spawn(&fx, &["--port", "0", "--exit-after", "1"]);
    let port = listening_port(&mut p);
    assert!(port != 0);
    let status = wait_exit(&mut p, Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[cfg(unix)]
#[test]
fn sigterm_stops_gracefully() {
    let fx = fixture();
    let mut p = spawn(&fx, &["--port", "0", "--exit-after", "30"]);
    let port = listening_port(&mut p);
    // It answers before the signal...
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let addr = format!("127.0.0.1:{port}").parse().unwrap();
    assert_eq!(rt.block_on(get(addr, "/", &[])).status, 200);
    let kill = Command::new("kill")
        .args(["-TERM", &p.0.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // ...and exits 0 soon after.
    let status = wait_exit(&mut p, Duration::from_secs(10));
    assert!(status.success(), "{status:?}");
}

#[test]
fn log_flag_writes_one_line_per_request() {
    let fx = fixture();
    let mut p = spawn(&fx, &["--port", "0", "--exit-after", "30", "--log"]);
    let port = listening_port(&mut p);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let addr = format!("127.0.0.1:{port}").parse().unwrap();
    rt.block_on(get(addr, "/manifests/hero.json", &[]));
    let kill = Command::new("kill")
        .args(["-INT", &p.0.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    assert!(wait_exit(&mut p, Duration::from_secs(10)).success());
    let err = stderr_of(&mut p);
    assert!(
        err.lines()
            .any(|l| l.starts_with("GET /manifests/hero.json 200 ")),
        "stderr: {err}"
    );
}

#[tokio::test]
async fn shutdown_finishes_in_flight_responses() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let fx = fixture();
    let big: Vec<u8> = (0..8 * 1024 * 1024u32).map(|i| (i % 253) as u8).collect();
    fx.write("www/videos/big.webm", &big);
    let srv = server::bind(&config(&fx)).await.unwrap();
    let addr = srv.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(srv.run_until(async move {
        let _ = stopped.await;
    }));

    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(format!("GET /videos/big.webm HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    // The response has started (8 MiB cannot sit in socket buffers) when we ask to stop.
    let mut first = [0u8; 1024];
    let n = s.read(&mut first).await.unwrap();
    assert!(n > 0);
    stop.send(()).unwrap();

    let mut raw = first[..n].to_vec();
    tokio::time::timeout(Duration::from_secs(20), s.read_to_end(&mut raw))
        .await
        .expect("response finished")
        .unwrap();
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    assert!(raw.starts_with(b"HTTP/1.1 200"));
    assert_eq!(
        &raw[head_end..],
        &big[..],
        "the whole body arrived after shutdown began"
    );

    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("server stopped after the last response")
        .unwrap()
        .unwrap();
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no longer accepting"
    );
}
