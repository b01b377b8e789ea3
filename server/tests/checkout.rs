//! The checkout API end to end: a real server on port 0, a real SQLite file
//! in a temp dir, a small catalog with known prices, raw HTTP over sockets.
//! Stock is set per test with a `--stock-file` (`Config::stock_file`), and
//! read back by opening the same SQLite file.

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use common::shop::*;
use common::*;
use serde_json::json;

#[tokio::test]
async fn an_order_is_priced_by_the_server_stored_and_readable() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let r = checkout(&srv, Some(&key(1)), &cart().to_string()).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let c = json_of(&r);
    let id = c["order_id"].as_str().unwrap().to_string();
    assert!(shoppable::model::idempotency::is_uuid(&id), "{id}");
    assert_eq!(
        r.header("location"),
        Some(format!("/api/orders/{id}").as_str())
    );
    assert_eq!(c["total"], 6700);
    assert_eq!(c["currency"], "USD");
    assert_eq!(
        c["lines"],
        json!([
            { "product_id": "lipstick", "variant_id": "ruby", "title": "Velvet Lipstick",
              "variant_label": "Ruby", "quantity": 2, "unit_price": 1900, "line_total": 3800 },
            { "product_id": "tote", "variant_id": "tote", "title": "Canvas Tote",
              "variant_label": "", "quantity": 1, "unit_price": 2900, "line_total": 2900 }
        ])
    );

    // Seeded from the default (10), minus the order; unavailable ones at 0.
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 8);
    assert_eq!(stock(&cfg, "tote", "tote"), 9);
    assert_eq!(stock(&cfg, "lipstick", "plum"), 0);
    let total: i64 = db(&cfg)
        .query_row("SELECT total FROM orders WHERE id = ?1", [&id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(total, 6700);
    // Authorized at the answer, captured just after.
    wait_status(&cfg, &id, "paid").await;
    assert_eq!(held(&cfg), 0);
    assert_eq!(c["test"], true, "the test gateway's orders say so");

    let g = get(srv.addr, &format!("/api/orders/{id}"), &[]).await;
    assert_eq!(g.status, 200, "{}", g.text());
    assert_eq!(g.header("content-type"), Some("application/json"));
    let o = json_of(&g);
    for field in ["order_id", "total", "currency", "lines"] {
        assert_eq!(o[field], c[field], "{field}");
    }
    assert_eq!(o["status"], "paid");
    assert_eq!(o["video_id"], "test-video");
    let created = o["created_at"].as_str().unwrap();
    assert!(created.len() == 24 && created.ends_with('Z'), "{created}");

    let missing = get(srv.addr, &format!("/api/orders/{}", key(999)), &[]).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("application/problem+json")
    );
    for nonsense in ["/api/orders/nope", "/api/orders/%ff"] {
        let r = get(srv.addr, nonsense, &[]).await;
        assert_eq!(r.status, 404, "{nonsense}");
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
    }
}

#[tokio::test]
async fn a_retry_replays_the_first_answer_and_a_new_body_under_the_key_is_422() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let body = cart().to_string();
    let first = checkout(&srv, Some(&key(1)), &body).await;
    assert_eq!(first.status, 201);
    assert_eq!(first.header("idempotent-replayed"), None);

    // Same key, same order (re-serialized with other spacing): the same
    // answer, byte for byte, and no second order or charge.
    let pretty = serde_json::to_string_pretty(&cart()).unwrap();
    let again = checkout(&srv, Some(&key(1).to_uppercase()), &pretty).await;
    assert_eq!(again.status, first.status);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(count(&cfg, "orders"), 1);
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 8);

    let mut other = cart();
    other["lines"][0]["quantity"] = json!(1);
    let reused = checkout(&srv, Some(&key(1)), &other.to_string()).await;
    let p = problem(&reused, 422, "idempotency-key-reused");
    assert!(
        p["detail"].as_str().unwrap().contains("Idempotency-Key"),
        "{p}"
    );
    assert_eq!(count(&cfg, "orders"), 1);
}

#[tokio::test]
async fn the_same_key_in_flight_twice_makes_one_order() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let body = cart().to_string();
    let k = key(7);
    let (a, b) = tokio::join!(
        checkout(&srv, Some(&k), &body),
        checkout(&srv, Some(&k), &body)
    );
    assert_eq!((a.status, b.status), (201, 201));
    assert_eq!(a.body, b.body);
    assert_eq!(count(&cfg, "orders"), 1);
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 8);
}

