//! The cart: the notice over the video, the cart panel of the dialog, and
//! the confirmation panel. (The cart button is the viewer's, `crate::overlay`.)
//! Every change goes up as a [`Request`]; the embed layer updates the cart
//! signal, stores it and sends the events.

use super::{Buy, Ctx, Request};
use leptos::prelude::*;

/// A dismissible notice over the video, e.g. what changed in a restored cart.
pub fn notice(ctx: Ctx) -> impl IntoView {
    view! {
        <div class="notice-box" role="status">
            {move || ctx.notice.get().map(|text| view! {
                <p class="notice">
                    <span>{text}</span>
                    <button type="button" class="dismiss" aria-label="Dismiss"
                        on:click=move |_| ctx.notice.set(None)>"×"</button>
                </p>
            })}
        </div>
    }
}

/// A − n + stepper from 1 to `max`, writing through `set`.
pub fn stepper(
    name: String,
    value: Signal<u32>,
    max: Signal<u32>,
    set: impl Fn(u32) + Copy + 'static,
) -> impl IntoView {
    let less = ["Fewer ", name.as_str()].concat();
    let more = ["More ", name.as_str()].concat();
    let label = ["Quantity of ", name.as_str()].concat();
    view! {
        <span class="stepper" role="group" aria-label=label>
            <button type="button" class="step" aria-label=less disabled={move || value.get() <= 1}
                on:click=move |_| set(value.get_untracked().saturating_sub(1).max(1))>"−"</button>
            <output class="qty">{move || value.get().to_string()}</output>
            <button type="button" class="step" aria-label=more disabled={move || value.get() >= max.get()}
                on:click=move |_| set(value.get_untracked().saturating_add(1))>"+"</button>
        </span>
    }
}

/// The status line of the dialog: the answer to the last action, with a
/// spinner and `aria-busy` while an order is being placed.
pub fn status(ctx: Ctx) -> impl IntoView {
    let busy = move || ctx.placing.get().then_some("true");
    view! {
        <p class="message" role="status" aria-busy=busy>
            {move || ctx.placing.get().then(|| view! { <span class="spinner" aria-hidden={"true"}></span> })}
            {move || ctx.message.get()}
        </p>
        {move || ctx.retry.get().then(|| view! {
            <button type="button" class="primary retry" on:click=move |_| ctx.request(Request::Retry)>"Try again"</button>
        })}
    }
}

/// One cart line, found again by its ids at each read: the list is keyed,
/// so a stepper keeps its node (and focus) while its quantity changes.
fn row(ctx: Ctx, pid: String, vid: String) -> impl IntoView {
    let ids = StoredValue::new((pid, vid));
    let find = move |c: &crate::model::cart::Cart| {
        ids.with_value(|(p, v)| {
            c.lines()
                .iter()
                .position(|l| &l.product_id == p && &l.variant_id == v)
        })
    };
    let line = move || ctx.cart.with(|c| find(c).map(|i| c.lines()[i].clone()));
    let Some(l) = ctx
        .cart
        .with_untracked(|c| find(c).map(|i| c.lines()[i].clone()))
    else {
        return ().into_any();
    };
    let name = l.name();
    let value = Signal::derive(move || line().map(|l| l.quantity).unwrap_or(0));
    let max = Signal::derive(move || line().map(|l| l.max_quantity).unwrap_or(1));
    let total = move || {
        line()
            .and_then(|l| l.total())
            .map(|t| ctx.price(t))
            .unwrap_or_default()
    };
    let set = move |q: u32| {
        if let Some(i) = ctx.cart.with_untracked(|c| find(c)) {
            ctx.request(Request::SetQuantity { line: i, qty: q });
        }
    };
    let remove = ["Remove ", name.as_str()].concat();
    view! {
        <li class="item line">
            <span class="item-text">
                <span class="item-title">{name.clone()}</span>
                <span class="item-price">{ctx.price(l.unit_price)}" each · "{total}</span>
            </span>
            {stepper(name, value, max, set)}
            <button type="button" class="secondary remove" aria-label=remove on:click=move |_| { set(0); super::sheet::focus_close(); }>"Remove"</button>
        </li>
    }
    .into_any()
}

pub fn panel(ctx: Ctx) -> impl IntoView {
    let keys = Memo::new(move |_| {
        ctx.cart.with(|c| {
            c.lines()
                .iter()
                .map(|l| (l.product_id.clone(), l.variant_id.clone()))
                .collect::<Vec<_>>()
        })
    });
    let lines = view! {
        <For each=move || keys.get() key=|k| k.clone() children=move |(p, v)| row(ctx, p, v)/>
    };
    let empty = move || ctx.cart.with(|c| c.is_empty());
    let subtotal = move || {
        ctx.cart
            .with(|c| c.subtotal().map(|s| ctx.price(s)).unwrap_or_default())
    };
    let can_buy = move || ctx.buy.get() != Buy::None && !empty();
    view! {
        <h2 id="sv-title">{"Your cart"}</h2>
        {move || empty().then(|| view! { <p class="empty">{"Your cart is empty."}</p> })}
        <ul class="items">{lines}</ul>
        {move || (!empty()).then(|| view! {
            <p class="subtotal">"Subtotal: "<strong>{subtotal}</strong></p>
        })}
        {move || can_buy().then(|| view! {
            <button type="button" class="primary buy" disabled=move || ctx.buy.get() == Buy::Pending || ctx.placing.get()
                on:click=move |_| ctx.request(Request::Checkout)>"Checkout"</button>
        })}
        {status(ctx)}
    }
}

pub fn confirmation(ctx: Ctx) -> impl IntoView {
    let order = ctx.order.get_untracked();
    let test = order.as_ref().is_some_and(|o| o.test);
    let (id, total) = order
        .map(|o| (o.id, ctx.price(o.total)))
        .unwrap_or_default();
    view! {
        <h2 id="sv-title">{"Thank you!"}</h2>
        <p>{"Your order is confirmed."}</p>
        <p class="order">"Order number: "<strong class="order-id">{id}</strong></p>
        <p class="order-total">"Total: "<strong>{total}</strong></p>
        {test.then(|| view! { <p class="test-order">{"Test order — no money moved."}</p> })}
    }
}
