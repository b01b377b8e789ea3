//! The iframe protocols' sessions, against fake embeds that behave as the
//! real ones do (`iframe_fakes`, `www/test/players/IFRAME-PROTOCOLS.md`):
//! YouTube's greeting (every 250 ms until answered, once more on
//! `readyToListen`, again after a load), the page's own player (never
//! greeted, read as it passes, handed the delivery it was refused), Vimeo's
//! subscriptions (once per load) and stalls, and both players' errors.
#![cfg(target_arch = "wasm32")]

mod iframe_fakes;

use iframe_fakes::*;
use shoppable::player::PlayerRequest;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// The page's own YT.Player for `iframe`, as `YT.get(iframe.id)` finds it; its
// methods only record their calls.
export function install_page_player(iframe) {
  iframe.id = 'page-yt';
  const calls = window.__pageCalls = [];
  const player = {
    playVideo() { calls.push(['playVideo']); },
    pauseVideo() { calls.push(['pauseVideo']); },
    seekTo(t, ahead) { calls.push(['seekTo', t, ahead]); },
  };
  window.YT = { get: (id) => (id === 'page-yt' ? player : undefined) };
}
export function page_calls() { return JSON.stringify(window.__pageCalls); }
export function remove_page_player(iframe) { delete window.YT; iframe.removeAttribute('id'); }

// A page client with its own session `id` greeting the embed directly, as
// YT.Player does, and keeping what reaches that session.
export function page_client(iframe, id) {
  const got = window.__pageGot = [];
  const on = (e) => {
    if (e.source !== iframe.contentWindow || typeof e.data !== 'string') return;
    let m;
    try { m = JSON.parse(e.data); } catch (_) { return; }
    if (m.id === id) got.push({ event: m.event, info: m.info, origin: e.origin });
  };
  window.addEventListener('message', on);
  window.__pageOff = () => window.removeEventListener('message', on);
  iframe.contentWindow.postMessage(JSON.stringify({ event: 'listening', id, channel: 'widget' }), '*');
}
export function page_got() { return JSON.stringify(window.__pageGot); }
export function page_client_off() { window.__pageOff(); }

// Sets the iframe's `src` attribute; its `srcdoc` still decides what loads.
export function set_src_attribute(iframe, src) { iframe.setAttribute('src', src); }
"#)]
extern "C" {
    fn install_page_player(iframe: &Element);
    fn page_calls() -> String;
    fn remove_page_player(iframe: &Element);
    fn page_client(iframe: &Element, id: u32);
    fn page_got() -> String;
    fn page_client_off();
    fn set_src_attribute(iframe: &Element, src: &str);
}

/// `[[time, event], …]` from the fake YouTube embed's log.
fn log_of(frame: &Frame) -> Vec<(f64, String)> {
    let all: js_sys::Array = js_sys::JSON::parse(&fake_log(&frame.0))
        .unwrap()
        .unchecked_into();
    all.iter()
        .map(|e| {
            let e: js_sys::Array = e.unchecked_into();
            (e.get(0).as_f64().unwrap(), e.get(1).as_string().unwrap())
        })
        .collect()
}

/// What the page's client got, as `(event, origin)`.
fn page_events() -> Vec<(String, String)> {
    let all: js_sys::Array = js_sys::JSON::parse(&page_got()).unwrap().unchecked_into();
    all.iter()
        .map(|m| {
            let get = |k: &str| {
                js_sys::Reflect::get(&m, &k.into())
                    .unwrap()
                    .as_string()
                    .unwrap_or_default()
            };
            (get("event"), get("origin"))
        })
        .collect()
}

