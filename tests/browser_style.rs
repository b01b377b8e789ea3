//! How the widget styles itself and what it changes on the host's video, in
//! the engines the browser layer runs (Chromium, Firefox): constructable
//! stylesheets instead of `<style>` elements (a strict `style-src` blocks
//! those), the video's `anchor-name` from the page's stylesheet kept, inline
//! properties restored with their priority, and each fallback the test switch
//! (`window.__shoppableForceFallbacks`, `embed::force`) forces: tags are
//! still placed and `destroy()` still leaves the page as it was. Also: hooks
//! with only `provideProducts` (a forced panic is in `browser_panic.rs`).
#![cfg(target_arch = "wasm32")]

mod mount_page;

use mount_page::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

/// Sets `window.__shoppableForceFallbacks` for as long as it lives.
struct Force;

impl Force {
    fn new(names: &[&str]) -> Force {
        let list: js_sys::Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        js_sys::Reflect::set(&window(), &"__shoppableForceFallbacks".into(), &list).unwrap();
        Force
    }
}

impl Drop for Force {
    fn drop(&mut self) {
        let w: js_sys::Object = window().into();
        js_sys::Reflect::delete_property(&w, &"__shoppableForceFallbacks".into()).unwrap();
    }
}

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn shadow(page: &Page) -> ShadowRoot {
    page.video
        .next_element_sibling()
        .and_then(|o| o.shadow_root())
        .expect("the overlay's shadow root after the video")
}

fn adopted(root: &ShadowRoot) -> u32 {
    js_sys::Array::from(&root.adopted_style_sheets()).length()
}

fn computed(el: &web_sys::Element, prop: &str) -> String {
    window()
        .get_computed_style(el)
        .unwrap()
        .unwrap()
        .get_property_value(prop)
        .unwrap()
}

/// Mounts `options` on the page and waits for its tag.
async fn mount_with_tag(
    page: &Page,
    options: &JsValue,
) -> (shoppable::api::MountHandle, HtmlElement) {
    let handle = page.mount(options);
    wait_until("shoppable:ready", 5000.0, || count(&page.ready) == 1).await;
    let root = shadow(page);
    wait_until("button.tag", 2000.0, || {
        root.query_selector("button.tag").unwrap().is_some()
    })
    .await;
    let tag = root
        .query_selector("button.tag")
        .unwrap()
        .unwrap()
        .unchecked_into();
    (handle, tag)
}

/// The tag sits where the manifest says, (0.5, 0.5) of the 320x180 video,
/// and our stylesheet applies to it (`button.tag` is absolutely positioned).
fn assert_placed(page: &Page, tag: &HtmlElement, when: &str) {
    assert_eq!(
        computed(tag, "position"),
        "absolute",
        "{when}: our stylesheet applies"
    );
    let host = page.video.next_element_sibling().unwrap();
    let (v, h) = (
        page.video.get_bounding_client_rect(),
        host.get_bounding_client_rect(),
    );
    assert!(
        (v.left() - h.left()).abs() < 1.0 && (v.top() - h.top()).abs() < 1.0,
        "{when}: the overlay covers the video: video ({}, {}), overlay ({}, {})",
        v.left(),
        v.top(),
        h.left(),
        h.top()
    );
    assert_eq!(
        tag.style().get_property_value("transform").unwrap(),
        "translate(160px, 90px)",
        "{when}"
    );
}

#[wasm_bindgen_test]
async fn styles_come_from_an_adopted_sheet_not_a_style_element() {
    let page = Page::new().await;
    let (handle, tag) = mount_with_tag(&page, &options_with_manifest(MANIFEST)).await;
    let root = shadow(&page);
    assert_eq!(root.query_selector_all("style").unwrap().length(), 0);
    assert_eq!(adopted(&root), 1, "the viewer's sheet");
    assert_placed(&page, &tag, "adopted");
    // The host's placement is CSSOM properties, each !important.
    let host: HtmlElement = page.video.next_element_sibling().unwrap().unchecked_into();
    assert_eq!(host.style().get_property_priority("position"), "important");
    handle.destroy();
    page.assert_restored("after destroy()");
    assert_eq!(body_html(), page.body_html);
}

