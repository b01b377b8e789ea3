//! The live catalog: manifests edited on disk price the next orders without
//! a restart; a half-written file never prices anything; new SKUs get stock;
//! a stock file seeds a fresh store once and never again.

mod common;

use std::time::{Duration, Instant};

use common::shop::*;
use common::*;
use serde_json::json;

async fn eventually<
    F: Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>>,
>(
    limit: Duration,
    what: &str,
    f: F,
) {
    let deadline = Instant::now() + limit;
    while !f().await {
        assert!(Instant::now() < deadline, "not within {limit:?}: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_manifest_prices_the_next_order() {
    let (fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let addr = srv.addr;
    assert_eq!(
        checkout(&srv, Some(&key(1)), &cart().to_string())
            .await
            .status,
        201
    );

    // Half-written: the old version keeps pricing and serving.
    fx.write("www/manifests/test.json", &CATALOG[..CATALOG.len() / 2]);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        checkout(&srv, Some(&key(2)), &cart().to_string())
            .await
            .status,
        201
    );
    let m = get(addr, "/manifests/test.json", &[]).await;
    assert_eq!(json_of(&m)["products"][0]["variants"][0]["price"], 1900);

    // The whole file, with a new price and a new variant.
    let edited = CATALOG
        .replace(
            r#""price": 1900, "max_per_order": 3"#,
            r#""price": 1700, "max_per_order": 3"#,
        )
        .replace(
            r#"{ "id": "plum""#,
            r#"{ "id": "coral", "options": ["Coral"], "price": 2000 },
        { "id": "plum""#,
        );
    assert_ne!(edited, CATALOG);
    fx.write("www/manifests/test.json", &edited);
    eventually(Duration::from_secs(5), "the new price is served", || {
        Box::pin(async move {
            let m = get(addr, "/manifests/test.json", &[]).await;
            json_of(&m)["products"][0]["variants"][0]["price"] == 1700
        })
    })
    .await;
    let old = checkout(&srv, Some(&key(3)), &cart().to_string()).await;
    problem(&old, 409, "price-changed");
    let mut new = cart();
    new["lines"][0]["unit_price"] = json!(1700);
    let r = checkout(&srv, Some(&key(4)), &new.to_string()).await;
    assert_eq!(r.status, 201, "{}", r.text());
    // The new variant got stock and sells.
    let coral = order_body(
        json!([{ "product_id": "lipstick", "variant_id": "coral", "quantity": 1, "unit_price": 2000 }]),
        "tok_test_approve",
    );
    let r = checkout(&srv, Some(&key(5)), &coral.to_string()).await;
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(stock(&cfg, "lipstick", "coral"), 9);
}

#[tokio::test]
async fn a_stock_file_seeds_a_fresh_store_once() {
    let (_fx, cfg) = shop(json!({ "ruby": 5 }));
    let srv = start(cfg.clone()).await;
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 5);
    assert_eq!(
        checkout(&srv, Some(&key(1)), &cart().to_string())
            .await
            .status,
        201
    );
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 3);
    srv.stop().await;
    // Same flags again: the two sold units stay sold.
    let srv = start(cfg.clone()).await;
    assert_eq!(stock(&cfg, "lipstick", "ruby"), 3);
    srv.stop().await;
}
