//! Mounting and destroying the widget in headless Chromium: `destroy()` leaves
//! the host page exactly as it found it (DESIGN.md invariant 4), failures
//! leave no overlay and say why (invariant 5).
//!
//! Before anything mounts, the page's own APIs are wrapped to keep books on
//! what is registered and not yet released: event listeners (per target and
//! type), ResizeObserver/IntersectionObserver targets, pending
//! `requestAnimationFrame` / `requestVideoFrameCallback` callbacks, timers
//! (`setTimeout` not yet fired, `setInterval` not cleared) and open
//! `EventSource`s. A test takes a snapshot before mounting and compares
//! after destroying; live mounts (the live card's module) are held to the
//! same books.
#![cfg(target_arch = "wasm32")]

use shoppable::api::{mount, start, MountHandle};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlVideoElement, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

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
  const body = document.body.cloneNode(true);
  for (const id of ['output', 'console_output']) body.querySelector('#' + id)?.remove();
  return body.innerHTML;
}
"#)]
extern "C" {
    fn install_counters();
    fn snapshot() -> JsValue;
    fn diff(a: &JsValue, b: &JsValue) -> Vec<String>;
    fn console_errors() -> u32;
    fn console_error_at(i: u32) -> String;
    fn listen(target: &JsValue, kind: &str) -> JsValue;
    fn count(rec: &JsValue) -> u32;
    fn detail(rec: &JsValue, i: u32) -> JsValue;
    fn off(rec: &JsValue);
    fn start_stream(parent: &JsValue) -> js_sys::Promise;
    fn stream_video(s: &JsValue) -> HtmlVideoElement;
    fn stop_stream(s: &JsValue);
    fn page_html() -> String;
    fn fake_hls(video: &JsValue, pdt: f64, ranges: &JsValue) -> JsValue;
    fn hls_handlers(h: &JsValue) -> u32;
}

const MANIFEST: &str = r#"{
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
fn start_once() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(start);
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

fn json(s: &str) -> JsValue {
    js_sys::JSON::parse(s).expect("test JSON")
}

fn options_with_manifest(manifest: &str) -> JsValue {
    json(&["{\"manifest\": ", manifest, "}"].concat())
}

fn options_with_url(url: &str) -> JsValue {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"manifest".into(), &url.into()).unwrap();
    o.into()
}

fn data_url(manifest: &str) -> String {
    [
        "data:application/json,",
        String::from(js_sys::encode_uri_component(manifest)).as_str(),
    ]
    .concat()
}

fn overlays() -> u32 {
    document()
        .query_selector_all("[data-shoppable-overlay]")
        .unwrap()
        .length()
}

/// A host page: a container holding a playing video, the page's markup and
/// books as they were before mounting, and recorders for the widget's events.
struct Page {
    container: HtmlElement,
    stream: JsValue,
    video: HtmlVideoElement,
    ready: JsValue,
    error: JsValue,
    html: String,
    body_html: String,
    books: JsValue,
    errors: u32,
}

