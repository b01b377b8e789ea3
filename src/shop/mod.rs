//! The shop module: the sheet, the cart and checkout for one mounted video,
//! started by the viewer through the bridge (`crate::embed::bridge`) when a
//! sheet first opens. It validates the manifest again (the modules share no
//! memory), applies the same `provideProducts` answer, restores the stored
//! cart, resumes an order still in doubt, and renders into the viewer's slot.

mod actions;
mod carts;
mod checkout;
mod shopify;

pub use actions::{handle, persist, restore, Shop};

use crate::embed::bridge::Bridge;
use crate::embed::{hooks, load, styles};
use crate::model::cart::{storage_key, Cart};
use crate::model::checkout::ProblemType;
use crate::model::redirect::Template;
use crate::model::words::en::shop as w;
use crate::model::words::Said;
use crate::ui::{self, sheet::DialogCtx, Buy, Ctx, Panel, PriceFormat, Request, UiOptions};
use leptos::prelude::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// One video's shop, as the viewer holds it.
#[wasm_bindgen]
pub struct ShopHandle(RefCell<Option<Running>>);

struct Running {
    ctx: Ctx,
    dialog: DialogCtx,
    shop: Rc<Shop>,
    /// Our stylesheet in the overlay's shadow root.
    sheet: styles::Adopted,
    /// The view's root in the slot.
    root: Element,
    _view: Box<dyn Any>,
    _owner: Owner,
}

#[wasm_bindgen]
impl ShopHandle {
    /// Opens the sheet: `kind` is "list", "product" (of manifest product
    /// index `product`) or "cart"; focus returns to `opener` on close.
    pub fn open(&self, kind: &str, product: u32, opener: Option<HtmlElement>) {
        let Some((ctx, d)) = self.0.borrow().as_ref().map(|r| (r.ctx, r.dialog)) else {
            return;
        };
        let panel = match kind {
            "product"
                if ctx
                    .manifest
                    .with_value(|m| (product as usize) < m.products.len()) =>
            {
                Panel::Product(product as usize)
            }
            "cart" => Panel::Cart,
            _ => Panel::List,
        };
        ui::sheet::show(ctx, d, panel, opener);
    }

    /// The live card's Buy: one unit of `variant` of manifest product
    /// `product`, at once, in the tap (the payment sheet's `show()` needs
    /// its user activation). With `deal` (a live deal's id), at the deal's
    /// `price` (minor units; the server checks it), through the payment
    /// sheet only, where the server enforces the deal. Returns "" when
    /// checkout started, else the words to tell the viewer.
    pub fn buy(&self, product: u32, variant: &str, deal: Option<String>, price: f64) -> String {
        let Some((ctx, shop)) = self.0.borrow().as_ref().map(|r| (r.ctx, r.shop.clone())) else {
            return String::new();
        };
        let p = product as usize;
        let Some(v) = shop
            .manifest
            .products
            .get(p)
            .and_then(|x| x.variants.iter().position(|x| x.id == variant))
        else {
            return ctx.t(w::NOT_SOLD);
        };
        if ctx.placing.get_untracked() {
            return ctx.t(w::BUSY);
        }
        match (ctx.buy.get_untracked(), deal) {
            (Buy::Pending, _) => ctx.t(w::GETTING_READY),
            (Buy::None, _) => ctx.t(w::NO_BUYING),
            (Buy::Pay, Some(deal)) => {
                let mut lines = match shop.single(p, v, 1) {
                    Ok(l) => l,
                    Err(e) => return e,
                };
                for l in &mut lines {
                    l.unit_price = price as i64;
                }
                shop.emit("shoppable:begin_checkout", &lines);
                let report = checkout::reporter(&shop, ctx);
                crate::pay::pay(shop, lines, false, Some(deal), report);
                String::new()
            }
            (_, Some(_)) => ctx.t(w::DEAL_SHEET_ONLY),
            (_, None) => {
                handle(
                    &shop,
                    ctx,
                    Request::BuyNow {
                        product: p,
                        variant: v,
                        qty: 1,
                    },
                );
                String::new()
            }
        }
    }

