//! The viewer's link to the shop module: started on the first "open" (a tag,
//! "Shop this video", the cart button), or in the background when a stored
//! cart or an unfinished order needs it. Opens asked for while it loads are
//! kept (the last one wins) and carried out when it is ready.

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

pub struct ShopLink {
    state: Rc<RefCell<State>>,
    bridge: Rc<Made>,
    /// The loader's `loadShop()` (a Promise of the shop module), when the
    /// shop is a separate module.
    load: JsValue,
    /// Told when the shop cannot load, so the viewer can say so.
    on_fail: Rc<dyn Fn(String)>,
}

impl ShopLink {
    pub fn new(bridge: Made, load: JsValue, on_fail: Rc<dyn Fn(String)>) -> ShopLink {
        ShopLink {
            state: Rc::new(RefCell::new(State::Idle)),
            bridge: Rc::new(bridge),
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
                *pending = Some(open);
                return;
            }
            State::Failed | State::Idle => JsValue::UNDEFINED,
        };
        if ready.is_undefined() {
            self.start(Some(open));
        } else {
            call_open(&ready, open);
        }
    }

    /// Starts the shop without opening anything (a stored cart, an order to resume).
    pub fn warm(&self) {
        if matches!(*self.state.borrow(), State::Idle) {
            self.start(None);
        }
    }

    fn start(&self, first: Option<Open>) {
        *self.state.borrow_mut() = State::Loading(first);
        let state = self.state.clone();
        let bridge = self.bridge.clone();
        let on_fail = self.on_fail.clone();
        let load = self.load.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let handle = start_shop(&load, &bridge.object).await;
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

impl Drop for ShopLink {
    fn drop(&mut self) {
        if let State::Ready(h) = std::mem::replace(&mut *self.state.borrow_mut(), State::Failed) {
            call0(&h, "destroy");
            call0(&h, "free");
        }
    }
}

/// Starts the shop on `bridge`: in this module when built together (still a
/// task later, as with a fetched module), else through the loader's
/// `loadShop()` (a Promise of the shop module's exports).
#[cfg(feature = "shop")]
async fn start_shop(_load: &JsValue, bridge: &JsValue) -> Result<JsValue, JsValue> {
    crate::shop::shop_start(bridge.clone()).map(JsValue::from)
}

#[cfg(not(feature = "shop"))]
async fn start_shop(load: &JsValue, bridge: &JsValue) -> Result<JsValue, JsValue> {
    let f: Function = load
        .clone()
        .dyn_into()
        .map_err(|_| JsValue::from_str("no shop loader was given to mount()"))?;
    let p: js_sys::Promise = f
        .call0(&JsValue::NULL)?
        .dyn_into()
        .map_err(|_| JsValue::from_str("loadShop() did not return a Promise"))?;
    let module = wasm_bindgen_futures::JsFuture::from(p).await?;
    let start: Function = Reflect::get(&module, &"shop_start".into())?.dyn_into()?;
    start.call1(&JsValue::NULL, bridge)
}

fn call0(h: &JsValue, name: &str) {
    if let Ok(f) = Reflect::get(h, &JsValue::from_str(name))
        .and_then(|f| f.dyn_into::<Function>().map_err(JsValue::from))
    {
        let _ = f.call0(h);
    }
}

fn call_open(h: &JsValue, (kind, product, opener): Open) {
    if let Ok(f) = Reflect::get(h, &"open".into())
        .and_then(|f| f.dyn_into::<Function>().map_err(JsValue::from))
    {
        let opener = opener.map(JsValue::from).unwrap_or(JsValue::NULL);
        let args = js_sys::Array::of3(&kind.into(), &(product as u32).into(), &opener);
        let _ = f.apply(h, &args);
    }
}
