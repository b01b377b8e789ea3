//! The merchant's admin API: the token, orders (list, filters, pages, CSV,
//! one order with payer and address), status changes through the gateway,
//! erasure, stock and prices.

mod common;

use std::time::Duration;

use common::shop::*;
use common::*;
use serde_json::{json, Value};

fn bearer() -> String {
    format!("Bearer {ADMIN_TOKEN}")
}

async fn admin(srv: &Running, method: &str, path: &str, body: Option<Value>) -> Resp {
    let auth = bearer();
    let mut headers = vec![("Authorization", auth.as_str())];
    let text = body.map(|b| b.to_string()).unwrap_or_default();
    if !text.is_empty() {
        headers.push(("Content-Type", "application/json"));
    }
    send(srv.addr, method, path, &headers, text.as_bytes()).await
}

/// Places an order with `payer` and an address; returns its id.
async fn order(srv: &Running, cfg: &server::Config, n: u32, payer_name: &str) -> String {
    let mut body = cart();
    body["payer"] = json!({ "name": payer_name, "email": format!("buyer{n}@example.com"), "phone": "+1 555 0100" });
    body["shipping_address"] = json!({
        "country": "US", "address_line": ["1 Main St", "Apt 2"], "city": "Springfield",
        "region": "IL", "postal_code": "62701", "recipient": payer_name
    });
    body["payment"]["token"] = json!(format!("tok_test_ok_{n}"));
    let r = checkout(srv, Some(&key(n)), &body.to_string()).await;
    assert_eq!(r.status, 201, "{}", r.text());
    let id = json_of(&r)["order_id"].as_str().unwrap().to_string();
    wait_status(cfg, &id, "paid").await;
    id
}

#[tokio::test]
async fn no_token_or_a_wrong_one_is_401() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg).await;
    for headers in [
        vec![],
        vec![("Authorization", "Bearer nope")],
        vec![("Authorization", "Basic dGVzdA==")],
    ] {
        for path in [
            "/api/admin/orders",
            "/api/admin/orders.csv",
            "/api/admin/stock",
        ] {
            let r = get(srv.addr, path, &headers).await;
            assert_eq!(r.status, 401, "{path} {headers:?}");
            assert_eq!(r.header("content-type"), Some("application/problem+json"));
            assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
            assert!(!r.text().contains(ADMIN_TOKEN));
        }
    }
}

