//! The YouTube and Vimeo adapters against scripted fake players in headless
//! Chromium (`iframe_fakes`): state, seeks, requests and their targets, the
//! origin rule, what drop removes, letterboxing, detection. The protocols'
//! sessions (YouTube's greeting and the page's own player, Vimeo's
//! subscriptions and stalls, errors) are in `browser_iframe_sessions.rs`.
//!
//! A `srcdoc` document has the host page's origin, so the adapters expect
//! (and target) `location.origin` for it; that rule, and the origins of real
//! YouTube/Vimeo/blob: URLs, are checked in `expected_origins`.
#![cfg(target_arch = "wasm32")]

mod iframe_fakes;

use iframe_fakes::*;
use shoppable::model::geometry::{picture_rect, ObjectFit, Rect, Size};
use shoppable::player::iframe::{
    detect_iframe, expected_origin, iframe_src, reply_origins_of, POLL_MS,
};
use shoppable::player::{vimeo, youtube};
use shoppable::player::{BoxPos, Player, PlayerRequest, PlayerState, StateSink};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

async fn state_follows_protocol(kind: &str) {
    let frame = Frame::new(kind, STYLE).await;
    let rec = Recorder::default();
    let player = make(kind, &frame, None, &rec);
    assert_eq!(player.name(), kind);
    wait_until("the duration from the handshake", 2000.0, || {
        rec.last().duration == 20.0
    })
    .await;
    let s = player.state();
    assert!(s.paused && !s.ended, "{kind}: starts paused: {s:?}");
    assert_eq!(s.time, 0.0);
    assert_eq!(s.rate, 1.0);
    assert!(player.surface().is_same_node(Some(&frame.0)));
    assert!(player
        .fullscreen_container()
        .is_same_node(frame.0.parent_element().as_ref().map(|p| p.as_ref())));

    frame.call("play", JsValue::UNDEFINED);
    wait_until("playing", 1000.0, || !rec.last().paused).await;
    assert_smooth_during(&rec, 700, &format!("{kind} playing"), 1.0).await;
    assert!(
        (player.state().time - frame.now()).abs() < 0.15,
        "{kind}: time follows the player"
    );

    frame.call("setRate", 2.0);
    wait_until("rate 2", 1000.0, || rec.last().rate == 2.0).await;
    assert_smooth_during(&rec, 600, &format!("{kind} at rate 2"), 2.0).await;

    // Reports arriving up to 0.3 s late never move the time back.
    frame.call("setRate", 1.0);
    set_jitter(&frame.0, 0.3);
    assert_smooth_during(&rec, 1000, &format!("{kind} with late reports"), 1.0).await;
    set_jitter(&frame.0, 0.0);

    frame.call("pause", JsValue::UNDEFINED);
    wait_until("paused", 1000.0, || rec.last().paused).await;
    let at = rec.last().time;
    assert!(
        (at - frame.now()).abs() < 0.1,
        "{kind}: paused at {at}, player at {}",
        frame.now()
    );
    let quiet = reports_during(&rec, 400).await;
    assert!(
        quiet.iter().all(|s| s.time == at && s.paused),
        "{kind}: time moved while paused: {quiet:?}"
    );
    drop(player);
}

#[wasm_bindgen_test]
async fn youtube_state_follows_messages() {
    state_follows_protocol("youtube").await;
}

#[wasm_bindgen_test]
async fn vimeo_state_follows_messages() {
    state_follows_protocol("vimeo").await;
}

