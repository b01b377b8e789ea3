//! The payloads (`detail`) of the widget's `shoppable:*` DOM events
//! (README, "Events"), as plain data built from the manifest. The viewer and
//! the shop turn each into a JS object field by field (src/embed/events.rs:
//! written by hand, since the viewer's wasm has no serde, for size); the npm
//! package's TypeScript types for them are generated from these structs
//! (feature `ts`, tests/ts_types.rs), so the types and the events cannot
//! drift apart. Money is the exact decimal string plus the integer minor
//! units, never a float. Borrowed from the manifest: building one copies
//! no text but the prices.
//!
//! `shoppable:analytics_ready` is sent by the analytics adapters' own JS
//! (www/shoppable-analytics.js); its type is written by hand in npm/index.d.ts.

use super::cart::{lines_total, CartLine};
use super::manifest::Manifest;
use super::money::decimal_string;

/// One product line, in GA4's `items[]` shape.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Item<'a> {
    /// The product's `id` in the manifest.
    pub item_id: &'a str,
    /// The product's title (plain text).
    pub item_name: &'a str,
    /// The product's brand; left out when it has none.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub item_brand: Option<&'a str>,
    /// The variant's `id`: on cart events (`add_to_cart`, `begin_checkout`,
    /// `purchase`) only.
    #[cfg_attr(feature = "ts", ts(optional))]
    pub item_variant: Option<&'a str>,
    /// The unit price as an exact decimal string in the manifest's currency (`"19.00"`).
    pub price: String,
    /// The unit price in integer minor units (`1900`).
    pub price_minor: i64,
    pub quantity: u32,
}

/// `tag_view`, `tag_click`, `product_view`, `add_to_cart` and
/// `begin_checkout`: GA4-style, with the video and the moment that led to it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CommerceDetail<'a> {
    /// The manifest's `video.id`.
    pub video_id: &'a str,
    /// The tag (`tag_view`, `tag_click`), else the last tag tapped; `null` when none led to it.
    pub tag_id: Option<&'a str>,
    /// The video's time, in seconds.
    pub video_time: f64,
    /// The manifest's ISO 4217 currency code.
    pub currency: &'a str,
    /// The items' total as an exact decimal string (`"19.00"`): pass `Number(value)` to tools that want a number.
    pub value: String,
    /// The items' total in integer minor units (`1900`).
    pub value_minor: i64,
    pub items: Vec<Item<'a>>,
}

/// `purchase`: the order the server confirmed.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PurchaseDetail<'a> {
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub commerce: CommerceDetail<'a>,
    /// The server's order id.
    pub order_id: &'a str,
    /// The same id, by GA4's name.
    pub transaction_id: &'a str,
}

/// `video_view`: the video first played in this mount (once).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VideoViewDetail<'a> {
    pub video_id: &'a str,
    /// Always `null`: no tag leads to a view (the field keeps the shape of the other events).
    #[cfg_attr(feature = "ts", ts(type = "null"))]
    pub tag_id: Option<&'a str>,
    /// Where playback started, in seconds.
    pub video_time: f64,
}

/// `ready`: the overlay is mounted.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReadyDetail<'a> {
    pub video_id: &'a str,
    /// How many products the manifest kept.
    pub products: u32,
    /// How many tags the manifest kept.
    pub tags: u32,
    /// The manifest's warnings, each naming its JSON path.
    pub warnings: &'a [String],
}

/// `error`: the widget could not start; nothing is shown and the video is left as it was.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorDetail<'a> {
    /// What failed, in words.
    pub message: &'a str,
}

impl<'a> CommerceDetail<'a> {
    /// `tag_view` / `tag_click`: the tag's product, one at its base price.
    pub fn tag(m: &'a Manifest, tag: usize, video_time: f64) -> Self {
        Self::product(m, m.tags[tag].product, Some(tag), video_time)
    }

    /// `product_view`: one `product` at its base price, with the tag that
    /// led to it (`None` when none did, e.g. from "Shop this video").
    pub fn product(m: &'a Manifest, product: usize, tag: Option<usize>, video_time: f64) -> Self {
        let p = &m.products[product];
        let item = Item {
            item_id: &p.id,
            item_name: &p.title,
            item_brand: p.brand.as_deref(),
            item_variant: None,
            price: decimal_string(p.price, &m.currency),
            price_minor: p.price,
            quantity: 1,
        };
        Self::new(m, tag, video_time, p.price, vec![item])
    }

    /// `add_to_cart`, `begin_checkout`, `purchase`: the cart lines and
    /// their total (0 for a total past `i64`, which no cart reaches).
    pub fn lines(
        m: &'a Manifest,
        lines: &'a [CartLine],
        tag: Option<usize>,
        video_time: f64,
    ) -> Self {
        let items = lines
            .iter()
            .map(|l| Item {
                item_id: &l.product_id,
                item_name: &l.title,
                item_brand: m.product(&l.product_id).and_then(|p| p.brand.as_deref()),
                item_variant: Some(&l.variant_id),
                price: decimal_string(l.unit_price, &m.currency),
                price_minor: l.unit_price,
                quantity: l.quantity,
            })
            .collect();
        Self::new(m, tag, video_time, lines_total(lines).unwrap_or(0), items)
    }

    fn new(
        m: &'a Manifest,
        tag: Option<usize>,
        video_time: f64,
        value: i64,
        items: Vec<Item<'a>>,
    ) -> Self {
        CommerceDetail {
            video_id: &m.video.id,
            tag_id: tag.and_then(|t| m.tags.get(t)).map(|t| t.id.as_str()),
            video_time,
            currency: &m.currency,
            value: decimal_string(value, &m.currency),
            value_minor: value,
            items,
        }
    }
}

impl<'a> VideoViewDetail<'a> {
    pub fn new(m: &'a Manifest, video_time: f64) -> Self {
        VideoViewDetail {
            video_id: &m.video.id,
            tag_id: None,
            video_time,
        }
    }
}

impl<'a> ReadyDetail<'a> {
    pub fn new(m: &'a Manifest, warnings: &'a [String]) -> Self {
        ReadyDetail {
            video_id: &m.video.id,
            products: m.products.len() as u32,
            tags: m.tags.len() as u32,
            warnings,
        }
    }
}
