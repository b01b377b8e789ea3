//! The live stream the server publishes and records: the live playlist's
//! sliding window and media sequence as the packager appends, restarts and
//! loses segments, every open pin's EXT-X-DATERANGE (and its end once
//! unpinned), the segments, the replay (VOD playlist and manifest with the
//! pins at their media times) after `show_end`, across restarts, and the
//! recordings' size limit. The packager is written by hand here, as
//! ffmpeg writes it, so every step is deterministic; `live_ffmpeg.rs` runs
//! the real one.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::shop::*;
use common::*;
use serde_json::{json, Value};
use server::config::{LiveSource, Publisher};
use shoppable::model::live::daterange::{parse_line, pin_range, PinRange};
use shoppable::model::live::playlist;
use shoppable::model::manifest::parse_str;

const PRODUCER: &str = "test-producer-token-0123456789";
const SHOW: &str = "show-1";
/// 2026-11-29T22:25:58.427Z
const T0: i64 = 1_795_991_158_427;

const LIVE: &str = r#"{
  "version": 1,
  "video": { "id": "live-video", "time_base": "program_date_time", "epoch": "2026-11-29T22:00:00Z" },
  "currency": "USD",
  "live": { "show": "show-1", "events": "/api/live/show-1/events" },
  "products": [
    { "id": "lipstick", "title": "Velvet Lipstick", "price": 1900, "options": ["Shade"],
      "variants": [ { "id": "ruby", "options": ["Ruby"] }, { "id": "plum", "options": ["Plum"] } ] },
    { "id": "tote", "title": "Canvas Tote", "price": 2900 }
  ],
  "checkout": { "strategy": "payment_request", "endpoint": "/api/checkout" }
}"#;

fn stream_shop() -> (TempDir, server::Config) {
    let (fx, cfg) = shop(json!({}));
    fx.write("www/manifests/live.json", LIVE);
    let cfg = server::Config {
        producer_token: Some(PRODUCER.into()),
        live_sources: vec![LiveSource {
            show: SHOW.into(),
            publisher: Publisher::External,
        }],
        live_window: Duration::from_secs(5),
        ..cfg
    };
    (fx, cfg)
}

/// A packager writing as ffmpeg does (`-hls_list_size 6`): a sliding
/// playlist of its last 6 segments (`EXTINF` before the date, `+0000`),
/// segments renamed in place.
struct Packager {
    dir: PathBuf,
    run: u32,
    /// (sequence number, program date ms, duration s) of every segment.
    written: Vec<(u64, i64, f64)>,
}

impl Packager {
    fn new(fx: &TempDir, run: u32) -> Packager {
        let dir = fx.path().join("data/live").join(SHOW);
        std::fs::create_dir_all(&dir).unwrap();
        Packager {
            dir,
            run,
            written: Vec::new(),
        }
    }

    fn name(&self, seq: u64) -> String {
        format!("r{}-{seq:06}.ts", self.run)
    }

    /// Writes `n` one-second segments from program date `from` (or after
    /// the last one), numbering on from `seq` (or after the last one).
    fn add(&mut self, n: usize, from: Option<i64>, seq: Option<u64>) {
        for i in 0..n {
            let (s, d) = match (i, self.written.last()) {
                (0, last) => (
                    seq.unwrap_or_else(|| last.map_or(0, |l| l.0 + 1)),
                    from.unwrap_or_else(|| last.map_or(T0, |l| l.1 + 1000)),
                ),
                (_, Some(l)) => (l.0 + 1, l.1 + 1000),
                (_, None) => unreachable!(),
            };
            std::fs::write(
                self.dir.join(self.name(s)),
                format!("segment {s} of run {}", self.run),
            )
            .unwrap();
            self.written.push((s, d, 1.0));
        }
        let tail = &self.written[self.written.len().saturating_sub(6)..];
        let mut text = format!(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{}\n",
            tail[0].0
        );
        for &(s, d, dur) in tail {
            let date = shoppable::model::manifest::format_rfc3339_ms(d).replace('Z', "+0000");
            text.push_str(&format!(
                "#EXTINF:{dur:.6},\n#EXT-X-PROGRAM-DATE-TIME:{date}\n{}\n",
                self.name(s)
            ));
        }
        let tmp = self.dir.join("playlist.tmp");
        std::fs::write(&tmp, text).unwrap();
        std::fs::rename(&tmp, self.dir.join(format!("source-r{}.m3u8", self.run))).unwrap();
    }
}

