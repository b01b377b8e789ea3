//! The shop's view (the sheet, the cart, notices): leptos components and
//! their CSS, nothing else. State comes down as signals; everything the UI
//! wants done goes up as a [`Request`] through [`Ctx::send`]. The tags and the
//! bar over the video are the viewer's (`crate::overlay`), in plain DOM.
//!
//! Trusted Types: leptos's `view!` builds a wholly static element (literal
//! attributes and text only) by parsing its HTML in a `<template>`
//! (`InertElement`, `innerHTML`), which a page enforcing Trusted Types
//! refuses. So no element here is wholly static: a static text is written
//! as a block (`<h2>{"Your cart"}</h2>`), an empty element gets a block
//! attribute (`aria-hidden={"true"}`). tests/e2e/csp.spec.ts opens every
//! panel under Trusted Types.

mod cart;
pub mod sheet;

pub use crate::embed::format::PriceFormat;

use crate::embed::bridge::Bridge;
use crate::model::cart::Cart;
use crate::model::manifest::Manifest;
use crate::player::PlayerRequest;
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

/// The shop's stylesheet, added to the overlay's shadow root.
pub const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/ui.css"));

/// What the UI asks of the layer that mounted it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Request {
    Player(PlayerRequest),
    /// Add `qty` of `products[product].variants[variant]` (manifest indices).
    AddToCart {
        product: usize,
        variant: usize,
        qty: u32,
    },
    /// Set cart line `line` to `qty` (0 removes it).
    SetQuantity {
        line: usize,
        qty: u32,
    },
    /// Buy one variant now, without the cart ("Buy now" on the sheet).
    BuyNow {
        product: usize,
        variant: usize,
        qty: u32,
    },
    /// Buy what is in the cart ("Checkout" in the cart panel).
    Checkout,
    /// Send the order whose tries ended in doubt again, under the same key.
    Retry,
}

/// How a buy button checks out, chosen by the embed layer from
/// `checkout.strategy` and what the page offers; `None` hides buy buttons.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Buy {
    None,
    /// Not known yet: the payment sheet may work, and `canMakePayment()` has
    /// not answered. Buy buttons show but wait, so a fast tap never takes
    /// another strategy by mistake.
    Pending,
    /// The browser's payment sheet (`PaymentRequest`).
    Pay,
    /// The host page's hooks (`checkout.strategy: "host"`); the widget's
    /// own cart stays out of the way.
    Hooks,
    /// A URL template (`checkout.redirect`).
    Redirect,
    /// The theme's cart on a Shopify storefront (`checkout.strategy:
    /// "shopify"`); like `Hooks`, the widget's own cart stays out of the way.
    Shopify,
    /// The shop's cart through WooCommerce's Store API (`"woocommerce"`),
    /// likewise.
    WooCommerce,
    /// The store's cart through BigCommerce's cart URL (`"bigcommerce"`),
    /// likewise.
    BigCommerce,
}

/// Which panel the dialog shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Panel {
    List,
    Product(usize),
    Cart,
    /// A confirmed order: `Ctx::order` holds it.
    Confirmation,
}

/// Mount options that change how the UI behaves.
#[derive(Debug, Clone)]
pub struct UiOptions {
    /// Pause the video while the dialog is open and resume on close if it was playing.
    pub pause_on_open: bool,
}

/// Everything a component needs, as `Copy` arena handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub manifest: StoredValue<Arc<Manifest>>,
    /// The viewer's side of the module boundary (player state, cart count).
    pub bridge: StoredValue<Bridge, LocalStorage>,
    pub panel: RwSignal<Option<Panel>>,
    pub prices: StoredValue<PriceFormat, LocalStorage>,
    pub send: StoredValue<Rc<dyn Fn(Request)>, LocalStorage>,
    pub options: StoredValue<UiOptions>,
    /// The viewer's cart (persisted by the embed layer).
    pub cart: RwSignal<Cart>,
    /// How buy buttons check out.
    pub buy: RwSignal<Buy>,
    /// The answer to the last cart or checkout action, shown in the dialog (role="status").
    pub message: RwSignal<Option<String>>,
    /// A notice over the video (e.g. what changed in a restored cart), dismissible.
    pub notice: RwSignal<Option<String>>,
    /// The confirmed order.
    pub order: RwSignal<Option<Order>>,
    /// True when an order's outcome is in doubt and "Try again" may resend it.
    pub retry: RwSignal<bool>,
    /// True while an order is being placed: the status shows progress and
    /// buy buttons wait, so a second tap cannot start a second order.
    pub placing: RwSignal<bool>,
    /// The live show's pinned products (manifest indices, most recent
    /// first), as the live card last said: they lead "Shop this video".
    pub pinned: RwSignal<Vec<usize>>,
    /// Variant ids (the manifest's) that a store or the server answered
    /// are sold out since the page loaded: the sheet stops offering them,
    /// whatever the manifest said (the seller decides stock).
    pub sold_out: RwSignal<Vec<String>>,
    /// The shop's words in the UI language (`embed::words`).
    pub words: StoredValue<crate::embed::words::Words, LocalStorage>,
}

/// A confirmed order, as the server answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub id: String,
    /// Minor units of the manifest's currency.
    pub total: i64,
    /// A test gateway took it: no money moved.
    pub test: bool,
}

impl Ctx {
    // Each of these is empty once the view is gone: an answer that comes
    // after the sheet closed has nowhere to show, and must not panic.

    /// A message of the shop's catalogue (`model::words::en::shop`).
    pub fn t(&self, key: usize) -> String {
        self.words
            .try_with_value(|w| w.get(key))
            .unwrap_or_default()
    }

    /// A message with its placeholders filled.
    pub fn tw(&self, key: usize, args: &[(&str, &str)]) -> String {
        self.words
            .try_with_value(|w| w.with(key, args))
            .unwrap_or_default()
    }

    /// What a lower layer said (`model::words::Said`), in the viewer's words.
    pub fn word(&self, said: &crate::model::words::Said) -> String {
        self.words
            .try_with_value(|w| w.word(said))
            .unwrap_or_default()
    }

    /// Whether `v` can be bought: the manifest says so and no answer since
    /// has said it is sold out.
    pub fn can_buy(&self, v: &crate::model::manifest::Variant) -> bool {
        v.available && self.sold_out.with(|gone| !gone.contains(&v.id))
    }

    /// Notes that the seller answered variant `id` is sold out.
    pub fn mark_sold_out(&self, id: String) {
        self.sold_out.try_update(|gone| {
            if !gone.contains(&id) {
                gone.push(id);
            }
        });
    }

    pub fn request(&self, r: Request) {
        self.send.with_value(|send| send(r));
    }

    pub fn price(&self, minor: i64) -> String {
        self.prices.with_value(|p| p.format(minor))
    }

    /// "from $19.00" when variants differ in price, else "$19.00".
    pub fn price_label(&self, product: usize) -> String {
        self.manifest
            .with_value(|m| self.prices.with_value(|p| p.label(&m.products[product])))
    }
}

/// The shop's view in the overlay's slot: the notice over the video and the dialog.
pub fn view(ctx: Ctx, dialog: sheet::DialogCtx) -> impl IntoView {
    view! {
        {cart::notice(ctx)}
        {sheet::Dialog(sheet::DialogProps { ctx, d: dialog })}
    }
}
