//! The HTTP gateway: the [`PaymentGateway`] calls as JSON requests to a
//! payment service, so a merchant can put their processor behind a small
//! adapter of their own. The wire contract (server/README.md, "The HTTP
//! gateway contract"):
//!
//! ```text
//! POST {base}payments/{reference}/authorize  {"amount","currency","token","idempotency_key"}
//! POST {base}payments/{reference}/capture    {"amount","currency"}
//! POST {base}payments/{reference}/void       {}
//! POST {base}payments/{reference}/refund     {"amount","currency"}
//! GET  {base}payments/{reference}
//! ```
//!
//! Every request carries `Authorization: Bearer <secret>` and
//! `Idempotency-Key: <reference>:<call>`; answers are JSON objects with a
//! `status`. A 2xx or a 402/404/409 with a `status` is a definite answer;
//! a timeout, a dropped connection or a 5xx is not (the call may have been
//! applied), and is reported as [`GatewayError::Unavailable`] for the
//! caller to repeat under the same reference.

use std::time::Duration;

use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

use super::{Authorization, Charge, GatewayError, PaymentGateway, Status};

pub struct HttpGateway {
    base: reqwest::Url,
    secret: String,
    client: reqwest::Client,
}

/// Every answer's body (fields absent where they do not apply).
#[derive(Debug, Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    authorization_id: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

impl HttpGateway {
    /// `base` must be an http(s) URL; a missing trailing slash is added so
    /// `payments/…` is resolved below it. `timeout` bounds each call.
    pub fn new(base: &str, secret: String, timeout: Duration) -> Result<HttpGateway, String> {
        let mut base = reqwest::Url::parse(base)
            .map_err(|e| format!("--gateway-url {base}: not a URL ({e})"))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(format!("--gateway-url {base}: must be http:// or https://"));
        }
        if !base.path().ends_with('/') {
            let p = format!("{}/", base.path());
            base.set_path(&p);
        }
        if secret.trim().is_empty() {
            return Err(
                "the gateway secret is empty (--gateway-secret-file or SHOPPABLE_GATEWAY_SECRET)"
                    .into(),
            );
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            // Hundreds of authorizations may be in flight at once.
            .pool_max_idle_per_host(1024)
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(HttpGateway {
            base,
            secret,
            client,
        })
    }

    fn url(&self, reference: &str, call: Option<&str>) -> Result<reqwest::Url, GatewayError> {
        // The reference is our order id, a UUID: one path segment as it is.
        if !reference
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b'-')
        {
            return Err(GatewayError::Refused(format!(
                "reference {reference:?} is not an order id"
            )));
        }
        let mut path = format!("payments/{reference}");
        if let Some(c) = call {
            path.push('/');
            path.push_str(c);
        }
        self.base
            .join(&path)
            .map_err(|e| GatewayError::Refused(format!("bad payment URL: {e}")))
    }

    async fn call(
        &self,
        reference: &str,
        call: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> Result<(u16, Answer), GatewayError> {
        let url = self.url(reference, call)?;
        let op = call.unwrap_or("lookup");
        let req = match &body {
            Some(b) => self.client.post(url).body(b.to_string()),
            None => self.client.get(url),
        };
        let res = req
            .bearer_auth(&self.secret)
            .header("content-type", "application/json")
            .header("idempotency-key", format!("{reference}:{op}"))
            .send()
            .await
            .map_err(|e| GatewayError::Unavailable(format!("{op} {reference}: {}", reason(&e))))?;
        let status = res.status().as_u16();
        if status >= 500 || status == 408 || status == 429 {
            return Err(GatewayError::Unavailable(format!(
                "{op} {reference}: HTTP {status}"
            )));
        }
        if status == 401 || status == 403 {
            return Err(GatewayError::Refused(format!(
                "{op} {reference}: HTTP {status}: the gateway secret was refused"
            )));
        }
        let bytes = res
            .bytes()
            .await
            .map_err(|e| GatewayError::Unavailable(format!("{op} {reference}: {}", reason(&e))))?;
        let answer: Answer = serde_json::from_slice(&bytes).map_err(|e| {
            GatewayError::Refused(format!(
                "{op} {reference}: HTTP {status} with an unreadable body ({e})"
            ))
        })?;
        Ok((status, answer))
    }
}

/// A reqwest error in a few words, without the URL (already in our message).
fn reason(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else if e.is_body() || e.is_request() {
        "the connection was dropped".into()
    } else {
        e.to_string()
    }
}

fn unexpected(op: &str, status: u16, a: &Answer) -> GatewayError {
    GatewayError::Refused(format!(
        "{op}: unexpected answer HTTP {status} status \"{}\"",
        a.status
    ))
}

#[async_trait]
impl PaymentGateway for HttpGateway {
    fn describe(&self) -> String {
        format!("HTTP gateway at {}", self.base)
    }

    async fn authorize(
        &self,
        c: Charge<'_>,
        token: &str,
        key: &str,
    ) -> Result<Authorization, GatewayError> {
        let body = json!({ "amount": c.amount, "currency": c.currency, "token": token, "idempotency_key": key });
        let (status, a) = self
            .call(c.reference, Some("authorize"), Some(body))
            .await?;
        match (status, a.status.as_str()) {
            (200..=299, "authorized") | (200..=299, "captured") => Ok(Authorization::Approved {
                id: a.authorization_id.unwrap_or_default(),
            }),
            (_, "declined") => Ok(Authorization::Declined {
                reason: a.reason.unwrap_or_default(),
            }),
            (409, "voided") => Ok(Authorization::Voided),
            _ => Err(unexpected("authorize", status, &a)),
        }
    }

    async fn capture(&self, c: Charge<'_>) -> Result<(), GatewayError> {
        let body = json!({ "amount": c.amount, "currency": c.currency });
        let (status, a) = self.call(c.reference, Some("capture"), Some(body)).await?;
        match (status, a.status.as_str()) {
            (200..=299, "captured") => Ok(()),
            _ => Err(unexpected("capture", status, &a)),
        }
    }

    async fn void(&self, reference: &str) -> Result<(), GatewayError> {
        let (status, a) = self.call(reference, Some("void"), Some(json!({}))).await?;
        match (status, a.status.as_str()) {
            (200..=299, "voided" | "declined") => Ok(()),
            _ => Err(unexpected("void", status, &a)),
        }
    }

    async fn refund(&self, c: Charge<'_>) -> Result<(), GatewayError> {
        let body = json!({ "amount": c.amount, "currency": c.currency });
        let (status, a) = self.call(c.reference, Some("refund"), Some(body)).await?;
        match (status, a.status.as_str()) {
            (200..=299, "refunded") => Ok(()),
            _ => Err(unexpected("refund", status, &a)),
        }
    }

    async fn lookup(&self, reference: &str) -> Result<Status, GatewayError> {
        let (status, a) = self.call(reference, None, None).await?;
        Ok(match (status, a.status.as_str()) {
            (404, _) | (_, "not_found") => Status::NotFound,
            (_, "authorized") => Status::Authorized {
                id: a.authorization_id.unwrap_or_default(),
            },
            (_, "captured") => Status::Captured,
            (_, "voided") => Status::Voided,
            (_, "refunded") => Status::Refunded,
            (_, "declined") => Status::Declined {
                reason: a.reason.unwrap_or_default(),
            },
            _ => return Err(unexpected("lookup", status, &a)),
        })
    }
}
