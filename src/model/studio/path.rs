//! From a track to exported tags. The tracker answers per frame; the studio
//! exports a tag per run of frames it may show: confident frames, and unsure
//! ones the author confirmed. An unconfirmed unsure stretch, a lost stretch,
//! or a new segment (the product found again after a loss) ends the run, so
//! the tag never shows where no one vouched for its position.

use crate::model::manifest::authoring::{
    round_frac, round_ms, AuthoringKeyframe, AuthoringTag, Extra,
};
use crate::model::track::keyframes::{reduce, PathPoint};
use crate::model::track::run::{Status, Step};

/// Runs of exportable frames as paths in frame fractions. `times[i]` is
/// frame `i`'s time; `fw × fh` the size of the frames the steps are in;
/// `confirmed(frame)` whether the author vouched for an unsure frame. A step
/// whose frame has no time (work restored before the frames are captured
/// again) ends the run and is left out.
pub fn runs(
    steps: &[Step],
    times: &[f64],
    fw: f64,
    fh: f64,
    confirmed: impl Fn(usize) -> bool,
) -> Vec<Vec<PathPoint>> {
    let mut out: Vec<Vec<PathPoint>> = Vec::new();
    let mut current: Vec<PathPoint> = Vec::new();
    let mut last: Option<&Step> = None;
    for s in steps {
        let time = times.get(s.frame).copied();
        let usable = time.is_some()
            && (s.status == Status::Tracked || (s.status == Status::Flagged && confirmed(s.frame)));
        let continues = last.is_some_and(|l| l.frame + 1 == s.frame && l.segment == s.segment);
        if (!usable || !continues) && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if let (true, Some(t)) = (usable, time) {
            current.push(PathPoint {
                t,
                x: (s.x as f64 / fw).clamp(0.0, 1.0),
                y: (s.y as f64 / fh).clamp(0.0, 1.0),
            });
        }
        last = Some(s);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// One tag from one run: keyframes by the time-aware reduction at `tol`
/// (a fraction of the frame's width; `aspect` is height ÷ width), shown from
/// the run's first frame until `end` (the time the frame after its last one
/// is presented, so the last frame shows the tag too).
///
/// The author's placements and corrections are frames of the run like any
/// other (the track starts from them), so the reduction keeps each within
/// `tol` of where the widget draws the tag; forcing them to be keyframes
/// would cost keyframes the tolerance does not need.
pub fn tag(
    id: &str,
    product: &str,
    run: &[PathPoint],
    end: f64,
    tol: f64,
    aspect: f64,
) -> AuthoringTag {
    tag_with(id, product, run, &keep(run, tol, aspect), end)
}

/// The indices of `run` the reduction keeps (at least one for a run of one).
pub fn keep(run: &[PathPoint], tol: f64, aspect: f64) -> Vec<usize> {
    if run.is_empty() {
        return Vec::new();
    }
    let mut keep = reduce(run, tol, aspect);
    if keep.is_empty() {
        keep.push(0);
    }
    keep
}

/// A tag from `run` with the points at `keep` as its keyframes, shown from
/// the run's first frame until `end`.
pub fn tag_with(
    id: &str,
    product: &str,
    run: &[PathPoint],
    keep: &[usize],
    end: f64,
) -> AuthoringTag {
    let start = run.first().map(|p| p.t).unwrap_or(0.0);
    AuthoringTag {
        id: id.into(),
        product: product.into(),
        start: round_ms(start),
        end: round_ms(end.max(start + 0.001)),
        keyframes: keep
            .iter()
            .map(|&i| AuthoringKeyframe {
                t: round_ms(run[i].t),
                x: round_frac(run[i].x),
                y: round_frac(run[i].y),
            })
            .collect(),
        extra: Extra::new(),
    }
}

/// The time after `t` at which the next frame is shown: the next frame's
/// own time if there is one, else `t` plus the previous frame interval.
pub fn frame_end(times: &[f64], t: f64) -> f64 {
    let i = times.partition_point(|&x| x <= t);
    match (times.get(i), i.checked_sub(2).and_then(|j| times.get(j))) {
        (Some(&next), _) => next,
        (None, Some(&prev)) => t + (t - prev).max(0.0),
        (None, None) => t + 1.0 / 30.0,
    }
}
