//! Scripted fake YouTube and Vimeo embeds for the iframe adapters' browser
//! tests (`browser_iframe.rs`, `browser_iframe_sessions.rs`), and what those
//! tests share.
//!
//! The test runner serves no files, so each fake player is a `srcdoc` iframe
//! whose script speaks one protocol as the real embed does (as
//! `www/test/players/IFRAME-PROTOCOLS.md` describes it, with its sources) on
//! a simulated clock the test drives through `contentWindow.fake` (the frame
//! is same-origin). A `srcdoc` document has the host page's origin, so the
//! adapters expect (and target) `location.origin` for it.
#![allow(dead_code)] // each test file uses its own part

use shoppable::player::{vimeo, youtube};
use shoppable::player::{Player, PlayerState, StateSink};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

#[wasm_bindgen(inline_js = r#"
// A fake YouTube embed, behaving as the real one does (IFRAME-PROTOCOLS.md):
// JSON strings only; one session, whose id and window the last `listening`
// sets; `initialDelivery` + `onReady` once, to the first `listening` after it
// is ready, `alreadyInitialized` to every later one; `readyToListen` when it
// becomes ready if someone greeted before; nothing pushed before the
// delivery; `infoDelivery` on every change of time (paused seeks included)
// and state; events only after `addEventListener`, once per name.
// opts: { ready: false } starts not ready (call fake.becomeReady()).
function youtubeFake(opts) {
  const f = window.fake = { t: 0, at: performance.now(), playing: false, rate: 1, duration: opts.duration || 20,
    state: -1, session: null, target: null, targetOrigin: null, ready: opts.ready !== false, delivered: false,
    subs: new Set(), received: [], log: [] };
  const now = () => f.playing ? f.t + (performance.now() - f.at) / 1000 * f.rate : f.t;
  const setT = (t) => { f.t = t; f.at = performance.now(); };
  const post = (m) => {
    if (!f.target) return;
    if (f.session !== null) m.id = f.session;
    m.channel = 'widget';
    f.log.push([performance.now(), m.event]);
    f.target.postMessage(JSON.stringify(m), f.targetOrigin);
  };
  // Before the delivery the real embed queues; nothing here needs the queue.
  const send = (m) => { if (f.delivered) post(m); };
  const info = () => ({ currentTime: now(), currentTimeLastUpdated_: Date.now() / 1000, playerState: f.state,
    playbackRate: f.rate, duration: f.duration, apiInterface: ['playVideo', 'pauseVideo', 'seekTo', 'getCurrentTime',
    'getPlayerState', 'getDuration', 'getPlaybackRate', 'setPlaybackRate', 'addEventListener', 'removeEventListener'] });
  const emitState = () => {
    if (f.subs.has('onStateChange')) send({ event: 'onStateChange', info: f.state });
    send({ event: 'infoDelivery', info: { playerState: f.state, currentTime: now() } });
  };
  f.now = now;
  f.play = () => { setT(now()); f.playing = true; f.state = 1; emitState(); };
  f.pause = () => { setT(now()); f.playing = false; f.state = 2; emitState(); };
  // Every change of time is pushed, as the real embed's onVideoProgress does.
  f.seek = (t) => { setT(t); send({ event: 'infoDelivery', info: { currentTime: t } }); };
  // A time change nobody is told about (the real embed has none): shows that
  // nothing but the pushes moves the adapter.
  f.seekSilently = (t) => setT(t);
  f.setRate = (r) => {
    setT(now()); f.rate = r;
    if (f.subs.has('onPlaybackRateChange')) send({ event: 'onPlaybackRateChange', info: r });
    send({ event: 'infoDelivery', info: { playbackRate: r } });
  };
  f.error = (code) => { if (f.subs.has('onError')) send({ event: 'onError', info: code }); };
  f.becomeReady = () => {
    f.ready = true;
    if (f.target) post({ event: 'readyToListen' });
  };
  // Becomes ready `ms` after the next greeting (a time well before the next
  // 250 ms repeat is due).
  f.readyAfterNextGreeting = (ms) => { f.readyAfter = ms; };
  // `jitter`: periodic reports run late by up to that many seconds (as real ones do).
  f.jitter = 0;
  setInterval(() => { if (f.playing) send({ event: 'infoDelivery', info: { currentTime: now() - Math.random() * f.jitter } }); }, 250);
  window.addEventListener('message', (e) => {
    if (e.source !== parent || typeof e.data !== 'string') return;
    let m;
    try { m = JSON.parse(e.data); } catch (_) { return; }
    f.received.push(m);
    f.log.push([performance.now(), 'in:' + m.event]);
    if (m.event === 'listening') {
      f.session = m.id; f.target = e.source; f.targetOrigin = e.origin;
      if (f.readyAfter !== undefined) { setTimeout(f.becomeReady, f.readyAfter); f.readyAfter = undefined; }
      if (f.ready && !f.delivered) {
        f.delivered = true;
        post({ event: 'initialDelivery', info: info() });
        post({ event: 'onReady', info: null });
      } else if (f.delivered) {
        post({ event: 'alreadyInitialized', info: null });
      }
    } else if (m.event === 'command') {
      const a = m.args || [];
      if (m.func === 'playVideo') f.play();
      else if (m.func === 'pauseVideo') f.pause();
      else if (m.func === 'seekTo') f.seek(a[0]);
      else if (m.func === 'setPlaybackRate') f.setRate(a[0]);
      else if (m.func === 'addEventListener' && a[0] !== 'onReady') f.subs.add(a[0]);
    }
  });
}

