#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The plan a view animates from: the tags shown at a time, the stretch each
//! moves along, and the next time that changes. Nothing may change between a
//! time and the next change the plan gives (else a tag would be shown late or
//! left behind), whatever the layout crops.

use proptest::prelude::*;
use shoppable::model::band::in_band;
use shoppable::model::geometry::{to_overlay, Layout, ObjectFit, ObjectPosition, Size};
use shoppable::model::manifest::{Keyframe, Tag};
use shoppable::model::motion::{plan, Placed};
use shoppable::model::timeline::{position_at, segment_at, Point, Timeline};

fn tag(start: f64, end: f64, keyframes: &[(f64, f64, f64)]) -> Tag {
    Tag {
        id: String::new(),
        product: 0,
        start,
        end,
        keyframes: keyframes
            .iter()
            .map(|&(t, x, y)| Keyframe { t, x, y })
            .collect(),
    }
}

fn layout(cw: f64, ch: f64, iw: f64, ih: f64, fit: ObjectFit) -> Layout {
    Layout {
        content: Size { w: cw, h: ch },
        intrinsic: Size { w: iw, h: ih },
        fit,
        position: ObjectPosition::parse("50% 50%"),
    }
}

fn planned(tags: &[Tag], l: &Layout, t: f64) -> (Vec<Placed>, Option<f64>) {
    planned_with_band(tags, l, 0.0, t)
}

fn planned_with_band(tags: &[Tag], l: &Layout, band: f64, t: f64) -> (Vec<Placed>, Option<f64>) {
    let tl = Timeline::new(tags);
    let (mut active, mut out) = (Vec::new(), Vec::new());
    let next = plan(tags, &tl, l, band, t, &mut active, &mut out);
    (out, next)
}

/// What is shown at `t` above a control band of `band` px, computed the slow
/// way: in the visible picture and not in the band.
fn shown(tags: &[Tag], l: &Layout, band: f64, t: f64) -> Vec<usize> {
    (0..tags.len())
        .filter(|&i| tags[i].start <= t && t < tags[i].end)
        .filter(|&i| {
            to_overlay(l, position_at(&tags[i], t))
                .is_some_and(|(_, y)| !in_band(l.content.h, band, y))
        })
        .collect()
}

#[test]
fn next_change_is_the_next_start_end_or_keyframe() {
    let tags = vec![
        tag(
            1.0,
            9.0,
            &[(1.0, 0.1, 0.1), (4.0, 0.9, 0.1), (12.0, 0.5, 0.5)],
        ),
        tag(2.5, 3.0, &[(2.5, 0.5, 0.5)]),
    ];
    let tl = Timeline::new(&tags);
    // The keyframe at 12 is after the tag's end: no change there.
    let cases = [
        (-5.0, Some(1.0)),
        (1.0, Some(2.5)),
        (2.7, Some(3.0)),
        (3.0, Some(4.0)),
        (4.0, Some(9.0)),
        (9.0, None),
    ];
    for (t, want) in cases {
        assert_eq!(tl.next_change(t), want, "t = {t}");
    }
    assert_eq!(Timeline::new(&[]).next_change(0.0), None);
}

#[test]
fn segments_are_still_outside_the_keyframes() {
    let t = tag(0.0, 10.0, &[(2.0, 0.1, 0.2), (6.0, 0.5, 0.2)]);
    let before = segment_at(&t, 1.0);
    assert!(!before.moves());
    assert_eq!((before.end, before.from), (2.0, Point { x: 0.1, y: 0.2 }));
    let during = segment_at(&t, 2.0);
    assert!(during.moves());
    assert_eq!((during.start, during.end), (2.0, 6.0));
    let after = segment_at(&t, 6.0);
    assert!(!after.moves());
    assert_eq!(after.from, Point { x: 0.5, y: 0.2 });
}

