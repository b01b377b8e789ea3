//! A serde `Deserializer` over a value from `JSON.parse` (or a page's own
//! manifest object) whose errors carry the JSON path where they happened.
//!
//! Written by hand because of the viewer's size budget: the pair it replaces,
//! `serde_wasm_bindgen` plus `serde_path_to_error`, cost about 46 KB of raw
//! wasm on the budgeted viewer path (twiggy), most of it
//! `serde_path_to_error` wrapping every visitor of every manifest type. Here
//! a failing map entry or array element adds one segment to the error as it
//! unwinds, and nothing is tracked on success.
//!
//! Numbers are reported to visitors as integers when they are whole and
//! within 2^53 (so `u32`, `i64` and `f64` fields all read JSON numbers as
//! JSON means them), otherwise as floats.

use js_sys::{Array, Object, Reflect};
use serde::de::{
    self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};
use wasm_bindgen::{JsCast, JsValue};

use crate::model::manifest::LocatedError;

/// Why reading failed, and where: `path` holds segments innermost first.
#[derive(Debug)]
pub struct Error {
    message: String,
    path: Vec<Segment>,
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Index(u32),
}

impl Error {
    fn at(mut self, segment: Segment) -> Self {
        self.path.push(segment);
        self
    }
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl LocatedError for Error {
    /// As `serde_path_to_error` prints it, e.g. `tags[3].start`; empty for
    /// the document itself.
    fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            match segment {
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
            }
        }
        out
    }
}

impl de::Error for Error {
    fn custom<T: core::fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            path: Vec::new(),
        }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(
            [
                "invalid type: ",
                &describe(unexp),
                ", expected ",
                &exp.to_string(),
            ]
            .concat(),
        )
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        Self::custom(
            [
                "invalid value: ",
                &describe(unexp),
                ", expected ",
                &exp.to_string(),
            ]
            .concat(),
        )
    }
}

/// Names the kind of value found in serde_json's words (so the browser and
/// the server word a manifest's errors alike), but never a number's digits
/// and never through `Unexpected`'s own `Display`: either would link the
/// float printer into the viewer.
fn describe(unexp: Unexpected<'_>) -> String {
    match unexp {
        Unexpected::Bool(true) => "true".to_owned(),
        Unexpected::Bool(false) => "false".to_owned(),
        Unexpected::Unsigned(_) | Unexpected::Signed(_) | Unexpected::Float(_) => {
            "number".to_owned()
        }
        Unexpected::Str(s) => ["string \"", s, "\""].concat(),
        Unexpected::Unit | Unexpected::Option => "null".to_owned(),
        Unexpected::Seq => "sequence".to_owned(),
        Unexpected::Map => "map".to_owned(),
        Unexpected::Other(s) => s.to_owned(),
        _ => "another kind of value".to_owned(),
    }
}

/// The deserializer: one JavaScript value.
pub struct De(pub JsValue);

/// Whole numbers up to 2^53 are exact in a double: JSON's integers.
const MAX_SAFE: f64 = 9_007_199_254_740_992.0;

impl<'de> de::Deserializer<'de> for De {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            v.visit_unit()
        } else if let Some(b) = value.as_bool() {
            v.visit_bool(b)
        } else if let Some(n) = value.as_f64() {
            if n.fract() != 0.0 || n.abs() > MAX_SAFE {
                v.visit_f64(n)
            } else if n >= 0.0 {
                v.visit_u64(n as u64)
            } else {
                v.visit_i64(n as i64)
            }
        } else if let Some(s) = value.as_string() {
            v.visit_string(s)
        } else if Array::is_array(&value) {
            let items: Array = value.unchecked_into();
            v.visit_seq(Seq { items, next: 0 })
        } else if value.is_object() {
            let keys = Object::keys(value.unchecked_ref::<Object>());
            v.visit_map(Map {
                object: value,
                keys,
                next: 0,
                key: String::new(),
            })
        } else {
            Err(de::Error::custom("not a JSON value"))
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }

    /// Skipped values are not walked.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct enum
        identifier
    }
}

struct Seq {
    items: Array,
    next: u32,
}

impl<'de> SeqAccess<'de> for Seq {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let i = self.next;
        self.next += 1;
        seed.deserialize(De(self.items.get(i)))
            .map(Some)
            .map_err(|e| e.at(Segment::Index(i)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.items.length() - self.next) as usize)
    }
}

struct Map {
    object: JsValue,
    keys: Array,
    next: u32,
    /// The key whose value is read next, for the error's path.
    key: String,
}

impl<'de> MapAccess<'de> for Map {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        self.key = self.keys.get(self.next).as_string().unwrap_or_default();
        self.next += 1;
        let key: de::value::StrDeserializer<'_, Error> = self.key.as_str().into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value =
            Reflect::get(&self.object, &JsValue::from_str(&self.key)).unwrap_or(JsValue::UNDEFINED);
        seed.deserialize(De(value))
            .map_err(|e| e.at(Segment::Key(core::mem::take(&mut self.key))))
    }
}
