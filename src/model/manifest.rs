//! The manifest: what a brand authors for one video (README.md, "The manifest").
//!
//! Reading happens in two steps. `read` reads the JSON as written (`raw`),
//! lenient about absent fields but strict about types, tracking the JSON path
//! of any type error. `validate` then checks the rules and builds the types
//! below, which the rest of the widget can trust: every product has at least
//! one variant, every tag points at a real product and has sorted keyframes,
//! every link is safe. Problems with one product or tag drop just that item
//! with a [`Warning`]; problems with the document as a whole are a
//! [`ManifestError`] and no overlay is drawn.

// The studio's canonical form (it needs serde_json, which the viewer's
// wasm does without).
#[cfg(any(not(target_arch = "wasm32"), feature = "studio"))]
pub mod authoring;
#[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
mod carts;
mod live;
mod products;
mod raw;
mod read;
#[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
mod shopify;
#[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
mod store_ids;
mod tags;
mod time_base;
mod validate;

pub use live::{is_show_id, LiveConfig, LiveSource, PinSpan};
pub use read::{Json, Number, View};
pub use time_base::{format_rfc3339_ms, parse_rfc3339_ms, TimeBase};

use serde::Serialize;

/// A validated manifest. Build it with [`from_json`] or
/// [`parse_str`]; the fields are public so tests and tools can build one by
/// hand, but only validation guarantees the invariants noted on each type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Manifest {
    /// Always 1, the only version this widget reads.
    pub version: u32,
    pub video: VideoInfo,
    /// ISO 4217 code; every price in the manifest is in its minor units.
    pub currency: String,
    /// BCP 47 tag for number formatting; `None` means the page's language.
    pub locale: Option<String>,
    /// BCP 47 tag of the language the widget's words are shown in
    /// (README, "Languages"); `None` means the page's, then the browser's.
    /// Always `None` in the viewer's builds, which read the field as
    /// written (`model/manifest/raw.rs`).
    /// Always `None` in the viewer's builds, which read the field as
    /// written (`model/manifest/raw.rs`).
    pub ui_language: Option<String>,
    /// Never empty.
    pub products: Vec<Product>,
    /// In manifest order, minus dropped tags.
    pub tags: Vec<Tag>,
    pub checkout: CheckoutConfig,
    /// The analytics adapters the manifest asks for (`analytics`), in its
    /// order, each once; the page's `analytics` option replaces them.
    /// Empty in the viewer's builds, which hand the field as written to the
    /// analytics file (`embed/analytics.rs`).
    pub analytics: Vec<crate::model::analytics::Adapter>,
    /// A live show (`live`), or `None` for a recorded video.
    pub live: Option<LiveConfig>,
    /// Products pinned during spans of a recorded show (its replay).
    pub pins: Vec<PinSpan>,
    /// The document has `live` or `pins` (not `null`): the viewer loads its
    /// live module for it. The viewer's own builds read no further (`live`
    /// and `pins` stay empty there); the live module validates both and
    /// reports what it rejects.
    pub has_live: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VideoInfo {
    /// Non-empty; names the video in events and orders.
    pub id: String,
    /// Width and height ratio of the frame, both > 0; needed for iframe
    /// players, whose frame size the page cannot read.
    pub aspect: Option<(u32, u32)>,
    /// The clock tag times are on: media seconds unless the manifest says
    /// `"time_base": "program_date_time"` with an `epoch` (live streams).
    pub time_base: TimeBase,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Product {
    /// Non-empty, unique in the manifest.
    pub id: String,
    /// Non-empty.
    pub title: String,
    pub brand: Option<String>,
    /// A safe URL (see `model::url`) or `None`.
    pub image: Option<String>,
    /// A safe URL (see `model::url`) or `None`.
    pub url: Option<String>,
    pub description: Option<String>,
    /// Minor units, >= 0: the price shown before a variant is chosen.
    pub price: i64,
    /// Minor units; when present, greater than `price`.
    pub compare_at: Option<i64>,
    /// Option names ("Shade", "Size"); every variant has one value per name.
    pub options: Vec<String>,
    /// Never empty after validation.
    pub variants: Vec<Variant>,
    /// The product in a Shopify store (`shopify`), for the `shopify`
    /// checkout strategy; `None` in the viewer's builds, which skip it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shopify: Option<crate::model::shopify::ShopifyProduct>,
    /// The product in a WooCommerce store (`woocommerce`), for the
    /// `woocommerce` strategy. Absent from the viewer's builds, which never
    /// read it: a field costs the viewer path bytes even when `None`.
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub woocommerce: Option<crate::model::woocommerce::WooProduct>,
    /// The product's SKUs in a BigCommerce store (`bigcommerce`), for the
    /// `bigcommerce` strategy; absent from the viewer's builds likewise.
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bigcommerce: Option<crate::model::bigcommerce::BigCommerceProduct>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// Non-empty, unique within its product.
    pub id: String,
    /// One value per product option, in the same order.
    pub options: Vec<String>,
    /// Minor units, >= 0.
    pub price: i64,
    /// Minor units; when present, greater than `price`.
    pub compare_at: Option<i64>,
    pub available: bool,
    /// At least 1 when present.
    pub max_per_order: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tag {
    /// Non-empty, unique in the manifest.
    pub id: String,
    /// Index into `Manifest::products`.
    pub product: usize,
    /// Seconds of video time; 0 <= start < end, both finite.
    pub start: f64,
    pub end: f64,
    /// Non-empty, sorted by `t`.
    pub keyframes: Vec<Keyframe>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Keyframe {
    /// Seconds of video time, finite.
    pub t: f64,
    /// Fractions of the video frame, 0..=1 from the top-left.
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct CheckoutConfig {
    /// "auto", "payment_request", "host", "redirect" or "shopify"; `None`
    /// means auto.
    pub strategy: Option<String>,
    /// A safe URL for the checkout API, or `None`.
    pub endpoint: Option<String>,
    /// A safe URL template for the redirect strategy, or `None`.
    pub redirect: Option<String>,
    /// A safe URL of the merchant's Apple Pay merchant validation endpoint,
    /// or `None` for [`DEFAULT_APPLE_PAY_SESSION`]; see
    /// [`apple_pay_session`](Self::apple_pay_session).
    pub apple_pay_session: Option<String>,
    /// The payment sheet's methods, in the manifest's order; empty means the
    /// widget's default (Google Pay, TEST environment).
    pub payment_methods: Vec<PaymentMethod>,
}

/// One entry of `checkout.payment_methods` that passed validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaymentMethod {
    /// The payment method identifier the browser gets: an https URL
    /// (`google_pay` and `apple_pay` are spelled out to theirs).
    pub supported_methods: String,
    /// Its index in the manifest's `checkout.payment_methods`, where the
    /// widget reads the method's `data` object as written.
    pub index: usize,
}

impl CheckoutConfig {
    /// Where the widget posts Safari's `validationURL` when Apple Pay's
    /// sheet asks for merchant validation: `checkout.apple_pay_session`, else
    /// [`DEFAULT_APPLE_PAY_SESSION`]; resolved against the manifest's URL
    /// like `endpoint`.
    pub fn apple_pay_session(&self) -> &str {
        self.apple_pay_session
            .as_deref()
            .unwrap_or(DEFAULT_APPLE_PAY_SESSION)
    }

    /// The `methodName`s the server accepts in `payment.method`: the
    /// manifest's payment methods, or the widget's default when it lists
    /// none. A page that passes its own `paymentMethods` to `attach` must
    /// list them in the manifest too, or its orders are refused.
    pub fn accepted_methods(&self) -> Vec<&str> {
        if self.payment_methods.is_empty() {
            vec![DEFAULT_PAYMENT_METHOD]
        } else {
            self.payment_methods
                .iter()
                .map(|m| m.supported_methods.as_str())
                .collect()
        }
    }
}

/// The reference server's Apple Pay merchant validation route.
pub const DEFAULT_APPLE_PAY_SESSION: &str = "/api/apple-pay/session";

/// The payment sheet's method when the manifest names none: Google Pay
/// (the widget asks for its `TEST` environment).
pub const DEFAULT_PAYMENT_METHOD: &str = "https://google.com/pay";

/// Short names a brand may write for the common wallets.
pub const PAYMENT_METHOD_ALIASES: &[(&str, &str)] = &[
    ("google_pay", "https://google.com/pay"),
    ("apple_pay", "https://apple.com/apple-pay"),
];

/// Something dropped or ignored while the rest of the manifest still works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// JSON path of the offending value, e.g. `tags[3].product`.
    pub path: String,
    pub message: String,
}

impl core::fmt::Display for Warning {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Why a whole manifest was rejected. Each message is one sentence naming
/// the JSON path where there is one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ManifestError {
    /// Not JSON at all (only [`parse_str`] can tell; in the browser
    /// `JSON.parse` reports it).
    #[error("manifest is not JSON: {message} at line {line}, column {column}")]
    NotJson {
        message: String,
        line: usize,
        column: usize,
    },
    /// A value of the wrong type, or one the whole document depends on that
    /// cannot be used (`video.time_base`, `video.epoch`); `path` is empty for
    /// the document itself.
    #[error("{}{message}", path_prefix(.path))]
    Invalid { path: String, message: String },
    #[error("missing manifest version; this widget reads version 1")]
    MissingVersion,
    #[error("unsupported manifest version {0}; this widget reads version 1")]
    UnsupportedVersion(u64),
    #[error("currency: missing; give an ISO 4217 code such as \"USD\"")]
    MissingCurrency,
    #[error("currency: {0:?} is not an ISO 4217 code (three upper-case letters, such as \"USD\")")]
    BadCurrency(String),
    #[error("video.id: missing or empty; the manifest must name its video")]
    MissingVideoId,
    /// No product survived validation; `first_problem` is the first warning
    /// about products when some were given.
    #[error("{}", no_products(*.given, .first_problem))]
    NoProducts {
        given: usize,
        first_problem: Option<Warning>,
    },
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() {
        "manifest: ".into()
    } else {
        format!("{path}: ")
    }
}

fn no_products(given: usize, first: &Option<Warning>) -> String {
    match first {
        Some(w) if given > 0 => {
            format!("products: none of the {given} products is usable; the first problem is {w}")
        }
        _ => "products: missing or empty; a manifest needs at least one product".into(),
    }
}

/// A validated manifest and what was dropped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub manifest: Manifest,
    pub warnings: Vec<Warning>,
}

/// Reads and validates a manifest from a parsed JSON value: `JSON.parse`'s
/// result in the browser (`embed::json`, which keeps a JSON parser out of the
/// wasm), a `serde_json::Value` natively and in the studio. A value of the
/// wrong type fails with its JSON path (`read.rs`).
pub fn from_json<J: Json>(doc: J) -> Result<Parsed, ManifestError> {
    validate::validate(read::read(doc)?)
}

/// Reads and validates a manifest from JSON text (natively: the server,
/// tools and tests; in wasm only the JSON-LD helper's module, `seo`, which
/// carries serde_json for its output anyway). Syntax errors become
/// [`ManifestError::NotJson`] with a line and column.
#[cfg(any(not(target_arch = "wasm32"), feature = "seo"))]
pub fn parse_str(json: &str) -> Result<Parsed, ManifestError> {
    let doc: serde_json::Value = serde_json::from_str(json).map_err(|e| not_json(&e))?;
    from_json(&doc)
}

/// serde_json appends " at line L column C"; the path says more, and
/// `NotJson` carries the position in fields of its own.
#[cfg(any(not(target_arch = "wasm32"), feature = "seo"))]
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix).unwrap_or(&full).to_string()
}

#[cfg(any(not(target_arch = "wasm32"), feature = "seo"))]
fn not_json(e: &serde_json::Error) -> ManifestError {
    ManifestError::NotJson {
        message: json_message(e),
        line: e.line(),
        column: e.column(),
    }
}

impl Manifest {
    /// The product with this id. Linear: manifests carry tens of products.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// Earliest start of any tag for `products[product]`, for "Shop this
    /// video" to seek to; `None` when no tag shows it.
    pub fn first_appearance(&self, product: usize) -> Option<f64> {
        self.tags
            .iter()
            .filter(|t| t.product == product)
            .map(|t| t.start)
            .reduce(f64::min)
    }
}

impl Product {
    pub fn variant(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id)
    }

    /// Lowest and highest variant price, for "from $19" labels; the product
    /// price twice if there are no variants (only in hand-built values).
    pub fn price_range(&self) -> (i64, i64) {
        let prices = self.variants.iter().map(|v| v.price);
        match (prices.clone().min(), prices.max()) {
            (Some(lo), Some(hi)) => (lo, hi),
            _ => (self.price, self.price),
        }
    }
}
