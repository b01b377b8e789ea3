//! Following one product through a shot: from a seed frame, forwards and
//! backwards, until the range ends (a shot cut or the author's next
//! correction) or the product is lost for good.
//!
//! Every frame gets a confidence, the filter's peak-to-sidelobe ratio (PSR),
//! judged against the track's own typical PSR as well as fixed floors:
//! - confident: the position is kept and the filter learns from it;
//! - unsure ([`Status::Flagged`]): a position is kept but the filter does not
//!   learn, and the studio does not export it until the author confirms it;
//! - lost: no position. The tracker then searches a wider area around where
//!   the product was heading, for up to `redetect_s` seconds of video; a
//!   confident match there starts a new segment (the studio makes it a
//!   second tag for the same product), else the track ends.
//!
//! A tag that drifts silently is worse than one that ends, so the rules
//! prefer flagging: the filter never learns from an unsure frame.

use core::ops::Range;

use super::mosse::{Mosse, Response, Window};
use super::Frame;

/// Tuning, with the defaults the studio and the accuracy bench use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// The default patch's side, as a fraction of the frame's long side: 0.14.
    pub patch: f32,
    /// The filter's window is the patch times this: 2.0.
    pub padding: f32,
    /// How fast the filter follows change: 0.1.
    pub rate: f32,
    /// PSR at or above which a frame is confident: 8.
    pub psr_ok: f32,
    /// PSR below which the product is lost: 5.5.
    pub psr_lost: f32,
    /// A frame whose PSR falls below this share of the track's recent
    /// typical PSR is unsure even above `psr_ok`: 0.45.
    pub psr_drop: f32,
    /// PSR a re-detection needs: 10, and at least `found_share` of the
    /// track's typical PSR before the loss: 0.5. A textured background
    /// answers the filter with PSRs in the teens; the product with its own.
    pub psr_found: f32,
    pub found_share: f32,
    /// Unsure frames in a row after which the product counts as lost: 8.
    pub max_unsure: usize,
    /// How long to search for a lost product, in seconds of video: 1.5.
    pub redetect_s: f64,
    /// Ratio between the scales tried on each frame: 1.03.
    pub scale_step: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            patch: 0.14,
            padding: 2.0,
            rate: 0.1,
            psr_ok: 8.0,
            psr_lost: 5.5,
            psr_drop: 0.45,
            psr_found: 10.0,
            found_share: 0.5,
            max_unsure: 8,
            redetect_s: 1.5,
            scale_step: 1.03,
        }
    }
}