#[test]
fn a_tag_cropped_out_midway_changes_when_it_leaves_the_picture() {
    // A 16:9 frame covering a square box shows the middle 9/16 of its width:
    // x from 0.21875 to 0.78125. The tag runs from x = 0.5 to x = 1 in 10 s
    // and leaves at x = 0.78125, i.e. at t = 5.625.
    let l = layout(180.0, 180.0, 320.0, 180.0, ObjectFit::Cover);
    let tags = vec![tag(0.0, 20.0, &[(0.0, 0.5, 0.5), (10.0, 1.0, 0.5)])];
    let (placed, next) = planned(&tags, &l, 1.0);
    assert_eq!(placed.len(), 1);
    let m = placed[0].motion.expect("it moves");
    assert_eq!((m.start, m.end), (0.0, 10.0));
    let next = next.expect("a change");
    assert!((next - 5.625).abs() < 1e-5, "leaves at {next}");
    let (after, then) = planned(&tags, &l, next);
    assert!(after.is_empty(), "gone once out of the picture");
    assert_eq!(then, Some(10.0), "next: its last keyframe");
    // Paused before it enters: the entry is the change.
    let back = vec![tag(0.0, 20.0, &[(0.0, 1.0, 0.5), (10.0, 0.5, 0.5)])];
    let (none, enter) = planned(&back, &l, 1.0);
    assert!(none.is_empty());
    assert!((enter.unwrap() - 4.375).abs() < 1e-5);
}

#[test]
fn a_tag_in_the_control_band_is_hidden_as_a_cropped_one_and_one_above_shows() {
    // A 16:9 picture filling a 320×180 box, with a 30 px control band: the
    // band starts at y = 150, i.e. y = 5/6 of the frame.
    let l = layout(320.0, 180.0, 320.0, 180.0, ObjectFit::Contain);
    let tags = vec![
        tag(0.0, 10.0, &[(0.0, 0.5, 0.9)]),  // y = 162: in the band
        tag(0.0, 10.0, &[(0.0, 0.5, 0.8)]),  // y = 144: above it
        tag(0.0, 10.0, &[(0.0, 0.5, 0.99)]), // y = 178.2: in the band
    ];
    let (placed, next) = planned_with_band(&tags, &l, 30.0, 1.0);
    let ids: Vec<usize> = placed.iter().map(|p| p.index).collect();
    assert_eq!(ids, vec![1]);
    assert_eq!(next, Some(10.0));
    // Without a band, all three show.
    let (all, _) = planned(&tags, &l, 1.0);
    assert_eq!(all.len(), 3);
}

#[test]
fn a_tag_moving_into_the_band_changes_when_it_enters() {
    // From y = 0.5 (90 px) to y = 1.0 (180 px) over 10 s: it reaches the
    // band's top (150 px) at t = 60/90 * 10 = 6.667 s.
    let l = layout(320.0, 180.0, 320.0, 180.0, ObjectFit::Contain);
    let tags = vec![tag(0.0, 20.0, &[(0.0, 0.5, 0.5), (10.0, 0.5, 1.0)])];
    let (placed, next) = planned_with_band(&tags, &l, 30.0, 1.0);
    assert_eq!(placed.len(), 1);
    let next = next.expect("a change");
    assert!(
        (next - 20.0 / 3.0).abs() < 1e-5,
        "enters the band at {next}"
    );
    let (after, _) = planned_with_band(&tags, &l, 30.0, next);
    assert!(after.is_empty(), "hidden once in the band");
}

fn any_path() -> impl Strategy<Value = Tag> {
    (
        0u32..40,
        1u32..80,
        prop::collection::vec((0u32..200, -0.2f64..1.2, -0.2f64..1.2), 1..6),
    )
        .prop_map(|(s, d, raw)| {
            let (start, end) = (s as f64 * 0.25, (s + d) as f64 * 0.25);
            let mut raw = raw;
            raw.sort_by_key(|k| k.0);
            raw.dedup_by_key(|k| k.0);
            let kfs: Vec<(f64, f64, f64)> = raw
                .iter()
                .map(|&(t, x, y)| (t as f64 * 0.1, x, y))
                .collect();
            tag(start, end, &kfs)
        })
}

