//! HLS media playlists (RFC 8216) as the reference server reads and writes
//! them for a live show: it reads the sliding playlist its packager
//! (ffmpeg) keeps rewriting, keeps every segment it has seen as the show's
//! recording, and serves two views of that recording: the live window, with
//! the pins' `EXT-X-DATERANGE`s (`replay.rs` makes them), and, once the show
//! has ended, the whole of it as VOD.
//!
//! Only what those playlists use is read: `EXTINF`,
//! `EXT-X-PROGRAM-DATE-TIME`, `EXT-X-DISCONTINUITY`, `EXT-X-MEDIA-SEQUENCE`
//! and `EXT-X-ENDLIST`; other tags are skipped. ffmpeg writes `EXTINF`
//! before the program date, so a segment's tags are read in any order up to
//! its URI.

use crate::model::manifest::{format_rfc3339_ms, parse_rfc3339_ms};

/// One media segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    /// As written in the playlist (relative to it).
    pub uri: String,
    /// Seconds (`EXTINF`).
    pub duration: f64,
    /// `EXT-X-PROGRAM-DATE-TIME` of its first frame (ms since the epoch).
    pub program_date_ms: i64,
    /// An `EXT-X-DISCONTINUITY` comes before it (timestamps restart).
    pub discontinuity: bool,
}

impl Segment {
    /// The program date just after its last frame.
    pub fn end_ms(&self) -> i64 {
        self.program_date_ms + (self.duration * 1000.0).round() as i64
    }
}

/// A media playlist as read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MediaPlaylist {
    /// `EXT-X-MEDIA-SEQUENCE`: the sequence number of the first segment.
    pub media_sequence: u64,
    /// `EXT-X-DISCONTINUITY-SEQUENCE`.
    pub discontinuity_sequence: u64,
    pub segments: Vec<Segment>,
    /// `EXT-X-ENDLIST` was present.
    pub ended: bool,
}

/// Reads a media playlist. A segment without its own program date gets
/// the previous segment's end (RFC 8216, 4.3.2.6); segments before the
/// first program date are dropped, since nothing here can place them.
/// A URI line with no `EXTINF` before it is not a segment and is skipped.
pub fn parse(text: &str) -> MediaPlaylist {
    let mut out = MediaPlaylist::default();
    let (mut duration, mut date, mut disc) = (None::<f64>, None::<i64>, false);
    for line in text.lines().map(str::trim) {
        if let Some(v) = line.strip_prefix("#EXTINF:") {
            duration = v.split(',').next().and_then(|d| d.trim().parse().ok());
        } else if let Some(v) = line.strip_prefix("#EXT-X-PROGRAM-DATE-TIME:") {
            date = parse_rfc3339_ms(v.trim());
        } else if line == "#EXT-X-DISCONTINUITY" {
            disc = true;
        } else if let Some(v) = line.strip_prefix("#EXT-X-MEDIA-SEQUENCE:") {
            out.media_sequence = v.trim().parse().unwrap_or(0);
        } else if let Some(v) = line.strip_prefix("#EXT-X-DISCONTINUITY-SEQUENCE:") {
            out.discontinuity_sequence = v.trim().parse().unwrap_or(0);
        } else if line == "#EXT-X-ENDLIST" {
            out.ended = true;
        } else if !line.is_empty() && !line.starts_with('#') {
            let d = duration.take().filter(|d| d.is_finite() && *d >= 0.0);
            let pdt = date
                .take()
                .or_else(|| out.segments.last().map(Segment::end_ms));
            if let (Some(duration), Some(program_date_ms)) = (d, pdt) {
                out.segments.push(Segment {
                    uri: line.to_string(),
                    duration,
                    program_date_ms,
                    discontinuity: std::mem::take(&mut disc),
                });
            }
        }
    }
    out
}

