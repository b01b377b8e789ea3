//! Each tag's lane on the timeline: its span (a bar from its start to its
//! end), the shot cuts, and a handle on the start, the end and every
//! exported keyframe. Drag a handle (mouse, pen or touch: pointer events,
//! captured by the handle, so no listener outlives the drag) or focus it and
//! press ←/→ (a frame; with Shift, ten). The span's edges snap to a shot cut
//! within [`SNAP_PX`]; keyframes never cross their neighbours. A drag is
//! shown in the lane while it lasts and is one edit when released, so one
//! undo takes it back. The maths is `model::studio::drag`.

use core::ops::Range;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Ctx;
use crate::model::studio::drag::{
    boundary_time, move_edge, move_key, nearest_boundary, nearest_frame, snap, Edge, Scale,
};
use crate::model::studio::project::Draft;
use crate::model::track::keyframes::DEFAULT_TOLERANCE;

/// How close (in CSS pixels) a dragged edge must come to a cut to land on it.
pub const SNAP_PX: f64 = 6.0;

/// What a handle moves.
#[derive(Debug, Clone, PartialEq)]
enum Grip {
    /// A span edge: the span now, and the shot it must stay in.
    Edge {
        edge: Edge,
        span: Range<usize>,
        shot: Range<usize>,
    },
    /// Keyframe `index` of a run: its frames now, the run, the keyframe's
    /// source frame (its name for `Project::move_key`).
    Key {
        keys: Vec<usize>,
        index: usize,
        run: Range<usize>,
        source: usize,
    },
}

impl Grip {
    /// Where the handle is now (a boundary for edges, a frame for keys).
    fn value(&self) -> usize {
        match self {
            Grip::Edge {
                edge: Edge::Start,
                span,
                ..
            } => span.start,
            Grip::Edge {
                edge: Edge::End,
                span,
                ..
            } => span.end,
            Grip::Key { keys, index, .. } => keys[*index],
        }
    }

    /// Where it lands when asked to go to `to`.
    fn land(&self, to: usize) -> usize {
        match self {
            Grip::Edge { edge, span, shot } => {
                let s = move_edge(span.clone(), *edge, to, shot.clone());
                if *edge == Edge::Start {
                    s.start
                } else {
                    s.end
                }
            }
            Grip::Key {
                keys, index, run, ..
            } => move_key(keys, *index, to, run.clone()),
        }
    }

    fn time(&self, times: &[f64], at: usize) -> f64 {
        match self {
            Grip::Edge { .. } => boundary_time(times, at),
            Grip::Key { .. } => times.get(at).copied().unwrap_or(0.0),
        }
    }

    fn commit(&self, ctx: Ctx, tag: usize, at: usize) {
        match self {
            Grip::Edge { edge, span, shot } => {
                let s = move_edge(span.clone(), *edge, at, shot.clone());
                ctx.project.update(|p| p.set_span(tag, s));
            }
            Grip::Key { source, .. } => ctx.project.update(|p| p.move_key(tag, *source, at)),
        }
    }
}

/// A drag in progress: the handle's name and where it would land.
#[derive(Debug, Clone, PartialEq)]
pub struct Held {
    name: String,
    at: usize,
}

/// The frames a draft's span covers now: the author's, else its tracked
/// frames, else its anchors'.
fn span_of(d: &Draft) -> Range<usize> {
    if let Some(s) = &d.span {
        return s.clone();
    }
    let frames = || {
        d.steps
            .iter()
            .map(|s| s.frame)
            .chain(d.anchors.iter().map(|a| a.frame))
    };
    let lo = frames().min().unwrap_or(0);
    let hi = frames().max().unwrap_or(0);
    lo..hi + 1
}

/// The lane of draft `k`; `held` is the page's one drag in progress.
pub fn lane(ctx: Ctx, k: usize, d: &Draft, held: RwSignal<Option<Held>>) -> impl IntoView {
    let times = ctx.times.get_untracked();
    let (w, h) = ctx.small.get_untracked();
    let duration = boundary_time(&times, times.len()).max(0.001);
    let pct = move |t: f64| t / duration * 100.0;
    let span = span_of(d);
    let mut grips: Vec<(String, String, Grip)> = [(Edge::Start, "start"), (Edge::End, "end")]
        .into_iter()
        .map(|(edge, word)| {
            (
                format!("{}:{word}", d.id),
                format!("{word} of {}", d.id),
                Grip::Edge {
                    edge,
                    span: span.clone(),
                    shot: d.shot.clone(),
                },
            )
        })
        .collect();
    for e in d.export(&times, w as f64, h as f64, DEFAULT_TOLERANCE) {
        for (index, &source) in e.sources.iter().enumerate() {
            grips.push((
                format!("{}:k{source}", d.id),
                format!("keyframe {} of {}", index + 1, e.tag.id),
                Grip::Key {
                    keys: e.frames.clone(),
                    index,
                    run: e.run.clone(),
                    source,
                },
            ));
        }
    }
    let start_name = format!("{}:start", d.id);
    let end_name = format!("{}:end", d.id);
    let (s0, e0) = (span.start, span.end);
    let times2 = times.clone();
    let fill = move || {
        let now = |name: &str, v: usize| match held.get() {
            Some(h) if h.name == name => h.at,
            _ => v,
        };
        let (a, b) = (
            boundary_time(&times2, now(&start_name, s0)),
            boundary_time(&times2, now(&end_name, e0)),
        );
        format!(
            "left:{:.3}%;width:{:.3}%",
            pct(a),
            (pct(b) - pct(a)).max(0.3)
        )
    };
    let cuts: Vec<String> = ctx.cuts.with_untracked(|c| {
        c.iter()
            .map(|&c| format!("left:{:.3}%", pct(boundary_time(&times, c))))
            .collect()
    });
    view! {
        <div class="lane" data-testid="lane" role="group" aria-label=format!("Timeline of {}", d.id)>
            <span class="fill" style=fill></span>
            {cuts.into_iter().map(|s| view! { <span class="cut" aria-hidden="true" style=s></span> }).collect_view()}
            {grips.into_iter().map(|(name, label, grip)| handle(ctx, k, held, name, label, grip, duration)).collect_view()}
        </div>
    }
}