impl Page {
    async fn new() -> Page {
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
            body_html: document().body().unwrap().inner_html(),
            books: snapshot(),
            errors: console_errors(),
        }
    }

    fn mount(&self, options: &JsValue) -> MountHandle {
        mount(
            self.video.clone().into(),
            options.clone(),
            JsValue::UNDEFINED,
        )
        .expect("mount accepts a video and options")
    }

    fn new_console_errors(&self) -> Vec<String> {
        (self.errors..console_errors())
            .map(console_error_at)
            .collect()
    }

    /// The page is as it was before mounting: markup, books, the video playing.
    fn assert_restored(&self, when: &str) {
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

#[wasm_bindgen_test]
async fn mount_then_destroy_leaves_the_page_as_it_was() {
    let page = Page::new().await;
    let handle = page.mount(&options_with_manifest(MANIFEST));
    wait_until("shoppable:ready", 5000.0, || count(&page.ready) == 1).await;
    let ready = detail(&page.ready, 0);
    assert_eq!(
        js_sys::Reflect::get(&ready, &"video_id".into()).unwrap(),
        "t"
    );

    // The overlay: right after the video, an open shadow root, one tag button.
    let overlay = page
        .video
        .next_element_sibling()
        .expect("an element after the video");
    assert!(
        overlay.has_attribute("data-shoppable-overlay"),
        "{}",
        overlay.outer_html()
    );
    let shadow = overlay.shadow_root().expect("an open shadow root");
    assert_eq!(shadow.mode(), ShadowRootMode::Open);
    wait_until("button.tag in the shadow root", 2000.0, || {
        shadow.query_selector("button.tag").unwrap().is_some()
    })
    .await;
    let tag: HtmlElement = shadow
        .query_selector("button.tag")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert_eq!(tag.get_attribute("data-tag-id").as_deref(), Some("t1"));
    // (0.5, 0.5) of a 160x90 frame filling a 320x180 element.
    let transform = tag.style().get_property_value("transform").unwrap();
    assert_eq!(transform, "translate(160px, 90px)");

    // While mounted the books see the widget's work, so they would see a leak.
    let during = diff(&page.books, &snapshot());
    for expected in ["observing ResizeObserver", "observing IntersectionObserver"] {
        assert!(
            during.iter().any(|d| d.starts_with(expected)),
            "{expected} not seen: {during:?}"
        );
    }
    assert!(
        during.iter().any(|d| d.starts_with("listener <video>")),
        "the adapter's media listeners not seen: {during:?}"
    );
    // A few frames with the frame loop running.
    wait_until("a pending frame callback", 1000.0, || {
        diff(&page.books, &snapshot())
            .iter()
            .any(|d| d.starts_with("pending "))
    })
    .await;
    sleep(300).await;
    assert_eq!(count(&page.error), 0);

    handle.destroy();
    assert_eq!(
        document().body().unwrap().inner_html(),
        page.body_html,
        "document.body.innerHTML after destroy"
    );
    page.assert_restored("right after destroy()");
    sleep(300).await;
    page.assert_restored("300 ms after destroy()");
    handle.destroy(); // twice is harmless
    page.assert_restored("after a second destroy()");
    assert_eq!(count(&page.ready), 1);
    assert_eq!(count(&page.error), 0);
    assert_eq!(page.new_console_errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn destroy_with_the_dialog_open_leaves_the_page_as_it_was() {
    let page = Page::new().await;
    let options = options_with_manifest(MANIFEST);
    js_sys::Reflect::set(&options, &"pauseOnOpen".into(), &false.into()).unwrap();
    let handle = page.mount(&options);
    wait_until("shoppable:ready", 5000.0, || count(&page.ready) == 1).await;
    let shadow = page
        .video
        .next_element_sibling()
        .unwrap()
        .shadow_root()
        .unwrap();
    wait_until("button.tag", 2000.0, || {
        shadow.query_selector("button.tag").unwrap().is_some()
    })
    .await;
    let tag: HtmlElement = shadow
        .query_selector("button.tag")
        .unwrap()
        .unwrap()
        .unchecked_into();
    tag.click();
    // The shop starts on the first open (here in this module, a task later).
    wait_until("the dialog to open", 1000.0, || {
        shadow.query_selector("dialog[open]").unwrap().is_some()
    })
    .await;
    sleep(100).await;

    handle.destroy();
    page.assert_restored("destroy() with the dialog open");
    sleep(300).await;
    page.assert_restored("300 ms after destroy() with the dialog open");
    assert_eq!(page.new_console_errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
async fn an_invalid_manifest_reports_the_version_and_leaves_no_overlay() {
    let page = Page::new().await;
    let handle = page.mount(&options_with_manifest(r#"{"version": 2}"#));
    wait_until("shoppable:error", 2000.0, || count(&page.error) == 1).await;
    let message = js_sys::Reflect::get(&detail(&page.error, 0), &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        message.contains("version 2"),
        "the error names the version: {message}"
    );
    sleep(200).await;
    assert_eq!(count(&page.ready), 0, "no ready after an error");
    page.assert_restored("after a rejected manifest");
    let logged = page.new_console_errors();
    assert_eq!(logged.len(), 1, "one console error: {logged:?}");
    assert!(logged[0].contains("version 2"), "{logged:?}");
    handle.destroy();
    page.assert_restored("destroy() after a rejected manifest");
}

#[wasm_bindgen_test]
async fn an_unreachable_manifest_url_reports_it_and_leaves_no_overlay() {
    let page = Page::new().await;
    let handle = page.mount(&options_with_url("http://127.0.0.1:9/x.json"));
    wait_until("shoppable:error", 5000.0, || count(&page.error) == 1).await;
    let message = js_sys::Reflect::get(&detail(&page.error, 0), &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        message.contains("http://127.0.0.1:9/x.json"),
        "the error names the URL: {message}"
    );
    assert_eq!(count(&page.ready), 0);
    page.assert_restored("after an unreachable manifest");
    handle.destroy();
}

/// Destroyed before the manifest arrived: no overlay, no events, ever. Each
/// case would otherwise mount (the control case shows the data: URL works).
#[wasm_bindgen_test]
async fn destroy_while_loading_leaves_nothing_and_emits_nothing() {
    let page = Page::new().await;
    let url = data_url(MANIFEST);

    // Control: the same data: URL, not destroyed, mounts.
    let handle = page.mount(&options_with_url(&url));
    wait_until("shoppable:ready from the data: URL", 5000.0, || {
        count(&page.ready) == 1
    })
    .await;
    assert_eq!(overlays(), 1);
    handle.destroy();
    page.assert_restored("control case destroyed");

    // 1. Object manifest, destroyed in the same task as mount().
    page.mount(&options_with_manifest(MANIFEST)).destroy();
    // 2. URL, destroyed at once.
    page.mount(&options_with_url(&url)).destroy();
    // 3. URL, destroyed once the load has started and the fetch is in flight.
    let handle = page.mount(&options_with_url(&url));
    JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL))
        .await
        .unwrap();
    handle.destroy();
    // 4. An unreachable URL, destroyed at once: not even the error is sent.
    page.mount(&options_with_url("http://127.0.0.1:9/x.json"))
        .destroy();

    page.assert_restored("right after the destroys");
    sleep(1000).await;
    assert_eq!(count(&page.ready), 1, "only the control case was ready");
    assert_eq!(count(&page.error), 0, "no error from a destroyed mount");
    page.assert_restored("1 s after the destroys");
    assert_eq!(page.new_console_errors(), Vec::<String>::new());
}

#[wasm_bindgen_test]
fn mount_rejects_what_it_cannot_use() {
    start_once();
    let div: Element = document().create_element("div").unwrap();
    div.set_id("not-a-video");
    let err = mount(
        div.into(),
        options_with_manifest(MANIFEST),
        JsValue::UNDEFINED,
    )
    .err()
    .expect("a <div> is refused");
    let err = err.as_string().unwrap();
    assert!(
        err.contains("<div id=\"not-a-video\">")
            && err.contains("not a player this widget supports"),
        "{err}"
    );

    let video = document().create_element("video").unwrap();
    let err = mount(video.into(), json("{}"), JsValue::UNDEFINED)
        .err()
        .expect("options without a manifest are refused");
    assert!(
        err.as_string().unwrap().contains("options.manifest"),
        "{err:?}"
    );
    assert_eq!(overlays(), 0);
}

/// A live show's manifest: program-date tags, and `live` as given.
fn live_manifest(live: &str) -> String {
    [
        r#"{"version": 1, "video": {"id": "live", "time_base": "program_date_time", "epoch": "2026-01-01T00:00:00Z"},
            "currency": "USD", "products": [{"id": "p", "title": "P", "price": 1000}], "tags": [], "live": "#,
        live,
        "}",
    ]
    .concat()
}

fn live_card(page: &Page) -> Option<HtmlElement> {
    let shadow = page.video.next_element_sibling()?.shadow_root()?;
    shadow
        .query_selector(".live-card")
        .ok()
        .flatten()
        .map(|e| e.unchecked_into())
}

fn in_shadow(page: &Page, selector: &str) -> Option<HtmlElement> {
    let shadow = page.video.next_element_sibling()?.shadow_root()?;
    shadow
        .query_selector(selector)
        .ok()
        .flatten()
        .map(|e| e.unchecked_into())
}

/// An events server that cannot be reached: the card says so quietly and
/// keeps trying, the browser's own way (a network error: the stream stays
/// open, reconnecting) or ours (a refused stream, which the browser closes:
/// opened again after a wait); destroy() closes the stream and stops every
/// timer either way.
#[wasm_bindgen_test]
async fn a_live_mount_whose_events_fail_closes_its_stream_and_timers_on_destroy() {
    let page = Page::new().await;
    fake_hls(&page.video, 1.0e12, &JsValue::UNDEFINED);
    for (events, pending) in [
        // Connection refused: Chromium keeps the EventSource and retries;
        // Firefox fails it for good (readyState CLOSED), and the card opens
        // another after a wait. Either way something is pending, and
        // destroy() must take it away.
        (
            "http://127.0.0.1:9/events",
            &["open EventSource", "pending setTimeout"][..],
        ),
        // 404: every browser closes it; the card opens another after a wait.
        ("/no-such-show/events", &["pending setTimeout"][..]),
    ] {
        let live = ["{\"show\": \"s\", \"events\": \"", events, "\"}"].concat();
        let ready = count(&page.ready);
        let handle = page.mount(&options_with_manifest(&live_manifest(&live)));
        wait_until("shoppable:ready", 5000.0, || {
            count(&page.ready) == ready + 1
        })
        .await;
        wait_until("the lost connection told", 5000.0, || {
            in_shadow(&page, ".live-status").is_some_and(|s| !s.hidden())
        })
        .await;
        wait_until(&pending.join(" or "), 5000.0, || {
            diff(&page.books, &snapshot())
                .iter()
                .any(|d| pending.iter().any(|p| d.starts_with(p)))
        })
        .await;
        let during = diff(&page.books, &snapshot());
        assert!(
            during.iter().any(|d| d.starts_with("running setInterval")),
            "{events}: the card's tick not seen: {during:?}"
        );
        handle.destroy();
        page.assert_restored(&["destroy() of a live mount, events at ", events].concat());
        sleep(1500).await;
        page.assert_restored(&["1.5 s after destroy(), events at ", events].concat());
    }
    assert_eq!(count(&page.error), 0);
}

/// Pins carried in the playlist: the card shows the pinned product once the
/// picture's program date reaches it; destroy() unsubscribes from hls.js.
#[wasm_bindgen_test]
async fn a_daterange_pin_shows_the_card_and_destroy_unsubscribes() {
    let page = Page::new().await;
    let pdt = 1.0e12;
    let ranges = json(
        r#"{"pin-1": {"attr": {"ID": "pin-1", "CLASS": "com.shoppable.pin",
            "START-DATE": "2001-09-09T01:46:40.000Z", "X-PRODUCT": "p"}}}"#,
    );
    let hls = fake_hls(&page.video, pdt, &ranges);
    let handle = page.mount(&options_with_manifest(&live_manifest(
        r#"{"show": "s", "source": "daterange"}"#,
    )));
    wait_until("the pinned card", 5000.0, || {
        live_card(&page).is_some_and(|c| !c.hidden())
    })
    .await;
    let card = live_card(&page).unwrap();
    assert_eq!(card.get_attribute("data-product").as_deref(), Some("p"));
    assert_eq!(hls_handlers(&hls), 1, "one playlist subscription");
    handle.destroy();
    assert_eq!(hls_handlers(&hls), 0, "unsubscribed from hls.js");
    page.assert_restored("destroy() of a daterange mount");
    assert_eq!(page.new_console_errors(), Vec::<String>::new());
}

/// A replay: the card of the span holding the frame; destroy() leaves nothing.
#[wasm_bindgen_test]
async fn a_replay_shows_its_pin_and_destroy_leaves_the_page_as_it_was() {
    let page = Page::new().await;
    let handle = page.mount(&options_with_manifest(
        r#"{"version": 1, "video": {"id": "r"}, "currency": "USD",
            "products": [{"id": "p", "title": "P", "price": 1000}], "tags": [],
            "pins": [{"product": "p", "start": 0, "end": 100000}]}"#,
    ));
    wait_until("the replay's card", 5000.0, || {
        live_card(&page).is_some_and(|c| !c.hidden())
    })
    .await;
    handle.destroy();
    page.assert_restored("destroy() of a replay");
    sleep(600).await;
    page.assert_restored("600 ms after destroy() of a replay");
    assert_eq!(page.new_console_errors(), Vec::<String>::new());
}
