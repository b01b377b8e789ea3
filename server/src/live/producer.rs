//! `POST /api/live/{show}/events`: the producer's actions, and the events
//! the server makes by itself (deals running out of time or units).
//!
//! The producer's token is compared in constant time and only ever read
//! from the `Authorization` header (the console keeps it out of URLs). An
//! action is checked against the show's manifest and state, committed to
//! the log with the next sequence number, then published. Producer events
//! never go through checkout admission control.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use shoppable::model::checkout::CheckoutProblem;
use shoppable::model::live::{check_action, Action, EndReason, Event, Kind};
use subtle::ConstantTimeEq;

use super::hub::ShowHub;
use crate::api::{parse_json, Api};
use crate::problem::{problem_json, Problem};
use crate::store::live::{append, Append};
use crate::store::{now_ms, Kind as WriteKind, StoreError};

fn unauthorized(detail: &str) -> Response {
    let mut res = Problem::new(StatusCode::UNAUTHORIZED)
        .detail(detail)
        .into_response();
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"shoppable producer\""),
    );
    res
}

/// The show's manifest video id, or the 404.
pub(super) fn show_video(api: &Api, show: &str) -> Result<String, Response> {
    api.catalog
        .current()
        .show(show)
        .map(|m| m.video.id.clone())
        .ok_or_else(|| {
            Problem::new(StatusCode::NOT_FOUND)
                .detail(format!("no live show \"{show}\" in the catalog (a manifest with \"live\": {{\"show\": \"{show}\"}})"))
                .into_response()
        })
}

/// The producer's token from `Authorization: Bearer`, compared in
/// constant time; the `401` problem otherwise.
pub(super) fn authorize(api: &Api, headers: &HeaderMap) -> Result<(), Response> {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        None => Err(unauthorized(
            "this needs the producer token: send Authorization: Bearer <token>",
        )),
        Some(t) if !bool::from(t.as_bytes().ct_eq(api.live.producer_token.as_bytes())) => {
            Err(unauthorized("the producer token is wrong"))
        }
        Some(_) => Ok(()),
    }
}

/// `POST /api/live/{show}/events`.
#[utoipa::path(
    post,
    path = "/{show}/events",
    tag = "live",
    summary = "A producer action: pin, unpin, deal start or end, show end",
    params(("show" = String, Path, description = "The live show (a manifest's `live.show`)")),
    security(("producer_token" = [])),
    request_body(content = Action, content_type = "application/json", description = "A producer action; `at` is the program date (ms) of the frame in the console's preview"),
    responses(
        (status = 201, description = "The event as stored, with its sequence number", body = Object, content_type = "application/json"),
        (status = 400, description = "`malformed`", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 401, description = "No producer token, or the wrong one", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such live show", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "`invalid-field`: an action the show's state or manifest refuses (`path` names the member)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn post(
    State(api): State<Arc<Api>>,
    show: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(r) = authorize(&api, &headers) {
        return r;
    }
    let Ok(Path(show)) = show else {
        return Problem::new(StatusCode::NOT_FOUND).into_response();
    };
    let video_id = match show_video(&api, &show) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let action: Action = match parse_json(&body) {
        Ok(a) => a,
        Err(r) => return r,
    };
    let hub = match api.live.hub(&api, &show, &video_id).await {
        Ok(h) => h,
        Err(e) => return store_failed(e),
    };
    let _one = hub.commit_lock.lock().await;
    let catalog = api.catalog.current();
    let Some(manifest) = catalog.show(&show) else {
        return Problem::new(StatusCode::NOT_FOUND).into_response();
    };
    if let Err(r) = check_action(&action, manifest, &hub.state()) {
        return problem_json(
            &CheckoutProblem::InvalidField {
                path: r.path,
                message: r.message,
            }
            .document(),
        );
    }
    let at = Some(action.at());
    let what = match action {
        Action::Pin { product, .. } => Append::Kind(Kind::Pin { product }),
        Action::Unpin { product, .. } => Append::Kind(Kind::Unpin { product }),
        Action::DealStart {
            product,
            variant,
            price,
            units,
            per_buyer,
            duration_s,
            ..
        } => Append::DealStart {
            product,
            variant,
            price,
            units,
            per_buyer,
            duration_s,
        },
        Action::DealEnd { deal, .. } => Append::Kind(Kind::DealEnd {
            deal,
            reason: EndReason::Host,
        }),
        Action::ShowEnd { .. } => Append::Kind(Kind::ShowEnd),
    };
    match commit_locked(&api, &hub, at, what).await {
        Ok(e) => {
            let body = serde_json::to_string(&e).expect("an event serializes");
            let mut res = (StatusCode::CREATED, body).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            res
        }
        Err(e) => store_failed(e),
    }
}

fn store_failed(e: StoreError) -> Response {
    eprintln!("error: live: {e}");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
        .detail("the event could not be stored; send it again")
        .into_response()
}

/// Appends and publishes, the hub's commit lock already held.
async fn commit_locked(
    api: &Api,
    hub: &ShowHub,
    at: Option<i64>,
    what: Append,
) -> Result<Event, StoreError> {
    let (show, video) = (hub.show.clone(), hub.video_id.clone());
    let now = now_ms();
    let e = api
        .store
        .write(WriteKind::Other, move |c| {
            append(c, &show, &video, at, what, now)
        })
        .await?;
    hub.publish(&e);
    Ok(e)
}

/// Commits an event the server makes itself (no `at`: applied on arrival).
pub async fn commit(api: &Api, hub: &ShowHub, kind: Kind) -> Result<Event, StoreError> {
    let _one = hub.commit_lock.lock().await;
    commit_locked(api, hub, None, Append::Kind(kind)).await
}

/// Ends every deal whose window is over or whose units are sold (the jobs
/// call it twice a second).
pub async fn end_due_deals(api: &Arc<Api>) {
    let (now, allowance) = (now_ms(), api.settings.deal_allowance.as_millis() as i64);
    let due = match api
        .store
        .read_async(move |c| crate::store::live::due_ends(c, now, allowance))
        .await
    {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: live: listing deals to end: {e}");
            return;
        }
    };
    for (show, deal, reason) in due {
        let Ok(video) = show_video(api, &show) else {
            continue;
        };
        match api.live.hub(api, &show, &video).await {
            Ok(hub) => {
                if let Err(e) = commit(api, &hub, Kind::DealEnd { deal, reason }).await {
                    eprintln!("error: live: ending a deal of {show}: {e}");
                }
            }
            Err(e) => eprintln!("error: live: {e}"),
        }
    }
}
