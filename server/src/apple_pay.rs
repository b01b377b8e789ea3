//! Apple Pay merchant validation: `POST /api/apple-pay/session`.
//!
//! Safari's payment sheet for Apple Pay fires `merchantvalidation` with a
//! `validationURL` on one of Apple's hosts; the widget posts it here
//! (`{"validation_url": …}`), and the server asks Apple for a merchant
//! session with the merchant's identity certificate (mutual TLS) and
//! returns Apple's answer as it is, for the widget to hand to
//! `event.complete()`.
//!
//! The server calls the URL only if its host is one of Apple's published
//! validation hosts ([`APPLE_HOSTS`]) over https: anything else would make
//! the server a proxy that presents the merchant's certificate to whoever
//! asks. `initiativeContext` is the host of the page that asked (its
//! `Origin`), which must be a domain the merchant registered with Apple and
//! allowed here (`--allowed-origins`, or the server's own).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use shoppable::model::checkout::CheckoutProblem;

use crate::api::Api;
use crate::config;
use crate::problem::{problem_json, Problem};
use crate::store::StoreError;

/// Apple's merchant validation hosts, from "Setting up your server" in
/// Apple Pay on the Web's documentation (production, China, and the
/// sandbox's `-cert` hosts).
pub const APPLE_HOSTS: &[&str] = &[
    "apple-pay-gateway.apple.com",
    "cn-apple-pay-gateway.apple.com",
    "apple-pay-gateway-nc-pod1.apple.com",
    "apple-pay-gateway-nc-pod2.apple.com",
    "apple-pay-gateway-nc-pod3.apple.com",
    "apple-pay-gateway-nc-pod4.apple.com",
    "apple-pay-gateway-nc-pod5.apple.com",
    "apple-pay-gateway-pr-pod1.apple.com",
    "apple-pay-gateway-pr-pod2.apple.com",
    "apple-pay-gateway-pr-pod3.apple.com",
    "apple-pay-gateway-pr-pod4.apple.com",
    "apple-pay-gateway-pr-pod5.apple.com",
    "cn-apple-pay-gateway-sh-pod1.apple.com",
    "cn-apple-pay-gateway-sh-pod2.apple.com",
    "cn-apple-pay-gateway-sh-pod3.apple.com",
    "cn-apple-pay-gateway-tj-pod1.apple.com",
    "cn-apple-pay-gateway-tj-pod2.apple.com",
    "cn-apple-pay-gateway-tj-pod3.apple.com",
    "apple-pay-gateway-cert.apple.com",
    "cn-apple-pay-gateway-cert.apple.com",
];

/// The merchant identity and the client that presents it.
pub struct ApplePay {
    merchant_id: String,
    display_name: String,
    client: reqwest::Client,
    override_url: Option<reqwest::Url>,
}

impl ApplePay {
    pub fn new(cfg: &config::ApplePay) -> Result<ApplePay, StoreError> {
        let mut builder = reqwest::Client::builder().timeout(Duration::from_secs(10));
        if let Some(path) = &cfg.identity {
            let pem = std::fs::read(path).map_err(|e| {
                StoreError(format!(
                    "--apple-pay-identity {}: cannot read it: {e}",
                    path.display()
                ))
            })?;
            let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
                StoreError(format!(
                    "--apple-pay-identity {}: not a PEM certificate and private key: {e}",
                    path.display()
                ))
            })?;
            builder = builder.identity(identity);
        }
        let override_url = cfg
            .validation_override
            .as_deref()
            .map(|u| {
                reqwest::Url::parse(u)
                    .map_err(|e| StoreError(format!("--test-apple-pay-validation-url {u}: {e}")))
            })
            .transpose()?;
        Ok(ApplePay {
            merchant_id: cfg.merchant_id.clone(),
            display_name: cfg.display_name.clone(),
            client: builder
                .build()
                .map_err(|e| StoreError(format!("Apple Pay client: {e}")))?,
            override_url,
        })
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
struct SessionRequest {
    /// The `validationURL` of Apple Pay's `onvalidatemerchant` event: https, on one of Apple's hosts.
    #[schema(pattern = "^https://")]
    validation_url: String,
}

