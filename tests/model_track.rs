#![cfg(not(target_arch = "wasm32"))] // native model tests
//! The studio's tracker on synthetic sequences: a textured product moving,
//! growing and passing behind an occluder over a textured background; the
//! keyframe reduction; shot cuts.

use shoppable::model::track::cuts::{cuts, shot_of};
use shoppable::model::track::keyframes::{error, reduce, PathPoint};
use shoppable::model::track::run::{track, Params, Seed, Status};
use shoppable::model::track::Frame;

const W: usize = 320;
const H: usize = 180;

/// A deterministic value-noise texture in 0..255.
fn texture(seed: u32, x: f32, y: f32, cell: f32) -> f32 {
    let h = |i: i32, j: i32| {
        let mut v =
            (i as u32).wrapping_mul(0x9E37_79B1) ^ (j as u32).wrapping_mul(0x85EB_CA77) ^ seed;
        v ^= v >> 15;
        v = v.wrapping_mul(0x2C1B_3C6D);
        v ^= v >> 12;
        (v & 0xFF) as f32
    };
    let (fx, fy) = (x / cell, y / cell);
    let (i, j) = (fx.floor() as i32, fy.floor() as i32);
    let (u, v) = (fx - i as f32, fy - j as f32);
    let top = h(i, j) + (h(i + 1, j) - h(i, j)) * u;
    let bottom = h(i, j + 1) + (h(i + 1, j + 1) - h(i, j + 1)) * u;
    top + (bottom - top) * v
}

struct Truth {
    x: f32,
    y: f32,
    visible: bool,
}

/// `n` frames: the product (a 44 px textured square, scaled by `scale(i)`)
/// centred at `path(i)`, hidden by a flat bar where `hidden(i)`.
fn sequence(
    n: usize,
    path: impl Fn(usize) -> (f32, f32),
    scale: impl Fn(usize) -> f32,
    hidden: impl Fn(usize) -> bool,
) -> (Vec<Vec<u8>>, Vec<Truth>) {
    let mut frames = Vec::new();
    let mut truth = Vec::new();
    for i in 0..n {
        let (cx, cy) = path(i);
        let half = 22.0 * scale(i);
        let hide = hidden(i);
        let mut px = vec![0u8; W * H];
        for y in 0..H {
            for x in 0..W {
                let (fx, fy) = (x as f32, y as f32);
                let (u, v) = ((fx - cx) / scale(i), (fy - cy) / scale(i));
                let inside = (fx - cx).abs() < half && (fy - cy).abs() < half;
                let value = if hide && (fx - cx).abs() < 60.0 {
                    128.0
                } else if inside {
                    0.6 * texture(7, u + 100.0, v + 100.0, 5.0)
                        + 0.4
                            * if (u as i32 / 6 + v as i32 / 6) % 2 == 0 {
                                230.0
                            } else {
                                30.0
                            }
                } else {
                    texture(3, fx, fy, 7.0)
                };
                px[y * W + x] = value as u8;
            }
        }
        frames.push(px);
        truth.push(Truth {
            x: cx,
            y: cy,
            visible: !hide,
        });
    }
    (frames, truth)
}

fn run(
    frames: &[Vec<u8>],
    truth: &[Truth],
    seed_at: usize,
) -> Vec<shoppable::model::track::run::Step> {
    let f: Vec<Frame> = frames.iter().map(|px| Frame { w: W, h: H, px }).collect();
    let times: Vec<f64> = (0..f.len()).map(|i| i as f64 / 30.0).collect();
    let p = Params::default();
    let t = &truth[seed_at];
    let seed = Seed::default_patch(seed_at, t.x, t.y, W, H, &p);
    track(&f, &times, seed, 0..f.len(), &p)
}

#[test]
fn follows_translation_both_ways() {
    let (frames, truth) = sequence(
        40,
        |i| (80.0 + i as f32 * 3.0, 90.0 + (i as f32 * 0.2).sin() * 20.0),
        |_| 1.0,
        |_| false,
    );
    let steps = run(&frames, &truth, 20);
    assert_eq!(steps.len(), 40, "both directions reach the ends");
    for s in &steps {
        let t = &truth[s.frame];
        assert_eq!(s.status, Status::Tracked, "frame {}", s.frame);
        assert!(
            (s.x - t.x).hypot(s.y - t.y) < 3.0,
            "frame {}: {:?} vs ({}, {})",
            s.frame,
            (s.x, s.y),
            t.x,
            t.y
        );
    }
}

