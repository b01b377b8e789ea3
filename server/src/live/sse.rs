//! `GET /api/live/{show}/events`: the viewers' Server-Sent Events.
//!
//! On connect: `retry: 1000`, then the snapshot (`event: snapshot`, `id:`
//! its seq), or, with `Last-Event-ID: n`, exactly the events after `n` (from
//! memory, or the store when `n` is older than the window). Then every event
//! once (`event: live`, `id:` its seq), units as they change (`event:
//! units`, no `id`), and a `: heartbeat` comment every 15 s so proxies keep
//! the connection. A subscriber that falls a channel's length behind is
//! dropped; its browser reconnects with `Last-Event-ID` and misses nothing.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use shoppable::model::live::{Event, Units};
use tokio::sync::broadcast::error::RecvError;

use super::hub::{sse, Msg, ShowHub};
use super::producer::show_video;
use crate::api::Api;
use crate::problem::Problem;
use crate::store::now_ms;

/// How often a quiet stream sends a comment.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

fn events_bytes(events: &[Event]) -> Vec<Bytes> {
    events
        .iter()
        .map(|e| {
            sse(
                "live",
                Some(e.seq),
                &serde_json::to_string(e).expect("an event serializes"),
            )
        })
        .collect()
}

/// `GET /api/live/{show}/events`.
#[utoipa::path(
    get,
    path = "/{show}/events",
    tag = "live",
    summary = "The show's event stream (Server-Sent Events; streaming, not fuzzed)",
    params(("show" = String, Path, description = "The live show (a manifest's `live.show`)")),
    params(("Last-Event-ID" = Option<String>, Header, description = "The last event's id, to resume after it")),
    responses(
        (status = 200, description = "A snapshot, then every event once; units, likes and viewers as their latest value; a heartbeat comment every 15 s", body = String, content_type = "text/event-stream"),
        (status = 404, description = "No such live show", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn events(
    State(api): State<Arc<Api>>,
    show: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Path(show)) = show else {
        return Problem::new(StatusCode::NOT_FOUND).into_response();
    };
    let video = match show_video(&api, &show) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let hub = match api.live.hub(&api, &show, &video).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: live: {e}");
            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR).into_response();
        }
    };
    // Subscribe first, so nothing committed from here on is missed; what
    // the first message already covers is skipped by its seq.
    let rx = hub.tx.subscribe();
    let last: Option<u64> = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let mut first = vec![Bytes::from_static(b"retry: 1000\n\n")];
    let sent = match last {
        Some(n) if n <= hub.seq() => {
            let missed = match hub.since(n) {
                Some(m) => m,
                None => {
                    let s = show.clone();
                    match api
                        .store
                        .read_async(move |c| crate::store::live::after(c, &s, n))
                        .await
                    {
                        Ok(m) => m,
                        Err(e) => {
                            eprintln!("error: live: {e}");
                            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR).into_response();
                        }
                    }
                }
            };
            let sent = missed.last().map_or(n, |e| e.seq);
            first.extend(events_bytes(&missed));
            sent
        }
        _ => {
            let snap = hub.snapshot(now_ms(), api.settings.deal_allowance.as_millis() as i64);
            first.push(sse(
                "snapshot",
                Some(snap.seq),
                &serde_json::to_string(&snap).expect("a snapshot serializes"),
            ));
            snap.seq
        }
    };
    let state = Stream {
        first: Some(first),
        rx,
        sent,
        tick: tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT),
    };
    let stream = futures_util::stream::unfold(state, next);
    let mut res = Body::from_stream(stream).into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    // Proxies must pass each message on as it comes.
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    res
}

struct Stream {
    first: Option<Vec<Bytes>>,
    rx: tokio::sync::broadcast::Receiver<Arc<Msg>>,
    /// The last event sent (or covered by the snapshot).
    sent: u64,
    tick: tokio::time::Interval,
}

async fn next(mut s: Stream) -> Option<(Result<Bytes, Infallible>, Stream)> {
    if let Some(first) = s.first.take() {
        return Some((Ok(Bytes::from(first.concat())), s));
    }
    loop {
        tokio::select! {
            msg = s.rx.recv() => match msg {
                Ok(m) => {
                    if let Some(seq) = m.seq {
                        if seq <= s.sent {
                            continue;
                        }
                        s.sent = seq;
                    }
                    return Some((Ok(m.bytes.clone()), s));
                }
                // Too slow: end the stream; the browser resumes by Last-Event-ID.
                Err(RecvError::Lagged(_)) | Err(RecvError::Closed) => return None,
            },
            _ = s.tick.tick() => return Some((Ok(Bytes::from_static(b": heartbeat\n\n")), s)),
        }
    }
}

/// Sends every watched show's units (deals left, stock of its products,
/// likes, viewers) if they changed; the jobs call it 4 times a second.
pub async fn send_units(api: &Arc<Api>) {
    for hub in api.live.hubs() {
        if hub.viewers() == 0 {
            continue;
        }
        if let Err(e) = units_of(api, &hub).await.map(|u| hub.send_units(u)) {
            eprintln!("error: live: units of {}: {e}", hub.show);
        }
    }
}

async fn units_of(api: &Arc<Api>, hub: &ShowHub) -> Result<Units, crate::store::StoreError> {
    let products: Vec<String> = api
        .catalog
        .current()
        .show(&hub.show)
        .map(|m| m.products.iter().map(|p| p.id.clone()).collect())
        .unwrap_or_default();
    let show = hub.show.clone();
    let (deals, stock) = api
        .store
        .read_async(move |c| {
            Ok((
                crate::store::live::deals_left(c, &show)?,
                crate::store::live::stock_of(c, &products)?,
            ))
        })
        .await?;
    Ok(Units {
        server_ms: now_ms(),
        deals,
        stock,
        likes: 0,
        viewers: 0,
    })
}