    /// The live card says deal `deal` is over (`why`: `"sold_out"`, or
    /// `"over"` when its time ran out): a payment sheet open for it is
    /// aborted and the viewer told why, so no one pays a price the sheet no
    /// longer stands for.
    #[wasm_bindgen(js_name = abortDeal)]
    pub fn abort_deal(&self, deal: &str, why: &str) {
        let words = Said::key(match why {
            "sold_out" => ProblemType::DealSoldOut.viewer_words(),
            _ => ProblemType::DealOver.viewer_words(),
        });
        let shop = self.0.borrow().as_ref().map(|r| r.shop.clone());
        if let Some(shop) = shop {
            crate::pay::abort_deal(&shop, deal, words);
        }
    }

    /// The live show's pinned products (manifest indices, most recent first).
    #[wasm_bindgen(js_name = setPinned)]
    pub fn set_pinned(&self, products: Vec<u32>) {
        if let Some(r) = self.0.borrow().as_ref() {
            let list: Vec<usize> = products.into_iter().map(|p| p as usize).collect();
            if r.ctx.pinned.get_untracked() != list {
                r.ctx.pinned.set(list);
            }
        }
    }

    /// Removes the view, its nodes and every listener.
    pub fn destroy(&self) {
        if let Some(r) = self.0.borrow_mut().take() {
            let Running {
                sheet,
                root,
                _view,
                _owner,
                ..
            } = r;
            drop(_view);
            drop(_owner);
            root.remove();
            drop(sheet);
        }
    }
}

/// Starts the shop for the mount described by `bridge`. Throws a message
/// naming the problem when the bridge is unusable.
#[wasm_bindgen]
pub fn shop_start(bridge: JsValue) -> Result<ShopHandle, JsValue> {
    let bridge = Bridge(bridge);
    let slot = bridge
        .element("slot")
        .ok_or("bridge.slot is not an element")?;
    let target = bridge
        .element("target")
        .ok_or("bridge.target is not an element")?;
    let mut loaded = load::from_value(bridge.value("manifest"), bridge.string("base"), "manifest")
        .map_err(JsValue::from)?;
    if let Some(a) = bridge.provided() {
        hooks::apply(&a, &mut loaded.manifest);
    }
    // The viewer reported the manifest's warnings at load, except for the
    // field only this module reads (`model::manifest::raw`); built
    // together, the viewer read it too.
    #[cfg(not(feature = "viewer"))]
    for w in loaded
        .warnings
        .iter()
        .filter(|w| w.contains("checkout.apple_pay_session") || w.contains(": ui_language: "))
    {
        web_sys::console::warn_1(&["shoppable: ", w.as_str()].concat().into());
    }
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let sheet = styles::adopt(&styles::root_of(&slot)?, ui::STYLE)?;
    let root = doc.create_element("div")?;
    root.set_attribute("class", "shop-slot")?;
    slot.append_child(&root)?;

    let owner = Owner::new();
    let (ctx, dialog, shop) = owner.with(|| wire(bridge, target, loaded));
    let mount_root: HtmlElement = root.clone().unchecked_into();
    let view = owner.with(|| leptos::mount::mount_to(mount_root, move || ui::view(ctx, dialog)));
    Ok(ShopHandle(RefCell::new(Some(Running {
        ctx,
        dialog,
        shop,
        sheet,
        root,
        _view: Box::new(view),
        _owner: owner,
    }))))
}

