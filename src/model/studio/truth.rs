//! The tracking benchmark's ground truth (`www/test/track/<clip>.truth.json`,
//! written by `make_clips.py`): per frame, its time, the product's centre and
//! box in the clip's pixels, and how much of it is visible. Read by the
//! accuracy bench (examples/bench_track.rs), the export check
//! (examples/studio_check.rs) and the browser test (tests/browser_studio.rs),
//! so all judge against the same numbers.

use serde::Deserialize;

/// A clip's truth.
#[derive(Debug, Clone, Deserialize)]
pub struct Truth {
    /// The clip's size in pixels.
    pub width: f64,
    pub height: f64,
    pub frames: Vec<TruthFrame>,
}

/// One frame's truth.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct TruthFrame {
    /// Seconds.
    pub t: f64,
    /// The product's centre, pixels.
    pub x: f64,
    pub y: f64,
    /// Left, top, right, bottom, pixels.
    pub bbox: [f64; 4],
    /// The visible share of the product, 0–1.
    pub visible: f64,
}

impl Truth {
    /// Reads a truth file; a missing or mistyped field is named by its JSON
    /// path (`frames[3].visible: invalid type …`).
    pub fn from_json(json: &str) -> Result<Truth, String> {
        let de = &mut serde_json::Deserializer::from_str(json);
        let truth: Truth = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            format!("{path}: {}", e.into_inner())
        })?;
        if !(truth.width > 0.0 && truth.height > 0.0) {
            return Err("width, height: must be positive".into());
        }
        if let Some(i) =
            (1..truth.frames.len()).find(|&i| truth.frames[i].t <= truth.frames[i - 1].t)
        {
            return Err(format!("frames[{i}].t: times must increase"));
        }
        Ok(truth)
    }

    /// Centre error of (x, y) at frame `i`, Euclidean, as a share of the width.
    pub fn error(&self, i: usize, x: f64, y: f64) -> f64 {
        let f = &self.frames[i];
        (x - f.x).hypot(y - f.y) / self.width
    }
}

#[cfg(test)]
mod tests {
    use super::Truth;

    const ONE: &str = r#"{"clip":"c.webm","width":640,"height":360,"fps":30,"frames":[
        {"t":0.0,"x":10,"y":20,"bbox":[0,0,20,40],"visible":1.0},
        {"t":0.033333,"x":16.4,"y":20,"bbox":[0,0,20,40],"visible":0.5}]}"#;

    #[test]
    fn reads_frames_and_measures_error_in_widths() {
        let t = Truth::from_json(ONE).unwrap();
        assert_eq!(t.frames.len(), 2);
        assert_eq!(t.frames[1].visible, 0.5);
        assert!((t.error(1, 10.0, 20.0) - 0.01).abs() < 1e-9);
    }

    #[test]
    fn a_bad_field_is_named_by_its_path() {
        let bad = ONE.replace(r#""visible":0.5"#, r#""visible":"half""#);
        let e = Truth::from_json(&bad).unwrap_err();
        assert!(e.starts_with("frames[1].visible:"), "{e}");
        let late = ONE.replace("0.033333", "0.0");
        assert_eq!(
            Truth::from_json(&late).unwrap_err(),
            "frames[1].t: times must increase"
        );
    }
}
