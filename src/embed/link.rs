//! The viewer's link to a module it starts on the bridge: the shop
//! (`shop_start`: started on the first "open", from a tag, "Shop this
//! video" or the cart button, or in the background when a stored cart, an
//! unfinished order or a pinned card needs it) and the live card
//! (`live_start`: started at once for a manifest with `live` or `pins`).
//! Opens asked for while the shop loads are kept (the last one wins) and
//! carried out when it is ready.

use super::bridge::Made;
use js_sys::{Function, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// One "open" request: panel kind, product index, the control that asked.
type Open = (&'static str, usize, Option<Element>);

enum State {
    Idle,
    Loading(Option<Open>),
    Ready(JsValue),
    Failed,
}

/// Which module: the loader's name for it (`shoppable-<name>`), whose
/// exports include `<name>_start(bridge)`.
#[derive(Clone, Copy)]
pub enum Module {
    Shop,
    Live,
}

impl Module {
    fn name(self) -> &'static str {
        match self {
            Module::Shop => "shop",
            Module::Live => "live",
        }
    }
}

pub struct Link {
    state: Rc<RefCell<State>>,
    bridge: Rc<Made>,
    module: Module,
    /// The loader's `loadModule(name)` (a Promise of that module), when the
    /// module is built separately.
    load: JsValue,
    /// Told when the module cannot start, so the viewer can say so.
    on_fail: Rc<dyn Fn(String)>,
}

impl Link {
    pub fn new(
        module: Module,
        bridge: Rc<Made>,
        load: JsValue,
        on_fail: Rc<dyn Fn(String)>,
    ) -> Link {
        Link {
            state: Rc::new(RefCell::new(State::Idle)),
            bridge,
            module,
            load,
            on_fail,
        }
    }

    /// Opens the sheet on `kind` (starting the shop first if need be).
    pub fn open(&self, kind: &'static str, product: usize, opener: Option<Element>) {
        let open = (kind, product, opener);
        let ready = match &mut *self.state.borrow_mut() {
            State::Ready(h) => h.clone(),
            State::Loading(pending) => {
                busy(pending.as_ref(), false);
                busy(Some(&open), true);
                *pending = Some(open);
                return;
            }
            State::Failed | State::Idle => JsValue::UNDEFINED,
        };
        if ready.is_undefined() {
            busy(Some(&open), true);
            self.start(Some(open));
        } else {
            call_open(&ready, open);
        }
    }

    /// Starts the module without opening anything.
    pub fn warm(&self) {
        if matches!(*self.state.borrow(), State::Idle) {
            self.start(None);
        }
    }

    /// The module's handle once it runs (else it is started, and this is
    /// `undefined` until it is ready).
    pub fn ready(&self) -> JsValue {
        self.warm();
        match &*self.state.borrow() {
            State::Ready(h) => h.clone(),
            _ => JsValue::UNDEFINED,
        }
    }

    fn start(&self, first: Option<Open>) {
        let tapped = first.is_some();
        *self.state.borrow_mut() = State::Loading(first);
        let state = self.state.clone();
        let bridge = self.bridge.clone();
        let on_fail = self.on_fail.clone();
        let (load, module) = (self.load.clone(), self.module);
        wasm_bindgen_futures::spawn_local(async move {
            let handle = start_module(&load, module, &bridge.object, tapped).await;
            // Destroyed meanwhile: the state was taken by Drop.
            let pending = match &mut *state.borrow_mut() {
                State::Loading(p) => p.take(),
                _ => {
                    if let Ok(h) = &handle {
                        call0(h, "destroy");
                    }
                    return;
                }
            };
            busy(pending.as_ref(), false);
            match handle {
                Ok(h) => {
                    *state.borrow_mut() = State::Ready(h.clone());
                    if let Some(o) = pending {
                        call_open(&h, o);
                    }
                }
                Err(e) => {
                    *state.borrow_mut() = State::Failed;
                    on_fail(super::describe(&e));
                }
            }
        });
    }
}

impl Drop for Link {
    fn drop(&mut self) {
        if let State::Ready(h) = std::mem::replace(&mut *self.state.borrow_mut(), State::Failed) {
            call0(&h, "destroy");
            call0(&h, "free");
        }
    }
}

/// Starts `module` on `bridge`: in this module when built together (still a
/// task later, as with a fetched module), else through the loader's
/// `loadModule(name)` (a Promise of the module's exports).
async fn start_module(
    load: &JsValue,
    module: Module,
    bridge: &JsValue,
    tapped: bool,
) -> Result<JsValue, JsValue> {
    // The module's words in the UI language, imported beside the module
    // and set on the bridge (`words_<module>`) before it starts, so its
    // first view is already in that language.
    let lang = Reflect::get(bridge, &"lang".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    let words = super::words::fetch(module.name(), &lang);
    // A tap is waiting, and its control has just been marked busy: starting
    // a module (instantiating it, building its view) is one long task that
    // would hold that mark off the screen until the sheet itself is drawn
    // (tens of ms on a phone; `tap_feedback_ms`). So the frame that shows the
    // mark is painted first. A prefetched module is a settled Promise, whose
    // `await` below yields only to microtasks, never to a paint.
    if tapped {
        after_paint().await;
    }
    let table = async move {
        let table = super::words::table(words, &lang).await;
        let field = ["words_", module.name()].concat();
        let _ = Reflect::set(bridge, &field.into(), &table);
    };
    match module {
        #[cfg(feature = "shop")]
        Module::Shop => {
            table.await;
            return crate::shop::shop_start(bridge.clone()).map(JsValue::from);
        }
        #[cfg(feature = "live")]
        Module::Live => {
            table.await;
            return crate::live::live_start(bridge.clone()).map(JsValue::from);
        }
        #[allow(unreachable_patterns)]
        _ => {}
    }
    let f: Function = load
        .clone()
        .dyn_into()
        .map_err(|_| JsValue::from_str("no module loader was given to mount()"))?;
    let p: js_sys::Promise = f
        .call1(&JsValue::NULL, &module.name().into())?
        .dyn_into()
        .map_err(|_| JsValue::from_str("loadModule() did not return a Promise"))?;
    let exports = wasm_bindgen_futures::JsFuture::from(p).await?;
    table.await;
    let name = [module.name(), "_start"].concat();
    let start: Function = Reflect::get(&exports, &name.into())?.dyn_into()?;
    start.call1(&JsValue::NULL, bridge)
}

/// Settles after the next frame has been painted: a task queued from a
/// `requestAnimationFrame` callback runs once that frame is out. A hidden page
/// paints no frames, so it also settles after 100 ms whatever happens. The
/// frame callback and the timeouts hold nothing of the mount (only this
/// promise's `resolve`) and end by themselves; a destroy meanwhile is seen
/// by [`Link::start`] when this settles.
async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        let then = w.clone();
        let queue = Closure::once_into_js(move || {
            let _ = then.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = w.request_animation_frame(queue.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A tap answered before the module is there: the control that asked shows
/// `aria-busy` (a pressed, loading look, style.css) until the sheet opens, so
/// a tap on a slow network is seen at once.
fn busy(open: Option<&Open>, on: bool) {
    if let Some((_, _, Some(el))) = open {
        let _ = if on {
            el.set_attribute("aria-busy", "true")
        } else {
            el.remove_attribute("aria-busy")
        };
    }
}

fn call0(h: &JsValue, name: &str) {
    if let Ok(f) = Reflect::get(h, &JsValue::from_str(name)).and_then(|f| f.dyn_into::<Function>())
    {
        let _ = f.call0(h);
    }
}

/// Calls `h.frame(time, date)`: the live card's per-frame update.
pub fn call_frame(h: &JsValue, time: f64, date: f64) {
    if let Ok(f) = Reflect::get(h, &"frame".into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = f.call2(h, &time.into(), &date.into());
    }
}

fn call_open(h: &JsValue, (kind, product, opener): Open) {
    if let Ok(f) = Reflect::get(h, &"open".into()).and_then(|f| f.dyn_into::<Function>()) {
        let opener = opener.map(JsValue::from).unwrap_or(JsValue::NULL);
        let args = js_sys::Array::of3(&kind.into(), &(product as u32).into(), &opener);
        let _ = f.apply(h, &args);
    }
}
