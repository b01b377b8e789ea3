//! Player adapters: each turns whatever its player says into one [`PlayerState`]
//! and carries out [`PlayerRequest`]s from the UI. The UI never touches the
//! player itself (DESIGN.md invariant 2), so supporting a new player means
//! writing one adapter, nothing else.

// The data types and the trait build into every module (the shop sends
// `PlayerRequest`s); the adapters are the viewer's: a plain `<video>` in every
// viewer build, the other players only with the `players` feature, YouTube
// and Vimeo `<iframe>`s only with `iframes` (the loader picks the build a
// page's player needs; see ARCHITECTURE.md).
#[cfg(feature = "viewer")]
mod band;
#[cfg(feature = "players")]
pub mod custom;
#[cfg(feature = "viewer")]
pub mod detect;
#[cfg(feature = "viewer")]
mod follow;
// The producer console follows its preview's frames with it too.
#[cfg(any(feature = "viewer", feature = "producer", feature = "studio"))]
mod frame_loop;
#[cfg(feature = "players")]
pub mod hls;
#[cfg(feature = "viewer")]
pub mod html5;
#[cfg(feature = "iframes")]
pub mod iframe;
#[cfg(feature = "players")]
pub mod media;
#[cfg(feature = "players")]
pub mod plyr;
#[cfg(feature = "players")]
mod via;
#[cfg(feature = "players")]
pub mod videojs;
#[cfg(feature = "iframes")]
pub mod vimeo;
#[cfg(feature = "iframes")]
pub mod youtube;

#[cfg(any(feature = "viewer", feature = "producer", feature = "studio"))]
pub use frame_loop::FrameLoop;

#[cfg(feature = "viewer")]
pub use detect::{detect, detect_with_time_base};

use crate::model::geometry::Layout;
use std::rc::Rc;

/// Everything the overlay needs to know about the player, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayerState {
    /// Current media time in seconds.
    pub time: f64,
    pub paused: bool,
    pub ended: bool,
    /// Playing but waiting for data (`readyState` below `HAVE_FUTURE_DATA`):
    /// the picture stands, so the tags must too.
    pub stalled: bool,
    pub rate: f64,
    pub duration: f64,
    /// How the picture sits in the element; `None` until the player knows its
    /// intrinsic size, or while the element is not rendered.
    pub layout: Option<Layout>,
    /// The element's content box, relative to its offset parent, in CSS px:
    /// where the overlay element must sit.
    pub content_box: Option<BoxPos>,
    pub fullscreen: bool,
    /// How many CSS px at the bottom of the content box the player's own
    /// control strip covers (its control bar, or a bare video's native
    /// controls): tags there are hidden, as cropped ones are
    /// (`model::band`). 0 when it has none.
    pub control_band: f64,
    /// The program date (ms since the Unix epoch, `EXT-X-PROGRAM-DATE-TIME`)
    /// of the frame `time` is of, when the adapter knows it (hls.js): the
    /// live card's per-frame rule judges each frame by it.
    pub date: Option<f64>,
}

impl Default for PlayerState {
    fn default() -> Self {
        PlayerState {
            time: 0.0,
            paused: true,
            ended: false,
            stalled: false,
            rate: 1.0,
            duration: 0.0,
            layout: None,
            content_box: None,
            fullscreen: false,
            control_band: 0.0,
            date: None,
        }
    }
}

/// Position and size of a box, in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxPos {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
    /// Where the content box starts inside the element's border box (border +
    /// padding), for placing the overlay relative to the element itself.
    pub inset_left: f64,
    pub inset_top: f64,
}

/// What the UI may ask of a player. Adapters that cannot do one ignore it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlayerRequest {
    Play,
    Pause,
    Seek(f64),
}

/// Where an adapter sends state: called on every change it sees.
pub type StateSink = Rc<dyn Fn(&PlayerState)>;

/// The optional things a player may let us do. A request for one it lacks is
/// ignored, and the UI hides what needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capabilities {
    pub seek: bool,
    pub play: bool,
    pub pause: bool,
}

impl Capabilities {
    pub const ALL: Capabilities = Capabilities {
        seek: true,
        play: true,
        pause: true,
    };
    pub const NONE: Capabilities = Capabilities {
        seek: false,
        play: false,
        pause: false,
    };
}

/// The one small contract every player adapter fulfils: the required core is
/// state (time, paused, rate, duration, content box), change notification
/// (the [`StateSink`] it was created with) and the elements the overlay uses;
/// seek, play and pause are optional ([`Capabilities`]).
///
/// Adapters start reporting when created and stop (removing every listener,
/// observer, timer and frame callback) when dropped.
pub trait Player {
    /// Short lowercase name ("html5", "videojs", "youtube", …) for messages and bench lines.
    fn name(&self) -> &'static str;
    /// The latest state, read now.
    fn state(&self) -> PlayerState;
    /// Carry out a request from the UI; ignored when not in [`Player::capabilities`].
    fn request(&self, req: PlayerRequest);
    fn capabilities(&self) -> Capabilities {
        Capabilities::ALL
    }
    /// The element whose content box the overlay covers (the `<video>`, the
    /// `<iframe>`, a custom media element): `PlayerState::content_box` is
    /// relative to it, and the overlay element is inserted right after it.
    fn surface(&self) -> web_sys::Element;
    /// The element the player itself puts in fullscreen (video.js's and Plyr's
    /// container, media-chrome's `<media-controller>`); the surface for a bare video.
    fn fullscreen_container(&self) -> web_sys::Element {
        self.surface()
    }
    /// Whether to report every presented frame while playing (the live card
    /// judges each frame), not only changes: play, pause, seek, rate, size and
    /// the media's own `timeupdate`. Off at first; adapters that report every
    /// frame anyway ignore it.
    fn every_frame(&self, _on: bool) {}
}
