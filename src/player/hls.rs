//! The adapter for a `<video>` driven by hls.js.
//!
//! The page made the `Hls` instance; the widget never creates one. It finds
//! it, in this order:
//! 1. the attach option `Shoppable.attach(video, { player: { hls } })`;
//! 2. a property the page sets on the video: `video.hls = hls` (hls.js keeps
//!    no reference from the element to itself, so this is our convention).
//!
//! A video is taken for hls.js-driven when one of those gives an instance, or
//! when its `src` is a `blob:` (MediaSource) URL while `window.Hls` exists.
//! Without an instance the adapter still works on media time.
//!
//! Time, frames and layout are the video's, through [`super::follow`]. What
//! the tags follow depends on the manifest's `video.time_base`
//! (`model::manifest::TimeBase`): media seconds by default (VOD, or a live
//! stream authored on its own media time); or, for `program_date_time`, the
//! stream's wall clock: tag time = the frame's program date − `video.epoch`.
//!
//! **A frame's program date** is computed per frame, from its own media time
//! (`requestVideoFrameCallback`'s `mediaTime`), through the fragment of
//! hls.js's level details that holds it: `frag.programDateTime + (mediaTime −
//! frag.start) × 1000` (`model::live::program_date_at`). It is read from
//! hls.js's live objects at each frame, never cached and never from one
//! reading per media event: hls.js corrects a fragment's `start` when it
//! parses it and slides the live window at each playlist reload, and across
//! a discontinuity each fragment has its own date. The live card judges
//! each frame by this date (`PlayerState::date`). Until the fragments are
//! known, tags fall back to `hls.playingDate`'s offset to media time; a seek
//! converts tag time back to media time with that offset.

use super::follow::{num, Clock, Follower, MediaApi, Spec};
use super::media::media_controller;
use super::{Player, PlayerRequest, PlayerState, StateSink};
use crate::model::live::{program_date_at, Fragment};
use crate::model::manifest::TimeBase;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlVideoElement};

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A value that looks like an `Hls` instance.
pub fn is_hls_instance(v: &JsValue) -> bool {
    v.is_object() && get(v, "loadSource").is_function() && get(v, "attachMedia").is_function()
}

/// The page's `Hls` instance for `video`: the `hls` of the attach option's
/// `player` object, else `video.hls`.
pub fn find_hls(video: &Element, player_opt: &JsValue) -> Option<JsValue> {
    [get(player_opt, "hls"), get(video, "hls")]
        .into_iter()
        .find(is_hls_instance)
}

/// Whether `video` looks driven by hls.js without naming the instance: a
/// `blob:` MediaSource URL as its source while `window.Hls` exists.
pub fn looks_hls_driven(video: &HtmlVideoElement) -> bool {
    let hls_loaded = web_sys::window().is_some_and(|w| !get(&w, "Hls").is_undefined());
    hls_loaded && video.current_src().starts_with("blob:")
}

/// The program date (ms since the Unix epoch) of the frame at `currentTime`:
/// `hls.playingDate`, a `Date` or null.
fn playing_date_ms(hls: &JsValue) -> Option<f64> {
    let d = get(hls, "playingDate");
    d.dyn_ref::<js_sys::Date>()
        .map(|d| d.get_time())
        .filter(|t| t.is_finite())
}

