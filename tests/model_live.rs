#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! Live shows: the event wire format, the fold (snapshot + events = state at
//! any sequence number), the per-frame rule, the deals' two clocks, pins in
//! `EXT-X-DATERANGE`, program dates as packagers write them, the live
//! manifest and the checks on producer actions.

use proptest::prelude::*;
use serde_json::json;
use shoppable::model::live::daterange::{self, Book, PinRange};
use shoppable::model::live::deal::{countdown, Countdown, Over, Window};
use shoppable::model::live::{
    check_action, Action, Deal, EndReason, Event, Kind, Playhead, ShowState,
};
use shoppable::model::manifest::{parse_rfc3339_ms, parse_str, LiveSource};

fn ev(seq: u64, at: Option<i64>, kind: Kind) -> Event {
    Event {
        seq,
        at,
        server_ms: 1_000 + seq as i64,
        kind,
    }
}

fn pin(p: &str) -> Kind {
    Kind::Pin { product: p.into() }
}

fn unpin(p: &str) -> Kind {
    Kind::Unpin { product: p.into() }
}

fn deal(id: &str, product: &str) -> Deal {
    Deal {
        id: id.into(),
        product: product.into(),
        variant: None,
        price: 900,
        units: 100,
        per_buyer: 2,
        duration_s: 60,
    }
}

#[test]
fn events_on_the_wire() {
    let e = ev(3, Some(1_795_991_158_427), pin("velvet-lipstick"));
    let text = serde_json::to_string(&e).unwrap();
    assert_eq!(
        text,
        r#"{"seq":3,"at":1795991158427,"server_ms":1003,"type":"pin","product":"velvet-lipstick"}"#
    );
    assert_eq!(serde_json::from_str::<Event>(&text).unwrap(), e);
    // An automatic deal end has no `at`.
    let end = ev(
        4,
        None,
        Kind::DealEnd {
            deal: "d2".into(),
            reason: EndReason::SoldOut,
        },
    );
    let v = serde_json::to_value(&end).unwrap();
    assert_eq!(
        v,
        json!({"seq":4,"server_ms":1004,"type":"deal_end","deal":"d2","reason":"sold_out"})
    );
    let start = ev(
        2,
        Some(5),
        Kind::DealStart {
            deal: deal("d2", "tote"),
        },
    );
    let v = serde_json::to_value(&start).unwrap();
    assert_eq!(v["deal"]["id"], "d2");
    assert_eq!(v["deal"]["price"], 900);
    assert!(v["deal"].get("variant").is_none());
    assert_eq!(serde_json::from_value::<Event>(v).unwrap(), start);

    // What the producer posts; unknown members are refused.
    let a: Action = serde_json::from_value(json!({"type":"deal_start","product":"tote","price":900,"units":50,"per_buyer":1,"duration_s":60,"at":7})).unwrap();
    assert_eq!(a.at(), 7);
    assert!(
        serde_json::from_value::<Action>(json!({"type":"pin","product":"x","at":1,"extra":1}))
            .is_err()
    );
    assert!(serde_json::from_value::<Action>(json!({"type":"pin","product":"x"})).is_err());
}

#[test]
fn the_fold_pins_unpins_and_deals() {
    let events = [
        ev(1, Some(10), pin("a")),
        ev(2, Some(20), pin("b")),
        ev(
            3,
            Some(30),
            Kind::DealStart {
                deal: deal("d3", "a"),
            },
        ),
        ev(4, Some(40), unpin("a")),
        ev(
            5,
            None,
            Kind::DealEnd {
                deal: "d3".into(),
                reason: EndReason::Time,
            },
        ),
        ev(6, Some(60), pin("a")),
    ];
    let s = ShowState::default().folded(&events);
    let pinned: Vec<&str> = s.pins.iter().map(|p| p.product.as_str()).collect();
    assert_eq!(pinned, ["a", "b"], "most recent first");
    assert!(s.deals.is_empty());
    assert_eq!(s.seq, 6);
    let s = s.folded(&[ev(7, Some(70), Kind::ShowEnd)]);
    assert!(s.ended && s.pins.is_empty());
}

fn arb_event() -> impl Strategy<Value = Kind> {
    prop_oneof![
        (0..4u8).prop_map(|p| pin(&format!("p{p}"))),
        (0..4u8).prop_map(|p| unpin(&format!("p{p}"))),
        (0..3u8).prop_map(|d| Kind::DealStart {
            deal: deal(&format!("d{d}"), &format!("p{d}"))
        }),
        (0..3u8).prop_map(|d| Kind::DealEnd {
            deal: format!("d{d}"),
            reason: EndReason::Host
        }),
    ]
}

