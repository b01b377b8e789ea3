//! The host page the mount tests run on (`tests/browser_mount.rs`,
//! `tests/browser_style.rs`): books on everything the widget registers
//! (listeners, observers, frame callbacks, timers, event sources), a playing
//! video, and the page's markup as it was before mounting.
//!
//! Before anything mounts, the page's own APIs are wrapped to keep books on
//! what is registered and not yet released: event listeners (per target and
//! type), ResizeObserver/IntersectionObserver targets, pending
//! `requestAnimationFrame` / `requestVideoFrameCallback` callbacks, timers
//! (`setTimeout` not yet fired, `setInterval` not cleared) and open
//! `EventSource`s. A test takes a snapshot before mounting and compares
//! after destroying.
#![allow(dead_code)] // each test target uses part of it

use shoppable::api::{mount, start, MountHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, HtmlVideoElement};

#[wasm_bindgen(inline_js = r#"
// Books on everything registered and not yet released. Listeners are keyed by
// target and type; a listener added with {once: true} is not seen to go when
// it fires, so the tests add none.
export function install_counters() {
  if (window.__books) return;
  const B = window.__books = { listeners: new Map(), observed: new Map(), raf: new Set(), rvfc: new Map(), timeouts: new Set(), intervals: new Set(), sources: new Set(), errors: [] };

  const ET = EventTarget.prototype;
  const add = ET.addEventListener, remove = ET.removeEventListener;
  const capture = (o) => typeof o === 'boolean' ? o : !!(o && o.capture);
  const same = (type, fn, c) => (e) => e.type === type && e.fn === fn && e.capture === c;
  ET.addEventListener = function (type, fn, opts) {
    if (fn) {
      let list = B.listeners.get(this);
      if (!list) B.listeners.set(this, list = []);
      if (!list.some(same(type, fn, capture(opts)))) list.push({ type, fn, capture: capture(opts) });
    }
    return add.call(this, type, fn, opts);
  };
  ET.removeEventListener = function (type, fn, opts) {
    const list = B.listeners.get(this);
    const i = list ? list.findIndex(same(type, fn, capture(opts))) : -1;
    if (i >= 0) list.splice(i, 1);
    return remove.call(this, type, fn, opts);
  };

  for (const kind of ['ResizeObserver', 'IntersectionObserver', 'MutationObserver']) {
    const P = window[kind].prototype;
    const observe = P.observe, unobserve = P.unobserve, disconnect = P.disconnect;
    const targets = (o) => {
      let s = B.observed.get(o);
      if (!s) B.observed.set(o, s = { kind, targets: new Set() });
      return s.targets;
    };
    P.observe = function (t, ...rest) { targets(this).add(t); return observe.call(this, t, ...rest); };
    if (unobserve) P.unobserve = function (t) { targets(this).delete(t); return unobserve.call(this, t); };
    P.disconnect = function () { targets(this).clear(); return disconnect.call(this); };
  }

  const raf = window.requestAnimationFrame, caf = window.cancelAnimationFrame;
  window.requestAnimationFrame = function (cb) {
    const id = raf.call(window, (t) => { B.raf.delete(id); return cb(t); });
    B.raf.add(id);
    return id;
  };
  window.cancelAnimationFrame = function (id) { B.raf.delete(id); return caf.call(window, id); };

  const VP = HTMLVideoElement.prototype;
  const rv = VP.requestVideoFrameCallback, cv = VP.cancelVideoFrameCallback;
  if (rv) {
    VP.requestVideoFrameCallback = function (cb) {
      let s = B.rvfc.get(this);
      if (!s) B.rvfc.set(this, s = new Set());
      const id = rv.call(this, (now, meta) => { s.delete(id); return cb(now, meta); });
      s.add(id);
      return id;
    };
    VP.cancelVideoFrameCallback = function (id) { B.rvfc.get(this)?.delete(id); return cv.call(this, id); };
  }

  const st = window.setTimeout, ct = window.clearTimeout, si = window.setInterval, ci = window.clearInterval;
  window.setTimeout = function (fn, ms, ...rest) {
    const id = st.call(window, (...a) => { B.timeouts.delete(id); return typeof fn === 'function' ? fn(...a) : undefined; }, ms, ...rest);
    B.timeouts.add(id);
    return id;
  };
  window.clearTimeout = function (id) { B.timeouts.delete(id); return ct.call(window, id); };
  window.setInterval = function (...a) { const id = si.apply(window, a); B.intervals.add(id); return id; };
  window.clearInterval = function (id) { B.intervals.delete(id); return ci.call(window, id); };

  const ES = window.EventSource;
  window.EventSource = class extends ES {
    constructor(...a) { super(...a); B.sources.add(this); }
    close() { B.sources.delete(this); return super.close(); }
  };

  const err = console.error;
  console.error = function (...args) { B.errors.push(args.map(String).join(' ')); return err.apply(this, args); };
}

