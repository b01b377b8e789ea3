//! What clock the tags' times are on (`video.time_base`).
//!
//! For a video file, and for a recorded stream, tags are in media seconds:
//! the `<video>`'s `currentTime`. A live stream has no such fixed origin (a
//! viewer who joins late starts near media time 0, or wherever the player
//! puts the live edge), so a live manifest states times against the stream's
//! wall clock instead: each HLS segment carries `EXT-X-PROGRAM-DATE-TIME`,
//! and a tag at `t` is shown when the picture's program date is
//! `video.epoch + t` seconds.
//!
//! The timestamp is parsed here by hand (integers only, no float parsing of
//! strings) so the model stays free of date crates and browser imports.

use serde::Serialize;

/// The clock tag times are measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeBase {
    /// Tag times are media seconds (`currentTime`). The default.
    #[default]
    Media,
    /// Tag time = the stream's program date (`EXT-X-PROGRAM-DATE-TIME` of the
    /// frame on screen) − `epoch_ms`, in seconds.
    ProgramDateTime {
        /// `video.epoch` as milliseconds since 1970-01-01T00:00:00Z.
        epoch_ms: i64,
    },
}

impl TimeBase {
    /// The tag time for a frame at `media_time` seconds whose program date
    /// (milliseconds since the Unix epoch) is `program_date_ms`, when known.
    /// `None` when the time base needs a program date the stream has not
    /// given (yet).
    pub fn tag_time(&self, media_time: f64, program_date_ms: Option<f64>) -> Option<f64> {
        match *self {
            TimeBase::Media => Some(media_time),
            TimeBase::ProgramDateTime { epoch_ms } => program_date_ms
                .filter(|d| d.is_finite())
                .map(|d| (d - epoch_ms as f64) / 1000.0),
        }
    }

    /// How far tag time is ahead of media time, in seconds, given one
    /// simultaneous reading of both clocks (`media_time` and the program
    /// date of that same frame). Adapters read it on media events and add it
    /// to each frame's media time in between, so one reading serves every
    /// frame until the next event (a stream's program date advances with its
    /// media time, except across discontinuities, which raise events).
    pub fn offset(&self, media_time: f64, program_date_ms: Option<f64>) -> Option<f64> {
        self.tag_time(media_time, program_date_ms)
            .map(|t| t - media_time)
    }

    /// The media time to seek to for tag time `tag_time`, given the current
    /// [`TimeBase::offset`].
    pub fn media_time(tag_time: f64, offset: f64) -> f64 {
        tag_time - offset
    }

    pub fn is_media(&self) -> bool {
        matches!(self, TimeBase::Media)
    }
}

/// Parses an RFC 3339 timestamp (`2026-05-01T18:00:00Z`,
/// `2026-05-01T20:00:00.250+02:00`) into milliseconds since
/// 1970-01-01T00:00:00Z. Fractions beyond milliseconds are truncated; a leap
/// second (`:60`) is read as the next second, as most clocks do.
///
/// Offsets are also taken in the ISO 8601 forms real packagers write in
/// `EXT-X-PROGRAM-DATE-TIME`: without the colon (`+0000`, which ffmpeg
/// writes) and hours only (`+02`).
pub fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    // date-time = full-date "T" full-time; at least "YYYY-MM-DDTHH:MM:SSZ".
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(&b[0..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = &b[19..];
    let mut millis = 0i64;
    if let Some((&b'.', frac)) = rest.split_first() {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        for (i, &c) in frac[..n].iter().enumerate().take(3) {
            millis += i64::from(c - b'0') * [100, 10, 1][i];
        }
        rest = &frac[n..];
    }
    let offset_min = match rest {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
            let h = digits(&[*h1, *h2])?;
            let m = digits(&[*m1, *m2])?;
            if h > 23 || m > 59 {
                return None;
            }
            let total = h * 60 + m;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        [sign @ (b'+' | b'-'), h1, h2] => {
            let h = digits(&[*h1, *h2])?;
            if h > 23 {
                return None;
            }
            if *sign == b'-' {
                -h * 60
            } else {
                h * 60
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second - offset_min * 60;
    Some(secs * 1000 + millis)
}

/// Milliseconds since 1970-01-01T00:00:00Z as an RFC 3339 UTC timestamp
/// with milliseconds (`2026-11-29T22:25:58.427Z`): the form the reference
/// server writes into its playlists (`EXT-X-PROGRAM-DATE-TIME`,
/// `EXT-X-DATERANGE`). [`parse_rfc3339_ms`] reads it back exactly.
pub fn format_rfc3339_ms(ms: i64) -> String {
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, frac) = (
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000,
    );
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{frac:03}Z")
}

/// A run of ASCII digits as a number; `None` if any byte is not a digit.
fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`), exact for every year this format can hold.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01, the
/// inverse of [`days_from_civil`] (Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}
