//! What each tag does from a moment on, for a view that lets the browser move
//! the tags: where every shown tag is now, the straight stretch it moves along
//! (which the view hands to a compositor animation), and the first time after
//! which that answer changes, when the view must look again. Between two such
//! times nothing per frame is needed from us.
//!
//! Pure, like the timeline: a function of the time and the layout, so any
//! seek, pause or rate change is answered by asking again.

use super::band::tag_bounds;
use super::geometry::{inside_part, picture_point, Layout};
use super::manifest::Tag;
use super::timeline::{position_at, segment_at, Timeline};

/// A tag shown at the time asked about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Index into the manifest's tags.
    pub index: usize,
    /// Where it is, CSS px from the content box's top-left (as
    /// [`super::geometry::to_overlay`] puts it).
    pub at: (f64, f64),
    /// The stretch it moves along, when it moves; `None` when it stands still
    /// until the next change.
    pub motion: Option<Motion>,
}

/// A straight stretch at constant speed: at video time `start` the tag is at
/// `from`, at `end` at `to` (CSS px, either end possibly outside the visible
/// picture: the tag is shown only while inside, and the change times say when
/// that ends).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Motion {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub start: f64,
    pub end: f64,
}

/// A tag that crosses the edge of the visible picture is judged a microsecond
/// after the crossing computed: there the point is past the edge by far more
/// than rounding, so the bounds test agrees with the crossing and the next
/// change found is later still (never the same time again).
const PAST_EDGE: f64 = 1e-6;

/// Fills `out` with the tags shown at `t` for `layout`, ascending by index
/// (`active` is scratch), and returns the first time after `t` at which that
/// changes: a tag starts or ends, reaches a keyframe, or enters or leaves the
/// visible picture. A tag in the player's control band (the bottom `band` px
/// of the content box, [`super::band`]) is hidden as a cropped one is. `None`
/// when nothing changes after `t`.
pub fn plan(
    tags: &[Tag],
    timeline: &Timeline,
    layout: &Layout,
    band: f64,
    t: f64,
    active: &mut Vec<usize>,
    out: &mut Vec<Placed>,
) -> Option<f64> {
    out.clear();
    timeline.active_at(t, active);
    let mut next = timeline.next_change(t);
    let bounds = tag_bounds(layout, band);
    for &i in active.iter() {
        let tag = &tags[i];
        let seg = segment_at(tag, t);
        let motion = if seg.moves() {
            picture_point(layout, seg.from)
                .zip(picture_point(layout, seg.to))
                .map(|(from, to)| Motion {
                    from,
                    to,
                    start: seg.start,
                    end: seg.end,
                })
        } else {
            None
        };
        if let (Some(m), Some(b)) = (&motion, &bounds) {
            if let Some((f0, f1)) = inside_part(b, m.from, m.to) {
                for f in [f0, f1] {
                    let when = m.start + f * (m.end - m.start) + PAST_EDGE;
                    if when > t && when < m.end {
                        next = Some(next.map_or(when, |n| n.min(when)));
                    }
                }
            }
        }
        let at = picture_point(layout, position_at(tag, t))
            .filter(|&(x, y)| bounds.is_some_and(|b| b.holds(x, y)));
        if let Some(at) = at {
            out.push(Placed {
                index: i,
                at,
                motion,
            });
        }
    }
    next
}

/// Where the video's clock was when the view last handed its tags to the
/// browser: video time `time` at page time `now` (ms), running at `rate`
/// (0 while paused, ended or stalled). The browser then moves the tags on the
/// page's clock; a later reading that [`Anchor::follows`] needs nothing, any
/// other (a seek, a pause, a rate change, drift) means handing them over again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Anchor {
    pub time: f64,
    pub now: f64,
    pub rate: f64,
}

/// How far (video seconds) a reading may stray from where the anchor's clock
/// says it should be before the tags are re-synchronised: about a frame at
/// 25 fps, so the video's own reporting jitter never restarts animations, and
/// a tag crossing a 640 px picture in 4 s is never more than 8 px off.
pub const DRIFT: f64 = 0.05;

impl Anchor {
    /// Video time at page time `now`, by this anchor's clock.
    pub fn expected(&self, now: f64) -> f64 {
        self.time + (now - self.now) / 1000.0 * self.rate
    }

    /// Whether `later` is the same run of the clock: same rate, and its time
    /// within [`DRIFT`] of the expected one (exactly the same time while still).
    pub fn follows(&self, later: &Anchor) -> bool {
        if later.rate != self.rate || !later.time.is_finite() {
            return false;
        }
        if self.rate == 0.0 {
            return later.time == self.time;
        }
        (later.time - self.expected(later.now)).abs() <= DRIFT
    }
}
