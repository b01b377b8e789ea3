//! Each adapter's event mapping in headless Chromium, chosen through
//! `detect` as the widget chooses it: state follows the player (time, paused,
//! rate, duration), requests reach the player (through *its* API where it has
//! one), capabilities reflect what the player offers, and dropping the
//! adapter leaves no listener behind.
//!
//! The test runner serves no npm files, so video.js, Plyr and hls.js are
//! replaced by *fakes*: a few lines of JS each with only the parts of their
//! APIs the adapters use (named `fake_*`; the real libraries run in the e2e
//! pages, www/test/players). Underneath every fake is a real `<video>` playing
//! a short WebM recorded in the page with MediaRecorder (seekable, unlike a
//! canvas stream).
#![cfg(target_arch = "wasm32")]

use shoppable::model::geometry::Size;
use shoppable::model::manifest::TimeBase;
use shoppable::player::detect::{describe, detect, detect_with_time_base, is_player_candidate};
use shoppable::player::{Capabilities, Player, PlayerRequest, PlayerState, StateSink};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlVideoElement};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
// Counts listeners currently registered with addEventListener, on any target.
export function install_listener_counter() {
  if (window.__listeners) return;
  const live = window.__listeners = new Map(); // key -> count
  const ET = EventTarget.prototype, add = ET.addEventListener, remove = ET.removeEventListener;
  const ids = new WeakMap(); let next = 1;
  const id = (o) => { if (!ids.has(o)) ids.set(o, next++); return ids.get(o); };
  const capture = (o) => typeof o === 'boolean' ? o : !!(o && o.capture);
  const key = (t, type, fn, o) => id(t) + ' ' + type + ' ' + id(fn) + ' ' + capture(o);
  ET.addEventListener = function (type, fn, o) {
    if (fn) live.set(key(this, type, fn, o), 1);
    return add.call(this, type, fn, o);
  };
  ET.removeEventListener = function (type, fn, o) {
    if (fn) live.delete(key(this, type, fn, o));
    return remove.call(this, type, fn, o);
  };
}
export function listener_count() { return window.__listeners.size; }

// A seekable file: `ms` of a painted canvas recorded to WebM, as a blob: URL.
export async function recorded_webm(ms) {
  const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 90;
  const ctx = canvas.getContext('2d');
  let n = 0;
  const paint = () => { n++; ctx.fillStyle = `hsl(${(n * 7) % 360}, 80%, 50%)`; ctx.fillRect(0, 0, 160, 90); };
  paint();
  const interval = setInterval(paint, 20);
  const stream = canvas.captureStream(30);
  const rec = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8' });
  const chunks = [];
  rec.ondataavailable = (e) => chunks.push(e.data);
  const stopped = new Promise((r) => { rec.onstop = r; });
  rec.start();
  await new Promise((r) => setTimeout(r, ms));
  rec.stop();
  await stopped;
  clearInterval(interval);
  stream.getTracks().forEach((t) => t.stop());
  return URL.createObjectURL(new Blob(chunks, { type: 'video/webm' }));
}

// A custom media element in the style of media-chrome's (<mux-video> …): an
// open shadow root holding the real <video>, the HTMLMediaElement properties
// forwarded, the media events re-dispatched on the host. No videoWidth.
export function define_x_media() {
  if (customElements.get('x-media')) return;
  const EVENTS = ['play', 'playing', 'pause', 'seeking', 'seeked', 'timeupdate', 'ratechange',
                  'ended', 'loadedmetadata', 'resize', 'emptied', 'durationchange'];
  customElements.define('x-media', class extends HTMLElement {
    constructor() {
      super();
      const v = this.video = document.createElement('video');
      v.muted = true; v.playsInline = true;
      v.style.cssText = 'display:block;width:100%;height:100%;object-fit:contain';
      this.attachShadow({ mode: 'open' }).append(v);
      for (const e of EVENTS) v.addEventListener(e, () => this.dispatchEvent(new Event(e)));
    }
    get src() { return this.video.src; } set src(s) { this.video.src = s; }
    get currentTime() { return this.video.currentTime; } set currentTime(t) { this.video.currentTime = t; }
    get paused() { return this.video.paused; }
    get ended() { return this.video.ended; }
    get duration() { return this.video.duration; }
    get playbackRate() { return this.video.playbackRate; } set playbackRate(r) { this.video.playbackRate = r; }
    play() { return this.video.play(); }
    pause() { this.video.pause(); }
  });
}
export function inner_video(el) { return el.video; }

