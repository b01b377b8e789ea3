//! Choosing the adapter for a target by what the element is.
//!
//! In order, the first that matches:
//! 1. a page-supplied `player` object in the attach options: `{ hls }` →
//!    hls.js; `currentTime()`, `paused()`, `on()` → custom;
//! 2. a video.js player (its container, its `<video>`, or inside it) → videojs;
//! 3. a Plyr player (its original `<video>` or its `.plyr` container) → plyr;
//! 4. a `<video>`: hls.js-driven (`video.hls`, or a `blob:` source with
//!    `window.Hls`) → hls; inside a `<media-controller>` → media; else html5;
//! 5. a `<media-controller>`: its `[slot=media]` element, as above;
//! 6. an `<iframe>` → the iframe adapters (YouTube, Vimeo);
//! 7. any element with the HTMLMediaElement API (`currentTime` and `paused`
//!    properties and a `play()` function) → media;
//!
//! else one error naming the element and listing what is supported.

#[cfg(feature = "players")]
use super::custom::CustomPlayer;
#[cfg(feature = "players")]
use super::hls::{find_hls, is_hls_instance, looks_hls_driven, HlsPlayer};
#[cfg(any(feature = "players", not(feature = "iframes")))]
use super::html5::Html5Player;
#[cfg(feature = "players")]
use super::media::{has_media_api, media_controller, MediaElementPlayer};
#[cfg(feature = "players")]
use super::plyr::{find_plyr, PlyrPlayer};
#[cfg(feature = "players")]
use super::videojs::{find_player, VideojsPlayer};
use super::{Player, StateSink};
use crate::model::manifest::TimeBase;
#[cfg(any(feature = "players", not(feature = "iframes")))]
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use web_sys::Element;
#[cfg(feature = "players")]
use web_sys::HtmlElement;
#[cfg(any(feature = "players", not(feature = "iframes")))]
use web_sys::HtmlVideoElement;

/// What is supported, for the error about an element no adapter can drive.
pub const SUPPORTED: &str = "supported: <video> (also driven by hls.js), video.js and Plyr players, \
    media elements such as <mux-video> or media-chrome's <media-controller>, YouTube and Vimeo <iframe>s, \
    or any element with { player: { currentTime(), paused(), on() } } in Shoppable.attach";

/// Picks and starts the adapter for `target` (see the module docs), with tag
/// times on media time. `player_opt` is the attach option `player`
/// (`undefined` when not given); `aspect` the manifest's `video.aspect`.
pub fn detect(
    target: &Element,
    player_opt: &JsValue,
    aspect: Option<(u32, u32)>,
    sink: StateSink,
) -> Result<Box<dyn Player>, String> {
    detect_with_time_base(target, player_opt, aspect, TimeBase::Media, sink)
}

/// [`detect`], for a manifest whose tags are on `time_base` (only the hls.js
/// adapter can follow a program-date clock; for the others it is an error).
pub fn detect_with_time_base(
    target: &Element,
    player_opt: &JsValue,
    aspect: Option<(u32, u32)>,
    time_base: TimeBase,
    sink: StateSink,
) -> Result<Box<dyn Player>, String> {
    let player = choose(target, player_opt, aspect, time_base, sink)
        .map_err(|e| format!("{}: {e}", describe(target)))?;
    if !time_base.is_media() && player.name() != "hls" {
        return Err(format!(
            "{}: the manifest's time base is program_date_time, which only an hls.js-driven video provides \
             (this is a {} player)",
            describe(target),
            player.name()
        ));
    }
    Ok(player)
}

/// The plain viewer build: a bare `<video>` only. The loader sends pages
/// with any other player to the build with its adapter.
#[cfg(not(any(feature = "players", feature = "iframes")))]
fn choose(
    target: &Element,
    player_opt: &JsValue,
    _aspect: Option<(u32, u32)>,
    _time_base: TimeBase,
    sink: StateSink,
) -> Result<Box<dyn Player>, String> {
    match target.dyn_ref::<HtmlVideoElement>() {
        Some(v) if player_opt.is_undefined() || player_opt.is_null() => {
            Ok(Box::new(Html5Player::new(v.clone(), sink)))
        }
        _ => Err([
            "this build of the widget drives a plain <video> only; ",
            SUPPORTED,
            " (shoppable.js loads those with shoppable-players.js or shoppable-iframes.js)",
        ]
        .concat()),
    }
}

