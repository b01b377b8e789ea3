//! The studio (`www/studio/`, `--features studio`, `shoppable-studio.js`): a
//! page of its own, never in a viewer's path. The author opens a video (a
//! local file through an object URL: nothing is uploaded; or a URL), imports
//! a catalog, clicks the product on a paused frame and tracks it; the tags
//! are previewed with the real widget (the page's loader, `Shoppable.attach`)
//! and exported as the canonical manifest, a WebVTT track and JSON-LD, or
//! published to the reference server.
//!
//! What is computed lives in the model (`model::studio`, `model::track`):
//! the work in progress is one `model::studio::project::Project` in a signal,
//! edited only through its methods (so every edit undoes). This module
//! holds the page's state and carries out its requests: capture
//! (`capture.rs`), the tracking worker (`worker.rs`), files and publishing
//! (`export.rs`); `view.rs` draws, `lanes.rs` the tags' timelines.

// Public for the browser tests (tests/browser_studio.rs), which capture a
// real clip and track it in the worker through the page's own link.
pub mod capture;
mod export;
mod lanes;
mod saved;
mod view;
pub mod worker;

use std::any::Any;
use std::cell::RefCell;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::model::manifest::authoring::Authoring;
use crate::model::studio::project::{Anchor, Project};
use crate::model::track::cuts::shot_of;

/// The worker script, served beside the page.
const WORKER_URL: &str = "/studio/track-worker.js";

/// A line of the status area.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub text: String,
    pub error: bool,
}

/// Where the frames stand.
#[derive(Debug, Clone, PartialEq)]
pub enum Frames {
    /// No video yet, or not captured.
    None,
    Capturing {
        frames: usize,
        t: f64,
    },
    Ready,
    /// Pixels unreadable (a cross-origin video without CORS): preview and
    /// manual placement only.
    Unreadable,
}

/// Everything a component needs, as `Copy` arena handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub project: RwSignal<Project>,
    /// The document being edited, minus products and tags (video, currency,
    /// checkout, unknown fields: kept as opened).
    pub base: RwSignal<Authoring>,
    pub video: NodeRef<html::Video>,
    /// Captured frames' times, in frame order.
    pub times: RwSignal<Vec<f64>>,
    /// The small frames' size.
    pub small: RwSignal<(usize, usize)>,
    pub cuts: RwSignal<Vec<usize>>,
    pub frames: RwSignal<Frames>,
    /// The frame on screen (an index into `times`).
    pub current: RwSignal<usize>,
    pub selected: RwSignal<Option<usize>>,
    pub product: RwSignal<Option<String>>,
    /// The next click on the picture places a tag.
    pub placing: RwSignal<bool>,
    pub tracking: RwSignal<bool>,
    pub note: RwSignal<Option<Note>>,
    pub source_name: RwSignal<String>,
    pub link: StoredValue<Option<worker::Link>, LocalStorage>,
    pub capture: StoredValue<Option<capture::Capture>, LocalStorage>,
    pub preview: StoredValue<Option<JsValue>, LocalStorage>,
    /// The last track's speed in the worker, frames per second.
    pub track_fps: RwSignal<Option<f64>>,
    /// When the capture started (ms since 1970), for its frames per second.
    pub capture_started: RwSignal<f64>,
    /// The IndexedDB key of the open file's work (`saved_key`), once known.
    pub saved_key: RwSignal<Option<String>>,
    /// The file opened, for its size.
    pub file_size: RwSignal<f64>,
    /// Work kept from earlier visits, by file name (shown until a file is opened).
    pub kept: RwSignal<Vec<String>>,
}

impl Ctx {
    pub fn say(&self, text: impl Into<String>, error: bool) {
        self.note.try_set(Some(Note {
            text: text.into(),
            error,
        }));
    }

    pub fn video_el(&self) -> Option<web_sys::HtmlVideoElement> {
        self.video.get_untracked().map(|v| {
            let v: &web_sys::HtmlVideoElement = &v;
            v.clone()
        })
    }

    /// The frame index whose time is nearest `t`.
    pub fn frame_at(&self, t: f64) -> usize {
        self.times.with_untracked(|times| {
            let i = times.partition_point(|&x| x <= t + 1e-4);
            i.saturating_sub(1)
        })
    }