/// YouTube has no seek event and is never polled: its embed pushes
/// `infoDelivery` on every change of time, paused seeks included, and that
/// push alone moves the clock, at once. A change nobody pushes moves nothing
/// (so nothing else is asking), and no greeting goes out after the answer.
#[wasm_bindgen_test]
async fn youtube_paused_seek_moves_time_from_the_pushed_report() {
    let frame = Frame::new("youtube", STYLE).await;
    let rec = Recorder::default();
    let player = make("youtube", &frame, None, &rec);
    wait_until("the initial delivery", 2000.0, || {
        rec.last().duration == 20.0
    })
    .await;
    let greeted = frame.greetings();
    assert!(greeted >= 1);

    frame.call("seek", 7.5);
    wait_until("the pushed paused seek", 150.0, || rec.last().time == 7.5).await;
    assert!(player.state().paused);
    frame.call("seek", 2.0);
    wait_until("a pushed paused seek backwards", 150.0, || {
        rec.last().time == 2.0
    })
    .await;

    // Not pushed, not seen: nobody polls.
    frame.call("seekSilently", 9.0);
    let quiet = reports_during(&rec, 3 * POLL_MS as i32).await;
    assert!(
        quiet.iter().all(|s| s.time == 2.0),
        "an unpushed change was seen: {quiet:?}"
    );
    assert_eq!(frame.greetings(), greeted, "greeted after the answer");

    frame.call("play", JsValue::UNDEFINED);
    wait_until("playing", 1000.0, || !rec.last().paused).await;
    sleep(300).await;
    frame.call("seek", 12.0);
    wait_until("the jump while playing", 150.0, || {
        (rec.last().time - 12.0).abs() < 0.2
    })
    .await;
    frame.call("seek", 4.0);
    wait_until("a jump back while playing", 150.0, || {
        (rec.last().time - 4.0).abs() < 0.2
    })
    .await;
    frame.call("pause", JsValue::UNDEFINED);
    drop(player);
}

/// Vimeo answers questions: a seek made in its own controls while paused,
/// with no event, shows within a poll or two; while playing, a jump shows at
/// the next `timeupdate`.
#[wasm_bindgen_test]
async fn vimeo_seek_while_paused_is_polled() {
    let frame = Frame::new("vimeo", STYLE).await;
    let rec = Recorder::default();
    let player = make("vimeo", &frame, None, &rec);
    wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;

    frame.call("seekSilently", 7.5);
    wait_until("the paused seek, by polling", (3 * POLL_MS) as f64, || {
        rec.last().time == 7.5
    })
    .await;
    assert!(player.state().paused);
    frame.call("seekSilently", 2.0);
    wait_until("a paused seek backwards", (3 * POLL_MS) as f64, || {
        rec.last().time == 2.0
    })
    .await;

    frame.call("play", JsValue::UNDEFINED);
    wait_until("playing", 1000.0, || !rec.last().paused).await;
    sleep(300).await;
    frame.call("seekSilently", 12.0);
    wait_until("the jump while playing", 600.0, || {
        (rec.last().time - 12.0).abs() < 0.4
    })
    .await;
    frame.call("seekSilently", 4.0);
    wait_until("a jump back while playing", 600.0, || {
        (rec.last().time - 4.0).abs() < 0.4
    })
    .await;
    frame.call("pause", JsValue::UNDEFINED);
    drop(player);
}

#[wasm_bindgen_test]
async fn vimeo_seeked_event_moves_time_at_once() {
    let frame = Frame::new("vimeo", STYLE).await;
    let rec = Recorder::default();
    let player = make("vimeo", &frame, None, &rec);
    wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;
    frame.call("play", JsValue::UNDEFINED);
    wait_until("playing", 1000.0, || !rec.last().paused).await;
    frame.call("seek", 9.0);
    wait_until("the seeked event", 200.0, || {
        (rec.last().time - 9.0).abs() < 0.1
    })
    .await;
    frame.call("pause", JsValue::UNDEFINED);
    drop(player);
}

