//! Limits: the per-client rate limit (and whose address counts), admission
//! control, field limits, which origins may call `/api`, and a server
//! without a payment gateway.

mod common;

use std::time::Duration;

use common::shop::*;
use common::*;
use serde_json::json;
use server::gateway::standin::{Fault, Options, StandIn};

fn limited(per_second: u32, burst: u32) -> Option<server::config::RateLimit> {
    Some(server::config::RateLimit { per_second, burst })
}

#[tokio::test]
async fn over_the_rate_a_client_gets_429_with_retry_after() {
    let (_fx, mut cfg) = shop(json!({}));
    cfg.rate_limit = limited(1, 3);
    let srv = start(cfg).await;
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(get(srv.addr, "/api/orders/nope", &[]).await);
    }
    assert_eq!(
        statuses.iter().map(|r| r.status).collect::<Vec<_>>(),
        [404, 404, 404, 429]
    );
    let p = problem(&statuses[3], 429, "rate-limited");
    assert!(p["detail"].as_str().unwrap().contains("try again"), "{p}");
    let wait: u64 = statuses[3].header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    // The site and the widget are not rate limited.
    assert_eq!(get(srv.addr, "/", &[]).await.status, 200);
}

#[tokio::test]
async fn forwarded_addresses_count_only_through_trusted_proxies() {
    let (_fx, mut cfg) = shop(json!({}));
    cfg.rate_limit = limited(1, 1);
    // The test client is 127.0.0.1: make loopback a trusted proxy.
    cfg.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    let srv = start(cfg).await;
    let xff = |ip: &'static str| [("X-Forwarded-For", ip)];
    // Each forwarded client has its own bucket.
    assert_eq!(
        get(srv.addr, "/api/x", &xff("198.51.100.1")).await.status,
        404
    );
    assert_eq!(
        get(srv.addr, "/api/x", &xff("198.51.100.2")).await.status,
        404
    );
    assert_eq!(
        get(srv.addr, "/api/x", &xff("198.51.100.1")).await.status,
        429
    );
    // A forged entry to the left does not give a new bucket.
    let forged = [("X-Forwarded-For", "203.0.113.77, 198.51.100.2")];
    assert_eq!(get(srv.addr, "/api/x", &forged).await.status, 429);

    // Not trusted: the header is ignored and the peer address counts.
    let (_fx2, mut cfg2) = shop(json!({}));
    cfg2.rate_limit = limited(1, 1);
    let srv2 = start(cfg2).await;
    assert_eq!(
        get(srv2.addr, "/api/x", &xff("198.51.100.1")).await.status,
        404
    );
    assert_eq!(
        get(srv2.addr, "/api/x", &xff("198.51.100.9")).await.status,
        429
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_admission_queue_is_503_and_authorizes_nothing() {
    let s = StandIn::new(&Options::default());
    let gw = s
        .clone()
        .spawn("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let (_fx, mut cfg) = shop(json!({}));
    cfg.payments = server::config::Payments::Http {
        url: format!("http://{gw}/"),
        secret: "x".into(),
    };
    cfg.max_checkouts = 1;
    cfg.gateway_timeout = Duration::from_secs(1);
    let srv = start(cfg.clone()).await;
    s.plan("authorize", Fault::Hang, 1);
    let first = tokio::spawn({
        let addr = srv.addr;
        let body = cart().to_string();
        async move {
            try_send(
                addr,
                "POST",
                "/api/checkout",
                &[("Idempotency-Key", &key(1))],
                body.as_bytes(),
                Duration::from_secs(20),
            )
            .await
        }
    });
    // Wait until the first is at the gateway, holding the only permit.
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while s.received("authorize") == 0 {
        assert!(std::time::Instant::now() < deadline);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let r = checkout(&srv, Some(&key(2)), &cart().to_string()).await;
    let p = problem(&r, 503, "busy");
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(
        p["detail"].as_str().unwrap().contains("Idempotency-Key"),
        "{p}"
    );
    assert_eq!(
        s.received("authorize"),
        1,
        "the refused one reached no gateway"
    );
    assert_eq!(count(&cfg, "orders"), 1, "and the store has only the first");
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.status, 503, "the hung gateway: {}", first.text());
}

#[tokio::test]
async fn personal_fields_are_bounded_and_the_method_must_be_accepted() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let mut body = cart();
    body["payer"] = json!({ "name": "x".repeat(201), "email": "ada@example.com" });
    let r = checkout(&srv, Some(&key(1)), &body.to_string()).await;
    let p = problem(&r, 422, "invalid-field");
    assert_eq!(p["path"], "payer.name");
    assert_eq!(p["detail"], "payer.name: at most 200 characters.");

    let mut body = cart();
    body["shipping_address"] = json!({ "country": "US", "address_line": ["1 Main St", "a\u{0}b"] });
    let r = checkout(&srv, Some(&key(2)), &body.to_string()).await;
    assert_eq!(
        problem(&r, 422, "invalid-field")["path"],
        "shipping_address.address_line[1]"
    );

    let mut body = cart();
    body["payment"]["method"] = json!("https://pay.evil.example/");
    let r = checkout(&srv, Some(&key(3)), &body.to_string()).await;
    let p = problem(&r, 422, "invalid-field");
    assert_eq!(p["path"], "payment.method");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("https://google.com/pay"),
        "{p}"
    );
    assert_eq!(count(&cfg, "orders"), 0);
    assert_eq!(held(&cfg), 0);
}

#[tokio::test]
async fn only_allowed_origins_get_cors_on_the_api() {
    let (_fx, mut cfg) = shop(json!({}));
    cfg.allowed_origins = vec!["https://brand.example".into()];
    let srv = start(cfg).await;
    let preflight = |origin: &'static str| {
        [
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type, idempotency-key",
            ),
        ]
    };
    let ok = request(
        srv.addr,
        "OPTIONS",
        "/api/checkout",
        &preflight("https://brand.example"),
    )
    .await;
    assert_eq!(
        ok.header("access-control-allow-origin"),
        Some("https://brand.example")
    );
    assert!(ok
        .header_tokens("access-control-allow-headers")
        .contains(&"idempotency-key".to_string()));
    let no = request(
        srv.addr,
        "OPTIONS",
        "/api/checkout",
        &preflight("https://evil.example"),
    )
    .await;
    // No Access-Control-Allow-Origin: the browser sends no checkout.
    assert_eq!(no.header("access-control-allow-origin"), None);
    let r = checkout(&srv, Some(&key(1)), &cart().to_string()).await;
    assert_eq!(r.status, 201);
    let read = get(
        srv.addr,
        "/api/orders/nope",
        &[("Origin", "https://evil.example")],
    )
    .await;
    assert_eq!(read.header("access-control-allow-origin"), None);
    let read = get(
        srv.addr,
        "/api/orders/nope",
        &[("Origin", "https://brand.example")],
    )
    .await;
    assert_eq!(
        read.header("access-control-allow-origin"),
        Some("https://brand.example")
    );
    assert_eq!(
        read.header("access-control-expose-headers")
            .map(|h| h.contains("retry-after")),
        Some(true)
    );
}

#[tokio::test]
async fn without_a_gateway_no_order_is_taken() {
    let (_fx, mut cfg) = shop(json!({}));
    cfg.payments = server::config::Payments::None;
    let srv = start(cfg.clone()).await;
    let r = checkout(&srv, Some(&key(1)), &cart().to_string()).await;
    let p = problem(&r, 503, "payments-not-configured");
    assert!(
        p["detail"].as_str().unwrap().contains("no payment service"),
        "{p}"
    );
    assert_eq!(count(&cfg, "orders"), 0);
}

#[tokio::test]
async fn the_test_gateway_is_loud() {
    let fx = fixture();
    let mut p = spawn(
        &fx,
        &["--port", "0", "--exit-after", "5", "--test-payments"],
    );
    listening_port(&mut p);
    p.0.kill().unwrap();
    let err = stderr_of(&mut p);
    assert!(err.contains("*** TEST PAYMENTS"), "{err}");
    let mut p = spawn(&fx, &["--port", "0", "--exit-after", "5"]);
    listening_port(&mut p);
    p.0.kill().unwrap();
    let err = stderr_of(&mut p);
    assert!(err.contains("no payment gateway configured"), "{err}");
    assert!(err.contains("admin token (generated"), "{err}");
}
