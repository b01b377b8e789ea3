#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The Idempotency-Key lifecycle of one Buy tap: one key for every retry,
//! the backoff schedule, the bound, no retry on a refusal, the key forgotten
//! only when the outcome is certain, and the state surviving a reload.

use proptest::prelude::*;
use shoppable::model::idempotency::{
    fallback_bytes, is_retryable, is_uuid, parse_retry_after, storage_key, uuid_v4, wait_ms,
    Attempt, Delay, Failure, Outcome, Step, BACKOFF_MS, MAX_RETRY_AFTER_MS, MAX_TRIES,
    TRY_TIMEOUT_MS,
};
use shoppable::model::words::{en, variant};

const KEY: &str = "0b6f3c2e-5d1a-4e8b-9f7c-2a4d6e8f0a1b";

fn attempt() -> Attempt {
    Attempt::new(KEY.into(), 0xfeed_beef_dead_f00d)
}

fn delay(ms: u64, try_number: u8) -> Option<Delay> {
    Some(Delay {
        ms,
        try_number,
        timeout_ms: TRY_TIMEOUT_MS,
    })
}

#[test]
fn backoff_schedule_then_give_up_keeping_the_key() {
    assert_eq!((MAX_TRIES, BACKOFF_MS), (4, [0, 500, 1_500, 4_000]));
    let mut a = attempt();
    let mut now = 1_000_000;
    let mut seen = Vec::new();
    for (n, wait) in BACKOFF_MS.iter().enumerate() {
        let d = a.next_try(now, 0.0).unwrap();
        assert_eq!(d, delay(*wait, n as u8 + 1).unwrap());
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
    assert_eq!(a.next_try(now, 0.0), None, "bounded");
    assert_eq!(a.tries(), MAX_TRIES);
    // Offline is not certain: the order may exist, so the key stays.
    assert_eq!(a.key(), Some(KEY));
    assert!(a.should_store());

    // "Try again" starts a new round under the same key.
    assert!(a.resume());
    assert_eq!(a.next_try(now, 0.0), delay(0, 1));
    assert_eq!(a.key(), Some(KEY));
    assert_eq!(a.on_response(201, None), Step::Done(Outcome::Confirmed));
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
            if a.next_try(0, 0.0).is_none() { break a.outcome().cloned(); }
            sends += 1;
            if let Step::Done(o) = a.on_response(status, None) { break Some(o); }
        };
        assert_eq!(last.as_ref(), Some(outcome), "{status}");
        assert_eq!(sends, if retries { MAX_TRIES } else { 1 }, "{status}: a 4xx is never retried");
        assert_eq!(a.key().is_some(), key_kept, "{status}");
        assert_eq!(a.next_try(0, 0.0), None);
    }
}

#[test]
fn a_retry_then_success_is_one_order_under_one_key() {
    let mut a = attempt();
    assert_eq!(a.next_try(10, 0.0), delay(0, 1));
    assert_eq!(a.on_network_error(), Step::Retry);
    assert_eq!(a.next_try(10, 0.0), delay(500, 2));
    assert_eq!(a.key(), Some(KEY));
    assert_eq!(a.on_response(502, None), Step::Retry);
    assert_eq!(a.next_try(600, 0.0), delay(1_500, 3));
    assert_eq!(a.on_response(200, None), Step::Done(Outcome::Confirmed));
    // A late report of an earlier try changes nothing.
    assert_eq!(a.on_network_error(), Step::Done(Outcome::Confirmed));
    assert_eq!(a.on_response(500, None), Step::Done(Outcome::Confirmed));
    assert_eq!(a.on_response(422, None), Step::Done(Outcome::Confirmed));
    // A late confirmation after a round ended in doubt is the truth.
    let mut b = attempt();
    for _ in 0..MAX_TRIES {
        b.next_try(0, 0.0);
        b.on_network_error();
    }
    assert_eq!(b.on_response(200, None), Step::Done(Outcome::Confirmed));
    assert_eq!(b.key(), None);
}