    /// Seeks to frame `i` (a quarter interval in, so the browser shows
    /// that frame and not its neighbour).
    pub fn show_frame(&self, i: usize) {
        let Some(v) = self.video_el() else { return };
        let t = self.times.with_untracked(|times| {
            let t = times.get(i).copied()?;
            let next = times.get(i + 1).copied().unwrap_or(t + 1.0 / 30.0);
            Some(t + (next - t) * 0.25)
        });
        if let Some(t) = t {
            let _ = v.pause();
            v.set_current_time(t);
            self.current.set(i);
        }
    }

    /// Places a tag for the chosen product at (fx, fy), fractions of the frame.
    pub fn place(&self, fx: f64, fy: f64) {
        let Some(product) = self.product.get_untracked() else {
            self.say(
                "Choose a product first, then click on it in the picture.",
                true,
            );
            return;
        };
        let (w, h) = self.small.get_untracked();
        let frame = self.current.get_untracked();
        let len = self.times.with_untracked(Vec::len);
        let shot = self.cuts.with_untracked(|c| shot_of(c, len.max(1), frame));
        let anchor = Anchor {
            frame,
            x: (fx * w as f64) as f32,
            y: (fy * h as f64) as f32,
        };
        let mut at = 0;
        self.project
            .update(|p| at = p.place(&product, anchor, shot));
        self.selected.set(Some(at));
        self.placing.set(false);
        self.say(
            "Tag placed. Press Track (T) to follow the product through the shot.",
            false,
        );
    }

    /// Moves the selected tag on this frame and re-tracks around it.
    pub fn correct(&self, fx: f64, fy: f64) {
        let Some(tag) = self.selected.get_untracked() else {
            return;
        };
        let (w, h) = self.small.get_untracked();
        let frame = self.current.get_untracked();
        let anchor = Anchor {
            frame,
            x: (fx * w as f64) as f32,
            y: (fy * h as f64) as f32,
        };
        let mut at = 0;
        self.project.update(|p| at = p.correct(tag, anchor));
        self.track_anchor(tag, at, true);
    }

    /// Tracks the selected tag from its last anchor.
    pub fn track(&self) {
        let Some(tag) = self.selected.get_untracked() else {
            self.say("Select or place a tag first.", true);
            return;
        };
        let last = self
            .project
            .with_untracked(|p| p.state.drafts.get(tag).map(|d| d.anchors.len() - 1));
        if let Some(a) = last {
            self.track_anchor(tag, a, false);
        }
    }

    /// Tracks tag `tag` from anchor `anchor` over its reach; `correction`:
    /// the answer belongs to the correction just made (one undo for both).
    fn track_anchor(&self, tag: usize, anchor: usize, correction: bool) {
        if self.frames.get_untracked() != Frames::Ready {
            self.say("Tracking needs the shot's frames: they are still being captured, or this video's pixels cannot be read.", true);
            return;
        }
        let Some((a, reach)) = self.project.with_untracked(|p| {
            p.state
                .drafts
                .get(tag)
                .map(|d| (d.anchors[anchor], d.reach(anchor)))
        }) else {
            return;
        };
        let ctx = *self;
        self.tracking.set(true);
        self.link.with_value(|l| {
            let Some(l) = l else { return };
            l.track(a.frame, a.x, a.y, reach.start, reach.end, move |answer| {
                ctx.tracking.try_set(false);
                match answer {
                    worker::Answer::Steps(steps, ms) => {
                        let fps = steps.len() as f64 / (ms / 1000.0).max(1e-6);
                        ctx.track_fps.try_set(Some(fps));
                        let unsure = steps.iter().filter(|s| s.status != crate::model::track::run::Status::Tracked).count();
                        ctx.project.try_update(|p| {
                            if correction {
                                p.tracked_after_correction(tag, reach.clone(), &steps)
                            } else {
                                p.tracked(tag, reach.clone(), &steps)
                            }
                        });
                        ctx.say(
                            if unsure > 0 {
                                format!(
                                    "Tracked {} frames ({fps:.0} frames/s in the worker); {unsure} are unsure or lost and will not be exported until you confirm or correct them.",
                                    steps.len()
                                )
                            } else {
                                format!("Tracked {} frames ({fps:.0} frames/s in the worker).", steps.len())
                            },
                            false,
                        );
                    }
                    worker::Answer::Failed(e) => ctx.say(format!("Tracking failed: {e}"), true),
                    worker::Answer::Cuts(_) => {}
                }
            });
        });
    }

    pub fn undo(&self) {
        self.project.update(|p| {
            p.undo();
        });
        self.clamp_selection();
    }

