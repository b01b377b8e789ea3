//! The API's OpenAPI document: the checked-in `server/openapi.json` is the
//! generated one, the server serves it at `/api/openapi.json`, and it
//! documents what a merchant implementing the contract needs.

mod common;

use common::shop::*;
use common::*;
use serde_json::Value;

const CHECKED_IN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");

#[test]
fn the_checked_in_document_is_the_generated_one() {
    let generated = server::openapi::json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(CHECKED_IN, &generated).unwrap();
    }
    let on_disk = std::fs::read_to_string(CHECKED_IN).unwrap_or_default();
    if on_disk != generated {
        let line = on_disk
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| on_disk.lines().count().min(generated.lines().count()));
        panic!(
            "server/openapi.json differs from the document the routes generate (first at line {}); \
             regenerate it with `{}` and commit it",
            line + 1,
            server::openapi::REGENERATE
        );
    }
}

#[test]
fn the_contract_is_openapi_3_1_with_its_headers_and_problems() {
    let doc: Value = serde_json::from_str(&server::openapi::json()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let checkout = &doc["paths"]["/api/checkout"]["post"];
    let key = checkout["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Idempotency-Key")
        .expect("the checkout documents Idempotency-Key");
    assert_eq!(key["in"], "header");
    assert_eq!(key["required"], true);
    assert!(checkout["responses"]["201"]["content"]["application/json"].is_object());
    assert!(checkout["responses"]["409"]["content"]["application/problem+json"].is_object());
    assert!(checkout["responses"]["503"]["headers"]["Retry-After"].is_object());
    let body = &doc["components"]["schemas"]["CheckoutRequest"];
    for field in ["video_id", "currency", "lines", "payment"] {
        assert!(
            body["required"]
                .as_array()
                .unwrap()
                .contains(&Value::from(field)),
            "CheckoutRequest requires {field}"
        );
    }
    let admin = &doc["paths"]["/api/admin/orders"]["get"];
    assert_eq!(admin["security"][0]["admin_token"], serde_json::json!([]));
    assert!(admin["responses"]["401"]["headers"]["WWW-Authenticate"].is_object());
    assert_eq!(
        doc["components"]["securitySchemes"]["admin_token"]["scheme"],
        "bearer"
    );
}

/// Every route the API answers is in the document: each documented path
/// answers something other than the API's 404 for unknown paths.
#[tokio::test]
async fn the_server_serves_the_document_and_every_documented_path_is_routed() {
    let (_fx, cfg) = shop(serde_json::json!({}));
    let srv = start(cfg).await;
    let r = get(srv.addr, "/api/openapi.json", &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.text(), server::openapi::json());
    let doc: Value = serde_json::from_str(&r.text()).unwrap();
    for path in doc["paths"].as_object().unwrap().keys() {
        let concrete = path
            .replace("{id}", "0f8fad5b-d9cb-469f-a165-70867728950e")
            .replace("{show}", "no-such-show")
            .replace("{video}", "v");
        // `OPTIONS` reaches each route's 405 (or CORS); only an unrouted
        // path answers the API's 404 "no file at".
        let r = send(srv.addr, "OPTIONS", &concrete, &[], b"").await;
        assert!(
            !r.text().contains("no file at"),
            "{path} is documented but not routed: {}",
            r.text()
        );
    }
    srv.stop().await;
}
