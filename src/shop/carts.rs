//! Applying what a platform's cart strategy (`crate::pay::shopify`,
//! `woocommerce`, `bigcommerce`) reports: an add's words and its
//! `shoppable:add_to_cart` event, live prices in the sheet, and checkout.
//! The three differ only in the id they send and how they send it; `pay`
//! decides, this writes.

use super::shopify;
use super::Shop;
use crate::model::cart::{Cart, CartLine};
use crate::model::manifest::{Manifest, Product};
use crate::model::money::is_currency_code;
use crate::model::store_cart::{is_offered, AddAnswer, Added};
use crate::model::woocommerce::apply_live;
use crate::model::words::en::shop as w;
use crate::pay::{bigcommerce, shopify as shopify_store, woocommerce};
use crate::ui::{sheet, Buy, Ctx, PriceFormat};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

/// Whether `buy` is a platform's own cart (the widget's cart stays out of
/// the way).
pub fn is_platform(buy: Buy) -> bool {
    matches!(buy, Buy::Shopify | Buy::WooCommerce | Buy::BigCommerce)
}

/// The id `buy`'s platform takes for variant `variant` of `p`.
fn item(buy: Buy, p: &Product, variant: &str) -> Option<String> {
    match buy {
        Buy::Shopify => p.shopify.as_ref()?.variant_id(variant),
        Buy::WooCommerce => p.woocommerce.as_ref()?.item_id(variant),
        Buy::BigCommerce => p.bigcommerce.as_ref()?.sku(variant),
        _ => None,
    }
    .map(str::to_owned)
}

async fn send(buy: Buy, item: &str, qty: u32, video: &str, tag: &str) -> AddAnswer {
    match buy {
        Buy::Shopify => shopify_store::add(item, qty, video, tag).await,
        Buy::WooCommerce => woocommerce::add(item, qty).await,
        _ => bigcommerce::add(item, qty, video, tag).await,
    }
}

/// Adds `qty` of variant `variant` of product `product` to the platform's
/// cart; with `then_checkout` ("Buy now"), checks out when anything was
/// added.
pub fn add(
    shop: &Rc<Shop>,
    ctx: Ctx,
    product: usize,
    variant: usize,
    qty: u32,
    then_checkout: bool,
) {
    let buy = ctx.buy.get_untracked();
    let m = ctx.manifest.get_value();
    let Some((p, v)) = m
        .products
        .get(product)
        .and_then(|p| Some((p, p.variants.get(variant)?)))
    else {
        return;
    };
    let Some(id) = item(buy, p, &v.id) else {
        ctx.message.set(Some(ctx.t(w::STORE_NOT_SOLD)));
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
    ctx.message.set(Some(ctx.t(w::ONE_MOMENT)));
    ctx.placing.set(true);
    let shop = shop.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let n = lines.first().map_or(qty, |l| l.quantity);
        let answer = send(buy, &id, n, &m.video.id, &tag).await;
        ctx.placing.try_set(false);
        if answer.added == Added::All {
            shop.emit("shoppable:add_to_cart", &lines);
        }
        ctx.message.try_set(Some(ctx.word(&answer.words)));
        if then_checkout && answer.added != Added::None {
            checkout(&shop, ctx, &lines);
        }
        if answer.added != Added::All {
            // The store decides stock, and only its live figures say
            // whether a short add means sold out (Shopify's 422 is also
            // "the most allowed is in your cart").
            let p = &m.products[product];
            if offered(buy, p, &id).await == Some(false) {
                ctx.mark_sold_out(p.variants[variant].id.clone());
            }
        }
    });
}

/// Whether the store offers its item `id` of `p` now (`None`: no live
/// figures, as on BigCommerce, or no answer).
async fn offered(buy: Buy, p: &Product, id: &str) -> Option<bool> {
    let live = match buy {
        Buy::Shopify => shopify_store::live(&p.shopify.as_ref()?.handle).await?,
        Buy::WooCommerce => vec![woocommerce::live(id).await?.0],
        _ => return None,
    };
    Some(is_offered(&live, id))
}

/// Checks out in the platform's cart: `shoppable:begin_checkout`, then the
/// platform's checkout (Shopify's may open the theme's cart in the page).
pub fn checkout(shop: &Rc<Shop>, ctx: Ctx, lines: &[CartLine]) {
    match ctx.buy.get_untracked() {
        Buy::Shopify => shopify::checkout(shop, ctx, lines),
        buy => {
            shop.emit("shoppable:begin_checkout", lines);
            ctx.message.set(Some(ctx.t(w::STORE_TO_CHECKOUT)));
            if buy == Buy::WooCommerce {
                woocommerce::checkout();
            } else {
                bigcommerce::checkout();
            }
        }
    }
}

/// Shows `m`, a copy of the sheet's manifest with the store's live
/// figures: the sheet's manifest is replaced and an open panel drawn again.
pub(super) fn show_live(shop: &Rc<Shop>, ctx: Ctx, locale: Option<String>, m: Manifest) {
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
}

/// WooCommerce's live prices and stock (`GET …/products/<id>` for each
/// mapped product or variation), then shown. An add meanwhile goes through
/// at the store's price all the same: the store decides prices and stock.
pub fn load_live_woo(shop: &Rc<Shop>, ctx: Ctx, locale: Option<String>) {
    let shop = shop.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let Some(mut m) = ctx.manifest.try_with_value(|m| Manifest::clone(m)) else {
            return;
        };
        let mut currency = None;
        for i in 0..m.products.len() {
            let p = &m.products[i];
            let Some(w) = p.woocommerce.as_ref() else {
                continue;
            };
            let ids: Vec<String> = p
                .variants
                .iter()
                .filter_map(|v| w.item_id(&v.id).map(str::to_owned))
                .collect();
            let mut live = Vec::new();
            for id in ids {
                if let Some((l, c)) = woocommerce::live(&id).await {
                    live.push(l);
                    currency.get_or_insert(c);
                }
            }
            // With none answered, the manifest's figures stand.
            if !live.is_empty() {
                apply_live(&mut m, i, &live);
            }
        }
        match currency.filter(|c| is_currency_code(c)) {
            Some(c) => m.currency = c,
            None => return,
        }
        show_live(&shop, ctx, locale, m);
    });
}
