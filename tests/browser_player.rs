//! The HTML5 adapter against a real, playing `<video>` in headless Chromium.
//!
//! The test runner serves no video files, so each test makes a live stream: a
//! `<canvas>` repainted every 20 ms, captured at 30 fps with `captureStream`
//! and set as the video's `srcObject`. A MediaStream is not seekable, so
//! `PlayerRequest::Seek` is not exercised here (the e2e layer seeks real files).
#![cfg(target_arch = "wasm32")]

use shoppable::model::geometry::{ObjectFit, Size};
use shoppable::player::html5::Html5Player;
use shoppable::player::{BoxPos, Player, PlayerRequest, PlayerState, StateSink};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, HtmlVideoElement};

wasm_bindgen_test_configure!(run_in_browser);

// Counts frame callbacks still pending (requested, not yet fired or
// cancelled), so "no per-frame work" is checked directly: a paused video
// presents no frames, so a loop left running would not show in the reports.
#[wasm_bindgen(inline_js = r#"
export function install_frame_counter() {
  if (window.__frameCounter) return;
  const pending = window.__frameCounter = new Set();
  const raf = window.requestAnimationFrame, caf = window.cancelAnimationFrame;
  window.requestAnimationFrame = function (cb) {
    const id = raf.call(window, (t) => { pending.delete('raf' + id); return cb(t); });
    pending.add('raf' + id);
    return id;
  };
  window.cancelAnimationFrame = function (id) { pending.delete('raf' + id); return caf.call(window, id); };
  const VP = HTMLVideoElement.prototype;
  const rv = VP.requestVideoFrameCallback, cv = VP.cancelVideoFrameCallback;
  if (!rv) return;
  VP.requestVideoFrameCallback = function (cb) {
    const key = (id) => 'rvfc' + id;
    const id = rv.call(this, (now, meta) => { pending.delete(key(id)); return cb(now, meta); });
    pending.add(key(id));
    return id;
  };
  VP.cancelVideoFrameCallback = function (id) { pending.delete('rvfc' + id); return cv.call(this, id); };
}
export function pending_frame_callbacks() { return window.__frameCounter.size; }
export function has_rvfc() { return 'requestVideoFrameCallback' in HTMLVideoElement.prototype; }

// A seekable file for Seek: `ms` of the painted canvas recorded to WebM with
// MediaRecorder, as a blob: URL.
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
"#)]
extern "C" {
    fn install_frame_counter();
    fn pending_frame_callbacks() -> u32;
    fn has_rvfc() -> bool;
    fn recorded_webm(ms: u32) -> js_sys::Promise;
}

const CANVAS_W: u32 = 160;
const CANVAS_H: u32 = 90;

fn window() -> web_sys::Window {
    web_sys::window().expect("window")
}

fn document() -> web_sys::Document {
    window().document().expect("document")
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    JsFuture::from(p).await.expect("timer");
}

/// Polls `cond` every 10 ms until it holds; panics naming `what` after `ms`.
async fn wait_until(what: &str, ms: f64, mut cond: impl FnMut() -> bool) {
    let start = js_sys::Date::now();
    while !cond() {
        if js_sys::Date::now() - start > ms {
            panic!("timed out after {ms} ms waiting for {what}");
        }
        sleep(10).await;
    }
}

/// A playing `<video>` fed by a canvas stream, inside a positioned container
/// (so the video's offset parent is the container). Dropping it stops the
/// painting and removes both elements.
struct Stream {
    container: HtmlElement,
    video: HtmlVideoElement,
    interval: i32,
    _paint: Closure<dyn FnMut()>,
}

