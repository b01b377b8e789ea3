//! The overlay's host element: a `<shoppable-overlay>` placed right after the
//! video, absolutely positioned over the video's content box, with an open
//! shadow root (open so axe and host scripts can inspect it) holding our CSS
//! and markup. A custom element name keeps host rules such as `div {…}` off it;
//! `!important` inline styles keep the rest of the host's CSS off it.
//!
//! Where the browser has CSS anchor positioning, the host is anchored to the
//! video (`anchor-name` on the video, `anchor()` in our inset), so it follows
//! the video through any reflow of the page without a line of script. Elsewhere
//! it is placed at the video's offset, refreshed on resize events.

use crate::player::BoxPos;
use std::cell::Cell;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlElement, ShadowRootInit, ShadowRootMode};

thread_local! {
    static NEXT_ANCHOR: Cell<u32> = const { Cell::new(0) };
}

pub struct Host {
    pub element: HtmlElement,
    /// Where the leptos view mounts, inside the shadow root.
    pub root: HtmlElement,
    /// The player's surface (the `<video>`, `<iframe>` or media element).
    video: HtmlElement,
    /// Our anchor name, when anchoring is supported.
    anchor: Option<String>,
    /// The video's own inline `anchor-name` before we added ours.
    prev_anchor: String,
    /// The video's `style` attribute before, verbatim, and as it read right
    /// after we added our anchor name: if the page has not touched it since,
    /// destroy puts the original text back exactly.
    orig_style: Option<String>,
    set_style: Option<String>,
}

impl Host {
    pub fn insert(doc: &Document, video: &HtmlElement, css: &str) -> Result<Host, String> {
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
        let root: HtmlElement = doc
            .create_element("div")
            .map_err(|_| fail("root"))?
            .unchecked_into();
        let _ = root.set_attribute("class", "root");
        shadow.append_child(&style).map_err(|_| fail("append"))?;
        shadow.append_child(&root).map_err(|_| fail("append"))?;

        let orig_style = video.get_attribute("style");
        let prev_anchor = video
            .style()
            .get_property_value("anchor-name")
            .unwrap_or_default();
        let anchor = anchoring_supported(&element).then(|| {
            let n = NEXT_ANCHOR.with(|c| {
                c.set(c.get() + 1);
                c.get()
            });
            let name = ["--shoppable-", n.to_string().as_str()].concat();
            // Keep any anchor name the host page gave the video.
            let value = if prev_anchor.is_empty() {
                name.clone()
            } else {
                [prev_anchor.as_str(), ", ", name.as_str()].concat()
            };
            let _ = video.style().set_property("anchor-name", &value);
            name
        });
        let set_style = video.get_attribute("style");
        let host = Host {
            element,
            root,
            video: video.clone(),
            anchor,
            prev_anchor,
            orig_style,
            set_style,
        };
        // Hidden until the first layout says where the picture is.
        host.place(None, "auto");
        video
            .after_with_node_1(&host.element)
            .map_err(|_| fail("insert"))?;
        Ok(host)
    }

    /// The player's surface this host covers.
    pub fn surface(&self) -> &HtmlElement {
        &self.video
    }

    /// Keeps the host where the viewer can see it in fullscreen: inside the
    /// fullscreen element when that is a container of the surface (video.js's
    /// or Plyr's container, a `<media-controller>`, a page's own wrapper), since
    /// only the fullscreen element's subtree is drawn; back right after the
    /// surface when fullscreen ends. A surface that is itself fullscreen (a bare
    /// video's native button) cannot show anything over it: see
    /// `embed::takeover`.
    pub fn follow_fullscreen(&self) {
        let fs = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.fullscreen_element());
        match fs {
            Some(fs) if !fs.is_same_node(Some(&self.video)) && fs.contains(Some(&self.video)) => {
                if !fs.contains(Some(&self.element)) {
                    let _ = fs.append_child(&self.element);
                }
            }
            _ => {
                let next = self.video.next_sibling();
                if !next.is_some_and(|n| n.is_same_node(Some(&self.element))) {
                    let _ = self.video.after_with_node_1(&self.element);
                }
            }
        }
    }

    /// Puts the host over `b`, or hides it when `None`. `z` is the video's own
    /// z-index so we sit just above it, never above the host's other layers.
    pub fn place(&self, b: Option<BoxPos>, z: &str) {
        let css = match b {
            Some(b) if b.width > 0.0 && b.height > 0.0 => {
                let (left, top) = match &self.anchor {
                    // position-anchor makes the video the *default* anchor, which
                    // is what lets the browser follow it when a scroll container
                    // between us scrolls; anchors-visible hides us when it is
                    // scrolled out of sight.
                    Some(a) => (
                        [
                            "calc(anchor(left) + ",
                            num(b.inset_left).as_str(),
                            "px)!important;position-anchor:",
                            a.as_str(),
                            "!important;position-visibility:anchors-visible",
                        ]
                        .concat(),
                        ["calc(anchor(top) + ", num(b.inset_top).as_str(), "px)"].concat(),
                    ),
                    None => (
                        [num(b.left).as_str(), "px"].concat(),
                        [num(b.top).as_str(), "px"].concat(),
                    ),
                };
                [
                    "all:initial!important;display:block!important;position:absolute!important;pointer-events:none!important;margin:0!important;",
                    "left:", left.as_str(), "!important;top:", top.as_str(), "!important;",
                    "width:", num(b.width).as_str(), "px!important;height:", num(b.height).as_str(), "px!important;",
                    "z-index:", z, "!important",
                ]
                .concat()
            }
            _ => "all:initial!important;display:none!important".to_owned(),
        };
        let _ = self.element.set_attribute("style", &css);
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.element.remove();
        if self.anchor.is_none() {
            return;
        }
        if self.video.get_attribute("style") == self.set_style {
            match &self.orig_style {
                Some(text) => drop(self.video.set_attribute("style", text)),
                None => drop(self.video.remove_attribute("style")),
            }
            return;
        }
        // The page changed the style meanwhile: take back only our part.
        let style = self.video.style();
        let _ = if self.prev_anchor.is_empty() {
            style.remove_property("anchor-name").map(drop)
        } else {
            style.set_property("anchor-name", &self.prev_anchor)
        };
    }
}

/// Whether this browser understands `anchor-name` (tried on our own, still
/// detached element, so the page sees nothing).
fn anchoring_supported(el: &HtmlElement) -> bool {
    let style = el.style();
    let _ = style.set_property("anchor-name", "--probe");
    let ok = style
        .get_property_value("anchor-name")
        .is_ok_and(|v| v == "--probe");
    let _ = el.remove_attribute("style");
    ok
}

fn num(v: f64) -> String {
    ((v * 100.0).round() / 100.0).to_string()
}

/// The video's z-index plus one when it has a numeric one, else `auto`
/// (a positioned later sibling already paints above it).
pub fn z_index_above(video: &web_sys::Element) -> String {
    web_sys::window()
        .and_then(|w| w.get_computed_style(video).ok().flatten())
        .and_then(|s| s.get_property_value("z-index").ok())
        .and_then(|z| z.parse::<i32>().ok())
        .map(|z| z.saturating_add(1).to_string())
        .unwrap_or_else(|| "auto".to_owned())
}