function describe(t) {
  if (t === window) return 'window';
  if (t === document) return 'document';
  if (t instanceof Element) {
    const where = t.isConnected ? '' : ' (detached)';
    return '<' + t.localName + (t.id ? ' id=' + t.id : '') + '>' + where;
  }
  if (t instanceof ShadowRoot) return '#shadow-root';
  return t.constructor ? t.constructor.name : String(t);
}

// Counts now, as one flat object: `listener <target> <type>`, `observing
// <kind>`, `pending requestAnimationFrame`, `pending requestVideoFrameCallback`.
export function snapshot() {
  const B = window.__books, out = {};
  const bump = (k, n) => { if (n) out[k] = (out[k] || 0) + n; };
  for (const [t, list] of B.listeners) for (const e of list) bump('listener ' + describe(t) + ' ' + e.type, 1);
  for (const { kind, targets } of B.observed.values()) bump('observing ' + kind, targets.size);
  bump('pending requestAnimationFrame', B.raf.size);
  for (const s of B.rvfc.values()) bump('pending requestVideoFrameCallback', s.size);
  bump('pending setTimeout', B.timeouts.size);
  bump('running setInterval', B.intervals.size);
  bump('open EventSource', [...B.sources].filter((e) => e.readyState !== 2).length);
  return out;
}

// Every count that differs, as "key: before -> after"; empty when equal.
export function diff(a, b) {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => (a[k] || 0) !== (b[k] || 0)).map((k) => k + ': ' + (a[k] || 0) + ' -> ' + (b[k] || 0));
}

// A stand-in for the page's hls.js instance (video.hls): one fragment dating
// media time 0 at `pdt` ms, `ranges` as its playlist's dateRanges, and books on
// the handlers the widget subscribes with on() and removes with off().
export function fake_hls(video, pdt, ranges) {
  const h = {
    handlers: [],
    loadSource() {}, attachMedia() {},
    on(e, f) { this.handlers.push(f); },
    off(e, f) { this.handlers = this.handlers.filter((g) => g !== f); },
    latestLevelDetails: { fragments: [{ start: 0, duration: 1e7, programDateTime: pdt }], dateRanges: ranges || {} },
  };
  video.hls = h;
  return h;
}
export function hls_handlers(h) { return h.handlers.length; }

export function console_errors() { return window.__books.errors.length; }
export function console_error_at(i) { return window.__books.errors[i]; }

// Records `type` events on `target` until off() is called.
export function listen(target, type) {
  const rec = { events: [] };
  const fn = (e) => rec.events.push(e);
  target.addEventListener(type, fn);
  rec.off = () => target.removeEventListener(type, fn);
  return rec;
}
export function count(rec) { return rec.events.length; }
export function detail(rec, i) { return rec.events[i].detail; }
export function off(rec) { rec.off(); }

// A muted <video> in `parent`, playing a canvas repainted every 20 ms and
// captured at 30 fps; the runner serves no video files.
export async function start_stream(parent) {
  const canvas = document.createElement('canvas');
  canvas.width = 160; canvas.height = 90;
  const ctx = canvas.getContext('2d');
  let n = 0;
  const paint = () => { n++; ctx.fillStyle = `hsl(${(n * 7) % 360}, 80%, 50%)`; ctx.fillRect(0, 0, 160, 90); };
  paint();
  const interval = setInterval(paint, 20);
  const video = document.createElement('video');
  video.muted = true;
  video.setAttribute('style', 'display:block;width:320px;height:180px');
  video.srcObject = canvas.captureStream(30);
  parent.appendChild(video);
  await video.play();
  while (!video.videoWidth) await new Promise((r) => setTimeout(r, 10));
  return { video, stop() { clearInterval(interval); video.pause(); video.srcObject = null; } };
}
export function stream_video(s) { return s.video; }
export function stop_stream(s) { s.stop(); }