impl Stream {
    async fn start(video_style: &str) -> Stream {
        let doc = document();
        let canvas: HtmlCanvasElement = doc.create_element("canvas").unwrap().unchecked_into();
        canvas.set_width(CANVAS_W);
        canvas.set_height(CANVAS_H);
        let ctx: CanvasRenderingContext2d =
            canvas.get_context("2d").unwrap().unwrap().unchecked_into();
        let mut n = 0u32;
        let paint = Closure::<dyn FnMut()>::new(move || {
            n = n.wrapping_add(1);
            ctx.set_fill_style_str(&format!("hsl({}, 80%, 50%)", (n * 7) % 360));
            ctx.fill_rect(0.0, 0.0, CANVAS_W as f64, CANVAS_H as f64);
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect((n % CANVAS_W) as f64, 10.0, 8.0, 8.0);
        });
        let interval = window()
            .set_interval_with_callback_and_timeout_and_arguments_0(
                paint.as_ref().unchecked_ref(),
                20,
            )
            .unwrap();
        let stream = canvas
            .capture_stream_with_frame_request_rate(30.0)
            .expect("captureStream");

        let container: HtmlElement = doc.create_element("div").unwrap().unchecked_into();
        container
            .set_attribute("style", "position:relative;margin:0;padding:0;border:0")
            .unwrap();
        let video: HtmlVideoElement = doc.create_element("video").unwrap().unchecked_into();
        video.set_attribute("style", video_style).unwrap();
        video.set_muted(true);
        video.set_src_object(Some(&stream));
        container.append_child(&video).unwrap();
        doc.body().unwrap().prepend_with_node_1(&container).unwrap();
        JsFuture::from(video.play().expect("play()"))
            .await
            .expect("play() rejected");
        let v = video.clone();
        wait_until("the first frame (videoWidth > 0)", 3000.0, || {
            v.video_width() > 0
        })
        .await;
        Stream {
            container,
            video,
            interval,
            _paint: paint,
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        window().clear_interval_with_handle(self.interval);
        let _ = self.video.pause();
        self.video.set_src_object(None);
        self.container.remove();
    }
}

/// Every state the adapter reports, in order.
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
    fn since(&self, from: usize) -> Vec<PlayerState> {
        self.0.borrow()[from..].to_vec()
    }
}

/// Reports the adapter made while the stream played for `ms`.
async fn reports_during(rec: &Recorder, ms: i32) -> Vec<PlayerState> {
    let from = rec.len();
    sleep(ms).await;
    rec.since(from)
}

/// Time rises over several reports while playing. The adapter takes time from
/// two clocks: `requestVideoFrameCallback`'s `mediaTime` (the presented
/// frame) on each frame and `currentTime` on media events (timeupdate, about
/// 4 a second), and `currentTime` runs ahead of the frame on screen by up to
/// a frame or two (35 ms seen at 30 fps on a busy machine); so the next
/// frame's report can step back by that much. A step back of up to 0.1 s is
/// allowed, a larger one is not.
///
/// With a MediaStream source the two clocks also part by however long the
/// video was paused (`mediaTime` is stream time, which runs on while paused;
/// `currentTime` stops), so after a pause only `monotonic: false` is checked.
/// Files, what the widget is for, have one timeline and no such gap.
fn assert_time_advances(reports: &[PlayerState], what: &str, monotonic: bool) {
    assert!(
        reports.len() >= 5,
        "{what}: expected several reports, got {}: {reports:?}",
        reports.len()
    );
    let rises = reports.windows(2).filter(|w| w[1].time > w[0].time).count();
    assert!(
        rises >= 4,
        "{what}: time rose only {rises} times: {:?}",
        times(reports)
    );
    let (first, last) = (reports[0].time, reports[reports.len() - 1].time);
    assert!(
        last > first,
        "{what}: time did not advance: {:?}",
        times(reports)
    );
    if monotonic {
        assert!(
            reports.windows(2).all(|w| w[1].time > w[0].time - 0.1),
            "{what}: time went back by more than 0.1 s: {:?}",
            times(reports)
        );
    }
    assert!(
        reports.iter().all(|s| !s.paused),
        "{what}: a report said paused"
    );
}

fn times(reports: &[PlayerState]) -> Vec<f64> {
    reports.iter().map(|s| s.time).collect()
}

const STYLE: &str = "display:block;box-sizing:content-box;width:320px;height:240px;margin:0;\
                     padding:4px;border:3px solid #000;object-fit:cover;object-position:50% 50%";

