//! `cargo run --release --example bench_track`: the studio tracker's accuracy
//! on the benchmark clips (`www/test/track/`, made by `make_clips.py`), as
//! `cargo xtask bench` reports it. A measurement, not a test.
//!
//! Each clip is decoded by ffmpeg to RGBA and shrunk by the studio's own
//! `track::shrink::grey_small`, as the browser does. The tracker is seeded at
//! the clip's middle frame with the true centre and the default patch, and
//! runs both ways over the shot. Errors are Euclidean, in % of frame width.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::Instant;

use shoppable::model::studio::project::{Anchor, Project};
use shoppable::model::studio::truth::Truth;
use shoppable::model::track::cuts::{cuts, shot_of};
use shoppable::model::track::keyframes::{reduce, PathPoint, DEFAULT_TOLERANCE};
use shoppable::model::track::run::{track, Params, Seed, Status};
use shoppable::model::track::shrink::grey_small;
use shoppable::model::track::Frame;

const CLIPS: &[&str] = &["easy", "turn", "scale", "occlude"];

#[derive(Default)]
struct Tally {
    errors: Vec<f64>,
    half_visible: usize,
    covered: usize,
    lost: usize,
    lost_flagged: usize,
    good: usize,
    good_flagged: usize,
    keyframes: usize,
    true_keyframes: usize,
    frames_tracked: usize,
    seconds: f64,
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/www/test/track");
    let params = Params::default();
    let mut all = Tally::default();
    for name in CLIPS {
        let path = format!("{dir}/{name}.truth.json");
        let truth = Truth::from_json(&std::fs::read_to_string(&path).expect("truth file"))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        let (w, h) = (truth.width as usize, truth.height as usize);
        let truth = truth.frames;
        let small = decode(&format!("{dir}/{name}.webm"), w, h);
        assert_eq!(
            small.len(),
            truth.len(),
            "{name}: one truth per decoded frame"
        );
        let (sw, sh) = (small[0].1, small[0].2);
        let frames: Vec<Frame> = small
            .iter()
            .map(|(px, w, h)| Frame { w: *w, h: *h, px })
            .collect();
        let times: Vec<f64> = truth.iter().map(|t| t.t).collect();
        let k = sw as f64 / w as f64;
        let mid = frames.len() / 2;
        let seed = Seed::default_patch(
            mid,
            (truth[mid].x * k) as f32,
            (truth[mid].y * k) as f32,
            sw,
            sh,
            &params,
        );
        let shot = shot_of(&cuts(&frames), frames.len(), mid);
        let start = Instant::now();
        let steps = track(&frames, &times, seed, shot.clone(), &params);
        all.seconds += start.elapsed().as_secs_f64();
        all.frames_tracked += steps.len();

        let mut tally = Tally::default();
        let mut at = vec![None; frames.len()];
        for s in &steps {
            at[s.frame] = Some(*s);
        }
        for (i, tr) in truth.iter().enumerate() {
            let step = at[i];
            let err = step
                .map(|s| ((s.x as f64 / k - tr.x).hypot(s.y as f64 / k - tr.y)) / w as f64 * 100.0);
            let tracked = step.is_some_and(|s| s.status == Status::Tracked);
            if std::env::var("BENCH_TRACK_VERBOSE").is_ok_and(|v| v == *name) {
                eprintln!(
                    "{i:4} vis {:.2} {:?} err {:?} psr {:?} seg {:?}",
                    tr.visible,
                    step.map(|s| s.status),
                    err.map(|e| (e * 100.0).round() / 100.0),
                    step.map(|s| s.psr.round()),
                    step.map(|s| s.segment)
                );
            }
            if tr.visible >= 0.5 {
                tally.half_visible += 1;
                if tracked {
                    tally.covered += 1;
                    tally.errors.push(err.unwrap());
                }
            }
            if tr.visible < 0.5 || err.is_none_or(|e| e > 5.0) {
                tally.lost += 1;
                tally.lost_flagged += usize::from(!tracked);
            } else if tr.visible >= 0.5 && err.is_some_and(|e| e <= 2.0) {
                tally.good += 1;
                tally.good_flagged += usize::from(!tracked);
            }
        }
        // Keyframes: what the studio exports (its own project, the seed as
        // the author's placement) vs RDP on the true path over the same
        // frames, at the same tolerance.
        let aspect = h as f64 / w as f64;
        let mut project = Project::new(Vec::new());
        let anchor = Anchor {
            frame: mid,
            x: seed.x,
            y: seed.y,
        };
        let tag = project.place("p", anchor, shot.clone());
        project.tracked(tag, shot.clone(), &steps);
        for exported in
            project.state.drafts[tag].export(&times, sw as f64, sh as f64, DEFAULT_TOLERANCE)
        {
            tally.keyframes += exported.tag.keyframes.len();
            let true_run: Vec<PathPoint> = exported
                .run
                .map(|i| PathPoint {
                    t: times[i],
                    x: truth[i].x / w as f64,
                    y: truth[i].y / h as f64,
                })
                .collect();
            tally.true_keyframes += reduce(&true_run, DEFAULT_TOLERANCE, aspect).len();
        }
        eprintln!(
            "{name}: {} frames, shot {:?}, error mean {:.2}% p95 {:.2}%, coverage {:.1}%, lost flagged {}/{}, false flags {}/{}, keyframes {} vs {}",
            frames.len(),
            shot_of(&cuts(&frames), frames.len(), mid),
            mean(&tally.errors),
            p95(&mut tally.errors.clone()),
            pct(tally.covered, tally.half_visible),
            tally.lost_flagged,
            tally.lost,
            tally.good_flagged,
            tally.good,
            tally.keyframes,
            tally.true_keyframes
        );
        all.errors.extend(tally.errors);
        all.half_visible += tally.half_visible;
        all.covered += tally.covered;
        all.lost += tally.lost;
        all.lost_flagged += tally.lost_flagged;
        all.good += tally.good;
        all.good_flagged += tally.good_flagged;
        all.keyframes += tally.keyframes;
        all.true_keyframes += tally.true_keyframes;
    }
    println!("studio_track_error_pct: {:.3} %", mean(&all.errors));
    println!("studio_track_error_pct_p95: {:.3} %", p95(&mut all.errors));
    println!(
        "studio_track_coverage_pct: {:.1} %",
        pct(all.covered, all.half_visible)
    );
    println!(
        "studio_lost_frames_flagged_pct: {:.1} %",
        pct(all.lost_flagged, all.lost)
    );
    println!(
        "studio_false_flag_pct: {:.1} %",
        pct(all.good_flagged, all.good)
    );
    println!(
        "studio_keyframes_ratio: {:.3} ratio",
        all.keyframes as f64 / all.true_keyframes.max(1) as f64
    );
    println!(
        "studio_track_fps_native: {:.0} frames/s",
        all.frames_tracked as f64 / all.seconds
    );
}

/// Every frame of `path` as RGBA from ffmpeg, shrunk to the tracker's grey.
fn decode(path: &str, w: usize, h: usize) -> Vec<(Vec<u8>, usize, usize)> {
    let mut child = Command::new("ffmpeg")
        .args([
            "-hide_banner",
            "-loglevel",
            "error",
            "-i",
            path,
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgba",
            "-",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .expect("ffmpeg runs");
    let mut raw = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut raw).unwrap();
    assert!(child.wait().unwrap().success(), "ffmpeg decoded {path}");
    raw.chunks_exact(w * h * 4)
        .map(|f| grey_small(f, w, h))
        .collect()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

fn p95(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 * 0.95).ceil() as usize).clamp(1, v.len()) - 1]
}

fn pct(a: usize, b: usize) -> f64 {
    a as f64 * 100.0 / b.max(1) as f64
}
