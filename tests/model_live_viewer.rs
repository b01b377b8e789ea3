#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! A viewer's live card (`model::live::viewer`): which product and deal the
//! card shows for the frame on screen, from a snapshot, the events as they
//! arrive and the latest units; the frame's date in whole milliseconds; a
//! replay's spans; the countdown's words; likes in batches.

use serde_json::json;
use shoppable::model::live::viewer::{
    clock_text, frame_ms, replay_card, retry_delay_ms, Card, Likes, Status, Viewer,
};
use shoppable::model::live::{Deal, EndReason, Event, Kind, ShowState, Snapshot, Units};
use shoppable::model::manifest::{parse_str, Manifest, PinSpan};

fn manifest() -> Manifest {
    let doc = json!({
        "version": 1,
        "video": { "id": "show", "time_base": "program_date_time", "epoch": "2026-11-29T22:00:00Z" },
        "currency": "USD",
        "products": [
            { "id": "lipstick", "title": "Lipstick", "price": 1900 },
            { "id": "tote", "title": "Tote", "price": 2900 },
            { "id": "serum", "title": "Serum", "price": 3400 }
        ],
        "live": { "show": "show", "events": "/api/live/show/events" }
    });
    parse_str(&doc.to_string()).unwrap().manifest
}

fn ev(seq: u64, at: Option<i64>, kind: Kind) -> Event {
    Event {
        seq,
        at,
        server_ms: 1_000_000 + seq as i64,
        kind,
    }
}

fn pin(p: &str) -> Kind {
    Kind::Pin { product: p.into() }
}

fn deal(id: &str, product: &str, units: u32) -> Deal {
    Deal {
        id: id.into(),
        product: product.into(),
        variant: None,
        price: 2000,
        units,
        per_buyer: 1,
        duration_s: 60,
    }
}

fn snapshot(base: ShowState, recent: Vec<Event>, server_ms: i64) -> Snapshot {
    Snapshot {
        show: "show".into(),
        seq: recent.last().map_or(base.seq, |e| e.seq),
        server_ms,
        base,
        recent,
        allowance_ms: 30_000,
        units: Units::default(),
    }
}

/// A local clock a little after the events' commits (`ev`).
const NOW: i64 = 1_000_010;

fn product(c: Option<Card>) -> Option<usize> {
    c.map(|c| c.product)
}

#[test]
fn a_frame_is_judged_at_its_date_rounded_to_the_millisecond() {
    // An event stamped at 427 ms applies from the first frame dated ≥ 426.5.
    assert_eq!(frame_ms(426.49), Some(426));
    assert_eq!(frame_ms(426.5), Some(427));
    assert_eq!(frame_ms(426.6), Some(427));
    assert_eq!(frame_ms(1_795_991_158_427.000_2), Some(1_795_991_158_427));
    assert_eq!(frame_ms(f64::NAN), None);
    assert_eq!(frame_ms(f64::INFINITY), None);

    let m = manifest();
    let mut v = Viewer::new();
    v.on_event(ev(1, Some(427), pin("tote")));
    assert_eq!(product(v.card(&m, frame_ms(426.4), 0)), None);
    assert_eq!(product(v.card(&m, frame_ms(426.5), 0)), Some(1));
}

#[test]
fn pins_show_when_the_picture_reaches_them_never_on_arrival() {
    let m = manifest();
    let mut base = ShowState::default();
    base.apply(&ev(1, Some(100), pin("lipstick")));
    let recent = vec![ev(2, Some(2_000), pin("tote"))];
    let mut v = Viewer::new();
    v.on_snapshot(snapshot(base, recent, 5_000), 5_000);
    // A late joiner: the base at once, the recent pin at its frame.
    assert_eq!(product(v.card(&m, Some(1_000), 5_000)), Some(0));
    assert_eq!(v.pinned(), [0]);
    assert_eq!(product(v.card(&m, Some(2_000), 5_000)), Some(1));
    assert_eq!(v.pinned(), [1, 0]);
    // An event arriving now for a frame still to come waits for it.
    v.on_event(ev(
        3,
        Some(3_000),
        Kind::Unpin {
            product: "tote".into(),
        },
    ));
    assert_eq!(product(v.card(&m, Some(2_999), 5_000)), Some(1));
    assert_eq!(product(v.card(&m, Some(3_000), 5_000)), Some(0));
    // A frame of unknown date keeps the last frame's date.
    assert_eq!(product(v.card(&m, None, 5_000)), Some(0));
    // A seek back shows the earlier card again.
    assert_eq!(product(v.card(&m, Some(2_500), 5_000)), Some(1));
    // A pin of a product the manifest lacks is passed over.
    v.on_event(ev(4, Some(4_000), pin("nope")));
    assert_eq!(product(v.card(&m, Some(4_000), 5_000)), Some(0));
    assert_eq!(v.seq(), 4);
}