// FAKE video.js: the container div.video-js around the <video> (its tech
// element), a player with el(), tech(), play(), pause(), currentTime([t]),
// `player` on both elements, and window.videojs.getPlayer. `calls` records
// what reached the player.
export function fake_videojs(video) {
  const box = document.createElement('div');
  box.className = 'video-js';
  box.style.cssText = 'position:relative;width:320px;height:180px';
  video.replaceWith(box);
  box.append(video);
  video.classList.add('vjs-tech');
  const calls = [];
  const player = {
    calls,
    el: () => box,
    tech: () => ({ el: () => video }),
    play() { calls.push('play'); return video.play(); },
    pause() { calls.push('pause'); video.pause(); },
    currentTime(t) {
      if (t === undefined) return video.currentTime;
      calls.push('seek ' + t); video.currentTime = t;
    },
  };
  box.player = video.player = player;
  window.videojs = { getPlayer: (el) => el && el.player };
  return player;
}

// FAKE Plyr: the .plyr container around the <video>, `video.plyr`, and an
// instance with media, elements.container, play(), pause() and a
// currentTime accessor.
export function fake_plyr(video) {
  const box = document.createElement('div');
  box.className = 'plyr';
  video.replaceWith(box);
  box.append(video);
  const calls = [];
  const plyr = {
    calls, provider: 'html5', media: video, elements: { container: box },
    play() { calls.push('play'); return video.play(); },
    pause() { calls.push('pause'); video.pause(); },
    get currentTime() { return video.currentTime; },
    set currentTime(t) { calls.push('seek ' + t); video.currentTime = t; },
  };
  video.plyr = plyr;
  return plyr;
}

// FAKE hls.js instance: loadSource/attachMedia, media, and playingDate, the
// program date of the frame at currentTime: `pdt0` (ms) + currentTime, or
// null when `pdt0` is null (a stream without PROGRAM-DATE-TIME).
export function fake_hls(video, pdt0) {
  window.Hls = window.Hls || function FakeHls() {};
  return {
    media: video,
    loadSource() {}, attachMedia() {},
    get playingDate() { return pdt0 == null ? null : new Date(pdt0 + video.currentTime * 1000); },
  };
}

