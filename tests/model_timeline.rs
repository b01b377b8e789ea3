#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! Timeline: which tags are active at a time, and where they are. The index
//! must agree with a brute-force filter for any query sequence, since the
//! player may seek, loop or change rate at any moment.

use proptest::prelude::*;
use shoppable::model::manifest::{Keyframe, Tag};
use shoppable::model::timeline::{bench_tags, position_at, Point, Timeline};

fn tag(start: f64, end: f64) -> Tag {
    Tag {
        id: String::new(),
        product: 0,
        start,
        end,
        keyframes: vec![Keyframe {
            t: start,
            x: 0.5,
            y: 0.5,
        }],
    }
}

fn moving(keyframes: &[(f64, f64, f64)]) -> Tag {
    let keyframes: Vec<Keyframe> = keyframes
        .iter()
        .map(|&(t, x, y)| Keyframe { t, x, y })
        .collect();
    Tag {
        id: "m".into(),
        product: 0,
        start: keyframes[0].t,
        end: keyframes[keyframes.len() - 1].t + 1.0,
        keyframes,
    }
}

fn brute(tags: &[Tag], t: f64) -> Vec<usize> {
    (0..tags.len())
        .filter(|&i| tags[i].start <= t && t < tags[i].end)
        .collect()
}

fn active(tl: &Timeline, t: f64) -> Vec<usize> {
    let mut out = vec![99]; // must be cleared
    tl.active_at(t, &mut out);
    out
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn active_at_boundaries_and_odd_times() {
    let tags = vec![tag(0.0, 5.0), tag(3.2, 9.8), tag(9.8, 12.0), tag(100.0, 100.5), tag(3.2, 4.0)];
    let tl = Timeline::new(&tags);
    assert_eq!(tl.len(), 5);
    let cases: &[(f64, &[usize])] = &[
        (-1.0, &[]),
        (0.0, &[0]),
        (3.1999, &[0]),
        (3.2, &[0, 1, 4]),
        (4.0, &[0, 1]),
        (5.0, &[1]),
        (9.8, &[2]), // end is exclusive, start inclusive
        (11.999, &[2]),
        (12.0, &[]),
        (50.0, &[]),
        (100.25, &[3]),
        (100.5, &[]),
        (1e300, &[]),
        (f64::NAN, &[]),
        (f64::INFINITY, &[]),
        (f64::NEG_INFINITY, &[]),
        (-0.0, &[0]),
    ];
    for &(t, want) in cases {
        assert_eq!(active(&tl, t), want, "t = {t}");
    }
}

#[test]
fn empty_and_unusable_tags() {
    let tl = Timeline::new(&[]);
    assert_eq!(tl.len(), 0);
    assert!(tl.is_empty());
    assert_eq!(active(&tl, 1.0), Vec::<usize>::new());

    // Hand-built tags that validation would drop never show, and do not
    // shift the indices of the others.
    let tags = vec![
        tag(5.0, 5.0),
        tag(f64::NAN, 3.0),
        tag(2.0, 1.0),
        tag(1.0, f64::INFINITY),
        tag(0.5, 3.0),
    ];
    let tl = Timeline::new(&tags);
    assert_eq!(tl.len(), 5);
    for t in [0.0, 1.0, 2.0, 2.5, 5.0, 10.0] {
        let want: Vec<usize> = if (0.5..3.0).contains(&t) {
            vec![4]
        } else {
            vec![]
        };
        assert_eq!(active(&tl, t), want, "t = {t}");
    }
}

#[test]
fn long_tags_do_not_blow_up_the_index() {
    // Many short tags plus many tags spanning the whole video: the index
    // coarsens instead of copying long tags into every bucket.
    let mut tags = bench_tags(2_000, 3);
    for i in 0..500 {
        tags.push(tag(i as f64 * 0.01, 12_000.0));
    }
    let tl = Timeline::new(&tags);
    for k in 0..3_000 {
        let t = k as f64 * 4.1 - 5.0;
        assert_eq!(active(&tl, t), brute(&tags, t), "t = {t}");
    }
}

#[test]
fn bench_tags_are_deterministic_and_realistic() {
    let a = bench_tags(10_000, 42);
    assert_eq!(a, bench_tags(10_000, 42));
    assert_ne!(a, bench_tags(10_000, 43));
    assert_eq!(a.len(), 10_000);
    let length = 10_000.0 / 10.0 * 60.0;
    for t in &a {
        let d = t.end - t.start;
        assert!((2.0 - 1e-9..=10.0 + 1e-9).contains(&d), "duration {d}");
        assert!(t.start >= 0.0 && t.end <= length + 1e-9);
        assert!((2..=4).contains(&t.keyframes.len()));
        assert!(t.keyframes.windows(2).all(|w| w[0].t <= w[1].t));
        assert!(t
            .keyframes
            .iter()
            .all(|k| (0.0..=1.0).contains(&k.x) && (0.0..=1.0).contains(&k.y)));
        assert!(t.product < 50);
    }
    let tl = Timeline::new(&a);
    let mut out = Vec::new();
    for k in 0..2_000 {
        let t = k as f64 * 30.0001;
        tl.active_at(t, &mut out);
        assert_eq!(out, brute(&a, t), "t = {t}");
    }
}

#[test]
fn position_at_interpolates_and_clamps() {
    let still = moving(&[(2.0, 0.3, 0.7)]);
    for t in [-5.0, 2.0, 3.0, 100.0, f64::NAN] {
        assert_eq!(position_at(&still, t), Point { x: 0.3, y: 0.7 });
    }
    let m = moving(&[(0.0, 0.0, 1.0), (10.0, 1.0, 0.0), (20.0, 1.0, 0.5)]);
    let cases = [
        (-1.0, 0.0, 1.0),
        (0.0, 0.0, 1.0),
        (2.5, 0.25, 0.75),
        (5.0, 0.5, 0.5),
        (10.0, 1.0, 0.0),
        (15.0, 1.0, 0.25),
        (20.0, 1.0, 0.5),
        (25.0, 1.0, 0.5),
        (f64::INFINITY, 1.0, 0.5),
        (f64::NEG_INFINITY, 0.0, 1.0),
        (f64::NAN, 0.0, 1.0),
    ];
    for (t, x, y) in cases {
        let p = position_at(&m, t);
        assert!(
            (p.x - x).abs() < 1e-12 && (p.y - y).abs() < 1e-12,
            "t = {t}: {p:?}"
        );
    }
    // Two keyframes at one time: a jump, taken at that time.
    let jump = moving(&[
        (0.0, 0.0, 0.0),
        (5.0, 0.2, 0.2),
        (5.0, 0.8, 0.8),
        (10.0, 1.0, 1.0),
    ]);
    assert_eq!(position_at(&jump, 5.0), Point { x: 0.8, y: 0.8 });
    let before = position_at(&jump, 4.999);
    assert!(before.x < 0.2 + 1e-9);
    // No keyframes (hand-built only): the centre.
    let mut none = tag(0.0, 1.0);
    none.keyframes.clear();
    assert_eq!(position_at(&none, 0.5), Point { x: 0.5, y: 0.5 });
}

/// Tags on a coarse grid, so starts, ends and query times often coincide,
/// with some long ones mixed in.
fn any_tags() -> impl Strategy<Value = Vec<Tag>> {
    let short =
        (0u32..2_000, 1u32..80).prop_map(|(s, d)| tag(s as f64 * 0.25, (s + d) as f64 * 0.25));
    let long =
        (0u32..2_000, 400u32..4_000).prop_map(|(s, d)| tag(s as f64 * 0.25, (s + d) as f64 * 0.25));
    let odd = (-10.0f64..600.0, 0.0f64..30.0).prop_map(|(s, d)| tag(s, s + d));
    prop::collection::vec(prop_oneof![6 => short, 1 => long, 2 => odd], 0..300)
}

fn any_times() -> impl Strategy<Value = Vec<f64>> {
    let grid = (-8i32..2_200).prop_map(|k| k as f64 * 0.25);
    let free = -20.0f64..1_200.0;
    let odd = prop_oneof![Just(f64::NAN), Just(f64::INFINITY), Just(-0.0), Just(1e12)];
    prop::collection::vec(prop_oneof![4 => grid, 4 => free, 1 => odd], 1..200)
}

proptest! {
    #[test]
    fn active_at_matches_brute_force_for_any_query_sequence(tags in any_tags(), times in any_times()) {
        let tl = Timeline::new(&tags);
        let mut out = Vec::new();
        // Play the sequence forwards, backwards (seeks), and twice (a loop).
        let replay = times.iter().chain(times.iter().rev()).chain(times.iter());
        for &t in replay {
            tl.active_at(t, &mut out);
            let want = if t.is_finite() { brute(&tags, t) } else { Vec::new() };
            prop_assert_eq!(&out, &want, "t = {}", t);
        }
    }

    #[test]
    fn position_stays_in_the_keyframe_box_and_hits_keyframes(
        raw in prop::collection::vec((0u32..10_000, 0.0f64..=1.0, 0.0f64..=1.0), 1..12),
        times in prop::collection::vec(-10.0f64..1_100.0, 1..50),
    ) {
        let mut raw = raw;
        raw.sort_by_key(|k| k.0);
        raw.dedup_by_key(|k| k.0);
        let kfs: Vec<(f64, f64, f64)> = raw.iter().map(|&(t, x, y)| (t as f64 * 0.1, x, y)).collect();
        let tag = moving(&kfs);
        let (lo_x, hi_x) = kfs.iter().fold((1.0f64, 0.0f64), |(lo, hi), k| (lo.min(k.1), hi.max(k.1)));
        let (lo_y, hi_y) = kfs.iter().fold((1.0f64, 0.0f64), |(lo, hi), k| (lo.min(k.2), hi.max(k.2)));
        for t in times {
            let p = position_at(&tag, t);
            prop_assert!(p.x >= lo_x && p.x <= hi_x && p.y >= lo_y && p.y <= hi_y, "t = {} -> {:?}", t, p);
        }
        for &(t, x, y) in &kfs {
            prop_assert_eq!(position_at(&tag, t), Point { x, y });
        }
    }
}