#[tokio::test]
async fn orders_are_listed_filtered_paged_and_exported() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let mut ids = Vec::new();
    for n in 1..=3 {
        ids.push(order(&srv, &cfg, n, &format!("Buyer {n}")).await);
    }
    // A formula where a name should be.
    ids.push(order(&srv, &cfg, 4, "=HYPERLINK(\"http://evil.example\",\"x\")").await);

    let r = admin(&srv, "GET", "/api/admin/orders", None).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let list = json_of(&r);
    let got: Vec<&str> = list["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_id"].as_str().unwrap())
        .collect();
    let mut newest_first = ids.clone();
    newest_first.reverse();
    assert_eq!(
        got,
        newest_first.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let first = &list["orders"][3];
    assert_eq!(first["payer_name"], "Buyer 1");
    assert_eq!(
        first["items"],
        "2 × Velvet Lipstick (Ruby); 1 × Canvas Tote"
    );
    assert_eq!(first["total"], 6700);
    assert_eq!(first["status"], "paid");
    assert!(
        first.get("shipping").is_none(),
        "the list does not carry addresses"
    );

    // Pages of two.
    let p1 = json_of(&admin(&srv, "GET", "/api/admin/orders?limit=2", None).await);
    assert_eq!(p1["orders"].as_array().unwrap().len(), 2);
    let cursor = p1["next_cursor"].as_str().unwrap().to_string();
    let p2 = json_of(
        &admin(
            &srv,
            "GET",
            &format!("/api/admin/orders?limit=2&cursor={cursor}"),
            None,
        )
        .await,
    );
    let p2_ids: Vec<&str> = p2["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_id"].as_str().unwrap())
        .collect();
    assert_eq!(p2_ids, [ids[1].as_str(), ids[0].as_str()]);

    // Filters: status, video, time.
    let none = json_of(&admin(&srv, "GET", "/api/admin/orders?status=refunded", None).await);
    assert_eq!(none["orders"], json!([]));
    let other = json_of(&admin(&srv, "GET", "/api/admin/orders?video=other", None).await);
    assert_eq!(other["orders"], json!([]));
    let future = json_of(&admin(&srv, "GET", "/api/admin/orders?from=2999-01-01", None).await);
    assert_eq!(future["orders"], json!([]));
    let all = json_of(
        &admin(
            &srv,
            "GET",
            "/api/admin/orders?from=2020-01-01T00:00:00Z&status=paid,fulfilled",
            None,
        )
        .await,
    );
    assert_eq!(all["orders"].as_array().unwrap().len(), 4);
    // A form's empty fields are absent filters (found by the contract test).
    let empty = admin(
        &srv,
        "GET",
        "/api/admin/orders?from=&to=&video=&status=&limit=&cursor=",
        None,
    )
    .await;
    assert_eq!(empty.status, 200, "{}", empty.text());
    assert_eq!(json_of(&empty)["orders"].as_array().unwrap().len(), 4);
    let bad = admin(&srv, "GET", "/api/admin/orders?nope=", None).await;
    assert_eq!(bad.status, 400);
    let bad = admin(&srv, "GET", "/api/admin/orders?from=yesterday", None).await;
    assert_eq!(bad.status, 400);
    assert!(json_of(&bad)["detail"].as_str().unwrap().contains("from"));
    let bad = admin(&srv, "GET", "/api/admin/orders?status=lost", None).await;
    assert_eq!(bad.status, 400);

    // CSV: a header and one row per order; formulas neutralised.
    let csv = admin(&srv, "GET", "/api/admin/orders.csv", None).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let text = csv.text();
    let rows: Vec<&str> = text.trim_end().split("\r\n").collect();
    assert_eq!(rows.len(), 5, "{text}");
    assert!(rows[0].starts_with("order_id,created_at,status"));
    assert!(
        rows.iter()
            .skip(1)
            .all(|r| r.contains(",paid,true,test-video,USD,67.00,")),
        "{text}"
    );
    let evil = rows.iter().find(|r| r.contains("HYPERLINK")).unwrap();
    assert!(
        evil.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\","),
        "{evil}"
    );
    assert!(rows[4].contains("\"1 Main St, Apt 2\""), "{}", rows[4]);
    assert!(!rows.iter().skip(1).any(|r| r
        .split(',')
        .any(|c| c.starts_with('=') || c.starts_with('+'))));
}

#[tokio::test]
async fn one_order_has_its_payer_and_the_public_route_does_not() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let id = order(&srv, &cfg, 1, "Ada Lovelace").await;
    let d = json_of(&admin(&srv, "GET", &format!("/api/admin/orders/{id}"), None).await);
    assert_eq!(d["payer"]["name"], "Ada Lovelace");
    assert_eq!(d["shipping_address"]["city"], "Springfield");
    assert_eq!(d["attribution"]["tag_id"], "t1");
    let history: Vec<&str> = d["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["pending", "authorized", "paid"]);
    let public = get(srv.addr, &format!("/api/orders/{id}"), &[])
        .await
        .text();
    // Whole values: a fragment such as "555" can turn up in the order's
    // random id (it did in CI: "…-01555307b492").
    for secret in [
        "Ada Lovelace",
        "Springfield",
        "buyer1@",
        "+1 555 0100",
        "1 Main St",
    ] {
        assert!(!public.contains(secret), "{secret} in {public}");
    }
}