/// An embed not ready yet is greeted every 250 ms; when it says
/// `readyToListen`, at once (not at the next repeat); once it answers,
/// never again.
#[wasm_bindgen_test]
async fn youtube_greets_every_250_ms_until_answered_and_again_on_ready_to_listen() {
    let frame = Frame::with("youtube", STYLE, r#"{"ready":false}"#).await;
    let rec = Recorder::default();
    let player = make("youtube", &frame, None, &rec);
    wait_until("three greetings", 2000.0, || frame.greetings() >= 3).await;
    let log = log_of(&frame);
    let times: Vec<f64> = log
        .iter()
        .filter(|(_, e)| e == "in:listening")
        .map(|(t, _)| *t)
        .collect();
    let gaps: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps.iter().all(|&g| g > 150.0),
        "repeats about every 250 ms: {gaps:?}"
    );

    frame.call("readyAfterNextGreeting", 20);
    wait_until("the initial delivery", 2000.0, || {
        rec.last().duration == 20.0
    })
    .await;
    let log = log_of(&frame);
    let ready = log.iter().position(|(_, e)| e == "readyToListen").unwrap();
    let before = log[..ready]
        .iter()
        .rev()
        .find(|(_, e)| e == "in:listening")
        .unwrap()
        .0;
    let after = log[ready..]
        .iter()
        .find(|(_, e)| e == "in:listening")
        .unwrap()
        .0;
    let asked = log[ready].0;
    // The repeat was due at `before + 250`; the answer to readyToListen came
    // well before it.
    assert!(
        after - asked < 150.0 && after < before + 200.0,
        "greeted {} ms after readyToListen (last repeat {} ms before it): {log:?}",
        after - asked,
        asked - before
    );

    let greeted = frame.greetings();
    sleep(700).await;
    assert_eq!(frame.greetings(), greeted, "greeted after the answer");
    drop(player);
}

