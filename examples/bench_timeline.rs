//! `cargo run --release --example bench_timeline`: the timeline query cost for
//! 10,000 tags, as `cargo xtask bench` reports it. A measurement, not a test.

use shoppable::model::timeline::{bench_tags, Timeline};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let tags = bench_tags(10_000, 42);
    let timeline = Timeline::new(&tags);
    let end = tags.iter().map(|t| t.end).fold(0.0, f64::max);
    // Query times jump around the whole video (seeks in both directions), from
    // a fixed pseudo-random sequence so runs are comparable.
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let times: Vec<f64> = (0..4096)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1_000_000) as f64 / 1_000_000.0 * end
        })
        .collect();
    let mut out = Vec::with_capacity(64);
    for &t in &times {
        timeline.active_at(t, &mut out); // warm up
    }
    let rounds = 200;
    let mut found = 0usize;
    let start = Instant::now();
    for _ in 0..rounds {
        for &t in &times {
            timeline.active_at(black_box(t), &mut out);
            found += out.len();
        }
    }
    let ns = start.elapsed().as_nanos() as f64 / (rounds * times.len()) as f64;
    black_box(found);
    println!("timeline_query_ns_10k_tags: {ns:.0} ns");
}