#[wasm_bindgen_test]
async fn reports_time_while_playing_and_nothing_while_paused() {
    install_frame_counter();
    let stream = Stream::start(STYLE).await;
    let video = stream.video.clone();
    let rec = Recorder::default();
    let player = Html5Player::new(video.clone(), rec.sink());
    // The frame loop, as the live card asks for it (tags alone need none).
    player.every_frame(true);

    let playing = reports_during(&rec, 1000).await;
    assert_time_advances(&playing, "playing", true);
    let last = rec.last().unwrap();
    assert!(!last.paused);
    assert!(!last.ended);
    assert_eq!(last.rate, 1.0);
    assert_eq!(player.state(), last, "state() is the last report");
    assert!(has_rvfc(), "Chromium has requestVideoFrameCallback");
    assert_eq!(
        pending_frame_callbacks(),
        1,
        "one frame callback armed while playing"
    );
    let elapsed = playing.last().unwrap().time - playing.first().unwrap().time;
    assert!(
        elapsed > 0.5 && elapsed < 1.5,
        "one second of play advanced time by {elapsed}"
    );

    // Pausing the element itself: the adapter says so, then goes quiet.
    video.pause().unwrap();
    wait_until("a paused report", 1000.0, || {
        rec.last().is_some_and(|s| s.paused)
    })
    .await;
    let paused_at = rec.last().unwrap().time;
    let quiet = reports_during(&rec, 500).await;
    assert!(
        quiet.len() <= 2,
        "{} reports in 500 ms while paused: {quiet:?}",
        quiet.len()
    );
    assert!(
        quiet.iter().all(|s| s.paused && s.time == paused_at),
        "time moved while paused: {quiet:?}"
    );
    assert!(player.state().paused);
    assert_eq!(
        pending_frame_callbacks(),
        0,
        "no frame callback armed while paused"
    );

    // PlayerRequest::Play and ::Pause reach the element.
    player.request(PlayerRequest::Play);
    wait_until("playing again", 2000.0, || {
        !video.paused() && rec.last().is_some_and(|s| !s.paused)
    })
    .await;
    assert_time_advances(
        &reports_during(&rec, 600).await,
        "playing after Play",
        false,
    );
    player.request(PlayerRequest::Pause);
    assert!(video.paused(), "Pause request pauses the element at once");
    wait_until("a paused report after the Pause request", 1000.0, || {
        rec.last().is_some_and(|s| s.paused)
    })
    .await;
    let quiet = reports_during(&rec, 500).await;
    assert!(
        quiet.len() <= 2,
        "{} reports in 500 ms after Pause request: {quiet:?}",
        quiet.len()
    );
    assert_eq!(
        pending_frame_callbacks(),
        0,
        "no frame callback armed after the Pause request"
    );

    // Dropping the adapter stops all reporting, even while the video plays.
    JsFuture::from(video.play().unwrap()).await.unwrap();
    wait_until("reports after resuming", 1000.0, || {
        rec.last().is_some_and(|s| !s.paused)
    })
    .await;
    drop(player);
    let after_drop = reports_during(&rec, 500).await;
    assert!(
        after_drop.is_empty(),
        "reports after the adapter was dropped: {after_drop:?}"
    );
    assert!(
        !video.paused(),
        "dropping the adapter leaves the video playing"
    );
    assert_eq!(
        pending_frame_callbacks(),
        0,
        "dropping the adapter cancels its frame callback"
    );
}

#[wasm_bindgen_test]
async fn reads_layout_after_metadata() {
    install_frame_counter();
    let stream = Stream::start(STYLE).await;
    let video = stream.video.clone();
    let rec = Recorder::default();
    let player = Html5Player::new(video.clone(), rec.sink());
    wait_until("a layout", 1000.0, || {
        rec.last().is_some_and(|s| s.layout.is_some())
    })
    .await;

    let s = player.state();
    let layout = s.layout.expect("layout");
    assert_eq!(
        layout.intrinsic,
        Size {
            w: CANVAS_W as f64,
            h: CANVAS_H as f64
        },
        "intrinsic = canvas size"
    );
    // The content box excludes the 3 px border and 4 px padding.
    assert_eq!(video.client_width(), 320 + 2 * 4);
    assert_eq!(
        layout.content,
        Size { w: 320.0, h: 240.0 },
        "content = the element's content box"
    );
    assert_eq!(layout.fit, ObjectFit::Cover, "object-fit: cover is read");
    assert_eq!(
        s.content_box,
        Some(BoxPos {
            left: 7.0,
            top: 7.0,
            width: 320.0,
            height: 240.0,
            inset_left: 7.0,
            inset_top: 7.0,
        }),
        "content box relative to the offset parent, past border and padding"
    );

    // A new size reaches the adapter through its ResizeObserver.
    video.style().set_property("width", "200px").unwrap();
    video.style().set_property("object-fit", "contain").unwrap();
    wait_until("the resized layout", 1000.0, || {
        rec.last()
            .and_then(|s| s.layout)
            .is_some_and(|l| l.content.w == 200.0)
    })
    .await;
    let layout = player.state().layout.unwrap();
    assert_eq!(layout.content, Size { w: 200.0, h: 240.0 });
    assert_eq!(layout.fit, ObjectFit::Contain);
    assert_eq!(player.state().content_box.map(|b| b.width), Some(200.0));

    // Not rendered: no layout, so the overlay hides.
    video.style().set_property("display", "none").unwrap();
    wait_until("no layout while display:none", 1000.0, || {
        rec.last().is_some_and(|s| s.layout.is_none())
    })
    .await;
    assert_eq!(player.state().content_box, None);
    drop(player);
}