#[tokio::test]
async fn status_changes_go_through_the_gateway_and_the_stock() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let status = |id: &str, to: &str| json!({ "status": to, "note": format!("{id} → {to}") });
    let a = order(&srv, &cfg, 1, "A").await;
    let b = order(&srv, &cfg, 2, "B").await;
    let c = order(&srv, &cfg, 3, "C").await;
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 4);

    // paid → fulfilled → refunded: units stay sold.
    let r = admin(
        &srv,
        "POST",
        &format!("/api/admin/orders/{a}/status"),
        Some(status(&a, "fulfilled")),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(json_of(&r)["status"], "fulfilled");
    let r = admin(
        &srv,
        "POST",
        &format!("/api/admin/orders/{a}/status"),
        Some(status(&a, "refunded")),
    )
    .await;
    assert_eq!(json_of(&r)["status"], "refunded");
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 4);
    // paid → cancelled: refunded, units back.
    let r = admin(
        &srv,
        "POST",
        &format!("/api/admin/orders/{b}/status"),
        Some(status(&b, "cancelled")),
    )
    .await;
    assert_eq!(json_of(&r)["status"], "cancelled");
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 6);
    // Asking again is a no-op; a change the machine has no arrow for is 409.
    let r = admin(
        &srv,
        "POST",
        &format!("/api/admin/orders/{b}/status"),
        Some(status(&b, "cancelled")),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = admin(
        &srv,
        "POST",
        &format!("/api/admin/orders/{b}/status"),
        Some(status(&b, "fulfilled")),
    )
    .await;
    assert_eq!(r.status, 409);
    assert!(json_of(&r)["detail"]
        .as_str()
        .unwrap()
        .contains("cancelled cannot become fulfilled"));
    let r = admin(
        &srv,
        "POST",
        &format!("/api/admin/orders/{c}/status"),
        Some(json!({ "status": "paid" })),
    )
    .await;
    let p = problem(&r, 422, "invalid-field");
    assert_eq!(p["path"], "status");
    let r = admin(
        &srv,
        "POST",
        &format!("/api/admin/orders/{c}/status"),
        Some(json!({ "state": "x" })),
    )
    .await;
    assert_eq!(problem(&r, 400, "malformed")["path"], "state");
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 6);
    let events = json_of(&admin(&srv, "GET", &format!("/api/admin/orders/{b}"), None).await)
        ["events"]
        .clone();
    assert_eq!(
        events.as_array().unwrap().last().unwrap()["actor"],
        "merchant"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_authorized_order_is_cancelled_by_voiding_it() {
    let (_fx, mut cfg) = shop(json!({}));
    // Keep it authorized: its capture stalls (test fault).
    cfg.test_faults.stalls = vec![server::checkout::flow::Stall::BeforeCapture];
    let srv = start(cfg.clone()).await;
    let r = checkout(&srv, Some(&key(1)), &cart().to_string()).await;
    let id = json_of(&r)["order_id"].as_str().unwrap().to_string();
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 8);
    let r = admin(
        &srv,
        "POST",
        &format!("/api/admin/orders/{id}/status"),
        Some(json!({ "status": "cancelled" })),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(json_of(&r)["status"], "cancelled");
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 10);
}

