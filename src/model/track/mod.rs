//! Tracking, pure: the studio's tracker and what feeds and follows it. Image
//! maths on plain grey slices, no browser types, so the same code runs
//! natively (tests, the accuracy bench) and in the studio's worker wasm.
//!
//! - `shrink`: a decoded RGBA frame to the small grey copy the tracker reads
//!   (320 px on the long side), the same function in the browser and the bench.
//! - `cuts`: shot cuts from frame differences; a track never crosses one.
//! - `mosse`: one correlation filter; `run`: following a product through a
//!   shot from a seed, both ways, with confidence, re-detection and flags.
//! - `keyframes`: the tracked path reduced to the widget's keyframes.

pub mod cuts;
mod fft2;
pub mod keyframes;
pub mod mosse;
pub mod run;
pub mod shrink;

/// A grey frame: `w × h` bytes, row-major.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    pub w: usize,
    pub h: usize,
    pub px: &'a [u8],
}

impl Frame<'_> {
    /// Bilinear sample at (x, y) in pixel coordinates (pixel centres at
    /// integer + 0.5 are not assumed: pixel (i, j) is at (i, j)); outside the
    /// frame the nearest edge pixel.
    pub fn sample(&self, x: f32, y: f32) -> f32 {
        let (maxx, maxy) = ((self.w - 1) as f32, (self.h - 1) as f32);
        let x = x.clamp(0.0, maxx);
        let y = y.clamp(0.0, maxy);
        let (x0, y0) = (x.floor() as usize, y.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(self.w - 1), (y0 + 1).min(self.h - 1));
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let p = |xx: usize, yy: usize| self.px[yy * self.w + xx] as f32;
        let top = p(x0, y0) + (p(x1, y0) - p(x0, y0)) * fx;
        let bottom = p(x0, y1) + (p(x1, y1) - p(x0, y1)) * fx;
        top + (bottom - top) * fy
    }
}
