//! Work in progress kept in IndexedDB (`model::studio::project::Saved`, one
//! JSON text per video file, keyed by `saved_key`: the file's name, size
//! and duration), so a reload loses nothing: the studio lists what is kept
//! and asks the author to pick that file again; opening it restores the
//! work. Saving follows every change of the project or the document.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransactionMode};

const DB: &str = "shoppable-studio";
const STORE: &str = "work";

/// A request's result as a Promise (IndexedDB answers by events).
fn promise(req: &IdbRequest) -> Promise {
    let req = req.clone();
    Promise::new(&mut |resolve, reject| {
        let r = req.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let fail = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::NULL, &"IndexedDB request failed".into());
        });
        req.set_onsuccess(Some(ok.unchecked_ref()));
        req.set_onerror(Some(fail.unchecked_ref()));
    })
}

async fn open() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .ok_or("no window")?
        .indexed_db()?
        .ok_or("IndexedDB is not available")?;
    let req = factory.open_with_u32(DB, 1)?;
    let upgrade = Closure::once_into_js({
        let req = req.clone();
        move || {
            if let Ok(db) = req.result().and_then(|d| d.dyn_into::<IdbDatabase>()) {
                let _ = db.create_object_store(STORE);
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    Ok(JsFuture::from(promise(&req)).await?.unchecked_into())
}

/// Stores `text` under `key`.
pub async fn put(key: &str, text: &str) -> Result<(), JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
    let req = tx
        .object_store(STORE)?
        .put_with_key(&JsValue::from_str(text), &JsValue::from_str(key))?;
    JsFuture::from(promise(&req)).await?;
    db.close();
    Ok(())
}

/// The text under `key`, if any.
pub async fn get(key: &str) -> Result<Option<String>, JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE)?;
    let req = tx.object_store(STORE)?.get(&JsValue::from_str(key))?;
    let v = JsFuture::from(promise(&req)).await?;
    db.close();
    Ok(v.as_string())
}

/// Every key kept.
pub async fn keys() -> Result<Vec<String>, JsValue> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE)?;
    let req = tx.object_store(STORE)?.get_all_keys()?;
    let v = JsFuture::from(promise(&req)).await?;
    db.close();
    Ok(Array::from(&v)
        .iter()
        .filter_map(|k| k.as_string())
        .collect())
}