fn any_layout() -> impl Strategy<Value = Layout> {
    (
        50.0f64..900.0,
        50.0f64..900.0,
        prop_oneof![
            Just(ObjectFit::Contain),
            Just(ObjectFit::Cover),
            Just(ObjectFit::None)
        ],
    )
        .prop_map(|(w, h, fit)| layout(w, h, 640.0, 360.0, fit))
}

proptest! {
    #[test]
    fn a_segment_agrees_with_position_at(tag in any_path(), t in -5.0f64..30.0) {
        let s = segment_at(&tag, t);
        prop_assert!(s.start <= t && t < s.end, "{t} in {s:?}");
        if s.moves() {
            let f = (t - s.start) / (s.end - s.start);
            let p = position_at(&tag, t);
            prop_assert!((s.from.x + (s.to.x - s.from.x) * f - p.x).abs() < 1e-9);
            prop_assert!((s.from.y + (s.to.y - s.from.y) * f - p.y).abs() < 1e-9);
        } else {
            prop_assert_eq!(position_at(&tag, t), s.from);
        }
    }

    #[test]
    fn nothing_changes_before_the_next_change(
        tags in prop::collection::vec(any_path(), 1..8),
        l in any_layout(),
        band_share in prop_oneof![Just(0.0f64), 0.0f64..0.6],
        t in -2.0f64..25.0,
    ) {
        let band = l.content.h * band_share;
        let (placed, next) = planned_with_band(&tags, &l, band, t);
        let ids: Vec<usize> = placed.iter().map(|p| p.index).collect();
        prop_assert_eq!(&ids, &shown(&tags, &l, band, t));
        for p in &placed {
            // The animation's point at t is where the tag is.
            if let Some(m) = p.motion {
                let f = (t - m.start) / (m.end - m.start);
                let x = m.from.0 + (m.to.0 - m.from.0) * f;
                let y = m.from.1 + (m.to.1 - m.from.1) * f;
                prop_assert!((x - p.at.0).abs() < 1e-6 && (y - p.at.1).abs() < 1e-6, "{p:?} vs ({x}, {y})");
            }
        }
        // Up to the change (the last 2 µs are the crossing's margin), the same tags.
        let until = next.unwrap_or(t + 30.0) - 2e-6;
        for k in 1..16 {
            let s = t + (until - t) * k as f64 / 16.0;
            if s <= t {
                continue;
            }
            prop_assert_eq!(&shown(&tags, &l, band, s), &ids, "at {} (t = {}, next = {:?})", s, t, next);
        }
        if let Some(n) = next {
            prop_assert!(n > t);
        }
    }
}

#[test]
fn an_anchor_is_followed_by_its_own_clock_only() {
    use shoppable::model::motion::Anchor;
    let a = Anchor {
        time: 10.0,
        now: 1000.0,
        rate: 1.0,
    };
    let at = |time, now, rate| Anchor { time, now, rate };
    assert!(a.follows(&at(11.0, 2000.0, 1.0)), "one second on");
    assert!(a.follows(&at(11.04, 2000.0, 1.0)), "jitter");
    assert!(!a.follows(&at(11.2, 2000.0, 1.0)), "drift");
    assert!(!a.follows(&at(3.0, 2000.0, 1.0)), "a seek");
    assert!(!a.follows(&at(11.0, 2000.0, 2.0)), "a rate change");
    assert!(!a.follows(&at(11.0, 2000.0, 0.0)), "a pause");
    let doubled = Anchor { rate: 2.0, ..a };
    assert!(doubled.follows(&at(12.0, 2000.0, 2.0)));
    let still = Anchor { rate: 0.0, ..a };
    assert!(still.follows(&at(10.0, 9000.0, 0.0)));
    assert!(!still.follows(&at(10.5, 9000.0, 0.0)), "a paused seek");
    assert!(!a.follows(&at(f64::NAN, 2000.0, 1.0)));
}
