//! The overlay's element: a `<shoppable-overlay>` placed right after the
//! video, absolutely positioned over the video's content box, with an open
//! shadow root (open so axe and page scripts can inspect it) holding our CSS
//! and markup; in DOM terms it is the shadow root's host. A custom element
//! name keeps page rules such as `div {…}` off it; `!important` inline styles
//! keep the rest of the page's CSS off it.
//!
//! Where the browser has CSS anchor positioning, the element is anchored to the
//! video (`anchor-name` on the video, `anchor()` in our inset), so it follows
//! the video through any reflow of the page without a line of script. Elsewhere
//! it is placed at the video's offset, refreshed on resize events.

use super::styles::{self, Adopted};
use crate::model::geometry::format_px;
use crate::player::BoxPos;
use std::cell::Cell;
use wasm_bindgen::JsCast;
use web_sys::{CssStyleDeclaration, Document, HtmlElement, ShadowRootInit, ShadowRootMode};

thread_local! {
    static NEXT_ANCHOR: Cell<u32> = const { Cell::new(0) };
}

pub struct OverlayElement {
    pub element: HtmlElement,
    /// Where the leptos view mounts, inside the shadow root.
    pub root: HtmlElement,
    /// The player's surface (the `<video>`, `<iframe>` or media element).
    video: HtmlElement,
    /// Our anchor name, when anchoring is supported.
    anchor: Option<String>,
    /// The video's own inline `anchor-name` (value and priority) before we
    /// set ours: destroy puts back exactly that property, nothing else.
    prev_anchor: Saved,
    _sheet: Adopted,
    /// Set once [`OverlayElement::teardown`] has run.
    gone: Cell<bool>,
}

/// One inline property as it was: its value (empty when unset) and priority.
pub struct Saved {
    name: &'static str,
    value: String,
    priority: String,
}

impl Saved {
    pub fn read(style: &CssStyleDeclaration, name: &'static str) -> Saved {
        Saved {
            name,
            value: style.get_property_value(name).unwrap_or_default(),
            priority: style.get_property_priority(name),
        }
    }

    /// Puts the property back as it was read (removed if it was unset).
    pub fn restore(&self, style: &CssStyleDeclaration) {
        let _ = if self.value.is_empty() {
            style.remove_property(self.name).map(drop)
        } else {
            style.set_property_with_priority(self.name, &self.value, &self.priority)
        };
    }
}

impl OverlayElement {
    pub fn insert(
        doc: &Document,
        video: &HtmlElement,
        css: &'static str,
    ) -> Result<OverlayElement, String> {
        let fail = |what: &str| ["cannot create the overlay (", what, ")"].concat();
        let element: HtmlElement = doc
            .create_element("shoppable-overlay")
            .map_err(|_| fail("createElement"))?
            .unchecked_into();
        let _ = element.set_attribute("data-shoppable-overlay", "");
        let shadow = element
            .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
            .map_err(|_| fail("attachShadow"))?;
        let sheet = styles::adopt(&shadow, css)?;
        let root: HtmlElement = doc
            .create_element("div")
            .map_err(|_| fail("root"))?
            .unchecked_into();
        let _ = root.set_attribute("class", "root");
        shadow.append_child(&root).map_err(|_| fail("append"))?;

        let prev_anchor = Saved::read(&video.style(), "anchor-name");
        let anchor = anchoring_supported(&element).then(|| {
            let n = NEXT_ANCHOR.with(|c| {
                c.set(c.get() + 1);
                c.get()
            });
            let name = ["--shoppable-", n.to_string().as_str()].concat();
            // Keep any anchor name the host page gave the video, inline or
            // from its stylesheets (an inline value would hide the latter).
            let theirs = page_anchor_names(video, &prev_anchor.value);
            let value = if theirs.is_empty() {
                name.clone()
            } else {
                [theirs.as_str(), ", ", name.as_str()].concat()
            };
            let _ = video.style().set_property_with_priority(
                "anchor-name",
                &value,
                &prev_anchor.priority,
            );
            name
        });
        let overlay = OverlayElement {
            element,
            root,
            video: video.clone(),
            anchor,
            prev_anchor,
            _sheet: sheet,
            gone: Cell::new(false),
        };
        // Hidden until the first layout says where the picture is.
        overlay.place(None, "auto");
        video
            .after_with_node_1(&overlay.element)
            .map_err(|_| fail("insert"))?;
        Ok(overlay)
    }
    /// The player's surface this element covers.
    pub fn surface(&self) -> &HtmlElement {
        &self.video
    }

    /// Keeps the element where the viewer can see it in fullscreen: inside the
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