#[tokio::test]
async fn refusals_are_problem_json_naming_the_field() {
    let (_fx, cfg) = shop(json!({ "tote": 1 }));
    let srv = start(cfg.clone()).await;
    let k = key(2);
    let line = |variant: &str, quantity: u32, price: i64| {
        let product = if variant == "tote" {
            "tote"
        } else {
            "lipstick"
        };
        order_body(
            json!([{ "product_id": product, "variant_id": variant, "quantity": quantity, "unit_price": price }]),
            "tok_test_approve",
        )
        .to_string()
    };

    // A tampered price is refused, never corrected; final for its key.
    let r = checkout(&srv, Some(&key(30)), &line("ruby", 1, 100)).await;
    let p = problem(&r, 409, "price-changed");
    assert_eq!(p["path"], "lines[0].unit_price");
    assert_eq!(
        p["detail"],
        "The price of Velvet Lipstick (Ruby) is now 19.00 USD, not 1.00 USD."
    );

    let r = checkout(&srv, Some(&k), &line("mauve", 1, 1900)).await;
    let p = problem(&r, 422, "unknown-variant");
    assert_eq!(p["path"], "lines[0].variant_id");
    assert!(p["detail"].as_str().unwrap().contains("mauve"), "{p}");

    let r = checkout(&srv, Some(&k), &line("ruby", 4, 1900)).await;
    let p = problem(&r, 422, "bad-quantity");
    assert_eq!(p["path"], "lines[0].quantity");
    assert!(p["detail"].as_str().unwrap().contains("at most 3"), "{p}");

    let r = checkout(&srv, Some(&key(31)), &line("plum", 1, 2100)).await;
    assert_eq!(
        problem(&r, 409, "out-of-stock")["path"],
        "lines[0].variant_id"
    );

    // Stock 1, quantity 2: the server's own count refuses it.
    let r = checkout(&srv, Some(&key(20)), &line("tote", 2, 2900)).await;
    let p = problem(&r, 409, "out-of-stock");
    assert_eq!(p["path"], "lines[0].variant_id");
    assert_eq!(p["detail"], "Canvas Tote is sold out.");

    let mut wrong_video = cart();
    wrong_video["video_id"] = json!("other");
    let r = checkout(&srv, Some(&key(3)), &wrong_video.to_string()).await;
    assert_eq!(problem(&r, 422, "unknown-video")["path"], "video_id");

    let mut yen = cart();
    yen["currency"] = json!("JPY");
    let r = checkout(&srv, Some(&key(4)), &yen.to_string()).await;
    assert_eq!(problem(&r, 409, "currency-changed")["path"], "currency");

    // Not JSON: the line and column. Wrong type: the member's path.
    let r = checkout(
        &srv,
        Some(&k),
        "{\"video_id\": \"test-video\",\n \"lines\": [}",
    )
    .await;
    let p = problem(&r, 400, "malformed");
    assert!(
        p["detail"].as_str().unwrap().contains("line 2 column"),
        "{p}"
    );
    let mut typo = cart();
    typo["lines"][1]["quantity"] = json!("2");
    let r = checkout(&srv, Some(&k), &typo.to_string()).await;
    let p = problem(&r, 400, "malformed");
    assert_eq!(p["path"], "lines[1].quantity");
    assert!(
        p["detail"].as_str().unwrap().contains("lines[1].quantity"),
        "{p}"
    );
    let mut no_payment = cart();
    no_payment.as_object_mut().unwrap().remove("payment");
    let r = checkout(&srv, Some(&k), &no_payment.to_string()).await;
    let p = problem(&r, 400, "malformed");
    assert!(p["detail"].as_str().unwrap().contains("payment"), "{p}");

    // The key: missing, empty, not a UUID.
    let body = cart().to_string();
    for bad in [
        None,
        Some(""),
        Some("abc"),
        Some("00000000-0000-0000-0000-000000000000"),
    ] {
        let r = checkout(&srv, bad, &body).await;
        let p = problem(&r, 400, "idempotency-key-missing");
        assert!(
            p["detail"].as_str().unwrap().contains("Idempotency-Key"),
            "{bad:?}: {p}"
        );
        assert!(p.get("path").is_none(), "{p}");
    }

    // None of that stored an order or moved stock; the final refusals
    // (price changed, sold out twice, currency) are recorded under their keys.
    assert_eq!(count(&cfg, "orders"), 0);
    assert_eq!(count(&cfg, "idempotency"), 4);
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 10);
    assert_eq!(stock(&cfg, "tote", "tote"), 1);
}

