//! From frame fractions to overlay pixels, through CSS `object-fit` and
//! `object-position`.
//!
//! Tag positions are fractions of the video *frame*, but the frame is drawn
//! inside the element's content box letterboxed, cropped or stretched as the
//! host's CSS says. This module reproduces the CSS Images spec's sizing and
//! positioning from plain numbers (the player adapter reads the computed
//! style and sizes), so it is tested natively and never touches the DOM.

use super::timeline::Point;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Size {
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The CSS `object-fit` value. Default: `Fill`, the CSS initial value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ObjectFit {
    Contain,
    Cover,
    #[default]
    Fill,
    None,
    ScaleDown,
}

impl ObjectFit {
    /// Reads a computed `object-fit`; anything unknown is `Fill`, the initial
    /// value, which is what the browser draws for it too.
    pub fn parse(s: &str) -> ObjectFit {
        let s = s.trim();
        let is = |k: &str| s.eq_ignore_ascii_case(k);
        if is("contain") {
            ObjectFit::Contain
        } else if is("cover") {
            ObjectFit::Cover
        } else if is("none") {
            ObjectFit::None
        } else if is("scale-down") {
            ObjectFit::ScaleDown
        } else {
            ObjectFit::Fill
        }
    }
}

/// One axis of `object-position`, in the shape every CSS form reduces to:
/// the picture's offset from the box's left (or top) edge is
/// `fraction * free_space + px`, where free space is box minus picture (it is
/// negative when the picture overflows). `50%` is `{0.5, 0}`, `10px` is
/// `{0, 10}`, `right 10px` and `calc(100% - 10px)` are `{1, -10}`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AxisPosition {
    pub fraction: f64,
    pub px: f64,
}

impl AxisPosition {
    pub const CENTER: AxisPosition = AxisPosition {
        fraction: 0.5,
        px: 0.0,
    };

    /// Offset of the picture's leading edge for the given free space.
    pub fn offset(&self, free: f64) -> f64 {
        free * self.fraction + self.px
    }
}

/// The CSS `object-position` value. Default: `50% 50%`, the initial value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ObjectPosition {
    pub x: AxisPosition,
    pub y: AxisPosition,
}

impl Default for ObjectPosition {
    fn default() -> Self {
        ObjectPosition {
            x: AxisPosition::CENTER,
            y: AxisPosition::CENTER,
        }
    }
}

impl ObjectPosition {
    /// Reads a computed `object-position`. Browsers serialize it as two
    /// values (`"50% 50%"`, `"10px 20px"`, `"calc(100% - 10px) 0%"`), but the
    /// keyword forms (`"left top"`, `"right bottom"`, `"center"`) and the
    /// 3- and 4-value edge-offset forms (`"right 10px bottom 20px"`) are read
    /// too, in case a host passes a specified value. An axis it cannot read
    /// (other units, complex `calc`) falls back to 50%.
    pub fn parse(s: &str) -> ObjectPosition {
        super::css_position::parse(s)
    }
}

/// Everything needed to place the picture inside the video element.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Layout {
    /// Content box of the video element, CSS px.
    pub content: Size,
    /// The frame's intrinsic size (`videoWidth`/`videoHeight`), or the
    /// aspect ratio for iframe players; only its ratio matters except for
    /// `none` and `scale-down`.
    pub intrinsic: Size,
    pub fit: ObjectFit,
    pub position: ObjectPosition,
}

fn usable(s: Size) -> bool {
    s.w > 0.0 && s.h > 0.0 && s.w.is_finite() && s.h.is_finite()
}

/// Where the whole picture is drawn, relative to the content box's top-left;
/// it may extend beyond the box (cover, none). `None` while either size is
/// zero or unknown (before metadata loads, or while hidden).
pub fn picture_rect(layout: &Layout) -> Option<Rect> {
    let (c, i) = (layout.content, layout.intrinsic);
    if !usable(c) || !usable(i) {
        return None;
    }
    let (sx, sy) = (c.w / i.w, c.h / i.h);
    // contain and cover scale uniformly; the limiting axis takes the box's
    // exact length, so a letterboxed picture touches the edges exactly.
    let uniform = |scale_by_width: bool| {
        if scale_by_width {
            (c.w, i.h * sx)
        } else {
            (i.w * sy, c.h)
        }
    };
    let (w, h) = match layout.fit {
        ObjectFit::Fill => (c.w, c.h),
        ObjectFit::Contain => uniform(sx <= sy),
        ObjectFit::Cover => uniform(sx >= sy),
        ObjectFit::None => (i.w, i.h),
        // The smaller of `none` and `contain`: same aspect, so compare scales.
        ObjectFit::ScaleDown if sx.min(sy) < 1.0 => uniform(sx <= sy),
        ObjectFit::ScaleDown => (i.w, i.h),
    };
    let p = layout.position;
    Some(Rect {
        x: p.x.offset(c.w - w),
        y: p.y.offset(c.h - h),
        w,
        h,
    })
}