// A fake Vimeo embed: player.js's protocol, objects both ways; `ready` on
// load and an answer to `ping`, so a client hears "ready" twice.
function vimeoFake(opts) {
  const f = window.fake = { t: 0, at: performance.now(), playing: false, stalled: false, rate: 1,
    duration: opts.duration || 20, ended: false, subs: new Set(), received: [] };
  const now = () => f.playing && !f.stalled ? f.t + (performance.now() - f.at) / 1000 * f.rate : f.t;
  const setT = (t) => { f.t = t; f.at = performance.now(); };
  const reply = (m) => parent.postMessage(m, '*');
  const emit = (event, data) => { if (f.subs.has(event)) reply({ event, data }); };
  const timing = () => { const s = now(); return { seconds: s, percent: s / f.duration, duration: f.duration }; };
  f.now = now;
  f.play = () => { setT(now()); f.playing = true; emit('play', timing()); };
  f.pause = () => { setT(now()); f.playing = false; emit('pause', timing()); };
  f.seek = (t) => { setT(t); emit('seeked', timing()); };
  f.seekSilently = (t) => setT(t);
  f.setRate = (r) => { setT(now()); f.rate = r; emit('playbackratechange', { playbackRate: r }); };
  // The video runs out of data while playing: time stops, no pause.
  f.stall = () => { setT(now()); f.stalled = true; emit('bufferstart', {}); };
  f.unstall = () => { setT(now()); f.stalled = false; emit('bufferend', {}); };
  f.error = (data) => emit('error', data);
  f.jitter = 0;
  setInterval(() => {
    if (!f.playing || f.stalled) return;
    const t = timing();
    t.seconds -= Math.random() * f.jitter;
    emit('timeupdate', t);
  }, 250);
  window.addEventListener('message', (e) => {
    if (e.source !== parent) return;
    const m = typeof e.data === 'string' ? JSON.parse(e.data) : e.data;
    f.received.push(m);
    const answer = (value) => reply({ method: m.method, value });
    switch (m.method) {
      case 'ping': reply({ method: 'ping' }); break;
      case 'addEventListener': f.subs.add(m.value); break;
      case 'play': f.play(); break;
      case 'pause': f.pause(); break;
      case 'setCurrentTime': f.seek(m.value); answer(m.value); break;
      case 'setPlaybackRate': f.setRate(m.value); break;
      case 'getCurrentTime': answer(now()); break;
      case 'getPaused': answer(!f.playing); break;
      case 'getDuration': answer(f.duration); break;
      case 'getPlaybackRate': answer(f.rate); break;
      case 'getEnded': answer(f.ended); break;
    }
  });
  reply({ event: 'ready' });
}

