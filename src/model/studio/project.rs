//! The author's work in progress, as plain data: the catalog, the tags being
//! tracked (each with the author's placements and corrections and the
//! tracker's answer per frame), and the undo history. The page wraps one
//! [`Project`] in a signal and edits it only through these methods, so every
//! edit is undoable and tested here.
//!
//! A tag's **anchors** are the frames where the author put it: the first
//! click, then every correction. Tracking runs from an anchor both ways up
//! to the neighbouring anchors (or the shot's ends), so a correction
//! re-tracks only its own stretch and never overwrites another correction.

use core::ops::Range;

use serde::{Deserialize, Serialize};

use crate::model::manifest::authoring::{Authoring, AuthoringProduct};
use crate::model::track::run::{Status, Step};

/// One place the author put a tag, in the small frame's pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    pub frame: usize,
    pub x: f32,
    pub y: f32,
}

/// A tag being authored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub id: String,
    pub product: String,
    /// Sorted by frame, never empty.
    pub anchors: Vec<Anchor>,
    /// The tracker's answer, sorted by frame (empty until tracked).
    pub steps: Vec<Step>,
    /// Unsure frames the author vouched for.
    pub confirmed: Vec<Range<usize>>,
    /// The shot the tag lives in (tracking never leaves it).
    pub shot: Range<usize>,
    /// The frames the author kept on the timeline (`None`: every tracked
    /// frame); tracked frames outside it are not exported.
    #[serde(default)]
    pub span: Option<Range<usize>>,
    /// Keyframes the author moved in time on the timeline: (the frame the
    /// reduction put the keyframe on, the frame it is shown at instead).
    /// A re-track over either frame drops the move (see [`Draft::merge`]).
    #[serde(default)]
    pub moved: Vec<(usize, usize)>,
}

impl Draft {
    /// The range tracking from `anchor` may cover: up to (not onto) the
    /// neighbouring anchors, inside the shot.
    pub fn reach(&self, anchor: usize) -> Range<usize> {
        let a = self.anchors[anchor].frame;
        let lo = if anchor > 0 {
            self.anchors[anchor - 1].frame + 1
        } else {
            self.shot.start
        };
        let hi = self
            .anchors
            .get(anchor + 1)
            .map(|n| n.frame)
            .unwrap_or(self.shot.end);
        lo.min(a)..hi.max(a + 1)
    }

    /// Puts `steps` (a track from one anchor over `range`) in place of
    /// whatever the tag had in that range.
    pub fn merge(&mut self, range: Range<usize>, steps: &[Step]) {
        // The path there is new, so are its keyframes.
        self.moved
            .retain(|(from, to)| !range.contains(from) && !range.contains(to));
        self.steps.retain(|s| !range.contains(&s.frame));
        self.steps
            .extend(steps.iter().filter(|s| range.contains(&s.frame)).copied());
        self.steps.sort_by_key(|s| s.frame);
    }

    pub fn is_confirmed(&self, frame: usize) -> bool {
        self.confirmed.iter().any(|r| r.contains(&frame))
    }

    /// The frames the tracker was unsure of and no one confirmed.
    pub fn unsure(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.status == Status::Flagged && !self.is_confirmed(s.frame))
            .count()
    }
}

/// Everything that undo restores.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct State {
    pub products: Vec<AuthoringProduct>,
    pub drafts: Vec<Draft>,
}

/// The work in progress with its history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Project {
    pub state: State,
    undo: Vec<State>,
    redo: Vec<State>,
    next_id: u32,
}

/// At most this many edits can be undone.
pub const HISTORY: usize = 200;

impl Project {
    pub fn new(products: Vec<AuthoringProduct>) -> Project {
        Project {
            state: State {
                products,
                drafts: Vec::new(),
            },
            ..Default::default()
        }
    }