/// Requests become the protocol's commands, posted to the frame's origin.
#[wasm_bindgen_test]
async fn requests_post_commands_to_the_frame_origin() {
    for kind in ["youtube", "vimeo"] {
        let frame = Frame::new(kind, STYLE).await;
        let rec = Recorder::default();
        let player = make(kind, &frame, None, &rec);
        wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;
        record_posts(&frame.0);

        player.request(PlayerRequest::Play);
        wait_until("the fake playing", 1000.0, || frame.playing()).await;
        wait_until("a playing report", 1000.0, || !rec.last().paused).await;
        player.request(PlayerRequest::Seek(5.0));
        assert!(
            (player.state().time - 5.0).abs() < 0.05,
            "{kind}: Seek moves the clock at once"
        );
        wait_until("the fake at 5 s", 1000.0, || {
            (frame.now() - 5.0).abs() < 0.3
        })
        .await;
        player.request(PlayerRequest::Pause);
        wait_until("the fake paused", 1000.0, || !frame.playing()).await;
        wait_until("a paused report", 1000.0, || rec.last().paused).await;

        let received = frame.received();
        let expected: &[&str] = if kind == "youtube" {
            &[
                r#""event":"command","func":"playVideo""#,
                r#""func":"seekTo","args":[5,true]"#,
                r#""func":"pauseVideo""#,
                r#""func":"addEventListener","args":["onStateChange"]"#,
                r#""func":"addEventListener","args":["onError"]"#,
                r#""event":"listening","id":"shoppable-"#,
            ]
        } else {
            // As player.js sends them: calls without an argument carry {}.
            &[
                r#"{"method":"play","value":{}}"#,
                r#"{"method":"setCurrentTime","value":5}"#,
                r#"{"method":"pause","value":{}}"#,
                r#"{"method":"addEventListener","value":"timeupdate"}"#,
                r#"{"method":"addEventListener","value":"bufferstart"}"#,
                r#"{"method":"ping"}"#,
            ]
        };
        for e in expected {
            assert!(
                received.contains(e),
                "{kind}: the player never got {e}: {received}"
            );
        }
        let posts: Vec<(JsValue, String)> = {
            let all: js_sys::Array = js_sys::JSON::parse(&posted(&frame.0))
                .unwrap()
                .unchecked_into();
            all.iter()
                .map(|p| {
                    let p: js_sys::Array = p.unchecked_into();
                    (p.get(0), p.get(1).as_string().unwrap_or_default())
                })
                .collect()
        };
        assert!(posts.len() >= 3, "{kind}: {} posts recorded", posts.len());
        for (msg, target) in &posts {
            assert_eq!(target, &origin(), "{kind}: targetOrigin of {msg:?}");
            // YouTube's API sends JSON text, player.js sends objects.
            assert_eq!(
                msg.is_string(),
                kind == "youtube",
                "{kind}: message form {msg:?}"
            );
        }
        drop(player);
    }
}

/// Right data from another window, or with a wrong origin, changes nothing;
/// the same synthetic event with the right origin and source does (so the
/// negative checks test the rule, not the route).
#[wasm_bindgen_test]
async fn messages_from_elsewhere_change_nothing() {
    for kind in ["youtube", "vimeo"] {
        let frame = Frame::new(kind, STYLE).await;
        let rec = Recorder::default();
        let player = make(kind, &frame, None, &rec);
        wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;
        let before = player.state();
        let text = if kind == "youtube" {
            r#"{"event":"infoDelivery","info":{"currentTime":15,"playerState":1,"playbackRate":2,"duration":99},"channel":"widget"}"#
        } else {
            r#"{"event":"seeked","data":{"seconds":15,"percent":0.5,"duration":99}}"#
        };
        let data: JsValue = if kind == "youtube" {
            text.into()
        } else {
            js_sys::JSON::parse(text).unwrap()
        };

        post_from_top(&data);
        let other = Frame::new(kind, STYLE).await; // another window, same origin
        dispatch_message(&data, &origin(), &content_window(&other.0));
        dispatch_message(&data, "https://evil.example", &content_window(&frame.0));
        dispatch_message(&data, "null", &content_window(&frame.0));
        sleep(150).await;
        let after = player.state();
        assert_eq!(
            (after.time, after.paused, after.rate, after.duration),
            (before.time, before.paused, before.rate, before.duration),
            "{kind}: a foreign message changed the state"
        );

        dispatch_message(&data, &origin(), &content_window(&frame.0));
        wait_until("the genuine message applied", 500.0, || {
            rec.last().duration == 99.0
        })
        .await;
        assert!(
            (player.state().time - 15.0).abs() < 0.1,
            "{kind}: {:?}",
            player.state()
        );
        drop(player);
    }
}

