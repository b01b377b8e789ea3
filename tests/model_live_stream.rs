#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The live stream the reference server publishes and records: program
//! dates written and read back, typed prices, the packager's playlist read,
//! the live window (media and discontinuity sequences that never move under
//! a segment), the pins as DATERANGE and as the replay's media times.

use proptest::prelude::*;
use shoppable::model::live::daterange::{parse_line, pin_range, PinRange};
use shoppable::model::live::playlist::{self, Base, Segment, View};
use shoppable::model::live::replay::{
    live_dateranges, media_time_at, pin_ranges, replay_pins, show_span, ReplayPin,
};
use shoppable::model::live::{Event, Kind, ShowState};
use shoppable::model::manifest::{format_rfc3339_ms, parse_rfc3339_ms};
use shoppable::model::money::parse_decimal;

const T0: i64 = 1_795_991_158_427; // 2026-11-29T22:25:58.427Z

fn seg(i: usize, start_ms: i64, dur: f64) -> Segment {
    Segment {
        uri: format!("r1-{i:06}.ts"),
        duration: dur,
        program_date_ms: start_ms,
        discontinuity: false,
    }
}

/// `n` one-second segments from T0.
fn run(n: usize) -> Vec<Segment> {
    (0..n).map(|i| seg(i, T0 + i as i64 * 1000, 1.0)).collect()
}

fn ev(seq: u64, at: i64, kind: Kind) -> Event {
    Event {
        seq,
        at: Some(at),
        server_ms: at + 1500,
        kind,
    }
}

fn pin(p: &str) -> Kind {
    Kind::Pin { product: p.into() }
}

fn unpin(p: &str) -> Kind {
    Kind::Unpin { product: p.into() }
}