fn invalid(path: &str, message: String) -> Response {
    problem_json(
        &CheckoutProblem::InvalidField {
            path: path.into(),
            message,
        }
        .document(),
    )
}

/// The host of the page asking, if that page's origin may use the API.
fn initiative_context(api: &Api, headers: &HeaderMap) -> Result<String, Response> {
    let origin = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let url = reqwest::Url::parse(origin).ok();
    let page_host = url.as_ref().and_then(|u| u.host_str()).map(str::to_string);
    let same_origin = url.as_ref().is_some_and(|u| u.authority() == host);
    let allowed = api.allowed_origins.iter().any(|o| o == origin);
    match page_host {
        Some(h) if same_origin || allowed => Ok(h),
        _ => Err(Problem::new(StatusCode::FORBIDDEN)
            .detail(format!(
                "Apple Pay sessions are made for this server's own pages and --allowed-origins; the Origin header was \"{origin}\""
            ))
            .into_response()),
    }
}

/// `POST /api/apple-pay/session` `{"validation_url": "https://apple-pay-gateway.apple.com/…"}`.
#[utoipa::path(
    post,
    path = "/apple-pay/session",
    tag = "apple-pay",
    summary = "Apple Pay merchant validation",
    request_body(content = SessionRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Apple's merchant session, as Apple sent it", body = Object, content_type = "application/json"),
        (status = 400, description = "`malformed`", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 403, description = "An Origin that is neither this server nor in `--allowed-origins`", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "`invalid-field`: `validation_url` is not an https URL on Apple's hosts", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 501, description = "Apple Pay is not configured on this server", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 502, description = "Apple did not answer, or refused", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn session(State(api): State<Arc<Api>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(ap) = &api.apple_pay else {
        return Problem::new(StatusCode::NOT_IMPLEMENTED)
            .detail("Apple Pay is not configured on this server (--apple-pay-merchant-id)")
            .into_response();
    };
    let req: SessionRequest = match crate::api::parse_json(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let url = match reqwest::Url::parse(&req.validation_url) {
        Ok(u) => u,
        Err(e) => return invalid("validation_url", format!("not a URL ({e})")),
    };
    let apple = url.scheme() == "https"
        && url.port().is_none()
        && url.host_str().is_some_and(|h| APPLE_HOSTS.contains(&h));
    if !apple {
        return invalid(
            "validation_url",
            "must be an https URL on one of Apple's merchant validation hosts".into(),
        );
    }
    let context = match initiative_context(&api, &headers) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let target = ap.override_url.clone().unwrap_or(url);
    let payload = json!({
        "merchantIdentifier": ap.merchant_id,
        "displayName": ap.display_name,
        "initiative": "web",
        "initiativeContext": context,
    });
    let answer = ap
        .client
        .post(target)
        .header(header::CONTENT_TYPE, "application/json")
        .body(payload.to_string())
        .send()
        .await;
    let res = match answer {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: Apple Pay merchant validation: {e}");
            return Problem::new(StatusCode::BAD_GATEWAY)
                .detail("Apple Pay did not answer the merchant validation; try again")
                .into_response();
        }
    };
    let status = res.status();
    let bytes = res.bytes().await.unwrap_or_default();
    if !status.is_success() || serde_json::from_slice::<serde_json::Value>(&bytes).is_err() {
        eprintln!(
            "error: Apple Pay merchant validation: HTTP {status}: {}",
            String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
        );
        return Problem::new(StatusCode::BAD_GATEWAY)
            .detail("Apple Pay refused the merchant validation; see the server log")
            .into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        bytes,
    )
        .into_response()
}
