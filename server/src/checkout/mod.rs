//! `POST /api/checkout` and `GET /api/orders/{id}`.
//!
//! A checkout goes: a payment gateway configured? → admission (a permit of
//! the bounded number of checkouts in flight, else `503 busy` with
//! `Retry-After`, before anything else happens) → `Idempotency-Key` (a
//! UUID) → body (JSON, a `CheckoutRequest`) → fingerprint → field limits
//! and pricing from the live catalog (the client's prices are claims,
//! invariant 9) → the order state machine (`flow.rs`), run as its own task
//! holding the permit, so a client that goes away cannot leave a payment
//! half done. The handler waits for the flow's answer at most
//! `checkout_wait`; past that it answers `503 in-progress` and the flow
//! goes on (a retry under the key waits for it and gets its answer).
//!
//! Answers: `201` with the `OrderConfirmation` and `Location`; a retry with
//! the same key and body gets the recorded answer again, status and body
//! byte for byte, plus `Idempotent-Replayed: true`. Refusals are RFC 9457
//! problems built from the model's `CheckoutProblem::document()`.

pub mod flow;
pub mod keys;

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use shoppable::model::checkout::{
    check_fields, fingerprint, price_deal, price_lines, CheckoutProblem, CheckoutRequest,
    ProblemDocument,
};
use shoppable::model::idempotency::is_uuid;

use crate::api::Api;
use crate::catalog::Catalog;
use crate::limits::with_retry_after;
use crate::problem::{problem_json, Problem};
use crate::store::orders::Recorded;
use crate::store::{NewOrder, Submission};
use flow::Reply;

/// Largest request body read. A cart of a hundred lines fits many times.
pub const MAX_BODY: usize = 256 * 1024;

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
/// Set on a replayed answer, as Stripe and the IETF draft's examples do.
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");

/// `POST /api/checkout`.
#[utoipa::path(
    post,
    path = "/checkout",
    tag = "checkout",
    summary = "Place an order",
    description = "Prices the request from the server's own catalog (the client's prices are claims), holds the stock and takes the payment. A retry with the same `Idempotency-Key` and body gets the recorded answer again, status and body byte for byte, with `Idempotent-Replayed: true`; another body under the same key is `422 idempotency-key-reused`.",
    params(("Idempotency-Key" = String, Header, description = "A UUID: one per tap, kept until the order is confirmed and reused on every retry")),
    request_body(content = shoppable::model::checkout::CheckoutRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "The order, priced by the server", body = shoppable::model::checkout::OrderConfirmation, content_type = "application/json",
            headers(
                ("Location" = String, description = "`/api/orders/{order_id}`"),
                ("Idempotent-Replayed" = String, description = "`true` on a replayed answer")
            )),
        (status = 400, description = "`malformed` (not an order; `path` names the member) or `idempotency-key-missing`", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 402, description = "`payment-declined`", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The catalog moved on: `price-changed`, `out-of-stock`, `currency-changed`, `payment-cancelled`, `deal-over`, `deal-sold-out`, `deal-limit-reached`", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 413, description = "A body over 256 KiB", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "Never a valid order: `unknown-video`, `empty-order`, `unknown-variant`, `product-mismatch`, `duplicate-line`, `bad-quantity`, `too-large`, `invalid-field`, `idempotency-key-reused`", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn create(State(api): State<Arc<Api>>, headers: HeaderMap, body: Body) -> Response {
    let Some(gateway) = api.gateway.clone() else {
        return problem(CheckoutProblem::PaymentsNotConfigured);
    };
    let Ok(permit) = api.admission.clone().try_acquire_owned() else {
        return problem(CheckoutProblem::Busy);
    };
    let key = match idempotency_key(&headers) {
        Ok(k) => k,
        Err(doc) => return problem_json(&doc),
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
        Err(p) => return problem_json(&p.document()),
    };
    let fingerprint = fingerprint(&req);
    let catalog = api.catalog.current();
    let (order, deal) = match &req.deal_id {
        None => (price(&catalog, req, gateway.is_test()), None),
        Some(_) => match deal_order(&api, &catalog, req, gateway.is_test()).await {
            Ok((order, hold)) => (Ok(order), Some(hold)),
            Err(p) => (Err(p), None),
        },
    };
    let sub = Submission {
        key,
        fingerprint,
        order,
        test: gateway.is_test(),
        deal,
    };
    let task = tokio::spawn({
        let api = api.clone();
        async move {
            let reply = flow::run(api, sub).await;
            drop(permit);
            reply
        }
    });
    match tokio::time::timeout(api.settings.checkout_wait, task).await {
        Ok(Ok(reply)) => respond(reply),
        Ok(Err(e)) => {
            eprintln!("error: a checkout task failed: {e}");
            store_failed()
        }
        Err(_) => problem(CheckoutProblem::InProgress),
    }
}

/// A refusal as problem+json, with `Retry-After` where waiting helps.
fn problem(p: CheckoutProblem) -> Response {
    let res = problem_json(&p.document());
    match p {
        CheckoutProblem::InProgress | CheckoutProblem::Busy => with_retry_after(res, 1),
        CheckoutProblem::PaymentUnavailable => with_retry_after(res, 2),
        _ => res,
    }
}

