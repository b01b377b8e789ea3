//! Errors as RFC 9457 `application/problem+json`. Every error the server
//! produces, static or API, goes through [`Problem`] so clients parse one shape.

use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// An RFC 9457 problem detail. `type` stays `about:blank` until the checkout API
/// defines its own problem types; then `title` must be the status's reason phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub kind: String,
    pub title: String,
    pub status: StatusCode,
    pub detail: Option<String>,
}

impl Problem {
    /// An `about:blank` problem whose title is the status's reason phrase.
    pub fn new(status: StatusCode) -> Self {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status,
            detail: None,
        }
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// 404 naming the path that has nothing behind it.
    pub fn not_found(path: &str) -> Self {
        Problem::new(StatusCode::NOT_FOUND).detail(format!("no file at {path}"))
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "type": self.kind,
            "title": self.title,
            "status": self.status.as_u16(),
        });
        if let Some(d) = &self.detail {
            v["detail"] = d.clone().into();
        }
        v
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = self.to_json().to_string();
        let mut res = (self.status, body).into_response();
        let h = res.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        // A miss now may be a hit after the next build: never cache errors.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

/// Fallback handler: 404 problem for whatever path was asked for. Uses the
/// original URI so a miss under a nested router names the full path.
pub async fn not_found(req: Request) -> Problem {
    Problem::not_found(&original_path(&req))
}

/// The path as the client sent it, before any `nest` stripped a prefix.
pub fn original_path(req: &Request) -> String {
    match req.extensions().get::<OriginalUri>() {
        Some(o) => o.0.path().to_string(),
        None => req.uri().path().to_string(),
    }
}