/// The program date (ms) of the frame at `media_time`, through the fragment
/// that holds it (see the module docs); `None` before hls.js knows it.
fn frame_date(hls: &JsValue, media_time: f64) -> Option<f64> {
    // The details hls.js itself dates `playingDate` by (hls.js ≥ 1.6), else
    // the current level's.
    let mut details = get(hls, "latestLevelDetails");
    if !details.is_object() {
        let level = num(get(hls, "currentLevel"), 0.0).max(0.0) as u32;
        let levels = get(hls, "levels");
        details = get(
            &js_sys::Reflect::get_u32(&levels, level).unwrap_or_default(),
            "details",
        );
    }
    let frags: js_sys::Array = get(&details, "fragments").dyn_into().ok()?;
    let start = |f: &JsValue| num(get(f, "start"), f64::NAN);
    // The last fragment starting at or before the frame: a binary search
    // over hls.js's array, a few property reads per frame.
    let (mut lo, mut hi) = (0, frags.length());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if start(&frags.get(mid)) <= media_time {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let f = frags.get(lo.checked_sub(1)?);
    let frag = Fragment {
        start: start(&f),
        duration: num(get(&f, "duration"), 0.0),
        program_date_ms: get(&f, "programDateTime").as_f64()?,
    };
    program_date_at(&[frag], media_time)
}

/// Follows one hls.js-driven `<video>` until dropped.
pub struct HlsPlayer {
    follower: Follower,
    hls: Option<JsValue>,
    time_base: TimeBase,
}

impl HlsPlayer {
    /// `hls` is the page's instance ([`find_hls`]); it is required for the
    /// `program_date_time` time base.
    pub fn new(
        video: HtmlVideoElement,
        hls: Option<JsValue>,
        time_base: TimeBase,
        sink: StateSink,
    ) -> Result<HlsPlayer, String> {
        let clock: Option<Clock> = match (time_base, &hls) {
            (TimeBase::Media, _) => None,
            (TimeBase::ProgramDateTime { .. }, None) => {
                return Err("the manifest's time base is program_date_time, which needs the page's hls.js \
                            instance: pass Shoppable.attach(video, { player: { hls } }) or set video.hls = hls"
                    .into())
            }
            (tb, Some(hls)) => {
                let hls = hls.clone();
                let media: MediaApi = video.clone().unchecked_into();
                Some(Rc::new(move |media_time: f64| {
                    let date = frame_date(&hls, media_time);
                    let t = match date {
                        Some(_) => tb.tag_time(media_time, date),
                        None => {
                            let now = num(media.current_time(), 0.0);
                            tb.offset(now, playing_date_ms(&hls))
                                .map(|off| media_time + off)
                        }
                    };
                    // Unknown until the first fragment with a program date
                    // plays: no tag is active at -inf.
                    (t.unwrap_or(f64::NEG_INFINITY), date)
                }))
            }
        };
        let mut spec = Spec::video(&video);
        spec.clock = clock;
        // hls.js inside media-chrome: the controller goes fullscreen.
        if let Some(controller) = media_controller(&video) {
            spec.container = controller;
        }
        Ok(HlsPlayer {
            follower: Follower::new(spec, sink),
            hls,
            time_base,
        })
    }

    /// The `Hls` instance followed, if the page gave one.
    pub fn hls(&self) -> Option<&JsValue> {
        self.hls.as_ref()
    }
}

impl Player for HlsPlayer {
    fn name(&self) -> &'static str {
        "hls"
    }

    fn state(&self) -> PlayerState {
        self.follower.state()
    }

    fn every_frame(&self, on: bool) {
        self.follower.every_frame(on);
    }

    /// Play and pause go to the video (hls.js does not wrap them); a seek is
    /// in tag time, so on a program-date clock it is converted to media time
    /// with the current offset, and ignored while that is unknown.
    fn request(&self, req: PlayerRequest) {
        let PlayerRequest::Seek(t) = req else {
            return self.follower.request_media(req);
        };
        let target = match (&self.time_base, &self.hls) {
            (TimeBase::Media, _) => Some(t),
            (tb, Some(hls)) => {
                let now = num(self.follower.media().current_time(), 0.0);
                tb.offset(now, playing_date_ms(hls))
                    .map(|off| TimeBase::media_time(t, off))
            }
            (_, None) => None,
        };
        if let Some(media_t) = target {
            self.follower.request_media(PlayerRequest::Seek(media_t));
        }
    }

    fn surface(&self) -> Element {
        self.follower.surface()
    }

    fn fullscreen_container(&self) -> Element {
        self.follower.container()
    }
}
