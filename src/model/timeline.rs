//! Which tags are on screen at a video time, and where.
//!
//! Both queries are pure functions of the time: nothing remembers the previous
//! frame, so results stay correct after any seek, loop or rate change by
//! construction, and the player adapter may call them in any order.
//!
//! The index is a set of fixed-width time buckets, each listing (in ascending
//! tag order) every tag that overlaps it. A query finds its bucket with one
//! multiply and filters that short list, so the cost is the bucket's length,
//! not the number of tags.

use super::manifest::{Keyframe, Tag};

/// A position as fractions of the video frame (0..1 from the top-left).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// Interval index over a slice of tags; build once per manifest.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// `(start, end)` of every tag, by tag index. A tag that cannot be active
    /// (non-finite, or `end <= start`) is kept so indices line up, but never
    /// indexed.
    spans: Vec<(f64, f64)>,
    /// Start of bucket 0: the earliest start.
    origin: f64,
    /// Buckets per second. Multiplying by it keeps the bucket function
    /// monotonic in `t` (IEEE rounding is monotonic), which is what makes
    /// "a tag active at t is listed in t's bucket" hold exactly.
    per_second: f64,
    /// Bucket `b` lists `entries[offsets[b]..offsets[b + 1]]`; empty when no
    /// tag can ever be active.
    offsets: Vec<u32>,
    entries: Vec<u32>,
    /// Every time at which the set of tags or a tag's segment changes (each
    /// start, end and keyframe time), ascending, without duplicates: what
    /// [`Timeline::next_change`] searches.
    changes: Vec<f64>,
}

impl Timeline {
    /// Indexes `tags`. Indices returned by [`Timeline::active_at`] refer to
    /// this slice.
    pub fn new(tags: &[Tag]) -> Timeline {
        let spans: Vec<(f64, f64)> = tags.iter().map(|t| (t.start, t.end)).collect();
        let live = || spans.iter().filter(|s| can_be_active(**s));
        let mut tl = Timeline {
            spans: Vec::new(),
            origin: 0.0,
            per_second: 0.0,
            offsets: Vec::new(),
            entries: Vec::new(),
            changes: Vec::new(),
        };
        for (tag, _) in tags.iter().zip(&spans).filter(|(_, s)| can_be_active(**s)) {
            tl.changes.extend([tag.start, tag.end]);
            tl.changes.extend(
                tag.keyframes
                    .iter()
                    .map(|k| k.t)
                    .filter(|t| t.is_finite() && tag.start < *t && *t < tag.end),
            );
        }
        tl.changes.sort_unstable_by(f64::total_cmp);
        tl.changes.dedup();
        let count = live().count();
        if count == 0 {
            tl.spans = spans;
            return tl;
        }
        tl.origin = live().map(|s| s.0).fold(f64::INFINITY, f64::min);
        let last_end = live().map(|s| s.1).fold(f64::NEG_INFINITY, f64::max);
        let length = (last_end - tl.origin).max(f64::MIN_POSITIVE);

        // A bucket about as wide as the median tag keeps both the copies per
        // tag and the non-matching entries per query near 1 to 2; never more
        // buckets than 4 per tag, so memory stays linear.
        let mut durations: Vec<f64> = live().map(|s| s.1 - s.0).collect();
        let mid = durations.len() / 2;
        let median = *durations.select_nth_unstable_by(mid, f64::total_cmp).1;
        let width = median.max(length / (4 * count) as f64);
        let mut buckets = ((length / width).ceil() as usize).clamp(1, 1 << 22);

        // A few very long tags are copied into every bucket they span; if that
        // would make the index large, halve the bucket count until it is at
        // most 8 copies per tag. At one bucket this is a plain filter, which is
        // optimal anyway when most tags overlap most of the video.
        loop {
            tl.per_second = buckets as f64 / length;
            tl.offsets.clear();
            tl.offsets.resize(buckets + 1, 0);
            let mut copies = 0usize;
            for s in live() {
                let (a, b) = (tl.bucket(buckets, s.0), tl.bucket(buckets, s.1));
                copies += b - a + 1;
            }
            if copies <= 8 * count + 64 || buckets == 1 {
                break;
            }
            buckets /= 2;
        }

        // Counting sort into a compact list; walking tags in index order keeps
        // each bucket's list ascending, so queries need no sort.
        for s in live() {
            let (a, b) = (tl.bucket(buckets, s.0), tl.bucket(buckets, s.1));
            for count in &mut tl.offsets[a + 1..=b + 1] {
                *count += 1;
            }
        }
        for b in 0..buckets {
            tl.offsets[b + 1] += tl.offsets[b];
        }
        let mut fill: Vec<u32> = tl.offsets[..buckets].to_vec();
        tl.entries = vec![0; tl.offsets[buckets] as usize];
        for (i, s) in spans.iter().enumerate() {
            if !can_be_active(*s) {
                continue;
            }
            let (a, b) = (tl.bucket(buckets, s.0), tl.bucket(buckets, s.1));
            for next in &mut fill[a..=b] {
                tl.entries[*next as usize] = i as u32;
                *next += 1;
            }
        }
        tl.spans = spans;
        tl
    }

    /// Bucket of time `t >= origin`, clamped to the last bucket.
    #[inline]
    fn bucket(&self, buckets: usize, t: f64) -> usize {
        // `as usize` saturates, so huge times land in the last bucket.
        (((t - self.origin) * self.per_second) as usize).min(buckets - 1)
    }

