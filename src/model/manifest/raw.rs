//! The manifest as written, before any rule is checked.
//!
//! Nearly every field is an `Option` so that an absent or `null` value
//! reaches validation, which can drop just the one product or tag with a
//! warning; a value of the wrong *type* still fails here, with its JSON path
//! (serde_path_to_error), because such a document was not written for this
//! schema. Unknown fields are skipped, so newer manifests still load.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

#[derive(Default)]
pub(super) struct RawManifest {
    pub version: Option<u64>,
    pub video: Option<RawVideo>,
    pub currency: Option<String>,
    pub locale: Option<String>,
    pub products: Option<Vec<RawProduct>>,
    pub tags: Option<Vec<RawTag>>,
    pub checkout: Option<RawCheckout>,
    pub live: Option<RawLive>,
    pub pins: Option<Vec<RawPin>>,
    /// `live` or `pins` was written, and not as `null` (see [`LIVE_READ`]).
    pub has_live: bool,
}

/// Whether this build reads `live` and `pins`: the live module, the shop
/// and native builds (the server, tools, tests). The viewer's builds only
/// note that they are there, to load the live module, which validates them;
/// this keeps their parsing and its messages off the budgeted viewer path.
pub(super) const LIVE_READ: bool = cfg!(any(
    feature = "shop",
    feature = "live",
    not(target_arch = "wasm32")
));

#[derive(Deserialize)]
#[serde(expecting = "an object")]
pub(super) struct RawPin {
    pub product: Option<String>,
    pub start: Option<f64>,
    pub end: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "an object")]
pub(super) struct RawLive {
    pub show: Option<String>,
    pub events: Option<String>,
    pub source: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "an object")]
pub(super) struct RawVideo {
    pub id: Option<String>,
    pub aspect: Option<(u32, u32)>,
    /// "media" or "program_date_time" (see `time_base.rs`).
    pub time_base: Option<String>,
    /// RFC 3339 timestamp; the origin of tag time for "program_date_time".
    pub epoch: Option<String>,
}

#[derive(Deserialize)]
#[serde(expecting = "an object")]
pub(super) struct RawProduct {
    pub id: Option<String>,
    pub title: Option<String>,
    pub brand: Option<String>,
    pub image: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    pub price: Option<i64>,
    pub compare_at: Option<i64>,
    pub options: Option<Vec<String>>,
    pub variants: Option<Vec<RawVariant>>,
}

#[derive(Deserialize)]
#[serde(expecting = "an object")]
pub(super) struct RawVariant {
    pub id: Option<String>,
    pub options: Option<Vec<String>>,
    pub price: Option<i64>,
    pub compare_at: Option<i64>,
    pub available: Option<bool>,
    pub max_per_order: Option<u32>,
}

#[derive(Deserialize)]
#[serde(expecting = "an object")]
pub(super) struct RawTag {
    pub id: Option<String>,
    pub product: Option<String>,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub keyframes: Option<Vec<RawKeyframe>>,
}

#[derive(Deserialize)]
#[serde(expecting = "an object")]
pub(super) struct RawKeyframe {
    pub t: Option<f64>,
    pub x: Option<f64>,
    pub y: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "an object")]
pub(super) struct RawCheckout {
    pub strategy: Option<String>,
    pub endpoint: Option<String>,
    pub redirect: Option<String>,
    /// Read only where it is used (the shop module, and native builds: the
    /// server, tools, tests): the viewer's build skips it like any unknown
    /// field, which keeps its bytes off the budgeted viewer path.
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    pub apple_pay_session: Option<String>,
    pub payment_methods: Option<Vec<RawPaymentMethod>>,
}

#[derive(Deserialize)]
#[serde(expecting = "an object")]
pub(super) struct RawPaymentMethod {
    pub supported_methods: Option<String>,
    /// Passed to the browser as it is (the widget reads it from the parsed
    /// JSON); here only its shape is checked.
    #[allow(dead_code)]
    pub data: Option<AnyObject>,
}

/// Any JSON object, contents skipped: `data` is the payment method's own
/// business, but it must at least be an object.
pub(super) struct AnyObject;

impl<'de> Deserialize<'de> for AnyObject {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnyObject;
            fn expecting(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnyObject, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(AnyObject)
            }
        }
        d.deserialize_map(V)
    }
}

/// Why reading failed: the deserializer's error and where.
pub(super) struct Failure<E> {
    /// JSON path, e.g. `tags[3].start`; empty for the document itself.
    pub path: String,
    pub error: E,
    /// Set when reading stopped at a `version` other than 1.
    pub bad_version: Option<u64>,
}

pub(super) fn read<'de, D: de::Deserializer<'de>>(d: D) -> Result<RawManifest, Failure<D::Error>> {
    let mut track = serde_path_to_error::Track::new();
    let mut bad_version = None;
    let top = Top {
        bad_version: &mut bad_version,
    };
    match top.deserialize(serde_path_to_error::Deserializer::new(d, &mut track)) {
        Ok(raw) => Ok(raw),
        Err(error) => {
            let path = track.path().to_string();
            // serde_path_to_error prints the root as ".".
            let path = if path == "." { String::new() } else { path };
            Err(Failure {
                path,
                error,
                bad_version,
            })
        }
    }
}

/// Like [`read`], for a deserializer whose errors know their own path (the
/// browser's, `embed::js_de`): no path tracking is wrapped around it.
pub(super) fn read_located<'de, D>(d: D) -> Result<RawManifest, Failure<D::Error>>
where
    D: de::Deserializer<'de>,
    D::Error: super::LocatedError,
{
    let mut bad_version = None;
    let top = Top {
        bad_version: &mut bad_version,
    };
    top.deserialize(d).map_err(|error| Failure {
        path: super::LocatedError::path(&error),
        error,
        bad_version,
    })
}

/// The top level is read by hand so that a `version` other than 1 stops
/// reading at once: a version-2 document fails with "unsupported version"
/// rather than with a type error from whatever changed in version 2.
/// (When `version` comes after such a value, the type error wins.)
struct Top<'a> {
    bad_version: &'a mut Option<u64>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Key {
    Version,
    Video,
    Currency,
    Locale,
    Products,
    Tags,
    Checkout,
    Live,
    Pins,
    #[serde(other)]
    Other,
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = RawManifest;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<RawManifest, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = RawManifest;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawManifest, A::Error> {
        let mut raw = RawManifest::default();
        // A repeated key keeps its last value, as JSON.parse does.
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Version => {
                    let v: Option<u64> = map.next_value()?;
                    if let Some(v) = v.filter(|v| *v != 1) {
                        *self.bad_version = Some(v);
                        return Err(de::Error::custom("unsupported manifest version"));
                    }
                    raw.version = v;
                }
                Key::Video => raw.video = map.next_value()?,
                Key::Currency => raw.currency = map.next_value()?,
                Key::Locale => raw.locale = map.next_value()?,
                Key::Products => raw.products = map.next_value()?,
                Key::Tags => raw.tags = map.next_value()?,
                Key::Checkout => raw.checkout = map.next_value()?,
                Key::Live if LIVE_READ => {
                    raw.live = map.next_value()?;
                    raw.has_live |= raw.live.is_some();
                }
                Key::Pins if LIVE_READ => {
                    raw.pins = map.next_value()?;
                    raw.has_live |= raw.pins.is_some();
                }
                // The viewer's builds: whether they are there, nothing more.
                Key::Live | Key::Pins => {
                    raw.has_live |= map.next_value::<Option<IgnoredAny>>()?.is_some()
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(raw)
    }
}
