//! Mounting the widget on one video: load the manifest, create the shadow
//! host, start the player adapter, mount the view; and `destroy()`, which
//! undoes all of it. Failures never touch the video: they log one console
//! error naming the cause, send `shoppable:error`, and leave no overlay.

mod events;
mod host;
mod load;
pub(crate) mod shop;

pub use load::{describe, Source};

use crate::model::geometry::Layout;
use crate::model::manifest::Manifest;
use crate::model::timeline::Timeline;
use crate::player::html5::Html5Player;
use crate::player::{BoxPos, Player, PlayerState};
use crate::ui::{self, Ctx, PriceFormat, Request, UiOptions};
use crate::model::cart::{storage_key, Cart};
use crate::model::redirect::Template;
use host::Host;
use std::cell::Cell;
use leptos::prelude::*;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::HtmlVideoElement;

pub struct Options {
    pub manifest: Source,
    pub pause_on_open: bool,
    pub locale: Option<String>,
    /// The page's checkout hooks (`Shoppable.attach(el, { hooks })`).
    pub hooks: Option<crate::pay::Hooks>,
    /// `paymentMethods` for the payment sheet, overriding the default.
    pub methods: Option<wasm_bindgen::JsValue>,
    /// `paymentOptions` for the payment sheet (`requestShipping`, `requestPayerName`, …).
    pub pay_options: Option<wasm_bindgen::JsValue>,
}

enum Phase {
    Loading,
    #[allow(dead_code)] // held for its Drop
    Live(Live),
    Gone,
}

/// One mounted widget. Dropping it does not destroy; call [`Mount::destroy`].
pub struct Mount {
    phase: Rc<RefCell<Phase>>,
}

impl Mount {
    pub fn start(video: HtmlVideoElement, opts: Options) -> Mount {
        let phase = Rc::new(RefCell::new(Phase::Loading));
        let shared = phase.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let mut loaded = load::load(&opts.manifest).await;
            // Live prices and stock from the page, before anything is shown.
            if let (Ok(l), Some(h)) = (loaded.as_mut(), opts.hooks.as_ref()) {
                crate::pay::provide(h, &mut l.manifest).await;
            }
            if !matches!(*shared.borrow(), Phase::Loading) {
                return; // destroyed while loading
            }
            let live = loaded.and_then(|l| {
                for w in &l.warnings {
                    web_sys::console::warn_1(&["shoppable: ", w.as_str()].concat().into());
                }
                let detail = events::ready_detail(&l.manifest, &l.warnings);
                let live = Live::new(video.clone(), l.manifest, &l.site, &l.base, &opts)?;
                Ok((live, detail))
            });
            match live {
                Ok((live, detail)) => {
                    *shared.borrow_mut() = Phase::Live(live);
                    events::emit(&video, "shoppable:ready", &detail);
                }
                Err(message) => {
                    *shared.borrow_mut() = Phase::Gone;
                    report(&video, &message);
                }
            }
        });
        Mount { phase }
    }

    /// Removes every node, listener, observer and frame callback this mount added.
    pub fn destroy(&self) {
        let old = std::mem::replace(&mut *self.phase.borrow_mut(), Phase::Gone);
        drop(old);
    }
}

/// One console error and one `shoppable:error` event; the video is untouched.
pub fn report(target: &web_sys::EventTarget, message: &str) {
    web_sys::console::error_1(&["shoppable: ", message].concat().into());
    events::emit(target, "shoppable:error", &events::error_detail(message));
}

/// A running mount. Field order is drop order: the player stops reporting
/// before the view and its signals go, and the host node goes last.
struct Live {
    _player: Rc<Html5Player>,
    _view: Box<dyn Any>,
    _owner: Owner,
    _host: Rc<Host>,
}

impl Live {
    fn new(video: HtmlVideoElement, manifest: Manifest, site: &str, base: &str, opts: &Options) -> Result<Live, String> {
        let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
        let host = Host::insert(&doc, &video, ui::STYLE)?;
        let owner = Owner::new();
        let host = Rc::new(host);
        let (player, ctx) = owner.with(|| wire(&video, manifest, site, base, opts, host.clone()));
        let root = host.root.clone();
        let view = owner.with(|| leptos::mount::mount_to(root, move || ui::App(ui::AppProps { ctx })));
        Ok(Live { _player: player, _view: Box::new(view), _owner: owner, _host: host })
    }
}

