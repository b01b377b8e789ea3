//! The tracked path reduced to keyframes. The widget moves a tag by linear
//! interpolation in time between keyframes (`timeline::position_at`), so
//! the reduction is a time-aware Ramer–Douglas–Peucker: a frame's error is
//! its distance from the segment's interpolated position *at the frame's own
//! time*, not from the nearest point of the chord. Splitting at the worst
//! frame until every frame is within tolerance keeps every tracked frame
//! within tolerance by construction, and running it again on its own output
//! changes nothing (each kept point was the worst of a chord that a subset
//! cannot improve).

/// One point of a path: time in seconds, position as fractions of the frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathPoint {
    pub t: f64,
    pub x: f64,
    pub y: f64,
}

/// The default tolerance: 0.5% of the frame's width.
pub const DEFAULT_TOLERANCE: f64 = 0.005;

/// The indices of `path` (sorted by `t`, at least one point) to keep as
/// keyframes so that every point is within `tol` (a fraction of the frame's
/// width) of the linear interpolation between the kept points around it.
/// `aspect` is the frame's height ÷ width, so that y errors are measured in
/// the same units as x. Always keeps the first and the last point.
pub fn reduce(path: &[PathPoint], tol: f64, aspect: f64) -> Vec<usize> {
    if path.len() <= 2 {
        return (0..path.len()).collect();
    }
    let mut keep = vec![false; path.len()];
    keep[0] = true;
    keep[path.len() - 1] = true;
    // An explicit stack instead of recursion: paths are minutes of frames.
    let mut stack = vec![(0, path.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (worst, err) = (a + 1..b)
            .map(|i| (i, error(&path[a], &path[b], &path[i], aspect)))
            .fold((a, -1.0), |m, c| if c.1 > m.1 { c } else { m });
        if err > tol {
            keep[worst] = true;
            stack.push((a, worst));
            stack.push((worst, b));
        }
    }
    (0..path.len()).filter(|&i| keep[i]).collect()
}

/// How far `p` is from where the widget would draw the tag at `p.t`, given
/// keyframes `a` and `b`; in fractions of the frame's width.
pub fn error(a: &PathPoint, b: &PathPoint, p: &PathPoint, aspect: f64) -> f64 {
    let f = if b.t > a.t {
        ((p.t - a.t) / (b.t - a.t)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = a.x + (b.x - a.x) * f;
    let y = a.y + (b.y - a.y) * f;
    ((p.x - x).powi(2) + ((p.y - y) * aspect).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(t: f64, x: f64, y: f64) -> PathPoint {
        PathPoint { t, x, y }
    }

    #[test]
    fn a_straight_uniform_path_needs_two_keyframes() {
        let path: Vec<_> = (0..50)
            .map(|i| pt(i as f64 / 25.0, 0.1 + i as f64 * 0.01, 0.5))
            .collect();
        assert_eq!(reduce(&path, 0.005, 0.5625), vec![0, 49]);
    }

    #[test]
    fn time_matters_not_just_shape() {
        // Same straight line, but it stops halfway for a while: a chord
        // that ignores time would keep two points; the widget would draw
        // the tag in the wrong place while it stands still.
        let mut path: Vec<_> = (0..20)
            .map(|i| pt(i as f64 * 0.04, 0.1 + i as f64 * 0.01, 0.5))
            .collect();
        path.extend((20..60).map(|i| pt(i as f64 * 0.04, 0.3, 0.5)));
        path.extend((60..80).map(|i| pt(i as f64 * 0.04, 0.3 + (i - 59) as f64 * 0.01, 0.5)));
        assert!(reduce(&path, 0.005, 0.5625).len() >= 4);
    }
}
