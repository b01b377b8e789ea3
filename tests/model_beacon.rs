#![cfg(not(target_arch = "wasm32"))] // native model tests
//! First-party analytics' batch (`model::beacon`): the kinds are the DOM
//! events' names and round-trip through their stored codes; a batch is
//! checked whole and refused at its first bad member, named by JSON path.

use shoppable::model::beacon::{check, Batch, Checked, Event, Kind, MAX_EVENTS};

fn ev(kind: &str, tag: Option<&str>, t: f64) -> Event {
    Event {
        kind: kind.into(),
        tag: tag.map(Into::into),
        t,
    }
}

fn batch(events: Vec<Event>) -> Batch {
    Batch {
        video: "hero".into(),
        show: None,
        events,
    }
}

const TAGS: &[&str] = &["t1", "t2"];

#[test]
fn kinds_are_the_dom_events_names_and_round_trip_through_their_codes() {
    let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        [
            "video_view",
            "tag_view",
            "tag_click",
            "product_view",
            "add_to_cart",
            "begin_checkout",
            "purchase"
        ]
    );
    for k in Kind::ALL {
        assert_eq!(Kind::from_name(k.name()), Some(k));
        assert_eq!(Kind::from_code(i64::from(k.code())), Some(k));
    }
    assert_eq!(Kind::from_name("ready"), None);
    assert_eq!(Kind::from_code(7), None);
    assert_eq!(Kind::from_code(-1), None);
}

#[test]
fn a_good_batch_is_checked_into_kinds_tag_indexes_and_milliseconds() {
    let got = check(
        &batch(vec![
            ev("video_view", None, 0.0),
            ev("tag_click", Some("t2"), 12.99),
        ]),
        TAGS,
    )
    .unwrap();
    assert_eq!(
        got,
        [
            Checked {
                kind: Kind::VideoView,
                tag: None,
                ms: 0
            },
            Checked {
                kind: Kind::TagClick,
                tag: Some(1),
                ms: 12990
            },
        ]
    );
}

#[test]
fn a_bad_member_refuses_the_batch_naming_its_path() {
    let good = ev("tag_view", Some("t1"), 1.0);
    let cases: Vec<(Batch, &str)> = vec![
        (batch(vec![]), "events"),
        (batch(vec![good.clone(); MAX_EVENTS + 1]), "events"),
        (
            batch(vec![good.clone(), ev("tap", None, 1.0)]),
            "events[1].kind",
        ),
        (
            batch(vec![good.clone(), ev("tag_view", Some("t9"), 1.0)]),
            "events[1].tag",
        ),
        (
            batch(vec![good.clone(), ev("tag_view", None, -0.5)]),
            "events[1].t",
        ),
        (
            batch(vec![good.clone(), ev("tag_view", None, f64::NAN)]),
            "events[1].t",
        ),
        (
            batch(vec![good.clone(), ev("tag_view", None, 2e9)]),
            "events[1].t",
        ),
        (
            Batch {
                video: String::new(),
                ..batch(vec![good.clone()])
            },
            "video",
        ),
        (
            Batch {
                show: Some("spring launch".into()),
                ..batch(vec![good.clone()])
            },
            "show",
        ),
    ];
    for (b, path) in cases {
        let e = check(&b, TAGS).unwrap_err();
        assert_eq!(e.path, path, "{e}");
        assert!(!e.message.is_empty());
    }
    assert!(check(&batch(vec![good; MAX_EVENTS]), TAGS).is_ok());
}
