#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The Idempotency-Key lifecycle of one Buy tap: one key for every retry,
//! the backoff schedule, the bound, no retry on a refusal, the key forgotten
//! only when the outcome is certain, and the state surviving a reload.

use proptest::prelude::*;
use shoppable::model::idempotency::{
    is_retryable, is_uuid, storage_key, Attempt, Delay, Failure, Outcome, Step, BACKOFF_MS,
    MAX_TRIES,
};

const KEY: &str = "0b6f3c2e-5d1a-4e8b-9f7c-2a4d6e8f0a1b";

fn attempt() -> Attempt {
    Attempt::new(KEY.into(), 0xfeed_beef_dead_f00d)
}

fn delay(ms: u64, try_number: u8) -> Option<Delay> {
    Some(Delay { ms, try_number })
}

#[test]
fn backoff_schedule_then_give_up_keeping_the_key() {
    assert_eq!((MAX_TRIES, BACKOFF_MS), (4, [0, 500, 1_500, 4_000]));
    let mut a = attempt();
    let mut now = 1_000_000;
    let mut seen = Vec::new();
    for (n, wait) in BACKOFF_MS.iter().enumerate() {
        let d = a.next_try(now).unwrap();
        assert_eq!(
            d,
            Delay {
                ms: *wait,
                try_number: n as u8 + 1
            }
        );
        now += d.ms;
        seen.push(a.key().unwrap().to_string());
        let step = a.on_network_error();
        if n + 1 < BACKOFF_MS.len() {
            assert_eq!(step, Step::Retry);
        } else {
            assert_eq!(step, Step::Done(Outcome::Failed(Failure::Offline)));
        }
    }
    assert!(
        seen.iter().all(|k| k == KEY),
        "one key for every try: {seen:?}"
    );
    assert_eq!(a.next_try(now), None, "bounded");
    assert_eq!(a.tries(), MAX_TRIES);
    // Offline is not certain: the order may exist, so the key stays.
    assert_eq!(a.key(), Some(KEY));
    assert!(a.should_store());

    // "Try again" starts a new round under the same key.
    assert!(a.resume());
    assert_eq!(a.next_try(now), delay(0, 1));
    assert_eq!(a.key(), Some(KEY));
    assert_eq!(a.on_response(201), Step::Done(Outcome::Confirmed));
    assert_eq!(
        (a.key(), a.should_store()),
        (None, false),
        "confirmed forgets the key"
    );
    assert!(!a.resume());
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn responses_decide_retry_or_done() {
    // (status, retries?, outcome when it ends the round, key kept?)
    let cases: &[(u16, bool, Outcome, bool)] = &[
        (200, false, Outcome::Confirmed, false),
        (201, false, Outcome::Confirmed, false),
        (400, false, Outcome::Failed(Failure::Rejected { status: 400 }), false),
        (402, false, Outcome::Failed(Failure::Rejected { status: 402 }), false),
        (409, false, Outcome::Failed(Failure::Rejected { status: 409 }), false),
        (422, false, Outcome::Failed(Failure::Rejected { status: 422 }), false),
        (301, false, Outcome::Failed(Failure::Rejected { status: 301 }), false),
        (408, true, Outcome::Failed(Failure::ServerError { status: 408 }), true),
        (429, true, Outcome::Failed(Failure::ServerError { status: 429 }), true),
        (500, true, Outcome::Failed(Failure::ServerError { status: 500 }), true),
        (503, true, Outcome::Failed(Failure::ServerError { status: 503 }), true),
    ];
    for &(status, retries, ref outcome, key_kept) in cases {
        assert_eq!(is_retryable(status), retries, "{status}");
        let mut a = attempt();
        let mut sends = 0;
        let last = loop {
            if a.next_try(0).is_none() { break a.outcome().cloned(); }
            sends += 1;
            if let Step::Done(o) = a.on_response(status) { break Some(o); }
        };
        assert_eq!(last.as_ref(), Some(outcome), "{status}");
        assert_eq!(sends, if retries { MAX_TRIES } else { 1 }, "{status}: a 4xx is never retried");
        assert_eq!(a.key().is_some(), key_kept, "{status}");
        assert_eq!(a.next_try(0), None);
    }
}

#[test]
fn a_retry_then_success_is_one_order_under_one_key() {
    let mut a = attempt();
    assert_eq!(a.next_try(10), delay(0, 1));
    assert_eq!(a.on_network_error(), Step::Retry);
    assert_eq!(a.next_try(10), delay(500, 2));
    assert_eq!(a.key(), Some(KEY));
    assert_eq!(a.on_response(502), Step::Retry);
    assert_eq!(a.next_try(600), delay(1_500, 3));
    assert_eq!(a.on_response(200), Step::Done(Outcome::Confirmed));
    // A late report of an earlier try changes nothing.
    assert_eq!(a.on_network_error(), Step::Done(Outcome::Confirmed));
    assert_eq!(a.on_response(500), Step::Done(Outcome::Confirmed));
    assert_eq!(a.on_response(422), Step::Done(Outcome::Confirmed));
    // A late confirmation after a round ended in doubt is the truth.
    let mut b = attempt();
    for _ in 0..MAX_TRIES {
        b.next_try(0);
        b.on_network_error();
    }
    assert_eq!(b.on_response(200), Step::Done(Outcome::Confirmed));
    assert_eq!(b.key(), None);
}

#[test]
fn survives_a_reload_mid_wait() {
    let mut a = attempt();
    let t0 = 1_700_000_000_000; // Date.now() in ms
    a.next_try(t0);
    a.on_network_error();
    assert_eq!(a.next_try(t0), delay(500, 2)); // due at t0 + 500
    let stored = serde_json::to_string(&a).unwrap();
    assert!(
        stored.contains("\"fingerprint\":\"feedbeefdeadf00d\""),
        "hex, not a number a JS double would round: {stored}"
    );
    let mut back: Attempt = serde_json::from_str(&stored).unwrap();
    assert_eq!(back, a);
    // Asking again resumes the same try, for the time left.
    assert_eq!(back.next_try(t0 + 200), delay(300, 2));
    assert_eq!(back.next_try(t0 + 60_000), delay(0, 2));
    // A clock that went backwards never means a wait past the longest backoff.
    assert_eq!(back.next_try(0), delay(4_000, 2));
    assert_eq!(
        (back.key(), back.fingerprint()),
        (Some(KEY), 0xfeed_beef_dead_f00d)
    );

    for fp in [0, 1, u64::MAX, 1 << 53 | 1] {
        let a = Attempt::new(KEY.into(), fp);
        let back: Attempt = serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
        assert_eq!(back.fingerprint(), fp);
    }
    let bad = stored.replace("feedbeefdeadf00d", "feedbeef");
    assert!(serde_json::from_str::<Attempt>(&bad).is_err());
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn uuids() {
    let cases = [
        (KEY, true),
        ("0B6F3C2E-5D1A-4E8B-9F7C-2A4D6E8F0A1B", true),
        ("ffffffff-ffff-ffff-ffff-ffffffffffff", true),
        ("00000000-0000-0000-0000-000000000000", false),
        ("0b6f3c2e5d1a4e8b9f7c2a4d6e8f0a1b", false),
        ("{0b6f3c2e-5d1a-4e8b-9f7c-2a4d6e8f0a1b}", false),
        ("0b6f3c2e-5d1a-4e8b-9f7c-2a4d6e8f0a1", false),
        ("0b6f3c2e-5d1a-4e8b-9f7c-2a4d6e8f0a1bb", false),
        ("0b6f3c2e-5d1a-4e8b-9f7c_2a4d6e8f0a1b", false),
        ("0b6f3c2g-5d1a-4e8b-9f7c-2a4d6e8f0a1b", false),
        (" 0b6f3c2e-5d1a-4e8b-9f7c-2a4d6e8f0a1", false),
        ("0b6f3c2e-5d1a-4e8b-9f7c-2a4d6e8f0a1é", false),
        ("", false),
    ];
    for (s, ok) in cases {
        assert_eq!(is_uuid(s), ok, "{s:?}");
    }
}

#[test]
fn messages_and_storage_key() {
    assert_eq!(
        storage_key("https://shop.example", "spring-drop"),
        "shoppable:checkout:v1:https%3A%2F%2Fshop.example:spring-drop"
    );
    for f in [
        Failure::Offline,
        Failure::ServerError { status: 503 },
        Failure::Rejected { status: 409 },
    ] {
        assert_eq!(f.is_definitive(), matches!(f, Failure::Rejected { .. }));
        assert!(f.viewer_message().ends_with('.'));
    }
}

#[derive(Debug, Clone)]
enum Event {
    Network,
    Status(u16),
    Resume,
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        Just(Event::Network),
        prop::sample::select(vec![200u16, 201, 400, 409, 422, 429, 500, 503])
            .prop_map(Event::Status),
        Just(Event::Resume),
    ]
}

proptest! {
    /// Whatever happens: every send carries the one key, a round never
    /// sends more than MAX_TRIES times, the key is dropped exactly when a
    /// 2xx or a non-retryable status arrives, and never comes back.
    #[test]
    fn any_history_keeps_the_key_rules(events in proptest::collection::vec(event(), 0..30)) {
        let mut a = attempt();
        let (mut sends_this_round, mut forgotten, mut now) = (0u8, false, 0u64);
        for e in events {
            if let Event::Resume = e {
                if a.resume() { sends_this_round = 0; }
                continue;
            }
            let Some(d) = a.next_try(now) else { continue };
            now += d.ms;
            sends_this_round += 1;
            prop_assert!(sends_this_round <= MAX_TRIES);
            prop_assert_eq!(d.try_number, sends_this_round);
            prop_assert_eq!(a.key(), Some(KEY));
            let certain = match e {
                Event::Status(s) => !is_retryable(s),
                _ => false,
            };
            match e {
                Event::Network => { a.on_network_error(); }
                Event::Status(s) => { a.on_response(s); }
                Event::Resume => unreachable!(),
            }
            forgotten |= certain;
            prop_assert_eq!(a.key().is_none(), forgotten);
            prop_assert_eq!(a.should_store(), !forgotten);
        }
    }
}
