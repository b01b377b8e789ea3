//! Pins carried in the stream itself, for a brand's own packager:
//! `EXT-X-DATERANGE` tags of class `com.shoppable.pin` (RFC 8216, 4.4.5.1).
//!
//! ```text
//! #EXT-X-DATERANGE:ID="pin-7",CLASS="com.shoppable.pin",START-DATE="2026-11-29T22:25:58.427Z",X-PRODUCT="velvet-lipstick"
//! #EXT-X-DATERANGE:ID="pin-7",CLASS="com.shoppable.pin",START-DATE="2026-11-29T22:25:58.427Z",END-DATE="2026-11-29T22:26:30.000Z",X-PRODUCT="velvet-lipstick"
//! ```
//!
//! A pin starts at `START-DATE` and ends at `END-DATE` (added when the host
//! unpins). A player sees each range again in every playlist reload (hls.js
//! rebuilds its `dateRanges` from each full playlist), and a range may drop
//! out of a sliding live window while its pin is still on: [`Book`] keeps
//! pins by `ID` across reloads, so a pin neither repeats nor vanishes.
//!
//! The pins become the same [`Event`]s as the events server's, so one
//! per-frame rule (`visible.rs`) serves both sources.

use std::collections::BTreeMap;

use super::event::{Event, Kind};
use crate::model::manifest::parse_rfc3339_ms;

/// The class of our ranges.
pub const PIN_CLASS: &str = "com.shoppable.pin";

/// One pin range as read from a playlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinRange {
    pub id: String,
    pub product: String,
    pub start_ms: i64,
    pub end_ms: Option<i64>,
}

/// A range from its attributes (name, value; quotes already removed), as
/// hls.js exposes them (`DateRange.attr`) or [`parse_line`] reads them.
/// `None` for another class, or a range without an ID, a product or a
/// readable start.
pub fn pin_range<'a>(attrs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<PinRange> {
    let (mut id, mut class, mut product, mut start, mut end) = (None, None, None, None, None);
    for (k, v) in attrs {
        match k {
            "ID" => id = Some(v),
            "CLASS" => class = Some(v),
            "X-PRODUCT" => product = Some(v),
            "START-DATE" => start = parse_rfc3339_ms(v),
            "END-DATE" => end = parse_rfc3339_ms(v),
            _ => {}
        }
    }
    if class != Some(PIN_CLASS) {
        return None;
    }
    Some(PinRange {
        id: id.filter(|s| !s.is_empty())?.to_string(),
        product: product.filter(|s| !s.is_empty())?.to_string(),
        start_ms: start?,
        end_ms: end,
    })
}

/// The attributes of one `#EXT-X-DATERANGE:` line, quotes removed; `None`
/// for another line. Quoted values may hold commas.
pub fn parse_line(line: &str) -> Option<Vec<(&str, &str)>> {
    let mut rest = line.trim_end().strip_prefix("#EXT-X-DATERANGE:")?;
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (name, after) = rest.split_once('=')?;
        let (value, next) = if let Some(q) = after.strip_prefix('"') {
            let close = q.find('"')?;
            (&q[..close], &q[close + 1..])
        } else {
            match after.find(',') {
                Some(c) => (&after[..c], &after[c..]),
                None => (after, ""),
            }
        };
        out.push((name.trim(), value));
        rest = next.strip_prefix(',').unwrap_or(next);
    }
    Some(out)
}

/// One `#EXT-X-DATERANGE` line for a pin (what the reference server writes
/// into its live playlist while the pin is on, and with `END-DATE` after).
pub fn line(id: &str, product: &str, start: &str, end: Option<&str>) -> String {
    let mut s =
        format!("#EXT-X-DATERANGE:ID=\"{id}\",CLASS=\"{PIN_CLASS}\",START-DATE=\"{start}\"");
    if let Some(end) = end {
        s.push_str(&format!(",END-DATE=\"{end}\""));
    }
    s.push_str(&format!(",X-PRODUCT=\"{product}\""));
    s
}

/// The pins seen so far, by ID, as events.
#[derive(Debug, Clone, Default)]
pub struct Book {
    ranges: BTreeMap<String, PinRange>,
    /// Sequence numbers handed out (one per pin and one per unpin).
    seq: u64,
    /// Events made so far, in order of discovery.
    events: Vec<Event>,
}

impl Book {
    /// Takes in the ranges of one playlist; returns the events it adds (a
    /// new pin, an end newly known). Ranges already known with the same
    /// dates add nothing; a range missing from this playlist is kept.
    pub fn add(&mut self, ranges: impl IntoIterator<Item = PinRange>) -> Vec<Event> {
        let mut new = Vec::new();
        for r in ranges {
            let known = self.ranges.get(&r.id).cloned();
            let start_new = known.is_none();
            let end_new = r.end_ms.is_some() && known.as_ref().is_none_or(|k| k.end_ms.is_none());
            if start_new {
                self.seq += 1;
                new.push(Event {
                    seq: self.seq,
                    at: Some(r.start_ms),
                    server_ms: r.start_ms,
                    kind: Kind::Pin {
                        product: r.product.clone(),
                    },
                });
            }
            if end_new {
                self.seq += 1;
                let end = r.end_ms.unwrap_or(r.start_ms);
                new.push(Event {
                    seq: self.seq,
                    at: Some(end),
                    server_ms: end,
                    kind: Kind::Unpin {
                        product: r.product.clone(),
                    },
                });
            }
            if start_new || end_new {
                let mut kept = r.clone();
                if kept.end_ms.is_none() {
                    kept.end_ms = known.and_then(|k| k.end_ms);
                }
                self.ranges.insert(r.id.clone(), kept);
            }
        }
        self.events.extend(new.iter().cloned());
        new
    }

    /// Every event made so far.
    pub fn events(&self) -> &[Event] {
        &self.events
    }
}
