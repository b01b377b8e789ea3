//! Square 2-D FFTs on rustfft: rows, transpose, rows, transpose. The
//! tracker's windows are small powers of two, so one planned size serves
//! every call.

use std::sync::Arc;

use rustfft::num_complex::Complex32;
use rustfft::{Fft, FftPlanner};

pub struct Fft2 {
    n: usize,
    forward: Arc<dyn Fft<f32>>,
    inverse: Arc<dyn Fft<f32>>,
    scratch: Vec<Complex32>,
}

impl Fft2 {
    pub fn new(n: usize) -> Fft2 {
        let mut planner = FftPlanner::new();
        let forward = planner.plan_fft_forward(n);
        let inverse = planner.plan_fft_inverse(n);
        let len = forward
            .get_inplace_scratch_len()
            .max(inverse.get_inplace_scratch_len());
        Fft2 {
            n,
            forward,
            inverse,
            scratch: vec![Complex32::default(); len],
        }
    }

    pub fn forward(&mut self, buf: &mut [Complex32]) {
        self.run(buf, true);
    }

    /// Inverse, scaled by 1/n² so that `inverse(forward(x)) == x`.
    pub fn inverse(&mut self, buf: &mut [Complex32]) {
        self.run(buf, false);
        let k = 1.0 / (self.n * self.n) as f32;
        buf.iter_mut().for_each(|c| *c *= k);
    }

    fn run(&mut self, buf: &mut [Complex32], forward: bool) {
        let n = self.n;
        debug_assert_eq!(buf.len(), n * n);
        let fft = if forward {
            &self.forward
        } else {
            &self.inverse
        };
        fft.process_with_scratch(buf, &mut self.scratch);
        transpose(buf, n);
        fft.process_with_scratch(buf, &mut self.scratch);
        transpose(buf, n);
    }
}

fn transpose(buf: &mut [Complex32], n: usize) {
    for r in 0..n {
        for c in r + 1..n {
            buf.swap(r * n + c, c * n + r);
        }
    }
}
