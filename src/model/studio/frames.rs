//! Which stretches of the video the capture missed. The studio copies frames
//! as the browser presents them; a busy machine skips some. A gap is a step
//! between two captured frames' times longer than 1.5 of the median step,
//! and also the stretch before the first captured frame or after the last
//! when it is longer than half a step (the frame already on screen when
//! playing starts never gets a callback: it is replayed after a seek).
//! And whether a copied frame is the one its callback announced ([`stamp`]).

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

/// How a copied frame's own timestamp compares with the time the frame
/// callback announced (`requestVideoFrameCallback`'s `mediaTime`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamp {
    /// The copy is the frame announced (within 1.5 ms: browsers round
    /// `mediaTime`, Firefox to the millisecond).
    Same,
    /// Another frame (the copy came late and the next frame was already
    /// up): rejected.
    Other,
    /// The timestamp cannot tell: Firefox (153 ESR) stamps
    /// `new VideoFrame(video)` with the media time in *whole seconds*
    /// (0 for every frame of the first second, then 1, 2, …) where
    /// WebCodecs says microseconds. Such a copy is kept, since Firefox
    /// copies the image its callback announced, and counted so the capture
    /// can say how many frames it could not check.
    WholeSeconds,
}

/// Judges a copy stamped `timestamp_us` (what the browser calls
/// microseconds) against the callback's `media_time` (seconds).
pub fn stamp(timestamp_us: f64, media_time: f64) -> Stamp {
    const SLACK: f64 = 0.0015;
    if (timestamp_us / 1e6 - media_time).abs() < SLACK {
        return Stamp::Same;
    }
    // Whole seconds at or just below the media time: no microsecond stamp
    // of a frame near `media_time` (≥ 1.5 ms here) is that small.
    let whole = timestamp_us.fract() == 0.0
        && timestamp_us <= media_time + SLACK
        && timestamp_us > media_time - 1.0 - SLACK;
    if whole {
        Stamp::WholeSeconds
    } else {
        Stamp::Other
    }
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
    use super::{gaps, stamp, Stamp};

    #[test]
    fn a_copy_is_judged_by_its_own_timestamp() {
        // Chromium: microseconds.
        assert_eq!(stamp(1_033_333.0, 1.033333), Stamp::Same);
        assert_eq!(stamp(1_066_666.0, 1.033333), Stamp::Other);
        // Firefox rounds mediaTime to the millisecond.
        assert_eq!(stamp(33_333.0, 0.033), Stamp::Same);
        // Firefox 153 ESR: whole seconds (what its capture logged).
        assert_eq!(stamp(0.0, 0.033), Stamp::WholeSeconds);
        assert_eq!(stamp(0.0, 0.967), Stamp::WholeSeconds);
        assert_eq!(stamp(1.0, 1.0), Stamp::WholeSeconds);
        assert_eq!(stamp(1.0, 1.567), Stamp::WholeSeconds);
        // Whole seconds from another second are another frame.
        assert_eq!(stamp(2.0, 1.567), Stamp::Other);
        assert_eq!(stamp(0.0, 1.2), Stamp::Other);
        assert_eq!(stamp(0.0, 0.0), Stamp::Same);
    }

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
