//! A shop for the checkout tests: a small catalog with known prices, a
//! data dir, stock from a stock file, and readers of the server's SQLite
//! file (tests check the store itself, not only what the API says).

use std::time::Duration;

use serde_json::{json, Value};

use super::*;

pub const CATALOG: &str = r#"{
  "version": 1,
  "video": { "id": "test-video" },
  "currency": "USD",
  "products": [
    { "id": "lipstick", "title": "Velvet Lipstick", "price": 1900, "options": ["Shade"],
      "variants": [
        { "id": "ruby", "options": ["Ruby"], "price": 1900, "max_per_order": 3 },
        { "id": "plum", "options": ["Plum"], "price": 2100, "available": false }
      ] },
    { "id": "tote", "title": "Canvas Tote", "price": 2900 }
  ]
}"#;

pub const PROBLEMS: &str = "https://shoppable.example/problems/";

/// The site with the test catalog (plus one manifest that does not parse,
/// which must be skipped), a data dir, and `stock` as the stock file.
pub fn shop(stock: Value) -> (TempDir, server::Config) {
    let fx = fixture();
    fx.write("www/manifests/test.json", CATALOG);
    fx.write("stock.json", stock.to_string());
    let cfg = server::Config {
        default_stock: 10,
        stock_file: Some(fx.path().join("stock.json")),
        ..config(&fx)
    };
    (fx, cfg)
}

pub fn key(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

pub fn order_body(lines: Value, token: &str) -> Value {
    json!({
        "video_id": "test-video",
        "currency": "USD",
        "lines": lines,
        "payment": { "method": "https://google.com/pay", "token": token },
        "attribution": { "tag_id": "t1", "video_time": 4.5 }
    })
}

/// Two Ruby lipsticks and a tote: 2 × 19.00 + 29.00 = 67.00.
pub fn cart() -> Value {
    order_body(
        json!([
            { "product_id": "lipstick", "variant_id": "ruby", "quantity": 2, "unit_price": 1900 },
            { "product_id": "tote", "variant_id": "tote", "quantity": 1, "unit_price": 2900 }
        ]),
        "tok_test_approve",
    )
}

pub async fn checkout(srv: &Running, key: Option<&str>, body: &str) -> Resp {
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(k) = key {
        headers.push(("Idempotency-Key", k));
    }
    send(srv.addr, "POST", "/api/checkout", &headers, body.as_bytes()).await
}

pub fn json_of(r: &Resp) -> Value {
    serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.text()))
}

/// Asserts an RFC 9457 problem of our `slug` type with `status`, and returns it.
pub fn problem(r: &Resp, status: u16, slug: &str) -> Value {
    assert_eq!(r.status, status, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    let p = json_of(r);
    assert_eq!(p["type"], format!("{PROBLEMS}{slug}"), "{p}");
    assert_eq!(p["status"], status, "{p}");
    assert!(p["title"].as_str().is_some_and(|t| !t.is_empty()), "{p}");
    p
}

pub fn db(cfg: &server::Config) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(cfg.data_dir.join("orders.sqlite3")).unwrap();
    c.busy_timeout(Duration::from_secs(5)).unwrap();
    c
}

/// Units left to sell (held ones included).
pub fn stock(cfg: &server::Config, product: &str, variant: &str) -> i64 {
    db(cfg)
        .query_row(
            "SELECT on_hand FROM stock WHERE product_id = ?1 AND variant_id = ?2",
            [product, variant],
            |r| r.get(0),
        )
        .unwrap()
}

/// Units held by checkouts in progress, over all SKUs.
pub fn held(cfg: &server::Config) -> i64 {
    db(cfg)
        .query_row("SELECT COALESCE(SUM(held), 0) FROM stock", [], |r| r.get(0))
        .unwrap()
}

/// Waits (up to 10 s) until order `id` has `status`.
pub async fn wait_status(cfg: &server::Config, id: &str, status: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let now: String = db(cfg)
            .query_row("SELECT status FROM orders WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap();
        if now == status {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "order {id} is {now}, not {status}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub fn count(cfg: &server::Config, table: &str) -> i64 {
    db(cfg)
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}
