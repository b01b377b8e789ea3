//! Opt-in: the adapters against the *real* libraries pinned in
//! www/test/players (video.js, Plyr, hls.js with the VOD and the emulated live
//! stream, media-chrome), loaded from a server for `www/` that answers Range
//! requests (seeking) and sends `Access-Control-Allow-Origin: *` (the runner's page is cross-origin isolated,
//! so scripts and videos load in CORS mode, and hls.js fetches playlists with
//! XHR), e.g. the reference server (`cargo xtask demo`), whose CORS layer
//! allows any origin.
//!
//! The test runner serves only the tests, so the origin is given at build
//! time; without it every test here returns at once (and says so):
//!
//! ```sh
//! cargo xtask setup    # npm packages and HLS streams in www/test/players
//! SHOPPABLE_FIXTURES=http://127.0.0.1:8080 CHROMEDRIVER=/usr/bin/chromedriver \
//!   cargo test --target wasm32-unknown-unknown --test browser_real_players
//! ```
//!
//! The per-adapter event mapping is tested against fakes in
//! browser_adapters.rs; this checks the fakes' assumptions hold for the
//! libraries themselves.
#![cfg(target_arch = "wasm32")]

use shoppable::model::manifest::{parse_rfc3339_ms, TimeBase};
use shoppable::player::detect::{detect, detect_with_time_base};
use shoppable::player::{Player, PlayerRequest, PlayerState, StateSink};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlVideoElement};

wasm_bindgen_test_configure!(run_in_browser);

const ORIGIN: Option<&str> = option_env!("SHOPPABLE_FIXTURES");

#[wasm_bindgen(inline_js = r#"
const loaded = new Map();
function script(src) {
  if (!loaded.has(src)) loaded.set(src, new Promise((resolve, reject) => {
    const s = document.createElement('script');
    // The runner's page is cross-origin isolated (COEP require-corp): fetch
    // everything in CORS mode, which the server allows.
    s.crossOrigin = 'anonymous';
    s.src = src; s.onload = resolve; s.onerror = () => reject(new Error('cannot load ' + src));
    document.head.append(s);
  }));
  return loaded.get(src);
}
const metadata = (v) => new Promise((r) => v.readyState >= 1 ? r() : v.addEventListener('loadedmetadata', r, { once: true }));
function video(origin, src) {
  const v = document.createElement('video');
  v.muted = true; v.playsInline = true; v.preload = 'auto'; v.crossOrigin = 'anonymous';
  v.style.cssText = 'display:block;width:320px;height:180px';
  if (src) v.src = origin + src;
  return v;
}
export async function real_videojs(origin) {
  await script(origin + '/test/players/node_modules/video.js/dist/video.min.js');
  const v = video(origin, '/videos/hero.webm');
  v.className = 'video-js';
  document.body.prepend(v);
  const player = videojs(v);
  await new Promise((r) => player.ready(r));
  await metadata(player.tech(true).el());
  return player.el();
}
export async function real_plyr(origin) {
  await script(origin + '/test/players/node_modules/plyr/dist/plyr.min.js');
  const v = video(origin, '/videos/hero.webm');
  document.body.prepend(v);
  new Plyr(v, { loadSprite: false, muted: true }); // Plyr's default unmutes
  await metadata(v);
  return v;
}
export async function real_media_chrome(origin) {
  await script(origin + '/test/players/node_modules/media-chrome/dist/iife/index.js');
  await customElements.whenDefined('media-controller');
  const mc = document.createElement('media-controller');
  mc.style.cssText = 'display:block;width:320px;height:180px';
  const v = video(origin, '/videos/hero.webm');
  v.slot = 'media';
  mc.append(v);
  document.body.prepend(mc);
  await metadata(v);
  return v;
}
export async function real_hls(origin, live) {
  await script(origin + '/test/players/node_modules/hls.js/dist/hls.min.js');
  await script(origin + '/test/players/live-loop.js');
  const v = video(origin, null);
  document.body.prepend(v);
  const base = origin + '/test/players/hls/';
  const hls = new Hls(live ? { pLoader: liveLoopLoader(Hls, { vod: base + 'vod/index.m3u8', join: 30 }) } : {});
  hls.loadSource(base + (live ? 'live' : 'vod') + '/index.m3u8');
  hls.attachMedia(v);
  v.hls = hls;
  await metadata(v);
  return v;
}
export function destroy_hls(v) { v.hls.destroy(); delete v.hls; }
export function dispose_videojs(el) { el.player.dispose(); }
"#)]
extern "C" {
    fn real_videojs(origin: &str) -> js_sys::Promise;
    fn real_plyr(origin: &str) -> js_sys::Promise;
    fn real_media_chrome(origin: &str) -> js_sys::Promise;
    fn real_hls(origin: &str, live: bool) -> js_sys::Promise;
    fn destroy_hls(v: &HtmlVideoElement);
    fn dispose_videojs(el: &Element);
}

fn origin() -> Option<&'static str> {
    if ORIGIN.is_none() {
        web_sys::console::log_1(
            &"browser_real_players: SHOPPABLE_FIXTURES is not set; skipped".into(),
        );
    }
    ORIGIN
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

async fn wait_until(what: &str, ms: f64, mut cond: impl FnMut() -> bool) -> Result<(), ()> {
    let start = js_sys::Date::now();
    while !cond() {
        if js_sys::Date::now() - start > ms {
            web_sys::console::log_1(&format!("timed out after {ms} ms waiting for {what}").into());
            return Err(());
        }
        sleep(20).await;
    }
    Ok(())
}

