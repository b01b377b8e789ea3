//! The console's side of the producer API (server/README.md, "Live
//! shows"): actions posted with the token in `Authorization` (never in a
//! URL), the show's figures, and the show's event stream (`EventSource`,
//! which reconnects by itself with `Last-Event-ID`).

use gloo_events::EventListener;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{EventSource, MessageEvent, RequestInit, Response};

use crate::model::live::{Action, Event, Snapshot, Units};

/// Why a call did not succeed.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// `401`: the token is missing or wrong.
    Unauthorized,
    /// A problem+json refusal: the field at fault (`path`, maybe empty) and
    /// the server's words.
    Refused { path: String, detail: String },
    /// The network or the server failed; the words say which.
    Other(String),
}

/// A problem+json document, as far as the console reads it.
#[derive(Deserialize, Default)]
struct Problem {
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    path: Option<String>,
}

async fn fetch(url: &str, token: &str, body: Option<&str>) -> Result<Response, Failure> {
    let offline = |_| {
        Failure::Other(
            "The server could not be reached; check the connection and try again.".into(),
        )
    };
    let init = RequestInit::new();
    let headers = web_sys::Headers::new().map_err(offline)?;
    headers
        .set("Authorization", &["Bearer ", token].concat())
        .map_err(offline)?;
    if let Some(b) = body {
        init.set_method("POST");
        headers
            .set("Content-Type", "application/json")
            .map_err(offline)?;
        init.set_body(&JsValue::from_str(b));
    }
    init.set_headers(&headers);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    let w = web_sys::window().ok_or(Failure::Other("no window".into()))?;
    let r = JsFuture::from(w.fetch_with_str_and_init(url, &init))
        .await
        .map_err(offline)?;
    let r: Response = r.dyn_into().map_err(offline)?;
    if r.status() == 401 {
        return Err(Failure::Unauthorized);
    }
    if !r.ok() {
        let p: Problem = match json(&r).await {
            Some(v) => serde_wasm_bindgen::from_value(v).unwrap_or_default(),
            None => Problem::default(),
        };
        return Err(Failure::Refused {
            path: p.path.unwrap_or_default(),
            detail: p
                .detail
                .or(p.title)
                .unwrap_or_else(|| format!("HTTP {}", r.status())),
        });
    }
    Ok(r)
}

async fn json(r: &Response) -> Option<JsValue> {
    JsFuture::from(r.json().ok()?).await.ok()
}

fn api(show: &str, what: &str) -> String {
    let show = js_sys::encode_uri_component(show)
        .as_string()
        .unwrap_or_default();
    ["/api/live/", show.as_str(), "/", what].concat()
}

/// Posts one action; the event as the server sequenced it.
pub async fn post_action(show: &str, token: &str, a: &Action) -> Result<Event, Failure> {
    let body = serde_wasm_bindgen::to_value(a)
        .ok()
        .and_then(|v| js_sys::JSON::stringify(&v).ok())
        .and_then(|s| s.as_string())
        .ok_or_else(|| Failure::Other("the action could not be written".into()))?;
    let r = fetch(&api(show, "events"), token, Some(&body)).await?;
    let v = json(&r)
        .await
        .ok_or_else(|| Failure::Other("the server's answer was not JSON".into()))?;
    serde_wasm_bindgen::from_value(v).map_err(|e| Failure::Other(e.to_string()))
}

/// One deal's figures (`GET /api/live/{show}/stats`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DealStats {
    pub id: String,
    pub product: String,
    #[serde(default)]
    pub variant: Option<String>,
    pub price: i64,
    pub units: u32,
    pub sold: i64,
    pub left: i64,
    pub open: bool,
    #[serde(default)]
    pub end_reason: Option<String>,
}

/// The show's figures.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Stats {
    pub orders: u64,
    pub units_sold: u64,
    pub revenue: i64,
    pub viewers: u64,
    pub likes: u64,
    pub deals: Vec<DealStats>,
}

pub async fn stats(show: &str, token: &str) -> Result<Stats, Failure> {
    let r = fetch(&api(show, "stats"), token, None).await?;
    let v = json(&r)
        .await
        .ok_or_else(|| Failure::Other("the server's answer was not JSON".into()))?;
    serde_wasm_bindgen::from_value(v).map_err(|e| Failure::Other(e.to_string()))
}

/// What the event stream brings.
pub enum Message {
    Snapshot(Snapshot),
    Event(Event),
    Units(Units),
    Open,
    /// The connection dropped; the browser is reconnecting.
    Lost,
}

/// The show's event stream, closed when dropped.
pub struct Stream {
    source: EventSource,
    _listeners: Vec<EventListener>,
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}

fn data<T: serde::de::DeserializeOwned>(e: &web_sys::Event) -> Option<T> {
    let text = e.dyn_ref::<MessageEvent>()?.data().as_string()?;
    let v = js_sys::JSON::parse(&text).ok()?;
    serde_wasm_bindgen::from_value(v).ok()
}

/// Subscribes to `/api/live/{show}/events`; `on` gets every message.
pub fn subscribe(show: &str, on: impl Fn(Message) + 'static) -> Result<Stream, JsValue> {
    let source = EventSource::new(&api(show, "events"))?;
    let on = std::rc::Rc::new(on);
    let listen = |name: &'static str, f: fn(&web_sys::Event) -> Option<Message>| {
        let on = on.clone();
        EventListener::new(&source, name, move |e| {
            if let Some(m) = f(e) {
                on(m);
            }
        })
    };
    let listeners = vec![
        listen("snapshot", |e| data(e).map(Message::Snapshot)),
        listen("live", |e| data(e).map(Message::Event)),
        listen("units", |e| data(e).map(Message::Units)),
        listen("open", |_| Some(Message::Open)),
        listen("error", |_| Some(Message::Lost)),
    ];
    Ok(Stream {
        source,
        _listeners: listeners,
    })
}