#[test]
fn a_reconnect_from_a_new_snapshot_misses_and_repeats_nothing() {
    let m = manifest();
    let events = vec![
        ev(1, Some(1_000), pin("lipstick")),
        ev(2, Some(2_000), pin("tote")),
        ev(
            3,
            Some(3_000),
            Kind::Unpin {
                product: "tote".into(),
            },
        ),
    ];
    let mut v = Viewer::new();
    v.on_snapshot(snapshot(ShowState::default(), events[..1].to_vec(), 0), 0);
    assert_eq!(product(v.card(&m, Some(2_500), 0)), Some(0));
    // The connection dropped; events 2 and 3 were sent meanwhile. The new
    // snapshot has them, and a replayed event is ignored.
    v.on_snapshot(snapshot(ShowState::default(), events.clone(), 0), 0);
    v.on_event(events[2].clone());
    assert_eq!(v.seq(), 3);
    assert_eq!(product(v.card(&m, Some(2_500), 0)), Some(1));
    assert_eq!(product(v.card(&m, Some(3_000), 0)), Some(0));
}

#[test]
fn a_deal_counts_down_in_stream_time_and_closes_on_the_servers_clock() {
    let m = manifest();
    let mut v = Viewer::new();
    // Local clock 1 s behind the server's.
    v.on_snapshot(snapshot(ShowState::default(), vec![], 1_001_000), 1_000_000);
    // The host pinned the tote and opened a 60 s deal at program date 10 s;
    // the server committed it at 1_000_002.
    v.on_event(ev(1, Some(10_000), pin("tote")));
    v.on_event(ev(
        2,
        Some(10_000),
        Kind::DealStart {
            deal: deal("d2", "tote", 5),
        },
    ));
    assert_eq!(
        v.card(&m, Some(9_999), 1_000_000),
        None,
        "not before the picture reaches it"
    );
    let card = v.card(&m, Some(10_000), 1_000_000).unwrap();
    let d = card.deal.unwrap();
    assert_eq!(d.status, Status::Open { left_ms: 60_000 });
    assert_eq!(d.units_left, None, "no units heard yet");
    v.on_units(Units {
        server_ms: 1_010_000,
        deals: [("d2".to_string(), 3)].into(),
        ..Units::default()
    });
    // A viewer 20 s behind still gets the whole minute.
    let d = v.card(&m, Some(50_000), 1_020_000).unwrap().deal.unwrap();
    assert_eq!(
        (d.status, d.units_left),
        (Status::Open { left_ms: 20_000 }, Some(3))
    );
    assert_eq!(
        v.card(&m, Some(70_000), 1_040_000)
            .unwrap()
            .deal
            .unwrap()
            .status,
        Status::Over
    );
    // 45 s behind: the server's window (60 s + 30 s from 1_000_002, on its
    // clock, which is 1 s ahead of ours) closes first.
    let d = v.card(&m, Some(55_000), 1_089_002).unwrap().deal.unwrap();
    assert_eq!(d.status, Status::Open { left_ms: 15_000 });
    let d = v.card(&m, Some(55_000), 1_089_003).unwrap().deal.unwrap();
    assert_eq!(d.status, Status::Over);
}

#[test]
fn sold_out_shows_until_the_countdown_would_have_ended() {
    let m = manifest();
    let mut v = Viewer::new();
    v.on_snapshot(snapshot(ShowState::default(), vec![], NOW), NOW);
    v.on_event(ev(1, Some(10_000), pin("tote")));
    v.on_event(ev(
        2,
        Some(10_000),
        Kind::DealStart {
            deal: deal("d2", "tote", 1),
        },
    ));
    assert!(matches!(
        v.card(&m, Some(11_000), NOW).unwrap().deal.unwrap().status,
        Status::Open { .. }
    ));
    v.on_units(Units {
        deals: [("d2".to_string(), 0)].into(),
        ..Units::default()
    });
    assert_eq!(
        v.card(&m, Some(11_000), NOW).unwrap().deal.unwrap().status,
        Status::SoldOut
    );
    // The server ends it at once (no `at`: applied on arrival); the card
    // keeps saying sold out for the rest of the countdown, then shows the
    // regular price.
    v.on_event(ev(
        3,
        None,
        Kind::DealEnd {
            deal: "d2".into(),
            reason: EndReason::SoldOut,
        },
    ));
    let d = v.card(&m, Some(12_000), NOW).unwrap().deal.unwrap();
    assert_eq!((d.status, d.units_left), (Status::SoldOut, Some(0)));
    assert_eq!(
        v.card(&m, Some(69_999), NOW).unwrap().deal.unwrap().status,
        Status::SoldOut
    );
    assert_eq!(v.card(&m, Some(70_000), NOW).unwrap().deal, None);
    // A viewer whose picture is still before the deal sees neither.
    assert_eq!(v.card(&m, Some(9_000), NOW), None);
}

