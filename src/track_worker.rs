//! The studio's tracking worker (`--features track-worker`,
//! `shoppable-track.js`): the tracker alone, no leptos and no `window`, for
//! `www/studio/track-worker.js`, a module worker. The page sends it each
//! captured frame once (grey, small); tracking then runs over the kept
//! frames as often as corrections need, off the page's main thread.

use wasm_bindgen::prelude::*;

use crate::model::track::cuts::{cuts_from_differences, difference};
use crate::model::track::run::{track, Params, Seed};
use crate::model::track::Frame;

/// The frames of one shot list, and the tracker over them.
#[wasm_bindgen]
#[derive(Default)]
pub struct Tracker {
    frames: Vec<Vec<u8>>,
    times: Vec<f64>,
    diffs: Vec<f32>,
    w: usize,
    h: usize,
}

#[wasm_bindgen]
impl Tracker {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Tracker {
        Tracker::default()
    }

    /// Forgets every frame (a new video).
    pub fn clear(&mut self) {
        *self = Tracker::default();
    }

    /// Keeps frame `index` (time `t`, `w × h` grey bytes). Frames may come
    /// in any order (a replayed gap fills in later); an index seen before is
    /// replaced. Errors name the problem.
    pub fn put(
        &mut self,
        index: usize,
        t: f64,
        px: Vec<u8>,
        w: usize,
        h: usize,
    ) -> Result<(), JsError> {
        if px.len() != w * h {
            return Err(JsError::new("frame: pixels do not match its size"));
        }
        if self.frames.is_empty() {
            (self.w, self.h) = (w, h);
        } else if (w, h) != (self.w, self.h) {
            return Err(JsError::new(
                "frame: size differs from the video's other frames",
            ));
        }
        if index >= self.frames.len() {
            self.frames.resize(index + 1, Vec::new());
            self.times.resize(index + 1, f64::NAN);
        }
        self.frames[index] = px;
        self.times[index] = t;
        Ok(())
    }

    /// How many frames are held (indices `0..len`; a gap is an empty frame).
    pub fn len(&self) -> usize {
        self.frames.len()
    }

    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    /// The frames that start a new shot (`model::track::cuts`'s rule).
    pub fn cuts(&mut self) -> Vec<u32> {
        self.diffs = self
            .frames
            .windows(2)
            .map(|p| {
                if p[0].is_empty() || p[1].is_empty() {
                    0.0
                } else {
                    difference(&self.frame(&p[0]), &self.frame(&p[1]))
                }
            })
            .collect();
        cuts_from_differences(&self.diffs)
            .into_iter()
            .map(|c| c as u32)
            .collect()
    }

    /// Tracks from frame `seed` at (x, y) with the default patch over
    /// `lo..hi`. Returns 8 numbers per frame reached: frame, x, y, w, h,
    /// psr, status (0 tracked, 1 unsure, 2 lost), segment.
    pub fn track(
        &self,
        seed: usize,
        x: f32,
        y: f32,
        lo: usize,
        hi: usize,
    ) -> Result<Vec<f32>, JsError> {
        let hi = hi.min(self.frames.len());
        if !(lo..hi).contains(&seed) {
            return Err(JsError::new("track: the seed frame is outside the range"));
        }
        // A gap in the frames ends the range: the tracker never jumps one.
        let lo = (lo..=seed)
            .rev()
            .find(|&i| i == lo || self.frames[i - 1].is_empty())
            .unwrap_or(seed);
        let hi = (seed..hi)
            .find(|&i| self.frames[i].is_empty())
            .unwrap_or(hi);
        let frames: Vec<Frame> = self.frames[..hi].iter().map(|px| self.frame(px)).collect();
        let p = Params::default();
        let s = Seed::default_patch(seed, x, y, self.w, self.h, &p);
        let steps = track(&frames, &self.times[..hi], s, lo..hi, &p);
        let mut out = Vec::with_capacity(steps.len() * 8);
        for s in steps {
            let status = f32::from(s.status.code());
            out.extend([
                s.frame as f32,
                s.x,
                s.y,
                s.w,
                s.h,
                s.psr.min(1e6),
                status,
                s.segment as f32,
            ]);
        }
        Ok(out)
    }
}

impl Tracker {
    fn frame<'a>(&self, px: &'a [u8]) -> Frame<'a> {
        Frame {
            w: self.w,
            h: self.h,
            px,
        }
    }
}