#[tokio::test]
async fn a_declined_payment_is_402_and_leaves_stock_alone() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    for (n, token) in [(10, "tok_test_decline"), (11, "tok_live_unknown")] {
        let mut body = cart();
        body["payment"]["token"] = json!(token);
        let body = body.to_string();
        let r = checkout(&srv, Some(&key(n)), &body).await;
        let p = problem(&r, 402, "payment-declined");
        assert_eq!(p["path"], "payment");
        assert!(
            p["detail"]
                .as_str()
                .unwrap()
                .starts_with("The payment was declined"),
            "{p}"
        );
        // The failure is what the key recorded: a retry gets it again.
        let again = checkout(&srv, Some(&key(n)), &body).await;
        assert_eq!((again.status, &again.body), (402, &r.body));
    }
    // The attempts are kept (declined, a day) with their holds released.
    let declined: i64 = db(&cfg)
        .query_row(
            "SELECT count(*) FROM orders WHERE status = 'declined'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!((count(&cfg, "orders"), declined), (2, 2));
    assert_eq!(held(&cfg), 0);
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 10);
    assert_eq!(stock(&cfg, "tote", "tote"), 10);

    // Any tok_test_ok… token pays.
    let mut ok = cart();
    ok["payment"]["token"] = json!("tok_test_ok_1");
    assert_eq!(
        checkout(&srv, Some(&key(12)), &ok.to_string()).await.status,
        201
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_concurrent_checkouts_never_oversell() {
    let (_fx, cfg) = shop(json!({ "tote": 50 }));
    let srv = start(cfg.clone()).await;
    let addr = srv.addr;
    let body = order_body(
        json!([{ "product_id": "tote", "variant_id": "tote", "quantity": 1, "unit_price": 2900 }]),
        "tok_test_approve",
    )
    .to_string();
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let body = body.clone();
            tokio::spawn(async move {
                let k = key(1000 + n);
                let headers = [
                    ("Content-Type", "application/json"),
                    ("Idempotency-Key", k.as_str()),
                ];
                send(addr, "POST", "/api/checkout", &headers, body.as_bytes()).await
            })
        })
        .collect();
    let mut ids = HashSet::new();
    let mut sold_out = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status {
            201 => {
                ids.insert(json_of(&r)["order_id"].as_str().unwrap().to_string());
            }
            409 => {
                let p = problem(&r, 409, "out-of-stock");
                assert_eq!(p["path"], "lines[0].variant_id");
                sold_out += 1;
            }
            s => panic!("unexpected {s}: {}", r.text()),
        }
    }
    assert_eq!((ids.len(), sold_out), (50, 150));
    assert_eq!(stock(&cfg, "tote", "tote"), 0);
    assert_eq!(held(&cfg), 0);
    assert_eq!(count(&cfg, "orders"), 50);
    assert_eq!(count(&cfg, "order_lines"), 50);
}

#[tokio::test]
async fn orders_and_answers_survive_a_restart() {
    let (_fx, cfg) = shop(json!({}));
    let body = cart().to_string();
    let srv = start(cfg.clone()).await;
    let first = checkout(&srv, Some(&key(5)), &body).await;
    assert_eq!(first.status, 201);
    let id = json_of(&first)["order_id"].as_str().unwrap().to_string();
    srv.stop().await;

    // Same data dir, no stock file this time: stock is not reseeded.
    let srv = start(server::Config {
        stock_file: None,
        ..cfg.clone()
    })
    .await;
    let g = get(srv.addr, &format!("/api/orders/{id}"), &[]).await;
    assert_eq!(g.status, 200, "{}", g.text());
    assert_eq!(json_of(&g)["total"], 6700);
    let again = checkout(&srv, Some(&key(5)), &body).await;
    assert_eq!((again.status, &again.body), (201, &first.body));
    assert_eq!(count(&cfg, "orders"), 1);
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 8);
}

#[cfg(unix)]
#[test]
fn a_killed_process_keeps_its_committed_orders() {
    let fx = fixture();
    fx.write("www/manifests/test.json", CATALOG);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let run = |p: &mut Proc, f: &dyn Fn(std::net::SocketAddr) -> Resp| {
        let port = listening_port(p);
        f(format!("127.0.0.1:{port}").parse().unwrap())
    };
    let args = [
        "--test-payments",
        "--port",
        "0",
        "--exit-after",
        "30",
        "--data-dir",
        "orders",
        "--default-stock",
        "5",
    ];
    let mut p = spawn(&fx, &args);
    let body = cart().to_string();
    let k = key(6);
    let first = run(&mut p, &|addr| {
        rt.block_on(send(
            addr,
            "POST",
            "/api/checkout",
            &[("Idempotency-Key", k.as_str())],
            body.as_bytes(),
        ))
    });
    assert_eq!(first.status, 201, "{}", first.text());
    let id = json_of(&first)["order_id"].as_str().unwrap().to_string();
    // SIGKILL: no shutdown, no checkpoint, no chance to flush anything.
    p.0.kill().unwrap();
    p.0.wait().unwrap();

    let mut p = spawn(&fx, &args);
    let got = run(&mut p, &|addr| {
        rt.block_on(get(addr, &format!("/api/orders/{id}"), &[]))
    });
    assert_eq!(got.status, 200, "{}", got.text());
    assert_eq!(json_of(&got)["lines"], json_of(&first)["lines"]);
    assert!(Path::new(&fx.path().join("orders/orders.sqlite3")).is_file());
}

