//! The adapter for video.js players.
//!
//! The player is found through video.js's own API, never by guessing at its
//! markup: the element's `player` property (video.js sets it on its container
//! `player.el()` and on the original `<video>`), else
//! `window.videojs.getPlayer(el)`, tried on the element and on the
//! `.video-js` container around it.
//!
//! With the HTML5 tech there is a real `<video>` inside (`player.tech().el()`),
//! so time, frames and layout come from it through [`super::follow`], exactly
//! as for a bare video; requests go through the player's API (`play()`,
//! `pause()`, `currentTime(t)`) so video.js's own state (its big play button,
//! its control bar) stays right. The fullscreen container is `player.el()`,
//! which video.js puts in fullscreen.
//!
//! With any other tech (YouTube, Vimeo … plugins) there is no `<video>` to
//! read, but the player's own API is exactly the player-object contract of
//! [`super::custom`] (`currentTime()`, `paused()`, `on`/`off`, `duration()`,
//! `play()`, `pause()`; seeking with `currentTime(t)`), so that adapter
//! drives it, over `player.el()` with the manifest's `video.aspect`.

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
    /// The parts of a video.js `Player` this adapter uses.
    #[derive(Clone)]
    pub type VjsPlayer;
    #[wasm_bindgen(method, structural, catch)]
    fn el(this: &VjsPlayer) -> Result<JsValue, JsValue>;
    /// `tech(true)`: the current tech, without video.js's warning to plugins.
    #[wasm_bindgen(method, structural, catch)]
    fn tech(this: &VjsPlayer, quiet: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch)]
    fn play(this: &VjsPlayer) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch)]
    fn pause(this: &VjsPlayer) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch, js_name = currentTime)]
    fn seek_to(this: &VjsPlayer, t: f64) -> Result<JsValue, JsValue>;
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn is_fn(obj: &JsValue, key: &str) -> bool {
    get(obj, key).is_function()
}

/// A value that looks like a video.js player: it has the methods we call.
fn as_player(v: JsValue) -> Option<VjsPlayer> {
    (v.is_object()
        && ["el", "tech", "play", "pause", "currentTime"]
            .iter()
            .all(|k| is_fn(&v, k)))
    .then(|| v.unchecked_into())
}

/// The video.js player `el` belongs to (its container, its `<video>`, or an
/// element inside the container), if any.
pub fn find_player(el: &Element) -> Option<VjsPlayer> {
    let container = el.closest(".video-js").ok().flatten();
    let candidates = std::iter::once(el.clone()).chain(container);
    let videojs = web_sys::window()
        .map(|w| get(&w, "videojs"))
        .unwrap_or(JsValue::UNDEFINED);
    let get_player = get(&videojs, "getPlayer")
        .dyn_into::<js_sys::Function>()
        .ok();
    for c in candidates {
        if let Some(p) = as_player(get(&c, "player")) {
            return Some(p);
        }
        if let Some(f) = &get_player {
            if let Some(p) = f.call1(&videojs, &c).ok().and_then(as_player) {
                return Some(p);
            }
        }
    }
    None
}

/// The `<video>` of the player's HTML5 tech, if that is its tech.
fn tech_video(player: &VjsPlayer) -> Option<HtmlVideoElement> {
    let tech = player.tech(true).ok()?;
    let el = js_sys::Reflect::get(&tech, &JsValue::from_str("el"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?
        .call0(&tech)
        .ok()?;
    el.dyn_into().ok()
}

/// Follows one video.js player until dropped.
pub struct VideojsPlayer {
    player: VjsPlayer,
    how: Via,
}

impl VideojsPlayer {
    /// `aspect` (the manifest's `video.aspect`) places the picture for techs
    /// without a `<video>`. Errs, naming the reason, when the player has
    /// neither a `<video>` nor an element.
    pub fn new(
        player: VjsPlayer,
        aspect: Option<(u32, u32)>,
        sink: StateSink,
    ) -> Result<VideojsPlayer, String> {
        let container: Option<web_sys::HtmlElement> =
            player.el().ok().and_then(|e| e.dyn_into().ok());
        let how =
            match (tech_video(&player), container) {
                (Some(video), container) => {
                    let mut spec = Spec::video(&video);
                    if let Some(c) = container {
                        spec.container = c.into();
                    }
                    spec.controls = Controls::Bar(".vjs-control-bar");
                    Via::Video(Follower::new(spec, sink))
                }
                (None, Some(container)) => Via::Api(CustomPlayer::with_api(
                    container,
                    player.clone().into(),
                    aspect,
                    sink,
                    Api {
                        seek: SeekBy::Method("currentTime"),
                        ..Api::PAGE_PLAYER
                    },
                )?),
                (None, None) => return Err(
                    "this video.js player has neither a <video> tech nor an element (player.el())"
                        .into(),
                ),
            };
        Ok(VideojsPlayer { player, how })
    }
}

impl Player for VideojsPlayer {
    fn name(&self) -> &'static str {
        "videojs"
    }

    fn state(&self) -> PlayerState {
        self.how.state()
    }

    fn every_frame(&self, on: bool) {
        self.how.every_frame(on);
    }

    fn request(&self, req: PlayerRequest) {
        // video.js returns a promise from play() where the browser does; a
        // refusal (autoplay rules) leaves it paused, which the state says.
        match req {
            PlayerRequest::Play => {
                if let Ok(p) = self.player.play() {
                    ignore_rejection(p);
                }
            }
            PlayerRequest::Pause => {
                let _ = self.player.pause();
            }
            PlayerRequest::Seek(t) => {
                let _ = self.player.seek_to(t.max(0.0));
            }
        }
    }

    fn surface(&self) -> Element {
        self.how.surface()
    }

    fn fullscreen_container(&self) -> Element {
        self.how.container()
    }
}
