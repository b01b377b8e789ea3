//! The overlay's host element: a `<shoppable-overlay>` placed right after the
//! video, absolutely positioned over the video's content box, with an open
//! shadow root (open so axe and host scripts can inspect it) holding our CSS
//! and markup. A custom element name keeps host rules such as `div {…}` off it;
//! `!important` inline styles keep the rest of the host's CSS off it.

use crate::player::BoxPos;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, HtmlVideoElement, ShadowRootInit, ShadowRootMode};

pub struct Host {
    pub element: HtmlElement,
    /// Where the leptos view mounts, inside the shadow root.
    pub root: HtmlElement,
}

impl Host {
    pub fn insert(doc: &Document, video: &HtmlVideoElement, css: &str) -> Result<Host, String> {
        let fail = |what: &str| ["cannot create the overlay (", what, ")"].concat();
        let element: HtmlElement = doc
            .create_element("shoppable-overlay")
            .map_err(|_| fail("createElement"))?
            .unchecked_into();
        let _ = element.set_attribute("data-shoppable-overlay", "");
        let shadow = element
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| fail("attachShadow"))?;
        let style = doc.create_element("style").map_err(|_| fail("style"))?;
        style.set_text_content(Some(css));
        let root: HtmlElement = doc.create_element("div").map_err(|_| fail("root"))?.unchecked_into();
        let _ = root.set_attribute("class", "root");
        shadow.append_child(&style).map_err(|_| fail("append"))?;
        shadow.append_child(&root).map_err(|_| fail("append"))?;
        // Hidden until the first layout says where the picture is.
        place(&element, None, "auto");
        video.after_with_node_1(&element).map_err(|_| fail("insert"))?;
        Ok(Host { element, root })
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.element.remove();
    }
}

/// Puts the host over `b`, or hides it when `None`. `z` is the video's own
/// z-index so we sit just above it, never above the host's other layers.
pub fn place(el: &HtmlElement, b: Option<BoxPos>, z: &str) {
    let css = match b {
        Some(b) if b.width > 0.0 && b.height > 0.0 => [
            "all:initial!important;display:block!important;position:absolute!important;pointer-events:none!important;margin:0!important;",
            "left:", num(b.left).as_str(), "px!important;top:", num(b.top).as_str(), "px!important;",
            "width:", num(b.width).as_str(), "px!important;height:", num(b.height).as_str(), "px!important;",
            "z-index:", z, "!important",
        ]
        .concat(),
        _ => "all:initial!important;display:none!important".to_owned(),
    };
    let _ = el.set_attribute("style", &css);
}

fn num(v: f64) -> String {
    ((v * 100.0).round() / 100.0).to_string()
}

/// The video's z-index plus one when it has a numeric one, else `auto`
/// (a positioned later sibling already paints above it).
pub fn z_index_above(video: &HtmlVideoElement) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(video).ok().flatten())
        .and_then(|s| s.get_property_value("z-index").ok())
        .and_then(|z| z.parse::<i32>().ok())
        .map(|z| z.saturating_add(1).to_string())
        .unwrap_or_else(|| "auto".to_owned())
}
