#![cfg(not(target_arch = "wasm32"))] // native model tests
//! The studio's timeline edits: pixels and time, edges snapping to shot
//! cuts, spans kept in their shot, keyframes moved without crossing their
//! neighbours, each drag one undo step; and the author's corrections
//! honoured within tolerance without costing keyframes.

use shoppable::model::manifest::authoring::{Authoring, AuthoringTag};
use shoppable::model::manifest::parse_str;
use shoppable::model::studio::catalog::from_csv;
use shoppable::model::studio::drag::{
    boundary_time, move_edge, move_key, nearest_boundary, nearest_frame, snap, Edge, Scale,
};
use shoppable::model::studio::project::{Anchor, Project};
use shoppable::model::timeline::position_at;
use shoppable::model::track::keyframes::{reduce, PathPoint};
use shoppable::model::track::run::{Status, Step};

fn times(n: usize) -> Vec<f64> {
    (0..n).map(|i| i as f64 * 0.04).collect()
}

#[test]
fn pixels_and_time_map_both_ways_inside_the_bar() {
    let s = Scale {
        width: 400.0,
        duration: 8.0,
    };
    assert_eq!(s.px(2.0), 100.0);
    assert_eq!(s.time(100.0), 2.0);
    assert_eq!(s.time(-30.0), 0.0, "left of the bar is its start");
    assert_eq!(s.time(999.0), 8.0, "right of the bar is its end");
    let t = times(50);
    assert_eq!(boundary_time(&t, 10), 0.4);
    assert!(
        (boundary_time(&t, 50) - 2.0).abs() < 1e-9,
        "the last frame's end"
    );
    assert_eq!(nearest_boundary(&t, 0.41), 10);
    assert_eq!(nearest_boundary(&t, 9.0), 50);
    assert_eq!(nearest_frame(&t, 9.0), 49);
}

#[test]
fn an_edge_snaps_to_a_cut_within_a_few_pixels_only() {
    let t = times(100); // 4 s over 400 px: a frame is 4 px
    let s = Scale {
        width: 400.0,
        duration: 4.0,
    };
    let cuts = [30, 70];
    assert_eq!(snap(29, &t, &cuts, s, 6.0), 30, "4 px away: snaps");
    assert_eq!(snap(72, &t, &cuts, s, 6.0), 72, "8 px away: stays");
    assert_eq!(snap(33, &t, &cuts, s, 6.0), 33, "12 px away: stays");
    assert_eq!(snap(50, &t, &[], s, 6.0), 50);
}

#[test]
fn a_span_stays_in_its_shot_and_at_least_one_frame_long() {
    let shot = 10..60;
    assert_eq!(move_edge(10..60, Edge::Start, 20, shot.clone()), 20..60);
    assert_eq!(
        move_edge(10..60, Edge::Start, 0, shot.clone()),
        10..60,
        "not before the shot"
    );
    assert_eq!(
        move_edge(10..60, Edge::Start, 80, shot.clone()),
        59..60,
        "never past its end"
    );
    assert_eq!(move_edge(10..60, Edge::End, 5, shot.clone()), 10..11);
    assert_eq!(
        move_edge(10..60, Edge::End, 99, shot.clone()),
        10..60,
        "not past the shot"
    );
    assert_eq!(move_edge(20..30, Edge::End, 40, shot), 20..40);
}

#[test]
fn a_keyframe_never_crosses_or_meets_its_neighbours() {
    let keys = [0, 10, 20];
    assert_eq!(move_key(&keys, 1, 15, 0..21), 15);
    assert_eq!(move_key(&keys, 1, 25, 0..21), 19);
    assert_eq!(move_key(&keys, 1, 0, 0..21), 1);
    assert_eq!(move_key(&keys, 0, 5, 0..21), 5);
    assert_eq!(move_key(&keys, 2, 40, 0..21), 20, "not past the run");
    assert_eq!(move_key(&[3, 4], 0, 9, 0..5), 3, "no room: stays");
}

/// A manifest with product `p` and `tags`, as the studio writes it.
fn document(tags: Vec<AuthoringTag>) -> String {
    let mut doc = Authoring::new("v", "USD");
    doc.products = from_csv("id,title,price\np,Box,24.00\n", "USD")
        .unwrap()
        .products;
    doc.tags = tags;
    doc.to_json()
}

fn step(frame: usize, x: f32) -> Step {
    Step {
        frame,
        x,
        y: 90.0,
        w: 40.0,
        h: 40.0,
        psr: 30.0,
        status: Status::Tracked,
        segment: 0,
    }
}

/// A tag tracked over 0..60 moving right then left (a keyframe in between).
fn project() -> (Project, usize, Vec<f64>) {
    let mut p = Project::new(Vec::new());
    let tag = p.place(
        "p",
        Anchor {
            frame: 30,
            x: 160.0,
            y: 90.0,
        },
        0..60,
    );
    let steps: Vec<Step> = (0..60)
        .map(|i| {
            step(
                i,
                if i <= 30 {
                    40.0 + i as f32 * 4.0
                } else {
                    160.0 - (i - 30) as f32 * 4.0
                },
            )
        })
        .collect();
    p.tracked(tag, 0..60, &steps);
    (p, tag, times(60))
}

