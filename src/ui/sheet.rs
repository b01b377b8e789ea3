//! The modal dialog: "Shop this video" (every product in the video) and the
//! product sheet. A native `<dialog>` opened with `showModal()` gives the top
//! layer (no z-index fights with the host page), an inert background and
//! Escape-to-close; we add a Tab wrap so focus never leaves it, and return
//! focus to whatever opened it.

use super::{Ctx, Panel};
use crate::model::cart::quantity_limit;
use crate::model::manifest::{Product, Variant};
use crate::model::words::en::shop as w;
use crate::player::PlayerRequest;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// Per-mount dialog handles, made before the view (the viewer's "open"
/// arrives from outside it) and provided as context by [`Dialog`].
#[derive(Clone, Copy)]
pub struct DialogCtx {
    node: NodeRef<html::Dialog>,
    close: NodeRef<html::Button>,
    opener: StoredValue<Option<HtmlElement>, LocalStorage>,
    resume: StoredValue<bool>,
}

impl Default for DialogCtx {
    fn default() -> DialogCtx {
        DialogCtx::new()
    }
}

impl DialogCtx {
    pub fn new() -> DialogCtx {
        DialogCtx {
            node: NodeRef::new(),
            close: NodeRef::new(),
            opener: StoredValue::new_local(None),
            resume: StoredValue::new(false),
        }
    }
}

/// Opens the dialog on `panel`, remembering the control that opened it.
pub fn show(ctx: Ctx, d: DialogCtx, panel: Panel, opener: Option<HtmlElement>) {
    ctx.message.set(None);
    // Open means the dialog is open, not that a panel is set: the panel is
    // cleared by the `close` event, a task after the dialog closed, and a
    // show() in between (Escape, then Enter at once) must open it again.
    let had_panel = ctx.panel.get_untracked().is_some();
    let was_open = d.node.get_untracked().map_or(had_panel, |n| n.open());
    ctx.panel.set(Some(panel));
    if was_open {
        return;
    }
    d.opener.set_value(opener);
    let pause =
        ctx.options.with_value(|o| o.pause_on_open) && !ctx.bridge.with_value(|b| b.paused());
    // Reopened before that `close` event ran: the play it owed is kept.
    d.resume
        .set_value(pause || (had_panel && d.resume.get_value()));
    if pause {
        ctx.request(super::Request::Player(PlayerRequest::Pause));
    }
    if let Some(dialog) = d.node.get_untracked() {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
    }
    if let Some(b) = d.close.get_untracked() {
        let _ = b.focus();
    }
}

/// Changes the panel of an open dialog. The control that was clicked goes away
/// with the old panel, so focus moves to the close button, which stays.
pub fn switch(ctx: Ctx, panel: Panel) {
    ctx.message.set(None);
    ctx.panel.set(Some(panel));
    focus_close();
}

/// Moves focus to the dialog's close button, which never goes away: for when
/// the focused control is about to be removed (a panel switch, a removed line).
pub fn focus_close() {
    if let Some(b) = use_context::<DialogCtx>().and_then(|d| d.close.get_untracked()) {
        let _ = b.focus();
    }
}

/// Closes the dialog for the host page's own UI (a Shopify theme's cart
/// drawer, which a modal dialog would cover), leaving the video paused: the
/// viewer is busy with their cart.
pub fn close_paused(d: DialogCtx) {
    d.resume.set_value(false);
    if let Some(n) = d.node.get_untracked() {
        n.close();
    }
}

/// Moves focus to the close button after a panel was drawn again under
/// the viewer (the control they were on went with the old one).
pub fn refocus(d: DialogCtx) {
    if let Some(b) = d.close.get_untracked() {
        let _ = b.focus();
    }
}

