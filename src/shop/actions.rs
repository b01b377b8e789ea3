//! Carrying out the UI's cart and buy requests: the cart signal and its
//! `localStorage` copy, the commerce events, and the hand-over to the
//! checkout strategy (`crate::pay`).

use crate::embed::bridge::Bridge;
use crate::embed::events;
use crate::model::cart::{Cart, CartLine, StoredCart};
use crate::model::events::{CommerceDetail, PurchaseDetail};
use crate::model::manifest::Manifest;
use crate::model::redirect::Template;
use crate::model::words::en::shop as w;
use crate::pay::{self, Hooks};
use crate::ui::{sheet::DialogCtx, Buy, Ctx, Request};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// What one mount's shop needs, shared by the request handler.
pub struct Shop {
    pub manifest: Arc<Manifest>,
    /// Where `shoppable:*` events go (the video).
    pub target: Element,
    /// The viewer: video time and the last tapped tag, for attribution.
    pub bridge: Bridge,
    /// `model::cart::storage_key` of this video's cart.
    pub key: String,
    pub redirect: Option<Template>,
    pub hooks: Option<Hooks>,
    /// `checkout.endpoint` resolved against the manifest URL.
    pub endpoint: Option<String>,
    /// `checkout.apple_pay_session` (or its default) resolved the same way.
    pub apple_pay_session: Option<String>,
    pub site: String,
    /// The page's `paymentMethods` option.
    pub methods: Option<JsValue>,
    /// The page's `paymentOptions` (shipping and payer fields to ask for).
    pub pay_options: Option<JsValue>,
    /// An order whose last round of tries ended in doubt, for "Try again".
    pub pending: RefCell<Option<pay::Pending>>,
    /// The payment sheet open for a live deal, so it can be aborted when
    /// the deal ends under it.
    pub sheet: RefCell<Option<pay::DealSheet>>,
    /// The dialog, for a checkout that makes way for the host page's cart.
    pub dialog: DialogCtx,
    /// The manifest with a Shopify store's live prices and currency, once
    /// read (`shop::shopify`): the events say what the sheet shows.
    pub live: RefCell<Option<Arc<Manifest>>>,
}

impl Shop {
    pub fn video_time(&self) -> f64 {
        self.bridge.time()
    }

    /// The manifest as the sheet shows it: with the store's live figures
    /// when there are some.
    pub fn current(&self) -> Arc<Manifest> {
        self.live
            .borrow()
            .clone()
            .unwrap_or_else(|| self.manifest.clone())
    }

    pub fn emit(&self, name: &str, lines: &[CartLine]) {
        let d = events::commerce_detail(
            &self.current(),
            lines,
            self.bridge.last_tag(),
            self.video_time(),
        );
        events::emit(&self.target, name, &d);
    }

    pub fn emit_product_view(&self, product: usize) {
        let d = events::product_detail(
            &self.current(),
            product,
            self.bridge.last_tag(),
            self.video_time(),
        );
        events::emit(&self.target, "shoppable:product_view", &d);
    }

    pub fn emit_purchase(&self, lines: &[CartLine], order_id: &str) {
        let d = PurchaseDetail {
            commerce: CommerceDetail::lines(
                &self.manifest,
                lines,
                self.bridge.last_tag(),
                self.video_time(),
            ),
            order_id,
            transaction_id: order_id,
        };
        events::emit(
            &self.target,
            "shoppable:purchase",
            &events::purchase_detail(&d),
        );
    }

    /// The lines of a one-variant purchase, priced from the manifest.
    pub fn single(
        &self,
        product: usize,
        variant: usize,
        qty: u32,
    ) -> Result<Vec<CartLine>, String> {
        let m = &self.manifest;
        let vid = m
            .products
            .get(product)
            .and_then(|p| p.variants.get(variant))
            .map(|v| v.id.clone())
            .ok_or("no such item")?;
        let mut c = Cart::for_manifest(m);
        c.add(m, product, &vid, qty).map_err(|e| e.to_string())?;
        Ok(c.lines().to_vec())
    }
}

/// The stored cart for `key`, checked against the manifest; what changed is
/// told through `ctx.notice`. A stored cart that cannot be read is removed
/// with one console warning.
pub fn restore(key: &str, m: &Manifest, ctx: Ctx) -> Cart {
    let Some(store) = local_storage() else {
        return Cart::for_manifest(m);
    };
    let Ok(Some(text)) = store.get_item(key) else {
        return Cart::for_manifest(m);
    };
    let parsed = js_sys::JSON::parse(&text)
        .map_err(|e| crate::embed::describe(&e))
        .and_then(|v| serde_wasm_bindgen::from_value::<StoredCart>(v).map_err(|e| e.to_string()))
        .and_then(|s| Cart::restore(s, m).map_err(|e| e.to_string()));
    match parsed {
        Ok((cart, changes)) => {
            if !changes.is_empty() {
                let words: Vec<String> = changes
                    .iter()
                    .map(|c| ctx.word(&c.said(&|minor| ctx.price(minor))))
                    .collect();
                ctx.notice.set(Some(words.join(" ")));
                // Told once: the cart now matches the manifest.
                persist(key, &cart);
            }
            cart
        }
        Err(e) => {
            web_sys::console::warn_1(
                &[
                    "shoppable: the stored cart ",
                    key,
                    " could not be read (",
                    e.as_str(),
                    "); discarded",
                ]
                .concat()
                .into(),
            );
            let _ = store.remove_item(key);
            Cart::for_manifest(m)
        }
    }
}