/// The YouTube and Vimeo build: an `<iframe>` only (step 6), which the
/// loader picks for an `<iframe>` target or a player kind by name.
#[cfg(all(feature = "iframes", not(feature = "players")))]
fn choose(
    target: &Element,
    player_opt: &JsValue,
    aspect: Option<(u32, u32)>,
    _time_base: TimeBase,
    sink: StateSink,
) -> Result<Box<dyn Player>, String> {
    let kind = player_kind(target, player_opt)?;
    let no_object = kind.is_some() || player_opt.is_undefined() || player_opt.is_null();
    if no_object && target.tag_name().eq_ignore_ascii_case("iframe") {
        return iframe_player(target, kind, aspect, sink);
    }
    Err([
        "this build of the widget drives YouTube and Vimeo <iframe>s only; ",
        SUPPORTED,
        " (shoppable.js loads the others with shoppable-players.js)",
    ]
    .concat())
}

/// A player kind by name (`player: "youtube" | "vimeo"`) is for an iframe
/// (step 6); anything else named is a mistake, said as such rather than as a
/// bad adapter object.
#[cfg(any(feature = "players", feature = "iframes"))]
fn player_kind(target: &Element, player_opt: &JsValue) -> Result<Option<String>, String> {
    let kind = player_opt.as_string();
    if let Some(k) = &kind {
        if !k.eq_ignore_ascii_case("youtube") && !k.eq_ignore_ascii_case("vimeo") {
            return Err(format!(
                "options.player: \"{k}\" is not a player kind (\"youtube\" or \"vimeo\") nor an adapter object"
            ));
        }
        if !target.tag_name().eq_ignore_ascii_case("iframe") {
            return Err(format!(
                "options.player: \"{k}\" is for a {k} <iframe>, and this is not one"
            ));
        }
    }
    Ok(kind)
}

/// Step 6: the kind from the attach option `player: "youtube" | "vimeo"` or
/// the element's `data-shoppable-player`; else the iframe's src decides.
#[cfg(feature = "iframes")]
fn iframe_player(
    iframe: &Element,
    kind: Option<String>,
    aspect: Option<(u32, u32)>,
    sink: StateSink,
) -> Result<Box<dyn Player>, String> {
    let kind = kind.or_else(|| iframe.get_attribute("data-shoppable-player"));
    crate::player::iframe::detect_iframe(iframe, kind.as_deref(), aspect, sink)
}

/// Step 6 in the build without the iframe adapters (the loader does not
/// send an `<iframe>` here unless it sits in a video.js or Plyr player).
#[cfg(all(feature = "players", not(feature = "iframes")))]
fn iframe_player(
    _iframe: &Element,
    _kind: Option<String>,
    _aspect: Option<(u32, u32)>,
    _sink: StateSink,
) -> Result<Box<dyn Player>, String> {
    Err(
        "YouTube and Vimeo <iframe>s are driven by another build of the widget \
         (shoppable.js loads shoppable-iframes.js for them)"
            .into(),
    )
}

#[cfg(feature = "players")]
fn choose(
    target: &Element,
    player_opt: &JsValue,
    aspect: Option<(u32, u32)>,
    time_base: TimeBase,
    sink: StateSink,
) -> Result<Box<dyn Player>, String> {
    let kind = player_kind(target, player_opt)?;
    // 1. What the page handed us wins.
    if kind.is_none() && !player_opt.is_undefined() && !player_opt.is_null() {
        if is_hls_instance(&js_sys::Reflect::get(player_opt, &"hls".into()).unwrap_or_default()) {
            let video = hls_video(target, player_opt)?;
            let hls = find_hls(&video, player_opt);
            return Ok(Box::new(HlsPlayer::new(video, hls, time_base, sink)?));
        }
        let el: HtmlElement = target.clone().dyn_into().map_err(|_| {
            "a page-supplied player object needs an HTML element to cover".to_string()
        })?;
        return Ok(Box::new(CustomPlayer::new(
            el,
            player_opt.clone(),
            aspect,
            sink,
        )?));
    }
    // 2, 3. Players found through their own API.
    if let Some(p) = find_player(target) {
        return Ok(Box::new(VideojsPlayer::new(p, aspect, sink)?));
    }
    if let Some(p) = find_plyr(target) {
        return Ok(Box::new(PlyrPlayer::new(p, aspect, sink)?));
    }
    // 4, 5. Media elements.
    let media = if target.tag_name().eq_ignore_ascii_case("media-controller") {
        target
            .query_selector("[slot=media]")
            .ok()
            .flatten()
            .ok_or("this <media-controller> has no [slot=media] element yet")?
    } else {
        target.clone()
    };
    if let Some(video) = media.dyn_ref::<HtmlVideoElement>() {
        if let Some(hls) = find_hls(video, player_opt) {
            return Ok(Box::new(HlsPlayer::new(
                video.clone(),
                Some(hls),
                time_base,
                sink,
            )?));
        }
        if looks_hls_driven(video) {
            return Ok(Box::new(HlsPlayer::new(
                video.clone(),
                None,
                time_base,
                sink,
            )?));
        }
        if media_controller(video).is_none() {
            return Ok(Box::new(Html5Player::new(video.clone(), sink)));
        }
        return Ok(Box::new(MediaElementPlayer::new(
            video.clone().into(),
            aspect,
            sink,
        )));
    }
    // 6. Iframe players live in the iframe adapters.
    if media.tag_name().eq_ignore_ascii_case("iframe") {
        return iframe_player(&media, kind, aspect, sink);
    }
    // 7. Anything with the HTMLMediaElement API.
    if has_media_api(&media) {
        if let Ok(el) = media.clone().dyn_into::<HtmlElement>() {
            return Ok(Box::new(MediaElementPlayer::new(el, aspect, sink)));
        }
    }
    if media.tag_name().contains('-') && !is_defined(&media) {
        return Err(format!(
            "no adapter can drive it: the custom element <{}> is not defined yet (load its script before \
             the widget attaches); {SUPPORTED}",
            media.tag_name().to_ascii_lowercase()
        ));
    }
    Err(format!("no adapter can drive it; {SUPPORTED}"))
}

