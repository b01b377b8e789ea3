//! Errors as RFC 9457 `application/problem+json`. Errors without a problem
//! type of their own (404, 405, 413, 500) go through [`Problem`]; the
//! checkout API's typed refusals are the model's `ProblemDocument`
//! (`checkout.rs`), the same shape plus a `path` member.

use axum::extract::{OriginalUri, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use shoppable::model::checkout::ProblemDocument;

/// An RFC 9457 problem detail of type `about:blank`, whose `title` is the
/// status's reason phrase.
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

    /// The JSON body, members in the RFC's order: type, title, status, detail.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Body<'a> {
            #[serde(rename = "type")]
            kind: &'a str,
            title: &'a str,
            status: u16,
            #[serde(skip_serializing_if = "Option::is_none")]
            detail: Option<&'a str>,
        }
        serde_json::to_string(&Body {
            kind: &self.kind,
            title: &self.title,
            status: self.status.as_u16(),
            detail: self.detail.as_deref(),
        })
        .expect("a struct of strings always serializes")
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = self.to_json();
        let mut res = (self.status, body).into_response();
        let h = res.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        // A miss now may be a hit after the next build: never cache errors.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

/// A typed problem document (the checkout contract's, `model::checkout`)
/// as an `application/problem+json` response with its status.
pub fn problem_json(doc: &ProblemDocument) -> Response {
    let status = StatusCode::from_u16(doc.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(doc).expect("a problem document serializes");
    let mut res = (status, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    res
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_follows_rfc_9457_order() {
        assert_eq!(
            Problem::not_found("/x").to_json(),
            r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"no file at /x"}"#
        );
        assert_eq!(
            Problem::new(StatusCode::CONFLICT).to_json(),
            r#"{"type":"about:blank","title":"Conflict","status":409}"#
        );
    }
}
