//! Live shows on the server: the producer's token, the event stream
//! (snapshot, then every event once, resumed by `Last-Event-ID`), a restart
//! that keeps sequence and state, and flash deals priced and capped at the
//! hold: 2,000 buyers against 100 units, a buyer's limit under concurrent
//! requests, a deal after its window; likes bounded per client.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::live::{LIVE, PRODUCER};
use common::shop::*;
use common::sse::Sse;
use common::*;
use serde_json::{json, Value};
use server::gateway::test::TestGateway;

const SHOW: &str = "show-1";

fn live_shop(stock: Value) -> (TempDir, server::Config) {
    let (fx, cfg) = shop(stock);
    fx.write("www/manifests/live.json", LIVE);
    let cfg = server::Config {
        producer_token: Some(PRODUCER.into()),
        ..cfg
    };
    (fx, cfg)
}

async fn act(srv: &Running, action: Value, token: Option<&str>) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a.as_str()));
    }
    send(
        srv.addr,
        "POST",
        &format!("/api/live/{SHOW}/events"),
        &headers,
        action.to_string().as_bytes(),
    )
    .await
}

async fn ok(srv: &Running, action: Value) -> Value {
    let r = act(srv, action, Some(PRODUCER)).await;
    assert_eq!(r.status, 201, "{}", r.text());
    json_of(&r)
}

fn deal_order(deal: &str, email: &str, qty: u32, price: i64) -> String {
    json!({
        "video_id": "live-video", "currency": "USD", "deal_id": deal,
        "lines": [{ "product_id": "tote", "variant_id": "tote", "quantity": qty, "unit_price": price }],
        "payment": { "method": "https://google.com/pay", "token": "tok_test_approve" },
        "payer": { "email": email }
    })
    .to_string()
}

const EVENTS: &str = "/api/live/show-1/events";

