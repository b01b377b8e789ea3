//! The cart: the notice over the video, the cart panel of the dialog, and
//! the confirmation panel. (The cart button is the viewer's, `crate::overlay`.)
//! Every change goes up as a [`Request`]; the embed layer updates the cart
//! signal, stores it and sends the events.

use super::{Buy, Ctx, Request};
use crate::model::words::en::shop as w;
use leptos::prelude::*;

/// A dismissible notice over the video, e.g. what changed in a restored cart.
pub fn notice(ctx: Ctx) -> impl IntoView {
    view! {
        <div class="notice-box" role="status">
            {move || ctx.notice.get().map(|text| view! {
                <p class="notice">
                    <span>{text}</span>
                    <button type="button" class="dismiss" aria-label={ctx.t(w::DISMISS)}
                        on:click=move |_| ctx.notice.set(None)>"×"</button>
                </p>
            })}
        </div>
    }
}

/// A − n + stepper from 1 to `max`, writing through `set`.
pub fn stepper(
    ctx: Ctx,
    name: String,
    value: Signal<u32>,
    max: Signal<u32>,
    set: impl Fn(u32) + Copy + 'static,
) -> impl IntoView {
    let less = ctx.tw(w::FEWER, &[("name", &name)]);
    let more = ctx.tw(w::MORE, &[("name", &name)]);
    let label = ctx.tw(w::QUANTITY, &[("name", &name)]);
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
            <button type="button" class="primary retry" on:click=move |_| ctx.request(Request::Retry)>{ctx.t(w::TRY_AGAIN)}</button>
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
    let remove = ctx.tw(w::REMOVE_LABEL, &[("name", &name)]);
    let each = move |unit: String| ctx.tw(w::EACH, &[("price", &unit)]);
    view! {
        <li class="item line">
            <span class="item-text">
                <span class="item-title">{name.clone()}</span>
                <span class="item-price">{each(ctx.price(l.unit_price))}" · "{total}</span>
            </span>
            {stepper(ctx, name, value, max, set)}
            <button type="button" class="secondary remove" aria-label=remove on:click=move |_| { set(0); super::sheet::focus_close(); }>{ctx.t(w::REMOVE)}</button>
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
        <h2 id="sv-title">{ctx.t(w::CART_TITLE)}</h2>
        {move || empty().then(|| view! { <p class="empty">{ctx.t(w::CART_EMPTY)}</p> })}
        <ul class="items">{lines}</ul>
        {move || (!empty()).then(|| view! {
            <p class="subtotal">{ctx.t(w::SUBTOTAL)}" "<strong>{subtotal}</strong></p>
        })}
        {move || can_buy().then(|| view! {
            <button type="button" class="primary buy" disabled=move || ctx.buy.get() == Buy::Pending || ctx.placing.get()
                on:click=move |_| ctx.request(Request::Checkout)>{ctx.t(w::CHECKOUT)}</button>
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
        <h2 id="sv-title">{ctx.t(w::THANKS)}</h2>
        <p>{ctx.t(w::CONFIRMED)}</p>
        <p class="order">{ctx.t(w::ORDER_NUMBER)}" "<strong class="order-id">{id}</strong></p>
        <p class="order-total">{ctx.t(w::TOTAL)}" "<strong>{total}</strong></p>
        {test.then(|| view! { <p class="test-order">{ctx.t(w::TEST_ORDER)}</p> })}
    }
}
