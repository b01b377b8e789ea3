//! The adapter for a YouTube embed (`https://www.youtube.com/embed/ID?enablejsapi=1`),
//! speaking the IFrame Player API's postMessage protocol directly (the
//! protocol `www-widgetapi.js` speaks; we load no YouTube script). See
//! `www/test/players/IFRAME-PROTOCOLS.md` for the messages and their sources.
//!
//! The embed answers only when its URL has `enablejsapi=1`, and only pages of
//! the origin its `origin=` parameter names. It keeps one session: the last
//! `{"event":"listening","id":…}` it got sets the id on everything it sends
//! and the window it sends to, and the first one after it is ready gets the
//! one `initialDelivery` (later ones get `alreadyInitialized`; newer embeds
//! say `readyToListen` when they become ready). So, like the official client,
//! we greet every 250 ms until `initialDelivery` or `alreadyInitialized`,
//! once more on `readyToListen`, and again after each load of the frame. From
//! then on the embed pushes `infoDelivery` on every change of time (paused
//! seeks included: it has no seek event) and state; the clock follows those
//! pushes, nothing is polled.
//!
//! **The page's own player comes first.** A page that drives the iframe with
//! YouTube's `YT.Player` owns that session, and the player builds its whole
//! API (`playVideo`, `getCurrentTime`, …) from the one `initialDelivery`.
//! When its `src` carries `widgetid=` (`YT.Player` made the frame),
//! `YT.get(iframe.id)` finds a player, or a message names a session other than
//! ours, we send nothing at all (no greeting, no command: either would move
//! the session to us) and read the embed's pushes as they pass (by window and
//! origin, whatever their id); requests go through the page's player. If we
//! greeted first and the page's player is then refused with
//! `alreadyInitialized`, we hand it the `initialDelivery` (kept up to date)
//! and `onReady` we had, as the embed would have sent them to it, so it
//! builds its API and starts as if it had been first; its own commands and
//! event subscriptions, sent once the embed spoke, already reached the embed.

use super::iframe::{field, number, object, string, IframePlayer, Link, Protocol, Report};
use super::iframe::{iframe_src, Greeting};
use super::{PlayerRequest, StateSink};
use std::cell::{Cell, RefCell};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// The hosts YouTube serves its embed from.
pub const HOSTS: &[&str] = &[
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
    "m.youtube.com",
];

/// The official client's greeting interval.
pub const GREET_MS: u32 = 250;

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// Follows one YouTube iframe until the returned player is dropped. `aspect`
/// is the manifest's `video.aspect` (default 16:9). Fails when the embed's
/// `origin=` names another origin than the page's: it would ignore us.
pub fn start(
    iframe: &Element,
    aspect: Option<(u32, u32)>,
    sink: StateSink,
) -> Result<IframePlayer, String> {
    check_origin_param(&iframe_src(iframe))?;
    // A string id can never be one of YT.Player's numbers, so the page's
    // player never takes our messages for its own.
    let n = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    let proto = YouTube {
        id: ["shoppable-", &n.to_string()].concat(),
        subscribed: Cell::new(false),
        yielded: Cell::new(false),
        delivery: RefCell::new(None),
        errors: RefCell::new(Vec::new()),
    };
    IframePlayer::start(iframe, aspect, sink, Box::new(proto))
}

/// Whether a YouTube embed URL's query turns the JS API on.
pub fn has_enablejsapi(url: &web_sys::Url) -> bool {
    url.search_params().get("enablejsapi").as_deref() == Some("1")
}

/// Whether `YT.Player` made this embed: it puts its player's id in the URL.
pub fn has_widgetid(src: &str) -> bool {
    web_sys::Url::new(src).is_ok_and(|u| u.search_params().has("widgetid"))
}

/// The embed answers only pages whose origin is `new URL(origin).origin`
/// when its URL has `origin=`: refuse to start rather than talk to no one.
fn check_origin_param(src: &str) -> Result<(), String> {
    let Some(given) = web_sys::Url::new(src)
        .ok()
        .and_then(|u| u.search_params().get("origin"))
    else {
        return Ok(());
    };
    let page = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let named = web_sys::Url::new(&given).map(|u| u.origin()).ok();
    if named.as_deref() == Some(page.as_str()) {
        return Ok(());
    }
    Err(format!(
        "the YouTube iframe {src} says origin={given}, but this page's origin is {page}: \
         the player ignores every message from another origin than {}; \
         set origin={page} in the iframe's src, or leave origin= out",
        named.as_deref().unwrap_or(&given)
    ))
}