/// The lines of one segment as this server writes them (program date,
/// duration, URI), with its discontinuity tag when it has one and
/// `with_discontinuity`.
pub fn segment_lines(s: &Segment, with_discontinuity: bool) -> String {
    let mut out = String::new();
    if s.discontinuity && with_discontinuity {
        out.push_str("#EXT-X-DISCONTINUITY\n");
    }
    out.push_str("#EXT-X-PROGRAM-DATE-TIME:");
    out.push_str(&format_rfc3339_ms(s.program_date_ms));
    out.push_str(&format!("\n#EXTINF:{:.6},\n{}\n", s.duration, s.uri));
    out
}

/// `EXT-X-TARGETDURATION` for `segments`: every `EXTINF` rounded to the
/// nearest integer must be at most it (RFC 8216, 4.3.3.1); at least 1.
pub fn target_duration(segments: &[Segment]) -> u64 {
    segments
        .iter()
        .map(|s| s.duration.round() as u64)
        .max()
        .unwrap_or(1)
        .max(1)
}

/// Where the live window starts in `segments` (a show's whole recording):
/// the shortest tail lasting at least `seconds`, and at least
/// `min_segments` long when there are that many.
pub fn window_start(segments: &[Segment], seconds: f64, min_segments: usize) -> usize {
    let mut total = 0.0;
    let mut start = segments.len();
    while start > 0 && (total < seconds || segments.len() - start < min_segments) {
        start -= 1;
        total += segments[start].duration;
    }
    start
}

/// Where a recording's first kept segment stands in the show's numbering:
/// a recording may have dropped segments from its front (the pre-show),
/// and numbers never move under a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Base {
    /// The media sequence number of the first kept segment.
    pub media_sequence: u64,
    /// Discontinuities among the dropped segments.
    pub discontinuity_sequence: u64,
}

/// What a playlist of the recording shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum View {
    /// The live window from this index of the recording: each segment's
    /// program date, no end until `ended`.
    Live { first: usize, ended: bool },
    /// The recording from `first` to `last` (inclusive) as VOD.
    Vod { first: usize, last: usize },
}

/// Writes a playlist of `recording` (the show's kept segments, in order;
/// segment `i` has media sequence number `base.media_sequence + i`) with
/// `dateranges` (whole `#EXT-X-DATERANGE:` lines) after the header.
///
/// The discontinuity sequence counts the discontinuities up to and
/// including the first segment shown, whose own tag is then not written,
/// so every segment keeps the same discontinuity sequence number in every
/// reload (RFC 8216, 6.2.2) however the window slides.
pub fn write(recording: &[Segment], base: Base, view: View, dateranges: &[String]) -> String {
    let (first, last, vod, ended) = match view {
        View::Live { first, ended } => (first, recording.len(), false, ended),
        View::Vod { first, last } => (first, (last + 1).min(recording.len()), true, true),
    };
    let first = first.min(last);
    let shown = &recording[first..last];
    let discontinuity_sequence = base.discontinuity_sequence
        + recording[..(first + 1).min(recording.len())]
            .iter()
            .filter(|s| s.discontinuity)
            .count() as u64;
    let mut out = String::with_capacity(64 + shown.len() * 96);
    out.push_str("#EXTM3U\n#EXT-X-VERSION:3\n");
    out.push_str(&format!(
        "#EXT-X-TARGETDURATION:{}\n",
        target_duration(recording)
    ));
    if vod {
        out.push_str("#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MEDIA-SEQUENCE:0\n");
    } else {
        out.push_str(&format!(
            "#EXT-X-MEDIA-SEQUENCE:{}\n",
            base.media_sequence + first as u64
        ));
        if discontinuity_sequence > 0 {
            out.push_str(&format!(
                "#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuity_sequence}\n"
            ));
        }
    }
    for d in dateranges {
        out.push_str(d);
        out.push('\n');
    }
    for (i, s) in shown.iter().enumerate() {
        out.push_str(&segment_lines(s, i > 0));
    }
    if ended {
        out.push_str("#EXT-X-ENDLIST\n");
    }
    out
}
