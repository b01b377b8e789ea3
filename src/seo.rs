//! The JSON-LD helper's module (`--features seo`, `shoppable-jsonld.js`):
//! a manifest and the page's facts to the text of the page's
//! `<script type="application/ld+json">`, by the studio's and the server
//! route's own function (`model::studio::jsonld`). No leptos and no DOM, so
//! it runs in a browser and in Node (www/shoppable-seo.js loads it in both).

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use crate::model::manifest::parse_str;
use crate::model::studio::jsonld::{check_page, script_text, PageField, VideoPage};

/// The script text for manifest JSON text and a `page` object
/// (`{ name, thumbnailUrl, uploadDate, pageUrl, description?, contentUrl? }`).
/// Errors are the manifest validator's messages (naming the JSON path) or
/// name the page field as `page.<field>`.
#[wasm_bindgen(js_name = scriptText)]
pub fn script_text_js(manifest: &str, page: &JsValue) -> Result<String, JsError> {
    let page = video_page(page)?;
    check_page(&page)
        .map_err(|p| JsError::new(&p.message(&format!("page.{}", p.field().js_name()))))?;
    let parsed = parse_str(manifest).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(script_text(&page, &parsed.manifest))
}

/// The page's facts as given; blank optional facts are absent, and
/// `check_page` names the required ones that are missing.
fn video_page(page: &JsValue) -> Result<VideoPage, JsError> {
    if !page.is_object() {
        return Err(JsError::new(
            "page: must be an object { name, thumbnailUrl, uploadDate, pageUrl, description?, contentUrl? }",
        ));
    }
    let text = |f: PageField| -> Result<Option<String>, JsError> {
        let v = Reflect::get(page, &JsValue::from_str(f.js_name()))
            .map_err(|_| JsError::new(&format!("page.{}: cannot be read", f.js_name())))?;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        match v.as_string() {
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => Ok(Some(s)),
            None => Err(JsError::new(&format!(
                "page.{}: must be a string",
                f.js_name()
            ))),
        }
    };
    Ok(VideoPage {
        name: text(PageField::Name)?.unwrap_or_default(),
        description: text(PageField::Description)?,
        thumbnail_url: text(PageField::ThumbnailUrl)?.unwrap_or_default(),
        upload_date: text(PageField::UploadDate)?.unwrap_or_default(),
        content_url: text(PageField::ContentUrl)?,
        page_url: text(PageField::PageUrl)?.unwrap_or_default(),
    })
}