#[test]
fn survives_a_reload_mid_wait() {
    let mut a = attempt();
    let t0 = 1_700_000_000_000; // Date.now() in ms
    a.next_try(t0, 0.0);
    a.on_network_error();
    assert_eq!(a.next_try(t0, 0.0), delay(500, 2)); // due at t0 + 500
    let stored = serde_json::to_string(&a).unwrap();
    assert!(
        stored.contains("\"fingerprint\":\"feedbeefdeadf00d\""),
        "hex, not a number a JS double would round: {stored}"
    );
    let mut back: Attempt = serde_json::from_str(&stored).unwrap();
    assert_eq!(back, a);
    // Asking again resumes the same try, for the time left.
    assert_eq!(back.next_try(t0 + 200, 0.0), delay(300, 2));
    assert_eq!(back.next_try(t0 + 60_000, 0.0), delay(0, 2));
    // A clock that went backwards never means a wait past the one this try was given.
    assert_eq!(back.next_try(0, 0.0), delay(500, 2));
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
        assert!(variant(en::SHOP[f.viewer_words()], "other").ends_with('.'));
    }
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn jitter_only_lengthens_and_retry_after_raises_the_floor() {
    // (base, Retry-After, draw, wait)
    let cases: &[(u64, Option<u64>, f64, u64)] = &[
        (0, None, 0.99, 0),               // the first try goes at once
        (500, None, 0.0, 500),
        (500, None, 0.5, 625),
        (500, None, 0.999_999, 749),
        (4_000, None, 1.0, 6_000),
        (500, Some(1_000), 0.0, 1_000),   // the server asked for more than the schedule
        (500, Some(1_000), 1.0, 1_500),   // spread over half as much again
        (4_000, Some(1_000), 0.0, 4_000), // the schedule asks for more than the server
        (0, Some(2_000), 0.0, 2_000),
        (500, None, -3.0, 500),           // draws outside 0..1 are clamped
        (500, None, 7.0, 750),
        (500, None, f64::NAN, 500),
    ];
    for &(base, ra, draw, want) in cases {
        assert_eq!(wait_ms(base, ra, draw), want, "base {base}, Retry-After {ra:?}, draw {draw}");
    }
}

#[test]
#[rustfmt::skip]
fn retry_after_header_values() {
    let cases: &[(&str, Option<u64>)] = &[
        ("1", Some(1_000)), ("2", Some(2_000)), (" 3 ", Some(3_000)), ("0", Some(0)),
        ("120", Some(120_000)), ("", None), ("-1", None), ("1.5", None), ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None), ("9999999999", None),
    ];
    for &(v, want) in cases {
        assert_eq!(parse_retry_after(v), want, "{v:?}");
    }
}

#[test]
fn a_busy_server_is_retried_after_its_retry_after_with_jitter() {
    let mut a = attempt();
    assert_eq!(a.next_try(0, 0.9), delay(0, 1));
    // 503 busy, Retry-After: 1 — the second try waits 1 s, not the schedule's 0.5 s,
    // stretched by the draw (0.5 → +250 ms).
    assert_eq!(a.on_response(503, Some(1_000)), Step::Retry);
    assert_eq!(a.next_try(100, 0.5), delay(1_250, 2));
    assert_eq!(a.on_response(201, None), Step::Done(Outcome::Confirmed));

    // The Retry-After counts once: the try after next is back on the schedule.
    let mut b = attempt();
    b.next_try(0, 0.0);
    b.on_response(429, Some(2_000));
    assert_eq!(b.next_try(0, 0.0), delay(2_000, 2));
    b.on_response(500, None);
    assert_eq!(b.next_try(0, 0.0), delay(1_500, 3));

    // Asking for longer than a viewer waits ends the round at once, key kept.
    let mut c = attempt();
    c.next_try(0, 0.0);
    let long = MAX_RETRY_AFTER_MS + 1_000;
    assert_eq!(
        c.on_response(503, Some(long)),
        Step::Done(Outcome::Failed(Failure::ServerError { status: 503 }))
    );
    assert_eq!((c.next_try(0, 0.0), c.key()), (None, Some(KEY)));
    assert!(c.resume(), "\"Try again\" starts a new round");
    assert_eq!(c.next_try(0, 0.0), delay(0, 1));

    // A Retry-After on a refusal changes nothing: a 4xx is never retried.
    let mut d = attempt();
    d.next_try(0, 0.0);
    assert_eq!(
        d.on_response(409, Some(1_000)),
        Step::Done(Outcome::Failed(Failure::Rejected { status: 409 }))
    );
}

#[test]
fn a_try_that_times_out_is_retried_under_the_same_key_and_ends_in_doubt() {
    assert_eq!(TRY_TIMEOUT_MS, 15_000);
    let mut a = attempt();
    let mut steps = Vec::new();
    while let Some(d) = a.next_try(0, 0.0) {
        assert_eq!(d.timeout_ms, TRY_TIMEOUT_MS);
        assert_eq!(a.key(), Some(KEY));
        steps.push(a.on_timeout());
    }
    assert_eq!(steps.len(), usize::from(MAX_TRIES));
    assert_eq!(
        steps.last(),
        Some(&Step::Done(Outcome::Failed(Failure::TimedOut)))
    );
    assert!(!Failure::TimedOut.is_definitive());
    assert_eq!(a.key(), Some(KEY), "the order may exist: the key is kept");
    // A late answer to a timed-out try is still the truth.
    assert_eq!(a.on_response(201, None), Step::Done(Outcome::Confirmed));
}