/// Frame fraction to a pixel point relative to the content box's top-left.
/// `None` when the point is not visible: outside the picture, or in the part
/// of it clipped by the content box (cover, none).
pub fn to_overlay(layout: &Layout, p: Point) -> Option<(f64, f64)> {
    let (x, y) = picture_point(layout, p)?;
    visible_bounds(layout)?.holds(x, y).then_some((x, y))
}

/// Frame fraction to a pixel point relative to the content box's top-left,
/// visible or not: where a moving tag's path runs, clipped or not. `None`
/// only when the picture has no size.
pub fn picture_point(layout: &Layout, p: Point) -> Option<(f64, f64)> {
    let r = picture_rect(layout)?;
    Some((r.x + p.x * r.w, r.y + p.y * r.h))
}

/// Edges of a box, CSS px; kept as edges (not origin and size) so that the
/// visibility test compares against exactly the edges computed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bounds {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Bounds {
    /// Whether the point is inside, edges included.
    pub fn holds(&self, x: f64, y: f64) -> bool {
        x >= self.left && x <= self.right && y >= self.top && y <= self.bottom
    }
}

/// The part of the content box the picture shows: picture rect ∩ content box.
/// Comparing a computed point against it (rather than a fraction) guarantees
/// an accepted point is inside the box.
pub fn visible_bounds(layout: &Layout) -> Option<Bounds> {
    let r = picture_rect(layout)?;
    let c = layout.content;
    Some(Bounds {
        left: r.x.max(0.0),
        top: r.y.max(0.0),
        right: (r.x + r.w).min(c.w),
        bottom: (r.y + r.h).min(c.h),
    })
}

/// The part of the straight path from `a` to `b` (pixel points) inside `r`,
/// as fractions `(f0, f1)` of the way, `0 <= f0 <= f1 <= 1`; `None` when the
/// path never enters it. A tag moving along the path is visible exactly
/// while its fraction is in this range, so the view need not look per frame.
pub fn inside_part(r: &Bounds, a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    let (mut f0, mut f1) = (0.0f64, 1.0f64);
    for (from, to, lo, hi) in [(a.0, b.0, r.left, r.right), (a.1, b.1, r.top, r.bottom)] {
        let d = to - from;
        if d == 0.0 {
            if from < lo || from > hi {
                return None;
            }
            continue;
        }
        let (p, q) = ((lo - from) / d, (hi - from) / d);
        f0 = f0.max(p.min(q));
        f1 = f1.min(p.max(q));
    }
    (f0 <= f1).then_some((f0, f1))
}

/// The inverse of [`to_overlay`]: a pixel point in the content box to a frame
/// fraction, for placing tags by pointing (the editor). `None` when the point
/// is outside the visible picture.
pub fn to_frame(layout: &Layout, x: f64, y: f64) -> Option<Point> {
    let r = picture_rect(layout)?;
    visible_bounds(layout)?.holds(x, y).then(|| Point {
        x: ((x - r.x) / r.w).clamp(0.0, 1.0),
        y: ((y - r.y) / r.h).clamp(0.0, 1.0),
    })
}

/// A computed CSS pixel length such as `"12.5px"`; `None` for anything else.
/// (Hand-written like [`ObjectPosition::parse`], so the wasm needs no float parser.)
pub fn parse_px(s: &str) -> Option<f64> {
    super::css_position::px(s)
}

/// A length in CSS pixels as text, to the hundredth: `12.5` → `"12.5px"`,
/// `-1.23456` → `"-1.23px"`, `2.0` → `"2px"`. (Hand-written from integer
/// hundredths: `f64`'s `Display` would link the float formatter, ~17 KB of
/// raw wasm, into the viewer.)
pub fn format_px(v: f64) -> String {
    super::css_position::px_text(v)
}
