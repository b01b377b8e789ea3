//! A live show's stream, as players read it, under `/live/<show>/`:
//!
//! - `index.m3u8`: the live playlist: the last `--live-window` of the
//!   recording (media sequence = the segment's number in the show, each
//!   segment's `EXT-X-PROGRAM-DATE-TIME`), with an `EXT-X-DATERANGE` for
//!   every open pin and every pin closed within the window; after the
//!   show's end, its last window up to the end, with `EXT-X-ENDLIST`;
//! - the segments it names;
//! - `manifest.json`: the show's live manifest, as it prices orders;
//! - `replay.m3u8`, `replay.json` (`replay.rs`).
//!
//! Any other path under `/live/` is the site's (the producer console is
//! `www/live/producer.html`). The files are public, like the site's (`*`
//! CORS): a brand's page on another origin plays them.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use bytes::Bytes;
use shoppable::model::live::playlist::{self, View};
use shoppable::model::live::replay::live_dateranges;
use shoppable::model::manifest::is_show_id;
use tower::ServiceExt;

use super::recording::{is_segment_name, Recording, EVICTED};
use super::{replay, ShowHub};
use crate::api::Api;
use crate::config::{Config, LiveSource};
use crate::problem::Problem;

/// The content type of HLS playlists (RFC 8216, 4).
pub const M3U8: &str = "application/vnd.apple.mpegurl";

/// Every show's recording, and what the server was told about streams.
pub struct Streams {
    /// `<data_dir>/live`.
    pub root: PathBuf,
    pub sources: Vec<LiveSource>,
    pub window: Duration,
    pub max_bytes: u64,
    recordings: Mutex<HashMap<String, Arc<Recording>>>,
}

impl Streams {
    /// Opens the recordings of the configured sources (blocking: at start).
    pub fn open(cfg: &Config) -> io::Result<Streams> {
        let s = Streams {
            root: cfg.data_dir.join("live"),
            sources: cfg.live_sources.clone(),
            window: cfg.live_window,
            max_bytes: cfg.recordings_max_bytes,
            recordings: Mutex::new(HashMap::new()),
        };
        for src in &cfg.live_sources {
            s.recording(&src.show)?;
        }
        Ok(s)
    }

