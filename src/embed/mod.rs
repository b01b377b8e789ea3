//! Mounting the viewer on one video: load the manifest, create the shadow
//! host and the overlay, start the player adapter; and `destroy()`, which
//! undoes all of it. Failures never touch the video: they log one console
//! error naming the cause, send `shoppable:error`, and leave no overlay.
//!
//! The sheet, cart and checkout live in the shop module (`crate::shop`), the
//! live card in the live module (`crate::live`), both reached through
//! [`link`] and the [`bridge`] contract.

pub mod bridge;
pub mod events;
pub mod force;
pub mod format;
pub mod hooks;
#[cfg(feature = "viewer")]
mod host;
pub mod json;
#[cfg(feature = "viewer")]
mod link;
pub mod load;
pub mod styles;
#[cfg(feature = "viewer")]
mod takeover;

pub use load::{describe, Source};

/// One console error and one `shoppable:error` event; the video is untouched.
pub fn report(target: &web_sys::EventTarget, message: &str) {
    web_sys::console::error_1(&["shoppable: ", message].concat().into());
    events::emit(target, "shoppable:error", &events::error_detail(message));
}

#[cfg(feature = "viewer")]
pub use viewer::*;

#[cfg(feature = "viewer")]
mod viewer {
    use super::format::PriceFormat;
    use super::{bridge, events, hooks, host, link, load, report, takeover, Source};
    use crate::model::cart::storage_key;
    use crate::model::idempotency;
    use crate::model::manifest::Manifest;
    use crate::model::redirect::Template;
    use crate::model::timeline::Timeline;
    use crate::overlay::{self, Event, Overlay};
    use crate::player::{BoxPos, Player, PlayerRequest, PlayerState};
    use crate::timer::Timer;
    use host::Host;
    use link::{Link, Module};
    use std::cell::{Cell, RefCell};
    use std::rc::{Rc, Weak};
    use wasm_bindgen::{JsCast, JsValue};
    use web_sys::{Element, HtmlElement};

    pub struct Options {
        pub manifest: Source,
        pub locale: Option<String>,
        /// The page's checkout hooks (`Shoppable.attach(el, { hooks })`).
        pub hooks: Option<hooks::Hooks>,
        /// The attach option `player`: a host-supplied adapter, `{ hls }`, or a
        /// player kind ("youtube", "vimeo"); `undefined` to detect.
        pub player: JsValue,
        /// Everything given to `Shoppable.attach`, passed on to the shop module.
        pub raw: JsValue,
        /// The loader's `loadModule(name)`: a Promise of the shop or live module.
        pub load_module: JsValue,
        /// `fullscreen: "takeover"`.
        pub takeover: bool,
    }

    #[derive(Default)]
    enum Phase {
        Loading,
        #[allow(dead_code)] // held for its Drop
        Live(Live),
        #[default]
        Gone,
    }

    thread_local! {
        /// Every mount's phase, for the panic hook ([`teardown_all`]). In
        /// `Cell`s, taken and put back, never borrowed: a panic can leave any
        /// `RefCell` borrowed, and under `panic = "abort"` no `Drop` runs.
        static MOUNTS: Cell<Vec<Weak<Cell<Phase>>>> = const { Cell::new(Vec::new()) };
    }

    /// Destroys every mount on the page (listeners, observers, frame loops,
    /// nodes), for the panic hook: the instance is about to stop, and what
    /// it registered must not keep calling into it.
    pub fn teardown_all() {
        let list = MOUNTS.with(Cell::take);
        for phase in list.iter().filter_map(Weak::upgrade) {
            drop(phase.take());
        }
    }

    /// One mounted widget. Dropping it does not destroy; call [`Mount::destroy`].
    pub struct Mount {
        phase: Rc<Cell<Phase>>,
    }

