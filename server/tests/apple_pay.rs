//! Apple Pay merchant validation: the server asks for a merchant session
//! only on Apple's published hosts, with the page's host as the initiative
//! context, and hands Apple's answer back as it is. A local stand-in plays
//! Apple (the test-only override sends the request there).

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::routing::post;
use axum::{Json, Router};
use common::shop::*;
use common::*;
use serde_json::{json, Value};

/// A stand-in for Apple's validation endpoint: records what it was sent
/// and answers a merchant session object.
async fn apple() -> (SocketAddr, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = Router::new().route(
        "/paymentservices/startSession",
        post(move |Json(body): Json<Value>| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(body);
                Json(json!({ "epochTimestamp": 1, "merchantSessionIdentifier": "SSH-test", "signature": "c2ln" }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, seen)
}

async fn session(srv: &Running, origin: &str, url: &str) -> Resp {
    let body = json!({ "validation_url": url }).to_string();
    send(
        srv.addr,
        "POST",
        "/api/apple-pay/session",
        &[("Content-Type", "application/json"), ("Origin", origin)],
        body.as_bytes(),
    )
    .await
}

#[tokio::test]
async fn merchant_validation_only_on_apples_hosts() {
    let (stand_in, seen) = apple().await;
    let (_fx, mut cfg) = shop(json!({}));
    cfg.allowed_origins = vec!["https://brand.example".into()];
    cfg.apple_pay = Some(server::config::ApplePay {
        merchant_id: "merchant.example.shop".into(),
        display_name: "Rouge & Co".into(),
        identity: None,
        validation_override: Some(format!("http://{stand_in}/paymentservices/startSession")),
    });
    let srv = start(cfg).await;
    let apple_url = "https://apple-pay-gateway-cert.apple.com/paymentservices/startSession";

    let r = session(&srv, "https://brand.example", apple_url).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(json_of(&r)["merchantSessionIdentifier"], "SSH-test");
    assert_eq!(
        seen.lock().unwrap().as_slice(),
        [json!({
            "merchantIdentifier": "merchant.example.shop",
            "displayName": "Rouge & Co",
            "initiative": "web",
            "initiativeContext": "brand.example"
        })]
    );

    for bad in [
        "https://evil.example/paymentservices/startSession",
        "http://apple-pay-gateway.apple.com/paymentservices/startSession",
        "https://apple-pay-gateway.apple.com:8443/x",
        "https://apple-pay-gateway.apple.com.evil.example/x",
        "not a url",
    ] {
        let r = session(&srv, "https://brand.example", bad).await;
        let p = problem(&r, 422, "invalid-field");
        assert_eq!(p["path"], "validation_url", "{bad}");
    }
    let r = session(&srv, "https://elsewhere.example", apple_url).await;
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "nothing else reached the stand-in"
    );
}

#[tokio::test]
async fn without_a_merchant_identity_it_is_501() {
    let (_fx, cfg) = shop(json!({}));
    let srv = start(cfg).await;
    let r = session(
        &srv,
        "http://localhost",
        "https://apple-pay-gateway.apple.com/x",
    )
    .await;
    assert_eq!(r.status, 501);
    assert!(json_of(&r)["detail"]
        .as_str()
        .unwrap()
        .contains("--apple-pay-merchant-id"));
}