#[derive(Clone, Default)]
struct Recorder(Rc<RefCell<Vec<PlayerState>>>);

impl Recorder {
    fn sink(&self) -> StateSink {
        let log = self.0.clone();
        Rc::new(move |s: &PlayerState| log.borrow_mut().push(s.clone()))
    }
    fn last(&self) -> Option<PlayerState> {
        self.0.borrow().last().cloned()
    }
}

async fn element(p: js_sys::Promise) -> Element {
    JsFuture::from(p)
        .await
        .expect("fixture loads")
        .unchecked_into()
}

/// Play, see time advance, pause, seek to `to` (in tag time) and see it.
async fn drive(player: &dyn Player, rec: &Recorder, to: f64) {
    player.request(PlayerRequest::Play);
    wait_until("playing", 5000.0, || rec.last().is_some_and(|s| !s.paused))
        .await
        .unwrap();
    let t0 = player.state().time;
    sleep(600).await;
    assert!(
        player.state().time > t0 + 0.2,
        "time advances: {t0} → {}",
        player.state().time
    );
    player.request(PlayerRequest::Pause);
    wait_until("paused", 3000.0, || rec.last().is_some_and(|s| s.paused))
        .await
        .unwrap();
    player.request(PlayerRequest::Seek(to));
    let what = format!("time {to} after Seek");
    wait_until(&what, 5000.0, || (player.state().time - to).abs() < 0.1)
        .await
        .unwrap_or_else(|_| panic!("{what}: {:?}", player.state()));
    assert!(player.state().layout.is_some(), "a layout");
}

#[wasm_bindgen_test]
async fn real_videojs_player() {
    let Some(origin) = origin() else { return };
    let container = element(real_videojs(origin)).await;
    let rec = Recorder::default();
    let player = detect(&container, &JsValue::UNDEFINED, None, rec.sink()).unwrap();
    assert_eq!(player.name(), "videojs");
    assert!(player.fullscreen_container().is_same_node(Some(&container)));
    assert_eq!(player.surface().tag_name(), "VIDEO");
    drive(&*player, &rec, 5.0).await;
    drop(player);
    dispose_videojs(&container);
}

#[wasm_bindgen_test]
async fn real_plyr_player() {
    let Some(origin) = origin() else { return };
    let video = element(real_plyr(origin)).await;
    let rec = Recorder::default();
    let player = detect(&video, &JsValue::UNDEFINED, None, rec.sink()).unwrap();
    assert_eq!(player.name(), "plyr");
    assert!(player
        .fullscreen_container()
        .class_name()
        .split_whitespace()
        .any(|c| c == "plyr"));
    drive(&*player, &rec, 5.0).await;
    drop(player);
    player_root(&video).remove();
}

fn player_root(el: &Element) -> Element {
    el.closest(".plyr")
        .ok()
        .flatten()
        .unwrap_or_else(|| el.clone())
}

#[wasm_bindgen_test]
async fn real_media_chrome_controller() {
    let Some(origin) = origin() else { return };
    let video = element(real_media_chrome(origin)).await;
    let rec = Recorder::default();
    let player = detect(&video, &JsValue::UNDEFINED, None, rec.sink()).unwrap();
    assert_eq!(player.name(), "media");
    assert_eq!(player.fullscreen_container().tag_name(), "MEDIA-CONTROLLER");
    drive(&*player, &rec, 5.0).await;
    drop(player);
    video.parent_element().unwrap().remove();
}

#[wasm_bindgen_test]
async fn real_hls_vod() {
    let Some(origin) = origin() else { return };
    let video: HtmlVideoElement = element(real_hls(origin, false)).await.unchecked_into();
    let rec = Recorder::default();
    let player = detect(&video, &JsValue::UNDEFINED, None, rec.sink()).unwrap();
    assert_eq!(player.name(), "hls");
    drive(&*player, &rec, 5.0).await;
    assert!((video.current_time() - 5.0).abs() < 0.1);
    drop(player);
    destroy_hls(&video);
    video.remove();
}

#[wasm_bindgen_test]
async fn real_hls_live_on_program_date_time() {
    let Some(origin) = origin() else { return };
    let video: HtmlVideoElement = element(real_hls(origin, true)).await.unchecked_into();
    let rec = Recorder::default();
    let epoch_ms = parse_rfc3339_ms("2026-01-01T00:00:00Z").unwrap();
    let tb = TimeBase::ProgramDateTime { epoch_ms };
    let player = detect_with_time_base(&video, &JsValue::UNDEFINED, None, tb, rec.sink()).unwrap();
    assert_eq!(player.name(), "hls");
    player.request(PlayerRequest::Play);
    wait_until("a program date", 8000.0, || {
        rec.last().is_some_and(|s| !s.paused && s.time.is_finite())
    })
    .await
    .unwrap();
    // The program started 30 s before the page; hls.js starts near the live
    // edge, a few segments back, at a media time of its own.
    let s = player.state();
    let ahead = s.time - video.current_time();
    assert!(s.time > 10.0 && s.time < 40.0, "tag time {}", s.time);
    assert!(ahead > 1.0, "tag time runs ahead of media time by {ahead}");
    sleep(600).await;
    assert!(player.state().time > s.time + 0.2, "tag time advances");
    // A seek in tag time lands at the media time one offset away.
    let to = player.state().time - 2.0;
    player.request(PlayerRequest::Seek(to));
    wait_until("the seek", 5000.0, || {
        (player.state().time - to).abs() < 0.3
    })
    .await
    .unwrap_or_else(|_| panic!("seek to {to}: {:?}", player.state()));
    drop(player);
    destroy_hls(&video);
    video.remove();
}