#[tokio::test]
async fn other_methods_are_405_problems() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg).await;
    for (method, path, allow) in [
        ("GET", "/api/checkout", "POST"),
        ("PUT", "/api/checkout", "POST"),
        ("DELETE", "/api/orders/x", "GET, HEAD"),
        ("POST", "/api/orders/x", "GET, HEAD"),
    ] {
        let r = request(srv.addr, method, path, &[]).await;
        assert_eq!(r.status, 405, "{method} {path}");
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        assert_eq!(r.header("allow"), Some(allow));
        assert_eq!(json_of(&r)["status"], 405);
    }
    // A browser's preflight for the checkout POST is allowed.
    let pre = request(
        srv.addr,
        "OPTIONS",
        "/api/checkout",
        &[
            ("Origin", "http://localhost:1234"),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "content-type, idempotency-key",
            ),
        ],
    )
    .await;
    assert!((200..300).contains(&pre.status), "{}", pre.status);
    // /api is not open to every origin (limits.rs has the allowed case).
    assert_eq!(pre.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn a_bad_stock_file_stops_the_start() {
    let (fx, cfg) = shop(json!({}));
    fx.write("stock.json", "{\"tote\": -1}");
    let err = server::bind(&cfg).await.err().expect("refused");
    assert!(err.to_string().contains("stock file"), "{err}");
}

/// Approves after a pause, counting authorizations; everything else at once.
struct SlowGateway(
    std::sync::atomic::AtomicU32,
    server::gateway::test::TestGateway,
);

#[async_trait::async_trait]
impl server::gateway::PaymentGateway for SlowGateway {
    fn describe(&self) -> String {
        "slow test gateway".into()
    }
    fn is_test(&self) -> bool {
        true
    }
    async fn authorize(
        &self,
        c: server::gateway::Charge<'_>,
        token: &str,
        key: &str,
    ) -> Result<server::gateway::Authorization, server::gateway::GatewayError> {
        tokio::time::sleep(Duration::from_millis(300)).await;
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.1.authorize(c, token, key).await
    }
    async fn capture(
        &self,
        c: server::gateway::Charge<'_>,
    ) -> Result<(), server::gateway::GatewayError> {
        self.1.capture(c).await
    }
    async fn void(&self, r: &str) -> Result<(), server::gateway::GatewayError> {
        self.1.void(r).await
    }
    async fn refund(
        &self,
        c: server::gateway::Charge<'_>,
    ) -> Result<(), server::gateway::GatewayError> {
        self.1.refund(c).await
    }
    async fn lookup(
        &self,
        r: &str,
    ) -> Result<server::gateway::Status, server::gateway::GatewayError> {
        self.1.lookup(r).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_while_the_first_is_authorizing_waits_for_its_answer() {
    let (_fx, cfg) = shop(json!({}));
    let gateway = std::sync::Arc::new(SlowGateway(Default::default(), Default::default()));
    let srv = server::bind_with(&cfg, gateway.clone()).await.unwrap();
    let addr = srv.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(srv.run_until(async move {
        let _ = stopped.await;
    }));
    let body = cart().to_string();
    let k = key(8);
    let headers = [("Idempotency-Key", k.as_str())];
    let first = send(addr, "POST", "/api/checkout", &headers, body.as_bytes());
    let retry = async {
        // Sent while the first is inside the gateway.
        tokio::time::sleep(Duration::from_millis(100)).await;
        send(addr, "POST", "/api/checkout", &headers, body.as_bytes()).await
    };
    let (a, b) = tokio::join!(first, retry);
    assert_eq!(
        (a.status, b.status),
        (201, 201),
        "{} / {}",
        a.text(),
        b.text()
    );
    assert_eq!(a.body, b.body);
    assert_eq!(b.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        gateway.0.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "authorized once"
    );
    assert_eq!(count(&cfg, "orders"), 1);
    let _ = stop.send(());
}
