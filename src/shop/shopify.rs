//! Applying what the shopify strategy (`crate::pay::shopify`) reports: the
//! live prices and currency in the sheet, an add's words and its
//! `shoppable:add_to_cart` event, and checkout (the sheet makes way for the
//! theme's cart drawer, the video staying paused; or the page leaves for
//! `/checkout`, which stops the video with the page). `pay` decides; this
//! writes.

use super::Shop;
use crate::model::cart::{Cart, CartLine};
use crate::model::manifest::Manifest;
use crate::model::money::is_currency_code;
use crate::model::shopify::{apply_live, Added};
use crate::pay::shopify as store;
use crate::ui::{sheet, Ctx, PriceFormat};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

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
        let prices = PriceFormat::for_manifest(locale, &m);
        let m = Arc::new(m);
        if ctx.manifest.try_set_value(m.clone()).is_some() {
            // Unmounted meanwhile.
            return;
        }
        *shop.live.borrow_mut() = Some(m);
        ctx.prices.set_value(prices);
        // Draw an open panel again with the store's figures.
        if let Some(p) = ctx.panel.try_get_untracked().flatten() {
            ctx.panel.set(Some(p));
            sheet::refocus(shop.dialog);
        }
    });
}

/// Adds `qty` of variant `variant` of product `product` to the store's
/// cart; with `then_checkout` ("Buy now"), checks out when anything was added.
pub fn add(
    shop: &Rc<Shop>,
    ctx: Ctx,
    product: usize,
    variant: usize,
    qty: u32,
    then_checkout: bool,
) {
    let m = ctx.manifest.get_value();
    let Some((p, v)) = m
        .products
        .get(product)
        .and_then(|p| Some((p, p.variants.get(variant)?)))
    else {
        return;
    };
    let Some(id) = p
        .shopify
        .as_ref()
        .and_then(|s| s.variant_id(&v.id))
        .map(str::to_owned)
    else {
        ctx.message
            .set(Some("This item is not sold in this store's cart.".into()));
        return;
    };
    let mut cart = Cart::for_manifest(&m);
    let lines = match cart.add(&m, product, &v.id, qty) {
        Ok(_) => cart.lines().to_vec(),
        Err(e) => {
            ctx.message.set(Some(e.to_string()));
            return;
        }
    };
    let tag = shop
        .bridge
        .last_tag()
        .and_then(|t| m.tags.get(t))
        .map(|t| t.id.clone())
        .unwrap_or_default();
    ctx.message.set(Some("One moment…".into()));
    ctx.placing.set(true);
    let shop = shop.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let n = lines.first().map_or(qty, |l| l.quantity);
        let answer = store::add(&id, n, &m.video.id, &tag).await;
        ctx.placing.try_set(false);
        if answer.added == Added::All {
            shop.emit("shoppable:add_to_cart", &lines);
        }
        ctx.message.try_set(Some(answer.words));
        if then_checkout && answer.added != Added::None {
            checkout(&shop, ctx, &lines);
        }
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
            ctx.message
                .try_set(Some("Over to the store's checkout…".into()));
        }
    });
}
