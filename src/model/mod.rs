//! The pure model: plain data and pure functions, no DOM (ARCHITECTURE
//! invariant 1). Everything here builds and is tested natively with
//! `cargo test`, and builds for wasm32 without `serde_json`.

pub mod analytics;
pub mod band;
pub mod beacon;
#[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
pub mod bigcommerce;
pub mod cart;
pub mod checkout;
// The `shoppable:*` events' payloads (the npm package's types come from them).
pub mod events;
pub mod frame_origin;
pub mod geometry;
pub mod idempotency;
pub mod live;
pub mod manifest;
pub mod money;
pub mod motion;
pub mod percent;
pub mod player_clock;
pub mod redirect;
pub mod shopify;
pub mod store_cart;
pub mod timeline;
// The studio's pure parts (catalog import, export, a track's tags); the
// JSON-LD helper's module (`seo`) builds only its `jsonld`.
#[cfg(any(feature = "studio", feature = "seo"))]
pub mod studio;
// The studio's tracker (its worker's wasm builds this without the rest of the studio).
#[cfg(feature = "tracker")]
pub mod track;
pub mod url;
#[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
pub mod woocommerce;
pub mod words;

mod css_position;
