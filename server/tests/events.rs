//! `POST /api/events` (first-party analytics) and the admin dashboard's
//! figures: a good batch is counted, a bad one is refused whole with the
//! JSON path of the member at fault, an oversized one is refused, the
//! route is under the rate limit, and the dashboard's revenue is the
//! orders table's.

mod common;

use common::shop::*;
use common::*;
use serde_json::{json, Value};

const TAGGED: &str = r#"{
  "version": 1,
  "video": { "id": "tagged" },
  "currency": "USD",
  "products": [
    { "id": "lipstick", "title": "Velvet Lipstick", "price": 1900 },
    { "id": "tote", "title": "Canvas Tote", "price": 2900 }
  ],
  "tags": [
    { "id": "t1", "product": "lipstick", "start": 1, "end": 9, "keyframes": [{ "t": 1, "x": 0.3, "y": 0.4 }] },
    { "id": "t2", "product": "tote", "start": 10, "end": 20, "keyframes": [{ "t": 10, "x": 0.5, "y": 0.5 }] }
  ]
}"#;

async fn tagged() -> (TempDir, server::Config, Running) {
    let (fx, cfg) = shop(json!({}));
    fx.write("www/manifests/tagged.json", TAGGED);
    let srv = start(cfg.clone()).await;
    (fx, cfg, srv)
}

async fn beacon(srv: &Running, content_type: &str, body: &str) -> Resp {
    send(
        srv.addr,
        "POST",
        "/api/events",
        &[("Content-Type", content_type)],
        body.as_bytes(),
    )
    .await
}

