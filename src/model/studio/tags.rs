//! A draft to the tags it exports: its tracked frames inside the author's
//! span, one tag per run of vouched-for frames (`path::runs`), each reduced
//! to keyframes, with the keyframes the author moved on the timeline moved.

use crate::model::manifest::authoring::{round_ms, AuthoringTag};
use crate::model::track::keyframes::PathPoint;

use super::path::{frame_end, keep, runs, tag_with};
use super::project::{Draft, Project};

/// One exported tag with, per keyframe, the frame the reduction chose for
/// it (what a timeline move names) and the frame it is shown at.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub tag: AuthoringTag,
    pub sources: Vec<usize>,
    pub frames: Vec<usize>,
    /// The run's frames (`first..last + 1`): where its keyframes may move.
    pub run: core::ops::Range<usize>,
}

impl Draft {
    /// The tags this draft exports, ids `t3`, `t3-2`, …; a draft not yet
    /// tracked is a still tag on its anchors' frames. `times` are the
    /// frames' times, `fw × fh` the small frames' size, `tol` the keyframe
    /// tolerance (a fraction of the width).
    pub fn export(&self, times: &[f64], fw: f64, fh: f64, tol: f64) -> Vec<Exported> {
        let aspect = fh / fw;
        let inside = |f: usize| self.span.as_ref().is_none_or(|s| s.contains(&f));
        let found: Vec<Vec<PathPoint>> = if self.steps.is_empty() {
            vec![self
                .anchors
                .iter()
                .filter(|a| inside(a.frame))
                .filter_map(|a| {
                    times.get(a.frame).map(|&t| PathPoint {
                        t,
                        x: a.x as f64 / fw,
                        y: a.y as f64 / fh,
                    })
                })
                .collect()]
        } else {
            let kept: Vec<_> = self
                .steps
                .iter()
                .filter(|s| inside(s.frame))
                .copied()
                .collect();
            runs(&kept, times, fw, fh, |f| self.is_confirmed(f))
        };
        let frame_of = |t: f64| times.partition_point(|&x| x < t);
        let mut out = Vec::new();
        for (i, run) in found.iter().filter(|r| !r.is_empty()).enumerate() {
            let id = if i == 0 {
                self.id.clone()
            } else {
                format!("{}-{}", self.id, i + 1)
            };
            let end = frame_end(times, run[run.len() - 1].t);
            let keep = keep(run, tol, aspect);
            let mut tag = tag_with(&id, &self.product, run, &keep, end);
            let sources: Vec<usize> = keep.iter().map(|&k| frame_of(run[k].t)).collect();
            let (first, last) = (frame_of(run[0].t), frame_of(run[run.len() - 1].t));
            // Moved keyframes, each kept after the one before it (a move
            // that would cross is not applied; the view never makes one).
            let mut frames = Vec::with_capacity(sources.len());
            for (k, &from) in sources.iter().enumerate() {
                let wanted = self
                    .moved
                    .iter()
                    .find(|m| m.0 == from)
                    .map_or(from, |m| m.1)
                    .clamp(first, last);
                let after = |f: usize| frames.last().is_none_or(|&p| f > p);
                let next_source = sources.get(k + 1).copied().unwrap_or(usize::MAX);
                let f = if after(wanted) && wanted < next_source {
                    wanted
                } else {
                    from
                };
                tag.keyframes[k].t = round_ms(times[f]);
                frames.push(f);
            }
            out.push(Exported {
                tag,
                sources,
                frames,
                run: first..last + 1,
            });
        }
        out
    }
}

impl Project {
    /// Every draft's exported tags (see [`Draft::export`]).
    pub fn export_tags(&self, times: &[f64], fw: f64, fh: f64, tol: f64) -> Vec<AuthoringTag> {
        self.state
            .drafts
            .iter()
            .flat_map(|d| d.export(times, fw, fh, tol))
            .map(|e| e.tag)
            .collect()
    }
}
