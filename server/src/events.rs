//! `POST /api/events`: the widget's first-party analytics beacons
//! (README, "First-party analytics"; the batch and its rules are
//! `shoppable::model::beacon`), counted into `event_counts`
//! (`store/events.rs` says why counters).
//!
//! The widget sends with `navigator.sendBeacon` and a string body, so the
//! request is `text/plain` (a CORS "simple" request: no preflight across
//! origins); `application/json` is taken too. Like every `/api` route it
//! is under the per-client rate limit. The batch is bounded (50 events,
//! 24 KiB) and checked whole: the first bad member refuses it, named by its
//! JSON path. Only the catalog's videos, their live shows and their tags
//! are counted.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use shoppable::model::beacon::{self, Batch, Checked, MAX_BODY};
use shoppable::model::manifest::TimeBase;

use crate::api::Api;
use crate::problem::Problem;
use crate::store::events::{self as counts, Key};
use crate::store::Kind;

fn refuse(status: StatusCode, detail: impl Into<String>) -> Response {
    Problem::new(status).detail(detail).into_response()
}

/// `POST /api/events`.
#[utoipa::path(
    post,
    path = "/events",
    tag = "events",
    summary = "First-party analytics: a batch of the widget's events",
    description = "What the widget's beacon sends (`navigator.sendBeacon`, so the body comes as `text/plain`; `application/json` is taken too): 1 to 50 events of one video (or live show) of the catalog, with no personal data and no identifiers. The batch is counted whole or refused whole; a refusal's `detail` starts with the JSON path of the first member at fault (`events[3].tag: …`).",
    request_body(content = shoppable::model::beacon::Batch, content_type = "application/json"),
    responses(
        (status = 204, description = "Counted"),
        (status = 400, description = "Not JSON, or a member of the wrong type or unknown (the detail names its path)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 413, description = "A body over 24 KiB", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 415, description = "A Content-Type other than text/plain or application/json", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "A member breaks a rule: no events or more than 50, an unknown kind, video, show or tag, a time out of range (the detail names its path)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn ingest(State(api): State<Arc<Api>>, headers: HeaderMap, body: Body) -> Response {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    if kind != "text/plain" && kind != "application/json" {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type: send the batch as text/plain (navigator.sendBeacon with a string) or application/json",
        );
    }
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the batch could not be read: at most {MAX_BODY} bytes are accepted"),
        );
    };
    let batch: Batch = match parse(&bytes) {
        Ok(b) => b,
        Err(detail) => return refuse(StatusCode::BAD_REQUEST, detail),
    };
    let keys = match keys(&api, &batch).await {
        Ok(k) => k,
        Err(r) => return r,
    };
    match api
        .store
        .write(Kind::Other, move |c| counts::add(c, keys))
        .await
    {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            eprintln!("error: events: {e}");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the store failed; see the server log",
            )
        }
    }
}

/// The batch, or a 400's detail naming the member (`events[2].t: invalid type: …`).
fn parse(bytes: &[u8]) -> Result<Batch, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let b: Batch = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.inner().to_string()
        } else {
            format!("{path}: {}", e.inner())
        }
    })?;
    de.end().map_err(|e| e.to_string())?;
    Ok(b)
}

/// The counters the batch adds to, or the 422 naming what is not the
/// catalog's or breaks a rule.
async fn keys(api: &Arc<Api>, batch: &Batch) -> Result<Vec<Key>, Response> {
    let unprocessable = |d: String| refuse(StatusCode::UNPROCESSABLE_ENTITY, d);
    let catalog = api.catalog.current();
    let Some(manifest) = catalog.manifest(&batch.video) else {
        // The id's shape first, so an over-long id is named as such.
        beacon::check(batch, &[]).map_err(|e| unprocessable(e.to_string()))?;
        return Err(unprocessable(format!(
            "video: no video {:?} in the catalog",
            batch.video.chars().take(40).collect::<String>()
        )));
    };
    let tags: Vec<&str> = manifest.tags.iter().map(|t| t.id.as_str()).collect();
    let checked = beacon::check(batch, &tags).map_err(|e| unprocessable(e.to_string()))?;
    // A live show's events are counted against show time: tag time is on
    // the manifest's clock (program date − epoch), the show began at its
    // first event (`shows.started_ms`).
    let mut shift_ms = 0;
    let show = match &batch.show {
        None => String::new(),
        Some(s) => {
            if manifest.live.as_ref().is_none_or(|l| &l.show != s) {
                return Err(unprocessable(format!(
                    "show: video {:?} is not the show {s:?}",
                    batch.video
                )));
            }
            let id = s.clone();
            let started = api
                .store
                .read_async(move |c| counts::show_started(c, &id))
                .await
                .map_err(|e| {
                    eprintln!("error: events: {e}");
                    refuse(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "the store failed; see the server log",
                    )
                })?;
            let Some(started) = started else {
                return Err(unprocessable(format!("show: {s:?} has not started")));
            };
            if let TimeBase::ProgramDateTime { epoch_ms } = manifest.video.time_base {
                shift_ms = epoch_ms - started;
            }
            s.clone()
        }
    };
    Ok(checked
        .into_iter()
        .map(|Checked { kind, tag, ms }| Key {
            video: batch.video.clone(),
            show: show.clone(),
            tag: tag.map(|i| tags[i].to_string()).unwrap_or_default(),
            kind: kind.code(),
            // Before the show began (a clock off by a little): its first second.
            second: (ms + shift_ms).div_euclid(1000).max(0),
        })
        .collect())
}
