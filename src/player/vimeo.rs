//! The adapter for a Vimeo embed (`https://player.vimeo.com/video/ID`),
//! speaking the postMessage protocol of Vimeo's player.js directly (we load
//! no Vimeo script). See `www/test/players/IFRAME-PROTOCOLS.md`.
//!
//! We send `{"method":"ping"}`; the player answers it (or says
//! `{"event":"ready"}` when it loads), and we then subscribe with
//! `{"method":"addEventListener","value":name}` to the events we follow and
//! ask for the current values with `get…` methods. While paused we ask
//! `getCurrentTime` every [`POLL_MS`](super::iframe::POLL_MS), so a seek
//! shows at once even if its `seeked` event is missed.

use super::iframe::{
    field, number, object, string, Greeting, IframePlayer, Link, Protocol, Report,
};
use super::{PlayerRequest, StateSink};
use wasm_bindgen::JsValue;
use web_sys::Element;

/// The host Vimeo serves its embed from.
pub const HOSTS: &[&str] = &["player.vimeo.com"];

/// The player events we subscribe to.
pub const EVENTS: [&str; 8] = [
    "play",
    "playing",
    "pause",
    "ended",
    "timeupdate",
    "seeked",
    "playbackratechange",
    "durationchange",
];

/// Follows one Vimeo iframe until the returned player is dropped. `aspect` is
/// the manifest's `video.aspect` (default 16:9).
pub fn start(
    iframe: &Element,
    aspect: Option<(u32, u32)>,
    sink: StateSink,
) -> Result<IframePlayer, String> {
    IframePlayer::start(iframe, aspect, sink, Box::new(Vimeo))
}

struct Vimeo;

impl Vimeo {
    /// Posts `{method, value?}` as an object, as player.js does.
    fn call(link: &Link, method: &str, value: Option<JsValue>) {
        let mut fields = vec![("method", JsValue::from_str(method))];
        if let Some(v) = value {
            fields.push(("value", v));
        }
        link.post(&object(&fields));
    }

    fn subscribe(link: &Link) {
        for name in EVENTS {
            Vimeo::call(link, "addEventListener", Some(name.into()));
        }
        for method in [
            "getDuration",
            "getPlaybackRate",
            "getPaused",
            "getEnded",
            "getCurrentTime",
        ] {
            Vimeo::call(link, method, None);
        }
    }
}

const PLAYING: Report = Report::Playback {
    paused: false,
    ended: false,
    advancing: true,
};
const PAUSED: Report = Report::Playback {
    paused: true,
    ended: false,
    advancing: false,
};
const ENDED: Report = Report::Playback {
    paused: true,
    ended: true,
    advancing: false,
};

impl Protocol for Vimeo {
    fn name(&self) -> &'static str {
        "vimeo"
    }

    fn vendor_hosts(&self) -> &'static [&'static str] {
        HOSTS
    }

    fn greet(&self, link: &Link) -> bool {
        Vimeo::call(link, "ping", None);
        true
    }

    fn read(&self, data: &JsValue, link: &Link, out: &mut Vec<Report>) -> Greeting {
        if let Some(event) = string(data, "event") {
            // Events carry {seconds, percent, duration} (playbackratechange:
            // {playbackRate}; durationchange: {duration}).
            let d = field(data, "data");
            let seconds = number(&d, "seconds");
            if let Some(dur) = number(&d, "duration") {
                out.push(Report::Duration(dur));
            }
            match event.as_str() {
                "ready" => {
                    Vimeo::subscribe(link);
                    return Greeting::Answered;
                }
                "play" | "playing" => out.push(PLAYING),
                "pause" => out.push(PAUSED),
                "ended" => out.push(ENDED),
                "seeked" => {
                    if let Some(t) = seconds {
                        out.push(Report::Seeked(t));
                    }
                    return Greeting::Pending;
                }
                "playbackratechange" => {
                    if let Some(r) = number(&d, "playbackRate") {
                        out.push(Report::Rate(r));
                    }
                }
                _ => {}
            }
            if let Some(t) = seconds {
                out.push(Report::Time(t));
            }
        } else if let Some(method) = string(data, "method") {
            // Answers to our method calls: {method, value}.
            let value = field(data, "value");
            match method.as_str() {
                "ping" => {
                    Vimeo::subscribe(link);
                    return Greeting::Answered;
                }
                "getCurrentTime" => out.extend(number(data, "value").map(Report::Time)),
                "getDuration" => out.extend(number(data, "value").map(Report::Duration)),
                "getPlaybackRate" => out.extend(number(data, "value").map(Report::Rate)),
                "getPaused" => {
                    out.extend(value.as_bool().map(|p| if p { PAUSED } else { PLAYING }))
                }
                "getEnded" if value.as_bool() == Some(true) => out.push(ENDED),
                _ => {}
            }
        }
        Greeting::Pending
    }

    fn polls(&self) -> bool {
        true
    }

    fn poll(&self, link: &Link) {
        Vimeo::call(link, "getCurrentTime", None);
    }

    fn request(&self, req: PlayerRequest, link: &Link) {
        match req {
            PlayerRequest::Play => Vimeo::call(link, "play", None),
            PlayerRequest::Pause => Vimeo::call(link, "pause", None),
            PlayerRequest::Seek(t) => Vimeo::call(link, "setCurrentTime", Some(t.max(0.0).into())),
        }
    }
}
