//! Choosing YouTube or Vimeo for an `<iframe>`.

use super::iframe_src;
use crate::player::StateSink;
use web_sys::Element;

/// Picks the adapter for an `<iframe>`: by `kind` ("youtube" | "vimeo", from
/// the attach option `player` or the `data-shoppable-player` attribute) for any
/// `src` (local stand-ins, proxies), else by the `src`: YouTube for any of
/// [`youtube::HOSTS`] under `/embed/`, Vimeo for [`vimeo::HOSTS`]. A YouTube
/// embed URL must carry `enablejsapi=1`, or the player never talks.
///
/// [`youtube::HOSTS`]: crate::player::youtube::HOSTS
/// [`vimeo::HOSTS`]: crate::player::vimeo::HOSTS
pub fn detect_iframe(
    el: &Element,
    kind: Option<&str>,
    aspect: Option<(u32, u32)>,
    sink: StateSink,
) -> Result<Box<dyn crate::player::Player>, String> {
    use crate::player::{vimeo, youtube};
    const SUPPORTED: &str =
        "supported iframe players: YouTube (www.youtube.com/embed/…?enablejsapi=1, \
         www.youtube-nocookie.com/embed/…?enablejsapi=1) and Vimeo (player.vimeo.com/video/…); \
         for other URLs set data-shoppable-player=\"youtube\"|\"vimeo\"";
    if !el.tag_name().eq_ignore_ascii_case("iframe") {
        return Err(format!(
            "<{}> is not an <iframe>",
            el.tag_name().to_ascii_lowercase()
        ));
    }
    let src = iframe_src(el);
    let attr = el.get_attribute("data-shoppable-player");
    let kind = kind
        .map(str::to_owned)
        .or(attr)
        .map(|k| k.trim().to_ascii_lowercase());
    let url = web_sys::Url::new(&src).ok();
    let host = url
        .as_ref()
        .map(|u| u.hostname().to_ascii_lowercase())
        .unwrap_or_default();
    let youtube_url = youtube::HOSTS.contains(&host.as_str())
        && url
            .as_ref()
            .is_some_and(|u| u.pathname().starts_with("/embed/"));
    if youtube_url && !url.as_ref().is_some_and(youtube::has_enablejsapi) {
        return Err(format!(
            "the YouTube iframe {src} has no enablejsapi=1 in its URL, so it does not talk to scripts: \
             add ?enablejsapi=1 (or &enablejsapi=1) to the iframe's src"
        ));
    }
    match kind.as_deref() {
        Some("youtube") => return Ok(Box::new(youtube::start(el, aspect, sink)?)),
        Some("vimeo") => return Ok(Box::new(vimeo::start(el, aspect, sink)?)),
        Some(other) => {
            return Err(format!(
                "unknown player \"{other}\" for the iframe {src}; {SUPPORTED}"
            ))
        }
        None => {}
    }
    if youtube_url {
        Ok(Box::new(youtube::start(el, aspect, sink)?))
    } else if vimeo::HOSTS.contains(&host.as_str()) {
        Ok(Box::new(vimeo::start(el, aspect, sink)?))
    } else {
        Err(format!("no adapter for the iframe {src}; {SUPPORTED}"))
    }
}