#[test]
fn program_dates_are_written_as_rfc_3339_utc_with_milliseconds() {
    assert_eq!(format_rfc3339_ms(T0), "2026-11-29T22:25:58.427Z");
    assert_eq!(format_rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
    assert_eq!(
        format_rfc3339_ms(951_782_400_000),
        "2000-02-29T00:00:00.000Z"
    );
    assert_eq!(format_rfc3339_ms(-1), "1969-12-31T23:59:59.999Z");
}

proptest! {
    #[test]
    fn a_written_date_reads_back_exactly(ms in -62_135_596_800_000i64..253_402_300_799_999) {
        prop_assert_eq!(parse_rfc3339_ms(&format_rfc3339_ms(ms)), Some(ms));
    }
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn typed_prices_become_minor_units_without_floats() {
    let cases = [
        ("15", "USD", Some(1500)), ("15.5", "USD", Some(1550)), ("15.50", "USD", Some(1550)),
        (" 0.05 ", "USD", Some(5)), ("15.", "USD", Some(1500)), (".5", "USD", Some(50)),
        ("4800", "JPY", Some(4800)), ("12.5", "KWD", Some(12500)),
        ("15.505", "USD", None), ("4800.0", "JPY", None), ("-1", "USD", None), ("+1", "USD", None),
        ("1,000", "USD", None), ("", "USD", None), (".", "USD", None), ("1e3", "USD", None),
        ("99999999999999999999", "USD", None),
    ];
    for (text, code, want) in cases {
        assert_eq!(parse_decimal(text, code), want, "{text:?} {code}");
    }
}

/// What ffmpeg 5.1 writes with `-hls_flags program_date_time` (EXTINF
/// before the date, `+0000`), after a restart and a loop.
const FFMPEG: &str = "#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:1
#EXT-X-MEDIA-SEQUENCE:18
#EXTINF:1.000000,
#EXT-X-PROGRAM-DATE-TIME:2026-11-29T22:25:58.427+0000
r1-000018.ts
#EXTINF:1.000000,
r1-000019.ts
#EXT-X-DISCONTINUITY
#EXTINF:0.960000,
#EXT-X-PROGRAM-DATE-TIME:2026-11-29T22:26:10.000+0000
r1-000020.ts
#EXT-X-ENDLIST
";

#[test]
fn the_packagers_playlist_is_read_with_its_dates() {
    let p = playlist::parse(FFMPEG);
    assert_eq!(p.media_sequence, 18);
    assert!(p.ended);
    let got: Vec<_> = p
        .segments
        .iter()
        .map(|s| {
            (
                s.uri.as_str(),
                s.duration,
                s.program_date_ms,
                s.discontinuity,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("r1-000018.ts", 1.0, T0, false),
            // No date of its own: the previous segment's end.
            ("r1-000019.ts", 1.0, T0 + 1000, false),
            ("r1-000020.ts", 0.96, T0 + 11_573, true),
        ]
    );
    // Before any date nothing can be placed; a URI without EXTINF is no segment.
    let p = playlist::parse("#EXTM3U\n#EXTINF:1,\na.ts\nstray.ts\n#EXT-X-PROGRAM-DATE-TIME:2026-11-29T22:25:58.427Z\n#EXTINF:1,\nb.ts\n");
    assert_eq!(p.segments.len(), 1);
    assert_eq!(p.segments[0].uri, "b.ts");
}

#[test]
fn the_live_window_is_the_last_seconds_with_its_media_sequence() {
    let rec = run(40);
    assert_eq!(playlist::window_start(&rec, 30.0, 3), 10);
    assert_eq!(playlist::window_start(&rec[..2], 30.0, 3), 0);
    assert_eq!(playlist::window_start(&rec, 0.5, 3), 37);
    let text = playlist::write(
        &rec,
        Base::default(),
        View::Live {
            first: 10,
            ended: false,
        },
        &[],
    );
    let p = playlist::parse(&text);
    assert_eq!(p.media_sequence, 10);
    assert_eq!(p.segments, rec[10..].to_vec());
    assert!(!p.ended);
    assert!(text.starts_with("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n"));
    assert!(text.contains(
        "#EXT-X-PROGRAM-DATE-TIME:2026-11-29T22:26:08.427Z\n#EXTINF:1.000000,\nr1-000010.ts\n"
    ));
    assert!(!text.contains("DISCONTINUITY"));
    let ended = playlist::write(
        &rec,
        Base::default(),
        View::Live {
            first: 10,
            ended: true,
        },
        &[],
    );
    assert!(ended.ends_with("#EXT-X-ENDLIST\n"));
    // A recording that dropped 100 segments (two discontinuities) in front.
    let base = Base {
        media_sequence: 100,
        discontinuity_sequence: 2,
    };
    let text = playlist::write(
        &rec,
        base,
        View::Live {
            first: 10,
            ended: false,
        },
        &[],
    );
    let p = playlist::parse(&text);
    assert_eq!((p.media_sequence, p.discontinuity_sequence), (110, 2));
}

#[test]
fn vod_is_the_span_from_zero_with_its_discontinuities_and_an_end() {
    let mut rec = run(6);
    rec[3].discontinuity = true;
    rec[1].duration = 1.6; // rounds to 2
    let text = playlist::write(&rec, Base::default(), View::Vod { first: 1, last: 4 }, &[]);
    assert!(text.contains("#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MEDIA-SEQUENCE:0\n"));
    assert!(text.contains("#EXT-X-TARGETDURATION:2\n"));
    assert!(text.ends_with("r1-000004.ts\n#EXT-X-ENDLIST\n"));
    let p = playlist::parse(&text);
    assert_eq!(p.segments, rec[1..=4].to_vec());
}

proptest! {
    /// However the window slides, a segment keeps its media sequence number
    /// and its discontinuity sequence number (RFC 8216, 6.2.2): what a
    /// player computes for a segment never changes between reloads.
    #[test]
    fn windows_never_renumber_a_segment(
        discs in proptest::collection::vec(any::<bool>(), 1..40),
        a in 0usize..40,
        b in 0usize..40,
        dropped in 0u64..5,
    ) {
        // The recording may have dropped some segments (and discontinuities) in front.
        let base = Base { media_sequence: dropped * 7, discontinuity_sequence: dropped };
        let rec: Vec<Segment> = discs
            .iter()
            .enumerate()
            .map(|(i, d)| Segment { discontinuity: *d && i > 0, ..seg(i, T0 + i as i64 * 1000, 1.0) })
            .collect();
        let numbers = |first: usize| {
            let text = playlist::write(&rec, base, View::Live { first, ended: false }, &[]);
            let disc_seq: u64 = text
                .lines()
                .find_map(|l| l.strip_prefix("#EXT-X-DISCONTINUITY-SEQUENCE:"))
                .map_or(0, |v| v.parse().unwrap());
            let p = playlist::parse(&text);
            let mut cc = disc_seq;
            p.segments
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    if s.discontinuity {
                        cc += 1;
                    }
                    (p.media_sequence + i as u64, s.uri.clone(), cc)
                })
                .collect::<Vec<_>>()
        };
        let (a, b) = (a.min(rec.len() - 1), b.min(rec.len() - 1));
        let (wa, wb) = (numbers(a), numbers(b));
        for x in &wa {
            if let Some(y) = wb.iter().find(|y| y.0 == x.0) {
                prop_assert_eq!(x, y);
            }
        }
    }
}

#[test]
fn pins_become_ranges_ended_by_unpin_repin_or_the_shows_end() {
    let events = [
        ev(1, T0 + 1000, pin("lipstick")),
        ev(2, T0 + 2000, pin("tote")),
        ev(3, T0 + 5000, unpin("lipstick")),
        // Pinned again while pinned: the earlier range ends here.
        ev(4, T0 + 6000, pin("tote")),
        ev(5, T0 + 7000, pin("lipstick")),
        ev(6, T0 + 9000, Kind::ShowEnd),
    ];
    let r = |id: &str, p: &str, s: i64, e: Option<i64>| PinRange {
        id: id.into(),
        product: p.into(),
        start_ms: T0 + s,
        end_ms: e.map(|e| T0 + e),
    };
    assert_eq!(
        pin_ranges(&ShowState::default(), &events),
        vec![
            r("pin-1", "lipstick", 1000, Some(5000)),
            r("pin-2", "tote", 2000, Some(6000)),
            r("pin-4", "tote", 6000, Some(9000)),
            r("pin-5", "lipstick", 7000, Some(9000)),
        ]
    );
    // From a base that already holds pins (a snapshot's fold).
    let base = ShowState::default().folded(&events[..2]);
    assert_eq!(
        pin_ranges(&base, &events[2..3]),
        vec![
            r("pin-1", "lipstick", 1000, Some(5000)),
            r("pin-2", "tote", 2000, None)
        ]
    );
}

#[test]
fn the_live_playlist_carries_open_ranges_and_closed_ones_still_in_the_window() {
    let ranges = pin_ranges(
        &ShowState::default(),
        &[
            ev(1, T0, pin("lipstick")),
            ev(2, T0 + 1000, pin("tote")),
            ev(3, T0 + 4000, unpin("tote")),
        ],
    );
    let lines = live_dateranges(&ranges, T0 + 4000);
    assert_eq!(lines, vec![
        r#"#EXT-X-DATERANGE:ID="pin-1",CLASS="com.shoppable.pin",START-DATE="2026-11-29T22:25:58.427Z",X-PRODUCT="lipstick""#.to_string(),
        r#"#EXT-X-DATERANGE:ID="pin-2",CLASS="com.shoppable.pin",START-DATE="2026-11-29T22:25:59.427Z",END-DATE="2026-11-29T22:26:02.427Z",X-PRODUCT="tote""#.to_string(),
    ]);
    // Read back as a player's parser reads them.
    let back: Vec<PinRange> = lines
        .iter()
        .filter_map(|l| pin_range(parse_line(l)?))
        .collect();
    assert_eq!(back, ranges);
    // Once the window starts after its end, the closed range is gone.
    assert_eq!(live_dateranges(&ranges, T0 + 4001).len(), 1);
}

#[test]
fn program_dates_map_to_media_time_of_the_segments_played_end_to_end() {
    let mut segs = run(4);
    // A restart: 10 s of nothing, then a segment of 0.5 s.
    segs.push(Segment {
        discontinuity: true,
        ..seg(4, T0 + 14_000, 0.5)
    });
    assert_eq!(media_time_at(&segs, T0 - 5), 0.0);
    assert_eq!(media_time_at(&segs, T0), 0.0);
    assert_eq!(media_time_at(&segs, T0 + 2_250), 2.25);
    assert_eq!(media_time_at(&segs, T0 + 6_000), 4.0); // in the gap: the next segment's start
    assert_eq!(media_time_at(&segs, T0 + 14_200), 4.2);
    assert_eq!(media_time_at(&segs, T0 + 99_000), 4.5);
    assert_eq!(show_span(&segs, T0 + 1_500, T0 + 3_000), Some((1, 3)));
    assert_eq!(show_span(&segs, T0 + 1_000, T0 + 14_000), Some((1, 4)));
    assert_eq!(show_span(&segs, T0 + 20_000, T0 + 30_000), None);
}

#[test]
fn replay_pins_are_in_media_seconds_of_the_replay() {
    let rec = run(20);
    let events = [
        ev(1, T0 + 3_500, pin("lipstick")), // the show starts in segment 3
        ev(2, T0 + 6_250, unpin("lipstick")),
        ev(3, T0 + 8_040, pin("tote")),
        ev(4, T0 + 12_000, Kind::ShowEnd),
    ];
    let (first, last) = show_span(&rec, T0 + 3_500, T0 + 12_000).unwrap();
    assert_eq!((first, last), (3, 12));
    let ranges = pin_ranges(&ShowState::default(), &events);
    assert_eq!(
        replay_pins(&ranges, &rec[first..=last], T0 + 12_000),
        vec![
            ReplayPin {
                product: "lipstick".into(),
                start: 0.5,
                end: 3.25
            },
            ReplayPin {
                product: "tote".into(),
                start: 5.04,
                end: 9.0
            },
        ]
    );
}
