//! Measuring the player's own control strip, which tags keep clear of
//! (`model::band` has the maths and the reasons).
//!
//! The height is the control bar's as laid out now, so it follows resizes,
//! fullscreen and a player's own breakpoints (the [`super::follow::Watch`]
//! observes the bar for that). A bar the player keeps out of layout for now
//! (video.js's, `display: none` until the first play) is reserved at its
//! computed height, so tags do not vanish under a bar the moment it appears. A bare `<video
//! controls>` does not expose its controls' height: it gets
//! [`NATIVE_CONTROLS_PX`], and none without the `controls` attribute.

use super::BoxPos;
use crate::model::band::{covered, NATIVE_CONTROLS_PX};
use crate::model::geometry::{parse_px, Rect};
use web_sys::Element;

/// Where a player's control strip comes from. (The plain viewer build only
/// follows `<video>`s: the bars are the `players` build's.)
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(not(feature = "players"), allow(dead_code))]
pub(crate) enum Controls {
    /// No control strip over the picture (a custom element of its own, a
    /// page that draws its controls elsewhere).
    None,
    /// The browser's own, shown while the surface has a `controls` attribute.
    Native,
    /// The player's control bar: the first element matching this selector
    /// inside the player's container (video.js's `.vjs-control-bar`, Plyr's
    /// `.plyr__controls`, media-chrome's `media-control-bar`).
    Bar(&'static str),
}

impl Controls {
    /// The control bar element, to be observed for size changes.
    pub fn bar(&self, container: &Element) -> Option<Element> {
        match self {
            Controls::Bar(selector) => container.query_selector(selector).ok().flatten(),
            _ => None,
        }
    }

    /// How many CSS px at the bottom of the surface's content box the strip
    /// covers, now. `content` is the surface's content box (for its insets).
    pub fn measure(&self, surface: &Element, container: &Element, content: &BoxPos) -> f64 {
        let (video_box, height) = match self {
            Controls::None => return 0.0,
            Controls::Native => {
                if !surface.has_attribute("controls") {
                    return 0.0;
                }
                (surface.get_bounding_client_rect(), NATIVE_CONTROLS_PX)
            }
            Controls::Bar(_) => match self.bar(container) {
                Some(bar) => (container.get_bounding_client_rect(), bar_height(&bar)),
                None => return 0.0,
            },
        };
        let s = surface.get_bounding_client_rect();
        let content = Rect {
            x: s.left() + content.inset_left,
            y: s.top() + content.inset_top,
            w: content.width,
            h: content.height,
        };
        let video_box = Rect {
            x: video_box.left(),
            y: video_box.top(),
            w: video_box.width(),
            h: video_box.height(),
        };
        covered(video_box, content, height)
    }
}

/// The bar's laid-out height; while it is not laid out, its computed
/// `height` when that is a length (video.js's `3em`), else 0.
fn bar_height(bar: &Element) -> f64 {
    let laid_out = bar.get_bounding_client_rect().height();
    if laid_out > 0.0 {
        return laid_out;
    }
    web_sys::window()
        .and_then(|w| w.get_computed_style(bar).ok().flatten())
        .and_then(|s| s.get_property_value("height").ok())
        .and_then(|h| parse_px(&h))
        .unwrap_or(0.0)
}
