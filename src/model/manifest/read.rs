//! Reading the manifest as written ([`RawManifest`]) from any parsed JSON
//! value, with the JSON path of the first value of the wrong type.
//!
//! Written by hand over a tiny access trait ([`Json`]) rather than through
//! serde, because of the viewer's size budget: serde's visitors, monomorphised
//! for every manifest type over a deserializer of `JSON.parse`'s result, and
//! the float printer its error messages pull in, cost about 50 KB of raw wasm
//! on the budgeted viewer path (twiggy). One reader serves every build: the
//! browser implements [`Json`] for `JsValue` (`embed::json`), native code and
//! the studio for `serde_json::Value` (below), so the native tests check the
//! reader the browser runs. Messages use serde_json's words ("invalid type:
//! string \"x\", expected f64"), so the server and the browser word a
//! manifest's errors alike; only a number (and a boolean) may be named more
//! briefly where printing it would cost bytes ([`Json::number_words`]).

use super::raw::{
    AnyObject, RawCheckout, RawKeyframe, RawLive, RawManifest, RawPaymentMethod, RawPin,
    RawProduct, RawTag, RawVariant, RawVideo, LIVE_READ,
};
use super::ManifestError;

/// What one JSON value is.
pub enum View {
    Null,
    Bool(bool),
    Number(Number),
    Str(String),
    Array,
    Object,
    /// Not a JSON value at all (a page's own manifest object may hold a
    /// function); never accepted.
    Other,
}

/// A JSON number as its parser gave it: an integer when it is one.
#[derive(Clone, Copy)]
pub enum Number {
    U(u64),
    I(i64),
    F(f64),
}

impl Number {
    fn as_f64(self) -> f64 {
        match self {
            Number::U(u) => u as f64,
            Number::I(i) => i as f64,
            Number::F(f) => f,
        }
    }
}

/// The little a reader needs of a parsed JSON value.
pub trait Json: Sized {
    fn view(&self) -> View;
    /// An object's field; `None` when absent (or `self` is no object).
    fn get(&self, key: &str) -> Option<Self>;
    /// An array's length (0 for anything else).
    fn array_len(&self) -> u32;
    /// An array's element `i < array_len()`.
    fn at(&self, i: u32) -> Self;
    /// An object's keys in order (empty for anything else); used only by
    /// what the viewer's builds do not read (`manifest/shopify.rs`).
    fn keys(&self) -> Vec<String>;
    /// How a number is named in a message ("integer `840`" natively).
    fn number_words(n: Number) -> String;
    /// How a boolean is named in a message.
    fn bool_words(b: bool) -> String;
}

/// Why reading failed: the message and where, innermost segment first.
pub(super) struct Failure {
    message: String,
    path: Vec<Segment>,
}

enum Segment {
    Key(&'static str),
    Index(u32),
}

pub(super) type Result<T> = core::result::Result<T, Failure>;

impl Failure {
    fn new(message: String) -> Self {
        Failure {
            message,
            path: Vec::new(),
        }
    }

    fn at(mut self, segment: Segment) -> Self {
        self.path.push(segment);
        self
    }