async fn act(srv: &Running, action: Value) -> Value {
    let r = send(
        srv.addr,
        "POST",
        &format!("/api/live/{SHOW}/events"),
        &[
            ("Content-Type", "application/json"),
            ("Authorization", &format!("Bearer {PRODUCER}")),
        ],
        action.to_string().as_bytes(),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.text());
    json_of(&r)
}

/// The live playlist, read as a player reads it, with its DATERANGEs.
struct Live {
    text: String,
    p: playlist::MediaPlaylist,
    ranges: Vec<PinRange>,
}

async fn live(srv: &Running) -> Live {
    let r = get(srv.addr, &format!("/live/{SHOW}/index.m3u8"), &[]).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("content-type"),
        Some("application/vnd.apple.mpegurl")
    );
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let text = r.text();
    let ranges = text
        .lines()
        .filter_map(|l| pin_range(parse_line(l)?))
        .collect();
    Live {
        p: playlist::parse(&text),
        text,
        ranges,
    }
}

/// The segment names of a playlist.
fn names(l: &Live) -> Vec<String> {
    l.p.segments.iter().map(|s| s.uri.clone()).collect()
}

fn range(id: &str, product: &str, start: i64, end: Option<i64>) -> PinRange {
    PinRange {
        id: id.into(),
        product: product.into(),
        start_ms: T0 + start,
        end_ms: end.map(|e| T0 + e),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_window_slides_as_the_packager_appends_with_each_open_pin() {
    let (fx, cfg) = stream_shop();
    let srv = start(cfg).await;
    let mut pk = Packager::new(&fx, 1);
    pk.add(4, None, None);
    let l = live(&srv).await;
    assert_eq!(l.p.media_sequence, 0);
    assert_eq!(
        names(&l),
        [
            "r1-000000.ts",
            "r1-000001.ts",
            "r1-000002.ts",
            "r1-000003.ts"
        ]
    );
    let dates: Vec<i64> = l.p.segments.iter().map(|s| s.program_date_ms).collect();
    assert_eq!(dates, [T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    assert!(!l.text.contains("DATERANGE") && !l.p.ended);

    // A pin is in the very next playlist, dated by its `at`.
    act(
        &srv,
        json!({ "type": "pin", "product": "lipstick", "at": T0 + 1500 }),
    )
    .await;
    let l = live(&srv).await;
    assert_eq!(l.ranges, [range("pin-1", "lipstick", 1500, None)]);
    assert!(l.text.contains(r#"#EXT-X-DATERANGE:ID="pin-1",CLASS="com.shoppable.pin",START-DATE="2026-11-29T22:25:59.927Z",X-PRODUCT="lipstick""#), "{}", l.text);

    // The packager appends one at a time (its own window is 6 segments):
    // ours slides over the last 5 s, numbering each segment as before, and
    // keeps the open pin though it started before the window.
    for n in 5..=10u64 {
        pk.add(1, None, None);
        let l = live(&srv).await;
        let first = n.saturating_sub(5);
        assert_eq!(l.p.media_sequence, first, "{}", l.text);
        assert_eq!(names(&l).first().unwrap(), &format!("r1-{first:06}.ts"));
        assert_eq!(l.p.segments.len() as u64, n - first);
        for (i, s) in l.p.segments.iter().enumerate() {
            assert_eq!(s.program_date_ms, T0 + (first + i as u64) as i64 * 1000);
        }
        assert_eq!(l.ranges, [range("pin-1", "lipstick", 1500, None)]);
    }

    // Unpinned: the range gets its END-DATE, while the end is in the window.
    act(
        &srv,
        json!({ "type": "unpin", "product": "lipstick", "at": T0 + 8200 }),
    )
    .await;
    act(
        &srv,
        json!({ "type": "pin", "product": "tote", "at": T0 + 9000 }),
    )
    .await;
    let l = live(&srv).await;
    assert_eq!(
        l.ranges,
        [
            range("pin-1", "lipstick", 1500, Some(8200)),
            range("pin-3", "tote", 9000, None)
        ]
    );
    // Once the window starts after that end, it is dropped; the open one stays.
    pk.add(4, None, None);
    let l = live(&srv).await;
    assert_eq!(l.p.media_sequence, 9);
    assert_eq!(l.ranges, [range("pin-3", "tote", 9000, None)]);

    // The segments the playlist names are served; nothing else is.
    let r = get(srv.addr, &format!("/live/{SHOW}/r1-000012.ts"), &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "segment 12 of run 1");
    assert_eq!(r.header("content-type"), Some("video/mp2t"));
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    for path in [
        "r1-000099.ts",
        "recording.m3u8",
        "source-r1.m3u8",
        "..%2Fdata.ts",
    ] {
        let r = get(srv.addr, &format!("/live/{SHOW}/{path}"), &[]).await;
        assert_eq!(r.status, 404, "{path}");
    }
    let r = get(srv.addr, "/live/other-show/index.m3u8", &[]).await;
    assert_eq!(r.status, 404);
    // The show's live manifest, by its id.
    let r = get(srv.addr, &format!("/live/{SHOW}/manifest.json"), &[]).await;
    assert_eq!(json_of(&r)["live"]["show"], SHOW);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restarts_and_lost_segments_are_discontinuities_and_numbers_never_move() {
    let (fx, cfg) = stream_shop();
    let srv = start(cfg.clone()).await;
    let mut pk = Packager::new(&fx, 1);
    pk.add(3, None, None);
    live(&srv).await;
    // The packager restarts (a new run, numbering from 0, 10 s later).
    let mut pk2 = Packager::new(&fx, 2);
    pk2.add(2, Some(T0 + 13_000), Some(0));
    let l = live(&srv).await;
    assert_eq!(
        names(&l),
        [
            "r1-000000.ts",
            "r1-000001.ts",
            "r1-000002.ts",
            "r2-000000.ts",
            "r2-000001.ts"
        ]
    );
    assert_eq!(
        l.p.segments
            .iter()
            .map(|s| s.discontinuity)
            .collect::<Vec<_>>(),
        [false, false, false, true, false]
    );
    // The server fell behind: the packager's window lost segments 2..=5.
    pk2.written.clear();
    pk2.add(3, Some(T0 + 19_000), Some(6));
    let l = live(&srv).await;
    assert_eq!(l.p.media_sequence, 3, "{}", l.text);
    assert_eq!(
        names(&l),
        [
            "r2-000000.ts",
            "r2-000001.ts",
            "r2-000006.ts",
            "r2-000007.ts",
            "r2-000008.ts"
        ]
    );
    // The first one's discontinuity is counted, not written; the gap is one.
    assert_eq!(
        l.p.segments
            .iter()
            .map(|s| s.discontinuity)
            .collect::<Vec<_>>(),
        [false, false, true, false, false]
    );
    assert_eq!(l.p.discontinuity_sequence, 1);
    let before = l.text;
    // A restarted server serves the same playlist, numbers and all.
    srv.stop().await;
    let srv = start(cfg).await;
    assert_eq!(live(&srv).await.text, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_show_end_the_replay_has_the_pinned_products_at_their_media_times() {
    let (fx, cfg) = stream_shop();
    let srv = start(cfg.clone()).await;
    let mut pk = Packager::new(&fx, 1);
    pk.add(6, None, None);
    live(&srv).await;
    // The show starts with its first event, in segment 3.
    act(
        &srv,
        json!({ "type": "pin", "product": "lipstick", "at": T0 + 3_250 }),
    )
    .await;
    for path in ["replay.m3u8", "replay.json"] {
        let r = get(srv.addr, &format!("/live/{SHOW}/{path}"), &[]).await;
        assert_eq!(r.status, 404, "{path} before the end");
        assert!(r.text().contains("has not ended"));
    }
    pk.add(6, None, None);
    live(&srv).await;
    act(
        &srv,
        json!({ "type": "unpin", "product": "lipstick", "at": T0 + 6_500 }),
    )
    .await;
    act(
        &srv,
        json!({ "type": "pin", "product": "tote", "at": T0 + 7_040 }),
    )
    .await;
    act(
        &srv,
        json!({ "type": "pin", "product": "lipstick", "at": T0 + 9_000 }),
    )
    .await;
    act(&srv, json!({ "type": "show_end", "at": T0 + 10_600 })).await;
    // The packager ran on a little after the end.
    pk.add(3, None, None);

    // Live: the last window up to the end, and the end.
    let l = live(&srv).await;
    assert!(l.p.ended);
    assert_eq!(names(&l).last().unwrap(), "r1-000010.ts");
    assert_eq!(l.ranges.iter().filter(|r| r.end_ms.is_none()).count(), 0);

    // Replay: segments 3 to 10, VOD, from media time 0.
    let r = get(srv.addr, &format!("/live/{SHOW}/replay.m3u8"), &[]).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/vnd.apple.mpegurl")
    );
    let text = r.text();
    assert!(
        text.contains("#EXT-X-PLAYLIST-TYPE:VOD\n") && text.ends_with("#EXT-X-ENDLIST\n"),
        "{text}"
    );
    let vod = playlist::parse(&text);
    let want: Vec<String> = (3..=10).map(|i| format!("r1-{i:06}.ts")).collect();
    assert_eq!(
        vod.segments
            .iter()
            .map(|s| s.uri.clone())
            .collect::<Vec<_>>(),
        want
    );

    let r = get(srv.addr, &format!("/live/{SHOW}/replay.json"), &[]).await;
    assert_eq!(r.status, 200);
    let doc = json_of(&r);
    assert_eq!(doc["video"]["time_base"], "media");
    assert!(doc.get("live").is_none() && doc["video"].get("epoch").is_none());
    assert_eq!(
        doc["pins"],
        json!([
            { "product": "lipstick", "start": 0.25, "end": 3.5 },
            { "product": "tote", "start": 4.04, "end": 7.6 },
            { "product": "lipstick", "start": 6.0, "end": 7.6 },
        ])
    );
    // The widget's own model reads it: products and pins, no warnings.
    let parsed = parse_str(&doc.to_string()).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    let m = parsed.manifest;
    assert_eq!(m.products.len(), 2);
    assert_eq!(m.checkout.endpoint.as_deref(), Some("/api/checkout"));
    let spans: Vec<(&str, f64, f64)> = m
        .pins
        .iter()
        .map(|p| (m.products[p.product].id.as_str(), p.start, p.end))
        .collect();
    assert_eq!(
        spans,
        [
            ("lipstick", 0.25, 3.5),
            ("tote", 4.04, 7.6),
            ("lipstick", 6.0, 7.6)
        ]
    );

    // Stable: the same after a restart.
    srv.stop().await;
    let srv = start(cfg).await;
    let again = get(srv.addr, &format!("/live/{SHOW}/replay.json"), &[]).await;
    assert_eq!(json_of(&again), doc);
    let again = get(srv.addr, &format!("/live/{SHOW}/replay.m3u8"), &[]).await;
    assert_eq!(again.text(), text);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_limit_the_oldest_recordings_go_but_never_the_live_one() {
    let (fx, cfg) = stream_shop();
    // Two earlier shows' recordings, the older first, and the live one.
    for (show, age) in [("old-show", 7200), ("newer-show", 3600)] {
        let dir = fx.path().join("data/live").join(show);
        std::fs::create_dir_all(&dir).unwrap();
        let index = "#EXTM3U\n#EXT-X-PROGRAM-DATE-TIME:2026-11-29T20:00:00.000Z\n#EXTINF:1.000000,\nr1-000000.ts\n";
        std::fs::write(dir.join("recording.m3u8"), index).unwrap();
        std::fs::write(dir.join("r1-000000.ts"), vec![0u8; 4000]).unwrap();
        let when = std::time::SystemTime::now() - Duration::from_secs(age);
        std::fs::File::options()
            .write(true)
            .open(dir.join("recording.m3u8"))
            .unwrap()
            .set_modified(when)
            .unwrap();
    }
    let mut pk = Packager::new(&fx, 1);
    pk.add(3, None, None);
    // Room for one old recording besides the live one, not two.
    let cfg = server::Config {
        recordings_max_bytes: 4_500 + 1_000,
        ..cfg
    };
    let bound = server::bind(&cfg).await.unwrap();
    let api = bound.api();
    let srv = run(bound);
    live(&srv).await;
    let r = get(srv.addr, "/live/old-show/replay.m3u8", &[]).await;
    assert_eq!(r.status, 404, "not ended: no replay, but there");

    server::live::evict::evict(&api).await;
    let live_dir = fx.path().join("data/live");
    assert!(live_dir.join("old-show/EVICTED").exists());
    assert!(!live_dir.join("old-show/r1-000000.ts").exists());
    assert!(live_dir.join("newer-show/r1-000000.ts").exists());
    let r = get(srv.addr, "/live/old-show/replay.m3u8", &[]).await;
    assert_eq!(r.status, 410, "{}", r.text());

    // However far over, the live show's recording stays.
    srv.stop().await;
    let bound = server::bind(&server::Config {
        recordings_max_bytes: 1,
        ..cfg
    })
    .await
    .unwrap();
    let api = bound.api();
    let srv = run(bound);
    server::live::evict::evict(&api).await;
    assert!(live_dir.join("newer-show/EVICTED").exists());
    assert!(live_dir.join(SHOW).join("r1-000002.ts").exists());
    assert_eq!(live(&srv).await.p.segments.len(), 3);
}

/// Runs a bound server on this runtime (the test keeps its `Api`).
fn run(bound: server::Server) -> Running {
    let addr = bound.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(bound.run_until(async move {
        let _ = rx.await;
    }));
    Running::with(addr, tx, task)
}
