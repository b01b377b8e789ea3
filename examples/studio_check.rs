//! `cargo run --release --example studio_check -- <manifest.json> <truth.json> [tolerance_pct]`:
//! checks a manifest the studio exported against a benchmark clip's truth
//! with the widget's own `timeline::position_at`, at every true frame time
//! inside a tag's span. Prints one JSON line (frames checked, worst error
//! in % of frame width, how much of the clip the tags cover) and exits 1 if
//! any frame is off by more than the tolerance (default 2). The studio's
//! end-to-end test (tests/e2e/studio.spec.ts) runs it on its export.

use shoppable::model::manifest::parse_str;
use shoppable::model::studio::truth::Truth;
use shoppable::model::timeline::position_at;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [manifest, truth_path, rest @ ..] = args.as_slice() else {
        eprintln!("usage: studio_check <manifest.json> <truth.json> [tolerance_pct]");
        std::process::exit(2);
    };
    let tol: f64 = rest.first().and_then(|t| t.parse().ok()).unwrap_or(2.0);
    let parsed = parse_str(&std::fs::read_to_string(manifest).expect("manifest readable"))
        .expect("manifest valid");
    assert!(
        parsed.warnings.is_empty(),
        "the widget warns: {:?}",
        parsed.warnings
    );
    let truth = Truth::from_json(&std::fs::read_to_string(truth_path).expect("truth readable"))
        .unwrap_or_else(|e| panic!("{truth_path}: {e}"));
    let (w, h) = (truth.width, truth.height);
    let frames = &truth.frames;
    let (mut checked, mut worst) = (0usize, 0.0f64);
    let mut covered = 0usize;
    for f in frames {
        let t = f.t;
        let (x, y) = (f.x / w, f.y / h);
        let mut any = false;
        for tag in parsed
            .manifest
            .tags
            .iter()
            .filter(|g| g.start <= t && t < g.end)
        {
            let p = position_at(tag, t);
            let err = ((p.x - x).powi(2) + ((p.y - y) * h / w).powi(2)).sqrt() * 100.0;
            worst = worst.max(err);
            checked += 1;
            any = true;
        }
        covered += usize::from(any);
    }
    println!(
        "{{\"checked\": {checked}, \"worst_pct\": {worst:.4}, \"covered_frames\": {covered}, \"frames\": {}}}",
        frames.len()
    );
    if checked == 0 || worst > tol {
        std::process::exit(1);
    }
}