/// The counters as (tag, kind code, second, n), in key order.
fn counters(cfg: &server::Config) -> Vec<(String, i64, i64, i64)> {
    let c = db(cfg);
    let mut st = c
        .prepare("SELECT tag, kind, second, n FROM event_counts WHERE video = 'tagged' ORDER BY tag, kind, second")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// An `about:blank` problem with `status`; returns its detail.
fn refused(r: &Resp, status: u16) -> String {
    assert_eq!(r.status, status, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/problem+json"));
    json_of(r)["detail"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_beacon_batch_is_counted_per_tag_kind_and_second() {
    let (_fx, cfg, srv) = tagged().await;
    // What navigator.sendBeacon sends for a string.
    let body = json!({ "video": "tagged", "events": [
        { "kind": "video_view", "t": 0 },
        { "kind": "tag_view", "tag": "t1", "t": 1.2 },
        { "kind": "tag_click", "tag": "t1", "t": 4.9 },
        { "kind": "tag_click", "tag": "t1", "t": 4.1 },
        { "kind": "product_view", "tag": "t1", "t": 4.9 },
    ]});
    let r = beacon(&srv, "text/plain;charset=UTF-8", &body.to_string()).await;
    assert_eq!(r.status, 204, "{}", r.text());
    let r = beacon(&srv, "application/json", &body.to_string()).await;
    assert_eq!(r.status, 204, "{}", r.text());
    assert_eq!(
        counters(&cfg),
        [
            ("".to_string(), 0, 0, 2),
            ("t1".to_string(), 1, 1, 2),
            // Two taps in second 4, each batch: one counter of 4.
            ("t1".to_string(), 2, 4, 4),
            ("t1".to_string(), 3, 4, 2),
        ]
    );
}

#[tokio::test]
async fn a_bad_batch_is_refused_whole_naming_the_member() {
    let (_fx, cfg, srv) = tagged().await;
    let ev = |e: Value| {
        json!({ "video": "tagged", "events": [{ "kind": "tag_view", "tag": "t1", "t": 1 }, e] })
            .to_string()
    };
    let cases: Vec<(String, u16, &str)> = vec![
        ("not json".into(), 400, "expected"),
        (ev(json!({ "kind": "tag_view", "t": "soon" })), 400, "events[1].t: invalid type"),
        (ev(json!({ "kind": "tag_view", "t": 1, "user": "ada" })), 400, "events[1]"),
        (ev(json!({ "kind": "tag_tap", "t": 1 })), 422, "events[1].kind: unknown kind"),
        (ev(json!({ "kind": "tag_view", "tag": "t9", "t": 1 })), 422, "events[1].tag: no tag \"t9\" in video \"tagged\""),
        (ev(json!({ "kind": "tag_view", "t": -1 })), 422, "events[1].t: not a video time"),
        (json!({ "video": "tagged", "events": [] }).to_string(), 422, "events: empty"),
        (json!({ "video": "other", "events": [{ "kind": "video_view", "t": 0 }] }).to_string(), 422, "video: no video \"other\" in the catalog"),
        (json!({ "video": "tagged", "show": "spring", "events": [{ "kind": "video_view", "t": 0 }] }).to_string(), 422, "show: video \"tagged\" is not the show \"spring\""),
    ];
    for (body, status, start) in cases {
        let detail = refused(&beacon(&srv, "text/plain", &body).await, status);
        assert!(detail.starts_with(start), "{body}: {detail}");
        if body.contains("\"user\"") {
            assert!(detail.contains("unknown field `user`"), "{detail}");
        }
    }
    // Nothing of any of them was counted, not even the good first event.
    assert!(counters(&cfg).is_empty(), "{:?}", counters(&cfg));
    let detail = refused(
        &beacon(&srv, "application/x-www-form-urlencoded", "a=b").await,
        415,
    );
    assert!(detail.contains("text/plain"), "{detail}");
}

#[tokio::test]
async fn an_oversized_batch_is_refused() {
    let (_fx, cfg, srv) = tagged().await;
    let one = json!({ "kind": "tag_view", "tag": "t1", "t": 1 });
    // 51 events: over the batch size.
    let long = json!({ "video": "tagged", "events": vec![one.clone(); 51] }).to_string();
    let detail = refused(&beacon(&srv, "text/plain", &long).await, 422);
    assert!(
        detail.starts_with("events: 51 events; a batch holds at most 50"),
        "{detail}"
    );
    // 50 are taken.
    let full = json!({ "video": "tagged", "events": vec![one; 50] }).to_string();
    assert_eq!(beacon(&srv, "text/plain", &full).await.status, 204);
    // Over 24 KiB: refused before it is read as JSON.
    let padded = format!("{full}{}", " ".repeat(25 * 1024));
    let detail = refused(&beacon(&srv, "text/plain", &padded).await, 413);
    assert!(detail.contains("24576 bytes"), "{detail}");
    assert_eq!(counters(&cfg), [("t1".to_string(), 1, 1, 50)]);
}

#[tokio::test]
async fn beacons_are_rate_limited_like_the_rest_of_the_api() {
    let (fx, mut cfg) = shop(json!({}));
    fx.write("www/manifests/tagged.json", TAGGED);
    cfg.rate_limit = Some(server::config::RateLimit {
        per_second: 1,
        burst: 2,
    });
    let srv = start(cfg).await;
    let body =
        json!({ "video": "tagged", "events": [{ "kind": "video_view", "t": 0 }] }).to_string();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(beacon(&srv, "text/plain", &body).await);
    }
    assert_eq!(
        statuses.iter().map(|r| r.status).collect::<Vec<_>>(),
        [204, 204, 429]
    );
    assert!(statuses[2].header("retry-after").is_some());
}

#[tokio::test]
async fn the_dashboard_counts_beacons_and_takes_revenue_from_the_orders() {
    let (_fx, _cfg, srv) = tagged().await;
    let body = json!({ "video": "tagged", "events": [
        { "kind": "video_view", "t": 0 },
        { "kind": "tag_view", "tag": "t1", "t": 1.5 },
        { "kind": "tag_view", "tag": "t2", "t": 10.5 },
        { "kind": "tag_click", "tag": "t1", "t": 3.2 },
        { "kind": "product_view", "tag": "t1", "t": 3.2 },
        { "kind": "add_to_cart", "tag": "t1", "t": 3.9 },
        { "kind": "begin_checkout", "tag": "t1", "t": 4.0 },
        { "kind": "purchase", "tag": "t1", "t": 4.1 },
        // A beacon's purchase carries no money: revenue is the orders'.
        { "kind": "purchase", "tag": "t1", "t": 4.2 },
    ]});
    assert_eq!(
        beacon(&srv, "text/plain", &body.to_string()).await.status,
        204
    );
    // One order attributed to t1 (19.00), one declined (not revenue).
    let mut order = order_body(
        json!([{ "product_id": "lipstick", "variant_id": "lipstick", "quantity": 1, "unit_price": 1900 }]),
        "tok_test_approve",
    );
    order["video_id"] = json!("tagged");
    let r = checkout(&srv, Some(&key(1)), &order.to_string()).await;
    assert_eq!(r.status, 201, "{}", r.text());
    order["payment"]["token"] = json!("tok_test_decline");
    let r = checkout(&srv, Some(&key(2)), &order.to_string()).await;
    assert_eq!(r.status, 402, "{}", r.text());

    let auth = format!("Bearer {ADMIN_TOKEN}");
    assert_eq!(get(srv.addr, "/api/admin/dashboard", &[]).await.status, 401);
    let r = get(
        srv.addr,
        "/api/admin/dashboard",
        &[("Authorization", &auth)],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let d = json_of(&r);
    let s = d["sections"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["video"] == "tagged")
        .unwrap();
    assert_eq!(s["show"], Value::Null);
    assert_eq!(
        s["funnel"],
        json!({ "video_view": 1, "tag_view": 2, "tag_click": 1, "product_view": 1,
                "add_to_cart": 1, "begin_checkout": 1, "purchase": 2 })
    );
    assert_eq!(
        s["revenue"],
        json!([{ "currency": "USD", "orders": 1, "total": 1900 }])
    );
    assert_eq!(s["duration"], 20);
    let t1 = &s["tags"][0];
    assert_eq!(t1["tag"], "t1");
    assert_eq!(t1["product"], "Velvet Lipstick");
    assert_eq!(t1["funnel"]["tag_click"], 1);
    assert_eq!(
        t1["revenue"],
        json!([{ "currency": "USD", "orders": 1, "total": 1900 }])
    );
    assert_eq!(s["tags"][1]["revenue"], json!([]));
    assert_eq!(
        s["timeline"],
        json!([
            { "second": 3, "tag_click": 1, "add_to_cart": 1, "purchase": 0 },
            { "second": 4, "tag_click": 0, "add_to_cart": 0, "purchase": 2 },
        ])
    );
}

#[tokio::test]
async fn a_live_shows_events_are_counted_in_show_time() {
    let (fx, cfg) = shop(json!({}));
    fx.write("www/manifests/live.json", common::live::LIVE);
    let srv = start(server::Config {
        producer_token: Some(common::live::PRODUCER.into()),
        ..cfg.clone()
    })
    .await;
    let body = |t: f64| {
        json!({ "video": "live-video", "show": "show-1", "events": [{ "kind": "tag_click", "t": t }] })
            .to_string()
    };
    let detail = refused(&beacon(&srv, "text/plain", &body(1.0)).await, 422);
    assert!(
        detail.starts_with("show: \"show-1\" has not started"),
        "{detail}"
    );
    // The show starts with the producer's first event.
    let r = send(
        srv.addr,
        "POST",
        "/api/live/show-1/events",
        &[
            ("Content-Type", "application/json"),
            (
                "Authorization",
                &format!("Bearer {}", common::live::PRODUCER),
            ),
        ],
        json!({ "type": "pin", "product": "tote", "at": 1000 })
            .to_string()
            .as_bytes(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    let started: i64 = db(&cfg)
        .query_row(
            "SELECT started_ms FROM shows WHERE id = 'show-1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    // The manifest's epoch, 2026-11-29T22:00:00Z: tag time is program date − epoch.
    let epoch = 1_795_989_600_000_i64;
    let t = (started - epoch) as f64 / 1000.0 + 42.5;
    assert_eq!(beacon(&srv, "text/plain", &body(t)).await.status, 204);
    let row: (String, String, i64, i64) = db(&cfg)
        .query_row("SELECT video, show, second, n FROM event_counts", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!(row, ("live-video".into(), "show-1".into(), 42, 1));
}
