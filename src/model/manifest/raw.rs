//! The manifest as written, before any rule is checked (`read.rs` reads it).
//!
//! Nearly every field is an `Option` so that an absent or `null` value
//! reaches validation, which can drop just the one product or tag with a
//! warning; a value of the wrong *type* fails in reading, with its JSON path,
//! because such a document was not written for this schema.

#[derive(Default)]
pub(super) struct RawManifest {
    pub version: Option<u64>,
    pub video: Option<RawVideo>,
    pub currency: Option<String>,
    pub locale: Option<String>,
    /// The UI language (README, "Languages"); `locale` formats numbers.
    /// Read only where validated (the shop, the live card, native builds):
    /// the viewer's builds read the field as written (`embed::viewer`),
    /// since a language that matches no catalogue is English anyway.
    #[cfg(any(feature = "shop", feature = "live", not(target_arch = "wasm32")))]
    pub ui_language: Option<String>,
    pub products: Option<Vec<RawProduct>>,
    pub tags: Option<Vec<RawTag>>,
    pub checkout: Option<RawCheckout>,
    /// Adapter names (`model::analytics`). Read only where validated (the
    /// shop, native builds); the viewer's builds hand the field to the
    /// analytics file as written (`embed/analytics.rs` says why).
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    pub analytics: Option<Vec<String>>,
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

pub(super) struct RawPin {
    pub product: Option<String>,
    pub start: Option<f64>,
    pub end: Option<f64>,
}

#[derive(Default)]
pub(super) struct RawLive {
    pub show: Option<String>,
    pub events: Option<String>,
    pub source: Option<String>,
}

#[derive(Default)]
pub(super) struct RawVideo {
    pub id: Option<String>,
    pub aspect: Option<(u32, u32)>,
    /// "media" or "program_date_time" (see `time_base.rs`).
    pub time_base: Option<String>,
    /// RFC 3339 timestamp; the origin of tag time for "program_date_time".
    pub epoch: Option<String>,
}

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
    /// Read only where it is used (the shop module, native builds), like
    /// `RawCheckout::apple_pay_session`: the viewer's builds skip it.
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    pub shopify: Option<super::shopify::RawShopify>,
    /// Read like `shopify` (`carts.rs`).
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    pub woocommerce: Option<super::carts::RawWoo>,
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    pub bigcommerce: Option<super::carts::RawBigCommerce>,
}

pub(super) struct RawVariant {
    pub id: Option<String>,
    pub options: Option<Vec<String>>,
    pub price: Option<i64>,
    pub compare_at: Option<i64>,
    pub available: Option<bool>,
    pub max_per_order: Option<u32>,
}

pub(super) struct RawTag {
    pub id: Option<String>,
    pub product: Option<String>,
    pub start: Option<f64>,
    pub end: Option<f64>,
    pub keyframes: Option<Vec<RawKeyframe>>,
}

pub(super) struct RawKeyframe {
    pub t: Option<f64>,
    pub x: Option<f64>,
    pub y: Option<f64>,
}

#[derive(Default)]
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
