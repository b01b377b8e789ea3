//! The manifest's `live` object: a live show on a stream whose tags follow
//! its program date (README.md, "Live shows").
//!
//! ```json
//! "live": { "show": "spring-launch", "events": "/api/live/spring-launch/events", "source": "events" }
//! ```
//!
//! `source` is `"events"` (the reference server's event stream at `events`,
//! the default) or `"daterange"` (pins carried in the HLS playlist as
//! `EXT-X-DATERANGE`, for a brand's own packager; no events server). A
//! `live` object that cannot be used rejects the document with its JSON path:
//! a live page that silently showed nothing would be worse.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use super::raw::{RawLive, RawPin};
use super::validate::{excerpt, warn};
use super::Warning;
use super::{ManifestError, TimeBase};
use crate::model::url::is_safe_url;

/// Where a live show's pins and deals come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LiveSource {
    /// Server-Sent Events from `events`: pins, deals, units, likes.
    Events,
    /// `EXT-X-DATERANGE` in the playlist (`CLASS="com.shoppable.pin"`): pins only.
    Daterange,
}

/// A validated `live` object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LiveConfig {
    /// The show's id: 1–64 of `A–Z a–z 0–9 _ -`.
    pub show: String,
    /// A safe URL (relative URLs resolve against the manifest's); required
    /// for [`LiveSource::Events`].
    pub events: Option<String>,
    pub source: LiveSource,
}

/// True for a show id: 1–64 ASCII letters, digits, `_` or `-` (it goes into URLs).
pub fn is_show_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

pub(super) fn live(
    raw: Option<RawLive>,
    time_base: &TimeBase,
) -> Result<Option<LiveConfig>, ManifestError> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    let invalid = |path: &str, message: String| ManifestError::Invalid {
        path: path.into(),
        message,
    };
    if time_base.is_media() {
        return Err(invalid(
            "video.time_base",
            "a live show needs \"time_base\": \"program_date_time\" (pins follow the stream's program date)".into(),
        ));
    }
    let show = match raw.show {
        Some(s) if is_show_id(&s) => s,
        Some(s) => {
            return Err(invalid(
                "live.show",
                format!(
                    "{:?} is not a show id (1 to 64 letters, digits, _ or -)",
                    excerpt(&s)
                ),
            ))
        }
        None => return Err(invalid("live.show", "missing; name the show".into())),
    };
    let source = match raw.source.as_deref() {
        None | Some("events") => LiveSource::Events,
        Some("daterange") => LiveSource::Daterange,
        Some(other) => {
            return Err(invalid(
                "live.source",
                format!(
                    "unknown source {:?} (\"events\" or \"daterange\")",
                    excerpt(other)
                ),
            ))
        }
    };
    let events = match raw.events {
        Some(u) if is_safe_url(&u) => Some(u),
        Some(u) => {
            return Err(invalid(
                "live.events",
                format!("{:?} is not a safe http(s) or relative URL", excerpt(&u)),
            ))
        }
        None if source == LiveSource::Events => {
            return Err(invalid(
                "live.events",
                "missing; the \"events\" source needs the URL of the show's event stream".into(),
            ))
        }
        None => None,
    };
    Ok(Some(LiveConfig {
        show,
        events,
        source,
    }))
}

/// A product pinned during a span of a recorded show (`pins`: the replay of
/// a live show, README.md "Live shows"): the live build shows its card
/// between `start` and `end` (media seconds), as it did live.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PinSpan {
    /// Index into `Manifest::products`.
    pub product: usize,
    pub start: f64,
    pub end: f64,
}

/// `pins`: each one with a known product and `0 <= start < end`, else
/// dropped with a warning naming its path.
pub(super) fn pins(
    raw: Option<Vec<RawPin>>,
    kept: &BTreeMap<String, usize>,
    w: &mut Vec<Warning>,
) -> Vec<PinSpan> {
    let mut out = Vec::new();
    for (i, p) in raw.unwrap_or_default().into_iter().enumerate() {
        let path = format!("pins[{i}]");
        let Some(&product) = p.product.as_deref().and_then(|id| kept.get(id)) else {
            warn(
                w,
                path + ".product",
                "missing or not a product of this manifest; pin dropped",
            );
            continue;
        };
        match (p.start, p.end) {
            (Some(s), Some(e)) if s.is_finite() && e.is_finite() && s >= 0.0 && e > s => {
                out.push(PinSpan {
                    product,
                    start: s,
                    end: e,
                })
            }
            _ => warn(
                w,
                path + ".end",
                "start and end must be seconds with 0 <= start < end; pin dropped",
            ),
        }
    }
    out
}