/// Whether a custom element's name is defined (`customElements.get`).
#[cfg(feature = "players")]
fn is_defined(el: &Element) -> bool {
    let name = JsValue::from_str(&el.tag_name().to_ascii_lowercase());
    let Some(registry) =
        web_sys::window().and_then(|w| js_sys::Reflect::get(&w, &"customElements".into()).ok())
    else {
        return false;
    };
    js_sys::Reflect::get(&registry, &"get".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&registry, &name).ok())
        .is_some_and(|c| !c.is_undefined())
}

/// The `<video>` an `{ hls }` option drives: the target if it is one, else
/// the instance's `media`.
#[cfg(feature = "players")]
fn hls_video(target: &Element, player_opt: &JsValue) -> Result<HtmlVideoElement, String> {
    if let Some(v) = target.dyn_ref::<HtmlVideoElement>() {
        return Ok(v.clone());
    }
    let hls = js_sys::Reflect::get(player_opt, &"hls".into()).unwrap_or_default();
    js_sys::Reflect::get(&hls, &"media".into())
        .ok()
        .and_then(|m| m.dyn_into().ok())
        .ok_or_else(|| {
            "the hls.js instance given has no <video> attached (call hls.attachMedia(video) first)"
                .into()
        })
}

/// Whether `el` may be a player worth trying [`detect`] on, for a
/// MutationObserver watching for players added later: a `<video>` or
/// `<iframe>`, a video.js or Plyr container, a `<media-controller>`, a
/// custom element with the HTMLMediaElement API, or one named like a media
/// element (`*-video`, `*-audio`, `*-player`: `<mux-video>`, `<mux-player>`,
/// `<hls-video>` …) that may not be defined yet when it is added (detect then
/// says so). Cheap: no player is touched.
#[cfg(not(feature = "players"))]
pub fn is_player_candidate(el: &Element) -> bool {
    let tag = el.tag_name();
    tag.eq_ignore_ascii_case("video")
        || (cfg!(feature = "iframes") && tag.eq_ignore_ascii_case("iframe"))
}

/// See the other `is_player_candidate`: with every adapter built in.
#[cfg(feature = "players")]
pub fn is_player_candidate(el: &Element) -> bool {
    let tag = el.tag_name().to_ascii_lowercase();
    match tag.as_str() {
        "video" | "iframe" | "media-controller" => true,
        _ if el
            .class_name()
            .split_whitespace()
            .any(|c| c == "video-js" || c == "plyr") =>
        {
            true
        }
        _ if tag.contains('-') => {
            ["-video", "-audio", "-player"]
                .iter()
                .any(|s| tag.ends_with(s))
                || has_media_api(el)
        }
        _ => false,
    }
}

/// `<tag id="…" class="…">`, for messages.
pub fn describe(el: &Element) -> String {
    let mut s = format!("<{}", el.tag_name().to_ascii_lowercase());
    let id = el.id();
    if !id.is_empty() {
        s.push_str(&format!(" id=\"{id}\""));
    }
    let class = el.class_name();
    if !class.trim().is_empty() {
        s.push_str(&format!(" class=\"{}\"", class.trim()));
    }
    s.push('>');
    s
}