#[wasm_bindgen_test]
async fn the_video_keeps_the_anchor_name_its_stylesheet_gives_it() {
    let page = Page::new().await;
    page.video.set_id("anchored");
    let sheet = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("style")
        .unwrap();
    sheet.set_text_content(Some("#anchored { anchor-name: --page-anchor; }"));
    page.container.append_child(&sheet).unwrap();
    let supported = computed(&page.video, "anchor-name") == "--page-anchor";
    let (handle, tag) = mount_with_tag(&page, &options_with_manifest(MANIFEST)).await;
    assert_placed(&page, &tag, "anchored");
    if supported {
        let names = computed(&page.video, "anchor-name");
        assert!(
            names.starts_with("--page-anchor, --shoppable-"),
            "the page's anchor name and ours: {names}"
        );
    }
    handle.destroy();
    assert_eq!(
        page.video
            .style()
            .get_property_value("anchor-name")
            .unwrap(),
        ""
    );
    if supported {
        assert_eq!(computed(&page.video, "anchor-name"), "--page-anchor");
    }
    sheet.remove();
    page.video.remove_attribute("id").unwrap();
}

#[wasm_bindgen_test]
async fn an_inline_anchor_name_comes_back_with_its_priority() {
    let page = Page::new().await;
    let style = page.video.style();
    style
        .set_property_with_priority("anchor-name", "--mine", "important")
        .unwrap();
    let known = style.get_property_value("anchor-name").unwrap() == "--mine";
    let (handle, _tag) = mount_with_tag(&page, &options_with_manifest(MANIFEST)).await;
    handle.destroy();
    if known {
        assert_eq!(style.get_property_value("anchor-name").unwrap(), "--mine");
        assert_eq!(style.get_property_priority("anchor-name"), "important");
    }
    style.remove_property("anchor-name").unwrap();
}

#[wasm_bindgen_test]
async fn forced_fallbacks_still_place_the_tags_and_restore_the_page() {
    for names in [
        &["anchor"][..],
        &["rvfc"],
        &["adopted"],
        &["anchor", "rvfc", "adopted"],
    ] {
        let page = Page::new().await;
        let force = Force::new(names);
        let (handle, tag) = mount_with_tag(&page, &options_with_manifest(MANIFEST)).await;
        let when = format!("forced {names:?}");
        assert_placed(&page, &tag, &when);
        let root = shadow(&page);
        if names.contains(&"anchor") {
            assert_eq!(
                page.video
                    .style()
                    .get_property_value("anchor-name")
                    .unwrap(),
                "",
                "{when}: no anchor name without anchoring"
            );
        }
        if names.contains(&"adopted") {
            assert_eq!(adopted(&root), 0, "{when}");
            assert_eq!(
                root.query_selector_all("style").unwrap().length(),
                1,
                "{when}"
            );
        }
        if names.contains(&"rvfc") {
            // The frame loop runs on animation frames, never on video frames.
            wait_until("a pending animation frame", 1000.0, || {
                diff(&page.books, &snapshot())
                    .iter()
                    .any(|d| d.starts_with("pending requestAnimationFrame"))
            })
            .await;
            let during = diff(&page.books, &snapshot());
            assert!(
                !during
                    .iter()
                    .any(|d| d.starts_with("pending requestVideoFrameCallback")),
                "{when}: {during:?}"
            );
        }
        handle.destroy();
        page.assert_restored(&when);
        drop(force);
    }
}

#[wasm_bindgen_test]
async fn provide_products_alone_sets_the_prices() {
    let page = Page::new().await;
    let options = options_with_manifest(MANIFEST);
    let hooks = js_sys::Object::new();
    let answer = json(r#"[{ "product_id": "p", "price": 500 }]"#);
    let provide = Closure::<dyn Fn(JsValue) -> js_sys::Promise>::new(move |_ids: JsValue| {
        js_sys::Promise::resolve(&answer)
    });
    js_sys::Reflect::set(&hooks, &"provideProducts".into(), provide.as_ref()).unwrap();
    js_sys::Reflect::set(&options, &"hooks".into(), &hooks).unwrap();
    let (handle, tag) = mount_with_tag(&page, &options).await;
    let label = tag.get_attribute("aria-label").unwrap_or_default();
    assert!(
        label.contains("$5.00"),
        "the page's price, not the manifest's: {label}"
    );
    handle.destroy();
    page.assert_restored("after destroy()");
}