function fakeHtml(kind, opts) {
  const fn = kind === 'youtube' ? youtubeFake : vimeoFake;
  return '<!doctype html><body style="margin:0;background:#000"><script>(' + fn.toString() + ')(' +
    JSON.stringify(opts || {}) + ')<\/script>';
}

// A positioned container with a srcdoc iframe running one fake; resolves on load.
export function make_frame(kind, style, how, opts) {
  const container = document.createElement('div');
  container.style.cssText = 'position:relative;margin:0;padding:0;border:0';
  const iframe = document.createElement('iframe');
  iframe.style.cssText = style;
  const html = fakeHtml(kind, JSON.parse(opts));
  if (how === 'blob') iframe.src = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
  else iframe.srcdoc = html;
  container.appendChild(iframe);
  document.body.prepend(container);
  return new Promise((resolve) => iframe.addEventListener('load', () => resolve(iframe), { once: true }));
}
// Loads a fresh fake into the same iframe (a new document); resolves on load.
export function reload_frame(iframe, kind, opts) {
  const loaded = new Promise((resolve) => iframe.addEventListener('load', () => resolve(iframe), { once: true }));
  iframe.srcdoc = fakeHtml(kind, JSON.parse(opts));
  return loaded;
}
// A positioned container with an iframe loading `src`; resolves on load.
export function make_src_frame(src, style) {
  const container = document.createElement('div');
  container.style.cssText = 'position:relative;margin:0;padding:0;border:0';
  const iframe = document.createElement('iframe');
  iframe.style.cssText = style;
  iframe.allow = 'autoplay';
  iframe.src = src;
  container.appendChild(iframe);
  document.body.prepend(container);
  return new Promise((resolve) => iframe.addEventListener('load', () => resolve(iframe), { once: true }));
}
export function fake_call(iframe, name, arg) { return iframe.contentWindow.fake[name](arg); }
export function fake_get(iframe, name) { return iframe.contentWindow.fake[name]; }
export function set_jitter(iframe, s) { iframe.contentWindow.fake.jitter = s; }
export function fake_received(iframe) { return JSON.stringify(iframe.contentWindow.fake.received); }
export function fake_clear(iframe) { iframe.contentWindow.fake.received.length = 0; }
// How many `listening` greetings the fake YouTube embed got from session `id`.
export function greetings(iframe, id) {
  return iframe.contentWindow.fake.received.filter((m) => m.event === 'listening' && (id === undefined || m.id === id)).length;
}
// The fake YouTube embed's log: [time (ms, the frame's clock), event], 'in:event' for what it got.
export function fake_log(iframe) { return JSON.stringify(iframe.contentWindow.fake.log); }
export function frame_now(iframe) { return iframe.contentWindow.performance.now(); }

// Records every postMessage the parent makes into the frame, with its targetOrigin.
export function record_posts(iframe) {
  const w = iframe.contentWindow, orig = w.postMessage;
  const log = iframe.__posted = [];
  w.postMessage = function (msg, target) { log.push([msg, target]); return orig.call(this, msg, target); };
}
export function posted(iframe) { return JSON.stringify(iframe.__posted); }

// A MessageEvent with chosen origin and source, dispatched on window.
export function dispatch_message(data, origin, source) {
  window.dispatchEvent(new MessageEvent('message', { data, origin, source }));
}
export function content_window(iframe) { return iframe.contentWindow; }
export function post_from_top(data) { window.postMessage(data, '*'); }
// Posts `data` into the frame from this page, as a page's own client would.
export function post_to_frame(iframe, data) { iframe.contentWindow.postMessage(data, '*'); }

