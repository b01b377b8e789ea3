//! What each tag does from a moment on, for a view that lets the browser move
//! the tags: where every shown tag is now, the straight stretch it moves along
//! (which the view hands to a compositor animation), and the first time after
//! which that answer changes, when the view must look again. Between two such
//! times nothing per frame is needed from us.
//!
//! Pure, like the timeline: a function of the time and the layout, so any
//! seek, pause or rate change is answered by asking again.

use super::geometry::{inside_part, picture_point, to_overlay, visible_bounds, Layout};
use super::manifest::Tag;
use super::timeline::{position_at, segment_at, Timeline};

/// A tag shown at the time asked about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Index into the manifest's tags.
    pub index: usize,
    /// Where it is, CSS px from the content box's top-left (as
    /// [`to_overlay`] puts it).
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
/// than rounding, so [`to_overlay`] agrees with the crossing and the next
/// change found is later still (never the same time again).
const PAST_EDGE: f64 = 1e-6;

/// Fills `out` with the tags shown at `t` for `layout`, ascending by index
/// (`active` is scratch), and returns the first time after `t` at which that
/// changes: a tag starts or ends, reaches a keyframe, or enters or leaves the
/// visible picture. `None` when nothing changes after `t`.
pub fn plan(
    tags: &[Tag],
    timeline: &Timeline,
    layout: &Layout,
    t: f64,
    active: &mut Vec<usize>,
    out: &mut Vec<Placed>,
) -> Option<f64> {
    out.clear();
    timeline.active_at(t, active);
    let mut next = timeline.next_change(t);
    let bounds = visible_bounds(layout);
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
        if let Some(at) = to_overlay(layout, position_at(tag, t)) {
            out.push(Placed {
                index: i,
                at,
                motion,
            });
        }
    }
    next
}
