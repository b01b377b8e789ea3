//! `GET /api/manifests/{video}/jsonld`: the page's JSON-LD, from the same
//! model function as the studio's export, for a manifest of the catalog.

mod common;

use common::shop::*;
use common::*;
use serde_json::{json, Value};
use shoppable::model::studio::jsonld::{video_object, VideoPage};

const TAGGED: &str = r#"{
  "version": 1,
  "video": { "id": "tagged" },
  "currency": "USD",
  "products": [
    { "id": "lipstick", "title": "Velvet Lipstick", "price": 1900 },
    { "id": "tote", "title": "Canvas Tote </script>", "price": 2900 }
  ],
  "tags": [
    { "id": "t2", "product": "tote", "start": 12.4, "end": 20.2, "keyframes": [{ "t": 12.4, "x": 0.5, "y": 0.5 }] },
    { "id": "t1", "product": "lipstick", "start": 3.6, "end": 9.1, "keyframes": [{ "t": 3.6, "x": 0.3, "y": 0.4 }] }
  ]
}"#;

const QUERY: &str = "page_url=https%3A%2F%2Fbrand.example%2Fspring%3Fref%3Dhome&name=Spring+drop&thumbnail_url=https%3A%2F%2Fbrand.example%2Fspring.jpg&upload_date=2026-03-01";

#[tokio::test]
async fn a_videos_json_ld_is_the_studios() {
    let (fx, cfg) = shop(json!({}));
    fx.write("www/manifests/tagged.json", TAGGED);
    let srv = start(cfg).await;

    let r = get(
        srv.addr,
        &format!("/api/manifests/tagged/jsonld?{QUERY}"),
        &[],
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/ld+json"));
    let got: Value = serde_json::from_str(&r.text()).unwrap();

    // The studio's function over the same manifest and page.
    let manifest = shoppable::model::manifest::parse_str(TAGGED)
        .unwrap()
        .manifest;
    let page = VideoPage {
        name: "Spring drop".into(),
        thumbnail_url: "https://brand.example/spring.jpg".into(),
        upload_date: "2026-03-01".into(),
        page_url: "https://brand.example/spring?ref=home".into(),
        ..VideoPage::default()
    };
    assert_eq!(got, video_object(&page, &manifest));
    // What that is: a VideoObject, a Clip per tag in time order, named
    // after its product, its url at the clip's start.
    assert_eq!(got["@type"], "VideoObject");
    assert_eq!(got["hasPart"][0]["@type"], "Clip");
    assert_eq!(got["hasPart"][0]["name"], "Velvet Lipstick");
    assert_eq!(got["hasPart"][0]["startOffset"], 3);
    assert_eq!(got["hasPart"][0]["endOffset"], 10);
    assert_eq!(
        got["hasPart"][0]["url"],
        "https://brand.example/spring?ref=home&t=3"
    );
    assert_eq!(got["hasPart"][1]["name"], "Canvas Tote </script>");
    assert!(!r.text().contains('<'), "`<` is escaped: {}", r.text());
    assert_eq!(
        got["hasPart"][1]["url"],
        "https://brand.example/spring?ref=home&t=12"
    );
    srv.stop().await;
}

#[tokio::test]
async fn missing_facts_and_unknown_videos_are_named() {
    let (fx, cfg) = shop(json!({}));
    fx.write("www/manifests/tagged.json", TAGGED);
    let srv = start(cfg).await;
    let problem = |r: &Resp| -> String {
        let v: Value = serde_json::from_str(&r.text()).unwrap();
        v["detail"].as_str().unwrap_or_default().to_string()
    };

    let r = get(srv.addr, "/api/manifests/tagged/jsonld?name=x", &[]).await;
    assert_eq!(r.status, 400);
    assert!(problem(&r).contains("page_url is required"), "{}", r.text());

    let q = QUERY.replace("2026-03-01", "March");
    let r = get(srv.addr, &format!("/api/manifests/tagged/jsonld?{q}"), &[]).await;
    assert_eq!(r.status, 400);
    assert!(problem(&r).contains("upload_date"), "{}", r.text());

    let q = QUERY.replace(
        "https%3A%2F%2Fbrand.example%2Fspring.jpg",
        "javascript%3Aalert(1)",
    );
    let r = get(srv.addr, &format!("/api/manifests/tagged/jsonld?{q}"), &[]).await;
    assert_eq!(r.status, 400);
    assert!(problem(&r).contains("thumbnail_url"), "{}", r.text());

    let r = get(
        srv.addr,
        &format!("/api/manifests/tagged/jsonld?{QUERY}&x=1"),
        &[],
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(
        problem(&r).contains("unknown query parameter x"),
        "{}",
        r.text()
    );

    let r = get(
        srv.addr,
        &format!("/api/manifests/nope/jsonld?{QUERY}"),
        &[],
    )
    .await;
    assert_eq!(r.status, 404);
    assert!(problem(&r).contains("nope"), "{}", r.text());

    // It is in the contract.
    let doc: Value = serde_json::from_str(&server::openapi::json()).unwrap();
    assert!(doc["paths"]["/api/manifests/{video}/jsonld"]["get"].is_object());
    srv.stop().await;
}