// Counts 'message' listeners on window and live setInterval timers.
export function install_counters() {
  if (window.__iframeCounts) return;
  const c = window.__iframeCounts = { message: 0, intervals: new Set() };
  const ET = EventTarget.prototype;
  const add = ET.addEventListener, remove = ET.removeEventListener;
  const seen = new WeakSet();
  ET.addEventListener = function (type, fn, opts) {
    if (this === window && type === 'message' && fn && !seen.has(fn)) { seen.add(fn); c.message++; }
    return add.call(this, type, fn, opts);
  };
  ET.removeEventListener = function (type, fn, opts) {
    if (this === window && type === 'message' && fn && seen.has(fn)) { seen.delete(fn); c.message--; }
    return remove.call(this, type, fn, opts);
  };
  const raf = window.requestAnimationFrame, caf = window.cancelAnimationFrame;
  c.frames = new Set();
  window.requestAnimationFrame = function (cb) {
    const id = raf.call(window, (t) => { c.frames.delete(id); return cb(t); });
    c.frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = function (id) { c.frames.delete(id); return caf.call(window, id); };
  const si = window.setInterval, ci = window.clearInterval;
  window.setInterval = function (...a) { const id = si.apply(window, a); c.intervals.add(id); return id; };
  window.clearInterval = function (id) { c.intervals.delete(id); return ci.call(window, id); };
}
export function message_listeners() { return window.__iframeCounts.message; }
export function pending_frames() { return window.__iframeCounts.frames.size; }
export function live_intervals() { return window.__iframeCounts.intervals.size; }
export function blob_url() { return URL.createObjectURL(new Blob(['<p>x</p>'], { type: 'text/html' })); }

// console.error, recorded (and still printed) until `stop_errors`.
export function record_errors() {
  const orig = console.error, log = [];
  console.error = function (...a) { log.push(a.map(String).join(' ')); return orig.apply(console, a); };
  window.__errors = { orig, log };
}
export function recorded_errors() { return JSON.stringify(window.__errors.log); }
export function stop_errors() { console.error = window.__errors.orig; }
"#)]
extern "C" {
    pub fn make_frame(kind: &str, style: &str, how: &str, opts: &str) -> js_sys::Promise;
    pub fn reload_frame(iframe: &Element, kind: &str, opts: &str) -> js_sys::Promise;
    pub fn make_src_frame(src: &str, style: &str) -> js_sys::Promise;
    pub fn fake_call(iframe: &Element, name: &str, arg: JsValue) -> JsValue;
    pub fn fake_get(iframe: &Element, name: &str) -> JsValue;
    pub fn set_jitter(iframe: &Element, seconds: f64);
    pub fn fake_received(iframe: &Element) -> String;
    pub fn fake_clear(iframe: &Element);
    pub fn greetings(iframe: &Element, id: JsValue) -> u32;
    pub fn fake_log(iframe: &Element) -> String;
    pub fn frame_now(iframe: &Element) -> f64;
    pub fn record_posts(iframe: &Element);
    pub fn posted(iframe: &Element) -> String;
    pub fn dispatch_message(data: &JsValue, origin: &str, source: &JsValue);
    pub fn content_window(iframe: &Element) -> JsValue;
    pub fn post_from_top(data: &JsValue);
    pub fn post_to_frame(iframe: &Element, data: &JsValue);
    pub fn install_counters();
    pub fn message_listeners() -> i32;
    pub fn live_intervals() -> u32;
    pub fn pending_frames() -> u32;
    pub fn blob_url() -> String;
    pub fn record_errors();
    pub fn recorded_errors() -> String;
    pub fn stop_errors();
}

pub fn window() -> web_sys::Window {
    web_sys::window().expect("window")
}

pub fn origin() -> String {
    window().location().origin().unwrap()
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    JsFuture::from(p).await.expect("timer");
}

/// Polls `cond` every 10 ms until it holds; panics naming `what` after `ms`.
pub async fn wait_until(what: &str, ms: f64, mut cond: impl FnMut() -> bool) {
    let start = js_sys::Date::now();
    while !cond() {
        if js_sys::Date::now() - start > ms {
            panic!("timed out after {ms} ms waiting for {what}");
        }
        sleep(10).await;
    }
}

/// A fake player frame; dropping it removes its container.
pub struct Frame(pub Element);

impl Frame {
    pub async fn new(kind: &str, style: &str) -> Frame {
        Frame::with(kind, style, "{}").await
    }
    /// With options for the fake (`{"ready":false}`, `{"duration":30}`).
    pub async fn with(kind: &str, style: &str, opts: &str) -> Frame {
        let el: Element = JsFuture::from(make_frame(kind, style, "srcdoc", opts))
            .await
            .unwrap()
            .unchecked_into();
        Frame(el)
    }
    /// The same fake, loaded from a `blob:` URL instead of `srcdoc`.
    pub async fn from_blob(kind: &str, style: &str) -> Frame {
        let el: Element = JsFuture::from(make_frame(kind, style, "blob", "{}"))
            .await
            .unwrap()
            .unchecked_into();
        Frame(el)
    }
    /// A fresh fake document in the same iframe.
    pub async fn reload(&self, kind: &str, opts: &str) {
        JsFuture::from(reload_frame(&self.0, kind, opts))
            .await
            .unwrap();
    }
    pub fn call(&self, name: &str, arg: impl Into<JsValue>) {
        fake_call(&self.0, name, arg.into());
    }
    pub fn now(&self) -> f64 {
        fake_call(&self.0, "now", JsValue::UNDEFINED)
            .as_f64()
            .unwrap()
    }
    pub fn playing(&self) -> bool {
        fake_get(&self.0, "playing").as_bool().unwrap()
    }
    /// What the fake received, as one JSON text (for `contains` checks).
    pub fn received(&self) -> String {
        fake_received(&self.0)
    }
    /// `listening` greetings the fake YouTube embed got (from anyone).
    pub fn greetings(&self) -> u32 {
        greetings(&self.0, JsValue::UNDEFINED)
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        if let Some(parent) = self.0.parent_element() {
            parent.remove();
        }
    }
}

/// Every state the adapter reports, in order, each with the page's
/// `performance.now()` when it came.
#[derive(Clone, Default)]
pub struct Recorder(Rc<RefCell<Vec<(f64, PlayerState)>>>);

fn wall_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

impl Recorder {
    pub fn sink(&self) -> StateSink {
        let log = self.0.clone();
        Rc::new(move |s: &PlayerState| log.borrow_mut().push((wall_ms(), s.clone())))
    }
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }
    pub fn last(&self) -> PlayerState {
        self.0
            .borrow()
            .last()
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    }
    pub fn since(&self, from: usize) -> Vec<PlayerState> {
        self.0.borrow()[from..]
            .iter()
            .map(|(_, s)| s.clone())
            .collect()
    }
    fn stamped_since(&self, from: usize) -> Vec<(f64, PlayerState)> {
        self.0.borrow()[from..].to_vec()
    }
}