#[test]
fn follows_scale_change() {
    let (frames, truth) = sequence(
        40,
        |i| (160.0 + i as f32, 90.0),
        |i| 0.8 + i as f32 * 0.015,
        |_| false,
    );
    let steps = run(&frames, &truth, 0);
    let last = steps.last().unwrap();
    assert_eq!(last.frame, 39);
    assert!((last.x - truth[39].x).abs() < 3.0);
    // The patch grew with the product (0.8 → 1.385).
    let first = steps.first().unwrap();
    assert!(last.w > first.w * 1.25, "{} → {}", first.w, last.w);
}

#[test]
fn occlusion_lowers_confidence_and_the_product_is_found_again() {
    let (frames, truth) = sequence(
        60,
        |i| (60.0 + i as f32 * 3.0, 90.0),
        |_| 1.0,
        |i| (25..35).contains(&i),
    );
    let steps = run(&frames, &truth, 5);
    // While hidden, no frame claims a confident position.
    for s in steps.iter().filter(|s| (25..35).contains(&s.frame)) {
        assert_ne!(s.status, Status::Tracked, "frame {} is hidden", s.frame);
    }
    // Afterwards it is found again, as a new segment, in the right place.
    let after: Vec<_> = steps.iter().filter(|s| s.frame >= 40).collect();
    assert!(!after.is_empty(), "tracking resumed");
    for s in after {
        assert_eq!(s.status, Status::Tracked, "frame {}", s.frame);
        assert!(s.segment >= 1);
        assert!((s.x - truth[s.frame].x).abs() < 3.0, "frame {}", s.frame);
    }
    let _ = truth.iter().filter(|t| t.visible).count();
}

#[test]
fn a_product_gone_for_good_ends_the_track() {
    let (frames, truth) = sequence(90, |i| (60.0 + i as f32, 90.0), |_| 1.0, |i| i >= 20);
    let steps = run(&frames, &truth, 5);
    // Searching stops 1.5 s (45 frames) after the loss.
    let last = steps.last().unwrap().frame;
    assert!(last < 20 + 50, "ended at {last}");
    assert!(steps
        .iter()
        .filter(|s| s.frame >= 22)
        .all(|s| s.status != Status::Tracked));
}

#[test]
fn keyframes_keep_every_frame_within_tolerance_and_are_idempotent() {
    let path: Vec<PathPoint> = (0..300)
        .map(|i| {
            let t = i as f64 / 29.97;
            PathPoint {
                t,
                x: 0.5 + 0.3 * (t * 0.9).sin(),
                y: 0.5 + 0.2 * (t * 1.7).cos(),
            }
        })
        .collect();
    let aspect = 9.0 / 16.0;
    let kept = reduce(&path, 0.005, aspect);
    assert!(kept.len() > 2 && kept.len() < 60, "{}", kept.len());
    for (seg, pair) in kept.windows(2).enumerate() {
        for i in pair[0]..=pair[1] {
            let e = error(&path[pair[0]], &path[pair[1]], &path[i], aspect);
            assert!(e <= 0.005, "segment {seg}, frame {i}: {e}");
        }
    }
    let reduced: Vec<PathPoint> = kept.iter().map(|&i| path[i]).collect();
    assert_eq!(
        reduce(&reduced, 0.005, aspect),
        (0..reduced.len()).collect::<Vec<_>>()
    );
}

#[test]
fn cuts_are_found_and_motion_is_not_a_cut() {
    let a = sequence(20, |i| (60.0 + i as f32 * 6.0, 90.0), |_| 1.0, |_| false).0;
    let mut frames = a;
    // A different shot: another texture.
    for i in 0..10 {
        let px: Vec<u8> = (0..W * H)
            .map(|k| texture(99, (k % W) as f32 + i as f32, (k / W) as f32, 4.0) as u8)
            .collect();
        frames.push(px);
    }
    let f: Vec<Frame> = frames.iter().map(|px| Frame { w: W, h: H, px }).collect();
    let found = cuts(&f);
    assert_eq!(found, vec![20]);
    assert_eq!(shot_of(&found, f.len(), 5), 0..20);
    assert_eq!(shot_of(&found, f.len(), 25), 20..30);
}
