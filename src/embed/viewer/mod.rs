//! One mount's life: [`Mount::start`] loads the manifest and, once it is
//! read, builds the running viewer ([`live`]: the player adapter, the overlay
//! element, the overlay, the links to the shop and live modules); [`Mount::destroy`]
//! (or the panic hook's [`teardown_all`]) takes all of it down again.
//!
//! The files, one concern each: `live.rs` builds a running mount, `view.rs`
//! is what it does with player state and the viewer's taps, `screen.rs`
//! follows fullscreen and picture-in-picture, `callbacks.rs` is what the
//! shop and live modules may ask of it.

mod callbacks;
mod live;
mod screen;
mod view;

use super::{events, hooks, load, report, words, Source};
use crate::model::redirect::Template;
use live::Live;
use std::cell::Cell;
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;
use web_sys::Element;

/// What `Shoppable.attach` (or the loader) asks of one mount.
pub struct Options {
    pub manifest: Source,
    pub locale: Option<String>,
    /// The `language` option: the UI language (README, "Languages").
    pub language: Option<String>,
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
            // The words' table is fetched beside the manifest, so the tags
            // never show in English first (README, "Languages").
            let guess = words::choose(opts.language.as_deref(), None);
            let early = words::fetch("viewer", guess);
            let mut loaded = load::load(&opts.manifest).await;
            // Live prices and stock from the page, before anything is shown.
            let mut provided = None;
            if let (Ok(l), Some(h)) = (loaded.as_mut(), opts.hooks.as_ref()) {
                provided = hooks::provide(h, &l.manifest).await;
                if let Some(a) = &provided {
                    hooks::apply(a, &mut l.manifest);
                }
            }
            // A manifest's `ui_language` the page did not override: its
            // table comes after the manifest (one more request).
            // Read as written: the viewer's builds do not validate the
            // field (model/manifest/raw.rs); one that is not a language
            // tag matches no catalogue.
            let ui = loaded.as_ref().ok().and_then(|l| {
                js_sys::Reflect::get(&l.value, &"ui_language".into())
                    .ok()?
                    .as_string()
            });
            let locale = words::choose(opts.language.as_deref(), ui.as_deref());
            let table = if locale == guess {
                words::table(early, locale).await
            } else {
                words::table(words::fetch("viewer", locale), locale).await
            };
            let shown = words::Words::new(locale, table, crate::model::words::en::VIEWER);
            let was = shared.take();
            if !matches!(was, Phase::Loading) {
                return; // destroyed while loading (or torn down)
            }
            let live = loaded.and_then(|l| {
                for w in &l.warnings {
                    web_sys::console::warn_1(&["shoppable: ", w.as_str()].concat().into());
                }
                // Told at load, not at the tap (the shop module uses it later).
                if let Some(Err(e)) = l.manifest.checkout.redirect.as_deref().map(Template::parse) {
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
                // A live show's id as written (this build does not read
                // `live`; the server checks it against its catalog).
                let show = js_sys::Reflect::get(&l.value, &"live".into())
                    .and_then(|v| js_sys::Reflect::get(&v, &"show".into()))
                    .unwrap_or_default();
                let detail = events::ready_detail(&l.manifest, &l.warnings);
                let live = Live::new(video.clone(), l, provided, &opts, show, shown)?;
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
