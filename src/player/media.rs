//! The adapter for custom media elements: anything exposing the
//! HTMLMediaElement API (`currentTime`, `paused`, `play()`, `pause()` and the
//! media events) that is not a plain `<video>` of its own: `<mux-video>`,
//! `<hls-video>` and the other media-chrome media elements, and a `<video
//! slot="media">` inside media-chrome's `<media-controller>`.
//!
//! The following itself is [`super::follow`]. What differs from a bare
//! `<video>`:
//! - the fullscreen container is the enclosing `<media-controller>`, when
//!   there is one (media-chrome puts that in fullscreen, not the video);
//! - the picture: a custom element has no picture of its own, so its size and
//!   fit come from the `<video>` in its (open) shadow root when there is one;
//!   else from its own `videoWidth`/`videoHeight` when it forwards them; else
//!   from the manifest's `video.aspect`, letterboxed (`contain`); else the
//!   picture is taken to fill the element.

use super::band::Controls;
use super::follow::{Follower, MediaApi, Picture, Spec};
use super::{Player, PlayerRequest, PlayerState, StateSink};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::{Element, HtmlElement, HtmlVideoElement};

/// Follows one custom media element until dropped.
pub struct MediaElementPlayer {
    follower: Follower,
}

/// Whether `el` exposes the HTMLMediaElement API: `currentTime` and `paused`
/// properties and a `play` function (own or inherited).
pub fn has_media_api(el: &JsValue) -> bool {
    let has = |k: &str| js_sys::Reflect::has(el, &JsValue::from_str(k)).unwrap_or(false);
    let is_fn = |k: &str| {
        js_sys::Reflect::get(el, &JsValue::from_str(k))
            .map(|f| f.is_function())
            .unwrap_or(false)
    };
    el.is_object() && has("currentTime") && has("paused") && is_fn("play")
}

impl MediaElementPlayer {
    /// `el` must expose the HTMLMediaElement API ([`has_media_api`]);
    /// `aspect` is the manifest's `video.aspect`, used only when the element
    /// tells nothing of its picture.
    pub fn new(el: HtmlElement, aspect: Option<(u32, u32)>, sink: StateSink) -> MediaElementPlayer {
        let inner = inner_video(&el);
        let picture = if el.is_instance_of::<HtmlVideoElement>() {
            Picture::Media
        } else if let Some(v) = &inner {
            Picture::Inner(v.clone())
        } else if js_sys::Reflect::get(&el, &JsValue::from_str("videoWidth"))
            .ok()
            .and_then(|w| w.as_f64())
            .is_some()
        {
            Picture::Media
        } else if let Some((w, h)) = aspect.filter(|&(w, h)| w > 0 && h > 0) {
            Picture::Aspect(w, h)
        } else {
            Picture::Fill
        };
        let frames: Element = match &inner {
            Some(v) => v.clone().into(),
            None => el.clone().into(),
        };
        let controller = media_controller(&el);
        // media-chrome's bar lives in the controller; a media element of its
        // own (`<mux-video>` without a controller) draws no strip we know of.
        let controls = match controller {
            Some(_) => Controls::Bar("media-control-bar"),
            None => Controls::None,
        };
        let container = controller.unwrap_or_else(|| el.clone().into());
        let spec = Spec {
            media: el.clone().unchecked_into::<MediaApi>(),
            surface: el,
            picture,
            frames,
            container,
            clock: None,
            controls,
        };
        MediaElementPlayer {
            follower: Follower::new(spec, sink),
        }
    }
}

/// The `<video>` in an element's open shadow root, if any.
pub(crate) fn inner_video(el: &Element) -> Option<HtmlVideoElement> {
    let root = el.shadow_root()?;
    root.query_selector("video").ok().flatten()?.dyn_into().ok()
}

/// The `<media-controller>` an element sits in (a `<video slot="media">` is
/// its light-DOM child), if any.
pub(crate) fn media_controller(el: &Element) -> Option<Element> {
    el.closest("media-controller").ok().flatten()
}

impl Player for MediaElementPlayer {
    fn name(&self) -> &'static str {
        "media"
    }

    fn state(&self) -> PlayerState {
        self.follower.state()
    }

    fn every_frame(&self, on: bool) {
        self.follower.every_frame(on);
    }

    fn request(&self, req: PlayerRequest) {
        self.follower.request_media(req);
    }

    fn surface(&self) -> Element {
        self.follower.surface()
    }

    fn fullscreen_container(&self) -> Element {
        self.follower.container()
    }
}
