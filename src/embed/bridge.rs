//! The contract between the wasm modules (ARCHITECTURE.md, "The modules").
//! The viewer hands the shop, and the live card when it has one, the same
//! plain JS object, the bridge:
//!
//! | field | what |
//! |---|---|
//! | `slot` | the element inside the overlay's shadow root the shop renders into |
//! | `target` | the element `shoppable:*` events are sent on (the video) |
//! | `manifest`, `base` | the manifest as parsed, and its URL (its origin names the site) |
//! | `provided` | the page's `provideProducts` answer, or `undefined` |
//! | `options` | the options given to `Shoppable.attach` |
//! | `paused()`, `time()` | the player's state, read now |
//! | `date()` | the program date (ms) of the frame on screen, or `NaN` |
//! | `request(kind, t)` | `"play"`, `"pause"` or `"seek"` (to `t` seconds) |
//! | `lastTag()` | the manifest index of the last tapped tag, or -1 |
//! | `setCount(n)` | the number the cart button shows (0 hides it) |
//! | `shop()` | the shop's handle once it runs, else `undefined` (and it is started) |
//! | `lang` | the UI language (README, "Languages"), e.g. `"ar"` |
//! | `words_shop`, `words_live` | that module's table of words in `lang` (`embed::words`), set just before it starts; `undefined` means English |
//!
//! The shop returns a handle with `open(kind, product, opener)` (`kind`:
//! `"list"`, `"product"`, `"cart"`), `buy(product, variant, deal, price)`,
//! `abortDeal(deal, words)`, `setPinned(products)` and `destroy()`; the live
//! card one with `frame(time, date)` and `destroy()`. Plain JS on both sides,
//! so the modules need not be built together; when they are (tests), the
//! same object passes through Rust.

#[cfg(feature = "viewer")]
use js_sys::Object;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

fn get(o: &JsValue, k: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
}

/// The bridge as the shop reads it.
#[derive(Clone)]
pub struct Bridge(pub JsValue);

impl Bridge {
    pub fn element(&self, k: &str) -> Option<Element> {
        get(&self.0, k).dyn_into().ok()
    }
    pub fn value(&self, k: &str) -> JsValue {
        get(&self.0, k)
    }
    pub fn string(&self, k: &str) -> String {
        get(&self.0, k).as_string().unwrap_or_default()
    }
    pub fn provided(&self) -> Option<Array> {
        let v = get(&self.0, "provided");
        Array::is_array(&v).then(|| Array::from(&v))
    }
    fn call(&self, k: &str, args: &[JsValue]) -> JsValue {
        let Ok(f) = get(&self.0, k).dyn_into::<Function>() else {
            return JsValue::UNDEFINED;
        };
        let r = match args {
            [] => f.call0(&JsValue::NULL),
            [a] => f.call1(&JsValue::NULL, a),
            [a, b, ..] => f.call2(&JsValue::NULL, a, b),
        };
        r.unwrap_or(JsValue::UNDEFINED)
    }
    pub fn paused(&self) -> bool {
        self.call("paused", &[]).as_bool().unwrap_or(true)
    }
    pub fn time(&self) -> f64 {
        self.call("time", &[]).as_f64().unwrap_or(0.0)
    }
    /// The program date (ms) of the frame on screen; `NaN` when unknown.
    pub fn date(&self) -> f64 {
        self.call("date", &[]).as_f64().unwrap_or(f64::NAN)
    }
    /// The shop's handle, or `undefined` while it starts.
    pub fn shop(&self) -> JsValue {
        self.call("shop", &[])
    }
    pub fn request(&self, kind: &str, t: f64) {
        self.call("request", &[kind.into(), t.into()]);
    }
    pub fn last_tag(&self) -> Option<usize> {
        self.call("lastTag", &[])
            .as_f64()
            .filter(|i| *i >= 0.0)
            .map(|i| i as usize)
    }
    pub fn set_count(&self, n: u32) {
        self.call("setCount", &[n.into()]);
    }
}

/// The viewer's side: builds the object and owns its callbacks, which must
/// outlive the shop (the viewer destroys the shop first).
#[cfg(feature = "viewer")]
pub struct Callbacks {
    pub paused: Box<dyn Fn() -> bool>,
    pub time: Box<dyn Fn() -> f64>,
    pub request: Box<dyn Fn(String, f64)>,
    pub last_tag: Box<dyn Fn() -> i32>,
    pub set_count: Box<dyn Fn(u32)>,
    pub date: Box<dyn Fn() -> f64>,
    pub shop: Box<dyn Fn() -> JsValue>,
}

/// The closures behind the bridge object's functions, kept alive with it.
#[cfg(feature = "viewer")]
type Closures = (
    Closure<dyn Fn() -> bool>,
    Closure<dyn Fn() -> f64>,
    Closure<dyn Fn(String, f64)>,
    Closure<dyn Fn() -> i32>,
    Closure<dyn Fn(u32)>,
    Closure<dyn Fn() -> f64>,
    Closure<dyn Fn() -> JsValue>,
);

#[cfg(feature = "viewer")]
pub struct Made {
    pub object: Object,
    _closures: Closures,
}

#[cfg(feature = "viewer")]
pub fn make(fields: &[(&str, JsValue)], cb: Callbacks) -> Made {
    let object = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&object, &JsValue::from_str(k), v);
    };
    for (k, v) in fields {
        set(k, v);
    }
    let closures = (
        Closure::<dyn Fn() -> bool>::new(cb.paused),
        Closure::<dyn Fn() -> f64>::new(cb.time),
        Closure::<dyn Fn(String, f64)>::new(cb.request),
        Closure::<dyn Fn() -> i32>::new(cb.last_tag),
        Closure::<dyn Fn(u32)>::new(cb.set_count),
        Closure::<dyn Fn() -> f64>::new(cb.date),
        Closure::<dyn Fn() -> JsValue>::new(cb.shop),
    );
    set("paused", closures.0.as_ref());
    set("time", closures.1.as_ref());
    set("request", closures.2.as_ref());
    set("lastTag", closures.3.as_ref());
    set("setCount", closures.4.as_ref());
    set("date", closures.5.as_ref());
    set("shop", closures.6.as_ref());
    Made {
        object,
        _closures: closures,
    }
}