proptest! {
    /// A snapshot at any k plus the events after it is the state at any n.
    #[test]
    fn snapshot_plus_events_is_the_state_at_any_seq(kinds in prop::collection::vec(arb_event(), 0..40), k in 0usize..40, n in 0usize..40) {
        let events: Vec<Event> = kinds.into_iter().enumerate()
            .map(|(i, kind)| ev(i as u64 + 1, Some(i as i64 * 10), kind)).collect();
        let n = n.min(events.len());
        let k = k.min(n);
        let direct = ShowState::default().folded(&events[..n]);
        let base = ShowState::default().folded(&events[..k]);
        prop_assert_eq!(base.folded(&events[k..n]), direct.clone());
        // A viewer from that snapshot, at a picture past every date, shows the same.
        let mut p = Playhead::new(ShowState::default().folded(&events[..k]), events[k..n].to_vec());
        prop_assert_eq!(p.at(i64::MAX).clone(), direct);
    }

    /// Whatever order frames come in, the state at d is the fold of the events due at d.
    #[test]
    fn the_per_frame_rule_is_exact(kinds in prop::collection::vec(arb_event(), 0..30), dates in prop::collection::vec(-20i64..400, 1..20), autos in prop::collection::vec(any::<bool>(), 30)) {
        let events: Vec<Event> = kinds.into_iter().enumerate()
            .map(|(i, kind)| ev(i as u64 + 1, (!autos[i]).then_some(i as i64 * 10), kind)).collect();
        let mut p = Playhead::new(ShowState::default(), events.clone());
        for d in dates {
            let want = ShowState::default().folded(events.iter().filter(|e| e.due(d)));
            let got = p.at(d).clone();
            prop_assert_eq!(got.pins, want.pins);
            prop_assert_eq!(got.deals, want.deals);
        }
    }
}

#[test]
fn a_viewer_behind_the_live_edge_sees_each_pin_at_its_frame() {
    // The host pinned at program date 1000 and unpinned at 5000.
    let events = vec![
        ev(1, Some(1_000), pin("lipstick")),
        ev(2, Some(5_000), unpin("lipstick")),
    ];
    // A viewer 20 s behind joins after both happened: from the snapshot alone.
    let mut p = Playhead::new(ShowState::default(), events.clone());
    assert!(
        !p.at(999).is_pinned("lipstick"),
        "not before the host's frame"
    );
    assert!(p.at(1_000).is_pinned("lipstick"), "on the host's frame");
    assert!(p.at(4_999).is_pinned("lipstick"));
    assert!(!p.at(5_000).is_pinned("lipstick"));
    // A seek back shows it again.
    assert!(p.at(2_000).is_pinned("lipstick"));
    assert_eq!(p.pending().count(), 1);
    // An event arriving early (SSE, or a playlist parsed ahead) waits for its frame.
    let mut live = Playhead::new(ShowState::default(), vec![]);
    assert!(!live.at(10_000).is_pinned("tote"));
    live.push(ev(1, Some(12_000), pin("tote")));
    assert!(!live.at(11_999).is_pinned("tote"));
    assert!(live.at(12_000).is_pinned("tote"));
    live.push(ev(1, Some(12_000), pin("tote")));
    assert_eq!(live.seq(), 1, "a replayed event is ignored");
}

#[test]
fn deals_follow_two_clocks() {
    let d = deal("d1", "tote");
    // Server: opened at 10 s, 60 s long, 30 s allowance.
    let w = Window::of(&d, 10_000, None, 30_000);
    assert!(w.open_at(10_000) && w.open_at(100_000) && !w.open_at(100_001) && !w.open_at(9_999));
    let ended = Window::of(&d, 10_000, Some(20_000), 30_000);
    assert_eq!(ended.closes_ms(), 50_000, "a host end plus the allowance");

    let open = shoppable::model::live::OpenDeal {
        deal: d,
        at: Some(500_000),
        server_ms: 10_000,
    };
    // A viewer 20 s behind: its picture reaches the deal at server time 30 s,
    // and its countdown is the whole minute in stream time.
    assert_eq!(
        countdown(&open, 500_000, 30_000, 30_000, Some(5)),
        Countdown::Open { left_ms: 60_000 }
    );
    assert_eq!(
        countdown(&open, 559_999, 89_999, 30_000, Some(5)),
        Countdown::Open { left_ms: 1 }
    );
    assert_eq!(
        countdown(&open, 560_000, 90_000, 30_000, Some(5)),
        Countdown::Over(Over::Time)
    );
    // 45 s behind: the server's window (70 s + 30 s) closes first.
    assert_eq!(
        countdown(&open, 556_000, 101_000, 30_000, Some(5)),
        Countdown::Over(Over::Time)
    );
    // No unit left: over whatever the clocks say.
    assert_eq!(
        countdown(&open, 500_000, 30_000, 30_000, Some(0)),
        Countdown::Over(Over::SoldOut)
    );
}