    pub fn redo(&self) {
        self.project.update(|p| {
            p.redo();
        });
        self.clamp_selection();
    }

    fn clamp_selection(&self) {
        let n = self.project.with_untracked(|p| p.state.drafts.len());
        if self.selected.get_untracked().is_some_and(|s| s >= n) {
            self.selected.set(None);
        }
    }
}

/// Saves the work after every change, once the open file's key is known;
/// lists what earlier visits kept.
fn keep_saving(ctx: Ctx) {
    leptos::task::spawn_local(async move {
        if let Ok(keys) = saved::keys().await {
            ctx.kept.try_set(
                keys.iter()
                    .map(|k| k.split('|').next().unwrap_or("").to_string())
                    .collect(),
            );
        }
    });
    Effect::new(move |_| {
        let (state, base) = (ctx.project.with(|p| p.state.clone()), ctx.base.get());
        let Some(key) = ctx.saved_key.get() else {
            return;
        };
        let text = crate::model::studio::project::Saved {
            version: 1,
            base,
            state,
            saved_at: js_sys::Date::now(),
        }
        .to_json();
        leptos::task::spawn_local(async move {
            if saved::put(&key, &text).await.is_err() {
                ctx.say("Your work could not be kept in this browser (IndexedDB refused it); export it before closing the page.", true);
            }
        });
    });
}

/// Once the video's duration is known: restores work kept for this file,
/// then keeps saving under its key.
pub fn restore_saved(ctx: Ctx, duration: f64) {
    let name = ctx.source_name.get_untracked();
    let key =
        crate::model::studio::project::saved_key(&name, ctx.file_size.get_untracked(), duration);
    leptos::task::spawn_local(async move {
        let kept = saved::get(&key)
            .await
            .ok()
            .flatten()
            .and_then(|t| crate::model::studio::project::Saved::from_json(&t));
        if let Some(s) = kept {
            ctx.base.try_set(s.base);
            ctx.project.try_set(Project::restore(s.state));
            ctx.say(format!("Restored your work on {name}."), false);
        }
        ctx.kept.try_set(Vec::new());
        ctx.saved_key.try_set(Some(key));
    });
}

/// The studio as the page holds it.
#[wasm_bindgen]
pub struct StudioHandle(RefCell<Option<(Box<dyn Any>, Owner)>>);

#[wasm_bindgen]
impl StudioHandle {
    /// Removes the view, the worker, the capture and the preview.
    pub fn destroy(&self) {
        if let Some((view, owner)) = self.0.borrow_mut().take() {
            drop(view);
            drop(owner);
        }
    }
}

/// Mounts the studio into `root`.
#[wasm_bindgen]
pub fn studio_start(root: HtmlElement) -> StudioHandle {
    let owner = Owner::new();
    let view = owner.with(|| {
        let ctx = Ctx {
            project: RwSignal::new(Project::default()),
            base: RwSignal::new(Authoring::new("my-video", "USD")),
            video: NodeRef::new(),
            times: RwSignal::new(Vec::new()),
            small: RwSignal::new((320, 180)),
            cuts: RwSignal::new(Vec::new()),
            frames: RwSignal::new(Frames::None),
            current: RwSignal::new(0),
            selected: RwSignal::new(None),
            product: RwSignal::new(None),
            placing: RwSignal::new(false),
            tracking: RwSignal::new(false),
            note: RwSignal::new(None),
            source_name: RwSignal::new(String::new()),
            link: StoredValue::new_local(None),
            capture: StoredValue::new_local(None),
            preview: StoredValue::new_local(None),
            track_fps: RwSignal::new(None),
            capture_started: RwSignal::new(0.0),
            saved_key: RwSignal::new(None),
            file_size: RwSignal::new(0.0),
            kept: RwSignal::new(Vec::new()),
        };
        keep_saving(ctx);
        match worker::Link::start(WORKER_URL, move |e| {
            ctx.say(format!("The tracking worker failed: {e}"), true)
        }) {
            Ok(l) => ctx.link.set_value(Some(l)),
            Err(e) => ctx.say(
                format!("The tracking worker could not start ({e}); tracking is off."),
                true,
            ),
        }
        on_cleanup(move || {
            export::stop_preview(ctx);
            ctx.capture.set_value(None);
            ctx.link.set_value(None);
        });
        leptos::mount::mount_to(root, move || view::app(ctx))
    });
    StudioHandle(RefCell::new(Some((Box::new(view), owner))))
}
