//! The adapter for a YouTube embed (`https://www.youtube.com/embed/ID?enablejsapi=1`),
//! speaking the IFrame Player API's postMessage protocol directly (the
//! protocol `www-widgetapi.js` speaks; we load no YouTube script). See
//! `www/test/players/IFRAME-PROTOCOLS.md` for the messages and their sources.
//!
//! The player answers only when its URL has `enablejsapi=1`. We greet it with
//! `{"event":"listening"}`; it then sends `infoDelivery` (currentTime,
//! playerState, playbackRate, duration) while playing, and `onStateChange` /
//! `onPlaybackRateChange` once subscribed. It sends no seek event, so the
//! clock treats a reported time far from its prediction as a seek, and while
//! paused we re-send `listening` every [`POLL_MS`](super::iframe::POLL_MS) to
//! get fresh info.

use super::iframe::{field, number, object, string, IframePlayer, Link, Protocol, Report};
use super::{PlayerRequest, StateSink};
use std::cell::Cell;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// The hosts YouTube serves its embed from.
pub const HOSTS: &[&str] = &[
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
    "m.youtube.com",
];

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// Follows one YouTube iframe until the returned player is dropped. `aspect`
/// is the manifest's `video.aspect` (default 16:9).
pub fn start(
    iframe: &Element,
    aspect: Option<(u32, u32)>,
    sink: StateSink,
) -> Result<IframePlayer, String> {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    IframePlayer::start(iframe, aspect, sink, Box::new(YouTube { id }))
}

/// Whether a YouTube embed URL's query turns the JS API on.
pub fn has_enablejsapi(url: &web_sys::Url) -> bool {
    url.search()
        .trim_start_matches('?')
        .split('&')
        .any(|kv| kv == "enablejsapi=1")
}

struct YouTube {
    /// Echoed by the player in its messages; distinguishes our listeners.
    id: u32,
}

impl YouTube {
    /// Posts `{"event": event, …, "id", "channel": "widget"}` as a JSON
    /// string, as the official API does.
    fn send(&self, link: &Link, mut fields: Vec<(&str, JsValue)>) {
        fields.push(("id", JsValue::from(self.id)));
        fields.push(("channel", JsValue::from_str("widget")));
        if let Ok(text) = js_sys::JSON::stringify(&object(&fields)) {
            link.post(&text.into());
        }
    }

    fn command(&self, link: &Link, func: &str, args: &[JsValue]) {
        let args: js_sys::Array = args.iter().collect();
        self.send(
            link,
            vec![
                ("event", "command".into()),
                ("func", func.into()),
                ("args", args.into()),
            ],
        );
    }

    fn subscribe(&self, link: &Link) {
        for name in ["onStateChange", "onPlaybackRateChange"] {
            self.command(link, "addEventListener", &[name.into()]);
        }
    }
}

/// YouTube's player states: -1 unstarted, 0 ended, 1 playing, 2 paused,
/// 3 buffering, 5 video cued.
fn playback(state: f64) -> Report {
    match state as i32 {
        1 => Report::Playback {
            paused: false,
            ended: false,
            advancing: true,
        },
        3 => Report::Playback {
            paused: false,
            ended: false,
            advancing: false,
        },
        0 => Report::Playback {
            paused: true,
            ended: true,
            advancing: false,
        },
        _ => Report::Playback {
            paused: true,
            ended: false,
            advancing: false,
        },
    }
}

impl Protocol for YouTube {
    fn name(&self) -> &'static str {
        "youtube"
    }

    fn vendor_hosts(&self) -> &'static [&'static str] {
        HOSTS
    }

    fn hello(&self, link: &Link) {
        self.send(link, vec![("event", "listening".into())]);
        self.subscribe(link);
    }

    fn read(&self, data: &JsValue, link: &Link, out: &mut Vec<Report>) {
        let Some(event) = string(data, "event") else {
            return;
        };
        match event.as_str() {
            "initialDelivery" | "infoDelivery" => {
                let info = field(data, "info");
                if let Some(s) = number(&info, "playerState") {
                    out.push(playback(s));
                }
                if let Some(r) = number(&info, "playbackRate") {
                    out.push(Report::Rate(r));
                }
                if let Some(d) = number(&info, "duration") {
                    out.push(Report::Duration(d));
                }
                if let Some(t) = number(&info, "currentTime") {
                    out.push(Report::Time(t));
                }
            }
            "onStateChange" => {
                if let Some(s) = field(data, "info").as_f64() {
                    out.push(playback(s));
                }
            }
            "onPlaybackRateChange" => {
                if let Some(r) = field(data, "info").as_f64() {
                    out.push(Report::Rate(r));
                }
            }
            // Event subscriptions made before the player was ready are lost.
            "onReady" => self.subscribe(link),
            _ => {}
        }
    }

    fn poll(&self, link: &Link) {
        self.send(link, vec![("event", "listening".into())]);
    }

    fn request(&self, req: PlayerRequest, link: &Link) {
        match req {
            PlayerRequest::Play => self.command(link, "playVideo", &[]),
            PlayerRequest::Pause => self.command(link, "pauseVideo", &[]),
            // allowSeekAhead = true: the seek may fetch beyond the buffer.
            PlayerRequest::Seek(t) => {
                self.command(link, "seekTo", &[t.max(0.0).into(), true.into()])
            }
        }
    }
}
