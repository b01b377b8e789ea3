//! The cart: its button in the overlay (with a count badge), the notice
//! over the video, the cart panel of the dialog, and the confirmation panel.
//! Every change goes up as a [`Request`]; the embed layer updates the cart
//! signal, stores it and sends the events.

use super::{sheet, Buy, Ctx, Panel, Request};
use leptos::prelude::*;

/// "Cart, N items": shown once the cart holds something, and never when the
/// host page's own cart takes the items.
pub fn button(ctx: Ctx) -> impl IntoView {
    let count = move || ctx.cart.with(|c| c.count());
    let shown = move || count() > 0 && ctx.buy.get() != Buy::Host;
    move || {
        shown().then(|| {
            let n = count().to_string();
            let label = ["Cart, ", n.as_str(), if n == "1" { " item" } else { " items" }].concat();
            view! {
                <button class="shop cart-button" type="button" aria-haspopup="dialog" aria-label=label
                    on:click=move |ev| sheet::open(ctx, Panel::Cart, &ev)>
                    <span class="shop-icon" aria-hidden="true"></span>
                    "Cart"
                    <span class="badge" aria-hidden="true">{n}</span>
                </button>
            }
        })
    }
}

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
pub fn stepper(name: String, value: Signal<u32>, max: Signal<u32>, set: impl Fn(u32) + Copy + 'static) -> impl IntoView {
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

/// The status line of the dialog: the answer to the last action.
pub fn status(ctx: Ctx) -> impl IntoView {
    view! { <p class="message" role="status">{move || ctx.message.get()}</p> }
}

pub fn panel(ctx: Ctx) -> impl IntoView {
    let lines = move || {
        ctx.cart.with(|c| {
            c.lines()
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let name = l.name();
                    let qty = l.quantity;
                    let value = Signal::derive(move || qty);
                    let max = l.max_quantity;
                    let remove = ["Remove ", name.as_str()].concat();
                    let total = l.total().map(|t| ctx.price(t)).unwrap_or_default();
                    view! {
                        <li class="item line">
                            <span class="item-text">
                                <span class="item-title">{name.clone()}</span>
                                <span class="item-price">{ctx.price(l.unit_price)}" each · "{total}</span>
                            </span>
                            {stepper(name, value, Signal::derive(move || max),
                                move |q| ctx.request(Request::SetQuantity { line: i, qty: q }))}
                            <button type="button" class="secondary remove" aria-label=remove
                                on:click=move |_| ctx.request(Request::SetQuantity { line: i, qty: 0 })>"Remove"</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let empty = move || ctx.cart.with(|c| c.is_empty());
    let subtotal = move || ctx.cart.with(|c| c.subtotal().map(|s| ctx.price(s)).unwrap_or_default());
    let can_buy = move || ctx.buy.get() != Buy::None && !empty();
    view! {
        <h2 id="sv-title">"Your cart"</h2>
        {move || empty().then(|| view! { <p class="empty">"Your cart is empty."</p> })}
        <ul class="items">{lines}</ul>
        {move || (!empty()).then(|| view! {
            <p class="subtotal">"Subtotal: "<strong>{subtotal}</strong></p>
        })}
        {move || can_buy().then(|| view! {
            <button type="button" class="primary buy" on:click=move |_| ctx.request(Request::Checkout)>"Checkout"</button>
        })}
        {status(ctx)}
    }
}

pub fn confirmation(ctx: Ctx) -> impl IntoView {
    let order = ctx.order.get_untracked();
    let (id, total) = order.map(|(id, t)| (id, ctx.price(t))).unwrap_or_default();
    view! {
        <h2 id="sv-title">"Thank you!"</h2>
        <p>"Your order is confirmed."</p>
        <p class="order">"Order number: "<strong class="order-id">{id}</strong></p>
        <p class="order-total">"Total: "<strong>{total}</strong></p>
    }
}
