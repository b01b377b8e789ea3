//! A panic in the viewer (forced by the test switch `"panic"`, `embed::force`):
//! the panic hook removes the overlay and tears the mount down, so every
//! listener, observer, frame callback and timer it registered is gone, counted
//! by the same books as `browser_mount.rs`. With `panic = "abort"` no `Drop`
//! runs by itself; the hook reaches the mounts through a registry it can use
//! without borrowing any `RefCell`. Its own test target: the instance traps
//! after the hook, and other tests should not share it.
#![cfg(target_arch = "wasm32")]

mod mount_page;

use mount_page::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_panic_tears_the_mount_down() {
    let page = Page::new().await;
    let w = web_sys::window().unwrap();
    let key = JsValue::from_str("__shoppableForceFallbacks");
    js_sys::Reflect::set(&w, &key, &js_sys::Array::of1(&"panic".into())).unwrap();
    let _handle = page.mount(&options_with_manifest(MANIFEST));
    // The video plays: the adapter reports within a frame of the mount, and
    // the viewer panics there.
    wait_until("the panic hook's console error", 5000.0, || {
        page.new_console_errors()
            .iter()
            .any(|e| e.contains("internal error"))
    })
    .await;
    js_sys::Reflect::delete_property(&w.into(), &key).unwrap();
    page.assert_restored("right after the panic");
    sleep(300).await;
    page.assert_restored("300 ms after the panic");
}
