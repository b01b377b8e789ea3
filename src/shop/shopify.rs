//! Applying what the shopify strategy (`crate::pay::shopify`) reports: the
//! live prices and currency in the sheet, and checkout (the sheet makes way for the
//! theme's cart drawer, the video staying paused; or the page leaves for
//! `/checkout`, which stops the video with the page). `pay` decides; this
//! writes.

use super::Shop;
use crate::model::cart::CartLine;
use crate::model::manifest::Manifest;
use crate::model::money::is_currency_code;
use crate::model::shopify::apply_live;
use crate::model::words::en::shop as w;
use crate::pay::shopify as store;
use crate::ui::{sheet, Ctx};
use leptos::prelude::*;
use std::rc::Rc;

/// Whether `auto` may choose the store's cart: a Shopify storefront, and a
/// manifest that maps at least one product to it.
pub fn available(m: &Manifest) -> bool {
    m.products.iter().any(|p| p.shopify.is_some()) && store::detected()
}

/// Fetches the live prices and availability of every mapped product and
/// the cart's currency, then shows them: the sheet's manifest is replaced
/// and an open panel drawn again. An add meanwhile goes through at the
/// store's price all the same: Shopify decides prices and stock.
pub fn load_live(shop: &Rc<Shop>, ctx: Ctx, locale: Option<String>) {
    let shop = shop.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(mut m) = ctx.manifest.try_with_value(|m| Manifest::clone(m)) else {
            return;
        };
        for i in 0..m.products.len() {
            let Some(handle) = m.products[i].shopify.as_ref().map(|s| s.handle.clone()) else {
                continue;
            };
            if let Some(live) = store::live(&handle).await {
                apply_live(&mut m, i, &live);
            }
        }
        if let Some(c) = store::currency().await.filter(|c| is_currency_code(c)) {
            m.currency = c;
        }
        super::carts::show_live(&shop, ctx, locale, m);
    });
}

/// Checks out in the store: `shoppable:begin_checkout`, then the theme's
/// cart (the sheet closes for it, leaving the video paused) or `/checkout`.
pub fn checkout(shop: &Rc<Shop>, ctx: Ctx, lines: &[CartLine]) {
    shop.emit("shoppable:begin_checkout", lines);
    if store::opens_cart() {
        sheet::close_paused(shop.dialog);
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let store::Checkout::Leaving = store::checkout().await {
            ctx.message.try_set(Some(ctx.t(w::STORE_TO_CHECKOUT)));
        }
    });
}