    /// Indices (into the tag slice) of tags with `start <= t < end`,
    /// ascending. Clears `out` first; a non-finite `t` gives nothing.
    pub fn active_at(&self, t: f64, out: &mut Vec<usize>) {
        out.clear();
        if self.offsets.is_empty() || t.is_nan() || t < self.origin || t == f64::INFINITY {
            return;
        }
        let b = self.bucket(self.offsets.len() - 1, t);
        let list = &self.entries[self.offsets[b] as usize..self.offsets[b + 1] as usize];
        for &i in list {
            let (start, end) = self.spans[i as usize];
            if start <= t && t < end {
                out.push(i as usize);
            }
        }
    }

    /// The first time after `t` at which some tag starts, ends or passes a
    /// keyframe; `None` when nothing changes after `t`. Between `t` and that
    /// time every active tag stays active and on one straight segment, so a
    /// view that animates each segment needs to look again only then.
    pub fn next_change(&self, t: f64) -> Option<f64> {
        if t.is_nan() {
            return self.changes.first().copied();
        }
        let i = self.changes.partition_point(|c| *c <= t);
        self.changes.get(i).copied()
    }

    /// Number of tags indexed (including any that can never be active).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// A span can contain some finite time only when finite and non-empty.
fn can_be_active((start, end): (f64, f64)) -> bool {
    start.is_finite() && end.is_finite() && start < end
}

/// Where `tag` is at time `t`: linear interpolation between the keyframes
/// around `t`, the first keyframe's position before it and the last one's
/// after it; one keyframe means a still tag. Keyframes must be sorted by `t`
/// (validation guarantees it). Each coordinate is clamped to its segment's
/// endpoints so rounding never leaves the keyframes' bounding box.
pub fn position_at(tag: &Tag, t: f64) -> Point {
    let kf = &tag.keyframes;
    let (Some(first), Some(last)) = (kf.first(), kf.last()) else {
        // Validation never lets a tag without keyframes through; the frame's
        // centre is the least surprising answer for a hand-built one.
        return Point { x: 0.5, y: 0.5 };
    };
    if t.is_nan() || t <= first.t {
        return at(first);
    }
    if t >= last.t {
        return at(last);
    }
    // first.t < t < last.t, so 1 <= i < len.
    let i = kf.partition_point(|k| k.t <= t);
    let (a, b) = (&kf[i - 1], &kf[i]);
    let f = (t - a.t) / (b.t - a.t);
    Point {
        x: lerp(a.x, b.x, f),
        y: lerp(a.y, b.y, f),
    }
}

/// A stretch of a tag's path: from `from` at `start` to `to` at `end`,
/// straight and at constant speed; still when `from == to` (before the first
/// keyframe, after the last, or with one keyframe), where `start` or `end`
/// may be infinite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub start: f64,
    pub end: f64,
    pub from: Point,
    pub to: Point,
}

impl Segment {
    /// Whether the tag moves on it.
    pub fn moves(&self) -> bool {
        self.from != self.to && self.start.is_finite() && self.end > self.start
    }
}

/// The segment of `tag`'s path that holds time `t` (`start <= t < end`),
/// agreeing with [`position_at`] at every time of it. Keyframes must be
/// sorted by `t`.
pub fn segment_at(tag: &Tag, t: f64) -> Segment {
    let kf = &tag.keyframes;
    let (Some(first), Some(last)) = (kf.first(), kf.last()) else {
        let p = Point { x: 0.5, y: 0.5 };
        return still(f64::NEG_INFINITY, f64::INFINITY, p);
    };
    if t.is_nan() || t < first.t {
        return still(f64::NEG_INFINITY, first.t, at(first));
    }
    if t >= last.t {
        return still(last.t, f64::INFINITY, at(last));
    }
    // first.t <= t < last.t, so 1 <= i < len.
    let i = kf.partition_point(|k| k.t <= t);
    let (a, b) = (&kf[i - 1], &kf[i]);
    Segment {
        start: a.t,
        end: b.t,
        from: at(a),
        to: at(b),
    }
}

fn still(start: f64, end: f64, p: Point) -> Segment {
    Segment {
        start,
        end,
        from: p,
        to: p,
    }
}

fn at(k: &Keyframe) -> Point {
    Point { x: k.x, y: k.y }
}

/// `a` at f = 0 exactly (so keyframes are hit exactly), clamped between the
/// endpoints. (`max`/`min`, not `f64::clamp`: clamp's bounds check panics
/// with the bounds printed by `{:?}`, which links the float formatter,
/// ~17 KB of raw wasm, into the viewer.)
fn lerp(a: f64, b: f64, f: f64) -> f64 {
    (a + (b - a) * f).max(a.min(b)).min(a.max(b))
}

/// A deterministic synthetic tag set for benchmarks and tests: `n` tags over
/// `n / 10` minutes of video (6 s of video per tag, as in a busy shoppable
/// video), each 2 to 10 s long with 2 to 4 keyframes, pointing at 50 products
/// round-robin. Same `n` and `seed`, same tags.
#[doc(hidden)]
pub fn bench_tags(n: usize, seed: u64) -> Vec<Tag> {
    let mut rng = SplitMix(seed);
    let length = n as f64 * 6.0;
    (0..n)
        .map(|i| {
            let duration = 2.0 + 8.0 * rng.unit();
            let start = ((length - duration).max(0.0) * rng.unit() * 1000.0).round() / 1000.0;
            let end = start + (duration * 1000.0).round() / 1000.0;
            let frames = 2 + (rng.next() % 3) as usize;
            let keyframes = (0..frames)
                .map(|k| Keyframe {
                    t: start + (end - start) * k as f64 / (frames - 1) as f64,
                    x: 0.05 + 0.9 * rng.unit(),
                    y: 0.05 + 0.9 * rng.unit(),
                })
                .collect();
            Tag {
                id: format!("t{i}"),
                product: i % 50,
                start,
                end,
                keyframes,
            }
        })
        .collect()
}

/// SplitMix64: tiny, fast, and good enough for synthetic data.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}