/// Runs on the dialog's `close` event, whatever closed it (button, Escape).
fn on_closed(ctx: Ctx, d: DialogCtx) {
    // Opened again before this event ran (see `show`): nothing closed.
    if d.node.get_untracked().is_some_and(|n| n.open()) {
        return;
    }
    ctx.panel.set(None);
    if d.resume.get_value() {
        d.resume.set_value(false);
        ctx.request(super::Request::Player(PlayerRequest::Play));
    }
    // Back to what opened the dialog; if that is gone (its tag left the
    // frame after "Jump to"), to the "Shop this video" button.
    let opener = d
        .opener
        .try_update_value(|o| o.take())
        .flatten()
        .filter(|el| el.is_connected());
    let target = opener.or_else(|| {
        let root = d
            .node
            .get_untracked()?
            .get_root_node()
            .dyn_into::<web_sys::ShadowRoot>()
            .ok()?;
        root.query_selector("button.shop")
            .ok()
            .flatten()?
            .dyn_into::<HtmlElement>()
            .ok()
    });
    if let Some(el) = target {
        let _ = el.focus();
    }
}

#[component]
pub fn Dialog(ctx: Ctx, d: DialogCtx) -> impl IntoView {
    provide_context(d);
    // The confirmation replaces the panel whose Buy button was pressed.
    Effect::new(move |_| {
        if ctx.panel.get() == Some(Panel::Confirmation) {
            if let Some(b) = d.close.get_untracked() {
                let _ = b.focus();
            }
        }
    });
    let body = move || match ctx.panel.get() {
        None => ().into_any(),
        Some(Panel::List) => list(ctx).into_any(),
        Some(Panel::Product(p)) => product(ctx, p).into_any(),
        Some(Panel::Cart) => super::cart::panel(ctx).into_any(),
        Some(Panel::Confirmation) => super::cart::confirmation(ctx).into_any(),
    };
    view! {
        <dialog class="sheet" node_ref=d.node role="dialog" aria-modal="true" aria-labelledby="sv-title"
            on:close=move |_| on_closed(ctx, d)
            on:keydown=move |e| trap_tab(&e)>
            <button class="close" type="button" aria-label={ctx.t(w::CLOSE)} node_ref=d.close
                on:click=move |_| { if let Some(n) = d.node.get_untracked() { n.close(); } }>
                "×"
            </button>
            {body}
        </dialog>
    }
}

/// Keeps Tab and Shift+Tab cycling inside the dialog.
fn trap_tab(e: &ev::KeyboardEvent) {
    if e.key() != "Tab" {
        return;
    }
    let Some(dialog) = e
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let Ok(list) = dialog.query_selector_all(
        "button:not([disabled]),a[href],input:not([disabled]),select,[tabindex]",
    ) else {
        return;
    };
    let (Some(first), Some(last)) = (list.item(0), list.item(list.length().saturating_sub(1)))
    else {
        return;
    };
    let active = dialog
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|r| r.active_element());
    let at = |n: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(n)));
    let target = if e.shift_key() && at(&first) {
        last
    } else if !e.shift_key() && at(&last) {
        first
    } else {
        return;
    };
    e.prevent_default();
    if let Ok(el) = target.dyn_into::<HtmlElement>() {
        let _ = el.focus();
    }
}

fn list(ctx: Ctx) -> impl IntoView {
    // A live show's pinned products first (most recent first), then the rest
    // in manifest order.
    let items = move || {
        let pinned = ctx.pinned.get();
        let n = ctx.manifest.with_value(|m| m.products.len());
        let rest = (0..n).filter(|i| !pinned.contains(i));
        let order: Vec<usize> = pinned
            .iter()
            .copied()
            .filter(|&i| i < n)
            .chain(rest)
            .collect();
        ctx.manifest.with_value(|m| {
            order
                .into_iter()
                .map(|i| item(ctx, m, i, pinned.contains(&i)))
                .collect_view()
        })
    };
    view! {
        <h2 id="sv-title">{ctx.t(w::LIST_TITLE)}</h2>
        <ul class="items">{items}</ul>
    }
}