    pub fn is_source(&self, show: &str) -> bool {
        self.sources.iter().any(|s| s.show == show)
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Recording>>> {
        self.recordings.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The recording of `show`: a configured source's, or one left on disk
    /// by an earlier run (a replay). `None` for any other show, and for an
    /// evicted recording. Blocking on first use (it reads the index).
    pub fn recording(&self, show: &str) -> io::Result<Option<Arc<Recording>>> {
        if let Some(r) = self.map().get(show) {
            return Ok(Some(r.clone()));
        }
        let dir = self.root.join(show);
        if !is_show_id(show)
            || dir.join(EVICTED).exists()
            || !(self.is_source(show) || dir.is_dir())
        {
            return Ok(None);
        }
        let rec = Arc::new(Recording::open(show, dir)?);
        Ok(Some(
            self.map().entry(show.to_string()).or_insert(rec).clone(),
        ))
    }

    /// The recordings open now.
    pub fn open_recordings(&self) -> Vec<Arc<Recording>> {
        self.map().values().cloned().collect()
    }

    /// Forgets a recording (evicted).
    pub fn forget(&self, show: &str) {
        self.map().remove(show);
    }
}

/// The recording of `show`, read up to what the packager last wrote; a
/// `404` problem when the show has none.
pub async fn current(api: &Arc<Api>, show: &str) -> Result<Arc<Recording>, Response> {
    let (a, s) = (api.clone(), show.to_string());
    let found = tokio::task::spawn_blocking(move || -> io::Result<_> {
        let rec = a.live.streams.recording(&s)?;
        if let Some(r) = &rec {
            r.refresh()?;
        }
        Ok(rec)
    })
    .await
    .unwrap_or_else(|e| Err(io::Error::other(e.to_string())));
    match found {
        Ok(Some(r)) => Ok(r),
        Ok(None) => {
            let evicted = api.live.streams.root.join(show).join(EVICTED).exists();
            Err(if evicted {
                Problem::new(StatusCode::GONE)
                    .detail(format!("the recording of show \"{show}\" was removed to stay under --recordings-max-gb"))
                    .into_response()
            } else {
                Problem::new(StatusCode::NOT_FOUND)
                    .detail(format!("no live stream of show \"{show}\" on this server"))
                    .into_response()
            })
        }
        Err(e) => {
            eprintln!("error: live: the recording of {show}: {e}");
            Err(Problem::new(StatusCode::INTERNAL_SERVER_ERROR).into_response())
        }
    }
}

/// The show's hub, if a manifest in the catalog names the show.
pub async fn hub_of(api: &Arc<Api>, show: &str) -> Option<Arc<ShowHub>> {
    let video = super::producer::show_video(api, show).ok()?;
    match api.live.hub(api, show, &video).await {
        Ok(h) => Some(h),
        Err(e) => {
            eprintln!("error: live: {e}");
            None
        }
    }
}

/// Routes for `/live/{show}/{file}`, falling back to `site` for any file
/// that is not a stream's.
pub fn router(api: Arc<Api>, site: Router) -> Router {
    Router::new()
        .route("/live/{show}/{file}", axum::routing::get(file))
        .with_state((api, site))
}

async fn file(
    State((api, site)): State<(Arc<Api>, Router)>,
    Path((show, name)): Path<(String, String)>,
    req: Request,
) -> Response {
    let ours = matches!(
        name.as_str(),
        "index.m3u8" | "replay.m3u8" | "replay.json" | "manifest.json"
    ) || is_segment_name(&name);
    if !ours || !is_show_id(&show) {
        return match site.oneshot(req).await {
            Ok(res) => res,
            Err(never) => match never {},
        };
    }
    let res = match name.as_str() {
        "manifest.json" => live_manifest(&api, &show),
        "index.m3u8" => live_playlist(&api, &show).await,
        "replay.m3u8" => replay::playlist(&api, &show).await,
        "replay.json" => replay::manifest(&api, &show).await,
        _ => segment(&api, &show, &name, req).await,
    };
    res.unwrap_or_else(|r| r)
}

/// A response with `body`, its type and `Cache-Control`.
pub fn typed(body: impl Into<Body>, content_type: &'static str, cache: &'static str) -> Response {
    let mut res = Response::new(body.into());
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    res
}

fn live_manifest(api: &Api, show: &str) -> Result<Response, Response> {
    let entry = api.catalog.current().show_entry(show).ok_or_else(|| {
        Problem::new(StatusCode::NOT_FOUND)
            .detail(format!(
                "no manifest in the catalog has \"live\": {{\"show\": \"{show}\"}}"
            ))
            .into_response()
    })?;
    Ok(typed(
        entry.served.to_string(),
        "application/json",
        "no-cache",
    ))
}

/// `index.m3u8`. Made once per change of the recording or the show (a
/// new segment, a pin), then the same bytes for every viewer.
async fn live_playlist(api: &Arc<Api>, show: &str) -> Result<Response, Response> {
    let rec = current(api, show).await?;
    let hub = hub_of(api, show).await;
    let (seq, ranges) = hub.as_ref().map(|h| h.pin_ranges()).unwrap_or_default();
    let ended_at = hub.as_ref().and_then(|h| h.ended_at());
    let mut inner = rec.lock();
    let key = (inner.version, seq, 0);
    if let Some((k, bytes)) = &inner.cache {
        if *k == key {
            return Ok(typed(bytes.clone(), M3U8, "no-cache"));
        }
    }
    // After the end: the segments up to it (the packager ran a little longer).
    let upto = match ended_at {
        Some(end) => inner
            .segments
            .iter()
            .rposition(|s| s.program_date_ms <= end)
            .map_or(0, |i| i + 1),
        None => inner.segments.len(),
    };
    if upto == 0 {
        return Err(Problem::new(StatusCode::NOT_FOUND)
            .detail(format!(
                "the stream of show \"{show}\" has no segments yet; try again in a second"
            ))
            .into_response());
    }
    let segs = &inner.segments[..upto];
    let first = playlist::window_start(segs, api.live.streams.window.as_secs_f64(), 3);
    let dateranges = live_dateranges(&ranges, segs[first].program_date_ms);
    let text = playlist::write(
        segs,
        inner.base,
        View::Live {
            first,
            ended: ended_at.is_some(),
        },
        &dateranges,
    );
    let bytes = Bytes::from(text);
    inner.cache = Some((key, bytes.clone()));
    Ok(typed(bytes, M3U8, "no-cache"))
}

/// One segment of the index (never any other file of the directory).
async fn segment(
    api: &Arc<Api>,
    show: &str,
    name: &str,
    req: Request,
) -> Result<Response, Response> {
    let rec = current(api, show).await?;
    if !rec.has(name) {
        return Err(Problem::not_found(&format!("/live/{show}/{name}")).into_response());
    }
    let res = tower_http::services::ServeFile::new(rec.dir.join(name))
        .oneshot(req)
        .await
        .map_err(|e| match e {})?;
    if res.status() == StatusCode::NOT_FOUND {
        return Err(Problem::not_found(&format!("/live/{show}/{name}")).into_response());
    }
    let mut res = res.map(Body::new);
    let kind = match name.rsplit('.').next() {
        Some("ts") => "video/mp2t",
        Some("aac") => "audio/aac",
        _ => "video/mp4",
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // A segment's name is never reused within a show.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    Ok(res)
}