#[test]
fn a_deal_on_a_product_nobody_pinned_still_shows() {
    let m = manifest();
    let mut v = Viewer::new();
    v.on_event(ev(
        1,
        Some(5_000),
        Kind::DealStart {
            deal: deal("d1", "serum", 9),
        },
    ));
    let card = v.card(&m, Some(5_000), NOW).unwrap();
    assert_eq!(card.product, 2);
    assert_eq!(card.deal.unwrap().deal.id, "d1");
    assert!(v.pinned().is_empty(), "a deal is not a pin");
    // The host ends it at a later frame.
    v.on_event(ev(
        2,
        Some(8_000),
        Kind::DealEnd {
            deal: "d1".into(),
            reason: EndReason::Host,
        },
    ));
    assert!(v.card(&m, Some(7_999), NOW).is_some());
    assert_eq!(v.card(&m, Some(8_000), NOW), None);
}

#[test]
fn a_replay_shows_the_span_holding_the_frame_that_started_last() {
    let pins = [
        PinSpan {
            product: 0,
            start: 2.0,
            end: 10.0,
        },
        PinSpan {
            product: 1,
            start: 4.0,
            end: 6.0,
        },
    ];
    let at = |t: f64| product(replay_card(&pins, t));
    assert_eq!(at(1.999), None);
    assert_eq!(at(2.0), Some(0));
    assert_eq!(at(4.0), Some(1));
    assert_eq!(at(5.999), Some(1));
    assert_eq!(at(6.0), Some(0));
    assert_eq!(at(10.0), None);
}

#[test]
fn the_countdown_reads_minutes_and_seconds_rounded_up() {
    assert_eq!(clock_text(0), "0:00");
    assert_eq!(clock_text(-5), "0:00");
    assert_eq!(clock_text(1), "0:01");
    assert_eq!(clock_text(9_000), "0:09");
    assert_eq!(clock_text(59_001), "1:00");
    assert_eq!(clock_text(65_000), "1:05");
    assert_eq!(clock_text(3_600_000), "60:00");
}

#[test]
fn a_closed_stream_is_opened_again_after_a_growing_wait() {
    let waits: Vec<u32> = (0..8).map(retry_delay_ms).collect();
    assert_eq!(
        waits,
        [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
    );
    assert_eq!(retry_delay_ms(u32::MAX), 30_000);
}

#[test]
fn likes_go_in_batches_and_the_count_includes_the_viewers_own() {
    let mut l = Likes::default();
    l.on_units(100, 1_000);
    for _ in 0..60 {
        l.tap();
    }
    assert_eq!(l.shown(), 160);
    assert_eq!(l.batch(), Some(50), "at most 50 a request");
    assert_eq!(l.batch(), None, "one request at a time");
    assert_eq!(l.shown(), 160);
    // Taken: the server's sum now includes the batch (and another viewer's 5).
    l.sent(155, 2_000);
    assert_eq!(l.shown(), 165);
    // A units message from before the batch landed does not lower it.
    l.on_units(100, 1_500);
    assert_eq!(l.shown(), 165);
    l.on_units(156, 2_000);
    assert_eq!(l.shown(), 166);
    l.on_units(150, 2_500);
    assert_eq!(l.shown(), 160, "later units are the server's word");
    assert!(l.pending());
    assert_eq!(l.batch(), Some(10));
    l.failed();
    assert_eq!(l.shown(), 150, "a refused batch is dropped");
    assert!(!l.pending());
}

#[test]
fn a_deal_bought_from_is_followed_until_it_is_no_longer_open() {
    let m = manifest();
    let mut v = Viewer::new();
    v.on_snapshot(snapshot(ShowState::default(), vec![], NOW), NOW);
    v.on_event(ev(
        1,
        Some(10_000),
        Kind::DealStart {
            deal: deal("d1", "tote", 2),
        },
    ));
    v.card(&m, Some(10_000), NOW);
    assert_eq!(v.deal_status("d1", NOW), Status::Open { left_ms: 60_000 });
    v.on_units(Units {
        deals: [("d1".to_string(), 0)].into(),
        ..Units::default()
    });
    assert_eq!(v.deal_status("d1", NOW), Status::SoldOut);
    v.on_event(ev(
        2,
        Some(20_000),
        Kind::DealStart {
            deal: deal("d2", "serum", 2),
        },
    ));
    v.on_event(ev(
        3,
        Some(30_000),
        Kind::DealEnd {
            deal: "d2".into(),
            reason: EndReason::Host,
        },
    ));
    v.card(&m, Some(29_999), NOW);
    assert!(matches!(v.deal_status("d2", NOW), Status::Open { .. }));
    v.card(&m, Some(30_000), NOW);
    assert_eq!(
        v.deal_status("d2", NOW),
        Status::Over,
        "ended by the host at its frame"
    );
    assert_eq!(v.deal_status("nope", NOW), Status::Over);
}