    /// Applies one edit, recording the state before it for undo.
    pub fn edit(&mut self, f: impl FnOnce(&mut State)) {
        let before = self.state.clone();
        f(&mut self.state);
        if self.state != before {
            self.undo.push(before);
            if self.undo.len() > HISTORY {
                self.undo.remove(0);
            }
            self.redo.clear();
        }
    }

    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(s) => {
                self.redo.push(core::mem::replace(&mut self.state, s));
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(s) => {
                self.undo.push(core::mem::replace(&mut self.state, s));
                true
            }
            None => false,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// A fresh tag id, `t1`, `t2`, … not used by any draft.
    pub fn fresh_id(&mut self) -> String {
        loop {
            self.next_id += 1;
            let id = format!("t{}", self.next_id);
            if !self.state.drafts.iter().any(|d| d.id == id) {
                return id;
            }
        }
    }

    /// Places a new tag for `product` at `anchor` in `shot`; its index.
    pub fn place(&mut self, product: &str, anchor: Anchor, shot: Range<usize>) -> usize {
        let id = self.fresh_id();
        self.edit(|s| {
            s.drafts.push(Draft {
                id,
                product: product.into(),
                anchors: vec![anchor],
                steps: Vec::new(),
                confirmed: Vec::new(),
                shot,
                span: None,
                moved: Vec::new(),
            })
        });
        self.state.drafts.len() - 1
    }

    /// Moves tag `tag` to `anchor`'s position on its frame: a new anchor (or
    /// the one on that frame moved). Returns the anchor's index, whose
    /// [`Draft::reach`] is what to re-track.
    pub fn correct(&mut self, tag: usize, anchor: Anchor) -> usize {
        let mut at = 0;
        self.edit(|s| {
            let d = &mut s.drafts[tag];
            at = match d.anchors.binary_search_by_key(&anchor.frame, |a| a.frame) {
                Ok(i) => {
                    d.anchors[i] = anchor;
                    i
                }
                Err(i) => {
                    d.anchors.insert(i, anchor);
                    i
                }
            };
            // The author's position stands on that frame.
            if let Some(s) = d.steps.iter_mut().find(|s| s.frame == anchor.frame) {
                (s.x, s.y, s.status) = (anchor.x, anchor.y, Status::Tracked);
            }
        });
        at
    }

    /// Stores a track's answer for tag `tag` over `range`.
    pub fn tracked(&mut self, tag: usize, range: Range<usize>, steps: &[Step]) {
        self.edit(|s| {
            if let Some(d) = s.drafts.get_mut(tag) {
                d.merge(range, steps)
            }
        });
    }

    /// Stores the re-track a correction started as part of that correction's
    /// edit, so one undo takes back both the move and what it re-tracked.
    pub fn tracked_after_correction(&mut self, tag: usize, range: Range<usize>, steps: &[Step]) {
        if let Some(d) = self.state.drafts.get_mut(tag) {
            d.merge(range, steps);
        }
        self.redo.clear();
    }

    /// Vouches for the unsure frames of tag `tag` in `range`.
    pub fn confirm(&mut self, tag: usize, range: Range<usize>) {
        self.edit(|s| s.drafts[tag].confirmed.push(range));
    }

    /// Keeps only the frames `span` of tag `tag` (a timeline drag of its
    /// start or end: one edit); the view clamps it with `drag::move_edge`.
    pub fn set_span(&mut self, tag: usize, span: Range<usize>) {
        self.edit(|s| {
            if let Some(d) = s.drafts.get_mut(tag) {
                d.span = Some(span);
            }
        });
    }

    /// Shows tag `tag`'s keyframe that the reduction put on frame `from` at
    /// frame `to` instead (a timeline drag: one edit); the view keeps it
    /// between its neighbours with `drag::move_key`.
    pub fn move_key(&mut self, tag: usize, from: usize, to: usize) {
        self.edit(|s| {
            let Some(d) = s.drafts.get_mut(tag) else {
                return;
            };
            d.moved.retain(|m| m.0 != from);
            if to != from {
                d.moved.push((from, to));
                d.moved.sort_unstable();
            }
        });
    }

    pub fn delete(&mut self, tag: usize) {
        self.edit(|s| {
            if tag < s.drafts.len() {
                s.drafts.remove(tag);
            }
        });
    }

    /// Splits tag `tag` before `frame`: the frames from there on become a
    /// new tag for the same product, keeping their anchors and steps.
    pub fn split(&mut self, tag: usize, frame: usize) -> bool {
        let Some(d) = self.state.drafts.get(tag) else {
            return false;
        };
        if !d.steps.iter().any(|s| s.frame < frame) || !d.steps.iter().any(|s| s.frame >= frame) {
            return false;
        }
        let id = self.fresh_id();
        self.edit(|s| {
            let d = &mut s.drafts[tag];
            let mut tail = d.clone();
            tail.id = id;
            d.steps.retain(|s| s.frame < frame);
            d.anchors.retain(|a| a.frame < frame);
            tail.steps.retain(|s| s.frame >= frame);
            tail.anchors.retain(|a| a.frame >= frame);
            // Each half keeps at least one anchor: its nearest tracked frame.
            for half in [&mut *d, &mut tail] {
                if half.anchors.is_empty() {
                    let s = if half.steps[0].frame < frame {
                        *half.steps.last().unwrap()
                    } else {
                        half.steps[0]
                    };
                    half.anchors.push(Anchor {
                        frame: s.frame,
                        x: s.x,
                        y: s.y,
                    });
                }
            }
            s.drafts.insert(tag + 1, tail);
        });
        true
    }

    /// The document to export: `base` (video, currency, checkout, anything
    /// else the author opened) with this project's products and `tags`.
    pub fn document(
        &self,
        base: &Authoring,
        tags: Vec<crate::model::manifest::authoring::AuthoringTag>,
    ) -> Authoring {
        let mut doc = base.clone();
        doc.products = self.state.products.clone();
        doc.tags = tags;
        doc
    }
}

/// Work in progress as kept between visits (the page stores it in
/// IndexedDB under [`saved_key`]): the document being edited and the
/// project's state, not its undo history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Saved {
    pub version: u32,
    pub base: Authoring,
    pub state: State,
    /// When it was saved, ms since 1970.
    pub saved_at: f64,
}

/// The key work on one video file is kept under: its name, size in bytes
/// and duration to the millisecond, so a different file of the same name
/// does not pick up another's work.
pub fn saved_key(name: &str, size: f64, duration: f64) -> String {
    format!("{name}|{}|{:.3}", size as u64, duration)
}

impl Saved {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("saved work serializes")
    }

    /// `None` for anything not written by [`to_json`](Self::to_json) of this version.
    pub fn from_json(text: &str) -> Option<Saved> {
        serde_json::from_str::<Saved>(text)
            .ok()
            .filter(|s| s.version == 1)
    }
}

impl Project {
    /// Replaces the state with saved work; the history starts afresh.
    pub fn restore(state: State) -> Project {
        let next_id = state.drafts.len() as u32;
        Project {
            state,
            next_id,
            ..Default::default()
        }
    }
}
