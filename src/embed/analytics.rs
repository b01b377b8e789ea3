//! The analytics hook (README, "Analytics"): for a mount whose `analytics`
//! attach option or manifest field lists adapters, the viewer imports the
//! adapters' file (`www/shoppable-analytics.js`, plain JS beside the glue)
//! and starts it on the video; destroying the mount destroys it. A mount
//! that lists none loads nothing.
//!
//! Both lists go to the file as the page and the manifest wrote them, and
//! the file checks the names and warns with their JSON paths, in the words
//! `model::analytics` uses natively: checking them here cost the budgeted
//! viewer path about 1.7 KB of brotli (the manifest field read and
//! validated, the option's entries and their messages), where the file
//! does it in a few hundred bytes that only pages with analytics download.
//! So the viewer's builds do not read the manifest field
//! (`model::manifest::raw`), as with `live`.

use js_sys::{Array, Function, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// The adapters' file, beside the glue. `cargo xtask build` names it by
/// its content hash and tells this build the name (`SHOPPABLE_ANALYTICS_JS`),
/// so a changed file is a new URL under the release's immutable cache.
const FILE: &str = match option_env!("SHOPPABLE_ANALYTICS_JS") {
    Some(name) => name,
    None => "shoppable-analytics.js",
};

#[wasm_bindgen]
extern "C" {
    /// What `import()` returns: a Promise, of which only `then` is used.
    type Import;

    /// The glue's own dynamic `import()`: a relative URL resolves against
    /// the glue module's, the release's directory, with no eval (a strict
    /// CSP's `script-src <widget origin>` allows it).
    #[wasm_bindgen(js_name = "import")]
    fn import_module(url: &str) -> Import;

    /// `then(f)` with any function (js-sys's `Promise::then` takes a
    /// `Closure` it would own).
    #[wasm_bindgen(method)]
    fn then(this: &Import, f: &JsValue);
}

#[derive(Default)]
enum State {
    Loading,
    /// The adapters' handle (`{ destroy() }`).
    Running(JsValue),
    #[default]
    Gone,
}

/// The started adapters of one mount; dropping it removes their listeners.
/// In a `Cell`, taken and put back, never borrowed (the panic hook drops
/// the mount at any point).
pub struct Analytics(Rc<Cell<State>>);

impl Analytics {
    /// Imports the adapters' file and calls its `start(target, option,
    /// listed, consent)`: `option` and `consent` are the page's attach
    /// options, `listed` the manifest's `analytics`. `None` (nothing
    /// loaded) when neither list is given.
    pub fn start(
        target: &Element,
        option: JsValue,
        listed: JsValue,
        consent: JsValue,
    ) -> Option<Analytics> {
        if option.is_undefined() && (listed.is_undefined() || listed.is_null()) {
            return None;
        }
        let args = Array::of4(target, &option, &listed, &consent);
        let state = Rc::new(Cell::new(State::Loading));
        let shared = state.clone();
        // One callback, no task: the module's `start` is called when the
        // import settles. A failed import is the browser's unhandled
        // rejection, which names the file.
        let started = Closure::once_into_js(move |m: JsValue| {
            // Not a function: `apply` throws, and that is the error below.
            let handle = Reflect::get(&m, &"start".into())
                .and_then(|f| f.unchecked_into::<Function>().apply(&JsValue::NULL, &args));
            match (shared.take(), handle) {
                (State::Loading, Ok(h)) => shared.set(State::Running(h)),
                // Destroyed while loading.
                (_, Ok(h)) => destroy(&h),
                (_, Err(e)) => web_sys::console::warn_2(
                    &"shoppable: analytics: the adapters could not start; no analytics events are sent:"
                        .into(),
                    &e,
                ),
            }
        });
        import_module(&["./", FILE].concat()).then(&started);
        Some(Analytics(state))
    }
}

impl Drop for Analytics {
    fn drop(&mut self) {
        if let State::Running(handle) = self.0.take() {
            destroy(&handle);
        }
    }
}

fn destroy(handle: &JsValue) {
    if let Ok(f) = Reflect::get(handle, &"destroy".into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = f.call0(handle);
    }
}