/// Where tracking starts: a frame index, a centre and the patch size, in the
/// small frame's pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seed {
    pub frame: usize,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Seed {
    /// A seed with the default square patch for a `w × h` frame.
    pub fn default_patch(frame: usize, x: f32, y: f32, fw: usize, fh: usize, p: &Params) -> Seed {
        let side = p.patch * fw.max(fh) as f32;
        Seed {
            frame,
            x,
            y,
            w: side,
            h: side,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Status {
    Tracked,
    Flagged,
    Lost,
}

impl Status {
    /// A number for the worker's flat answers: 0 tracked, 1 unsure, 2 lost.
    pub fn code(self) -> u8 {
        match self {
            Status::Tracked => 0,
            Status::Flagged => 1,
            Status::Lost => 2,
        }
    }

    /// The inverse of [`code`](Self::code); anything else is lost.
    pub fn from_code(code: u8) -> Status {
        match code {
            0 => Status::Tracked,
            1 => Status::Flagged,
            _ => Status::Lost,
        }
    }
}

/// The tracker's answer for one frame.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub frame: usize,
    /// Centre and patch size in the small frame's pixels (the last known
    /// position when lost).
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub psr: f32,
    pub status: Status,
    /// 0 for the seed's segment; each re-detection starts the next one,
    /// counting up forwards and down backwards.
    pub segment: i32,
}

/// Tracks from `seed` over the frames in `range` (which holds the seed's
/// frame), both ways. One step per frame from the first to the last frame
/// reached, in frame order; frames past where a direction ended have none.
/// `times[i]` is frame `i`'s presentation time in seconds.
pub fn track(
    frames: &[Frame],
    times: &[f64],
    seed: Seed,
    range: Range<usize>,
    p: &Params,
) -> Vec<Step> {
    assert!(
        range.contains(&seed.frame) && range.end <= frames.len() && times.len() == frames.len()
    );
    let mut back = follow(frames, times, seed, range.start, -1, p);
    let fwd = follow(frames, times, seed, range.end - 1, 1, p);
    back.reverse();
    back.push(Step {
        frame: seed.frame,
        x: seed.x,
        y: seed.y,
        w: seed.w,
        h: seed.h,
        psr: f32::INFINITY,
        status: Status::Tracked,
        segment: 0,
    });
    back.extend(fwd);
    back
}

enum Mode {
    Tracking { unsure: usize },
    Searching { since: f64, from: isize },
}

/// One direction, from the seed (exclusive) to `last` (inclusive).
fn follow(
    frames: &[Frame],
    times: &[f64],
    seed: Seed,
    last: usize,
    dir: isize,
    p: &Params,
) -> Vec<Step> {
    let mut out = Vec::new();
    let mut filter = Mosse::new();
    let (mut cx, mut cy, mut w, mut h) = (seed.x, seed.y, seed.w, seed.h);
    filter.init(&frames[seed.frame], &window(cx, cy, w, h, p));
    // The last confident position, and the motion per frame before it.
    let (mut good_x, mut good_y, mut vx, mut vy) = (cx, cy, 0.0f32, 0.0f32);
    let mut typical = TypicalPsr::default();
    let mut mode = Mode::Tracking { unsure: 0 };
    let mut segment = 0;
    let mut i = seed.frame as isize;
    while i != last as isize {
        i += dir;
        let f = &frames[i as usize];
        let t = times[i as usize];
        let mut psr = 0.0;
        let step = match mode {
            Mode::Tracking { unsure } => {
                let (r, s) = best_scale(&mut filter, f, cx, cy, w, h, p);
                psr = r.psr;
                let (nx, ny) = (cx + r.dx, cy + r.dy);
                let confident = r.psr >= p.psr_ok && r.psr >= p.psr_drop * typical.get();
                if confident {
                    (cx, cy, w, h) = (nx, ny, w * s, h * s);
                    vx = 0.7 * vx + 0.3 * (cx - good_x);
                    vy = 0.7 * vy + 0.3 * (cy - good_y);
                    (good_x, good_y) = (cx, cy);
                    typical.add(r.psr);
                    filter.train(f, &window(cx, cy, w, h, p), p.rate);
                    mode = Mode::Tracking { unsure: 0 };
                    Status::Tracked
                } else if r.psr >= p.psr_lost && unsure < p.max_unsure {
                    (cx, cy) = (nx, ny);
                    mode = Mode::Tracking { unsure: unsure + 1 };
                    Status::Flagged
                } else {
                    mode = Mode::Searching { since: t, from: i };
                    Status::Lost
                }
            }
            Mode::Searching { since, from } => {
                if (t - since).abs() > p.redetect_s {
                    break;
                }
                let frames_gone = (i - from).abs() as f32 + 1.0;
                let (px, py) = (good_x + vx * frames_gone, good_y + vy * frames_gone);
                let need = p.psr_found.max(p.found_share * typical.get());
                let found = search(&mut filter, f, px, py, w, h, p);
                match found.filter(|b| b.2.psr >= need) {
                    Some((x, y, r)) => {
                        psr = r.psr;
                        (cx, cy, good_x, good_y) = (x, y, x, y);
                        segment += dir as i32;
                        typical.add(r.psr);
                        filter.train(f, &window(cx, cy, w, h, p), p.rate);
                        mode = Mode::Tracking { unsure: 0 };
                        Status::Tracked
                    }
                    None => Status::Lost,
                }
            }
        };
        let (x, y) = match step {
            Status::Lost => (good_x, good_y),
            _ => (cx, cy),
        };
        out.push(Step {
            frame: i as usize,
            x,
            y,
            w,
            h,
            psr,
            status: step,
            segment,
        });
    }
    out
}

fn window(cx: f32, cy: f32, w: f32, h: f32, p: &Params) -> Window {
    Window {
        cx,
        cy,
        w: w * p.padding,
        h: h * p.padding,
    }
}

/// The best of three scales (smaller, same, larger) by peak height; a
/// change of scale must win by a margin, so noise does not walk the size.
fn best_scale(
    filter: &mut Mosse,
    f: &Frame,
    cx: f32,
    cy: f32,
    w: f32,
    h: f32,
    p: &Params,
) -> (Response, f32) {
    let mut best = (filter.respond(f, &window(cx, cy, w, h, p)), 1.0);
    for s in [1.0 / p.scale_step, p.scale_step] {
        let r = filter.respond(f, &window(cx, cy, w * s, h * s, p));
        if r.peak > best.0.peak * 1.02 {
            best = (r, s);
        }
    }
    best
}

/// A wider search: a 5 × 5 grid of windows, half a window apart, around
/// where the product was heading. The best match is then looked at again
/// with the window centred on it, where the filter sees it as it did while
/// tracking (off-centre, the window's taper hides part of it): that second
/// answer's PSR is the one judged.
fn search(
    filter: &mut Mosse,
    f: &Frame,
    px: f32,
    py: f32,
    w: f32,
    h: f32,
    p: &Params,
) -> Option<(f32, f32, Response)> {
    let (sx, sy) = (w * p.padding / 2.0, h * p.padding / 2.0);
    let mut best: Option<(f32, f32, Response)> = None;
    for gy in -2..=2 {
        for gx in -2..=2 {
            let (x, y) = (px + gx as f32 * sx, py + gy as f32 * sy);
            if x < 0.0 || y < 0.0 || x >= f.w as f32 || y >= f.h as f32 {
                continue;
            }
            let r = filter.respond(f, &window(x, y, w, h, p));
            if best.is_none_or(|b| r.psr > b.2.psr) {
                best = Some((x + r.dx, y + r.dy, r));
            }
        }
    }
    let (x, y, _) = best?;
    let r = filter.respond(f, &window(x, y, w, h, p));
    Some((x + r.dx, y + r.dy, r))
}

/// The track's typical PSR: a slow running mean of confident frames' PSR.
#[derive(Default)]
struct TypicalPsr {
    mean: f32,
    n: u32,
}

impl TypicalPsr {
    fn add(&mut self, psr: f32) {
        self.n += 1;
        let k = 1.0 / (self.n.min(20) as f32);
        self.mean += (psr - self.mean) * k;
    }

    fn get(&self) -> f32 {
        if self.n < 3 {
            0.0
        } else {
            self.mean
        }
    }
}
