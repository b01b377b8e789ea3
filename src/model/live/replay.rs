//! A show's pins as spans of program date, for the two places the
//! reference server writes them down: the live playlist's
//! `EXT-X-DATERANGE`s (every open pin, and a closed one while its end is
//! still in the window), and the replay's manifest `pins`, in media
//! seconds of the recording.
//!
//! A pin runs from its event's `at` (the frame the host saw when pressing
//! Pin) to the `at` of whatever ended it: an unpin, the same product pinned
//! again, or the show's end.

use serde::Serialize;

use super::daterange::{self, PinRange};
use super::event::{Event, Kind};
use super::playlist::Segment;
use super::state::ShowState;
use crate::model::manifest::format_rfc3339_ms;

/// The `ID` of the range of the pin made by event `seq`: unique in the
/// show and the same in every playlist reload.
pub fn range_id(seq: u64) -> String {
    format!("pin-{seq}")
}

/// The pin ranges of a show: those open in `base` (the fold of earlier
/// events), then what `events` (in order, after `base`) open and close.
/// Open ranges have no end. In order of their start.
pub fn pin_ranges(base: &ShowState, events: &[Event]) -> Vec<PinRange> {
    let mut ranges: Vec<PinRange> = base
        .pins
        .iter()
        .filter_map(|p| {
            Some(PinRange {
                id: range_id(p.seq),
                product: p.product.clone(),
                start_ms: p.at?,
                end_ms: None,
            })
        })
        .collect();
    ranges.sort_by_key(|r| r.start_ms);
    let close = |ranges: &mut Vec<PinRange>, product: Option<&str>, at: i64| {
        for r in ranges.iter_mut() {
            if r.end_ms.is_none() && product.is_none_or(|p| p == r.product) {
                // A pin ends no earlier than it started, whatever the clocks.
                r.end_ms = Some(at.max(r.start_ms));
            }
        }
    };
    for e in events {
        let at = e.at.unwrap_or(e.server_ms);
        match &e.kind {
            Kind::Pin { product } => {
                close(&mut ranges, Some(product), at);
                ranges.push(PinRange {
                    id: range_id(e.seq),
                    product: product.clone(),
                    start_ms: at,
                    end_ms: None,
                });
            }
            Kind::Unpin { product } => close(&mut ranges, Some(product), at),
            Kind::ShowEnd => close(&mut ranges, None, at),
            Kind::DealStart { .. } | Kind::DealEnd { .. } => {}
        }
    }
    ranges
}

/// The `#EXT-X-DATERANGE` lines of a live playlist whose first segment
/// starts at `window_start_ms`: every open range, and every closed one
/// that ends inside the window or later. A range that ended before the
/// window is dropped; players keep what they saw by `ID`.
pub fn live_dateranges(ranges: &[PinRange], window_start_ms: i64) -> Vec<String> {
    ranges
        .iter()
        .filter(|r| r.end_ms.is_none_or(|end| end >= window_start_ms))
        .map(|r| {
            daterange::line(
                &r.id,
                &r.product,
                &format_rfc3339_ms(r.start_ms),
                r.end_ms.map(format_rfc3339_ms).as_deref(),
            )
        })
        .collect()
}

/// The media time (seconds from the first segment's start) of the frame
/// at program date `date_ms`, in `segments` played end to end, as a VOD
/// player lays them out. A date between two segments (a gap where the
/// packager restarted) maps to the start of the next; before the first,
/// to 0; after the last, to the end.
pub fn media_time_at(segments: &[Segment], date_ms: i64) -> f64 {
    let mut start = 0.0;
    for s in segments {
        if date_ms < s.program_date_ms {
            return start;
        }
        if date_ms < s.end_ms() {
            let into = (date_ms - s.program_date_ms) as f64 / 1000.0;
            return start + into.min(s.duration);
        }
        start += s.duration;
    }
    start
}

/// The part of a recording that is the show: from the segment holding its
/// start to the segment holding its end (indices, inclusive). `None` when
/// no segment reaches into the show.
pub fn show_span(segments: &[Segment], start_ms: i64, end_ms: i64) -> Option<(usize, usize)> {
    let first = segments.iter().position(|s| s.end_ms() > start_ms)?;
    let last = segments.iter().rposition(|s| s.program_date_ms <= end_ms)?;
    (first <= last).then_some((first, last))
}

/// A pinned span of the replay: the manifest's `pins` entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayPin {
    pub product: String,
    /// Media seconds of the replay, rounded to the millisecond.
    pub start: f64,
    pub end: f64,
}

/// The replay's pins: each range mapped through the replay's segments
/// (ranges still open end at `end_ms`, the show's end), in order of start.
/// A range that maps to nothing (wholly outside the recording) is left out.
pub fn replay_pins(ranges: &[PinRange], segments: &[Segment], end_ms: i64) -> Vec<ReplayPin> {
    let ms = |t: f64| (t * 1000.0).round() / 1000.0;
    ranges
        .iter()
        .filter_map(|r| {
            let start = ms(media_time_at(segments, r.start_ms));
            let end = ms(media_time_at(segments, r.end_ms.unwrap_or(end_ms)));
            (end > start).then(|| ReplayPin {
                product: r.product.clone(),
                start,
                end,
            })
        })
        .collect()
}
