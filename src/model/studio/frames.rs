//! Which stretches of the video the capture missed. The studio copies frames
//! as the browser presents them; a busy machine skips some. A gap is a step
//! between two captured frames' times longer than 1.5 of the median step,
//! and also the stretch before the first captured frame or after the last
//! when it is longer than half a step (the frame already on screen when
//! playing starts never gets a callback: it is replayed after a seek).

/// The gaps in `times` (sorted, seconds) of a video `duration` s long, as
/// (from, to) pairs: replaying from `from` until past `to` fills them.
pub fn gaps(times: &[f64], duration: f64) -> Vec<(f64, f64)> {
    let mut steps: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    let (Some(&first), Some(&last)) = (times.first(), times.last()) else {
        return if duration > 0.0 {
            vec![(0.0, duration)]
        } else {
            Vec::new()
        };
    };
    if steps.is_empty() {
        // One frame: no interval to judge by; anything longer than a frame
        // at 24 per second before or after it is missing.
        let frame = 1.0 / 24.0;
        let mut out = Vec::new();
        if first > frame {
            out.push((0.0, first));
        }
        if duration.is_finite() && duration - last > frame {
            out.push((last, duration));
        }
        return out;
    }
    steps.sort_by(f64::total_cmp);
    let median = steps[steps.len() / 2];
    let mut out = Vec::new();
    if first > 0.5 * median {
        out.push((0.0, first));
    }
    out.extend(
        times
            .windows(2)
            .filter(|w| w[1] - w[0] > 1.5 * median)
            .map(|w| (w[0], w[1])),
    );
    // The last frame is shown from its time to the end.
    if duration.is_finite() && duration - last > 1.5 * median {
        out.push((last, duration));
    }
    out
}

/// Frame times for a video whose pixels cannot be read (a cross-origin
/// video without CORS): its real frames are unknown, so placement steps
/// through `per_s` nominal frames a second over its `duration`.
pub fn nominal(duration: f64, per_s: f64) -> Vec<f64> {
    if !(duration > 0.0 && per_s > 0.0 && duration.is_finite()) {
        return vec![0.0];
    }
    let n = (duration * per_s).ceil() as usize;
    (0..n.max(1)).map(|i| i as f64 / per_s).collect()
}

#[cfg(test)]
mod tests {
    use super::gaps;

    fn frames(n: usize, skip: &[usize]) -> Vec<f64> {
        (0..n)
            .filter(|i| !skip.contains(i))
            .map(|i| i as f64 / 30.0)
            .collect()
    }

    #[test]
    fn one_frame_of_a_longer_video_is_not_the_whole_video() {
        assert_eq!(gaps(&[0.0], 4.0), vec![(0.0, 4.0)]);
        assert!(gaps(&[0.0], 0.03).is_empty());
    }

    #[test]
    fn every_frame_is_no_gap() {
        assert!(gaps(&frames(120, &[]), 4.0).is_empty());
    }

    #[test]
    fn a_missing_first_frame_is_a_gap_from_zero() {
        let g = gaps(&frames(120, &[0]), 4.0);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].0, 0.0);
        assert!((g[0].1 - 1.0 / 30.0).abs() < 1e-9);
    }

    #[test]
    fn interior_and_trailing_gaps() {
        let g = gaps(&frames(120, &[50, 51, 116, 117, 118, 119]), 4.0);
        assert_eq!(g.len(), 2);
        assert!((g[0].0 - 49.0 / 30.0).abs() < 1e-9 && (g[0].1 - 52.0 / 30.0).abs() < 1e-9);
        assert!((g[1].0 - 115.0 / 30.0).abs() < 1e-9 && g[1].1 == 4.0);
    }
}
