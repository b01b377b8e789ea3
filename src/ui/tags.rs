//! The tag buttons that follow products across the frame.
//!
//! Per frame only two memos recompute: which tags are placed where, and (when
//! that set changes) the list of tag ids. Each button then only rewrites its
//! own `transform`, a compositor-only property, so tags move without layout.

use super::{sheet, Ctx, Panel, Request};
use crate::model::geometry::to_overlay;
use crate::model::timeline::position_at;
use leptos::prelude::*;

/// (tag index, x, y) in overlay pixels, ascending by tag index.
type Placed = Vec<(usize, f64, f64)>;

#[component]
pub fn Tags(ctx: Ctx) -> impl IntoView {
    let placed = Memo::new(move |_| -> Placed {
        let t = ctx.time.get();
        let Some(layout) = ctx.layout.get() else { return Vec::new() };
        let mut active = Vec::new();
        ctx.timeline.with_value(|tl| tl.active_at(t, &mut active));
        ctx.manifest.with_value(|m| {
            active
                .into_iter()
                .filter_map(|i| {
                    let (x, y) = to_overlay(&layout, position_at(&m.tags[i], t))?;
                    Some((i, x, y))
                })
                .collect()
        })
    });
    let ids = Memo::new(move |_| placed.with(|p| p.iter().map(|e| e.0).collect::<Vec<usize>>()));

    // One tag_view per appearance: report ids that were not shown last time.
    Effect::new(move |prev: Option<Vec<usize>>| {
        let now = ids.get();
        for id in &now {
            if !prev.as_ref().is_some_and(|p| p.contains(id)) {
                ctx.request(Request::TagView(*id));
            }
        }
        now
    });

    view! {
        <For each=move || ids.get() key=|i| *i let:i>
            <TagButton ctx=ctx index=i placed=placed/>
        </For>
    }
}

#[component]
fn TagButton(ctx: Ctx, index: usize, placed: Memo<Placed>) -> impl IntoView {
    let (tag_id, product, title) = ctx.manifest.with_value(|m| {
        let tag = &m.tags[index];
        (tag.id.clone(), tag.product, m.products[tag.product].title.clone())
    });
    let label = [title.as_str(), ", ", ctx.price_label(product).as_str()].concat();
    let transform = move || {
        placed.with(|p| match p.binary_search_by_key(&index, |e| e.0) {
            Ok(k) => {
                let (x, y) = (round(p[k].1), round(p[k].2));
                let mut s = String::with_capacity(40);
                s.push_str("translate(");
                push_num(&mut s, x);
                s.push_str("px,");
                push_num(&mut s, y);
                s.push_str("px)");
                s
            }
            Err(_) => String::new(),
        })
    };
    view! {
        <button class="tag" type="button" data-tag-id=tag_id aria-label=label aria-haspopup="dialog"
            style:transform=transform
            on:click=move |ev| {
                ctx.request(Request::TagClick(index));
                sheet::open(ctx, Panel::Product(product), &ev);
            }>
            <span class="dot" aria-hidden="true"></span>
        </button>
    }
}

/// Hundredths of a pixel are plenty and keep the style strings short.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

fn push_num(s: &mut String, v: f64) {
    use std::fmt::Write;
    let _ = write!(s, "{v}");
}
