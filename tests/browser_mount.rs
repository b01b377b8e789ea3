//! Mounting and destroying the widget in headless Chromium: `destroy()` leaves
//! the host page exactly as it found it (DESIGN.md invariant 4), failures
//! leave no overlay and say why (invariant 5).
//!
//! The books it is held to (listeners, observers, frame callbacks, timers,
//! event sources) are kept by `mount_page`; live mounts (the live card's
//! module) are held to the same books.
#![cfg(target_arch = "wasm32")]

mod mount_page;

use mount_page::*;
use shoppable::api::mount;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

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
        body_html(),
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