/// The signals, the strategy, the stored cart, and the request channel.
fn wire(bridge: Bridge, target: Element, l: load::Loaded) -> (Ctx, DialogCtx, Rc<Shop>) {
    let options = bridge.value("options");
    let opt = |k: &str| {
        js_sys::Reflect::get(&options, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    };
    // Only hooks that take the cart or checkout make the "host" strategy
    // (`provideProducts` alone was applied above).
    let hooks = hooks::Hooks::from_js(opt("hooks")).filter(hooks::Hooks::takes_checkout);
    // The page's `paymentMethods` option, else the manifest's, else the default (pay::request).
    let methods = Some(opt("paymentMethods"))
        .filter(|m| m.is_object())
        .or_else(|| manifest_methods(&l.value, &l.manifest));
    let pay_options = Some(opt("paymentOptions")).filter(|m| m.is_object());
    let manifest = l.manifest;
    let prices = PriceFormat::for_manifest(opt("locale").as_string(), &manifest);

    // An invalid template was already reported by the viewer at load.
    let redirect = manifest
        .checkout
        .redirect
        .as_deref()
        .and_then(|t| Template::parse(t).ok());
    let endpoint = manifest
        .checkout
        .endpoint
        .as_deref()
        .and_then(|e| load::resolve(e, &l.base));
    let apple_pay_session = load::resolve(manifest.checkout.apple_pay_session(), &l.base);
    let strategy = manifest.checkout.strategy.clone();
    let on_shopify = shopify::available(&manifest);
    if strategy.as_deref() == Some("shopify") && !on_shopify {
        web_sys::console::warn_1(
            &"shoppable: checkout.strategy is \"shopify\", but this page is not a Shopify storefront (no window.Shopify.shop) or no product has a shopify block; nothing can be bought here"
                .into(),
        );
    }
    let stores = crate::pay::Stores {
        shopify: on_shopify,
        woocommerce: manifest.products.iter().any(|p| p.woocommerce.is_some()),
        bigcommerce: manifest.products.iter().any(|p| p.bigcommerce.is_some()),
    };
    for (name, mapped) in [
        ("woocommerce", stores.woocommerce),
        ("bigcommerce", stores.bigcommerce),
    ] {
        if strategy.as_deref() == Some(name) && !mapped {
            web_sys::console::warn_1(
                &[
                    "shoppable: checkout.strategy is \"",
                    name,
                    "\", but no product has a ",
                    name,
                    " block; nothing can be bought here",
                ]
                .concat()
                .into(),
            );
        }
    }
    let choose = {
        let (hooks, redirect, endpoint) = (hooks.is_some(), redirect.is_some(), endpoint.is_some());
        move |pay_ok: bool| {
            shown_as(crate::pay::choose(
                strategy.as_deref(),
                pay_ok,
                endpoint,
                hooks,
                redirect,
                stores,
            ))
        }
    };
    // Until canMakePayment() answers, a strategy that would change with its
    // answer is Pending (buy buttons wait), so no tap takes the wrong one.
    let may_pay = choose(true);
    let buy = RwSignal::new(
        if may_pay != choose(false) && crate::pay::has_payment_request() {
            Buy::Pending
        } else {
            choose(false)
        },
    );
    if buy.get_untracked() == Buy::Pending {
        let methods = methods.clone();
        let choose = choose.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let ok = crate::pay::can_make_payment(methods).await;
            buy.try_set(choose(ok));
        });
    }

    let manifest = Arc::new(manifest);
    let dialog = DialogCtx::new();
    let ctx = Ctx {
        manifest: StoredValue::new(manifest.clone()),
        bridge: StoredValue::new_local(bridge.clone()),
        panel: RwSignal::new(None),
        prices: StoredValue::new_local(prices),
        send: StoredValue::new_local(Rc::new(|_| {}) as Rc<dyn Fn(Request)>),
        options: StoredValue::new(UiOptions {
            pause_on_open: opt("pauseOnOpen").as_bool().unwrap_or(true),
        }),
        cart: RwSignal::new(Cart::for_manifest(&manifest)),
        buy,
        message: RwSignal::new(None),
        notice: RwSignal::new(None),
        order: RwSignal::new(None),
        retry: RwSignal::new(false),
        placing: RwSignal::new(false),
        pinned: RwSignal::new(Vec::new()),
        sold_out: RwSignal::new(Vec::new()),
        // The table the viewer imported for this module, or English.
        words: StoredValue::new_local(crate::embed::words::Words::new(
            &bridge.string("lang"),
            bridge.value("words_shop"),
            crate::model::words::en::SHOP,
        )),
    };
    let key = storage_key(&l.site, &manifest.video.id);
    ctx.cart.set(restore(&key, &manifest, ctx));
    let shop = Rc::new(Shop {
        manifest: manifest.clone(),
        target,
        bridge: bridge.clone(),
        key,
        redirect,
        hooks,
        endpoint,
        apple_pay_session,
        site: l.site.clone(),
        methods,
        pay_options,
        pending: RefCell::new(None),
        sheet: RefCell::new(None),
        dialog,
        live: RefCell::new(None),
    });
    match buy.get_untracked() {
        Buy::Shopify => shopify::load_live(&shop, ctx, opt("locale").as_string()),
        Buy::WooCommerce => carts::load_live_woo(&shop, ctx, opt("locale").as_string()),
        _ => {}
    }
    crate::pay::resume_stored(shop.clone(), checkout::reporter(&shop, ctx));

    // The viewer's cart button: hidden when the host page's cart takes the items.
    Effect::new(move |_| {
        let n = if ctx.buy.get() == Buy::Hooks || carts::is_platform(ctx.buy.get()) {
            0
        } else {
            ctx.cart.with(|c| c.count())
        };
        ctx.bridge.with_value(|b| b.set_count(n));
    });

    // `shoppable:product_view` each time a product's sheet is shown (from a
    // tag, the list, or the live card), not again while it stays shown.
    let viewed = shop.clone();
    Effect::new(move |was: Option<Option<Panel>>| {
        let now = ctx.panel.get();
        if let Some(Panel::Product(p)) = now {
            if was != Some(now) {
                viewed.emit_product_view(p);
            }
        }
        now
    });

    let handler = shop.clone();
    let send: Rc<dyn Fn(Request)> = Rc::new(move |r: Request| match r {
        Request::Player(req) => {
            let (kind, t) = match req {
                crate::player::PlayerRequest::Play => ("play", 0.0),
                crate::player::PlayerRequest::Pause => ("pause", 0.0),
                crate::player::PlayerRequest::Seek(t) => ("seek", t),
            };
            bridge.request(kind, t);
        }
        other => handle(&handler, ctx, other),
    });
    ctx.send.set_value(send);
    (ctx, dialog, shop)
}