#[test]
fn fallback_keys_are_v4_uuids() {
    let k = uuid_v4([0xff; 16]);
    assert_eq!(k, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    let bytes: [u8; 16] = core::array::from_fn(|i| (i as u8) * 17);
    assert_eq!(uuid_v4(bytes), "00112233-4455-4677-8899-aabbccddeeff");
    for b in [[0u8; 16], [0xff; 16], bytes] {
        let k = uuid_v4(b);
        assert!(is_uuid(&k), "{k}");
        assert_eq!(&k[14..15], "4", "version 4: {k}");
        assert!("89ab".contains(&k[19..20]), "RFC variant: {k}");
    }
    // Without crypto: Math.random() draws and the clocks. Different draws or
    // different clocks give different keys; the same give the same (pure).
    let draws: [f64; 16] = core::array::from_fn(|i| (i as f64 + 0.5) / 16.0);
    let a = fallback_bytes(draws, 1_700_000_000_000, 123_456);
    assert_eq!(a, fallback_bytes(draws, 1_700_000_000_000, 123_456));
    assert_ne!(a, fallback_bytes(draws, 1_700_000_000_001, 123_456));
    assert_ne!(a, fallback_bytes(draws, 1_700_000_000_000, 123_457));
    let mut other = draws;
    other[15] = 0.01;
    assert_ne!(a, fallback_bytes(other, 1_700_000_000_000, 123_456));
    assert!(is_uuid(&uuid_v4(fallback_bytes([1.0; 16], 0, 0))));
    assert!(is_uuid(&uuid_v4(fallback_bytes([f64::NAN; 16], 0, 0))));
}

#[derive(Debug, Clone)]
enum Event {
    Network,
    Timeout,
    Status(u16, Option<u64>),
    Resume,
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        Just(Event::Network),
        Just(Event::Timeout),
        (
            prop::sample::select(vec![200u16, 201, 400, 409, 422, 429, 500, 503]),
            prop::option::of(0u64..20_000),
        )
            .prop_map(|(s, ra)| Event::Status(s, ra)),
        Just(Event::Resume),
    ]
}

proptest! {
    /// Whatever happens: every send carries the one key, a round never
    /// sends more than MAX_TRIES times, no wait is shorter than the
    /// schedule or a honoured Retry-After nor longer than the jitter allows,
    /// the key is dropped exactly when a 2xx or a non-retryable status
    /// arrives, and never comes back.
    #[test]
    fn any_history_keeps_the_key_rules(
        events in proptest::collection::vec((event(), 0.0f64..1.0), 0..30),
    ) {
        let mut a = attempt();
        let (mut sends_this_round, mut forgotten, mut now) = (0u8, false, 0u64);
        let mut asked: Option<u64> = None;
        for (e, draw) in events {
            if let Event::Resume = e {
                if a.resume() { sends_this_round = 0; asked = None; }
                continue;
            }
            let Some(d) = a.next_try(now, draw) else { continue };
            let floor = BACKOFF_MS[usize::from(d.try_number) - 1].max(asked.take().unwrap_or(0));
            prop_assert!(d.ms >= floor && d.ms <= floor + floor / 2, "wait {} for floor {}", d.ms, floor);
            prop_assert_eq!(d.timeout_ms, TRY_TIMEOUT_MS);
            now += d.ms;
            sends_this_round += 1;
            prop_assert!(sends_this_round <= MAX_TRIES);
            prop_assert_eq!(d.try_number, sends_this_round);
            prop_assert_eq!(a.key(), Some(KEY));
            let certain = match e {
                Event::Status(s, _) => !is_retryable(s),
                _ => false,
            };
            match e {
                Event::Network => { a.on_network_error(); }
                Event::Timeout => { a.on_timeout(); }
                Event::Status(s, ra) => {
                    if let Step::Retry = a.on_response(s, ra) { asked = ra; }
                }
                Event::Resume => unreachable!(),
            }
            forgotten |= certain;
            prop_assert_eq!(a.key().is_none(), forgotten);
            prop_assert_eq!(a.should_store(), !forgotten);
        }
    }
}