fn handle(
    ctx: Ctx,
    tag: usize,
    held: RwSignal<Option<Held>>,
    name: String,
    label: String,
    grip: Grip,
    duration: f64,
) -> impl IntoView {
    let value = grip.value();
    let times = StoredValue::new(ctx.times.get_untracked());
    let grip = StoredValue::new(grip);
    let name = StoredValue::new(name);
    let is_mine = move || {
        held.with(|h| {
            h.as_ref()
                .is_some_and(|h| name.with_value(|n| *n == h.name))
        })
    };
    let at = move || match held.get() {
        Some(h) if name.with_value(|n| *n == h.name) => h.at,
        _ => value,
    };
    let t = move || times.with_value(|ts| grip.with_value(|g| g.time(ts, at())));
    let kind = grip.with_value(|g| match g {
        Grip::Edge {
            edge: Edge::Start, ..
        } => "handle start",
        Grip::Edge { .. } => "handle end",
        Grip::Key { .. } => "handle key",
    });
    // Where the pointer is on the lane, as the boundary or frame it points at.
    let pointed = move |e: &ev::PointerEvent| -> Option<usize> {
        let el: web_sys::Element = e.current_target()?.dyn_into().ok()?;
        let r = el.parent_element()?.get_bounding_client_rect();
        let scale = Scale {
            width: r.width(),
            duration,
        };
        let time = scale.time(e.client_x() as f64 - r.left());
        let to = times.with_value(|ts| {
            grip.with_value(|g| match g {
                Grip::Edge { .. } => {
                    let b = nearest_boundary(ts, time);
                    ctx.cuts.with_untracked(|c| snap(b, ts, c, scale, SNAP_PX))
                }
                Grip::Key { .. } => nearest_frame(ts, time),
            })
        });
        Some(grip.with_value(|g| g.land(to)))
    };
    let down = move |e: ev::PointerEvent| {
        if e.button() != 0 {
            return;
        }
        e.prevent_default();
        e.stop_propagation();
        if let Some(el) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(e.pointer_id());
            let _ = el.unchecked_ref::<web_sys::HtmlElement>().focus();
        }
        ctx.selected.set(Some(tag));
        held.set(Some(Held {
            name: name.get_value(),
            at: value,
        }));
    };
    let moved = move |e: ev::PointerEvent| {
        if !is_mine() {
            return;
        }
        if let Some(to) = pointed(&e) {
            held.update(|h| {
                if let Some(h) = h {
                    h.at = to;
                }
            });
        }
    };
    let up = move |e: ev::PointerEvent| {
        if !is_mine() {
            return;
        }
        let to = pointed(&e).unwrap_or(value);
        held.set(None);
        if to != value {
            grip.with_value(|g| g.commit(ctx, tag, to));
        }
    };
    let cancel = move |_| {
        if is_mine() {
            held.set(None);
        }
    };
    let key = move |e: ev::KeyboardEvent| {
        let by: isize = match e.key().as_str() {
            "ArrowLeft" => -1,
            "ArrowRight" => 1,
            _ => return,
        } * if e.shift_key() { 10 } else { 1 };
        e.prevent_default();
        e.stop_propagation();
        let to = grip.with_value(|g| g.land((value as isize + by).max(0) as usize));
        if to != value {
            grip.with_value(|g| g.commit(ctx, tag, to));
            // The lanes are drawn anew after an edit: keep the focus on
            // this handle's successor, once it is drawn.
            let name = name.get_value();
            request_animation_frame(move || refocus(&name));
        }
    };
    view! {
        <span class=kind data-handle=name.get_value() role="slider" tabindex="0"
            class:held=is_mine
            aria-label=label
            aria-orientation="horizontal"
            aria-valuemin="0"
            aria-valuemax=format!("{duration:.3}")
            aria-valuenow=move || format!("{:.3}", t())
            aria-valuetext=move || format!("{:.3} s", t())
            style=move || format!("--at:{:.3}%", t() / duration * 100.0)
            on:pointerdown=down on:pointermove=moved on:pointerup=up
            on:pointercancel=cancel on:lostpointercapture=cancel
            on:keydown=key></span>
    }
}

fn refocus(name: &str) {
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector(&format!("[data-handle=\"{name}\"]"))
            .ok()
            .flatten()
    });
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