    impl Mount {
        pub fn start(video: Element, opts: Options) -> Mount {
            let phase = Rc::new(Cell::new(Phase::Loading));
            MOUNTS.with(|m| {
                let mut list = m.take();
                list.retain(|w| w.strong_count() > 0);
                list.push(Rc::downgrade(&phase));
                m.set(list);
            });
            let shared = phase.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut loaded = load::load(&opts.manifest).await;
                // Live prices and stock from the page, before anything is shown.
                let mut provided = None;
                if let (Ok(l), Some(h)) = (loaded.as_mut(), opts.hooks.as_ref()) {
                    provided = hooks::provide(h, &l.manifest).await;
                    if let Some(a) = &provided {
                        hooks::apply(a, &mut l.manifest);
                    }
                }
                let was = shared.take();
                if !matches!(was, Phase::Loading) {
                    return; // destroyed while loading (or torn down)
                }
                let live = loaded.and_then(|l| {
                    for w in &l.warnings {
                        web_sys::console::warn_1(&["shoppable: ", w.as_str()].concat().into());
                    }
                    // Told at load, not at the tap (the shop module uses it later).
                    if let Some(Err(e)) =
                        l.manifest.checkout.redirect.as_deref().map(Template::parse)
                    {
                        web_sys::console::warn_1(
                            &[
                                "shoppable: checkout.redirect: ",
                                e.to_string().as_str(),
                                "; the redirect checkout is unavailable",
                            ]
                            .concat()
                            .into(),
                        );
                    }
                    let detail = events::ready_detail(&l.manifest, &l.warnings);
                    let live = Live::new(video.clone(), l, provided, &opts)?;
                    Ok((live, detail))
                });
                match live {
                    Ok((live, detail)) => {
                        shared.set(Phase::Live(live));
                        events::emit(&video, "shoppable:ready", &detail);
                    }
                    Err(message) => {
                        report(&video, &message);
                    }
                }
            });
            Mount { phase }
        }

        /// Removes every node, listener, observer and frame callback this mount added.
        pub fn destroy(&self) {
            drop(self.phase.take());
        }
    }

    /// A running mount. The shop goes first (its view is in our overlay), then
    /// the player stops reporting, then the overlay, and the host node last
    /// (`Viewer`'s field order).
    struct Live {
        _player: Rc<dyn Player>,
        viewer: Rc<Viewer>,
    }

    impl Drop for Live {
        fn drop(&mut self) {
            self.viewer.teardown();
        }
    }

    /// What one mount's viewer keeps: the model, the overlay, the shop link.
    struct Viewer {
        manifest: Manifest,
        timeline: Timeline,
        /// Each product's accessible name for its tags: "Title, $19.00".
        labels: Vec<String>,
        /// The attach target: `shoppable:*` events are sent on it.
        video: Element,
        player: Weak<dyn Player>,
        last_tag: Cell<Option<usize>>,
        content_box: Cell<Option<BoxPos>>,
        z: String,
        perf: Option<(web_sys::Performance, js_sys::Array)>,
        /// Picture-in-picture: the picture is elsewhere, so the overlay lists the
        /// products instead of placing tags.
        pip: Cell<bool>,
        /// `fullscreen: "takeover"`: the wrapper while a bare video's fullscreen
        /// is taken over (`takeover.rs`).
        takeover: Option<RefCell<Option<takeover::Wrapper>>>,
        /// fullscreenchange and picture-in-picture listeners.
        listeners: RefCell<Vec<gloo_events::EventListener>>,
        link: RefCell<Option<Link>>,
        /// The live card's module, for a manifest with `live` or `pins`.
        live: RefCell<Option<Link>>,
        /// The next wake-up while the video plays: the video time of the
        /// tags' next change and the timer set for it. Between changes the
        /// browser moves the tags; nothing runs here per frame.
        wake: RefCell<Option<(f64, Timer)>>,
        /// This viewer, for the wake-up's callback.
        me: Rc<RefCell<Weak<Viewer>>>,
        overlay: Overlay,
        host: Host,
    }

    impl Live {
        fn new(
            video: Element,
            l: load::Loaded,
            provided: Option<js_sys::Array>,
            opts: &Options,
        ) -> Result<Live, String> {
            let doc = web_sys::window()
                .and_then(|w| w.document())
                .ok_or("no document")?;
            let load::Loaded {
                manifest: m,
                value,
                site,
                base,
                ..
            } = l;
            // The adapter first: the overlay covers its surface. Its reports reach
            // the viewer through `up` once the viewer exists.
            let up: Rc<RefCell<Weak<Viewer>>> = Rc::new(RefCell::new(Weak::new()));
            let to_viewer = up.clone();
            let force_panic = super::force::fallback("panic");
            let sink = Rc::new(move |s: &PlayerState| {
                let v = to_viewer.borrow().upgrade();
                if let Some(v) = v {
                    if force_panic {
                        panic!("forced by __shoppableForceFallbacks (a test)");
                    }
                    v.on_state(s);
                }
            });
            let player: Rc<dyn Player> = Rc::from(crate::player::detect_with_time_base(
                &video,
                &opts.player,
                m.video.aspect,
                m.video.time_base,
                sink,
            )?);
            let surface: HtmlElement = player
                .surface()
                .dyn_into()
                .map_err(|_| "the player's surface is not an HTML element")?;
            let host = Host::insert(&doc, &surface, overlay::STYLE)?;
            let prices = PriceFormat::for_manifest(opts.locale.clone(), &m);
            let labels = m
                .products
                .iter()
                .map(|p| [p.title.as_str(), ", ", prices.label(p).as_str()].concat())
                .collect();

            // The overlay reports up through a weak handle, so the viewer owns it
            // without a cycle.
            let cell = up.clone();
            let send: Rc<dyn Fn(Event)> = Rc::new(move |e| {
                let v = up.borrow().upgrade();
                if let Some(v) = v {
                    v.on_event(e);
                }
            });
            let overlay =
                Overlay::new(&doc, &host.root, send).ok_or("cannot create the overlay")?;
            let slot = overlay.slot.clone();
            let viewer = Rc::new(Viewer {
                timeline: Timeline::new(&m.tags),
                manifest: m,
                labels,
                video: video.clone(),
                player: Rc::downgrade(&player),
                last_tag: Cell::new(None),
                content_box: Cell::new(None),
                z: host::z_index_above(&surface),
                perf: frame_probe(),
                pip: Cell::new(false),
                takeover: opts.takeover.then(|| RefCell::new(None)),
                listeners: RefCell::new(Vec::new()),
                link: RefCell::new(None),
                live: RefCell::new(None),
                wake: RefCell::new(None),
                me: cell.clone(),
                overlay,
                host,
            });
            *cell.borrow_mut() = Rc::downgrade(&viewer);

            let made = bridge::make(
                &[
                    ("slot", slot.into()),
                    ("target", video.clone().into()),
                    ("manifest", value),
                    ("base", base.into()),
                    (
                        "provided",
                        provided.map(JsValue::from).unwrap_or(JsValue::UNDEFINED),
                    ),
                    ("options", opts.raw.clone()),
                ],
                callbacks(Rc::downgrade(&viewer)),
            );
            let made = Rc::new(made);
            let on_fail = |what: &'static str, then: &'static str| -> Rc<dyn Fn(String)> {
                let video = video.clone();
                Rc::new(move |cause: String| {
                    report(&video, &[what, " could not load (", &cause, then].concat());
                })
            };
            let load = &opts.load_module;
            let link = Link::new(
                Module::Shop,
                made.clone(),
                load.clone(),
                on_fail("the shop", "); tags stay, buying is unavailable"),
            );
            // A live show or a replay: the live card's module, at once.
            if viewer.manifest.has_live {
                let live = Link::new(
                    Module::Live,
                    made,
                    load.clone(),
                    on_fail("the live card", "); tags stay"),
                );
                live.warm();
                *viewer.live.borrow_mut() = Some(live);
            }
            // A returning viewer's cart (badge, changes) or an order still in
            // doubt need the shop now, not at the first tap.
            if needs_shop_now(&site, &viewer.manifest.video.id) {
                link.warm();
            }
            *viewer.link.borrow_mut() = Some(link);

            *viewer.listeners.borrow_mut() = screen_listeners(&viewer, &surface, &doc);
            // What the adapter reported before the viewer existed.
            // The live card judges every presented frame; tags alone need
            // only the changes.
            player.every_frame(viewer.manifest.has_live);
            viewer.on_state(&player.state());
            Ok(Live {
                _player: player,
                viewer,
            })
        }
    }

    impl Viewer {
        /// Takes down everything this viewer added, at once: after a panic
        /// the frame that panicked still holds an `Rc` of the viewer (no
        /// unwinding), so its `Drop` alone would never run. The live card
        /// (it calls the shop) and the shop (their views live in our overlay)
        /// go first. Tried, never borrowed: a panic may have left one held.
        fn teardown(&self) {
            for link in [&self.live, &self.link] {
                if let Ok(mut l) = link.try_borrow_mut() {
                    l.take();
                }
            }
            if let Ok(mut l) = self.listeners.try_borrow_mut() {
                l.clear();
            }
            if let Ok(mut w) = self.wake.try_borrow_mut() {
                w.take();
            }
            if let Some(Ok(mut w)) = self.takeover.as_ref().map(RefCell::try_borrow_mut) {
                if let Some(w) = w.take() {
                    w.restore();
                }
            }
            self.overlay.teardown();
            self.host.teardown();
        }

        fn on_state(&self, s: &PlayerState) {
            let started = self.perf.as_ref().map(|p| p.0.now());
            if self.content_box.get() != s.content_box {
                self.content_box.set(s.content_box);
                self.host.place(s.content_box, &self.z);
            }
            let layout = if self.pip.get() {
                None
            } else {
                s.layout.as_ref()
            };
            // The tags move only while the picture does.
            let moving = !s.paused && !s.ended && !s.stalled && s.rate > 0.0;
            let rate = if moving { s.rate } else { 0.0 };
            let next = self.overlay.update(
                &self.manifest,
                &self.timeline,
                &self.labels,
                s.time,
                rate,
                layout,
            );
            self.wake_at(s.time, rate, next);
            // The live card judges this same frame (its per-frame rule).
            let live = self.live.borrow().as_ref().map(Link::ready);
            if let Some(h) = live {
                link::call_frame(&h, s.time, s.date.unwrap_or(f64::NAN));
            }
            if let (Some((clock, out)), Some(t0)) = (&self.perf, started) {
                out.push(&(clock.now() - t0).into());
            }
        }

        /// Plans the next look at the tags: at their next change while the
        /// video plays (`rate` > 0), never while it is still. A wake-up
        /// already set for the same change on the same clock is kept.
        fn wake_at(&self, t: f64, rate: f64, next: overlay::Next) {
            let Ok(mut wake) = self.wake.try_borrow_mut() else {
                return;
            };
            let Some(at) = next.change.filter(|_| rate > 0.0) else {
                *wake = None;
                return;
            };
            if !next.resynced && wake.as_ref().is_some_and(|(w, _)| *w == at) {
                return;
            }
            // A millisecond late rather than early: early only means one
            // more short wait.
            let ms = ((at - t) / rate * 1000.0).max(0.0).ceil() + 1.0;
            let me = self.me.clone();
            *wake = Timer::once(ms.min(u32::MAX as f64) as u32, move || {
                let v = me.borrow().upgrade();
                let Some(v) = v else { return };
                v.wake.borrow_mut().take();
                let p = v.player.upgrade();
                if let Some(p) = p {
                    v.on_state(&p.state());
                }
            })
            .map(|timer| (at, timer));
        }

        fn on_event(&self, e: Event) {
            let open = |kind: &'static str, product: usize, opener: web_sys::HtmlElement| {
                if let Some(link) = &*self.link.borrow() {
                    link.open(kind, product, Some(opener.into()));
                }
            };
            match e {
                Event::TagView(i) => self.emit_tag("shoppable:tag_view", i),
                Event::TagClick(i, button) => {
                    self.last_tag.set(Some(i));
                    self.emit_tag("shoppable:tag_click", i);
                    open("product", self.manifest.tags[i].product, button);
                }
                Event::Shop(b) => open("list", 0, b),
                Event::Product(p, b) => open("product", p, b),
                Event::Cart(b) => open("cart", 0, b),
            }
        }

        fn on_fullscreen(&self, refused: bool) {
            if let (Some(slot), Some(doc)) =
                (&self.takeover, web_sys::window().and_then(|w| w.document()))
            {
                let fs = doc.fullscreen_element();
                let mut wrapper = slot.borrow_mut();
                let surface = self.host.surface();
                let bare = fs.as_ref().is_some_and(|f| f.is_same_node(Some(surface)))
                    && surface.local_name() == "video";
                if bare && wrapper.is_none() {
                    *wrapper = takeover::Wrapper::take(&doc, surface, &self.host.element);
                    return;
                }
                // Our wrapper's fullscreen ended (or was refused): the video goes back.
                if wrapper.as_ref().is_some_and(|w| w.ended(&doc, refused)) {
                    if let Some(w) = wrapper.take() {
                        w.restore();
                    }
                }
            }
            self.host.follow_fullscreen();
        }

        fn emit_tag(&self, name: &str, i: usize) {
            let t = self.player.upgrade().map(|p| p.state().time).unwrap_or(0.0);
            events::emit(&self.video, name, &events::tag_detail(&self.manifest, i, t));
        }
    }

    /// Fullscreen: the overlay follows into a fullscreen container (and back).
    /// Picture-in-picture (on a `<video>` surface): the in-page product list
    /// replaces the tags until the video comes back.
    fn screen_listeners(
        viewer: &Rc<Viewer>,
        surface: &HtmlElement,
        doc: &web_sys::Document,
    ) -> Vec<gloo_events::EventListener> {
        use gloo_events::EventListener;
        let mut out = Vec::new();
        let w = Rc::downgrade(viewer);
        for (name, refused) in [("fullscreenchange", false), ("fullscreenerror", true)] {
            let w = w.clone();
            out.push(EventListener::new(doc, name, move |_| {
                if let Some(v) = w.upgrade() {
                    v.on_fullscreen(refused);
                }
            }));
        }
        for (name, on) in [
            ("enterpictureinpicture", true),
            ("leavepictureinpicture", false),
        ] {
            let w = Rc::downgrade(viewer);
            out.push(EventListener::new(surface, name, move |_| {
                let Some(v) = w.upgrade() else { return };
                v.pip.set(on);
                let names: Vec<&str> = v.labels.iter().map(String::as_str).collect();
                v.overlay.set_pip(on.then_some(names.as_slice()));
                let player = v.player.upgrade();
                if let Some(p) = player {
                    v.on_state(&p.state());
                }
            }));
        }
        out
    }

    /// The bridge's callbacks, each holding the viewer weakly.
    fn callbacks(w: Weak<Viewer>) -> bridge::Callbacks {
        let state = {
            let w = w.clone();
            move || {
                w.upgrade()
                    .and_then(|v| v.player.upgrade())
                    .map(|p| p.state())
            }
        };
        let (st, st2) = (state.clone(), state.clone());
        let (w1, w2, w3, w4) = (w.clone(), w.clone(), w.clone(), w);
        bridge::Callbacks {
            paused: Box::new(move || st().is_none_or(|s| s.paused)),
            time: Box::new(move || state().map_or(0.0, |s| s.time)),
            request: Box::new(move |kind: String, t: f64| {
                let Some(p) = w1.upgrade().and_then(|v| v.player.upgrade()) else {
                    return;
                };
                match kind.as_str() {
                    "play" => p.request(PlayerRequest::Play),
                    "pause" => p.request(PlayerRequest::Pause),
                    "seek" => p.request(PlayerRequest::Seek(t)),
                    _ => {}
                }
            }),
            last_tag: Box::new(move || {
                w2.upgrade()
                    .and_then(|v| v.last_tag.get())
                    .map_or(-1, |i| i as i32)
            }),
            set_count: Box::new(move |n| {
                if let Some(v) = w3.upgrade() {
                    v.overlay.set_count(n);
                }
            }),
            date: Box::new(move || st2().and_then(|s| s.date).unwrap_or(f64::NAN)),
            shop: Box::new(move || {
                let v = w4.upgrade();
                let link = v.as_ref().map(|v| v.link.borrow());
                link.as_deref()
                    .and_then(Option::as_ref)
                    .map_or(JsValue::UNDEFINED, Link::ready)
            }),
        }
    }

    /// Whether this viewer has a stored cart for the video, or an order whose
    /// outcome is still in doubt.
    fn needs_shop_now(site: &str, video_id: &str) -> bool {
        let Some(w) = web_sys::window() else {
            return false;
        };
        let has = |s: Option<web_sys::Storage>, key: String| {
            s.and_then(|s| s.get_item(&key).ok().flatten()).is_some()
        };
        has(
            w.local_storage().ok().flatten(),
            storage_key(site, video_id),
        ) || has(
            w.session_storage().ok().flatten(),
            idempotency::storage_key(site, video_id),
        )
    }

    /// For `cargo xtask bench`: when the page defines `window.__shoppablePerf` as
    /// an array, each state update's overlay work (ms) is pushed onto it.
    fn frame_probe() -> Option<(web_sys::Performance, js_sys::Array)> {
        let w = web_sys::window()?;
        let out = js_sys::Reflect::get(&w, &"__shoppablePerf".into()).ok()?;
        Some((w.performance()?, out.dyn_into().ok()?))
    }
}