pub async fn reports_during(rec: &Recorder, ms: i32) -> Vec<PlayerState> {
    let from = rec.len();
    sleep(ms).await;
    rec.since(from)
}

/// The reports of the next `ms`, which must rise smoothly: many of them,
/// never back, and advancing by `rate` times the wall-clock time between the
/// first and the last. That span, not `ms`, is the yardstick: on a busy
/// machine the sleep overruns and frames (so reports) come late, and the
/// nominal `ms` would then read the machine's lag as the adapter's error.
pub async fn assert_smooth_during(rec: &Recorder, ms: i32, what: &str, rate: f64) {
    let from = rec.len();
    sleep(ms).await;
    let reports = rec.stamped_since(from);
    let times: Vec<f64> = reports.iter().map(|(_, s)| s.time).collect();
    assert!(
        reports.len() >= 10,
        "{what}: only {} reports: {times:?}",
        reports.len()
    );
    assert!(
        times.windows(2).all(|w| w[1] >= w[0] - 1e-9),
        "{what}: time went back: {times:?}"
    );
    let advanced = times[times.len() - 1] - times[0];
    let span_ms = reports[reports.len() - 1].0 - reports[0].0;
    let expected = span_ms / 1000.0 * rate;
    assert!(
        (advanced - expected).abs() < 0.3,
        "{what}: advanced {advanced} s in {span_ms:.0} ms, expected about {expected}: {times:?}"
    );
}

pub const STYLE: &str = "display:block;width:640px;height:480px;border:0;padding:0;margin:0";

pub fn make(
    kind: &str,
    frame: &Frame,
    aspect: Option<(u32, u32)>,
    rec: &Recorder,
) -> Box<dyn Player> {
    match kind {
        "youtube" => {
            Box::new(youtube::start(&frame.0, aspect, rec.sink()).expect("youtube adapter"))
        }
        _ => Box::new(vimeo::start(&frame.0, aspect, rec.sink()).expect("vimeo adapter")),
    }
}
