//! A show's replay, once it has ended, at stable URLs next to its live
//! stream:
//!
//! - `/live/<show>/replay.m3u8`: the recording from the segment holding
//!   the show's first event to the one holding its `show_end`, as VOD
//!   (`EXT-X-PLAYLIST-TYPE:VOD`, `EXT-X-ENDLIST`);
//! - `/live/<show>/replay.json`: the live manifest made a recorded one:
//!   its products and checkout as they price orders now, `time_base`
//!   media, no `live`, no tags (a live manifest's are on the program
//!   date), and `pins`: each pin of the show from its `at` to its unpin (or
//!   the show's end), in media seconds of the replay. A viewer of the
//!   replay sees each product pinned where the host pinned it, with no
//!   re-tagging.
//!
//! Both are made from the store's event log and the recording, so they
//! survive restarts; before the end they are `404`.

use std::sync::{Arc, OnceLock};

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::Value;
use shoppable::model::live::playlist::{self, View};
use shoppable::model::live::replay::{pin_ranges, replay_pins, show_span, ReplayPin};
use shoppable::model::live::{Event, Kind, ShowState};

use super::stream::{current, typed, M3U8};
use crate::api::Api;
use crate::problem::Problem;

/// A replay as made once: it never changes after the show's end.
pub struct Replay {
    pub playlist: Bytes,
    pub pins: Vec<ReplayPin>,
}

/// Where a recording keeps its replay once made.
pub type Slot = OnceLock<Arc<Replay>>;

async fn replay(api: &Arc<Api>, show: &str) -> Result<Arc<Replay>, Response> {
    let rec = current(api, show).await?;
    if let Some(r) = rec.replay.get() {
        return Ok(r.clone());
    }
    let s = show.to_string();
    let events: Vec<Event> = api
        .store
        .read_async(move |c| crate::store::live::after(c, &s, 0))
        .await
        .map_err(|e| {
            eprintln!("error: live: the events of {show}: {e}");
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR).into_response()
        })?;
    let at = |e: &Event| e.at.unwrap_or(e.server_ms);
    let end = events
        .iter()
        .find(|e| e.kind == Kind::ShowEnd)
        .map(at)
        .ok_or_else(|| {
            Problem::new(StatusCode::NOT_FOUND)
                .detail(format!(
                    "show \"{show}\" has not ended; its replay is made at its show_end"
                ))
                .into_response()
        })?;
    let start = events.iter().map(at).min().unwrap_or(end);
    let inner = rec.lock();
    let (first, last) = show_span(&inner.segments, start, end).ok_or_else(|| {
        Problem::new(StatusCode::NOT_FOUND)
            .detail(format!("nothing of show \"{show}\" was recorded"))
            .into_response()
    })?;
    let text = playlist::write(&inner.segments, inner.base, View::Vod { first, last }, &[]);
    let ranges = pin_ranges(&ShowState::default(), &events);
    let made = Arc::new(Replay {
        playlist: Bytes::from(text),
        pins: replay_pins(&ranges, &inner.segments[first..=last], end),
    });
    // Complete once a segment reaches past the end (it always has, unless
    // the end was stamped ahead of what the packager had written).
    if inner.segments.last().is_some_and(|s| s.end_ms() > end) {
        let _ = rec.replay.set(made.clone());
    }
    Ok(made)
}

/// `replay.m3u8`.
pub async fn playlist(api: &Arc<Api>, show: &str) -> Result<Response, Response> {
    let r = replay(api, show).await?;
    Ok(typed(r.playlist.clone(), M3U8, "no-cache"))
}

/// `replay.json`.
pub async fn manifest(api: &Arc<Api>, show: &str) -> Result<Response, Response> {
    let r = replay(api, show).await?;
    let entry = api.catalog.current().show_entry(show).ok_or_else(|| {
        Problem::new(StatusCode::NOT_FOUND)
            .detail(format!(
                "the manifest of show \"{show}\" is no longer in the catalog; the replay's products come from it"
            ))
            .into_response()
    })?;
    let mut doc: Value = serde_json::from_str(&entry.served).map_err(|e| {
        eprintln!("error: live: the manifest of {show}: {e}");
        Problem::new(StatusCode::INTERNAL_SERVER_ERROR).into_response()
    })?;
    if let Some(video) = doc.get_mut("video").and_then(Value::as_object_mut) {
        video.insert("time_base".into(), "media".into());
        video.remove("epoch");
    }
    if let Some(m) = doc.as_object_mut() {
        m.remove("live");
        m.insert("tags".into(), Value::Array(Vec::new()));
        m.insert(
            "pins".into(),
            serde_json::to_value(&r.pins).expect("pins serialize"),
        );
    }
    Ok(typed(doc.to_string(), "application/json", "no-cache"))
}
