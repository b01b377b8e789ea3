//! Checkout strategies: the host page's hooks (`hooks.rs`), the browser's
//! payment sheet (`request.rs` binds `PaymentRequest`, `apple.rs` answers
//! Apple Pay's merchant validation, `order.rs` posts the order over
//! `http.rs` under a key from `key.rs`), and the choice between them (with
//! redirect, which needs no code beyond `model::redirect`).
//!
//! `pay` writes no view state: it decides and reports outcomes in its own
//! types (the payment sheet's [`Update`]s, a hook's [`HookAnswer`], the
//! chosen [`Strategy`]), and the shop (`crate::shop`) applies them to the
//! view. Requests go up, state comes down.

mod apple;
pub mod bigcommerce;
mod hooks;
mod http;
mod key;
mod order;
mod request;
pub mod shopify;
pub mod woocommerce;

pub use crate::embed::hooks::Hooks;
pub use hooks::{hook_add_to_cart, hook_checkout, HookAnswer};
pub use order::{resume_stored, retry, Pending};
pub use request::{abort_deal, can_make_payment, has_payment_request, pay, DealSheet};

use crate::model::cart::CartLine;
use std::rc::Rc;

/// What the payment sheet's checkout tells the shop, as it happens.
pub enum Update {
    /// The sheet is open; the viewer is choosing.
    SheetOpen,
    /// Try `try_number` of `of` is about to go (after its wait).
    Placing {
        try_number: u8,
        of: u8,
    },
    Confirmed(Confirmed),
    /// The order failed; `words` are for the viewer. `retry` holds it when
    /// its outcome is in doubt, for "Try again" ([`retry`]) under its key.
    Failed {
        words: crate::model::words::Said,
        retry: Option<Pending>,
    },
    /// The viewer closed the sheet: nothing happened.
    Cancelled,
    /// The server refused the order because variant `variant_id` (the
    /// manifest's id) is sold out; `Failed` follows with the words.
    SoldOut {
        variant_id: String,
    },
}

/// A placed order.
pub struct Confirmed {
    /// Order id, total in minor units, and whether a test gateway took it;
    /// `None` when the server's 2xx body could not be read.
    pub order: Option<(String, i64, bool)>,
    /// The lines sent, for the purchase event.
    pub lines: Vec<CartLine>,
    /// Whether the order was the cart's (emptied now).
    pub from_cart: bool,
}

/// Where updates go; called on the main thread, any number of times.
pub type Report = Rc<dyn Fn(Update)>;

/// How a tap checks out, as [`choose`] decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// The browser's payment sheet (`PaymentRequest`), the order posted to
    /// `checkout.endpoint`.
    PaymentSheet,
    /// The host page's hooks. The option string stays `checkout.strategy:
    /// "host"` (documented); the Rust name says what is used.
    Hooks,
    /// A URL template (`checkout.redirect`).
    Redirect,
    /// The theme's cart on a Shopify storefront (`shopify.rs`).
    Shopify,
    /// The shop's cart through WooCommerce's Store API (`woocommerce.rs`).
    WooCommerce,
    /// The store's cart through BigCommerce's cart URL (`bigcommerce.rs`).
    BigCommerce,
    /// None of them can work here.
    Unavailable,
}

/// Which platform carts can take the manifest's products: Shopify's when
/// the page is a Shopify storefront and a product has a `shopify` block;
/// WooCommerce's and BigCommerce's when a product has their block.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stores {
    pub shopify: bool,
    pub woocommerce: bool,
    pub bigcommerce: bool,
}

/// The strategy for `checkout.strategy` (`None` = auto) given what the page
/// offers. `pay_ok` is whether `PaymentRequest` exists and
/// `canMakePayment()` said yes (known only after the first sheet opens);
/// `stores` says which platform carts can take the manifest's products. On
/// a Shopify storefront `auto` takes the store's own cart first: its
/// checkout is where the merchant's orders, stock and payments live.
/// WooCommerce and BigCommerce are taken only when named: no global of
/// theirs is on every storefront page (README, "WooCommerce and
/// BigCommerce").
pub fn choose(
    strategy: Option<&str>,
    pay_ok: bool,
    endpoint: bool,
    hooks: bool,
    redirect: bool,
    stores: Stores,
) -> Strategy {
    match strategy.unwrap_or("auto") {
        "shopify" | "auto" if stores.shopify => Strategy::Shopify,
        "woocommerce" if stores.woocommerce => Strategy::WooCommerce,
        "bigcommerce" if stores.bigcommerce => Strategy::BigCommerce,
        "payment_request" if pay_ok && endpoint => Strategy::PaymentSheet,
        "host" if hooks => Strategy::Hooks,
        "redirect" if redirect => Strategy::Redirect,
        "auto" if pay_ok && endpoint => Strategy::PaymentSheet,
        "auto" if hooks => Strategy::Hooks,
        "auto" if redirect => Strategy::Redirect,
        _ => Strategy::Unavailable,
    }
}
