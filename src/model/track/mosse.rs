//! One MOSSE correlation filter (Bolme et al., "Visual Object Tracking using
//! Adaptive Correlation Filters", CVPR 2010): a filter trained so that its
//! correlation with the target's window is a sharp Gaussian peak at the
//! centre. Finding the target in a new frame is one FFT of the window, a
//! product and an inverse FFT; the peak's offset is the motion, and its
//! peak-to-sidelobe ratio says how sure the match is.

use rustfft::num_complex::Complex32;

use super::fft2::Fft2;
use super::Frame;

/// The window's side in samples (a power of two for the FFT).
pub const N: usize = 64;
/// Half-width of the region around the peak left out of the sidelobe, as in
/// the paper (11 × 11).
const PEAK_EXCLUDE: isize = 5;
/// Width of the Gaussian the filter is trained to answer with.
const SIGMA: f32 = 2.0;
/// Regularizer of the filter's denominator.
const EPS: f32 = 1e-3;

/// Where and how big a window is cut from a frame: centre and size in frame
/// pixels (the window covers `w × h` pixels, resampled to `N × N`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    pub cx: f32,
    pub cy: f32,
    pub w: f32,
    pub h: f32,
}

/// What one correlation found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Response {
    /// Offset of the peak from the window's centre, in frame pixels.
    pub dx: f32,
    pub dy: f32,
    pub peak: f32,
    /// Peak-to-sidelobe ratio.
    pub psr: f32,
}

pub struct Mosse {
    fft: Fft2,
    hann: Vec<f32>,
    /// The target's spectrum, G.
    goal: Vec<Complex32>,
    /// The filter's running numerator and denominator (A and B in the paper).
    num: Vec<Complex32>,
    den: Vec<Complex32>,
    buf: Vec<Complex32>,
    trained: bool,
}

impl Default for Mosse {
    fn default() -> Self {
        Mosse::new()
    }
}

impl Mosse {
    pub fn new() -> Mosse {
        let mut fft = Fft2::new(N);
        let hann: Vec<f32> = (0..N * N)
            .map(|i| {
                let (r, c) = ((i / N) as f32, (i % N) as f32);
                let w =
                    |v: f32| 0.5 - 0.5 * (2.0 * core::f32::consts::PI * v / (N as f32 - 1.0)).cos();
                w(r) * w(c)
            })
            .collect();
        // The Gaussian's peak sits at the origin (wrapped), so a peak found
        // at (i, j) means the target moved by (i, j) with wrap-around.
        let mut goal: Vec<Complex32> = (0..N * N)
            .map(|i| {
                let (r, c) = (wrap((i / N) as isize), wrap((i % N) as isize));
                let d2 = (r * r + c * c) as f32;
                Complex32::new((-d2 / (2.0 * SIGMA * SIGMA)).exp(), 0.0)
            })
            .collect();
        fft.forward(&mut goal);
        Mosse {
            fft,
            hann,
            goal,
            num: vec![Complex32::default(); N * N],
            den: vec![Complex32::default(); N * N],
            buf: vec![Complex32::default(); N * N],
            trained: false,
        }
    }

    /// Adds the window to the filter with learning rate `rate` (1 replaces
    /// what was learned; the first call always does).
    pub fn train(&mut self, frame: &Frame, win: &Window, rate: f32) {
        self.train_with(frame, win, 0.0, rate);
    }

    /// The paper's initialization: the first window and small rotations and
    /// scalings of it, so the first frames already tolerate some change.
    pub fn init(&mut self, frame: &Frame, win: &Window) {
        const WARPS: [(f32, f32); 8] = [
            (0.0, 1.0),
            (0.08, 1.0),
            (-0.08, 1.0),
            (0.0, 1.05),
            (0.0, 0.95),
            (0.05, 1.03),
            (-0.05, 0.97),
            (0.12, 1.0),
        ];
        self.trained = false;
        for (i, &(angle, scale)) in WARPS.iter().enumerate() {
            let w = Window {
                w: win.w * scale,
                h: win.h * scale,
                ..*win
            };
            self.train_with(frame, &w, angle, 1.0 / (i as f32 + 1.0));
        }
    }

