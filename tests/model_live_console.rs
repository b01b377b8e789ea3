#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The producer console's model: the fold of the show's event stream
//! (snapshot, events once, units), each event in plain words, and the
//! flash-deal form read into an action, naming the field it cannot read.

use shoppable::model::live::console::{describe, Console, DealForm};
use shoppable::model::live::{Action, Deal, EndReason, Event, Kind, ShowState, Snapshot, Units};
use shoppable::model::manifest::parse_str;

const T0: i64 = 1_795_991_158_427; // 2026-11-29T22:25:58.427Z

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

const MANIFEST: &str = r#"{
  "version": 1,
  "video": { "id": "live-video", "time_base": "program_date_time", "epoch": "2026-11-29T22:00:00Z" },
  "currency": "USD",
  "live": { "show": "show-1", "events": "/api/live/show-1/events" },
  "products": [
    { "id": "lipstick", "title": "Velvet Lipstick", "price": 1900, "options": ["Shade"],
      "variants": [ { "id": "ruby", "options": ["Ruby"] }, { "id": "plum", "options": ["Plum"] } ] },
    { "id": "tote", "title": "Canvas Tote", "price": 2900 }
  ]
}"#;

#[test]
fn the_console_folds_its_stream_and_words_each_event() {
    let m = parse_str(MANIFEST).unwrap().manifest;
    let deal = Deal {
        id: "d3".into(),
        product: "lipstick".into(),
        variant: Some("ruby".into()),
        price: 1500,
        units: 100,
        per_buyer: 2,
        duration_s: 60,
    };
    let events = [
        ev(1, T0, pin("lipstick")),
        ev(2, T0 + 1000, pin("tote")),
        ev(3, T0 + 2000, Kind::DealStart { deal }),
    ];
    let mut c = Console::default();
    c.snapshot(&Snapshot {
        show: "show-1".into(),
        seq: 2,
        server_ms: T0,
        base: ShowState::default().folded(&events[..1]),
        recent: events[1..2].to_vec(),
        allowance_ms: 30_000,
        units: Units::default(),
    });
    assert_eq!(c.state.seq, 2);
    assert!(c.state.is_pinned("lipstick") && c.state.is_pinned("tote"));
    assert_eq!(c.log.len(), 1);
    assert!(!c.event(&events[1]), "covered by the snapshot");
    assert!(c.event(&events[2]));
    assert_eq!(c.log[0].seq, 3, "newest first");
    c.units(Units {
        deals: [("d3".to_string(), 37)].into(),
        ..Units::default()
    });
    assert_eq!(c.deal_left("d3"), Some(37));
    let price = |minor: i64| format!("${}", minor as f64 / 100.0);
    let words: Vec<String> = [
        &events[0],
        &events[2],
        &ev(4, T0, unpin("tote")),
        &Event {
            seq: 5,
            at: None,
            server_ms: T0,
            kind: Kind::DealEnd {
                deal: "d3".into(),
                reason: EndReason::SoldOut,
            },
        },
        &ev(6, T0, Kind::ShowEnd),
    ]
    .iter()
    .map(|e| describe(e, &m, &price))
    .collect();
    assert_eq!(
        words,
        [
            "Pinned Velvet Lipstick",
            "Deal d3 opened: Velvet Lipstick (Ruby) at $15, 100 units, 2 per buyer, 60 s",
            "Unpinned Canvas Tote",
            "Deal d3 closed: sold out",
            "The show ended",
        ]
    );
}

#[test]
fn the_deal_form_reads_numbers_and_names_the_field_it_cannot_read() {
    let form = DealForm {
        product: "lipstick".into(),
        variant: String::new(),
        price: "15.00".into(),
        units: "100".into(),
        per_buyer: "2".into(),
        duration_s: "60".into(),
    };
    assert_eq!(
        form.action("USD", T0),
        Ok(Action::DealStart {
            product: "lipstick".into(),
            variant: None,
            price: 1500,
            units: 100,
            per_buyer: 2,
            duration_s: 60,
            at: T0
        })
    );
    let with_variant = DealForm {
        variant: "ruby".into(),
        ..form.clone()
    };
    assert!(matches!(
        with_variant.action("USD", T0),
        Ok(Action::DealStart { variant: Some(v), .. }) if v == "ruby"
    ));
    for (field, bad) in [
        (
            "price",
            DealForm {
                price: "15,00".into(),
                ..form.clone()
            },
        ),
        (
            "units",
            DealForm {
                units: "ten".into(),
                ..form.clone()
            },
        ),
        (
            "per_buyer",
            DealForm {
                per_buyer: "-1".into(),
                ..form.clone()
            },
        ),
        (
            "duration_s",
            DealForm {
                duration_s: "1.5".into(),
                ..form.clone()
            },
        ),
        (
            "product",
            DealForm {
                product: String::new(),
                ..form.clone()
            },
        ),
    ] {
        assert_eq!(bad.action("USD", T0).unwrap_err().path, field);
    }
}