#[test]
fn dragging_an_edge_trims_the_export_and_undoes_in_one_step() {
    let (mut p, tag, t) = project();
    let before = p.state.drafts[tag].export(&t, 320.0, 180.0, 0.005);
    assert_eq!((before[0].tag.start, before[0].tag.end), (0.0, 2.4));
    p.set_span(tag, 10..50);
    let after = p.state.drafts[tag].export(&t, 320.0, 180.0, 0.005);
    assert_eq!((after[0].tag.start, after[0].tag.end), (0.4, 2.0));
    assert_eq!(after[0].run, 10..50);
    assert!(p.undo());
    assert_eq!(p.state.drafts[tag].export(&t, 320.0, 180.0, 0.005), before);
}

#[test]
fn dragging_a_keyframe_moves_it_in_time_only_and_undoes_in_one_step() {
    let (mut p, tag, t) = project();
    let e = &p.state.drafts[tag].export(&t, 320.0, 180.0, 0.005)[0];
    assert_eq!(e.sources, vec![0, 30, 59]);
    assert_eq!(e.frames, e.sources);
    let x = e.tag.keyframes[1].x;
    p.move_key(tag, 30, 40);
    let moved = &p.state.drafts[tag].export(&t, 320.0, 180.0, 0.005)[0];
    assert_eq!(moved.frames, vec![0, 40, 59]);
    assert_eq!(
        moved.sources,
        vec![0, 30, 59],
        "a move names the keyframe by its source"
    );
    assert_eq!(moved.tag.keyframes[1].t, 1.6);
    assert_eq!(moved.tag.keyframes[1].x, x, "the position stays");
    // Moving it again replaces the move; back to its source removes it.
    p.move_key(tag, 30, 35);
    assert_eq!(p.state.drafts[tag].moved, vec![(30, 35)]);
    p.move_key(tag, 30, 30);
    assert!(p.state.drafts[tag].moved.is_empty());
    assert!(p.undo() && p.undo());
    assert_eq!(p.state.drafts[tag].moved, vec![(30, 40)]);
    // A move that would cross a neighbour is not applied.
    p.move_key(tag, 30, 70);
    let e = &p.state.drafts[tag].export(&t, 320.0, 180.0, 0.005)[0];
    assert_eq!(e.frames, vec![0, 30, 59]);
    // A re-track over the keyframe drops its move: the path there is new.
    p.move_key(tag, 30, 40);
    p.tracked(
        tag,
        31..60,
        &(31..60).map(|i| step(i, 100.0)).collect::<Vec<_>>(),
    );
    assert!(p.state.drafts[tag].moved.is_empty());
    // The edited tag is one the widget reads without warnings.
    let parsed = parse_str(&document(p.export_tags(&t, 320.0, 180.0, 0.005))).unwrap();
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
}

#[test]
fn a_correction_is_honoured_within_tolerance_without_extra_keyframes() {
    // A smooth path with the author's correction on frame 20, off the line
    // by less than the tolerance: it needs no keyframe of its own, and the
    // widget still draws the tag within tolerance of it.
    let mut p = Project::new(Vec::new());
    let tag = p.place(
        "p",
        Anchor {
            frame: 5,
            x: 60.0,
            y: 90.0,
        },
        0..40,
    );
    let steps: Vec<Step> = (0..40).map(|i| step(i, 40.0 + i as f32 * 4.0)).collect();
    p.tracked(tag, 0..40, &steps);
    let fixed = Anchor {
        frame: 20,
        x: 40.0 + 80.0 + 1.0,
        y: 90.0,
    };
    p.correct(tag, fixed);
    let t = times(40);
    let tags = p.export_tags(&t, 320.0, 180.0, 0.005);
    let d = &p.state.drafts[tag];
    let path: Vec<PathPoint> = d
        .steps
        .iter()
        .map(|s| PathPoint {
            t: t[s.frame],
            x: s.x as f64 / 320.0,
            y: s.y as f64 / 180.0,
        })
        .collect();
    assert_eq!(tags[0].keyframes.len(), reduce(&path, 0.005, 0.5625).len());
    assert_eq!(
        tags[0].keyframes.len(),
        2,
        "both anchors are inside the tolerance"
    );
    let widget = parse_str(&document(tags)).unwrap().manifest.tags.remove(0);
    for a in &d.anchors {
        let at = position_at(&widget, t[a.frame]);
        let err = (at.x - a.x as f64 / 320.0).hypot((at.y - a.y as f64 / 180.0) * 0.5625);
        assert!(err <= 0.005 + 1e-4, "anchor on frame {}: {err}", a.frame);
    }
    // A correction far off the path is a keyframe because the tolerance needs it.
    p.correct(
        tag,
        Anchor {
            frame: 20,
            x: 200.0,
            y: 90.0,
        },
    );
    let tags = p.export_tags(&t, 320.0, 180.0, 0.005);
    assert!(tags[0].keyframes.iter().any(|k| k.t == 0.8 && k.x == 0.625));
}

#[test]
fn unreadable_frames_get_nominal_times_for_placement() {
    use shoppable::model::studio::frames::nominal;
    let t = nominal(1.0, 30.0);
    assert_eq!(t.len(), 30);
    assert_eq!(t[3], 0.1);
    assert_eq!(
        nominal(f64::NAN, 30.0),
        vec![0.0],
        "no duration yet: one frame"
    );
    assert_eq!(nominal(0.01, 30.0), vec![0.0]);
}