#[tokio::test]
async fn erasure_keeps_the_accounts() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let id = order(&srv, &cfg, 1, "Grace Hopper").await;
    let r = admin(
        &srv,
        "DELETE",
        &format!("/api/admin/orders/{id}/personal-data"),
        None,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let d = json_of(&r);
    assert_eq!(d["payer"], Value::Null);
    assert_eq!(d["shipping_address"], Value::Null);
    assert_eq!(d["erased"], true);
    assert_eq!(d["total"], 6700);
    let (payer, address, total): (Option<String>, Option<String>, i64) = db(&cfg)
        .query_row(
            "SELECT payer, shipping_address, total FROM orders WHERE id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((payer, address, total), (None, None, 6700));
    assert!(!admin(&srv, "GET", "/api/admin/orders.csv", None)
        .await
        .text()
        .contains("Grace"));
    let missing = admin(
        &srv,
        "DELETE",
        &format!("/api/admin/orders/{}/personal-data", key(99)),
        None,
    )
    .await;
    assert_eq!(missing.status, 404);
}

#[tokio::test]
async fn stock_and_prices_are_set_by_the_merchant() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let r = admin(
        &srv,
        "PUT",
        "/api/admin/stock",
        Some(json!({ "items": [
            { "product_id": "tote", "variant_id": "tote", "on_hand": 3 }
        ]})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        json_of(&r)["items"][0],
        json!({ "product_id": "tote", "variant_id": "tote", "on_hand": 3, "held": 0, "available": 3 })
    );
    assert_eq!(stock(&cfg, "tote", "tote"), 3);
    for (body, path) in [
        (
            json!({ "items": [{ "product_id": "tote", "variant_id": "nope", "on_hand": 1 }] }),
            "items[0].variant_id",
        ),
        (
            json!({ "items": [{ "product_id": "tote", "variant_id": "tote", "on_hand": -1 }] }),
            "items[0].on_hand",
        ),
    ] {
        let r = admin(&srv, "PUT", "/api/admin/stock", Some(body)).await;
        assert_eq!(problem(&r, 422, "invalid-field")["path"], path);
    }
    let r = admin(
        &srv,
        "PUT",
        "/api/admin/stock",
        Some(json!({ "items": [{ "product_id": "tote", "variant_id": "tote", "on_hand": "3" }] })),
    )
    .await;
    assert_eq!(problem(&r, 400, "malformed")["path"], "items[0].on_hand");

    // A new price: served in the manifest, charged at checkout.
    let r = admin(
        &srv,
        "PUT",
        "/api/admin/prices",
        Some(json!({ "items": [
            { "product_id": "lipstick", "variant_id": "ruby", "currency": "USD", "price": 1500 }
        ]})),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let m = json_of(&get(srv.addr, "/manifests/test.json", &[]).await);
    assert_eq!(m["products"][0]["variants"][0]["price"], 1500);
    let old = checkout(&srv, Some(&key(1)), &cart().to_string()).await;
    let p = problem(&old, 409, "price-changed");
    assert_eq!(p["path"], "lines[0].unit_price");
    let mut new = cart();
    new["lines"][0]["unit_price"] = json!(1500);
    let r = checkout(&srv, Some(&key(2)), &new.to_string()).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(json_of(&r)["total"], 5900);
    let r = admin(
        &srv,
        "PUT",
        "/api/admin/prices",
        Some(json!({ "items": [
            { "product_id": "lipstick", "variant_id": "ruby", "currency": "EUR", "price": 1500 }
        ]})),
    )
    .await;
    assert_eq!(
        problem(&r, 422, "invalid-field")["path"],
        "items[0].currency"
    );
    // null takes the override away.
    let r = admin(
        &srv,
        "PUT",
        "/api/admin/prices",
        Some(json!({ "items": [
            { "product_id": "lipstick", "variant_id": "ruby", "currency": "USD", "price": null }
        ]})),
    )
    .await;
    assert_eq!(json_of(&r)["items"], json!([]));
    let m = json_of(&get(srv.addr, "/manifests/test.json", &[]).await);
    assert_eq!(m["products"][0]["variants"][0]["price"], 1900);

    // Below what checkouts hold is refused.
    let r = admin(&srv, "GET", "/api/admin/stock", None).await;
    assert!(json_of(&r)["items"].as_array().unwrap().len() >= 3);
}

#[cfg(unix)]
#[tokio::test]
async fn the_token_never_reaches_the_request_log() {
    let fx = fixture();
    fx.write("www/manifests/test.json", CATALOG);
    let mut p = spawn(
        &fx,
        &[
            "--port",
            "0",
            "--exit-after",
            "10",
            "--test-payments",
            "--log",
            "--admin-token",
            ADMIN_TOKEN,
        ],
    );
    let port = listening_port(&mut p);
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    let auth = bearer();
    let r = get(addr, "/api/admin/orders", &[("Authorization", &auth)]).await;
    assert_eq!(r.status, 200);
    let r = get(
        addr,
        "/api/admin/orders",
        &[("Authorization", "Bearer wrong-token-value")],
    )
    .await;
    assert_eq!(r.status, 401);
    tokio::time::sleep(Duration::from_millis(200)).await;
    p.0.kill().unwrap();
    let log = stderr_of(&mut p);
    assert!(log.contains("GET /api/admin/orders 200"), "{log}");
    assert!(!log.contains(ADMIN_TOKEN), "{log}");
    assert!(!log.contains("wrong-token-value"), "{log}");
}