#[tokio::test]
async fn only_the_producer_may_post_and_bad_actions_name_their_field() {
    let (_fx, cfg) = live_shop(json!({}));
    let srv = start(cfg).await;
    let pin = json!({ "type": "pin", "product": "tote", "at": 1000 });
    for token in [None, Some("wrong-token")] {
        let r = act(&srv, pin.clone(), token).await;
        assert_eq!(r.status, 401, "{token:?}");
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        assert!(r.header("www-authenticate").unwrap().starts_with("Bearer"));
    }
    let r = act(
        &srv,
        json!({ "type": "pin", "product": "nope", "at": 1 }),
        Some(PRODUCER),
    )
    .await;
    assert_eq!(problem(&r, 422, "invalid-field")["path"], "product");
    let r = act(&srv, json!({ "type": "pin", "at": 1 }), Some(PRODUCER)).await;
    assert_eq!(r.status, 400, "{}", r.text());
    let r = send(
        srv.addr,
        "POST",
        "/api/live/other/events",
        &[("Authorization", &format!("Bearer {PRODUCER}"))],
        pin.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 404);
    let e = ok(&srv, pin).await;
    assert_eq!(
        (e["seq"].as_u64(), e["type"].as_str(), e["at"].as_i64()),
        (Some(1), Some("pin"), Some(1000))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_then_events_in_order_and_resume_without_loss() {
    let (_fx, cfg) = live_shop(json!({}));
    let srv = start(cfg.clone()).await;
    ok(
        &srv,
        json!({ "type": "pin", "product": "lipstick", "at": 1000 }),
    )
    .await;
    let mut a = Sse::connect(srv.addr, EVENTS, None).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("text/event-stream"));
    let snap = a.next_of("snapshot", Duration::from_secs(5)).await.unwrap();
    assert_eq!(snap.id.as_deref(), Some("1"));
    let s: Value = serde_json::from_str(&snap.data).unwrap();
    assert_eq!(s["seq"], 1);
    assert_eq!(
        s["recent"][0]["product"], "lipstick",
        "the window's events, to apply at their frames"
    );
    assert!(s["allowance_ms"].as_i64().unwrap() > 0);

    for (i, p) in ["tote", "lipstick"].iter().enumerate() {
        ok(
            &srv,
            json!({ "type": "pin", "product": p, "at": 2000 + i as i64 }),
        )
        .await;
    }
    let e2 = a.next_of("live", Duration::from_secs(5)).await.unwrap();
    let e3 = a.next_of("live", Duration::from_secs(5)).await.unwrap();
    assert_eq!((e2.id.as_deref(), e3.id.as_deref()), (Some("2"), Some("3")));
    assert!(e2.data.contains("\"tote\""));

    // A viewer who lost the connection after 1 resumes with exactly 2 and 3.
    let mut b = Sse::connect(srv.addr, EVENTS, Some(1)).await;
    let got: Vec<String> = [
        b.next(Duration::from_secs(5)).await.unwrap(),
        b.next(Duration::from_secs(5)).await.unwrap(),
    ]
    .into_iter()
    .map(|m| format!("{}:{}", m.event, m.id.unwrap()))
    .collect();
    assert_eq!(got, ["live:2", "live:3"]);
    ok(
        &srv,
        json!({ "type": "unpin", "product": "tote", "at": 4000 }),
    )
    .await;
    assert_eq!(
        b.next_of("live", Duration::from_secs(5))
            .await
            .unwrap()
            .id
            .as_deref(),
        Some("4")
    );
    assert_eq!(
        a.next_of("live", Duration::from_secs(5))
            .await
            .unwrap()
            .id
            .as_deref(),
        Some("4")
    );
    // Nothing is repeated: the next message on a is not an event it had.
    ok(
        &srv,
        json!({ "type": "pin", "product": "tote", "at": 5000 }),
    )
    .await;
    assert_eq!(
        a.next_of("live", Duration::from_secs(5))
            .await
            .unwrap()
            .id
            .as_deref(),
        Some("5")
    );
    // Units come as their latest value, without an id.
    let u = a.next_of("units", Duration::from_secs(5)).await.unwrap();
    assert_eq!(u.id, None);
    let u: Value = serde_json::from_str(&u.data).unwrap();
    assert!(u["viewers"].as_u64().unwrap() >= 2, "{u}");
    assert_eq!(u["stock"]["tote/tote"], 10);
}

#[tokio::test]
async fn a_restarted_server_serves_the_same_state_and_sequence() {
    let (_fx, cfg) = live_shop(json!({}));
    let srv = start(cfg.clone()).await;
    ok(
        &srv,
        json!({ "type": "pin", "product": "lipstick", "at": 1000 }),
    )
    .await;
    ok(&srv, json!({ "type": "deal_start", "product": "tote", "price": 1500, "units": 10, "per_buyer": 2, "duration_s": 60, "at": 1500 })).await;
    srv.stop().await;
    let srv = start(cfg.clone()).await;
    let mut a = Sse::connect(srv.addr, EVENTS, None).await;
    let snap: Value = serde_json::from_str(
        &a.next_of("snapshot", Duration::from_secs(5))
            .await
            .unwrap()
            .data,
    )
    .unwrap();
    assert_eq!(snap["seq"], 2);
    let e = ok(
        &srv,
        json!({ "type": "pin", "product": "tote", "at": 3000 }),
    )
    .await;
    assert_eq!(e["seq"], 3, "the sequence goes on");
    // The deal opened before the restart still sells.
    let r = checkout(
        &srv,
        Some(&key(1)),
        &deal_order("d2", "ada@example.com", 1, 1500),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(json_of(&r)["total"], 1500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_buyers_for_a_hundred_units() {
    let (_fx, cfg) = live_shop(json!({ "tote": 5000 }));
    let gateway = Arc::new(TestGateway::new());
    let srv = server::bind_with(&cfg, gateway.clone()).await.unwrap();
    let addr = srv.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(srv.run_until(async move {
        let _ = stopped.await;
    }));
    let producer = Running::attach(addr);
    let deal = ok(&producer, json!({ "type": "deal_start", "product": "tote", "price": 1000, "units": 100, "per_buyer": 1, "duration_s": 60, "at": 1 })).await;
    let id = deal["deal"]["id"].as_str().unwrap().to_string();
    let tasks: Vec<_> = (0..2000u32)
        .map(|n| {
            let body = deal_order(&id, &format!("buyer{n}@example.com"), 1, 1000);
            tokio::spawn(async move {
                let k = key(10_000 + n);
                // More buyers than the server admits at once (max_checkouts,
                // 1024) may get `503 busy`; as the widget does, such a buyer
                // tries again with the same key after Retry-After.
                loop {
                    let r = try_send(
                        addr,
                        "POST",
                        "/api/checkout",
                        &[("Idempotency-Key", k.as_str())],
                        body.as_bytes(),
                        Duration::from_secs(60),
                    )
                    .await?;
                    if r.status != 503 || !r.text().contains("/problems/busy") {
                        return Ok::<_, String>(r);
                    }
                    let wait = r
                        .header("Retry-After")
                        .and_then(|s| s.parse().ok())
                        .unwrap_or(1);
                    tokio::time::sleep(Duration::from_secs(wait)).await;
                }
            })
        })
        .collect();
    let (mut sold, mut refused) = (0, 0);
    for t in tasks {
        let r = t.await.unwrap().expect("an answer");
        match r.status {
            201 => sold += 1,
            409 => {
                let p = problem(&r, 409, "deal-sold-out");
                assert!(p["detail"].as_str().unwrap().contains("sold out"), "{p}");
                refused += 1;
            }
            s => panic!("{s}: {}", r.text()),
        }
    }
    assert_eq!((sold, refused), (100, 1900));
    assert!(
        gateway.stats().authorize_calls <= 100,
        "{:?}",
        gateway.stats()
    );
    let (held, sold_db): (i64, i64) = db(&cfg)
        .query_row("SELECT held, sold FROM deals WHERE id = ?1", [&id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((held, sold_db), (0, 100));
    assert_eq!(stock(&cfg, "tote", "tote"), 4900);
    let _ = stop.send(());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_buyer_stays_under_the_limit_however_fast_they_tap() {
    let (_fx, cfg) = live_shop(json!({}));
    let srv = start(cfg.clone()).await;
    let deal = ok(&srv, json!({ "type": "deal_start", "product": "tote", "price": 1000, "units": 50, "per_buyer": 2, "duration_s": 60, "at": 1 })).await;
    let id = deal["deal"]["id"].as_str().unwrap().to_string();
    // The same person, e-mail written differently each time, 20 taps at once.
    let addr = srv.addr;
    let tasks: Vec<_> = (0..20u32)
        .map(|n| {
            let email = if n % 2 == 0 {
                "Ada+live@Example.com".to_string()
            } else {
                format!(" ada+{n}@example.com ")
            };
            let body = deal_order(&id, &email, 1, 1000);
            tokio::spawn(async move {
                let k = key(500 + n);
                send(
                    addr,
                    "POST",
                    "/api/checkout",
                    &[("Idempotency-Key", k.as_str())],
                    body.as_bytes(),
                )
                .await
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        let r = t.await.unwrap();
        if r.status == 409 {
            let p = problem(&r, 409, "deal-limit-reached");
            assert!(p["detail"].as_str().unwrap().contains("at most 2"), "{p}");
        }
        statuses.push(r.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        2,
        "{statuses:?}"
    );
    // Two units in one order is over the limit too; a deal needs an e-mail.
    let r = checkout(
        &srv,
        Some(&key(600)),
        &deal_order(&id, "grace@example.com", 3, 1000),
    )
    .await;
    assert_eq!(
        problem(&r, 422, "bad-quantity")["path"],
        "lines[0].quantity"
    );
    let mut no_email: Value =
        serde_json::from_str(&deal_order(&id, "x@example.com", 1, 1000)).unwrap();
    no_email.as_object_mut().unwrap().remove("payer");
    let r = checkout(&srv, Some(&key(601)), &no_email.to_string()).await;
    assert_eq!(problem(&r, 422, "invalid-field")["path"], "payer.email");
    // The regular price is not the deal's.
    let r = checkout(
        &srv,
        Some(&key(602)),
        &deal_order(&id, "grace@example.com", 1, 2900),
    )
    .await;
    problem(&r, 409, "price-changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_window_a_deal_is_refused_and_ends_by_itself() {
    let (_fx, mut cfg) = live_shop(json!({}));
    cfg.deal_allowance = Duration::from_millis(500);
    let srv = start(cfg.clone()).await;
    let mut viewer = Sse::connect(srv.addr, EVENTS, None).await;
    viewer
        .next_of("snapshot", Duration::from_secs(5))
        .await
        .unwrap();
    let deal = ok(&srv, json!({ "type": "deal_start", "product": "tote", "price": 1000, "units": 5, "per_buyer": 5, "duration_s": 60, "at": 1 })).await;
    let id = deal["deal"]["id"].as_str().unwrap().to_string();
    // The host ends it: orders are still taken for the allowance, then not.
    ok(&srv, json!({ "type": "deal_end", "deal": id, "at": 2 })).await;
    let r = checkout(
        &srv,
        Some(&key(1)),
        &deal_order(&id, "a@example.com", 1, 1000),
    )
    .await;
    assert_eq!(r.status, 201, "within the allowance: {}", r.text());
    tokio::time::sleep(Duration::from_millis(700)).await;
    let r = checkout(
        &srv,
        Some(&key(2)),
        &deal_order(&id, "b@example.com", 1, 1000),
    )
    .await;
    let p = problem(&r, 409, "deal-over");
    assert_eq!(p["path"], "deal_id");
    // Sold out: the server ends it by itself, with no `at` (applied on arrival).
    let deal = ok(&srv, json!({ "type": "deal_start", "product": "lipstick", "variant": "ruby", "price": 900, "units": 1, "per_buyer": 1, "duration_s": 60, "at": 3 })).await;
    let id = deal["deal"]["id"].as_str().unwrap().to_string();
    let body = json!({
        "video_id": "live-video", "currency": "USD", "deal_id": id,
        "lines": [{ "product_id": "lipstick", "variant_id": "ruby", "quantity": 1, "unit_price": 900 }],
        "payment": { "method": "https://google.com/pay", "token": "tok_test_approve" },
        "payer": { "email": "c@example.com" }
    });
    assert_eq!(
        checkout(&srv, Some(&key(3)), &body.to_string())
            .await
            .status,
        201
    );
    loop {
        let m = viewer
            .next_of("live", Duration::from_secs(5))
            .await
            .expect("the automatic end");
        let e: Value = serde_json::from_str(&m.data).unwrap();
        if e["type"] == "deal_end" && e["deal"] == id {
            assert_eq!(e["reason"], "sold_out");
            assert!(e.get("at").is_none(), "{e}");
            break;
        }
    }
}

#[tokio::test]
async fn likes_are_summed_and_bounded_per_client() {
    let (_fx, cfg) = live_shop(json!({}));
    let srv = start(cfg).await;
    let like = |n: u32| {
        let addr = srv.addr;
        async move {
            send(
                addr,
                "POST",
                "/api/live/show-1/likes",
                &[("Content-Type", "application/json")],
                json!({ "count": n }).to_string().as_bytes(),
            )
            .await
        }
    };
    let r = like(3).await;
    assert_eq!((r.status, json_of(&r)["likes"].clone()), (200, json!(3)));
    let r = like(51).await;
    assert_eq!(problem(&r, 422, "invalid-field")["path"], "count");
    // The burst is 50 likes: the rest of this second is refused.
    assert_eq!(like(47).await.status, 200);
    let r = like(10).await;
    problem(&r, 429, "rate-limited");
    assert!(r.header("retry-after").is_some());
}
