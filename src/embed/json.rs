//! The manifest reader's view of a value from `JSON.parse` (or a page's own
//! manifest object): [`model::manifest::Json`](crate::model::manifest::Json)
//! for `JsValue`.
//!
//! Numbers are integers when they are whole and within 2^53 (so `u32`,
//! `i64` and `f64` fields all read JSON numbers as JSON means them),
//! otherwise floats. A number or boolean is named in a message without its
//! value ("invalid type: number, expected i64"): printing a float would link
//! the float formatter into the viewer.

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::model::manifest::{Json, Number, View};

/// Whole numbers up to 2^53 are exact in a double: JSON's integers.
const MAX_SAFE: f64 = 9_007_199_254_740_992.0;

impl Json for JsValue {
    fn view(&self) -> View {
        if self.is_null() || self.is_undefined() {
            View::Null
        } else if let Some(b) = self.as_bool() {
            View::Bool(b)
        } else if let Some(n) = self.as_f64() {
            View::Number(if n.fract() != 0.0 || n.abs() > MAX_SAFE {
                Number::F(n)
            } else if n >= 0.0 {
                Number::U(n as u64)
            } else {
                Number::I(n as i64)
            })
        } else if let Some(s) = self.as_string() {
            View::Str(s)
        } else if Array::is_array(self) {
            View::Array
        } else if self.is_object() && !self.is_function() {
            View::Object
        } else {
            View::Other
        }
    }

    fn get(&self, key: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn array_len(&self) -> u32 {
        self.dyn_ref::<Array>().map_or(0, Array::length)
    }

    fn at(&self, i: u32) -> Self {
        self.unchecked_ref::<Array>().get(i)
    }

    fn keys(&self) -> Vec<String> {
        if !self.is_object() {
            return Vec::new();
        }
        js_sys::Object::keys(self.unchecked_ref::<js_sys::Object>())
            .iter()
            .filter_map(|k| k.as_string())
            .collect()
    }

    fn number_words(_: Number) -> String {
        "number".to_owned()
    }

    fn bool_words(b: bool) -> String {
        if b { "true" } else { "false" }.to_owned()
    }
}