fn store_failed() -> Response {
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
        .detail("the order could not be stored; try again with the same Idempotency-Key")
        .into_response()
}

fn respond(reply: Reply) -> Response {
    match reply {
        Reply::Recorded(r) => recorded(r),
        Reply::Problem(p) => problem(p),
        Reply::Store(e) => {
            eprintln!("error: {e}");
            store_failed()
        }
    }
}

/// `GET /api/orders/{id}`.
#[utoipa::path(
    get,
    path = "/orders/{id}",
    tag = "checkout",
    summary = "An order's confirmation",
    params(("id" = String, Path, description = "The `order_id` of a confirmation (a UUID)")),
    responses(
        (status = 200, description = "The order as confirmed, with its status", body = crate::store::OrderRecord, content_type = "application/json"),
        (status = 404, description = "No order with that id", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
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
    let store = api.store.clone();
    let found = tokio::task::spawn_blocking(move || store.order(&lookup)).await;
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

/// Checks the request's fields and prices it from the catalog. The order
/// id is made here: it is also the gateway reference.
fn price(catalog: &Catalog, req: CheckoutRequest, test: bool) -> Result<NewOrder, CheckoutProblem> {
    let manifest =
        catalog
            .manifest(&req.video_id)
            .ok_or_else(|| CheckoutProblem::UnknownVideo {
                video_id: req.video_id.clone(),
            })?;
    check_fields(&req, &manifest.checkout.accepted_methods())?;
    let priced = price_lines(&req, manifest)?;
    Ok(new_order(req, priced, test))
}

/// The order to hold and authorize, with a fresh id and its `201` body.
fn new_order(
    req: CheckoutRequest,
    priced: shoppable::model::checkout::PricedOrder,
    test: bool,
) -> NewOrder {
    // Time-ordered (v7): the order tables grow at one end, so a batch of
    // orders dirties a few pages instead of one per order.
    let id = uuid::Uuid::now_v7().to_string();
    let mut confirmation = priced.confirmation(&id);
    confirmation.test = test;
    NewOrder {
        body: serde_json::to_string(&confirmation).expect("a confirmation serializes"),
        id,
        priced,
        shipping_address: req.shipping_address.as_ref().map(to_json),
        payer: req.payer.as_ref().map(to_json),
        attribution: req.attribution.as_ref().map(to_json),
        payment_method: req.payment.method,
        token: req.payment.token,
    }
}

/// A live deal's order: the deal's terms from the show's hub, priced at
/// the deal's price (`price_deal`), and the deal's share to hold for the
/// buyer (the payer's e-mail, which the live payment sheet asks for, as a
/// keyed hash). Whether the deal is still open, has units and the buyer is
/// under the limit is decided at the hold, in the store.
async fn deal_order(
    api: &Arc<Api>,
    catalog: &Catalog,
    req: CheckoutRequest,
    test: bool,
) -> Result<(NewOrder, crate::store::orders::DealHold), CheckoutProblem> {
    let deal_id = req.deal_id.clone().unwrap_or_default();
    let manifest =
        catalog
            .manifest(&req.video_id)
            .ok_or_else(|| CheckoutProblem::UnknownVideo {
                video_id: req.video_id.clone(),
            })?;
    let over = || CheckoutProblem::DealOver;
    let show = manifest
        .live
        .as_ref()
        .map(|l| l.show.clone())
        .ok_or_else(over)?;
    let hub = api
        .live
        .hub(api, &show, &manifest.video.id)
        .await
        .map_err(|_| CheckoutProblem::PaymentUnavailable)?;
    let deal = hub.deal(&deal_id).ok_or_else(over)?;
    let email = req
        .payer
        .as_ref()
        .and_then(|p| p.email.as_deref())
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| CheckoutProblem::InvalidField {
            path: "payer.email".into(),
            message: "a deal needs the payer's e-mail (the payment sheet asks for it)".into(),
        })?;
    let buyer = api.live.buyer(email);
    check_fields(&req, &manifest.checkout.accepted_methods())?;
    let priced = price_deal(&req, manifest, &deal)?;
    let quantity = i64::from(req.lines[0].quantity);
    let order = new_order(req, priced, test);
    Ok((
        order,
        crate::store::orders::DealHold {
            show,
            deal_id,
            buyer,
            quantity,
        },
    ))
}

/// The request's optional parts, stored as JSON text.
fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("request parts serialize")
}

/// A recorded answer: the stored status and body, byte for byte.
fn recorded(r: Recorded) -> Response {
    let status = StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let content_type = if status.is_success() {
        JSON
    } else {
        PROBLEM_JSON
    };
    let mut res = (status, [(header::CONTENT_TYPE, content_type)], r.body).into_response();
    let h = res.headers_mut();
    if let (true, Some(id)) = (status.is_success(), r.order_id.as_deref()) {
        if let Ok(v) = HeaderValue::from_str(&format!("/api/orders/{id}")) {
            h.insert(header::LOCATION, v);
        }
    }
    if r.replayed {
        h.insert(REPLAYED, HeaderValue::from_static("true"));
    }
    res
}