fn item(ctx: Ctx, m: &crate::model::manifest::Manifest, i: usize, pinned: bool) -> impl IntoView {
    let p = &m.products[i];
    let first = m.first_appearance(i);
    let title = p.title.clone();
    let jump_label = ctx.tw(w::JUMP_LABEL, &[("name", &title)]);
    let view_label = ctx.tw(w::VIEW_LABEL, &[("name", &title)]);
    view! {
        <li class="item">
            {thumb(p)}
            <span class="item-text">
                <span class="item-title">{title}</span>
                {pinned.then(|| view! { <span class="pinned">{ctx.t(w::PINNED)}</span> })}
                <span class="item-price">{ctx.price_label(i)}</span>
            </span>
            {first.map(|t| view! {
                <button type="button" class="secondary" aria-label=jump_label
                    on:click=move |_| {
                        ctx.request(super::Request::Player(PlayerRequest::Seek(t)));
                        if let Some(d) = use_context::<DialogCtx>() {
                            if let Some(n) = d.node.get_untracked() { n.close(); }
                        }
                    }>{ctx.t(w::JUMP)}</button>
            })}
            <button type="button" aria-label=view_label
                on:click=move |_| switch(ctx, Panel::Product(i))>{ctx.t(w::VIEW)}</button>
        </li>
    }
}

fn thumb(p: &Product) -> impl IntoView {
    p.image
        .clone()
        .map(|src| view! { <img class="thumb" src=src alt="" loading="lazy"/> })
}

fn product(ctx: Ctx, index: usize) -> impl IntoView {
    let p = ctx.manifest.with_value(|m| m.products[index].clone());
    // Untracked: a later sold-out answer changes what is offered, not the
    // viewer's choice (reading it tracked would draw the panel again).
    let initial = untrack(|| {
        p.variants
            .iter()
            .find(|v| ctx.can_buy(v))
            .unwrap_or(&p.variants[0])
            .options
            .clone()
    });
    let chosen = RwSignal::new(initial);
    let variants = StoredValue::new(p.variants.clone());
    let variant_index = Memo::new(move |_| {
        chosen.with(|c| variants.with_value(|vs| vs.iter().position(|v| &v.options == c)))
    });
    let variant = Memo::new(move |_| {
        let mut v = variant_index
            .get()
            .and_then(|i| variants.with_value(|vs| vs.get(i).cloned()))?;
        v.available = ctx.can_buy(&v);
        Some(v)
    });
    let qty = RwSignal::new(1u32);
    let limit = Signal::derive(move || variant.get().map(|v| quantity_limit(&v)).unwrap_or(1));
    // A lower limit on the newly chosen variant pulls the quantity down with it.
    Effect::new(move |_| {
        let l = limit.get();
        if qty.get_untracked() > l {
            qty.set(l);
        }
    });
    let buyable = move || variant.get().is_some_and(|v| v.available);
    let add = move |_| {
        if let Some(v) = variant_index.get_untracked() {
            ctx.request(super::Request::AddToCart {
                product: index,
                variant: v,
                qty: qty.get_untracked(),
            });
        }
    };
    let buy_now = move |_| {
        if let Some(v) = variant_index.get_untracked() {
            ctx.request(super::Request::BuyNow {
                product: index,
                variant: v,
                qty: qty.get_untracked(),
            });
        }
    };
    let show_buy = move || ctx.buy.get() != super::Buy::None;
    let stepper = super::cart::stepper(ctx, p.title.clone(), qty.into(), limit, move |q| {
        qty.set(q.min(limit.get_untracked()).max(1))
    });
    let price = move || {
        variant
            .get()
            .map(|v| ctx.price(v.price))
            .unwrap_or_default()
    };
    let compare = move || {
        variant
            .get()
            .and_then(|v| v.compare_at.filter(|c| *c > v.price))
            .map(|c| {
                let was = ctx.price(c);
                let label = ctx.tw(w::WAS, &[("price", &was)]);
                view! { <s class="compare" aria-label=label>{was}</s> }
            })
    };
    let stock = move || {
        ctx.t(match variant.get() {
            Some(v) if v.available => w::IN_STOCK,
            Some(_) => w::SOLD_OUT,
            None => w::UNAVAILABLE,
        })
    };
    let pickers = p
        .options
        .iter()
        .enumerate()
        .map(|(k, name)| option_picker(ctx, k, name.clone(), &p.variants, chosen))
        .collect_view();
    // The pickers sit in a <form> of their own for Chromium's sake: a named
    // radio outside any form is grouped by its tree scope (here the overlay's
    // shadow root), and Chromium leaves a removed one in that shadow root's
    // radio group, so every closed sheet's nodes stayed alive (about 60 a
    // sheet; tests/e2e/leaks.spec.ts). In a form they are grouped by the
    // form, which goes away with them. Nothing submits it: every button here
    // is type="button", and a submit (Enter on a radio) is prevented.
    let pickers = view! {
        <form class="pickers" on:submit=|e: ev::SubmitEvent| e.prevent_default()>{pickers}</form>
    };
    let has_list = ctx.manifest.with_value(|m| m.products.len() > 1);
    view! {
        {has_list.then(|| view! {
            <button type="button" class="back" on:click=move |_| switch(ctx, Panel::List)>
                {ctx.t(w::ALL_PRODUCTS)}
            </button>
        })}
        <div class="product">
            {p.image.clone().map(|src| view! { <img class="hero" src=src alt=p.title.clone()/> })}
            <div class="info">
                {p.brand.clone().map(|b| view! { <p class="brand">{b}</p> })}
                <h2 id="sv-title">{p.title.clone()}</h2>
                <p class="price"><span class="now">{price}</span>" "{compare}</p>
                {pickers}
                <p class="stock" role="status">{stock}</p>
                <div class="buy-row">
                    {stepper}
                    <button type="button" class="primary add" disabled=move || !buyable() on:click=add>{ctx.t(w::ADD)}</button>
                    {move || show_buy().then(|| view! {
                        <button type="button" class="primary buy" disabled=move || !buyable() || ctx.buy.get() == super::Buy::Pending || ctx.placing.get() on:click=buy_now>{ctx.t(w::BUY_NOW)}</button>
                    })}
                </div>
                {super::cart::status(ctx)}
                {p.description.clone().map(|d| view! { <p class="desc">{d}</p> })}
                {p.url.clone().map(|u| view! {
                    <a class="link" href=u target="_blank" rel="noopener">{ctx.t(w::PRODUCT_PAGE)}</a>
                })}
            </div>
        </div>
    }
}