    /// As serde_path_to_error printed it, e.g. `tags[3].start`; empty for
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

fn describe<J: Json>(view: &View) -> String {
    match view {
        View::Null => "null".to_owned(),
        View::Bool(b) => J::bool_words(*b),
        View::Number(n) => J::number_words(*n),
        View::Str(s) => format!("string {s:?}"),
        View::Array => "sequence".to_owned(),
        View::Object => "map".to_owned(),
        View::Other => "another kind of value".to_owned(),
    }
}

fn invalid<J: Json>(kind: &str, view: &View, expected: &str) -> Failure {
    Failure::new([kind, &describe::<J>(view), ", expected ", expected].concat())
}

pub(super) fn wrong_type<J: Json>(view: &View, expected: &str) -> Failure {
    invalid::<J>("invalid type: ", view, expected)
}

/// `key` of `object`: `None` when absent or `null` (so validation can drop
/// just the one item), else what `read` makes of it, failing at `key`.
pub(super) fn field<J: Json, T>(
    object: &J,
    key: &'static str,
    read: fn(J) -> Result<T>,
) -> Result<Option<T>> {
    match object.get(key) {
        Some(v) if !matches!(v.view(), View::Null) => {
            read(v).map(Some).map_err(|e| e.at(Segment::Key(key)))
        }
        _ => Ok(None),
    }
}

/// Whether `key` is there and not `null`.
fn present<J: Json>(object: &J, key: &str) -> bool {
    object
        .get(key)
        .is_some_and(|v| !matches!(v.view(), View::Null))
}

pub(super) fn object<J: Json>(v: &J) -> Result<()> {
    match v.view() {
        View::Object => Ok(()),
        other => Err(wrong_type::<J>(&other, "an object")),
    }
}

pub(super) fn string<J: Json>(v: J) -> Result<String> {
    match v.view() {
        View::Str(s) => Ok(s),
        other => Err(wrong_type::<J>(&other, "a string")),
    }
}

fn boolean<J: Json>(v: J) -> Result<bool> {
    match v.view() {
        View::Bool(b) => Ok(b),
        other => Err(wrong_type::<J>(&other, "a boolean")),
    }
}

fn float<J: Json>(v: J) -> Result<f64> {
    match v.view() {
        View::Number(n) => Ok(n.as_f64()),
        other => Err(wrong_type::<J>(&other, "f64")),
    }
}

/// An integer in `min..=max`, as serde reads one: a float is the wrong type,
/// an integer out of range the wrong value.
fn integer<J: Json>(v: &J, min: i128, max: i128, expected: &str) -> Result<i128> {
    let view = v.view();
    let n = match view {
        View::Number(Number::U(u)) => u as i128,
        View::Number(Number::I(i)) => i as i128,
        _ => return Err(wrong_type::<J>(&view, expected)),
    };
    if n < min || n > max {
        return Err(invalid::<J>("invalid value: ", &view, expected));
    }
    Ok(n)
}

fn unsigned<J: Json>(v: J) -> Result<u64> {
    integer(&v, 0, u64::MAX as i128, "u64").map(|n| n as u64)
}

fn signed<J: Json>(v: J) -> Result<i64> {
    integer(&v, i64::MIN as i128, i64::MAX as i128, "i64").map(|n| n as i64)
}

fn small<J: Json>(v: J) -> Result<u32> {
    integer(&v, 0, u32::MAX as i128, "u32").map(|n| n as u32)
}

fn list<J: Json, T>(v: J, read: fn(J) -> Result<T>) -> Result<Vec<T>> {
    let view = v.view();
    if !matches!(view, View::Array) {
        return Err(wrong_type::<J>(&view, "a sequence"));
    }
    (0..v.array_len())
        .map(|i| read(v.at(i)).map_err(|e| e.at(Segment::Index(i))))
        .collect()
}

fn strings<J: Json>(v: J) -> Result<Vec<String>> {
    list(v, string)
}

/// `[width, height]`.
fn pair<J: Json>(v: J) -> Result<(u32, u32)> {
    const EXPECTED: &str = "a tuple of size 2";
    let view = v.view();
    if !matches!(view, View::Array) {
        return Err(wrong_type::<J>(&view, EXPECTED));
    }
    let len = v.array_len();
    if len != 2 {
        let expected = if len > 2 {
            "fewer elements in array"
        } else {
            EXPECTED
        };
        return Err(Failure::new(format!(
            "invalid length {len}, expected {expected}"
        )));
    }
    let item = |i| small(v.at(i)).map_err(|e| e.at(Segment::Index(i)));
    Ok((item(0)?, item(1)?))
}

fn video<J: Json>(v: J) -> Result<RawVideo> {
    object(&v)?;
    Ok(RawVideo {
        id: field(&v, "id", string)?,
        aspect: field(&v, "aspect", pair)?,
        time_base: field(&v, "time_base", string)?,
        epoch: field(&v, "epoch", string)?,
    })
}

fn product<J: Json>(v: J) -> Result<RawProduct> {
    object(&v)?;
    Ok(RawProduct {
        id: field(&v, "id", string)?,
        title: field(&v, "title", string)?,
        brand: field(&v, "brand", string)?,
        image: field(&v, "image", string)?,
        url: field(&v, "url", string)?,
        description: field(&v, "description", string)?,
        price: field(&v, "price", signed)?,
        compare_at: field(&v, "compare_at", signed)?,
        options: field(&v, "options", strings)?,
        variants: field(&v, "variants", |v| list(v, variant))?,
        // See `RawProduct::shopify`.
        #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
        shopify: field(&v, "shopify", super::shopify::read)?,
        #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
        woocommerce: field(&v, "woocommerce", super::carts::read_woo)?,
        #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
        bigcommerce: field(&v, "bigcommerce", super::carts::read_bigcommerce)?,
    })
}

fn variant<J: Json>(v: J) -> Result<RawVariant> {
    object(&v)?;
    Ok(RawVariant {
        id: field(&v, "id", string)?,
        options: field(&v, "options", strings)?,
        price: field(&v, "price", signed)?,
        compare_at: field(&v, "compare_at", signed)?,
        available: field(&v, "available", boolean)?,
        max_per_order: field(&v, "max_per_order", small)?,
    })
}

fn tag<J: Json>(v: J) -> Result<RawTag> {
    object(&v)?;
    Ok(RawTag {
        id: field(&v, "id", string)?,
        product: field(&v, "product", string)?,
        start: field(&v, "start", float)?,
        end: field(&v, "end", float)?,
        keyframes: field(&v, "keyframes", |v| list(v, keyframe))?,
    })
}

fn keyframe<J: Json>(v: J) -> Result<RawKeyframe> {
    object(&v)?;
    Ok(RawKeyframe {
        t: field(&v, "t", float)?,
        x: field(&v, "x", float)?,
        y: field(&v, "y", float)?,
    })
}

fn checkout<J: Json>(v: J) -> Result<RawCheckout> {
    object(&v)?;
    Ok(RawCheckout {
        strategy: field(&v, "strategy", string)?,
        endpoint: field(&v, "endpoint", string)?,
        redirect: field(&v, "redirect", string)?,
        #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
        apple_pay_session: field(&v, "apple_pay_session", string)?,
        payment_methods: field(&v, "payment_methods", |v| list(v, payment_method))?,
    })
}

fn payment_method<J: Json>(v: J) -> Result<RawPaymentMethod> {
    object(&v)?;
    Ok(RawPaymentMethod {
        supported_methods: field(&v, "supported_methods", string)?,
        data: field(&v, "data", |v| object(&v).map(|()| AnyObject))?,
    })
}

fn live<J: Json>(v: J) -> Result<RawLive> {
    object(&v)?;
    Ok(RawLive {
        show: field(&v, "show", string)?,
        events: field(&v, "events", string)?,
        source: field(&v, "source", string)?,
    })
}

fn pin<J: Json>(v: J) -> Result<RawPin> {
    object(&v)?;
    Ok(RawPin {
        product: field(&v, "product", string)?,
        start: field(&v, "start", float)?,
        end: field(&v, "end", float)?,
    })
}

/// The manifest as written. `version` is read first wherever it stands, so
/// a version-2 document fails with "unsupported version" rather than with a
/// type error from whatever changed in version 2. Unknown fields are
/// skipped, so newer manifests still load.
pub(super) fn read<J: Json>(doc: J) -> core::result::Result<RawManifest, ManifestError> {
    let view = doc.view();
    if !matches!(view, View::Object) {
        return Err(invalid_at_root(wrong_type::<J>(&view, "a JSON object")));
    }
    let version = field(&doc, "version", unsigned).map_err(invalid_at_root)?;
    if let Some(v) = version.filter(|v| *v != 1) {
        return Err(ManifestError::UnsupportedVersion(v));
    }
    body(doc, version).map_err(invalid_at_root)
}

fn body<J: Json>(doc: J, version: Option<u64>) -> Result<RawManifest> {
    let mut raw = RawManifest {
        version,
        video: field(&doc, "video", video)?,
        currency: field(&doc, "currency", string)?,
        locale: field(&doc, "locale", string)?,
        #[cfg(any(feature = "shop", feature = "live", not(target_arch = "wasm32")))]
        ui_language: field(&doc, "ui_language", string)?,
        products: field(&doc, "products", |v| list(v, product))?,
        tags: field(&doc, "tags", |v| list(v, tag))?,
        checkout: field(&doc, "checkout", checkout)?,
        #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
        analytics: field(&doc, "analytics", strings)?,
        ..RawManifest::default()
    };
    if LIVE_READ {
        raw.live = field(&doc, "live", live)?;
        raw.pins = field(&doc, "pins", |v| list(v, pin))?;
    }
    // The viewer's builds only note that they are there (see LIVE_READ).
    raw.has_live = present(&doc, "live") || present(&doc, "pins");
    Ok(raw)
}

fn invalid_at_root(f: Failure) -> ManifestError {
    ManifestError::Invalid {
        path: f.path(),
        message: f.message,
    }
}

/// serde_json's values: native code (the server, tools, tests) and the
/// studio and the JSON-LD helper's module, in serde_json's own words.
#[cfg(any(not(target_arch = "wasm32"), feature = "studio", feature = "seo"))]
impl Json for &serde_json::Value {
    fn view(&self) -> View {
        use serde_json::Value;
        match self {
            Value::Null => View::Null,
            Value::Bool(b) => View::Bool(*b),
            Value::Number(n) => View::Number(match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Number::U(u),
                (None, Some(i)) => Number::I(i),
                _ => Number::F(n.as_f64().unwrap_or(f64::NAN)),
            }),
            Value::String(s) => View::Str(s.clone()),
            Value::Array(_) => View::Array,
            Value::Object(_) => View::Object,
        }
    }

    fn get(&self, key: &str) -> Option<Self> {
        self.as_object().and_then(|o| o.get(key))
    }

    fn array_len(&self) -> u32 {
        self.as_array().map_or(0, |a| a.len() as u32)
    }

    fn at(&self, i: u32) -> Self {
        &self[i as usize]
    }

    fn keys(&self) -> Vec<String> {
        self.as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    }

    fn number_words(n: Number) -> String {
        use serde::de::Unexpected;
        match n {
            Number::U(u) => Unexpected::Unsigned(u),
            Number::I(i) => Unexpected::Signed(i),
            Number::F(f) => Unexpected::Float(f),
        }
        .to_string()
    }

    fn bool_words(b: bool) -> String {
        serde::de::Unexpected::Bool(b).to_string()
    }
}