/// The page's own `YT.Player` for this iframe (`YT.get(iframe.id)`), if any.
fn page_player(iframe: &Element) -> Option<JsValue> {
    let id = iframe.id();
    if id.is_empty() {
        return None;
    }
    let window: JsValue = web_sys::window()?.into();
    let yt = js_sys::Reflect::get(&window, &"YT".into()).ok()?;
    if !yt.is_object() {
        return None;
    }
    let get: js_sys::Function = js_sys::Reflect::get(&yt, &"get".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let player = get.call1(&yt, &id.into()).ok()?;
    player.is_object().then_some(player)
}

struct YouTube {
    /// Sent as our session id, echoed by the embed to the session it serves.
    id: String,
    /// Since the frame's last load: we subscribed to its events.
    subscribed: Cell<bool>,
    /// Since the frame's last load: another session spoke, so the embed is
    /// the page's and we stay silent.
    yielded: Cell<bool>,
    /// The `initialDelivery` the embed sent us, with every `infoDelivery`
    /// since merged in: what a page's player refused after us is handed.
    delivery: RefCell<Option<js_sys::Object>>,
    /// Error codes logged since the frame's last load (each once).
    errors: RefCell<Vec<i32>>,
}

impl YouTube {
    /// Whether the page drives this embed with its own player (module docs).
    fn page_owns(&self, link: &Link) -> bool {
        self.yielded.get()
            || has_widgetid(&iframe_src(link.iframe()))
            || page_player(link.iframe()).is_some()
    }

    /// Posts `{"event": event, …, "id", "channel": "widget"}` as a JSON
    /// string, as the official client does (the embed reads only strings).
    fn send(&self, link: &Link, mut fields: Vec<(&str, JsValue)>) {
        fields.push(("id", JsValue::from_str(&self.id)));
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

    /// Once per load, after the embed answered us (commands sent before are
    /// lost, which is why the official client queues them until then).
    fn subscribe(&self, link: &Link) {
        if self.subscribed.replace(true) {
            return;
        }
        for name in ["onStateChange", "onPlaybackRateChange", "onError"] {
            self.command(link, "addEventListener", &[name.into()]);
        }
    }

    /// Calls `func(args)` on the page's own player, if it has built it yet.
    fn through_page(&self, link: &Link, func: &str, args: &[JsValue]) {
        let Some(player) = page_player(link.iframe()) else {
            return;
        };
        if let Some(f) = js_sys::Reflect::get(&player, &func.into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        {
            let args: js_sys::Array = args.iter().collect();
            let _ = f.apply(&player, &args);
        }
    }

    /// Gives a player the embed refused (`alreadyInitialized` to session
    /// `to`) what the embed gave us instead: `initialDelivery`, then
    /// `onReady`, as message events from the frame's window and origin.
    fn hand_over(&self, link: &Link, to: &JsValue) {
        let Some(info) = self.delivery.borrow().clone() else {
            return;
        };
        let (Some(origin), Some(source), Some(page)) =
            (link.locked(), link.content_window(), web_sys::window())
        else {
            return;
        };
        for (event, info) in [("initialDelivery", info.into()), ("onReady", JsValue::NULL)] {
            let message = object(&[
                ("event", event.into()),
                ("info", info),
                ("id", to.clone()),
                ("channel", "widget".into()),
            ]);
            let Ok(text) = js_sys::JSON::stringify(&message) else {
                return;
            };
            let init = web_sys::MessageEventInit::new();
            init.set_data(&text.into());
            init.set_origin(&origin);
            init.set_source(Some(source.as_ref()));
            if let Ok(e) = web_sys::MessageEvent::new_with_event_init_dict("message", &init) {
                let _ = page.dispatch_event(&e);
            }
        }
    }

    /// Logs a player error once per code and load.
    fn log_error(&self, code: i32) {
        if self.errors.borrow().contains(&code) {
            return;
        }
        self.errors.borrow_mut().push(code);
        let what = match code {
            2 => "the request has an invalid parameter (a malformed video id?)",
            5 => "the video cannot be played in the HTML5 player",
            100 => "the video was not found (removed, or private)",
            101 | 150 => "the video's owner does not allow it to be played in embedded players",
            _ => "see the IFrame Player API reference, onError",
        };
        let text = format!("shoppable: the YouTube player reports error {code}: {what}");
        web_sys::console::error_1(&text.into());
    }
}

/// Reads the fields of an `initialDelivery` / `infoDelivery` `info`.
fn read_info(info: &JsValue, out: &mut Vec<Report>) {
    if let Some(s) = number(info, "playerState") {
        out.push(playback(s));
    }
    if let Some(r) = number(info, "playbackRate") {
        out.push(Report::Rate(r));
    }
    if let Some(d) = number(info, "duration") {
        out.push(Report::Duration(d));
    }
    if let Some(t) = number(info, "currentTime") {
        out.push(Report::Time(t));
    }
}

/// YouTube's player states: -1 unstarted, 0 ended, 1 playing, 2 paused,
/// 3 buffering, 5 video cued.
fn playback(state: f64) -> Report {
    let (paused, ended, advancing) = match state as i32 {
        1 => (false, false, true),
        3 => (false, false, false),
        0 => (true, true, false),
        _ => (true, false, false),
    };
    Report::Playback {
        paused,
        ended,
        advancing,
    }
}

impl Protocol for YouTube {
    fn name(&self) -> &'static str {
        "youtube"
    }

    fn vendor_hosts(&self) -> &'static [&'static str] {
        HOSTS
    }

    fn greet(&self, link: &Link) -> bool {
        if self.page_owns(link) {
            return false;
        }
        self.send(link, vec![("event", "listening".into())]);
        true
    }

    fn greet_every(&self) -> Option<u32> {
        Some(GREET_MS)
    }

    fn reset(&self) {
        self.subscribed.set(false);
        self.yielded.set(false);
        self.delivery.borrow_mut().take();
        self.errors.borrow_mut().clear();
    }

    fn read(&self, data: &JsValue, link: &Link, out: &mut Vec<Report>) -> Greeting {
        let Some(event) = string(data, "event") else {
            return Greeting::Pending;
        };
        let id = field(data, "id");
        let ours = id.as_string().is_some_and(|i| i == self.id);
        if !ours && !id.is_undefined() && !id.is_null() {
            self.yielded.set(true); // another session: the page's player
        }
        let info = field(data, "info");
        match event.as_str() {
            "initialDelivery" => {
                if ours && info.is_object() {
                    let copy = js_sys::Object::assign(&js_sys::Object::new(), info.unchecked_ref());
                    *self.delivery.borrow_mut() = Some(copy);
                    self.subscribe(link);
                }
                read_info(&info, out);
                Greeting::Answered
            }
            "alreadyInitialized" => {
                if ours {
                    self.subscribe(link); // initialised by someone before us
                } else {
                    self.hand_over(link, &id);
                }
                Greeting::Answered
            }
            "readyToListen" => Greeting::Requested,
            "infoDelivery" => {
                if let (Some(kept), true) = (self.delivery.borrow().as_ref(), info.is_object()) {
                    js_sys::Object::assign(kept, info.unchecked_ref());
                }
                read_info(&info, out);
                Greeting::Pending
            }
            "onStateChange" => {
                out.extend(info.as_f64().map(playback));
                Greeting::Pending
            }
            "onPlaybackRateChange" => {
                out.extend(info.as_f64().map(Report::Rate));
                Greeting::Pending
            }
            "onError" => {
                if let Some(code) = info.as_f64() {
                    self.log_error(code as i32);
                }
                Greeting::Pending
            }
            _ => Greeting::Pending,
        }
    }

    fn request(&self, req: PlayerRequest, link: &Link) {
        let (func, args): (&str, Vec<JsValue>) = match req {
            PlayerRequest::Play => ("playVideo", vec![]),
            PlayerRequest::Pause => ("pauseVideo", vec![]),
            // allowSeekAhead = true: the seek may fetch beyond the buffer.
            PlayerRequest::Seek(t) => ("seekTo", vec![t.max(0.0).into(), true.into()]),
        };
        if self.page_owns(link) {
            self.through_page(link, func, &args);
        } else {
            self.command(link, func, &args);
        }
    }
}
