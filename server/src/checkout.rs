//! `POST /api/checkout` and `GET /api/orders/{id}`.
//!
//! A checkout goes: `Idempotency-Key` (a UUID) → body (JSON, a
//! `CheckoutRequest`) → fingerprint → pricing from the catalog with the
//! model's `price_lines` (the client's prices are claims, invariant 9) → the
//! store's writer, which replays a recorded answer for the key or reserves
//! stock, charges and records the order in one transaction. The cheap,
//! parallel work (parsing, pricing, serializing the confirmation) happens
//! here on the runtime's threads; the writer thread only touches SQLite.
//!
//! Answers: `201` with the `OrderConfirmation` and `Location`; a retry with
//! the same key and body gets the first answer again, status and body
//! byte for byte, plus `Idempotent-Replayed: true`. Refusals are RFC 9457
//! problems built from the model's `CheckoutProblem::document()`, whose
//! statuses follow the model's rule (400 unreadable, 409 the catalog moved
//! on, 422 never valid, 402 declined, 503 retry later).

use std::sync::Arc;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use shoppable::model::checkout::{
    fingerprint, price_lines, CheckoutProblem, CheckoutRequest, ProblemDocument,
};
use shoppable::model::idempotency::is_uuid;

use crate::api::Api;
use crate::catalog::Catalog;
use crate::problem::Problem;
use crate::store::{Answer, NewOrder, Submission};

/// Largest request body read. A cart of hundreds of lines fits many times.
pub const MAX_BODY: usize = 256 * 1024;

/// How long a checkout waits for the writer before answering 503
/// `in-progress` (the order still completes; a retry replays it). Also the
/// bound on waiting behind an earlier request with the same key.
pub const WRITER_WAIT: Duration = Duration::from_secs(10);

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a replayed answer, as Stripe and the IETF draft's examples do.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");

/// `POST /api/checkout`.
pub async fn create(State(api): State<Arc<Api>>, headers: HeaderMap, body: Body) -> Response {
    let key = match idempotency_key(&headers) {
        Ok(k) => k,
        Err(doc) => return problem_response(&doc),
    };
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return Problem::new(StatusCode::PAYLOAD_TOO_LARGE)
            .detail(format!(
                "the order could not be read: at most {MAX_BODY} bytes are accepted"
            ))
            .into_response();
    };
    let req = match parse(&bytes) {
        Ok(r) => r,
        Err(p) => return problem_response(&p.document()),
    };
    let sub = Submission {
        key,
        fingerprint: fingerprint(&req),
        order: price(&api.catalog, req),
    };
    match api.store.submit(sub, WRITER_WAIT).await {
        Ok(Some(Answer::Recorded {
            status,
            body,
            order_id,
            replayed,
        })) => recorded(status, body, order_id.as_deref(), replayed),
        Ok(Some(Answer::Refused(p))) => problem_response(&p.document()),
        Ok(None) => {
            let mut res = problem_response(&CheckoutProblem::InProgress.document());
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            res
        }
        Err(e) => {
            eprintln!("error: {e}");
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
                .detail("the order could not be stored; try again with the same Idempotency-Key")
                .into_response()
        }
    }
}

/// `GET /api/orders/{id}`.
pub async fn order(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    // A segment that does not decode (bad percent-encoding) names no order.
    let id = id.map(|Path(id)| id).unwrap_or_default();
    let not_found = || {
        Problem::new(StatusCode::NOT_FOUND)
            .detail(format!("no order with id {id}"))
            .into_response()
    };
    if !is_uuid(&id) {
        return not_found();
    }
    let lookup = id.to_ascii_lowercase();
    let found = tokio::task::spawn_blocking(move || api.store.order(&lookup)).await;
    match found {
        Ok(Ok(Some(record))) => {
            let body = serde_json::to_string(&record).expect("an order serializes");
            ([(header::CONTENT_TYPE, JSON)], body).into_response()
        }
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => read_failed(e),
        Err(e) => read_failed(format_args!("reading order {id}: {e}")),
    }
}

