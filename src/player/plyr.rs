//! The adapter for Plyr players.
//!
//! Plyr keeps its instance on the original media element (`video.plyr`) and
//! wraps that element in its container, `.plyr`. The instance is found from
//! either: the element's own `plyr` property, or the `<video>` inside the
//! `.plyr` container around (or at) the element.
//!
//! With Plyr's HTML5 provider the media is the real `<video>`, so time,
//! frames and layout come from it through [`super::follow`]; requests go
//! through Plyr's API (`play()`, `pause()`, the `currentTime` setter) so its
//! controls stay in step. The fullscreen container is `plyr.elements.container`.
//!
//! With its YouTube and Vimeo providers there is no `<video>`; Plyr's own API
//! (the `currentTime`, `paused`, `duration`, `speed`, `ended` properties and
//! `on`/`off` for media events) is then followed by [`super::custom`], over
//! the container, with the manifest's `video.aspect`.

use super::band::Controls;
use super::custom::{Api, CustomPlayer, SeekBy};
use super::follow::{ignore_rejection, Follower, Spec};
use super::via::Via;
use super::{Player, PlayerRequest, PlayerState, StateSink};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlVideoElement};

#[wasm_bindgen]
extern "C" {
    /// The parts of a `Plyr` instance this adapter uses.
    #[derive(Clone)]
    pub type PlyrInstance;
    #[wasm_bindgen(method, structural, catch)]
    fn play(this: &PlyrInstance) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch)]
    fn pause(this: &PlyrInstance) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, setter, js_name = currentTime)]
    fn set_current_time(this: &PlyrInstance, t: f64);
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn as_plyr(v: JsValue) -> Option<PlyrInstance> {
    let ok = v.is_object()
        && get(&v, "play").is_function()
        && get(&v, "pause").is_function()
        && get(&v, "elements").is_object();
    ok.then(|| v.unchecked_into())
}

/// The Plyr instance `el` belongs to (the original media element, the
/// `.plyr` container, or an element inside it), if any.
pub fn find_plyr(el: &Element) -> Option<PlyrInstance> {
    if let Some(p) = as_plyr(get(el, "plyr")) {
        return Some(p);
    }
    let container = el.closest(".plyr").ok().flatten()?;
    // The html5 provider's media, or the YouTube/Vimeo providers' embed div.
    let media = container
        .query_selector("video, audio, .plyr__video-embed, [data-plyr-provider]")
        .ok()
        .flatten()?;
    as_plyr(get(&media, "plyr"))
}

/// Follows one Plyr player until dropped.
pub struct PlyrPlayer {
    plyr: PlyrInstance,
    how: Via,
}

impl PlyrPlayer {
    /// `aspect` (the manifest's `video.aspect`) places the picture for the
    /// providers without a `<video>`.
    pub fn new(
        plyr: PlyrInstance,
        aspect: Option<(u32, u32)>,
        sink: StateSink,
    ) -> Result<PlyrPlayer, String> {
        let container = get(&get(&plyr, "elements"), "container")
            .dyn_into::<web_sys::HtmlElement>()
            .ok();
        let how = match (
            get(&plyr, "media").dyn_into::<HtmlVideoElement>(),
            container,
        ) {
            (Ok(video), container) => {
                let mut spec = Spec::video(&video);
                spec.container = container
                    .map(Element::from)
                    .or_else(|| video.closest(".plyr").ok().flatten())
                    .unwrap_or_else(|| video.clone().into());
                spec.controls = Controls::Bar(".plyr__controls");
                Via::Video(Follower::new(spec, sink))
            }
            // Plyr's own API has the same state for every provider, as
            // properties, with `on`/`off` for the media events.
            (Err(_), Some(container)) => Via::Api(CustomPlayer::with_api(
                container,
                plyr.clone().into(),
                aspect,
                sink,
                Api {
                    props: true,
                    rate: "speed",
                    seek: SeekBy::Property("currentTime"),
                },
            )?),
            (Err(_), None) => {
                return Err("this Plyr player has neither a <video> nor a container".into())
            }
        };
        Ok(PlyrPlayer { plyr, how })
    }
}

impl Player for PlyrPlayer {
    fn name(&self) -> &'static str {
        "plyr"
    }

    fn state(&self) -> PlayerState {
        self.how.state()
    }

    fn every_frame(&self, on: bool) {
        self.how.every_frame(on);
    }

    fn request(&self, req: PlayerRequest) {
        match req {
            PlayerRequest::Play => {
                if let Ok(p) = self.plyr.play() {
                    ignore_rejection(p);
                }
            }
            PlayerRequest::Pause => {
                let _ = self.plyr.pause();
            }
            PlayerRequest::Seek(t) => self.plyr.set_current_time(t.max(0.0)),
        }
    }

    fn surface(&self) -> Element {
        self.how.surface()
    }

    fn fullscreen_container(&self) -> Element {
        self.how.container()
    }
}