#[wasm_bindgen_test]
async fn no_frame_work_while_scrolled_away() {
    install_frame_counter();
    let stream = Stream::start(STYLE).await;
    let video = stream.video.clone();
    let rec = Recorder::default();
    let player = Html5Player::new(video.clone(), rec.sink());
    // The frame loop, as the live card asks for it (tags alone need none).
    player.every_frame(true);
    let on_screen = reports_during(&rec, 1000).await;
    assert_time_advances(&on_screen, "on screen", true);

    // Far below the viewport: the IntersectionObserver stops the frame loop;
    // only the media element's own timeupdate events (about 4 a second) remain.
    stream
        .container
        .style()
        .set_property("top", "20000px")
        .unwrap();
    sleep(300).await; // let the observer report
    let off_screen = reports_during(&rec, 1000).await;
    assert!(
        off_screen.len() <= 8 && off_screen.len() * 2 < on_screen.len(),
        "{} reports in 1 s off screen (vs {} on screen): {:?}",
        off_screen.len(),
        on_screen.len(),
        times(&off_screen)
    );
    assert!(!video.paused(), "the video keeps playing off screen");
    assert_eq!(
        pending_frame_callbacks(),
        0,
        "no frame callback armed off screen"
    );

    // Back on screen: per-frame reports resume.
    stream.container.style().set_property("top", "0px").unwrap();
    sleep(300).await;
    let back = reports_during(&rec, 1000).await;
    assert_time_advances(&back, "back on screen", true);
    assert!(
        back.len() > off_screen.len() * 2,
        "{} reports back on screen vs {} off",
        back.len(),
        off_screen.len()
    );
    assert_eq!(pending_frame_callbacks(), 1);
    drop(player);
}

/// Seek needs a seekable source: a short WebM recorded in the page. Playing it
/// to the end also checks `ended` and that the frame loop stops there.
#[wasm_bindgen_test]
async fn seeks_and_reports_the_end_of_a_file() {
    install_frame_counter();
    let url = JsFuture::from(recorded_webm(1500))
        .await
        .expect("MediaRecorder made a WebM")
        .as_string()
        .unwrap();
    let doc = document();
    let video: HtmlVideoElement = doc.create_element("video").unwrap().unchecked_into();
    video
        .set_attribute("style", "display:block;width:320px;height:180px")
        .unwrap();
    video.set_muted(true);
    video.set_src(&url);
    doc.body().unwrap().prepend_with_node_1(&video).unwrap();
    let v = video.clone();
    wait_until("the file's metadata", 3000.0, || {
        v.video_width() > 0 && v.ready_state() >= 2
    })
    .await;

    let rec = Recorder::default();
    let player = Html5Player::new(video.clone(), rec.sink());
    assert!(player.state().paused);
    assert_eq!(
        player.state().layout.map(|l| l.intrinsic),
        Some(Size {
            w: CANVAS_W as f64,
            h: CANVAS_H as f64
        })
    );

    player.request(PlayerRequest::Seek(0.8));
    wait_until("a report at 0.8 s after Seek(0.8)", 3000.0, || {
        rec.last().is_some_and(|s| (s.time - 0.8).abs() < 0.05) && !v.seeking()
    })
    .await;
    assert!(
        (video.current_time() - 0.8).abs() < 0.05,
        "currentTime {}",
        video.current_time()
    );
    assert!(player.state().paused, "seeking does not start playback");

    player.request(PlayerRequest::Seek(-3.0));
    wait_until("a report at 0 after Seek(-3), clamped", 3000.0, || {
        rec.last().is_some_and(|s| s.time == 0.0) && !v.seeking()
    })
    .await;

    // Play from near the end to the end.
    player.request(PlayerRequest::Seek(1.0));
    wait_until("seeked to 1.0", 3000.0, || {
        !v.seeking() && (v.current_time() - 1.0).abs() < 0.05
    })
    .await;
    player.request(PlayerRequest::Play);
    wait_until("the end", 5000.0, || rec.last().is_some_and(|s| s.ended)).await;
    let end = rec.last().unwrap();
    assert!(end.time >= 1.0, "ended at {}", end.time);
    assert!(video.ended());
    assert_eq!(
        pending_frame_callbacks(),
        0,
        "no frame callback armed once ended"
    );
    let quiet = reports_during(&rec, 400).await;
    assert!(quiet.len() <= 2, "reports after the end: {quiet:?}");

    drop(player);
    video.remove();
    web_sys::Url::revoke_object_url(&url).unwrap();
}
