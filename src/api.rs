//! The wasm modules' JS surface, called by the loader (`www/shoppable.js`),
//! which owns the public `Shoppable` API, queuing and lazy start: `mount` in
//! the viewer module, `shop_start` (`crate::shop`) in the shop module.

#[cfg(feature = "viewer")]
use crate::embed::{self, Mount, Options, Source};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(start)]
pub fn start() {
    // Effects are created before the first view mounts; they need the executor.
    #[cfg(any(feature = "shop", feature = "producer", feature = "studio"))]
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // DESIGN.md invariant 5: a panic must not break the host page. Remove every
    // overlay (the videos keep playing) and say why, once.
    std::panic::set_hook(Box::new(|info| {
        let msg = [
            "shoppable: internal error; the overlay was removed and the video left as it was: ",
            info.to_string().as_str(),
        ]
        .concat();
        web_sys::console::error_1(&msg.into());
        // Everything each mount registered goes now: after the hook the
        // instance traps, and a listener or frame callback left behind would
        // call into it again.
        #[cfg(feature = "viewer")]
        crate::embed::teardown_all();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(list) = doc.query_selector_all("[data-shoppable-overlay]") {
                for i in 0..list.length() {
                    if let Some(el) = list
                        .item(i)
                        .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    {
                        el.remove();
                    }
                }
            }
        }
    }));
}

/// A mounted widget, as the loader holds it.
#[cfg(feature = "viewer")]
#[wasm_bindgen]
pub struct MountHandle(Mount);

#[cfg(feature = "viewer")]
#[wasm_bindgen]
impl MountHandle {
    /// Removes everything the widget added to the page.
    pub fn destroy(&self) {
        self.0.destroy();
    }
}

/// Mounts the widget on `target` with `options` (`{ manifest: url | object,
/// pauseOnOpen?, locale?, language?, hooks?, paymentMethods?, paymentOptions?,
/// analytics?, consent? }`; see the
/// README). `load_module` is the loader's function returning a Promise of a
/// module by name (`"shop"`, `"live"`; unused for those built into this one). Throws a message
/// naming the problem when the target or options are unusable.
#[cfg(feature = "viewer")]
#[wasm_bindgen]
pub fn mount(
    target: JsValue,
    options: JsValue,
    load_module: JsValue,
) -> Result<MountHandle, JsValue> {
    let target: web_sys::Element = match target.dyn_into() {
        Ok(v) => v,
        Err(other) => {
            return Err([
                "target ",
                describe_target(&other).as_str(),
                " is not an element",
            ]
            .concat()
            .into())
        }
    };
    let get = |k: &str| {
        js_sys::Reflect::get(&options, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    };
    let player = get("player");
    // Said now, not after the manifest loads: an element nothing could drive.
    if player.is_undefined() && !crate::player::detect::is_player_candidate(&target) {
        return Err([
            "target ",
            describe_target(&target).as_str(),
            " is not a player this widget supports (",
            crate::player::detect::SUPPORTED,
            ")",
        ]
        .concat()
        .into());
    }
    let manifest = get("manifest");
    let manifest = if let Some(url) = manifest.as_string() {
        Source::Url(url)
    } else if manifest.is_object() {
        Source::Object(manifest)
    } else {
        return Err("options.manifest: give a manifest URL (string) or a manifest object".into());
    };
    let opts = Options {
        manifest,
        locale: get("locale").as_string(),
        language: get("language").as_string(),
        hooks: embed::hooks::Hooks::from_js(get("hooks")),
        player,
        takeover: get("fullscreen").as_string().as_deref() == Some("takeover"),
        raw: options.clone(),
        load_module,
    };
    Ok(MountHandle(Mount::start(target, opts)))
}

#[cfg(feature = "viewer")]
fn describe_target(v: &JsValue) -> String {
    match v.dyn_ref::<web_sys::Element>() {
        Some(el) => crate::player::detect::describe(el),
        None => embed::describe(v),
    }
}