    /// Puts the element over `b`, or hides it when `None`. `z` is the video's own
    /// z-index so we sit just above it, never above the page's other layers.
    /// Written property by property through the CSSOM (a strict `style-src`
    /// blocks `style` attributes, not CSSOM writes); `!important` keeps the
    /// page's rules off the element.
    pub fn place(&self, b: Option<BoxPos>, z: &str) {
        let s = self.element.style();
        let set = |k: &str, v: &str| drop(s.set_property_with_priority(k, v, "important"));
        let Some(b) = b.filter(|b| b.width > 0.0 && b.height > 0.0) else {
            set("all", "initial");
            set("display", "none");
            return;
        };
        set("all", "initial");
        set("display", "block");
        set("position", "absolute");
        set("pointer-events", "none");
        set("margin", "0");
        match &self.anchor {
            // position-anchor makes the video the *default* anchor, which
            // is what lets the browser follow it when a scroll container
            // between us scrolls; anchors-visible hides us when it is
            // scrolled out of sight.
            Some(a) => {
                let calc = |side: &str, by: f64| {
                    ["calc(anchor(", side, ") + ", format_px(by).as_str(), ")"].concat()
                };
                set("position-anchor", a);
                set("position-visibility", "anchors-visible");
                set("left", &calc("left", b.inset_left));
                set("top", &calc("top", b.inset_top));
            }
            None => {
                set("left", &format_px(b.left));
                set("top", &format_px(b.top));
            }
        }
        set("width", &format_px(b.width));
        set("height", &format_px(b.height));
        set("z-index", z);
    }
}

impl OverlayElement {
    /// Removes the element and gives the video back its own `anchor-name`;
    /// idempotent. Called by `Drop`, and by the mount's teardown when a panic
    /// hook cannot wait for the last `Rc`.
    pub fn teardown(&self) {
        if self.gone.replace(true) {
            return;
        }
        self.element.remove();
        if self.anchor.is_some() {
            self.prev_anchor.restore(&self.video.style());
        }
    }
}

impl Drop for OverlayElement {
    fn drop(&mut self) {
        self.teardown();
    }
}

/// The anchor names the page gives `video`: its inline value when it has
/// one, else the computed one (from the page's stylesheets), `none` aside.
fn page_anchor_names(video: &HtmlElement, inline: &str) -> String {
    if !inline.is_empty() {
        return inline.to_owned();
    }
    web_sys::window()
        .and_then(|w| w.get_computed_style(video).ok().flatten())
        .and_then(|s| s.get_property_value("anchor-name").ok())
        .filter(|v| !v.is_empty() && v != "none")
        .unwrap_or_default()
}

/// Whether this browser understands `anchor-name` (tried on our own, still
/// detached element, so the page sees nothing).
fn anchoring_supported(el: &HtmlElement) -> bool {
    if super::force::fallback("anchor") {
        return false;
    }
    let style = el.style();
    let _ = style.set_property("anchor-name", "--probe");
    let ok = style
        .get_property_value("anchor-name")
        .is_ok_and(|v| v == "--probe");
    let _ = style.remove_property("anchor-name");
    ok
}

/// One above whatever paints over the video in its own stacking context:
/// the video's numeric z-index and that of every positioned later sibling
/// that covers the whole video, such as a player's poster or click shield
/// (Plyr's `.plyr__poster` has `z-index: 1` and stays, transparent, over the
/// picture after play, so with `auto` no tap reached a tag). A sibling that
/// covers only part, such as a control bar, is not counted, so the tags stay
/// under the player's own controls. `auto` when nothing has a number: a
/// positioned later sibling (the overlay) already paints above the video.
pub fn z_index_above(video: &web_sys::Element) -> String {
    let Some(window) = web_sys::window() else {
        return "auto".to_owned();
    };
    let z_of = |el: &web_sys::Element| -> Option<i32> {
        let style = window.get_computed_style(el).ok().flatten()?;
        style
            .get_property_value("z-index")
            .ok()?
            .parse::<i32>()
            .ok()
    };
    let own = video.get_bounding_client_rect();
    let covers = |el: &web_sys::Element| {
        let r = el.get_bounding_client_rect();
        r.left() <= own.left() + 1.0
            && r.top() <= own.top() + 1.0
            && r.right() >= own.right() - 1.0
            && r.bottom() >= own.bottom() - 1.0
    };
    let mut top = z_of(video);
    let mut next = video.next_element_sibling();
    while let Some(el) = next {
        if !el.has_attribute("data-shoppable-overlay") && covers(&el) {
            if let Some(z) = z_of(&el) {
                top = Some(top.map_or(z, |t| t.max(z)));
            }
        }
        next = el.next_element_sibling();
    }
    top.map(|z| z.saturating_add(1).to_string())
        .unwrap_or_else(|| "auto".to_owned())
}