/// A reloaded frame holds a new embed: greeted again, and followed.
#[wasm_bindgen_test]
async fn youtube_greets_again_after_the_frame_loads() {
    let frame = Frame::new("youtube", STYLE).await;
    let rec = Recorder::default();
    let player = make("youtube", &frame, None, &rec);
    wait_until("the first delivery", 2000.0, || rec.last().duration == 20.0).await;
    frame.reload("youtube", r#"{"duration":30}"#).await;
    wait_until("the new embed's delivery", 2000.0, || {
        rec.last().duration == 30.0
    })
    .await;
    frame.call("seek", 6.0);
    wait_until("a push from the new embed", 500.0, || {
        rec.last().time == 6.0
    })
    .await;
    let greeted = frame.greetings();
    sleep(600).await;
    assert_eq!(frame.greetings(), greeted, "greeted after the answer");
    drop(player);
}

/// The page drives the embed with its own player (found by `YT.get`, or
/// `widgetid=` in the frame's `src`): we send nothing, follow the embed's
/// pushes to the page's session, and carry requests out through the page's
/// player.
#[wasm_bindgen_test]
async fn youtube_never_greets_the_pages_own_player_and_follows_it() {
    for how in ["YT.get", "widgetid"] {
        let frame = Frame::new("youtube", STYLE).await;
        if how == "YT.get" {
            install_page_player(&frame.0);
        } else {
            // As YT.Player makes the frame; a fresh embed behind it.
            set_src_attribute(
                &frame.0,
                "https://www.youtube.com/embed/abc?enablejsapi=1&widgetid=7",
            );
            frame.reload("youtube", "{}").await;
        }
        page_client(&frame.0, 7);
        wait_until("the page's delivery", 1000.0, || {
            page_events().iter().any(|(e, _)| e == "initialDelivery")
        })
        .await;

        let rec = Recorder::default();
        let player = make("youtube", &frame, None, &rec);
        sleep(700).await;
        let received = frame.received();
        assert!(
            !received.contains("shoppable-") && frame.greetings() == 1,
            "{how}: we spoke to the page's embed: {received}"
        );

        frame.call("play", JsValue::UNDEFINED);
        wait_until("playing, from the page's pushes", 1000.0, || {
            !rec.last().paused
        })
        .await;
        sleep(500).await;
        assert!(
            (player.state().time - frame.now()).abs() < 0.15,
            "{how}: time follows the pushes: {} vs {}",
            player.state().time,
            frame.now()
        );
        frame.call("seek", 9.0);
        wait_until("a pushed seek", 500.0, || {
            (rec.last().time - 9.0).abs() < 0.2
        })
        .await;

        player.request(PlayerRequest::Pause);
        player.request(PlayerRequest::Seek(4.0));
        if how == "YT.get" {
            assert_eq!(
                page_calls(),
                r#"[["pauseVideo"],["seekTo",4,true]]"#,
                "requests go through the page's player"
            );
        }
        sleep(200).await;
        assert!(
            !frame.received().contains("shoppable-"),
            "{how}: a request was posted: {}",
            frame.received()
        );
        frame.call("pause", JsValue::UNDEFINED);
        drop(player);
        page_client_off();
        if how == "YT.get" {
            remove_page_player(&frame.0);
        }
    }
}

/// We greeted first and got the one `initialDelivery`; the page's player
/// greets after us and is refused (`alreadyInitialized`). It is handed the
/// delivery we had (kept up to date) and `onReady`, from the frame's window
/// and origin, as the embed would have sent them; from then on we are
/// silent and follow the pushes, which now go to its session.
#[wasm_bindgen_test]
async fn youtube_hands_its_delivery_to_the_pages_player_refused_after_it() {
    let frame = Frame::new("youtube", STYLE).await;
    let rec = Recorder::default();
    let player = make("youtube", &frame, None, &rec);
    wait_until("our delivery", 2000.0, || rec.last().duration == 20.0).await;
    frame.call("seek", 5.0);
    wait_until("a push", 500.0, || rec.last().time == 5.0).await;

    page_client(&frame.0, 7);
    wait_until(
        "the page's player refused, then handed over",
        1000.0,
        || page_events().len() >= 3,
    )
    .await;
    let events = page_events();
    let names: Vec<&str> = events.iter().map(|(e, _)| e.as_str()).collect();
    for e in ["alreadyInitialized", "initialDelivery", "onReady"] {
        assert!(names.contains(&e), "the page's player got {names:?}");
    }
    assert!(
        events.iter().all(|(_, o)| *o == origin()),
        "from the frame's origin: {events:?}"
    );
    let got: js_sys::Array = js_sys::JSON::parse(&page_got()).unwrap().unchecked_into();
    let delivery = got
        .iter()
        .find(|m| {
            js_sys::Reflect::get(m, &"event".into())
                .unwrap()
                .as_string()
                == Some("initialDelivery".into())
        })
        .unwrap();
    let info = js_sys::Reflect::get(&delivery, &"info".into()).unwrap();
    let api = js_sys::Reflect::get(&info, &"apiInterface".into()).unwrap();
    assert!(
        js_sys::Array::is_array(&api),
        "the API to build: {:?}",
        js_sys::JSON::stringify(&info)
    );
    assert_eq!(
        js_sys::Reflect::get(&info, &"currentTime".into())
            .unwrap()
            .as_f64(),
        Some(5.0),
        "kept up to date with the pushes"
    );

    fake_clear(&frame.0);
    player.request(PlayerRequest::Play); // no page player to go through: dropped
    frame.call("play", JsValue::UNDEFINED);
    wait_until("following the page's session", 1000.0, || {
        !rec.last().paused
    })
    .await;
    sleep(600).await;
    let received = frame.received();
    assert!(
        !received.contains("shoppable-"),
        "we spoke after handing over: {received}"
    );
    frame.call("pause", JsValue::UNDEFINED);
    drop(player);
    page_client_off();
}

/// Vimeo says it is ready twice (`ready`, and the answer to `ping`); we
/// subscribe once per load, and again, once, after the frame loads anew.
#[wasm_bindgen_test]
async fn vimeo_subscribes_once_per_load() {
    let count = |frame: &Frame| {
        frame
            .received()
            .matches(r#"{"method":"addEventListener","value":"timeupdate"}"#)
            .count()
    };
    let frame = Frame::new("vimeo", STYLE).await;
    let rec = Recorder::default();
    let player = make("vimeo", &frame, None, &rec);
    wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;
    sleep(300).await;
    assert_eq!(count(&frame), 1, "{}", frame.received());

    frame.reload("vimeo", r#"{"duration":30}"#).await;
    wait_until("the new player", 2000.0, || rec.last().duration == 30.0).await;
    sleep(300).await;
    assert_eq!(count(&frame), 1, "{}", frame.received());
    drop(player);
}

/// A stall (`bufferstart` while playing) holds the clock, and the tags, where
/// the video stopped; `bufferend` lets it run on.
#[wasm_bindgen_test]
async fn vimeo_stall_holds_the_clock() {
    let frame = Frame::new("vimeo", STYLE).await;
    let rec = Recorder::default();
    let player = make("vimeo", &frame, None, &rec);
    wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;
    frame.call("play", JsValue::UNDEFINED);
    wait_until("playing", 1000.0, || !rec.last().paused).await;
    sleep(300).await;

    frame.call("stall", JsValue::UNDEFINED);
    sleep(100).await; // the bufferstart arrives
    let held = player.state().time;
    assert!(
        (held - frame.now()).abs() < 0.1,
        "held at {held}, the video at {}",
        frame.now()
    );
    let during = reports_during(&rec, 800).await;
    assert!(
        during.iter().all(|s| s.time == held && !s.paused),
        "the clock ran on while buffering: {:?}",
        during.iter().map(|s| s.time).collect::<Vec<_>>()
    );
    assert_eq!(player.state().time, held);

    frame.call("unstall", JsValue::UNDEFINED);
    wait_until("running again", 500.0, || rec.last().time > held).await;
    assert_smooth_during(&rec, 600, "vimeo after the stall", 1.0).await;
    frame.call("pause", JsValue::UNDEFINED);
    drop(player);
}

/// Each error a player reports is logged once, however often it comes.
#[wasm_bindgen_test]
async fn player_errors_are_logged_once() {
    record_errors();
    let errors = |needle: &str| {
        let all: js_sys::Array = js_sys::JSON::parse(&recorded_errors())
            .unwrap()
            .unchecked_into();
        all.iter()
            .filter(|e| e.as_string().unwrap_or_default().contains(needle))
            .count()
    };

    let frame = Frame::new("vimeo", STYLE).await;
    let rec = Recorder::default();
    let player = make("vimeo", &frame, None, &rec);
    wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;
    let privacy = js_sys::JSON::parse(
        r#"{"name":"PrivacyError","message":"Because of its privacy settings, this video cannot be played here."}"#,
    )
    .unwrap();
    frame.call("error", privacy.clone());
    frame.call("error", privacy);
    frame.call(
        "error",
        js_sys::JSON::parse(
            r#"{"name":"NotAllowedError","message":"play() was refused","method":"play"}"#,
        )
        .unwrap(),
    );
    sleep(200).await;
    assert_eq!(errors("PrivacyError"), 1, "{}", recorded_errors());
    assert_eq!(errors("NotAllowedError"), 1, "{}", recorded_errors());
    drop(player);

    let frame = Frame::new("youtube", STYLE).await;
    let rec = Recorder::default();
    let player = make("youtube", &frame, None, &rec);
    wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;
    wait_until("subscribed to onError", 1000.0, || {
        frame.received().contains(r#""args":["onError"]"#)
    })
    .await;
    frame.call("error", 150);
    frame.call("error", 150);
    sleep(200).await;
    assert_eq!(errors("error 150"), 1, "{}", recorded_errors());
    drop(player);
    stop_errors();
}