/// `checkout.payment_methods` as the browser takes them:
/// `[{supportedMethods, data}]`, each `data` object passed on as the brand
/// wrote it (read from the parsed JSON at the entry's index); `None` when the
/// manifest names none that passed validation.
fn manifest_methods(raw: &JsValue, m: &crate::model::manifest::Manifest) -> Option<JsValue> {
    use js_sys::{Array, Object, Reflect};
    if m.checkout.payment_methods.is_empty() {
        return None;
    }
    let get =
        |o: &JsValue, k: &str| Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let written = get(&get(raw, "checkout"), "payment_methods");
    let out = Array::new();
    for pm in &m.checkout.payment_methods {
        let o = Object::new();
        let _ = Reflect::set(
            &o,
            &"supportedMethods".into(),
            &pm.supported_methods.as_str().into(),
        );
        let data = get(
            &Reflect::get_u32(&written, pm.index as u32).unwrap_or(JsValue::UNDEFINED),
            "data",
        );
        if data.is_object() {
            let _ = Reflect::set(&o, &"data".into(), &data);
        }
        out.push(&o);
    }
    Some(out.into())
}

/// How the view shows the strategy `pay` chose.
fn shown_as(s: crate::pay::Strategy) -> Buy {
    use crate::pay::Strategy;
    match s {
        Strategy::PaymentSheet => Buy::Pay,
        Strategy::Hooks => Buy::Hooks,
        Strategy::Redirect => Buy::Redirect,
        Strategy::Shopify => Buy::Shopify,
        Strategy::WooCommerce => Buy::WooCommerce,
        Strategy::BigCommerce => Buy::BigCommerce,
        Strategy::Unavailable => Buy::None,
    }
}