/// Writes the cart (or removes the key when it is empty).
pub fn persist(key: &str, cart: &Cart) {
    let Some(store) = local_storage() else { return };
    if cart.is_empty() {
        let _ = store.remove_item(key);
        return;
    }
    let text = serde_wasm_bindgen::to_value(&cart.to_stored())
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string());
    if let Some(t) = text {
        // A full or blocked storage only costs the cart's survival across reloads.
        let _ = store.set_item(key, &t);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Carries out a cart or buy request from the UI.
pub fn handle(shop: &Rc<Shop>, ctx: Ctx, r: Request) {
    match r {
        Request::AddToCart {
            product,
            variant,
            qty,
        } if super::carts::is_platform(ctx.buy.get_untracked()) => {
            super::carts::add(shop, ctx, product, variant, qty, false)
        }
        Request::BuyNow {
            product,
            variant,
            qty,
        } if super::carts::is_platform(ctx.buy.get_untracked()) => {
            super::carts::add(shop, ctx, product, variant, qty, true)
        }
        Request::AddToCart {
            product,
            variant,
            qty,
        } => {
            if ctx.buy.get_untracked() == Buy::Hooks {
                match shop.single(product, variant, qty) {
                    Ok(lines) if lines.is_empty() => {}
                    Ok(lines) => {
                        let answer = pay::hook_add_to_cart(
                            shop.hooks.as_ref(),
                            &shop.manifest.currency,
                            lines,
                        );
                        super::checkout::show_hook_answer(shop, ctx, answer);
                    }
                    Err(e) => ctx.message.set(Some(e)),
                }
                return;
            }
            let m = &shop.manifest;
            let Some(vid) = m
                .products
                .get(product)
                .and_then(|p| p.variants.get(variant))
                .map(|v| v.id.clone())
            else {
                return;
            };
            let mut applied = None;
            ctx.cart
                .update(|c| applied = Some(c.add(m, product, &vid, qty)));
            match applied {
                Some(Ok(a)) => {
                    let lines = shop.single(product, variant, qty).unwrap_or_default();
                    shop.emit("shoppable:add_to_cart", &lines);
                    let n = a.quantity.to_string();
                    let msg = if a.clamped {
                        let limit = a.limit.to_string();
                        ctx.tw(w::AT_MOST_CART, &[("limit", &limit), ("n", &n)])
                    } else {
                        ctx.tw(w::ADDED, &[("n", &n)])
                    };
                    ctx.message.set(Some(msg));
                    ctx.cart.with_untracked(|c| persist(&shop.key, c));
                }
                Some(Err(e)) => ctx.message.set(Some(e.to_string())),
                None => {}
            }
        }
        Request::SetQuantity { line, qty } => {
            let mut msg = None;
            ctx.cart.update(|c| {
                let Some(l) = c.lines().get(line).cloned() else {
                    return;
                };
                match c.set_quantity(&l.product_id, &l.variant_id, qty) {
                    Ok(a) if a.clamped => {
                        let limit = a.limit.to_string();
                        msg = Some(ctx.tw(w::AT_MOST, &[("limit", &limit)]))
                    }
                    Ok(a) if a.quantity == 0 => {
                        msg = Some(ctx.tw(w::REMOVED, &[("name", &l.name())]))
                    }
                    Ok(_) => {}
                    Err(e) => msg = Some(e.to_string()),
                }
            });
            ctx.message.set(msg);
            ctx.cart.with_untracked(|c| persist(&shop.key, c));
        }
        Request::BuyNow {
            product,
            variant,
            qty,
        } => match shop.single(product, variant, qty) {
            Ok(lines) => buy(shop, ctx, lines, false),
            Err(e) => ctx.message.set(Some(e)),
        },
        Request::Retry => super::checkout::retry(shop, ctx),
        Request::Checkout => {
            let lines = ctx.cart.with_untracked(|c| c.lines().to_vec());
            if !lines.is_empty() {
                buy(shop, ctx, lines, true);
            }
        }
        _ => {}
    }
}

/// Hands `lines` to the chosen strategy. Runs inside the click handler, so
/// the payment sheet can open in the tap's user activation.
fn buy(shop: &Rc<Shop>, ctx: Ctx, lines: Vec<CartLine>, from_cart: bool) {
    match ctx.buy.get_untracked() {
        Buy::None | Buy::Pending => {}
        Buy::Shopify | Buy::WooCommerce | Buy::BigCommerce => {
            super::carts::checkout(shop, ctx, &lines)
        }
        Buy::Redirect => {
            let Some(t) = &shop.redirect else { return };
            let items: Vec<(&str, u32)> = lines
                .iter()
                .map(|l| (l.variant_id.as_str(), l.quantity))
                .collect();
            match t.expand(&items) {
                Ok(url) => {
                    shop.emit("shoppable:begin_checkout", &lines);
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().assign(&url);
                    }
                }
                Err(e) => ctx.message.set(Some(
                    ctx.tw(w::ONE_AT_A_TIME, &[("reason", &e.to_string())]),
                )),
            }
        }
        Buy::Hooks => {
            shop.emit("shoppable:begin_checkout", &lines);
            let answer = pay::hook_checkout(shop.hooks.as_ref(), &shop.manifest.currency, &lines);
            super::checkout::show_hook_answer(shop, ctx, answer);
        }
        Buy::Pay => {
            shop.emit("shoppable:begin_checkout", &lines);
            let report = super::checkout::reporter(shop, ctx);
            pay::pay(shop.clone(), lines, from_cart, None, report);
        }
    }
}
