//! The tag buttons that follow products across the frame.
//!
//! Per frame, one memo recomputes which tags are placed where, and ONE effect
//! writes every button's `transform` (compositor-only, so tags move without
//! layout). Buttons are created and removed by a keyed list only when the set
//! of visible tags changes. One effect for all tags, rather than a reactive
//! style per tag, keeps the per-frame cost to a single task however many tags
//! are on screen.

use super::{sheet, Ctx, Panel, Request};
use crate::model::geometry::to_overlay;
use crate::model::timeline::position_at;
use leptos::html;
use leptos::prelude::*;
use web_sys::CssStyleDeclaration;

/// (tag index, x, y) in overlay pixels, ascending by tag index.
type Placed = Vec<(usize, f64, f64)>;
/// The live buttons' style objects, by tag index.
type Nodes = StoredValue<Vec<(usize, CssStyleDeclaration)>, LocalStorage>;

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
    let nodes: Nodes = StoredValue::new_local(Vec::new());

    Effect::new(move |_| {
        placed.with(|p| {
            nodes.with_value(|live| {
                for (index, style) in live {
                    if let Some(css) = transform_of(p, *index) {
                        let _ = style.set_property("transform", &css);
                    }
                }
            })
        })
    });

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
            <TagButton ctx=ctx index=i placed=placed nodes=nodes/>
        </For>
    }
}

#[component]
fn TagButton(ctx: Ctx, index: usize, placed: Memo<Placed>, nodes: Nodes) -> impl IntoView {
    let (tag_id, product, title) = ctx.manifest.with_value(|m| {
        let tag = &m.tags[index];
        (tag.id.clone(), tag.product, m.products[tag.product].title.clone())
    });
    let label = [title.as_str(), ", ", ctx.price_label(product).as_str()].concat();
    // Placed right from the start; the shared effect moves it from then on.
    let initial = placed.with_untracked(|p| transform_of(p, index)).unwrap_or_default();
    let node = NodeRef::<html::Button>::new();
    node.on_load(move |el| nodes.update_value(|live| live.push((index, web_sys::HtmlElement::style(&el)))));
    on_cleanup(move || {
        nodes.try_update_value(|live| live.retain(|(i, _)| *i != index));
    });
    view! {
        <button class="tag" type="button" node_ref=node data-tag-id=tag_id aria-label=label
            aria-haspopup="dialog" style:transform=initial
            on:click=move |ev| {
                ctx.request(Request::TagClick(index));
                sheet::open(ctx, Panel::Product(product), &ev);
            }>
            <span class="dot" aria-hidden="true"></span>
        </button>
    }
}

/// `translate(Xpx,Ypx)` for tag `index`, if it is placed.
fn transform_of(p: &Placed, index: usize) -> Option<String> {
    let k = p.binary_search_by_key(&index, |e| e.0).ok()?;
    let mut s = String::with_capacity(40);
    s.push_str("translate(");
    push_px(&mut s, p[k].1);
    s.push(',');
    push_px(&mut s, p[k].2);
    s.push(')');
    Some(s)
}

/// Hundredths of a pixel, written with integer formatting (cheaper per frame
/// than float formatting).
fn push_px(s: &mut String, v: f64) {
    use std::fmt::Write;
    let hundredths = (v * 100.0).round() as i64;
    if hundredths < 0 {
        s.push('-');
    }
    let h = hundredths.unsigned_abs();
    let _ = write!(s, "{}", h / 100);
    let frac = (h % 100) as u8;
    if frac != 0 {
        s.push('.');
        s.push((b'0' + frac / 10) as char);
        if frac % 10 != 0 {
            s.push((b'0' + frac % 10) as char);
        }
    }
    s.push_str("px");
}
