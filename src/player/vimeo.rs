//! The adapter for a Vimeo embed (`https://player.vimeo.com/video/ID`),
//! speaking the postMessage protocol of Vimeo's player.js directly (we load
//! no Vimeo script). See `www/test/players/IFRAME-PROTOCOLS.md`.
//!
//! As player.js does, we send `{"method":"ping"}` once; the player answers it,
//! or says `{"event":"ready"}` when it loads, and either means it is ready:
//! we then subscribe with `{"method":"addEventListener","value":name}` to the
//! events we follow (once per load of the frame, however many of the two
//! arrive) and ask for the current values with `get…` methods. Calls without
//! an argument carry `"value": {}` as player.js sends them. `bufferstart` /
//! `bufferend` hold the clock while the video waits for data. While the
//! clock stands we ask `getCurrentTime` every [`POLL_MS`](super::iframe::POLL_MS)
//! (Vimeo answers every question, and sessions do not exist here), so a
//! paused seek shows at once even if its `seeked` event is missed.

use super::iframe::{
    field, number, object, string, Greeting, IframePlayer, Link, Protocol, Report,
};
use super::{PlayerRequest, StateSink};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsValue;
use web_sys::Element;

/// The host Vimeo serves its embed from.
pub const HOSTS: &[&str] = &["player.vimeo.com"];

/// The player events we subscribe to.
pub const EVENTS: [&str; 11] = [
    "play",
    "playing",
    "pause",
    "ended",
    "timeupdate",
    "seeked",
    "playbackratechange",
    "durationchange",
    "bufferstart",
    "bufferend",
    "error",
];

/// Follows one Vimeo iframe until the returned player is dropped. `aspect` is
/// the manifest's `video.aspect` (default 16:9).
pub fn start(
    iframe: &Element,
    aspect: Option<(u32, u32)>,
    sink: StateSink,
) -> Result<IframePlayer, String> {
    let proto = Vimeo {
        subscribed: Cell::new(false),
        errors: RefCell::new(Vec::new()),
    };
    IframePlayer::start(iframe, aspect, sink, Box::new(proto))
}

struct Vimeo {
    /// Since the frame's last load: we subscribed.
    subscribed: Cell<bool>,
    /// Errors logged since the frame's last load (each once).
    errors: RefCell<Vec<String>>,
}

/// What a call sends as its `value`, as player.js does: getters and `ping`
/// none, methods without an argument `{}`, the rest their argument.
enum Value {
    None,
    Empty,
    Of(JsValue),
}

impl Vimeo {
    /// Posts `{method, value?}` as an object, as player.js does.
    fn call(link: &Link, method: &str, value: Value) {
        let mut fields = vec![("method", JsValue::from_str(method))];
        match value {
            Value::None => {}
            Value::Empty => fields.push(("value", js_sys::Object::new().into())),
            Value::Of(v) => fields.push(("value", v)),
        }
        link.post(&object(&fields));
    }

    /// Once per load: the player says it is ready by `ready` and by
    /// answering `ping`, often both.
    fn subscribe(&self, link: &Link) {
        if self.subscribed.replace(true) {
            return;
        }
        for name in EVENTS {
            Vimeo::call(link, "addEventListener", Value::Of(name.into()));
        }
        for getter in [
            "getDuration",
            "getPlaybackRate",
            "getPaused",
            "getEnded",
            "getCurrentTime",
        ] {
            Vimeo::call(link, getter, Value::None);
        }
    }

    /// Logs a player error (`{name, message, method?}`) once per load.
    fn log_error(&self, data: &JsValue) {
        let name = string(data, "name").unwrap_or_else(|| "Error".into());
        let message = string(data, "message").unwrap_or_default();
        let method = string(data, "method")
            .map(|m| [" (from ", m.as_str(), ")"].concat())
            .unwrap_or_default();
        let text = [
            "shoppable: the Vimeo player reports ",
            name.as_str(),
            ": ",
            message.as_str(),
            method.as_str(),
        ]
        .concat();
        if self.errors.borrow().contains(&text) {
            return;
        }
        web_sys::console::error_1(&text.as_str().into());
        self.errors.borrow_mut().push(text);
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
        Vimeo::call(link, "ping", Value::None);
        true
    }

    fn reset(&self) {
        self.subscribed.set(false);
        self.errors.borrow_mut().clear();
    }

    fn read(&self, data: &JsValue, link: &Link, out: &mut Vec<Report>) -> Greeting {
        if let Some(event) = string(data, "event") {
            // Events carry {seconds, percent, duration} (playbackratechange:
            // {playbackRate}; durationchange: {duration}; error: {name,
            // message, method?}; bufferstart/bufferend: nothing).
            let d = field(data, "data");
            let seconds = number(&d, "seconds");
            if let Some(dur) = number(&d, "duration") {
                out.push(Report::Duration(dur));
            }
            match event.as_str() {
                "ready" => {
                    self.subscribe(link);
                    return Greeting::Answered;
                }
                "error" => {
                    self.log_error(&d);
                    return Greeting::Pending;
                }
                "play" => out.push(PLAYING),
                // Playing means the data arrived, whatever bufferend says.
                "playing" => out.extend([Report::Buffering(false), PLAYING]),
                "pause" => out.push(PAUSED),
                "ended" => out.push(ENDED),
                "bufferstart" => out.push(Report::Buffering(true)),
                "bufferend" => out.push(Report::Buffering(false)),
                "seeked" => {
                    out.extend(seconds.map(Report::Seeked));
                    return Greeting::Pending;
                }
                "playbackratechange" => out.extend(number(&d, "playbackRate").map(Report::Rate)),
                _ => {}
            }
            out.extend(seconds.map(Report::Time));
        } else if let Some(method) = string(data, "method") {
            // Answers to our calls: {method, value}.
            let value = field(data, "value");
            match method.as_str() {
                "ping" => {
                    self.subscribe(link);
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
        Vimeo::call(link, "getCurrentTime", Value::None);
    }

    fn request(&self, req: PlayerRequest, link: &Link) {
        match req {
            PlayerRequest::Play => Vimeo::call(link, "play", Value::Empty),
            PlayerRequest::Pause => Vimeo::call(link, "pause", Value::Empty),
            PlayerRequest::Seek(t) => {
                Vimeo::call(link, "setCurrentTime", Value::Of(t.max(0.0).into()))
            }
        }
    }
}
