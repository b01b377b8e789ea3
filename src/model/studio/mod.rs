//! The studio's pure parts: what the page (src/studio) shows and exports is
//! computed here and tested natively.
//!
//! - `path`: a track's frames to the tags the studio exports (only frames the
//!   tracker was sure of, or the author confirmed), reduced to keyframes.
//! - `catalog`: products from an existing manifest, Shopify JSON, a Google
//!   Merchant Center feed (TSV or XML) or CSV, each with what it skipped.
//! - `jsonld`: schema.org `VideoObject` with a `Clip` per tagged span.
//! - `vtt`: a WebVTT metadata track, one cue per tag span.
//! - `frames`: the stretches a capture missed, to replay.
//! - `project`: the work in progress (tags, anchors, tracks) with undo/redo.
//! - `tags`: a draft to the tags it exports (span, runs, moved keyframes).
//! - `truth`: the tracking benchmark's ground truth files, for the bench and
//!   the browser test.
//! - `drag`: the timeline's drags (pixels and time, snapping to cuts,
//!   spans kept in their shot, keyframes kept between their neighbours).

#[cfg(feature = "studio")]
pub mod catalog;
#[cfg(feature = "studio")]
pub mod drag;
#[cfg(feature = "studio")]
pub mod frames;
// Also in the JSON-LD helper's module (feature `seo`).
pub mod jsonld;
#[cfg(feature = "studio")]
pub mod path;
#[cfg(feature = "studio")]
pub mod project;
#[cfg(feature = "studio")]
pub mod tags;
#[cfg(feature = "studio")]
pub mod truth;
#[cfg(feature = "studio")]
pub mod vtt;
