//! Mounting the viewer on one video: load the manifest, create the
//! overlay element and the overlay, start the player adapter; and `destroy()`, which
//! undoes all of it. Failures never touch the video: they log one console
//! error naming the cause, send `shoppable:error`, and leave no overlay.
//!
//! The sheet, cart and checkout live in the shop module (`crate::shop`), the
//! live card in the live module (`crate::live`), both reached through
//! [`link`] and the [`bridge`] contract.

#[cfg(feature = "viewer")]
mod analytics;
#[cfg(feature = "viewer")]
mod beacon;
pub mod bridge;
pub mod events;
pub mod force;
pub mod format;
pub mod hooks;
pub mod json;
#[cfg(feature = "viewer")]
mod link;
pub mod load;
#[cfg(feature = "viewer")]
mod overlay_element;
pub mod styles;
#[cfg(feature = "viewer")]
mod takeover;
pub mod words;

pub use load::{describe, Source};

/// One console error and one `shoppable:error` event; the video is untouched.
pub fn report(target: &web_sys::EventTarget, message: &str) {
    web_sys::console::error_1(&["shoppable: ", message].concat().into());
    events::emit(target, "shoppable:error", &events::error_detail(message));
}

#[cfg(feature = "viewer")]
pub use viewer::{teardown_all, Mount, Options};

#[cfg(feature = "viewer")]
mod viewer;