#[test]
fn program_dates_as_packagers_write_them() {
    let z = parse_rfc3339_ms("2026-11-29T22:25:58.427Z").unwrap();
    for s in [
        "2026-11-29T22:25:58.427+0000",
        "2026-11-29T22:25:58.427+00:00",
        "2026-11-29T23:25:58.427+0100",
        "2026-11-29T23:25:58.427+01",
    ] {
        assert_eq!(parse_rfc3339_ms(s), Some(z), "{s}");
    }
}

#[test]
fn pins_in_daterange_survive_playlist_reloads() {
    let line = r#"#EXT-X-DATERANGE:ID="pin-7",CLASS="com.shoppable.pin",START-DATE="2026-11-29T22:25:58.427+0000",X-PRODUCT="velvet-lipstick",X-NOTE="a, b""#;
    let attrs = daterange::parse_line(line).unwrap();
    assert_eq!(attrs.last(), Some(&("X-NOTE", "a, b")));
    let r = daterange::pin_range(attrs).unwrap();
    assert_eq!(
        r,
        PinRange {
            id: "pin-7".into(),
            product: "velvet-lipstick".into(),
            start_ms: 1_795_991_158_427,
            end_ms: None
        }
    );
    assert!(daterange::parse_line("#EXT-X-PROGRAM-DATE-TIME:2026-11-29T22:25:58Z").is_none());
    assert!(daterange::pin_range([
        ("ID", "x"),
        ("CLASS", "com.other"),
        ("START-DATE", "2026-11-29T22:25:58Z"),
        ("X-PRODUCT", "p")
    ])
    .is_none());
    // What the server writes reads back.
    let written = daterange::line(
        "pin-7",
        "tote",
        "2026-11-29T22:25:58.427Z",
        Some("2026-11-29T22:26:00.000Z"),
    );
    let back = daterange::pin_range(daterange::parse_line(&written).unwrap()).unwrap();
    assert_eq!(back.end_ms, Some(1_795_991_160_000));

    let mut book = Book::default();
    // Playlist 1: the pin; playlist 2: the same (no new event); playlist 3:
    // its end; playlist 4: the range slid out of the window (kept).
    let first = book.add([r.clone()]);
    assert_eq!(first.len(), 1);
    assert!(book.add([r.clone()]).is_empty());
    let ended = PinRange {
        end_ms: Some(1_795_991_160_000),
        ..r.clone()
    };
    let unpin = book.add([ended.clone()]);
    assert_eq!(unpin.len(), 1);
    assert_eq!(
        unpin[0].kind,
        Kind::Unpin {
            product: "velvet-lipstick".into()
        }
    );
    assert!(book.add([ended]).is_empty());
    assert!(book.add([]).is_empty());
    let mut p = Playhead::new(ShowState::default(), book.events().to_vec());
    assert!(p.at(1_795_991_158_427).is_pinned("velvet-lipstick"));
    assert!(!p.at(1_795_991_160_000).is_pinned("velvet-lipstick"));
}

fn live_manifest(live: serde_json::Value, time_base: bool) -> serde_json::Value {
    let mut video = json!({ "id": "show-1" });
    if time_base {
        video["time_base"] = json!("program_date_time");
        video["epoch"] = json!("2026-11-29T22:00:00Z");
    }
    json!({
        "version": 1, "video": video, "currency": "USD",
        "products": [{ "id": "tote", "title": "Tote", "price": 2900,
                       "variants": [{ "id": "tote-red", "options": [] , "price": 2900 }] }],
        "live": live
    })
}

#[test]
fn the_live_manifest_and_its_paths() {
    let m = parse_str(
        &live_manifest(
            json!({ "show": "spring", "events": "/api/live/spring/events" }),
            true,
        )
        .to_string(),
    )
    .unwrap()
    .manifest;
    let live = m.live.unwrap();
    assert_eq!(
        (live.show.as_str(), live.source),
        ("spring", LiveSource::Events)
    );
    let m = parse_str(
        &live_manifest(json!({ "show": "spring", "source": "daterange" }), true).to_string(),
    )
    .unwrap()
    .manifest;
    assert_eq!(m.live.unwrap().source, LiveSource::Daterange);
    for (live, time_base, path) in [
        (
            json!({ "show": "spring", "events": "/e" }),
            false,
            "video.time_base",
        ),
        (json!({ "events": "/e" }), true, "live.show"),
        (
            json!({ "show": "no spaces", "events": "/e" }),
            true,
            "live.show",
        ),
        (
            json!({ "show": "s", "source": "rtmp", "events": "/e" }),
            true,
            "live.source",
        ),
        (json!({ "show": "s" }), true, "live.events"),
        (
            json!({ "show": "s", "events": "javascript:alert(1)" }),
            true,
            "live.events",
        ),
        (json!({ "show": 3 }), true, "live.show"),
    ] {
        let e = parse_str(&live_manifest(live.clone(), time_base).to_string()).unwrap_err();
        assert!(e.to_string().starts_with(path), "{live}: {e}");
    }
}