/// One fieldset of radio buttons for option `k`; values with no available
/// variant (given the other choices) are marked sold out.
fn option_picker(
    ctx: Ctx,
    k: usize,
    name: String,
    variants: &[Variant],
    chosen: RwSignal<Vec<String>>,
) -> impl IntoView {
    let mut values: Vec<String> = Vec::new();
    for v in variants {
        if let Some(val) = v.options.get(k) {
            if !values.contains(val) {
                values.push(val.clone());
            }
        }
    }
    let variants = StoredValue::new(variants.to_vec());
    let group = ["opt-", name.as_str()].concat();
    let buttons = values
        .into_iter()
        .map(|val| {
            let v2 = val.clone();
            let v3 = val.clone();
            let sold_out = move || {
                chosen.with(|c| {
                    variants.with_value(|vs| {
                        !vs.iter().any(|v| {
                            ctx.can_buy(v)
                                && v.options.get(k) == Some(&v2)
                                && v.options.iter().enumerate().all(|(j, o)| j == k || c.get(j) == Some(o))
                        })
                    })
                })
            };
            let checked = move || chosen.with(|c| c.get(k) == Some(&v3));
            let marked = sold_out.clone();
            view! {
                <label class="choice" class:sold-out=marked>
                    <input type="radio" name=group.clone() value=val.clone() prop:checked=checked
                        on:change={
                            let val = val.clone();
                            move |_| chosen.update(|c| if let Some(slot) = c.get_mut(k) { *slot = val.clone() })
                        }/>
                    <span>{val.clone()}</span>
                    {move || sold_out().then(|| view! { <span class="note">{[" ", ctx.t(w::CHOICE_SOLD_OUT).as_str()].concat()}</span> })}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="options">
            <legend>{name}</legend>
            {buttons}
        </fieldset>
    }
}