/// The 500 for an order that could not be read; the cause goes to the log.
fn read_failed(cause: impl std::fmt::Display) -> Response {
    eprintln!("error: {cause}");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
        .detail("the order could not be read")
        .into_response()
}

/// The key, lower-cased, or the 400 problem naming the header.
fn idempotency_key(headers: &HeaderMap) -> Result<String, ProblemDocument> {
    let raw = headers
        .get(IDEMPOTENCY_KEY)
        .map(|v| v.to_str().map(str::trim));
    match raw {
        None | Some(Ok("")) => Err(CheckoutProblem::MissingIdempotencyKey.document()),
        Some(Ok(k)) if is_uuid(k) => Ok(k.to_ascii_lowercase()),
        Some(bad) => {
            let mut doc = CheckoutProblem::MissingIdempotencyKey.document();
            let shown = match bad {
                Ok(s) if s.chars().count() <= 64 => format!("\"{s}\""),
                Ok(_) => "a longer value".into(),
                Err(_) => "a value that is not text".into(),
            };
            doc.detail = Some(format!(
                "The Idempotency-Key header must hold a UUID (like 0f8fad5b-d9cb-469f-a165-70867728950e), not {shown}."
            ));
            Err(doc)
        }
    }
}

/// The body as a `CheckoutRequest`, or a `malformed` problem whose `path`
/// and detail name the offending member and the line and column.
fn parse(bytes: &[u8]) -> Result<CheckoutRequest, CheckoutProblem> {
    let malformed = |path: String, e: &serde_json::Error| {
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        let message = if path.is_empty() {
            e.to_string()
        } else {
            format!("{path}: {e}")
        };
        CheckoutProblem::Malformed { path, message }
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let req: CheckoutRequest = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| malformed(e.path().to_string(), e.inner()))?;
    de.end().map_err(|e| malformed(String::new(), &e))?;
    Ok(req)
}

/// Prices `req` from the catalog; the confirmation body is serialized here
/// so the writer only stores it.
fn price(catalog: &Catalog, req: CheckoutRequest) -> Result<NewOrder, CheckoutProblem> {
    let manifest =
        catalog
            .manifest(&req.video_id)
            .ok_or_else(|| CheckoutProblem::UnknownVideo {
                video_id: req.video_id.clone(),
            })?;
    let priced = price_lines(&req, manifest)?;
    let id = uuid::Uuid::new_v4().to_string();
    let body = serde_json::to_string(&priced.confirmation(&id)).expect("a confirmation serializes");
    Ok(NewOrder {
        id,
        priced,
        body,
        shipping_address: req.shipping_address.as_ref().map(to_json),
        payer: req.payer.as_ref().map(to_json),
        attribution: req.attribution.as_ref().map(to_json),
        payment_method: req.payment.method,
        token: req.payment.token,
    })
}

/// The request's optional parts, stored as JSON text.
fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("request parts serialize")
}

/// A recorded answer: the stored status and body, byte for byte.
fn recorded(status: u16, body: String, order_id: Option<&str>, replayed: bool) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = if status.is_success() {
        JSON
    } else {
        PROBLEM_JSON
    };
    let mut res = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
    let h = res.headers_mut();
    if let (true, Some(id)) = (status.is_success(), order_id) {
        if let Ok(v) = HeaderValue::from_str(&format!("/api/orders/{id}")) {
            h.insert(header::LOCATION, v);
        }
    }
    if replayed {
        h.insert(REPLAYED, HeaderValue::from_static("true"));
    }
    res
}

/// A model problem document as an `application/problem+json` response.
fn problem_response(doc: &ProblemDocument) -> Response {
    let status = StatusCode::from_u16(doc.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(doc).expect("a problem document serializes");
    (status, [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response()
}
