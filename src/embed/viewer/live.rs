//! Building a running mount once its manifest is read: the player adapter
//! first (the overlay covers its surface), then the overlay element, the overlay
//! and the [`Viewer`], then the links to the shop and live modules.

use super::callbacks::callbacks;
use super::screen::screen_listeners;
use super::view::Viewer;
use super::Options;
use crate::embed::analytics::Analytics;
use crate::embed::beacon::{self, Beacon};
use crate::embed::format::PriceFormat;
use crate::embed::link::{Link, Module};
use crate::embed::overlay_element::{self, OverlayElement};
use crate::embed::{bridge, load, report, takeover};
use crate::model::cart::storage_key;
use crate::model::idempotency;
use crate::model::timeline::Timeline;
use crate::overlay::{self, Event, Overlay};
use crate::player::{Player, PlayerState};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

/// A running mount. The shop goes first (its view is in our overlay), then
/// the player stops reporting, then the overlay, and the overlay element last
/// (`Viewer`'s field order).
pub(super) struct Live {
    _player: Rc<dyn Player>,
    viewer: Rc<Viewer>,
    /// The analytics adapters, when the option or manifest names any.
    _analytics: Option<Analytics>,
    /// First-party analytics, unless the `events` option is `false`.
    _beacon: Option<Beacon>,
}

impl Drop for Live {
    fn drop(&mut self) {
        self.viewer.teardown();
    }
}

impl Live {
    pub(super) fn new(
        video: Element,
        l: load::Loaded,
        provided: Option<js_sys::Array>,
        opts: &Options,
        show: JsValue,
        words: crate::embed::words::Words,
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
        // The manifest's `analytics` as written (see embed/analytics.rs).
        let listed = js_sys::Reflect::get(&value, &"analytics".into()).unwrap_or_default();
        let events_url = beacon::url(m.checkout.endpoint.as_deref(), &base);
        // The adapter first: the overlay covers its surface. Its reports reach
        // the viewer through `up` once the viewer exists.
        let up: Rc<RefCell<Weak<Viewer>>> = Rc::new(RefCell::new(Weak::new()));
        let to_viewer = up.clone();
        let force_panic = crate::embed::force::fallback("panic");
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
        let overlay_element = OverlayElement::insert(&doc, &surface, overlay::STYLE)?;
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
        let lang = words.locale().to_owned();
        let overlay = Overlay::new(&doc, &overlay_element.root, send, words)
            .ok_or("cannot create the overlay")?;
        let slot = overlay.slot.clone();
        let viewer = Rc::new(Viewer {
            timeline: Timeline::new(&m.tags),
            manifest: m,
            labels,
            video: video.clone(),
            player: Rc::downgrade(&player),
            last_tag: Cell::new(None),
            content_box: Cell::new(None),
            z: overlay_element::z_index_above(&surface),
            perf: frame_probe(),
            pip: Cell::new(false),
            viewed: Cell::new(false),
            takeover: opts.takeover.then(|| RefCell::new(None)),
            native_fullscreen: RefCell::new(None),
            listeners: RefCell::new(Vec::new()),
            link: RefCell::new(None),
            live: RefCell::new(None),
            wake: RefCell::new(None),
            me: cell.clone(),
            overlay,
            overlay_element,
        });
        *cell.borrow_mut() = Rc::downgrade(&viewer);
        // The takeover of a bare video: the overlay's own fullscreen button
        // in place of the video's (see `takeover`).
        if opts.takeover && surface.local_name() == "video" && takeover::supported(&doc) {
            viewer.overlay.offer_fullscreen();
            *viewer.native_fullscreen.borrow_mut() = Some(takeover::NativeButton::hide(&surface));
        }

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
                // The UI language; each module imports its own table.
                ("lang", lang.into()),
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
        // Started before the first state, but the file loads after it: a
        // tag already on screen by then is reported at its next appearance.
        let option = |k: &str| js_sys::Reflect::get(&opts.raw, &k.into()).unwrap_or_default();
        let _analytics = Analytics::start(&video, option("analytics"), listed, option("consent"));
        // Before the first state, which may show tags.
        let _beacon = events_url
            .filter(|_| beacon::wanted(&option("events")))
            .and_then(|url| Beacon::start(&video, url, &viewer.manifest.video.id, show));
        viewer.on_state(&player.state());
        Ok(Live {
            _player: player,
            viewer,
            _analytics,
            _beacon,
        })
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
