//! The tracker's copy of a frame: grey, 320 px on the long side. The studio
//! copies each decoded frame's RGBA pixels and calls [`grey_small`]; the
//! accuracy bench calls it on ffmpeg's RGBA output, so both see the same bytes
//! for the same pixels.

/// The long side of the tracker's frames.
pub const LONG_SIDE: usize = 320;

/// The size a `w × h` frame shrinks to: 320 px on the long side (never
/// enlarged), the other side rounded, at least 1.
pub fn small_size(w: usize, h: usize) -> (usize, usize) {
    let long = w.max(h).max(1);
    if long <= LONG_SIDE {
        return (w.max(1), h.max(1));
    }
    let scale = |v: usize| ((v * LONG_SIDE + long / 2) / long).max(1);
    (scale(w), scale(h))
}

/// Area-averages `rgba` (`w × h`, 4 bytes a pixel) down to [`small_size`],
/// grey by Rec. 601 luma weights in 8.8 fixed point. Each output pixel
/// averages the source pixels whose centres fall in its footprint.
pub fn grey_small(rgba: &[u8], w: usize, h: usize) -> (Vec<u8>, usize, usize) {
    assert!(rgba.len() >= w * h * 4, "rgba holds w × h pixels");
    let (ow, oh) = small_size(w, h);
    let mut out = vec![0u8; ow * oh];
    // Column ranges once; rows in the loop.
    let span = |i: usize, n: usize, o: usize| {
        let a = i * n / o;
        let b = ((i + 1) * n / o).max(a + 1).min(n);
        (a, b)
    };
    let cols: Vec<(usize, usize)> = (0..ow).map(|i| span(i, w, ow)).collect();
    for oy in 0..oh {
        let (y0, y1) = span(oy, h, oh);
        for (ox, &(x0, x1)) in cols.iter().enumerate() {
            let mut sum = 0u32;
            for y in y0..y1 {
                let row = &rgba[(y * w + x0) * 4..(y * w + x1) * 4];
                for p in row.chunks_exact(4) {
                    sum += (77 * p[0] as u32 + 150 * p[1] as u32 + 29 * p[2] as u32) >> 8;
                }
            }
            let n = ((y1 - y0) * (x1 - x0)) as u32;
            out[oy * ow + ox] = ((sum + n / 2) / n) as u8;
        }
    }
    (out, ow, oh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_keep_the_aspect_and_never_enlarge() {
        assert_eq!(small_size(1920, 1080), (320, 180));
        assert_eq!(small_size(1080, 1920), (180, 320));
        assert_eq!(small_size(640, 360), (320, 180));
        assert_eq!(small_size(200, 100), (200, 100));
    }

    #[test]
    fn averages_blocks_in_grey() {
        // 640 × 2 white then black halves → 320 × 1.
        let mut rgba = vec![0u8; 640 * 2 * 4];
        for y in 0..2 {
            for x in 0..320 {
                rgba[(y * 640 + x) * 4..][..4].copy_from_slice(&[255, 255, 255, 255]);
            }
        }
        let (g, w, h) = grey_small(&rgba, 640, 2);
        assert_eq!((w, h), (320, 1));
        assert_eq!(g[0], 255);
        assert_eq!(g[319], 0);
    }
}
