//! Mounting the widget on one video: load the manifest, create the shadow
//! host, start the player adapter, mount the view; and `destroy()`, which
//! undoes all of it. Failures never touch the video: they log one console
//! error naming the cause, send `shoppable:error`, and leave no overlay.

mod events;
mod host;
mod load;

pub use load::{describe, Source};

use crate::model::geometry::Layout;
use crate::model::manifest::Manifest;
use crate::model::timeline::Timeline;
use crate::player::html5::Html5Player;
use crate::player::{BoxPos, Player, PlayerState};
use crate::ui::{self, Ctx, PriceFormat, Request, UiOptions};
use host::Host;
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
            let loaded = load::load(&opts.manifest).await;
            if !matches!(*shared.borrow(), Phase::Loading) {
                return; // destroyed while loading
            }
            let live = loaded.and_then(|l| {
                for w in &l.warnings {
                    web_sys::console::warn_1(&["shoppable: ", w.as_str()].concat().into());
                }
                let detail = events::ready_detail(&l.manifest, &l.warnings);
                let live = Live::new(video.clone(), l.manifest, &opts)?;
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
    fn new(video: HtmlVideoElement, manifest: Manifest, opts: &Options) -> Result<Live, String> {
        let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
        let host = Host::insert(&doc, &video, ui::STYLE)?;
        let owner = Owner::new();
        let host = Rc::new(host);
        let (player, ctx) = owner.with(|| wire(&video, manifest, opts, host.clone()));
        let root = host.root.clone();
        let view = owner.with(|| leptos::mount::mount_to(root, move || ui::App(ui::AppProps { ctx })));
        Ok(Live { _player: player, _view: Box::new(view), _owner: owner, _host: host })
    }
}

/// Creates the signals, the player adapter feeding them, and the request
/// channel the UI sends up through.
fn wire(video: &HtmlVideoElement, manifest: Manifest, opts: &Options, host: Rc<Host>) -> (Rc<Html5Player>, Ctx) {
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
            let name = if matches!(r, Request::TagView(_)) { "shoppable:tag_view" } else { "shoppable:tag_click" };
            let t = weak.upgrade().map(|p| p.state().time).unwrap_or(0.0);
            events::emit(&target, name, &events::tag_detail(&m, i, t));
        }
    });

    let ctx = Ctx {
        manifest: StoredValue::new(manifest),
        timeline: StoredValue::new(timeline),
        time,
        paused,
        layout,
        panel: RwSignal::new(None),
        prices: StoredValue::new_local(prices),
        send: StoredValue::new_local(send),
        options: StoredValue::new(UiOptions { pause_on_open: opts.pause_on_open }),
    };
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
