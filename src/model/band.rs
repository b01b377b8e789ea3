//! The player's own control strip, kept clear of tags.
//!
//! A player draws its controls (a scrub bar, play, volume, fullscreen) in a
//! strip along the bottom of its box: video.js's `.vjs-control-bar`, Plyr's
//! `.plyr__controls`, media-chrome's `<media-control-bar>`, the browser's own
//! for `<video controls>`. A tag there would take the taps meant for
//! scrubbing, so that strip is a reserved band in which tags are hidden
//! exactly as tags cropped off the picture are (the product stays listed in
//! "Shop this video").
//!
//! The adapter measures the band's height (the control bar's, which follows
//! resizes and fullscreen) and the boxes; this module turns that into the
//! part of the content box the band covers, and the bounds tags are shown in.
//! Pure, so tested natively.

use super::geometry::{visible_bounds, Bounds, Layout, Rect};

/// The band the browser's native controls take at the bottom of a
/// `<video controls>`: their height is not exposed to the page, and Chromium's,
/// Firefox's and Safari's bars are all within it.
pub const NATIVE_CONTROLS_PX: f64 = 48.0;

/// How many CSS px at the bottom of the content box the band covers.
///
/// The band is `height` px high at the bottom of `video_box` (the player's
/// box, where its control bar sits: video.js's and Plyr's container,
/// media-chrome's `<media-controller>`, the `<video>` itself); `content` is
/// the box the overlay covers (the video's content box), in the same
/// coordinates. The answer is between 0 (no band, or the band lies below the
/// content box) and the content box's height.
pub fn covered(video_box: Rect, content: Rect, height: f64) -> f64 {
    let band_top = video_box.y + video_box.h - height;
    let content_bottom = content.y + content.h;
    let c = content_bottom - band_top;
    // No band, a box not laid out, or NaN from one: nothing covered.
    if height > 0.0 && content.h > 0.0 && c > 0.0 {
        c.min(content.h)
    } else {
        0.0
    }
}

/// Where tags are shown: the visible picture ([`visible_bounds`]) above a
/// band covering the bottom `band` px of the content box. `None` when the
/// picture has no size; bounds with `bottom < top` (nothing shown) when the
/// band covers the whole picture.
pub fn tag_bounds(layout: &Layout, band: f64) -> Option<Bounds> {
    let mut b = visible_bounds(layout)?;
    if band > 0.0 {
        // The band's top edge counts as above it, as a picture's edges count
        // as inside ([`Bounds::holds`]).
        b.bottom = b.bottom.min(layout.content.h - band);
    }
    Some(b)
}

/// Whether the point (CSS px from the content box's top-left) lies in the
/// band covering the bottom `band` px of a content box `content_h` high.
pub fn in_band(content_h: f64, band: f64, y: f64) -> bool {
    band > 0.0 && y > content_h - band
}
