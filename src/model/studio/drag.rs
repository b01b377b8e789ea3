//! The timeline's edits as plain maths: pixels to time and back, a span's
//! edges snapping to shot cuts, a span kept inside its shot, a keyframe
//! moved in time without crossing its neighbours. The page (src/studio)
//! measures the pointer and the bar; everything it decides from them is here.
//!
//! A span's edges are frame **boundaries**: boundary `b` is where frame `b`
//! starts (`b == len` is where the last frame ends), so a span is the frames
//! `start..end` and a cut (the frame that starts a shot) is a boundary too.

use core::ops::Range;

/// A timeline bar: `width` pixels showing `0..duration` seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub width: f64,
    pub duration: f64,
}

impl Scale {
    /// The pixel (from the bar's left) showing time `t`.
    pub fn px(&self, t: f64) -> f64 {
        if self.duration <= 0.0 {
            return 0.0;
        }
        t / self.duration * self.width
    }

    /// The time shown at pixel `x`, inside the bar.
    pub fn time(&self, x: f64) -> f64 {
        if self.width <= 0.0 {
            return 0.0;
        }
        (x / self.width * self.duration).clamp(0.0, self.duration.max(0.0))
    }
}

/// The time of boundary `b`: frame `b`'s time, or for `b == times.len()`
/// the last frame's end (its time plus the interval before it).
pub fn boundary_time(times: &[f64], b: usize) -> f64 {
    match times.get(b) {
        Some(&t) => t,
        None => super::path::frame_end(times, times.last().copied().unwrap_or(0.0)),
    }
}

/// The boundary (0..=len) nearest time `t`.
pub fn nearest_boundary(times: &[f64], t: f64) -> usize {
    (0..=times.len())
        .min_by(|&a, &b| {
            let (da, db) = (
                (boundary_time(times, a) - t).abs(),
                (boundary_time(times, b) - t).abs(),
            );
            da.total_cmp(&db)
        })
        .unwrap_or(0)
}

/// The frame (0..len) whose time is nearest `t`.
pub fn nearest_frame(times: &[f64], t: f64) -> usize {
    nearest_boundary(times, t).min(times.len().saturating_sub(1))
}

/// Boundary `b`, or the cut within `within` pixels of it on `scale` (the
/// nearest such cut), so an edge dragged close to a cut lands on it.
pub fn snap(b: usize, times: &[f64], cuts: &[usize], scale: Scale, within: f64) -> usize {
    let x = scale.px(boundary_time(times, b));
    cuts.iter()
        .copied()
        .filter(|&c| c <= times.len())
        .map(|c| (c, (scale.px(boundary_time(times, c)) - x).abs()))
        .filter(|&(_, d)| d <= within)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(b, |(c, _)| c)
}

/// Which edge of a span is being moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// `span` with its `edge` moved to boundary `to`, kept inside `limits` (the
/// tag's shot) and at least one frame long: the other edge never moves.
pub fn move_edge(span: Range<usize>, edge: Edge, to: usize, limits: Range<usize>) -> Range<usize> {
    let lo = limits.start;
    let hi = limits.end.max(lo + 1);
    let (start, end) = (span.start.clamp(lo, hi - 1), span.end.clamp(lo + 1, hi));
    match edge {
        Edge::Start => to.clamp(lo, end.saturating_sub(1).max(lo))..end,
        Edge::End => start..to.clamp(start + 1, hi),
    }
}

/// Where keyframe `i` of `keys` (their frames, increasing) lands when
/// moved to frame `to`: strictly between its neighbours, inside `limits`
/// (the frames of its run), so keyframes never cross or meet.
pub fn move_key(keys: &[usize], i: usize, to: usize, limits: Range<usize>) -> usize {
    let lo = if i > 0 { keys[i - 1] + 1 } else { limits.start };
    let hi = match keys.get(i + 1) {
        Some(&next) => next.saturating_sub(1),
        None => limits.end.saturating_sub(1),
    };
    if hi < lo {
        return keys[i];
    }
    to.clamp(lo, hi)
}
