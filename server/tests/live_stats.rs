//! `GET /api/live/{show}/stats`, the producer console's figures: only with
//! the producer token; orders, units sold and revenue of the show's video
//! since the show started (not before, not the declined), every deal with
//! its units sold and left, the viewers and likes now.

mod common;

use common::live::{LIVE, PRODUCER};
use common::shop::*;
use common::sse::Sse;
use common::*;
use serde_json::{json, Value};

async fn stats(srv: &Running, token: Option<&str>) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = auth
        .as_deref()
        .map(|a| vec![("Authorization", a)])
        .unwrap_or_default();
    get(srv.addr, "/api/live/show-1/stats", &headers).await
}

async fn act(srv: &Running, action: Value) -> Value {
    let r = send(
        srv.addr,
        "POST",
        "/api/live/show-1/events",
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &format!("Bearer {PRODUCER}")),
        ],
        action.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    json_of(&r)
}

fn order(lines: Value, token: &str, deal: Option<&str>) -> String {
    let mut o = json!({
        "video_id": "live-video", "currency": "USD", "lines": lines,
        "payment": { "method": "https://google.com/pay", "token": token },
        "payer": { "email": format!("{token}@example.com") }
    });
    if let Some(d) = deal {
        o["deal_id"] = d.into();
    }
    o.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_producer_sees_the_shows_orders_deals_viewers_and_likes() {
    let (fx, cfg) = shop(json!({}));
    fx.write("www/manifests/live.json", LIVE);
    let srv = start(server::Config {
        producer_token: Some(PRODUCER.into()),
        ..cfg
    })
    .await;
    for token in [None, Some("wrong-token-0123456789")] {
        let r = stats(&srv, token).await;
        assert_eq!(r.status, 401, "{token:?}");
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
    }
    let lipstick = json!([{ "product_id": "lipstick", "variant_id": "ruby", "quantity": 2, "unit_price": 1900 }]);
    // An order before the show started is not the show's.
    assert_eq!(
        checkout(
            &srv,
            Some(&key(1)),
            &order(lipstick.clone(), "tok_test_approve", None)
        )
        .await
        .status,
        201
    );
    let r = stats(&srv, Some(PRODUCER)).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let s = json_of(&r);
    assert_eq!(
        (s["orders"].as_u64(), s["revenue"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(s["started_ms"], Value::Null);

    // The show starts; a viewer watches and likes.
    act(
        &srv,
        json!({ "type": "pin", "product": "tote", "at": 1000 }),
    )
    .await;
    let _viewer = Sse::connect(srv.addr, "/api/live/show-1/events", None).await;
    let r = send(
        srv.addr,
        "POST",
        "/api/live/show-1/likes",
        &[("Content-Type", "application/json")],
        br#"{"count": 3}"#,
    )
    .await;
    assert!(r.status < 300, "{}", r.text());
    let deal = act(
        &srv,
        json!({ "type": "deal_start", "product": "tote", "price": 1500, "units": 5, "per_buyer": 2, "duration_s": 60, "at": 2000 }),
    )
    .await;
    let deal_id = deal["deal"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        checkout(
            &srv,
            Some(&key(2)),
            &order(lipstick, "tok_test_approve", None)
        )
        .await
        .status,
        201
    );
    let tote =
        json!([{ "product_id": "tote", "variant_id": "tote", "quantity": 2, "unit_price": 1500 }]);
    assert_eq!(
        checkout(
            &srv,
            Some(&key(3)),
            &order(tote.clone(), "tok_test_approve", Some(&deal_id))
        )
        .await
        .status,
        201
    );
    // A declined one counts for nothing.
    assert_eq!(
        checkout(
            &srv,
            Some(&key(4)),
            &order(tote, "tok_test_decline", Some(&deal_id))
        )
        .await
        .status,
        402
    );

    let s = json_of(&stats(&srv, Some(PRODUCER)).await);
    assert_eq!(s["show"], "show-1");
    assert_eq!(s["currency"], "USD");
    assert!(s["started_ms"].as_i64().is_some());
    assert_eq!(s["orders"], 2);
    assert_eq!(s["units_sold"], 4);
    assert_eq!(s["revenue"], 2 * 1900 + 2 * 1500);
    assert_eq!(s["viewers"], 1);
    assert_eq!(s["likes"], 3);
    let d = &s["deals"][0];
    assert_eq!(
        (
            d["id"].as_str(),
            d["product"].as_str(),
            d["price"].as_i64(),
            d["units"].as_u64()
        ),
        (Some(deal_id.as_str()), Some("tote"), Some(1500), Some(5))
    );
    assert_eq!(
        (
            d["sold"].as_i64(),
            d["held"].as_i64(),
            d["left"].as_i64(),
            d["open"].as_bool()
        ),
        (Some(2), Some(0), Some(3), Some(true))
    );
    act(
        &srv,
        json!({ "type": "deal_end", "deal": deal_id, "at": 3000 }),
    )
    .await;
    let s = json_of(&stats(&srv, Some(PRODUCER)).await);
    assert_eq!(
        (
            s["deals"][0]["open"].as_bool(),
            s["deals"][0]["end_reason"].as_str()
        ),
        (Some(false), Some("host"))
    );
}