// A host-supplied player object: a simulated clock (no media at all), with
// on/off bookkeeping. `opts.minimal` gives only currentTime, paused and on.
export function host_player(minimal) {
  const handlers = new Map(); // name -> Set(fn)
  let base = 0, since = null, rate = 1;
  const now = () => since === null ? base : base + (performance.now() - since) / 1000 * rate;
  const emit = (name) => (handlers.get(name) || []).forEach((fn) => fn({ type: name }));
  const p = {
    calls: [],
    currentTime: () => now(),
    paused: () => since === null,
    on(name, fn) { if (!handlers.has(name)) handlers.set(name, new Set()); handlers.get(name).add(fn); },
    // For the test: start and stop the clock as the host's own UI would.
    hostPlay() { if (since === null) { since = performance.now(); emit('play'); } },
    hostPause() { if (since !== null) { base = now(); since = null; emit('pause'); } },
    hostSeek(t) { base = t; if (since !== null) since = performance.now(); emit('seeked'); },
    hostRate(r) { base = now(); if (since !== null) since = performance.now(); rate = r; emit('ratechange'); },
    emit,
    subscribed: () => [...handlers.values()].reduce((n, s) => n + s.size, 0),
    names: () => [...handlers.keys()].filter((k) => handlers.get(k).size).sort().join(','),
  };
  if (!minimal) {
    Object.assign(p, {
      off(name, fn) { handlers.get(name) && handlers.get(name).delete(fn); },
      duration: () => 42,
      playbackRate: () => rate,
      play() { p.calls.push('play'); p.hostPlay(); return Promise.resolve(); },
      pause() { p.calls.push('pause'); p.hostPause(); },
      seek(t) { p.calls.push('seek ' + t); p.hostSeek(t); },
    });
  }
  return p;
}
// FAKE video.js player whose tech has no <video> (as with the YouTube
// tech): a host_player clock behind video.js's API shape, seeking with
// currentTime(t).
export function fake_videojs_other_tech() {
  const box = document.createElement('div');
  box.className = 'video-js';
  box.style.cssText = 'position:relative;width:320px;height:180px';
  const techEl = document.createElement('div');
  box.append(techEl);
  document.body.prepend(box);
  const p = host_player(false);
  const now = p.currentTime;
  p.currentTime = (t) => { if (t === undefined) return now(); p.calls.push('seek ' + t); p.hostSeek(t); };
  delete p.seek;
  p.el = () => box;
  p.tech = () => ({ el: () => techEl });
  box.player = p;
  return p;
}
// FAKE Plyr with its YouTube provider: no <video>; the media is the embed
// div, and the instance offers the state as properties (currentTime, paused,
// duration, speed, ended), on/off, play/pause and a currentTime setter.
export function fake_plyr_youtube() {
  const box = document.createElement('div');
  box.className = 'plyr';
  box.style.cssText = 'position:relative;width:320px;height:180px';
  const media = document.createElement('div');
  media.className = 'plyr__video-embed';
  box.append(media);
  document.body.prepend(box);
  const clock = host_player(false);
  const plyr = {
    calls: clock.calls, provider: 'youtube', media, elements: { container: box },
    get currentTime() { return clock.currentTime(); },
    set currentTime(t) { clock.seek(t); },
    get paused() { return clock.paused(); },
    get duration() { return 42; },
    get speed() { return clock.playbackRate(); },
    get ended() { return false; },
    on: (name, fn) => clock.on(name, fn),
    off: (name, fn) => clock.off(name, fn),
    play: () => clock.play(),
    pause: () => clock.pause(),
    subscribed: () => clock.subscribed(),
  };
  media.plyr = plyr;
  return plyr;
}
// Counts the rendering steps in which `video` presents a new frame
// (requestVideoFrameCallback), or every animation frame when `video` is
// null, from now until `stop()`. A test judges an adapter's per-frame
// reports against this count taken over the same span, not against a fixed
// number in a fixed time: a busy machine renders fewer frames, and the
// adapter should then report fewer too.
export function count_frames(video) {
  const c = { n: 0, on: true, stop() { c.on = false; return c.n; } };
  const next = () => video ? video.requestVideoFrameCallback(tick) : requestAnimationFrame(tick);
  const tick = () => { if (c.on) { c.n++; next(); } };
  next();
  return c;
}
export function counted(c) { return c.n; }
export function stop_counting(c) { return c.stop(); }
export function js_call(obj, name, arg) { return obj[name](arg); }
export function calls(obj) { return obj.calls.join(' | '); }
"#)]
extern "C" {
    fn install_listener_counter();
    fn listener_count() -> u32;
    fn recorded_webm(ms: u32) -> js_sys::Promise;
    fn define_x_media();
    fn inner_video(el: &Element) -> HtmlVideoElement;
    fn fake_videojs(video: &HtmlVideoElement) -> JsValue;
    fn fake_plyr(video: &HtmlVideoElement) -> JsValue;
    fn fake_hls(video: &HtmlVideoElement, pdt0: Option<f64>) -> JsValue;
    fn host_player(minimal: bool) -> JsValue;
    fn fake_videojs_other_tech() -> JsValue;
    fn fake_plyr_youtube() -> JsValue;
    fn count_frames(video: Option<&HtmlVideoElement>) -> JsValue;
    fn counted(c: &JsValue) -> u32;
    fn stop_counting(c: &JsValue) -> u32;
    fn js_call(obj: &JsValue, name: &str, arg: JsValue) -> JsValue;
    fn calls(obj: &JsValue) -> String;
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

async fn wait_until(what: &str, ms: f64, mut cond: impl FnMut() -> bool) {
    let start = js_sys::Date::now();
    while !cond() {
        if js_sys::Date::now() - start > ms {
            panic!("timed out after {ms} ms waiting for {what}");
        }
        sleep(10).await;
    }
}

/// The reports made while `frames` frames were rendered: those `video`
/// presented, or animation frames when `None`. Fails, naming `what`, unless
/// there was a report for each (one may fall on either edge of the span).
async fn report_per_frame(
    what: &str,
    rec: &Recorder,
    video: Option<&HtmlVideoElement>,
    frames: u32,
) -> Vec<PlayerState> {
    let from = rec.len();
    let counter = count_frames(video);
    wait_until(
        &format!("{frames} frames rendered ({what})"),
        5000.0,
        || counted(&counter) >= frames,
    )
    .await;
    // Read together, in one task: both counts cover the same rendering steps.
    let n = stop_counting(&counter);
    let reports = rec.0.borrow()[from..].to_vec();
    assert!(
        reports.len() + 1 >= n as usize,
        "{what}: {} reports over {n} rendered frames",
        reports.len()
    );
    reports
}

#[derive(Clone, Default)]
struct Recorder(Rc<RefCell<Vec<PlayerState>>>);

impl Recorder {
    fn sink(&self) -> StateSink {
        let log = self.0.clone();
        Rc::new(move |s: &PlayerState| log.borrow_mut().push(s.clone()))
    }
    fn len(&self) -> usize {
        self.0.borrow().len()
    }
    fn last(&self) -> Option<PlayerState> {
        self.0.borrow().last().cloned()
    }
}

/// A 1.5 s recorded WebM as a blob: URL, made once for the whole run.
async fn webm() -> String {
    thread_local!(static URL: RefCell<Option<String>> = const { RefCell::new(None) });
    if let Some(u) = URL.with(|u| u.borrow().clone()) {
        return u;
    }
    let u = JsFuture::from(recorded_webm(1500))
        .await
        .unwrap()
        .as_string()
        .unwrap();
    URL.with(|c| *c.borrow_mut() = Some(u.clone()));
    u
}

/// A `<video>` on the recorded file, in `parent` (the body if `None`), with
/// its metadata loaded.
async fn video_in(parent: Option<&Element>) -> HtmlVideoElement {
    let video: HtmlVideoElement = document().create_element("video").unwrap().unchecked_into();
    video
        .set_attribute("style", "display:block;width:320px;height:180px")
        .unwrap();
    video.set_muted(true);
    // Looping: how many frames the recording holds depends on how busy the
    // machine was while it recorded, so a check that waits for a number of
    // presented frames may outlast the 1.5 s; it must not see the end.
    video.set_loop(true);
    video.set_src(&webm().await);
    match parent {
        Some(p) => {
            p.append_child(&video).unwrap();
        }
        None => document()
            .body()
            .unwrap()
            .prepend_with_node_1(&video)
            .unwrap(),
    }
    let v = video.clone();
    wait_until("the file's metadata", 3000.0, || {
        v.video_width() > 0 && v.ready_state() >= 2
    })
    .await;
    video
}

/// Plays through the adapter, checks state follows, pauses, seeks to
/// `seek_to`, and returns. `media` is the element whose own state must agree.
async fn exercise(
    player: &dyn Player,
    rec: &Recorder,
    video: &HtmlVideoElement,
    seek_to: f64,
    time_of: impl Fn(f64) -> f64,
) {
    // Frame by frame only when asked (the live card asks; tags alone need
    // only the changes).
    player.every_frame(true);
    player.request(PlayerRequest::Play);
    wait_until("playing after Play", 3000.0, || {
        !video.paused() && rec.last().is_some_and(|s| !s.paused)
    })
    .await;
    let reports = report_per_frame("time followed frame by frame", rec, Some(video), 4).await;
    assert!(
        reports.last().unwrap().time > reports[0].time,
        "time advanced: {reports:?}"
    );
    let s = player.state();
    assert_eq!((s.rate, s.ended), (1.0, false));
    player.request(PlayerRequest::Pause);
    wait_until("paused after Pause", 2000.0, || {
        video.paused() && rec.last().is_some_and(|s| s.paused)
    })
    .await;
    player.request(PlayerRequest::Seek(seek_to));
    wait_until("the seek", 3000.0, || {
        !video.seeking() && (player.state().time - time_of(seek_to)).abs() < 0.05
    })
    .await;
    assert!(player.state().paused, "seeking does not start playback");
    video.set_playback_rate(2.0);
    wait_until("rate 2", 2000.0, || {
        rec.last().is_some_and(|s| s.rate == 2.0)
    })
    .await;
    video.set_playback_rate(1.0);
    let d = player.state().duration;
    assert!(
        d == 0.0 || d > 1.0,
        "duration is known or unknown (0), never NaN: {d}"
    );
}

#[wasm_bindgen_test]
async fn a_plain_video_gets_html5() {
    install_listener_counter();
    let video = video_in(None).await;
    let before = listener_count();
    let rec = Recorder::default();
    let player = detect(&video, &JsValue::UNDEFINED, None, rec.sink()).unwrap();
    assert_eq!(player.name(), "html5");
    assert!(player.surface().is_same_node(Some(&video)));
    assert!(player.fullscreen_container().is_same_node(Some(&video)));
    assert_eq!(player.capabilities(), Capabilities::ALL);
    exercise(&*player, &rec, &video, 0.6, |t| t).await;
    drop(player);
    assert_eq!(listener_count(), before, "drop removes every listener");
    video.remove();
}

#[wasm_bindgen_test]
async fn custom_media_element_in_a_media_controller() {
    install_listener_counter();
    define_x_media();
    let controller = document().create_element("media-controller").unwrap();
    controller
        .set_attribute("style", "display:block;position:relative")
        .unwrap();
    document()
        .body()
        .unwrap()
        .prepend_with_node_1(&controller)
        .unwrap();
    let el: HtmlElement = document()
        .create_element("x-media")
        .unwrap()
        .unchecked_into();
    el.set_attribute("style", "display:block;width:400px;height:300px")
        .unwrap();
    controller.append_child(&el).unwrap();
    js_sys::Reflect::set(&el, &"src".into(), &webm().await.into()).unwrap();
    let inner = inner_video(&el);
    wait_until("the inner video's metadata", 3000.0, || {
        inner.video_width() > 0
    })
    .await;
    assert!(
        is_player_candidate(&el),
        "a custom element with the media API is a candidate"
    );

    let before = listener_count();
    let rec = Recorder::default();
    let player = detect(&el, &JsValue::UNDEFINED, Some((4, 3)), rec.sink()).unwrap();
    assert_eq!(player.name(), "media");
    assert!(player.surface().is_same_node(Some(&el)));
    assert!(
        player
            .fullscreen_container()
            .is_same_node(Some(&controller)),
        "media-controller is the fullscreen container"
    );
    let layout = player
        .state()
        .layout
        .expect("layout from the shadow root's video");
    assert_eq!(
        layout.intrinsic,
        Size { w: 160.0, h: 90.0 },
        "intrinsic size = the inner video's"
    );
    assert_eq!(layout.content, Size { w: 400.0, h: 300.0 });
    exercise(&*player, &rec, &inner, 0.9, |t| t).await;
    drop(player);
    assert_eq!(listener_count(), before, "drop removes every listener");

    // Without a shadow video: the manifest's aspect, letterboxed in the element's box.
    let bare = document().create_element("x-bare").unwrap();
    for (k, v) in [
        ("currentTime", JsValue::from(0.0)),
        ("paused", JsValue::TRUE),
    ] {
        js_sys::Reflect::set(&bare, &k.into(), &v).unwrap();
    }
    js_sys::Reflect::set(&bare, &"play".into(), &js_sys::Function::new_no_args("")).unwrap();
    bare.set_attribute("style", "display:block;width:400px;height:400px")
        .unwrap();
    controller.append_child(&bare).unwrap();
    let player = detect(
        &bare,
        &JsValue::UNDEFINED,
        Some((16, 9)),
        Recorder::default().sink(),
    )
    .unwrap();
    assert_eq!(player.name(), "media");
    assert_eq!(
        player.state().layout.map(|l| l.intrinsic),
        Some(Size { w: 16.0, h: 9.0 })
    );
    drop(player);
    controller.remove();
}

#[wasm_bindgen_test]
async fn videojs_is_found_by_its_api_and_driven_through_it() {
    install_listener_counter();
    let video = video_in(None).await;
    let vjs = fake_videojs(&video);
    let container = video.parent_element().unwrap();
    let before = listener_count();
    let rec = Recorder::default();
    // The container is the usual target (video.js moves the id onto it).
    let player = detect(&container, &JsValue::UNDEFINED, None, rec.sink()).unwrap();
    assert_eq!(player.name(), "videojs");
    assert!(
        player.surface().is_same_node(Some(&video)),
        "the tech's <video> is the surface"
    );
    assert!(
        player.fullscreen_container().is_same_node(Some(&container)),
        "player.el() is the fullscreen container"
    );
    exercise(&*player, &rec, &video, 0.7, |t| t).await;
    assert_eq!(
        calls(&vjs),
        "play | pause | seek 0.7",
        "requests went through the player's API"
    );
    drop(player);
    assert_eq!(listener_count(), before, "drop removes every listener");
    // The <video> itself finds the same player.
    let player = detect(
        &video,
        &JsValue::UNDEFINED,
        None,
        Recorder::default().sink(),
    )
    .unwrap();
    assert_eq!(player.name(), "videojs");
    drop(player);
    js_sys::Reflect::delete_property(&web_sys::window().unwrap(), &"videojs".into()).unwrap();
    container.remove();
}

#[wasm_bindgen_test]
async fn videojs_with_another_tech_is_driven_through_its_api() {
    install_listener_counter();
    let vjs = fake_videojs_other_tech();
    let container: Element = js_call(&vjs, "el", JsValue::UNDEFINED).unchecked_into();
    let before = listener_count();
    let rec = Recorder::default();
    let player = detect(&container, &JsValue::UNDEFINED, Some((16, 9)), rec.sink()).unwrap();
    assert_eq!(player.name(), "videojs");
    assert!(player.surface().is_same_node(Some(&container)));
    assert!(player.fullscreen_container().is_same_node(Some(&container)));
    assert_eq!(player.capabilities(), Capabilities::ALL);
    assert_eq!(
        player.state().layout.map(|l| l.intrinsic),
        Some(Size { w: 16.0, h: 9.0 })
    );
    player.request(PlayerRequest::Play);
    wait_until("a playing report", 1000.0, || {
        rec.last().is_some_and(|s| !s.paused)
    })
    .await;
    report_per_frame("polled per frame", &rec, None, 8).await;
    player.request(PlayerRequest::Pause);
    assert!(player.state().paused);
    player.request(PlayerRequest::Seek(2.5));
    assert_eq!(player.state().time, 2.5);
    assert_eq!(calls(&vjs), "play | pause | seek 2.5");
    drop(player);
    assert_eq!(
        js_call(&vjs, "subscribed", JsValue::UNDEFINED).as_f64(),
        Some(0.0),
        "off() for every on()"
    );
    assert_eq!(listener_count(), before);
    container.remove();
}

#[wasm_bindgen_test]
async fn plyr_is_found_by_its_instance_and_driven_through_it() {
    install_listener_counter();
    let video = video_in(None).await;
    let plyr = fake_plyr(&video);
    let container = video.parent_element().unwrap();
    let before = listener_count();
    let rec = Recorder::default();
    let player = detect(&video, &JsValue::UNDEFINED, None, rec.sink()).unwrap();
    assert_eq!(player.name(), "plyr");
    assert!(
        player.fullscreen_container().is_same_node(Some(&container)),
        ".plyr is the fullscreen container"
    );
    exercise(&*player, &rec, &video, 0.4, |t| t).await;
    assert_eq!(calls(&plyr), "play | pause | seek 0.4");
    drop(player);
    assert_eq!(listener_count(), before, "drop removes every listener");
    // Found from the container too.
    let player = detect(
        &container,
        &JsValue::UNDEFINED,
        None,
        Recorder::default().sink(),
    )
    .unwrap();
    assert_eq!(player.name(), "plyr");
    drop(player);
    container.remove();
}

#[wasm_bindgen_test]
async fn plyr_with_a_youtube_provider_is_driven_through_its_api() {
    install_listener_counter();
    let plyr = fake_plyr_youtube();
    let container: Element = js_sys::Reflect::get(
        &js_sys::Reflect::get(&plyr, &"elements".into()).unwrap(),
        &"container".into(),
    )
    .unwrap()
    .unchecked_into();
    let before = listener_count();
    let rec = Recorder::default();
    // Found from the container: the embed div carries the instance.
    let player = detect(&container, &JsValue::UNDEFINED, Some((16, 9)), rec.sink()).unwrap();
    assert_eq!(player.name(), "plyr");
    assert!(player.surface().is_same_node(Some(&container)));
    assert_eq!(player.capabilities(), Capabilities::ALL);
    let s = player.state();
    assert_eq!(
        (s.paused, s.duration, s.rate),
        (true, 42.0, 1.0),
        "state read from properties"
    );
    player.request(PlayerRequest::Play);
    wait_until("a playing report", 1000.0, || {
        rec.last().is_some_and(|s| !s.paused)
    })
    .await;
    report_per_frame("polled per frame", &rec, None, 8).await;
    player.request(PlayerRequest::Pause);
    player.request(PlayerRequest::Seek(7.25));
    assert_eq!(
        player.state().time,
        7.25,
        "seeked through the currentTime setter"
    );
    assert_eq!(calls(&plyr), "play | pause | seek 7.25");
    drop(player);
    assert_eq!(
        js_call(&plyr, "subscribed", JsValue::UNDEFINED).as_f64(),
        Some(0.0)
    );
    assert_eq!(listener_count(), before);
    container.remove();
}

#[wasm_bindgen_test]
async fn hls_follows_media_time_or_the_program_date() {
    install_listener_counter();
    let video = video_in(None).await;
    let epoch_ms = 1_777_658_400_000i64; // 2026-05-01T18:00:00Z
                                         // The stream's program date at media time 0 is epoch + 100 s.
    let hls = fake_hls(&video, Some(epoch_ms as f64 + 100_000.0));
    let opt = js_sys::Object::new();
    js_sys::Reflect::set(&opt, &"hls".into(), &hls).unwrap();

    // Program date time: tag time = program date − epoch = 100 + media time.
    let before = listener_count();
    let rec = Recorder::default();
    let tb = TimeBase::ProgramDateTime { epoch_ms };
    let player = detect_with_time_base(&video, &opt, None, tb, rec.sink()).unwrap();
    assert_eq!(player.name(), "hls");
    assert!((player.state().time - (100.0 + video.current_time())).abs() < 1e-6);
    // Seek takes tag time: 100.8 is media time 0.8.
    exercise(&*player, &rec, &video, 100.8, |t| t).await;
    assert!(
        (video.current_time() - 0.8).abs() < 0.05,
        "media time {}",
        video.current_time()
    );
    drop(player);
    assert_eq!(listener_count(), before, "drop removes every listener");

    // Media time base (the default), instance found through video.hls.
    js_sys::Reflect::set(&video, &"hls".into(), &hls).unwrap();
    let rec = Recorder::default();
    let player = detect(&video, &JsValue::UNDEFINED, None, rec.sink()).unwrap();
    assert_eq!(player.name(), "hls");
    player.request(PlayerRequest::Seek(0.3));
    wait_until("media-time seek", 3000.0, || {
        (player.state().time - 0.3).abs() < 0.05 && !video.seeking()
    })
    .await;
    drop(player);

    // A stream with no program date yet: no tag time (-inf), and seeks wait.
    let undated = fake_hls(&video, None);
    js_sys::Reflect::set(&opt, &"hls".into(), &undated).unwrap();
    let player = detect_with_time_base(&video, &opt, None, tb, Recorder::default().sink()).unwrap();
    assert_eq!(player.state().time, f64::NEG_INFINITY);
    player.request(PlayerRequest::Seek(5.0));
    sleep(100).await;
    assert!(
        (video.current_time() - 0.3).abs() < 0.05,
        "seek ignored while the clock is unknown"
    );
    drop(player);

    // No instance, but a blob: (MediaSource) source while window.Hls exists:
    // hls.js-driven, on media time; program date time needs the instance.
    js_sys::Reflect::delete_property(&video, &"hls".into()).unwrap();
    let player = detect(
        &video,
        &JsValue::UNDEFINED,
        None,
        Recorder::default().sink(),
    )
    .unwrap();
    assert_eq!(player.name(), "hls");
    drop(player);
    let err = detect_with_time_base(
        &video,
        &JsValue::UNDEFINED,
        None,
        tb,
        Recorder::default().sink(),
    )
    .err()
    .unwrap();
    assert!(err.contains("needs the page's hls.js instance"), "{err}");
    // Without hls.js at all: a plain video, which has no program date.
    js_sys::Reflect::delete_property(&web_sys::window().unwrap(), &"Hls".into()).unwrap();
    let err = detect_with_time_base(
        &video,
        &JsValue::UNDEFINED,
        None,
        tb,
        Recorder::default().sink(),
    )
    .err()
    .unwrap();
    assert!(
        err.contains("program_date_time") && err.contains("html5 player"),
        "{err}"
    );
    video.remove();
}

#[wasm_bindgen_test]
async fn host_supplied_player_object() {
    install_listener_counter();
    let el: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    el.set_attribute("style", "width:320px;height:320px")
        .unwrap();
    document().body().unwrap().prepend_with_node_1(&el).unwrap();
    let host = host_player(false);
    let before = listener_count();
    let rec = Recorder::default();
    let player = detect(&el, &host, Some((16, 9)), rec.sink()).unwrap();
    assert_eq!(player.name(), "custom");
    assert_eq!(
        player.capabilities(),
        Capabilities::ALL,
        "play, pause and seek are all there"
    );
    assert!(player.surface().is_same_node(Some(&el)));
    let names = js_call(&host, "names", JsValue::UNDEFINED)
        .as_string()
        .unwrap();
    assert_eq!(
        names,
        "durationchange,ended,pause,play,ratechange,seeked,timeupdate"
    );
    let s = player.state();
    assert_eq!(
        (s.time, s.paused, s.duration, s.rate),
        (0.0, true, 42.0, 1.0)
    );
    let layout = s.layout.expect("layout from the aspect");
    assert_eq!(
        (layout.intrinsic, layout.content),
        (Size { w: 16.0, h: 9.0 }, Size { w: 320.0, h: 320.0 })
    );
    // A new size of the element reaches the adapter (ResizeObserver).
    el.style().set_property("width", "480px").unwrap();
    wait_until("the resized layout", 1000.0, || {
        rec.last()
            .and_then(|s| s.layout)
            .is_some_and(|l| l.content.w == 480.0)
    })
    .await;
    el.style().set_property("width", "320px").unwrap();

    // The host plays by itself: its "play" event starts polling currentTime().
    js_call(&host, "hostPlay", JsValue::UNDEFINED);
    wait_until("a playing report", 1000.0, || {
        rec.last().is_some_and(|s| !s.paused)
    })
    .await;
    report_per_frame("polled once a frame while playing", &rec, None, 8).await;
    js_call(&host, "hostRate", JsValue::from(2.0));
    wait_until("rate 2", 1000.0, || {
        rec.last().is_some_and(|s| s.rate == 2.0)
    })
    .await;
    js_call(&host, "hostPause", JsValue::UNDEFINED);
    wait_until("a paused report", 1000.0, || {
        rec.last().is_some_and(|s| s.paused)
    })
    .await;
    let from = rec.len();
    sleep(300).await;
    assert_eq!(rec.len(), from, "no polling while paused");

    // Requests reach the host's functions.
    player.request(PlayerRequest::Seek(3.5));
    assert_eq!(player.state().time, 3.5, "the seeked event reports at once");
    player.request(PlayerRequest::Play);
    player.request(PlayerRequest::Pause);
    assert_eq!(calls(&host), "seek 3.5 | play | pause");
    drop(player);
    assert_eq!(
        js_call(&host, "subscribed", JsValue::UNDEFINED).as_f64(),
        Some(0.0),
        "off() for every on()"
    );
    assert_eq!(listener_count(), before, "no DOM listener left either");

    // Only the required part: no capabilities, requests ignored, no off().
    let minimal = host_player(true);
    let rec = Recorder::default();
    let player = detect(&el, &minimal, None, rec.sink()).unwrap();
    assert_eq!(player.capabilities(), Capabilities::NONE);
    assert_eq!(
        player.state().layout.map(|l| l.intrinsic),
        Some(Size { w: 320.0, h: 320.0 }),
        "no aspect: fills the box"
    );
    player.request(PlayerRequest::Play);
    player.request(PlayerRequest::Seek(1.0));
    assert!(player.state().paused);
    drop(player);
    let n = rec.len();
    js_call(&minimal, "hostPlay", JsValue::UNDEFINED); // its handlers stay, but do nothing
    sleep(100).await;
    assert_eq!(rec.len(), n, "nothing reported after drop");
    assert_eq!(listener_count(), before);

    // Missing required functions: one clear error.
    let err = detect(
        &el,
        &js_sys::Object::new(),
        None,
        Recorder::default().sink(),
    )
    .err()
    .unwrap();
    assert!(err.contains("missing currentTime, paused, on"), "{err}");
    el.remove();
}

#[wasm_bindgen_test]
async fn what_cannot_be_driven_is_named() {
    let div = document().create_element("div").unwrap();
    div.set_id("promo");
    div.set_class_name("hero big");
    let err = detect(&div, &JsValue::UNDEFINED, None, Recorder::default().sink())
        .err()
        .unwrap();
    assert!(
        err.starts_with(
            "<div id=\"promo\" class=\"hero big\">: no adapter can drive it; supported: <video>"
        ),
        "{err}"
    );
    assert!(!is_player_candidate(&div));
    let iframe = document().create_element("iframe").unwrap();
    let err = detect(
        &iframe,
        &JsValue::UNDEFINED,
        None,
        Recorder::default().sink(),
    )
    .err()
    .unwrap();
    // An iframe goes to the iframe adapters, which name what they support.
    assert!(
        err.starts_with("<iframe>: no adapter for the iframe"),
        "{err}"
    );
    assert!(is_player_candidate(&iframe));
    let undefined_el = document().create_element("mux-video").unwrap();
    let err = detect(
        &undefined_el,
        &JsValue::UNDEFINED,
        None,
        Recorder::default().sink(),
    )
    .err()
    .unwrap();
    assert!(err.contains("<mux-video> is not defined yet"), "{err}");
    assert!(
        is_player_candidate(&undefined_el),
        "named like a media element"
    );
    assert!(!is_player_candidate(
        &document().create_element("my-widget").unwrap()
    ));
    div.set_class_name("video-js");
    assert!(is_player_candidate(&div), "a video.js container");
    assert!(is_player_candidate(
        &document().create_element("video").unwrap()
    ));
    assert_eq!(
        describe(&document().create_element("VIDEO").unwrap()),
        "<video>"
    );
}
