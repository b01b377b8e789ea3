//! Fault injection: the checkout against the HTTP gateway and its local
//! stand-in (whose books live in this test process, so they outlive a
//! server killed under test), with a real SQLite file.
//!
//! Every case ends by checking the same things (`books_agree`): one order
//! per key, at most one capture per key (counted by the stand-in's books),
//! no units left held, stock consistent with the orders, and the client's
//! final answer is the truth (a 201 names an order that exists and is
//! paid; a refusal names none).

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::shop::*;
use common::*;
use serde_json::{json, Value};
use server::gateway::standin::{Fault, Options, StandIn};

const SECRET: &str = "standin-secret";

/// A stand-in on a free loopback port.
async fn standin() -> (StandIn, SocketAddr) {
    let s = StandIn::new(&Options {
        secret: Some(SECRET.into()),
        ..Options::default()
    });
    let addr = s
        .clone()
        .spawn("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    (s, addr)
}

/// The test shop, paying through the HTTP gateway at `gw`.
fn http_shop(stock: Value, gw: SocketAddr) -> (TempDir, server::Config) {
    let (fx, cfg) = shop(stock);
    let cfg = server::Config {
        payments: server::config::Payments::Http {
            url: format!("http://{gw}/"),
            secret: SECRET.into(),
        },
        gateway_timeout: Duration::from_secs(1),
        hold: Duration::from_secs(3),
        ..cfg
    };
    (fx, cfg)
}

/// One lipstick (19.00) with a distinct token per key.
fn one_lipstick(n: u32) -> String {
    order_body(
        json!([{ "product_id": "lipstick", "variant_id": "ruby", "quantity": 1, "unit_price": 1900 }]),
        &format!("tok_test_ok_{n}"),
    )
    .to_string()
}

async fn post(addr: SocketAddr, k: &str, body: &str, limit: Duration) -> Result<Resp, String> {
    try_send(
        addr,
        "POST",
        "/api/checkout",
        &[("Content-Type", "application/json"), ("Idempotency-Key", k)],
        body.as_bytes(),
        limit,
    )
    .await
}

/// Retries `k` (as the widget does: same key, same body) until a final
/// answer (not 5xx) or `limit`; returns it.
async fn retry_until_final(addr: SocketAddr, k: &str, body: &str, limit: Duration) -> Resp {
    let deadline = Instant::now() + limit;
    loop {
        if let Ok(r) = post(addr, k, body, Duration::from_secs(10)).await {
            if r.status < 500 {
                return r;
            }
        }
        assert!(
            Instant::now() < deadline,
            "no final answer for {k} within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until `f` holds (polling), up to `limit`.
async fn eventually(limit: Duration, what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + limit;
    while !f() {
        assert!(Instant::now() < deadline, "not within {limit:?}: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The invariants every case ends with. `answers` are the final answers
/// the clients got, by key; `initial` the lipstick stock at the start.
async fn books_agree(cfg: &server::Config, s: &StandIn, answers: &[(String, u16)], initial: i64) {
    // Captures run after the answer: wait for every authorized order.
    eventually(Duration::from_secs(15), "every order captured", || {
        let n: i64 = db(cfg)
            .query_row(
                "SELECT count(*) FROM orders WHERE status = 'authorized'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        n == 0
    })
    .await;
    let captures = s.captures_by_key();
    for (k, status) in answers {
        let orders: Vec<(String, String)> = db(cfg)
            .prepare("SELECT id, status FROM orders WHERE idempotency_key = ?1")
            .unwrap()
            .query_map([k], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(orders.len() <= 1, "{k}: {orders:?}");
        let captured = captures.get(k).copied().unwrap_or(0);
        assert!(captured <= 1, "{k} captured {captured} times");
        match status {
            201 => {
                assert_eq!(orders.len(), 1, "{k}: a 201 names an order");
                assert_eq!(orders[0].1, "paid", "{k}");
                assert_eq!(captured, 1, "{k}: paid means captured once");
            }
            _ => {
                assert!(
                    orders
                        .iter()
                        .all(|(_, st)| st == "declined" || st == "voided"),
                    "{k}: a refusal leaves no live order: {orders:?}"
                );
                assert_eq!(captured, 0, "{k}: refused but captured");
            }
        }
    }
    assert_eq!(s.counts().double_captures, 0);
    assert_eq!(held(cfg), 0, "no units left held");
    let sold: i64 = db(cfg)
        .query_row(
            "SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
             WHERE l.variant_id = 'ruby' AND o.status IN ('authorized', 'paid', 'fulfilled', 'refunded')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        stock(cfg, "lipstick", "ruby"),
        initial - sold,
        "stock = initial − sold"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_commit_after_authorization_keeps_it_for_the_retry() {
    let (s, gw) = standin().await;
    let (_fx, mut cfg) = http_shop(json!({}), gw);
    cfg.test_faults.fail_authorized_commits = 1;
    let srv = start(cfg.clone()).await;
    let k = key(1);
    let body = one_lipstick(1);
    let first = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(first.status, 500, "{}", first.text());
    // Authorized at the gateway, pending here, units still held.
    assert_eq!(s.counts().authorizations, 1);
    assert_eq!(held(&cfg), 1);
    let retry = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(retry.status, 201, "{}", retry.text());
    // The retry re-asked the gateway under the same reference: no new authorization.
    assert_eq!(s.counts().authorizations, 1);
    assert_eq!(s.counts().authorize_calls, 2);
    books_agree(&cfg, &s, &[(k, 201)], 10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_that_times_out_or_drops_the_answer_is_asked_again() {
    let (s, gw) = standin().await;
    let (_fx, cfg) = http_shop(json!({}), gw);
    let srv = start(cfg.clone()).await;
    let mut answers = Vec::new();

    // Never answers: the client hears 503 payment-unavailable with Retry-After.
    s.plan("authorize", Fault::Hang, 1);
    let (k, body) = (key(10), one_lipstick(10));
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    let p = problem(&r, 503, "payment-unavailable");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("same Idempotency-Key"),
        "{p}"
    );
    assert_eq!(r.header("retry-after"), Some("2"));
    let r = retry_until_final(srv.addr, &k, &body, Duration::from_secs(10)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    answers.push((k, 201));

    // Applies the authorization, then drops the connection: the retry
    // learns it from the gateway (same reference) instead of paying twice.
    s.plan("authorize", Fault::ApplyThenDrop, 1);
    let (k, body) = (key(11), one_lipstick(11));
    let before = s.counts().authorizations;
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(r.status, 503, "{}", r.text());
    let r = retry_until_final(srv.addr, &k, &body, Duration::from_secs(10)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(s.counts().authorizations, before + 1);
    answers.push((k, 201));

    // 500s, then fine.
    s.plan("authorize", Fault::Fail, 2);
    let (k, body) = (key(12), one_lipstick(12));
    let r = retry_until_final(srv.addr, &k, &body, Duration::from_secs(10)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    answers.push((k, 201));

    // Slow (but within the timeout): just slower.
    s.set_latency(600, 600);
    let (k, body) = (key(13), one_lipstick(13));
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    answers.push((k, 201));
    s.set_latency(0, 0);

    // The capture's answer is lost: captured once all the same.
    s.plan("capture", Fault::ApplyThenDrop, 1);
    s.plan("capture", Fault::Fail, 1);
    let (k, body) = (key(14), one_lipstick(14));
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    answers.push((k, 201));

    // Declined: final, nothing held.
    let k = key(15);
    let body = order_body(
        json!([{ "product_id": "lipstick", "variant_id": "ruby", "quantity": 1, "unit_price": 1900 }]),
        "tok_test_decline",
    )
    .to_string();
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(r.status, 402, "{}", r.text());
    answers.push((k, 402));

    books_agree(&cfg, &s, &answers, 10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_key_twice_at_once_against_a_slow_gateway_is_one_order() {
    let (s, gw) = standin().await;
    s.set_latency(400, 0);
    let (_fx, cfg) = http_shop(json!({}), gw);
    let srv = start(cfg.clone()).await;
    let (k, body) = (key(20), one_lipstick(20));
    let (a, b) = tokio::join!(
        post(srv.addr, &k, &body, Duration::from_secs(10)),
        post(srv.addr, &k, &body, Duration::from_secs(10))
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!((a.status, b.status), (201, 201));
    assert_eq!(a.body, b.body);
    assert_eq!(
        s.counts().authorize_calls,
        1,
        "the second waited for the first"
    );
    books_agree(&cfg, &s, &[(k, 201)], 10).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hold_lapses_and_a_stale_order_is_voided_for_good() {
    let (s, gw) = standin().await;
    let (_fx, mut cfg) = http_shop(json!({ "ruby": 1 }), gw);
    cfg.hold = Duration::from_millis(1500);
    cfg.reap_after = Duration::from_secs(4);
    let srv = start(cfg.clone()).await;
    // The gateway never answers this one: pending, holding the last unit.
    s.plan("authorize", Fault::Hang, 1);
    let (k, body) = (key(30), one_lipstick(30));
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(r.status, 503);
    assert_eq!(held(&cfg), 1);
    // Another buyer is refused while the unit is held…
    let r = post(
        srv.addr,
        &key(31),
        &one_lipstick(31),
        Duration::from_secs(10),
    )
    .await
    .unwrap();
    problem(&r, 409, "out-of-stock");
    // …and the hold lapses on its own.
    eventually(Duration::from_secs(5), "the hold lapsed", || {
        held(&cfg) == 0
    })
    .await;
    // Past the reap age, nobody having retried: voided at the gateway
    // (a tombstone: the hung authorize can never land) and final.
    eventually(Duration::from_secs(15), "the order was reaped", || {
        let st: String = db(&cfg)
            .query_row(
                "SELECT status FROM orders WHERE idempotency_key = ?1",
                [&k],
                |r| r.get(0),
            )
            .unwrap();
        st == "voided"
    })
    .await;
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    let p = problem(&r, 409, "payment-cancelled");
    assert!(
        p["detail"]
            .as_str()
            .unwrap()
            .contains("nothing was charged"),
        "{p}"
    );
    assert_eq!(r.header("idempotent-replayed"), Some("true"));
    assert_eq!(
        s.state_of(&order_of_key(&cfg, &k)),
        None,
        "never authorized"
    );
    books_agree(&cfg, &s, &[(k, 409), (key(31), 409)], 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_authorization_nobody_came_back_for_is_voided() {
    let (s, gw) = standin().await;
    let (_fx, mut cfg) = http_shop(json!({}), gw);
    cfg.test_faults.fail_authorized_commits = 1;
    cfg.reap_after = Duration::from_secs(3);
    let srv = start(cfg.clone()).await;
    let (k, body) = (key(40), one_lipstick(40));
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(r.status, 500);
    let id = order_of_key(&cfg, &k);
    assert_eq!(s.state_of(&id), Some("authorized"));
    eventually(
        Duration::from_secs(15),
        "the authorization was voided",
        || s.state_of(&id) == Some("voided"),
    )
    .await;
    let r = post(srv.addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    problem(&r, 409, "payment-cancelled");
    books_agree(&cfg, &s, &[(k, 409)], 10).await;
}

/// The order id under key `k`.
fn order_of_key(cfg: &server::Config, k: &str) -> String {
    db(cfg)
        .query_row(
            "SELECT id FROM orders WHERE idempotency_key = ?1",
            [k],
            |r| r.get(0),
        )
        .unwrap()
}

// ---- killed processes -----------------------------------------------------------

/// The server binary on the test shop, paying through the stand-in at `gw`.
fn spawn_http(fx: &TempDir, gw: SocketAddr, extra: &[&str]) -> (Proc, SocketAddr) {
    fx.write("secret", SECRET);
    let url = format!("http://{gw}/");
    let mut args = vec![
        "--port",
        "0",
        "--exit-after",
        "60",
        "--data-dir",
        "data",
        "--default-stock",
        "10",
        "--gateway-url",
        &url,
        "--gateway-secret-file",
        "secret",
        "--gateway-timeout",
        "1",
        "--hold",
        "5",
        "--rate-limit",
        "off",
    ];
    args.extend_from_slice(extra);
    let mut p = spawn(fx, &args);
    let port = listening_port(&mut p);
    (p, format!("127.0.0.1:{port}").parse().unwrap())
}

fn kill(p: &mut Proc) {
    p.0.kill().unwrap();
    p.0.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_between_authorize_and_commit_then_restarted() {
    let (s, gw) = standin().await;
    let (fx, cfg) = http_shop(json!({}), gw);
    let (mut p, addr) = spawn_http(&fx, gw, &["--test-fault", "stall-after-authorize"]);
    let (k, body) = (key(50), one_lipstick(50));
    let client = tokio::spawn({
        let (k, body) = (k.clone(), body.clone());
        async move { post(addr, &k, &body, Duration::from_secs(30)).await }
    });
    eventually(Duration::from_secs(10), "the gateway authorized", || {
        s.counts().authorizations == 1
    })
    .await;
    kill(&mut p);
    assert!(
        client.await.unwrap().is_err(),
        "the client never got an answer"
    );
    let id = order_of_key(&cfg, &k);
    assert_eq!(s.state_of(&id), Some("authorized"));

    // Restarted: the client retries under its key and gets the order.
    let (mut p, addr) = spawn_http(&fx, gw, &[]);
    let r = retry_until_final(addr, &k, &body, Duration::from_secs(15)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(s.counts().authorizations, 1);
    books_agree(&cfg, &s, &[(k, 201)], 10).await;
    kill(&mut p);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_between_authorize_and_commit_recovered_without_a_retry() {
    let (s, gw) = standin().await;
    let (fx, cfg) = http_shop(json!({}), gw);
    let (mut p, addr) = spawn_http(&fx, gw, &["--test-fault", "stall-after-authorize"]);
    let (k, body) = (key(51), one_lipstick(51));
    let client = tokio::spawn({
        let (k, body) = (k.clone(), body.clone());
        async move { post(addr, &k, &body, Duration::from_secs(30)).await }
    });
    eventually(Duration::from_secs(10), "the gateway authorized", || {
        s.counts().authorizations == 1
    })
    .await;
    kill(&mut p);
    let _ = client.await;
    // Restarted, nobody retries: start-up recovery looks the pending order
    // up at the gateway once it is older than the gateway timeout, finds it
    // authorized and completes it; a late retry replays the 201.
    let (mut p, addr) = spawn_http(&fx, gw, &[]);
    eventually(Duration::from_secs(20), "recovered and captured", || {
        s.captures_by_key().get(&k) == Some(&1)
    })
    .await;
    let r = post(addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(r.header("idempotent-replayed"), Some("true"));
    books_agree(&cfg, &s, &[(k, 201)], 10).await;
    kill(&mut p);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_between_commit_and_capture_then_restarted() {
    let (s, gw) = standin().await;
    let (fx, cfg) = http_shop(json!({}), gw);
    let (mut p, addr) = spawn_http(&fx, gw, &["--test-fault", "stall-before-capture"]);
    let (k, body) = (key(52), one_lipstick(52));
    let r = post(addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(r.status, 201, "{}", r.text());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(s.counts().captures, 0);
    kill(&mut p);
    let (mut p, addr) = spawn_http(&fx, gw, &[]);
    eventually(
        Duration::from_secs(15),
        "captured after the restart",
        || s.counts().captures == 1,
    )
    .await;
    let again = post(addr, &k, &body, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!((again.status, again.body.clone()), (201, r.body.clone()));
    books_agree(&cfg, &s, &[(k, 201)], 10).await;
    kill(&mut p);
}