    fn train_with(&mut self, frame: &Frame, win: &Window, angle: f32, rate: f32) {
        let rate = if self.trained { rate } else { 1.0 };
        self.trained = true;
        self.window(frame, win, angle);
        for i in 0..N * N {
            let f = self.buf[i];
            let a = self.goal[i] * f.conj();
            let b = f * f.conj();
            self.num[i] = self.num[i] * (1.0 - rate) + a * rate;
            self.den[i] = self.den[i] * (1.0 - rate) + b * rate;
        }
    }

    /// Correlates the filter with the window; the peak's offset and PSR.
    pub fn respond(&mut self, frame: &Frame, win: &Window) -> Response {
        self.window(frame, win, 0.0);
        for i in 0..N * N {
            let h = self.num[i] / (self.den[i] + Complex32::new(EPS, 0.0));
            self.buf[i] *= h;
        }
        self.fft.inverse(&mut self.buf);
        let (best, peak) = self
            .buf
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.re))
            .fold((0, f32::MIN), |a, b| if b.1 > a.1 { b } else { a });
        let (pr, pc) = ((best / N) as isize, (best % N) as isize);
        let at = |r: isize, c: isize| {
            self.buf[(r.rem_euclid(N as isize) as usize) * N + c.rem_euclid(N as isize) as usize].re
        };
        // Sub-sample peak: a parabola through the neighbours on each axis.
        let sub = |m: f32, z: f32, p: f32| {
            let d = m - 2.0 * z + p;
            if d.abs() < 1e-12 {
                0.0
            } else {
                (0.5 * (m - p) / d).clamp(-0.5, 0.5)
            }
        };
        let oy = wrap(pr) as f32 + sub(at(pr - 1, pc), peak, at(pr + 1, pc));
        let ox = wrap(pc) as f32 + sub(at(pr, pc - 1), peak, at(pr, pc + 1));
        let (mut sum, mut sq, mut n) = (0.0f64, 0.0f64, 0.0f64);
        for r in 0..N as isize {
            for c in 0..N as isize {
                let (dr, dc) = (wrap(r - pr), wrap(c - pc));
                if dr.abs() <= PEAK_EXCLUDE && dc.abs() <= PEAK_EXCLUDE {
                    continue;
                }
                let v = self.buf[r as usize * N + c as usize].re as f64;
                sum += v;
                sq += v * v;
                n += 1.0;
            }
        }
        let mean = sum / n;
        let sd = (sq / n - mean * mean).max(1e-12).sqrt();
        Response {
            dx: ox * win.w / N as f32,
            dy: oy * win.h / N as f32,
            peak,
            psr: ((peak as f64 - mean) / sd) as f32,
        }
    }

    /// Fills `buf` with the preprocessed window's spectrum: log, zero mean,
    /// unit norm, Hann-weighted (the paper's preprocessing).
    fn window(&mut self, frame: &Frame, win: &Window, angle: f32) {
        let (sin, cos) = angle.sin_cos();
        let (sx, sy) = (win.w / N as f32, win.h / N as f32);
        let half = (N as f32 - 1.0) / 2.0;
        let mut mean = 0.0f32;
        for r in 0..N {
            for c in 0..N {
                let (u, v) = ((c as f32 - half) * sx, (r as f32 - half) * sy);
                let x = win.cx + u * cos - v * sin;
                let y = win.cy + u * sin + v * cos;
                let p = (1.0 + frame.sample(x, y)).ln();
                self.buf[r * N + c] = Complex32::new(p, 0.0);
                mean += p;
            }
        }
        mean /= (N * N) as f32;
        let mut norm = 0.0f32;
        for c in self.buf.iter_mut() {
            c.re -= mean;
            norm += c.re * c.re;
        }
        let k = 1.0 / norm.sqrt().max(1e-6);
        for (c, h) in self.buf.iter_mut().zip(&self.hann) {
            c.re *= k * h;
        }
        self.fft.forward(&mut self.buf);
    }
}

/// An index on the wrapped axis as a signed offset.
fn wrap(i: isize) -> isize {
    let n = N as isize;
    let i = i.rem_euclid(n);
    if i > n / 2 {
        i - n
    } else {
        i
    }
}
