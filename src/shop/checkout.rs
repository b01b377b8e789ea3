//! Applying what `crate::pay` reports to the view. The payment sheet's
//! checkout (`pay::Update`): progress and words in the dialog (or over the
//! video when it is closed), the confirmation panel, the emptied cart, the
//! purchase event, and the order kept for "Try again". A host page's hook
//! (`pay::HookAnswer`): its words and the add-to-cart event. `crate::pay`
//! decides; this writes.

use super::{persist, Shop};
use crate::model::words::en::shop as w;
// `pay::Update` by its path: leptos's prelude has an `Update` trait.
use crate::pay::{self, Confirmed, HookAnswer, Report};
use crate::ui::{Ctx, Order, Panel};
use leptos::prelude::*;
use std::future::Future;
use std::rc::Rc;

/// The report callback for one tap (or a resumed order) of this shop.
pub fn reporter(shop: &Rc<Shop>, ctx: Ctx) -> Report {
    let shop = shop.clone();
    Rc::new(move |u| apply(&shop, ctx, u))
}

/// "Try again": resends the order kept from a round that ended in doubt.
pub fn retry(shop: &Rc<Shop>, ctx: Ctx) {
    let Some(p) = shop.pending.borrow_mut().take() else {
        return;
    };
    ctx.retry.set(false);
    pay::retry(shop.clone(), p, reporter(shop, ctx));
}

/// Waits for a host page's hook (`pay::hook_add_to_cart`, `pay::hook_checkout`)
/// with "One moment…" shown, then shows its answer; an accepted add is sent
/// as `shoppable:add_to_cart`.
pub fn show_hook_answer(
    shop: &Rc<Shop>,
    ctx: Ctx,
    answer: impl Future<Output = HookAnswer> + 'static,
) {
    ctx.message.set(Some(ctx.t(w::ONE_MOMENT)));
    let shop = shop.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = answer.await;
        if let HookAnswer::Accepted {
            added: Some(lines), ..
        } = &answer
        {
            shop.emit("shoppable:add_to_cart", lines);
        }
        if let HookAnswer::Refused {
            sold_out: Some(id), ..
        } = &answer
        {
            ctx.mark_sold_out(id.clone());
        }
        ctx.message.try_set(Some(ctx.word(answer.words())));
    });
}

fn apply(shop: &Rc<Shop>, ctx: Ctx, u: pay::Update) {
    match u {
        pay::Update::SheetOpen => {
            ctx.retry.try_set(false);
            say(ctx, ctx.t(w::WAITING_SHEET));
        }
        pay::Update::Placing { try_number, of } => {
            ctx.placing.try_set(true);
            let words = if try_number <= 1 {
                ctx.t(w::PLACING)
            } else {
                let (n, of) = (try_number.to_string(), of.to_string());
                ctx.tw(w::PLACING_AGAIN, &[("n", &n), ("of", &of)])
            };
            say(ctx, words);
        }
        pay::Update::Cancelled => {
            ctx.placing.try_set(false);
            say(ctx, ctx.t(w::CANCELLED));
        }
        pay::Update::Failed { words, retry } => {
            ctx.placing.try_set(false);
            let in_doubt = retry.is_some();
            *shop.pending.borrow_mut() = retry;
            ctx.retry.try_set(in_doubt);
            say(ctx, ctx.word(&words));
        }
        pay::Update::Confirmed(c) => confirmed(shop, ctx, c),
        pay::Update::SoldOut { variant_id } => ctx.mark_sold_out(variant_id),
    }
}

fn confirmed(shop: &Rc<Shop>, ctx: Ctx, c: Confirmed) {
    ctx.placing.try_set(false);
    if c.from_cart {
        // The items are bought, whether or not the answer could be read.
        ctx.cart.try_update(|cart| cart.clear());
        ctx.cart.with_untracked(|cart| persist(&shop.key, cart));
    }
    let Some((order_id, total, test)) = c.order else {
        say(ctx, ctx.t(w::PLACED));
        return;
    };
    shop.emit_purchase(&c.lines, &order_id);
    let words = ctx.tw(w::ORDER_CONFIRMED, &[("id", &order_id)]);
    ctx.order.try_set(Some(Order {
        id: order_id,
        total,
        test,
    }));
    ctx.message.try_set(None);
    if ctx.panel.get_untracked().is_some() {
        ctx.panel.try_set(Some(Panel::Confirmation));
    } else {
        ctx.notice.try_set(Some(words));
    }
}

/// Tells the viewer: in the dialog when it is open, else over the video.
fn say(ctx: Ctx, text: String) {
    if ctx.panel.get_untracked().is_some() {
        ctx.message.try_set(Some(text));
    } else {
        ctx.notice.try_set(Some(text));
    }
}