/// What runs when, and that drop removes it all: one message listener; the
/// frame loop only while playing on screen; while the clock stands, Vimeo's
/// poll timer, and for YouTube nothing once its embed has answered (it pushes;
/// the greeting timer runs only until the answer).
#[wasm_bindgen_test]
async fn drop_removes_listener_timers_and_frame_loop() {
    install_counters();
    for kind in ["youtube", "vimeo"] {
        let polls = u32::from(kind == "vimeo");
        let frame = Frame::new(kind, STYLE).await;
        let (listeners, intervals) = (message_listeners(), live_intervals());
        let rec = Recorder::default();
        let player = make(kind, &frame, None, &rec);
        assert_eq!(
            message_listeners(),
            listeners + 1,
            "{kind}: one message listener"
        );
        wait_until("ready", 2000.0, || rec.last().duration == 20.0).await;
        sleep(50).await;
        assert_eq!(
            live_intervals(),
            intervals + polls,
            "{kind}: timers while paused (Vimeo's poll; no YouTube greeting after the answer)"
        );

        frame.call("play", JsValue::UNDEFINED);
        wait_until("playing", 1000.0, || !rec.last().paused).await;
        sleep(50).await;
        assert_eq!(
            live_intervals(),
            intervals,
            "{kind}: no timer while playing"
        );
        assert_eq!(
            pending_frames(),
            1,
            "{kind}: one frame callback armed while playing"
        );

        // Scrolled far away: no frame loop, no polling; back: the loop resumes.
        let container: web_sys::HtmlElement = frame.0.parent_element().unwrap().unchecked_into();
        container.style().set_property("top", "20000px").unwrap();
        sleep(300).await;
        assert_eq!(pending_frames(), 0, "{kind}: no frame callback off screen");
        assert_eq!(live_intervals(), intervals, "{kind}: no timer off screen");
        container.style().set_property("top", "0px").unwrap();
        sleep(300).await;
        assert_eq!(
            pending_frames(),
            1,
            "{kind}: the frame loop resumes on screen"
        );

        frame.call("pause", JsValue::UNDEFINED);
        wait_until("paused", 1000.0, || rec.last().paused).await;
        assert_eq!(
            live_intervals(),
            intervals + polls,
            "{kind}: timers when paused again"
        );
        assert_eq!(
            pending_frames(),
            0,
            "{kind}: no frame callback while paused"
        );

        frame.call("play", JsValue::UNDEFINED);
        wait_until("playing", 1000.0, || !rec.last().paused).await;
        drop(player);
        assert_eq!(
            message_listeners(),
            listeners,
            "{kind}: drop removes the message listener"
        );
        assert_eq!(live_intervals(), intervals, "{kind}: drop clears the timer");
        assert_eq!(pending_frames(), 0, "{kind}: drop cancels the frame loop");
        fake_clear(&frame.0);
        let after = reports_during(&rec, 400).await;
        assert!(after.is_empty(), "{kind}: reports after drop: {after:?}");
        assert_eq!(frame.received(), "[]", "{kind}: messages posted after drop");
    }

    // Dropped with a timer live: Vimeo paused (its poll), YouTube still
    // greeting an embed that is not ready.
    for (kind, opts) in [("vimeo", "{}"), ("youtube", r#"{"ready":false}"#)] {
        let frame = Frame::with(kind, STYLE, opts).await;
        let (listeners, intervals) = (message_listeners(), live_intervals());
        let rec = Recorder::default();
        let player = make(kind, &frame, None, &rec);
        sleep(300).await;
        assert_eq!(live_intervals(), intervals + 1, "{kind}: a timer runs");
        drop(player);
        assert_eq!(
            live_intervals(),
            intervals,
            "{kind}: drop with a live timer clears it"
        );
        assert_eq!(message_listeners(), listeners);
        fake_clear(&frame.0);
        sleep(600).await;
        assert_eq!(frame.received(), "[]", "{kind}: messages posted after drop");
    }
}

/// The picture is the manifest's aspect letterboxed in the iframe's content
/// box, and follows resizes.
#[wasm_bindgen_test]
async fn letterboxed_layout_for_the_aspect() {
    let frame = Frame::new(
        "youtube",
        "display:block;box-sizing:content-box;width:640px;height:480px;border:3px solid #000;padding:0;margin:0",
    )
    .await;
    let rec = Recorder::default();
    let player = make("youtube", &frame, Some((16, 9)), &rec);
    let layout = player.state().layout.expect("a layout at once");
    assert_eq!(layout.content, Size { w: 640.0, h: 480.0 });
    assert_eq!(layout.intrinsic, Size { w: 16.0, h: 9.0 });
    assert_eq!(layout.fit, ObjectFit::Contain);
    assert_eq!(
        picture_rect(&layout),
        Some(Rect {
            x: 0.0,
            y: 60.0,
            w: 640.0,
            h: 360.0
        }),
        "bars top and bottom"
    );
    assert_eq!(
        player.state().content_box,
        Some(BoxPos {
            left: 3.0,
            top: 3.0,
            width: 640.0,
            height: 480.0,
            inset_left: 3.0,
            inset_top: 3.0
        })
    );

    let el: web_sys::HtmlElement = frame.0.clone().unchecked_into();
    el.style().set_property("width", "900px").unwrap();
    el.style().set_property("height", "300px").unwrap();
    wait_until("the resized layout", 1000.0, || {
        rec.last().layout.is_some_and(|l| l.content.w == 900.0)
    })
    .await;
    let r = picture_rect(&player.state().layout.unwrap()).unwrap();
    let near = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(
        near(r.x, 550.0 / 3.0) && r.y == 0.0 && near(r.w, 1600.0 / 3.0) && r.h == 300.0,
        "bars left and right: {r:?}"
    );

    el.style().set_property("display", "none").unwrap();
    wait_until("no layout while hidden", 1000.0, || {
        rec.last().layout.is_none()
    })
    .await;
    drop(player);

    // No aspect in the manifest: 16:9; a square video: 1:1.
    el.style().set_property("display", "block").unwrap();
    let player = make("vimeo", &frame, None, &rec);
    assert_eq!(
        player.state().layout.unwrap().intrinsic,
        Size { w: 16.0, h: 9.0 }
    );
    drop(player);
    let player = make("vimeo", &frame, Some((1, 1)), &rec);
    assert_eq!(
        picture_rect(&player.state().layout.unwrap()),
        Some(Rect {
            x: 300.0,
            y: 0.0,
            w: 300.0,
            h: 300.0
        })
    );
    drop(player);
}

/// A `blob:` document has the origin of the page that made it, which its URL
/// names: the same rule accepts it, and requests reach it.
#[wasm_bindgen_test]
async fn blob_frames_follow_the_same_rule() {
    for kind in ["youtube", "vimeo"] {
        let frame = Frame::from_blob(kind, STYLE).await;
        assert!(iframe_src(&frame.0).starts_with("blob:"));
        let rec = Recorder::default();
        let player = make(kind, &frame, None, &rec);
        wait_until("the handshake with a blob: frame", 2000.0, || {
            rec.last().duration == 20.0
        })
        .await;
        player.request(PlayerRequest::Play);
        wait_until("playing", 1000.0, || !rec.last().paused && frame.playing()).await;
        player.request(PlayerRequest::Pause);
        wait_until("paused", 1000.0, || rec.last().paused).await;
        drop(player);
    }
}

fn iframe_with(attrs: &[(&str, &str)]) -> Element {
    let el = window()
        .document()
        .unwrap()
        .create_element("iframe")
        .unwrap();
    for (k, v) in attrs {
        el.set_attribute(k, v).unwrap();
    }
    el
}

#[wasm_bindgen_test]
fn expected_origins() {
    let own = Some(origin());
    type Attrs<'a> = &'a [(&'a str, &'a str)];
    let cases: &[(Attrs, Option<&str>)] = &[
        (
            &[("src", "https://www.youtube.com/embed/abc?enablejsapi=1")],
            Some("https://www.youtube.com"),
        ),
        (
            &[(
                "src",
                "https://www.youtube-nocookie.com/embed/abc?enablejsapi=1",
            )],
            Some("https://www.youtube-nocookie.com"),
        ),
        (
            &[("src", "https://player.vimeo.com/video/76979871")],
            Some("https://player.vimeo.com"),
        ),
        (&[("src", "data:text/html,<p>x</p>")], None),
        (
            &[
                ("src", "https://player.vimeo.com/video/1"),
                ("sandbox", "allow-scripts"),
            ],
            None,
        ),
        (
            &[
                ("src", "https://player.vimeo.com/video/1"),
                ("sandbox", "allow-scripts allow-same-origin"),
            ],
            Some("https://player.vimeo.com"),
        ),
    ];
    for (attrs, want) in cases {
        assert_eq!(
            expected_origin(&iframe_with(attrs)).as_deref(),
            *want,
            "{attrs:?}"
        );
    }
    // Documents the host page wrote itself have its origin.
    assert_eq!(
        expected_origin(&iframe_with(&[("srcdoc", "<p>x</p>")])),
        own
    );
    assert_eq!(
        expected_origin(&iframe_with(&[
            ("srcdoc", "<p>x</p>"),
            ("src", "https://player.vimeo.com/video/1")
        ])),
        own
    );
    assert_eq!(expected_origin(&iframe_with(&[])), own);
    assert_eq!(
        expected_origin(&iframe_with(&[
            ("srcdoc", "x"),
            ("sandbox", "allow-scripts")
        ])),
        None
    );
    // A blob: URL carries the origin that made it.
    let blob = blob_url();
    assert_eq!(
        expected_origin(&iframe_with(&[("src", &blob)])),
        own,
        "{blob}"
    );
    web_sys::Url::revoke_object_url(&blob).unwrap();

    // Who may answer: a vendor's `http:` or `//…` address is taken as https,
    // as the official clients do, and any of the vendor's hosts may answer
    // (the first one to do so locks); anything else as written.
    assert!(origin().starts_with("http://"), "the test page is http");
    let first = |src: &str, hosts: &[&str]| {
        reply_origins_of(&iframe_with(&[("src", src)]), hosts).map(|o| o[0].clone())
    };
    for src in [
        "http://www.youtube.com/embed/abc?enablejsapi=1",
        "//www.youtube.com/embed/abc?enablejsapi=1",
        "https://www.youtube.com/embed/abc?enablejsapi=1",
    ] {
        assert_eq!(
            first(src, youtube::HOSTS).as_deref(),
            Some("https://www.youtube.com"),
            "{src}"
        );
    }
    assert_eq!(
        first("http://player.vimeo.com/video/1", vimeo::HOSTS).as_deref(),
        Some("https://player.vimeo.com")
    );
    let all = reply_origins_of(
        &iframe_with(&[("src", "//youtube-nocookie.com/embed/abc?enablejsapi=1")]),
        youtube::HOSTS,
    )
    .unwrap();
    assert_eq!(all.len(), youtube::HOSTS.len(), "{all:?}");
    assert!(all.iter().all(|o| o.starts_with("https://")), "{all:?}");
    // A self-hosted copy or a local stand-in: its own origin, as written.
    assert_eq!(
        reply_origins_of(
            &iframe_with(&[(
                "src",
                "http://localhost:4173/test/players/youtube-standin.html"
            )]),
            youtube::HOSTS
        ),
        Some(vec!["http://localhost:4173".to_string()])
    );
}

#[wasm_bindgen_test]
fn detects_players_by_url_and_kind() {
    let sink: StateSink = Rc::new(|_: &PlayerState| {});
    let detect = |attrs: &[(&str, &str)], kind: Option<&str>| {
        detect_iframe(&iframe_with(attrs), kind, None, sink.clone())
    };
    let name = |r: Result<Box<dyn Player>, String>| r.map(|p| p.name());

    assert_eq!(
        name(detect(
            &[("src", "https://www.youtube.com/embed/abc?enablejsapi=1")],
            None
        )),
        Ok("youtube")
    );
    assert_eq!(
        name(detect(
            &[(
                "src",
                "https://www.youtube-nocookie.com/embed/abc?rel=0&enablejsapi=1"
            )],
            None
        )),
        Ok("youtube")
    );
    assert_eq!(
        name(detect(
            &[("src", "https://youtube.com/embed/abc?enablejsapi=1")],
            None
        )),
        Ok("youtube")
    );
    assert_eq!(
        name(detect(
            &[("src", "https://player.vimeo.com/video/76979871?h=x")],
            None
        )),
        Ok("vimeo")
    );
    for src in [
        "http://m.youtube.com/embed/abc?enablejsapi=1",
        "//youtube-nocookie.com/embed/abc?enablejsapi=1",
        "http://player.vimeo.com/video/1",
    ] {
        assert!(detect(&[("src", src)], None).is_ok(), "{src}");
    }
    // origin= must be this page's origin, or the embed ignores us: refused,
    // naming both. The same origin, written with a path, is fine.
    let err = name(detect(
        &[(
            "src",
            "https://www.youtube.com/embed/abc?enablejsapi=1&origin=https%3A%2F%2Fshop.example",
        )],
        None,
    ))
    .unwrap_err();
    assert!(
        err.contains("origin=https://shop.example") && err.contains(&origin()),
        "{err}"
    );
    let own = [
        "https://www.youtube.com/embed/abc?enablejsapi=1&origin=",
        &origin(),
        "/some/page",
    ]
    .concat();
    assert_eq!(name(detect(&[("src", &own)], None)), Ok("youtube"));
    let err = name(detect(
        &[("src", "https://www.youtube.com/embed/abc")],
        None,
    ))
    .unwrap_err();
    assert!(
        err.contains("enablejsapi=1") && err.contains("https://www.youtube.com/embed/abc"),
        "{err}"
    );
    let err = name(detect(
        &[
            ("src", "https://www.youtube.com/embed/abc"),
            ("data-shoppable-player", "youtube"),
        ],
        None,
    ))
    .unwrap_err();
    assert!(err.contains("enablejsapi=1"), "{err}");
    let err = name(detect(
        &[("src", "https://www.youtube.com/watch?v=abc")],
        None,
    ))
    .unwrap_err();
    assert!(
        err.contains("no adapter") && err.contains("youtube.com/watch"),
        "{err}"
    );
    let err = name(detect(&[("src", "https://example.com/player.html")], None)).unwrap_err();
    assert!(
        err.contains("https://example.com/player.html")
            && err.contains("YouTube")
            && err.contains("Vimeo"),
        "{err}"
    );
    // By kind (stand-ins, proxies): the option, or the attribute.
    assert_eq!(
        name(detect(
            &[("src", "https://example.com/p.html")],
            Some("vimeo")
        )),
        Ok("vimeo")
    );
    assert_eq!(
        name(detect(
            &[
                ("src", "https://example.com/p.html"),
                ("data-shoppable-player", "YouTube")
            ],
            None
        )),
        Ok("youtube")
    );
    let err = name(detect(
        &[("src", "https://example.com/p.html")],
        Some("dailymotion"),
    ))
    .unwrap_err();
    assert!(err.contains("dailymotion"), "{err}");
    let div = window().document().unwrap().create_element("div").unwrap();
    assert!(detect_iframe(&div, Some("youtube"), None, sink.clone()).is_err());
    // An opaque frame cannot be verified: refused.
    let err = name(detect(
        &[
            ("src", "https://player.vimeo.com/video/1"),
            ("sandbox", "allow-scripts"),
        ],
        None,
    ))
    .unwrap_err();
    assert!(err.contains("opaque"), "{err}");
}

/// `player: "youtube" | "vimeo"` through the public `mount` (what
/// `Shoppable.attach` calls): the kind picks the iframe adapter (a `srcdoc`
/// frame has no src to tell), and the overlay follows the frame; a kind that
/// is neither is refused, naming it.
#[wasm_bindgen_test]
async fn a_player_kind_given_to_attach_picks_the_iframe_adapter() {
    const MANIFEST: &str = r#"{ "version": 1, "video": { "id": "k" }, "currency": "USD",
        "products": [{ "id": "p", "title": "P", "price": 1000 }],
        "tags": [{ "id": "t1", "product": "p", "start": 0, "end": 100, "keyframes": [{ "t": 0, "x": 0.5, "y": 0.5 }] }] }"#;
    for kind in ["youtube", "vimeo"] {
        let frame = Frame::new(kind, STYLE).await;
        let options = js_sys::JSON::parse(&["{\"manifest\": ", MANIFEST, "}"].concat()).unwrap();
        js_sys::Reflect::set(&options, &"player".into(), &kind.into()).unwrap();
        let handle = shoppable::api::mount(frame.0.clone().into(), options, JsValue::UNDEFINED)
            .expect("mount accepts the frame and the kind");
        wait_until(
            &format!("{kind}: the overlay after the frame"),
            3000.0,
            || {
                frame
                    .0
                    .next_element_sibling()
                    .is_some_and(|e| e.has_attribute("data-shoppable-overlay"))
            },
        )
        .await;
        handle.destroy();
    }
    let frame = Frame::new("youtube", STYLE).await;
    let options = js_sys::JSON::parse(&["{\"manifest\": ", MANIFEST, "}"].concat()).unwrap();
    let sink: StateSink = Rc::new(|_: &PlayerState| {});
    let err = shoppable::player::detect::detect(&frame.0, &"dailymotion".into(), None, sink)
        .map(|p| p.name())
        .unwrap_err();
    assert!(
        err.contains("\"dailymotion\"") && err.contains("options.player"),
        "{err}"
    );
    drop(options);
}
