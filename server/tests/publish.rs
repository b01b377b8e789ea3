//! The studio's Publish: `PUT /api/admin/manifests/{video}` behind the admin
//! token, validated by the widget's rules (422 naming JSON paths), written
//! atomically under the data directory, served and priced on top of the
//! site's manifests (whose files stay as they were), with admin prices
//! still in force.

mod common;

use common::shop::*;
use common::*;
use serde_json::{json, Value};

async fn put(srv: &Running, path: &str, body: &str, token: Option<&str>) -> Resp {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        headers.push(("Authorization", a.as_str()));
    }
    send(srv.addr, "PUT", path, &headers, body.as_bytes()).await
}

fn published() -> Value {
    let mut m: Value = serde_json::from_str(CATALOG).unwrap();
    m["products"][0]["variants"][0]["price"] = json!(1700);
    m["tags"] = json!([{ "id": "t1", "product": "lipstick", "start": 1.0, "end": 3.0,
        "keyframes": [{ "t": 1.0, "x": 0.25, "y": 0.5 }, { "t": 3.0, "x": 0.75, "y": 0.5 }] }]);
    m
}

#[tokio::test]
async fn a_published_manifest_is_served_and_priced_over_the_sites() {
    let (fx, cfg) = shop(json!({}));
    let site_file = std::fs::read(fx.path().join("www/manifests/test.json")).unwrap();
    let srv = start(cfg.clone()).await;
    let body = published().to_string();

    let r = put(&srv, "/api/admin/manifests/test-video", &body, None).await;
    assert_eq!(r.status, 401);
    let r = put(
        &srv,
        "/api/admin/manifests/test-video",
        &body,
        Some(ADMIN_TOKEN),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(json_of(&r)["served_at"], "/manifests/test-video.json");

    // Written under the data directory, whole; the site's file untouched.
    let written = std::fs::read_to_string(cfg.data_dir.join("manifests/test-video.json")).unwrap();
    assert_eq!(written, body);
    assert_eq!(
        std::fs::read(fx.path().join("www/manifests/test.json")).unwrap(),
        site_file
    );
    // Served under its own name and under the site's name for that video.
    for path in ["/manifests/test-video.json", "/manifests/test.json"] {
        let m = json_of(&get(srv.addr, path, &[]).await);
        assert_eq!(m["tags"][0]["id"], "t1", "{path}");
        assert_eq!(m["products"][0]["variants"][0]["price"], 1700, "{path}");
    }
    // Priced from: the old price is refused, the published one charged.
    let old = checkout(&srv, Some(&key(1)), &cart().to_string()).await;
    assert_eq!(
        problem(&old, 409, "price-changed")["path"],
        "lines[0].unit_price"
    );
    let mut new = cart();
    new["lines"][0]["unit_price"] = json!(1700);
    let r = checkout(&srv, Some(&key(2)), &new.to_string()).await;
    assert_eq!(r.status, 201, "{}", r.text());

    // An admin price stays in force over the published one.
    let auth = format!("Bearer {ADMIN_TOKEN}");
    let r = send(
        srv.addr,
        "PUT",
        "/api/admin/prices",
        &[("Authorization", auth.as_str()), ("Content-Type", "application/json")],
        json!({ "items": [{ "product_id": "lipstick", "variant_id": "ruby", "currency": "USD", "price": 1500 }] })
            .to_string()
            .as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = put(
        &srv,
        "/api/admin/manifests/test-video",
        &body,
        Some(ADMIN_TOKEN),
    )
    .await;
    assert_eq!(r.status, 200);
    let m = json_of(&get(srv.addr, "/manifests/test.json", &[]).await);
    assert_eq!(m["products"][0]["variants"][0]["price"], 1500);
}

#[tokio::test]
async fn a_bad_manifest_is_422_naming_json_paths_and_nothing_is_written() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg.clone()).await;
    let errors = |r: &Resp| -> Vec<String> {
        assert_eq!(r.status, 422, "{}", r.text());
        assert_eq!(r.header("content-type"), Some("application/problem+json"));
        json_of(r)["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].as_str().unwrap().to_string())
            .collect()
    };
    // A tag the widget would drop.
    let mut m = published();
    m["tags"][0]["product"] = json!("nope");
    let r = put(
        &srv,
        "/api/admin/manifests/test-video",
        &m.to_string(),
        Some(ADMIN_TOKEN),
    )
    .await;
    assert_eq!(errors(&r), vec!["tags[0].product"]);
    // A type error.
    let mut m = published();
    m["tags"][0]["start"] = json!("soon");
    let r = put(
        &srv,
        "/api/admin/manifests/test-video",
        &m.to_string(),
        Some(ADMIN_TOKEN),
    )
    .await;
    assert_eq!(errors(&r), vec!["tags[0].start"]);
    // The path's video is not the manifest's.
    let r = put(
        &srv,
        "/api/admin/manifests/other",
        &published().to_string(),
        Some(ADMIN_TOKEN),
    )
    .await;
    assert_eq!(errors(&r), vec!["video.id"]);
    // Not a file name.
    let r = put(
        &srv,
        "/api/admin/manifests/..evil",
        &published().to_string(),
        Some(ADMIN_TOKEN),
    )
    .await;
    assert_eq!(errors(&r), vec!["video.id"]);
    assert!(!cfg
        .data_dir
        .join("manifests")
        .join("test-video.json")
        .exists());
    assert!(!cfg.data_dir.join("manifests").join("other.json").exists());
}
