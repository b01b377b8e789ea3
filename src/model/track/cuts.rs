//! Shot cuts, from frame differences. The rule: frame `i` starts a new shot
//! when the mean absolute difference between frames `i − 1` and `i` (grey,
//! 0..255, on every other pixel of every other row) is at least
//! [`MIN_JUMP`] and at least [`RATIO`] times the median difference of the
//! [`CONTEXT`] frame pairs before it, and of the [`CONTEXT`] pairs after it.
//! The absolute floor keeps noise and flicker from counting as cuts; the
//! ratio keeps fast motion (which makes every difference large) from
//! counting, on both sides: the shot after a cut may move faster than the
//! one before it. A track never crosses a cut, and
//! a tag's start and end can snap to one.

use super::Frame;

/// The smallest mean absolute difference that can be a cut.
pub const MIN_JUMP: f32 = 18.0;
/// How many times larger than the recent median difference a cut must be.
pub const RATIO: f32 = 3.0;
/// How many earlier differences the median is taken over.
pub const CONTEXT: usize = 8;

/// Mean absolute difference between two frames of the same size, sampled on
/// every other pixel of every other row.
pub fn difference(a: &Frame, b: &Frame) -> f32 {
    assert_eq!((a.w, a.h), (b.w, b.h), "frames of one video share a size");
    let (mut sum, mut n) = (0u64, 0u64);
    for y in (0..a.h).step_by(2) {
        let (ra, rb) = (&a.px[y * a.w..][..a.w], &b.px[y * b.w..][..b.w]);
        for x in (0..a.w).step_by(2) {
            sum += ra[x].abs_diff(rb[x]) as u64;
            n += 1;
        }
    }
    sum as f32 / n.max(1) as f32
}

/// The indices of frames that start a new shot (never 0), by the rule above.
pub fn cuts(frames: &[Frame]) -> Vec<usize> {
    let diffs: Vec<f32> = frames
        .windows(2)
        .map(|w| difference(&w[0], &w[1]))
        .collect();
    cuts_from_differences(&diffs)
}

/// The same rule over precomputed differences (`diffs[i]` is between frames
/// `i` and `i + 1`), so the studio can compute them as frames arrive.
pub fn cuts_from_differences(diffs: &[f32]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, &d) in diffs.iter().enumerate() {
        let before = median(&diffs[i.saturating_sub(CONTEXT)..i]).unwrap_or(0.0);
        let after = median(&diffs[i + 1..(i + 1 + CONTEXT).min(diffs.len())]).unwrap_or(0.0);
        if d >= MIN_JUMP && d >= RATIO * before.max(after) {
            out.push(i + 1);
        }
    }
    out
}

/// The shot holding frame `i`: the range between the cuts around it.
pub fn shot_of(cuts: &[usize], len: usize, i: usize) -> core::ops::Range<usize> {
    let start = cuts.iter().rev().find(|&&c| c <= i).copied().unwrap_or(0);
    let end = cuts.iter().find(|&&c| c > i).copied().unwrap_or(len);
    start..end
}

fn median(v: &[f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort_by(f32::total_cmp);
    Some(s[s.len() / 2])
}