// The body's markup without the runner's own output <pre>s, where the test
// runner copies console output (the widget's console errors land there).
export function page_html() {
  const body = normalized();
  for (const id of ['output', 'console_output']) body.querySelector('#' + id)?.remove();
  return body.innerHTML;
}
export function body_html() { return normalized().innerHTML; }
// A copy of the body whose style attributes read as their declarations
// serialise: the widget writes and restores inline styles through the CSSOM
// (a strict CSP blocks style attributes), which rewrites the attribute's text
// but not its declarations.
function normalized() {
  const body = document.body.cloneNode(true);
  const live = document.body.querySelectorAll('[style]'), copy = body.querySelectorAll('[style]');
  copy.forEach((el, i) => el.setAttribute('style', live[i].style.cssText));
  return body;
}
"#)]
extern "C" {
    pub fn install_counters();
    pub fn snapshot() -> JsValue;
    pub fn diff(a: &JsValue, b: &JsValue) -> Vec<String>;
    pub fn console_errors() -> u32;
    pub fn console_error_at(i: u32) -> String;
    pub fn listen(target: &JsValue, kind: &str) -> JsValue;
    pub fn count(rec: &JsValue) -> u32;
    pub fn detail(rec: &JsValue, i: u32) -> JsValue;
    pub fn off(rec: &JsValue);
    pub fn start_stream(parent: &JsValue) -> js_sys::Promise;
    pub fn stream_video(s: &JsValue) -> HtmlVideoElement;
    pub fn stop_stream(s: &JsValue);
    pub fn page_html() -> String;
    pub fn body_html() -> String;
    pub fn fake_hls(video: &JsValue, pdt: f64, ranges: &JsValue) -> JsValue;
    pub fn hls_handlers(h: &JsValue) -> u32;
}

pub const MANIFEST: &str = r#"{
  "version": 1,
  "video": { "id": "t" },
  "currency": "USD",
  "products": [{ "id": "p", "title": "P", "price": 1000 }],
  "tags": [{ "id": "t1", "product": "p", "start": 0, "end": 100, "keyframes": [{ "t": 0, "x": 0.5, "y": 0.5 }] }]
}"#;

/// What `#[wasm_bindgen(start)]` does before the loader mounts anything: the
/// leptos executor and the widget's panic hook. Once per instance: after a
/// failed test has panicked, setting the hook again would itself panic and
/// fail every later test for no reason of its own.
pub fn start_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(start);
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

pub async fn wait_until(what: &str, ms: f64, mut cond: impl FnMut() -> bool) {
    let start = js_sys::Date::now();
    while !cond() {
        if js_sys::Date::now() - start > ms {
            panic!("timed out after {ms} ms waiting for {what}");
        }
        sleep(10).await;
    }
}

pub fn json(s: &str) -> JsValue {
    js_sys::JSON::parse(s).expect("test JSON")
}

pub fn options_with_manifest(manifest: &str) -> JsValue {
    json(&["{\"manifest\": ", manifest, "}"].concat())
}

pub fn options_with_url(url: &str) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"manifest".into(), &url.into()).unwrap();
    o.into()
}

pub fn data_url(manifest: &str) -> String {
    [
        "data:application/json,",
        String::from(js_sys::encode_uri_component(manifest)).as_str(),
    ]
    .concat()
}

pub fn overlays() -> u32 {
    document()
        .query_selector_all("[data-shoppable-overlay]")
        .unwrap()
        .length()
}

/// A host page: a container holding a playing video, the page's markup and
/// books as they were before mounting, and recorders for the widget's events.
pub struct Page {
    pub container: HtmlElement,
    pub stream: JsValue,
    pub video: HtmlVideoElement,
    pub ready: JsValue,
    pub error: JsValue,
    pub html: String,
    pub body_html: String,
    pub books: JsValue,
    pub errors: u32,
}

impl Page {
    pub async fn new() -> Page {
        start_once();
        install_counters();
        let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
        container.set_id("host-page");
        container
            .set_attribute("style", "position:relative")
            .unwrap();
        document()
            .body()
            .unwrap()
            .prepend_with_node_1(&container)
            .unwrap();
        let stream = JsFuture::from(start_stream(&container))
            .await
            .expect("stream plays");
        let video = stream_video(&stream);
        // The test's own listeners go on before the "before" snapshot.
        let ready = listen(&video, "shoppable:ready");
        let error = listen(&video, "shoppable:error");
        Page {
            container,
            stream,
            video,
            ready,
            error,
            html: page_html(),
            body_html: body_html(),
            books: snapshot(),
            errors: console_errors(),
        }
    }

    pub fn mount(&self, options: &JsValue) -> MountHandle {
        mount(
            self.video.clone().into(),
            options.clone(),
            JsValue::UNDEFINED,
        )
        .expect("mount accepts a video and options")
    }

    pub fn new_console_errors(&self) -> Vec<String> {
        (self.errors..console_errors())
            .map(console_error_at)
            .collect()
    }

    /// The page is as it was before mounting: markup, books, the video playing.
    pub fn assert_restored(&self, when: &str) {
        assert_eq!(overlays(), 0, "{when}: an overlay is left");
        assert_eq!(page_html(), self.html, "{when}: the page's markup changed");
        let changed = diff(&self.books, &snapshot());
        assert!(
            changed.is_empty(),
            "{when}: left behind:\n  {}",
            changed.join("\n  ")
        );
        assert!(!self.video.paused(), "{when}: the video stopped playing");
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        off(&self.ready);
        off(&self.error);
        stop_stream(&self.stream);
        self.container.remove();
    }
}