/// Creates the signals, the player adapter feeding them, and the request
/// channel the UI sends up through.
fn wire(video: &HtmlVideoElement, manifest: Manifest, site: &str, base: &str, opts: &Options, host: Rc<Host>) -> (Rc<Html5Player>, Ctx) {
    let time = RwSignal::new(0.0);
    let paused = RwSignal::new(true);
    let layout = RwSignal::<Option<Layout>>::new(None);
    let content_box = RwSignal::<Option<BoxPos>>::new(None);

    let perf = frame_probe();
    // The sink only writes what changed, so a new frame notifies `time` alone.
    let sink = Rc::new(move |s: &PlayerState| {
        let started = perf.as_ref().map(|p| p.0.now());
        set_if_changed(time, s.time);
        set_if_changed(paused, s.paused);
        set_if_changed(layout, s.layout.clone());
        set_if_changed(content_box, s.content_box);
        if let (Some((clock, out)), Some(t0)) = (perf.clone(), started) {
            // leptos applies DOM updates in tasks queued by the sets above;
            // a task queued now runs after them, so this spans the whole frame's work.
            wasm_bindgen_futures::spawn_local(async move {
                out.push(&(clock.now() - t0).into());
            });
        }
    });
    let player = Rc::new(Html5Player::new(video.clone(), sink));

    let z = host::z_index_above(video);
    // Weak: the host node must go when `Live` drops, not when the effect's
    // task is finally dropped by the executor.
    let host = Rc::downgrade(&host);
    Effect::new(move |_| {
        let b = content_box.get();
        if let Some(h) = host.upgrade() {
            h.place(b, &z);
        }
    });

    let locale = opts
        .locale
        .clone()
        .or_else(|| manifest.locale.clone())
        .or_else(|| web_sys::window().and_then(|w| w.navigator().language()))
        .unwrap_or_else(|| "en".to_owned());
    let prices = PriceFormat::new(&locale, &manifest.currency);
    let timeline = Arc::new(Timeline::new(&manifest.tags));
    let manifest = Arc::new(manifest);

    let redirect = manifest.checkout.redirect.as_deref().and_then(|t| match Template::parse(t) {
        Ok(t) => Some(t),
        Err(e) => {
            web_sys::console::warn_1(&["shoppable: checkout.redirect: ", e.to_string().as_str(), "; the redirect checkout is unavailable"].concat().into());
            None
        }
    });
    let endpoint = manifest.checkout.endpoint.as_deref().and_then(|e| load::resolve(e, base));
    let strategy = manifest.checkout.strategy.clone();
    let choose = {
        let (hooks, redirect, endpoint) = (opts.hooks.is_some(), redirect.is_some(), endpoint.is_some());
        move |pay_ok: bool| crate::pay::choose(strategy.as_deref(), pay_ok, endpoint, hooks, redirect)
    };
    let buy = RwSignal::new(choose(false));

    let ctx = Ctx {
        manifest: StoredValue::new(manifest.clone()),
        timeline: StoredValue::new(timeline),
        time,
        paused,
        layout,
        panel: RwSignal::new(None),
        prices: StoredValue::new_local(prices),
        send: StoredValue::new_local(Rc::new(|_| {}) as Rc<dyn Fn(Request)>),
        options: StoredValue::new(UiOptions { pause_on_open: opts.pause_on_open }),
        cart: RwSignal::new(Cart::for_manifest(&manifest)),
        buy,
        message: RwSignal::new(None),
        notice: RwSignal::new(None),
        order: RwSignal::new(None),
        retry: RwSignal::new(false),
    };
    let key = storage_key(site, &manifest.video.id);
    ctx.cart.set(shop::restore(&key, &manifest, ctx));
    let shop = Rc::new(shop::Shop {
        manifest: manifest.clone(),
        video: video.clone(),
        key,
        last_tag: Cell::new(None),
        redirect,
        hooks: opts.hooks.clone(),
        endpoint,
        site: site.to_owned(),
        methods: opts.methods.clone(),
        pay_options: opts.pay_options.clone(),
        pending: RefCell::new(None),
    });
    crate::pay::resume_stored(shop.clone(), ctx);

    // Whether the payment sheet can work is asked once, when the dialog first opens.
    let asked = Cell::new(false);
    let methods = opts.methods.clone();
    Effect::new(move |_| {
        if ctx.panel.get().is_none() || asked.replace(true) {
            return;
        }
        let methods = methods.clone();
        let choose = choose.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if crate::pay::can_make_payment(methods).await {
                buy.try_set(choose(true));
            }
        });
    });

    let weak = Rc::downgrade(&player);
    let target = video.clone();
    let m = manifest.clone();
    let send: Rc<dyn Fn(Request)> = Rc::new(move |r: Request| match r {
        Request::Player(req) => {
            if let Some(p) = weak.upgrade() {
                p.request(req);
            }
        }
        Request::TagView(i) | Request::TagClick(i) => {
            let click = matches!(r, Request::TagClick(_));
            if click {
                shop.last_tag.set(Some(i));
            }
            let name = if click { "shoppable:tag_click" } else { "shoppable:tag_view" };
            let t = weak.upgrade().map(|p| p.state().time).unwrap_or(0.0);
            events::emit(&target, name, &events::tag_detail(&m, i, t));
        }
        other => shop::handle(&shop, ctx, other),
    });
    ctx.send.set_value(send);
    (player, ctx)
}

/// For `cargo xtask bench`: when the page defines `window.__shoppablePerf` as
/// an array, each state update's overlay work (ms) is pushed onto it.
fn frame_probe() -> Option<(web_sys::Performance, js_sys::Array)> {
    let w = web_sys::window()?;
    let out = js_sys::Reflect::get(&w, &"__shoppablePerf".into()).ok()?;
    Some((w.performance()?, out.dyn_into().ok()?))
}

/// Sets only on change (signals notify on every set), and never panics on a
/// signal already disposed by a concurrent destroy.
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(s: RwSignal<T>, v: T) {
    if s.try_with_untracked(|cur| *cur != v) == Some(true) {
        s.try_set(v);
    }
}