#[test]
fn producer_actions_are_checked_against_the_show() {
    let m = parse_str(&live_manifest(json!({ "show": "s", "events": "/e" }), true).to_string())
        .unwrap()
        .manifest;
    let open = ShowState::default();
    let start = |variant: Option<&str>, price: i64, units: u32, per_buyer: u32, duration_s: u32| {
        Action::DealStart {
            product: "tote".into(),
            variant: variant.map(str::to_string),
            price,
            units,
            per_buyer,
            duration_s,
            at: 1,
        }
    };
    assert_eq!(
        check_action(&start(Some("tote-red"), 1900, 100, 2, 60), &m, &open),
        Ok(())
    );
    let bad = |a: Action| check_action(&a, &m, &open).unwrap_err().path;
    assert_eq!(
        bad(Action::Pin {
            product: "nope".into(),
            at: 1
        }),
        "product"
    );
    assert_eq!(bad(start(Some("blue"), 1900, 100, 2, 60)), "variant");
    assert_eq!(bad(start(None, 2900, 100, 2, 60)), "price");
    assert_eq!(bad(start(None, 1900, 0, 2, 60)), "units");
    assert_eq!(bad(start(None, 1900, 100, 101, 60)), "per_buyer");
    assert_eq!(bad(start(None, 1900, 100, 2, 1)), "duration_s");
    assert_eq!(
        bad(Action::DealEnd {
            deal: "d9".into(),
            at: 1
        }),
        "deal"
    );
    let ended = ShowState {
        ended: true,
        ..ShowState::default()
    };
    assert!(check_action(
        &Action::Pin {
            product: "tote".into(),
            at: 1
        },
        &m,
        &ended
    )
    .is_err());
}

#[test]
fn each_frame_dates_itself_through_its_fragment() {
    use shoppable::model::live::{program_date_at, Fragment};
    // Two fragments with a discontinuity: the second's date jumps.
    let frags = [
        Fragment {
            start: 10.0,
            duration: 1.0,
            program_date_ms: 1_000_000.0,
        },
        Fragment {
            start: 11.0,
            duration: 1.0,
            program_date_ms: 5_000_000.0,
        },
    ];
    assert_eq!(program_date_at(&frags, 10.0), Some(1_000_000.0));
    assert_eq!(program_date_at(&frags, 10.52), Some(1_000_520.0));
    assert_eq!(program_date_at(&frags, 11.04), Some(5_000_040.0));
    assert_eq!(program_date_at(&frags, 9.99), None);
    assert_eq!(program_date_at(&frags, 12.02), Some(5_001_020.0));
    assert_eq!(program_date_at(&frags, 13.0), None);
    assert_eq!(program_date_at(&[], 1.0), None);
    assert_eq!(program_date_at(&frags, f64::NAN), None);
}

#[test]
fn a_replay_lists_its_pins_and_drops_bad_ones_by_path() {
    let mut doc = live_manifest(json!({ "show": "s", "events": "/e" }), false);
    doc.as_object_mut().unwrap().remove("live");
    doc["pins"] = json!([
        { "product": "tote", "start": 4.0, "end": 31.5 },
        { "product": "nope", "start": 1.0, "end": 2.0 },
        { "product": "tote", "start": 5.0, "end": 5.0 }
    ]);
    let p = parse_str(&doc.to_string()).unwrap();
    assert_eq!(p.manifest.pins.len(), 1);
    assert_eq!(
        (p.manifest.pins[0].start, p.manifest.pins[0].end),
        (4.0, 31.5)
    );
    let paths: Vec<&str> = p.warnings.iter().map(|w| w.path.as_str()).collect();
    assert_eq!(paths, ["pins[1].product", "pins[2].end"]);
}

#[test]
fn a_manifest_says_whether_it_needs_the_live_module() {
    let has = |doc: serde_json::Value| parse_str(&doc.to_string()).unwrap().manifest.has_live;
    let live = live_manifest(json!({ "show": "s", "events": "/e" }), true);
    assert!(has(live.clone()));
    let mut plain = live.clone();
    plain.as_object_mut().unwrap().remove("live");
    assert!(!has(plain.clone()));
    plain["live"] = json!(null);
    assert!(!has(plain.clone()), "null is no live show");
    plain["pins"] = json!([{ "product": "tote", "start": 1.0, "end": 2.0 }]);
    assert!(has(plain), "a replay's pins");
}
