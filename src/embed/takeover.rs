//! Fullscreen takeover (opt-in: `Shoppable.attach(video, { fullscreen:
//! "takeover" })`). A bare `<video>` in fullscreen is drawn above everything,
//! and the rest of the page is inert, so no overlay can show over it or take
//! a tap. With the option, the widget puts a "Full screen" button in its bar
//! and hides the video's own (where the engine lets it: Chromium's
//! `controlsList`). The button puts a wrapper holding the video and the
//! overlay in fullscreen, within the viewer's tap; on exit the video goes
//! back exactly where and as it was: the two inline properties the wrapper
//! needs (`width`, `height`) are put back to their values and priorities,
//! through the CSSOM, as is everything the widget writes (a strict
//! `style-src`).
//!
//! Where the video still goes fullscreen itself (another engine's native
//! button, a double click, the page's script), the widget tries to move that
//! fullscreen onto the wrapper ([`Wrapper::take`]); the browser may refuse,
//! since the tap's user activation is spent. Refused (`fullscreenerror`),
//! the video is put back where it was, out of fullscreen.
//!
//! Where the engine has no element fullscreen (`requestFullscreen` missing,
//! as on iPhone Safari, or the test switch `embed::force` "fullscreen"),
//! there is nothing to take over with: no button, and the video's own
//! fullscreen is left as it is.

use std::cell::Cell;
use std::rc::Rc;

use super::overlay_element::Saved;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

pub struct Wrapper {
    div: HtmlElement,
    video: HtmlElement,
    /// The video's inline `width` and `height` before the wrapper's.
    saved: [Saved; 2],
    /// Whether the wrapper has been fullscreen yet: the video's own exit
    /// (caused by the move) arrives first and must not undo the move. Set
    /// when the wrapper's `requestFullscreen()` promise resolves, not only
    /// from a `fullscreenchange` seen while it is fullscreen: the browser
    /// fires those events at the next animation frame, so an enter and a
    /// quick exit can both be seen with nothing fullscreen, and the video
    /// would stay wrapped.
    entered: Rc<Cell<bool>>,
}

impl Wrapper {
    /// The viewer pressed the widget's own "Full screen" button: wraps
    /// `video` and `overlay` and asks for fullscreen on the wrapper at once,
    /// inside the tap, whose user activation the request consumes.
    pub fn enter(doc: &Document, video: &HtmlElement, overlay: &Element) -> Option<Wrapper> {
        let w = Wrapper::new(doc, video)?;
        ask(
            w.div.clone(),
            video.clone(),
            overlay.clone(),
            w.entered.clone(),
        );
        Some(w)
    }

    /// Takes over the fullscreen of `video` (now fullscreen itself, by the
    /// native button where it could not be hidden, a double click, or the
    /// page's script): first ends it (moving a fullscreen element would end
    /// it anyway, but after our own request, undoing it), then wraps `video`
    /// and `overlay` and asks for fullscreen on the wrapper. The browser may
    /// refuse: every engine's `requestFullscreen()` consumes the tap's user
    /// activation, so this second request runs only while the engine has not
    /// yet noted the first one's (Chromium: a race it usually loses for the
    /// native button). Refused, the video goes back where it was.
    pub fn take(doc: &Document, video: &HtmlElement, overlay: &Element) -> Option<Wrapper> {
        let w = Wrapper::new(doc, video)?;
        let exit = js_sys::Reflect::get(doc, &"exitFullscreen".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(doc).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())?;
        let (div, video, overlay, entered) = (
            w.div.clone(),
            video.clone(),
            overlay.clone(),
            w.entered.clone(),
        );
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(exit).await;
            ask(div, video, overlay, entered);
        });
        Some(w)
    }

    /// The wrapper, not yet in the document.
    fn new(doc: &Document, video: &HtmlElement) -> Option<Wrapper> {
        let div: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
        if !supported(doc) {
            return None;
        }
        let _ = div.set_attribute("data-shoppable-fullscreen", "");
        let ds = div.style();
        for (k, v) in [
            ("position", "relative"),
            ("width", "100%"),
            ("height", "100%"),
            ("background", "#000"),
        ] {
            let _ = ds.set_property(k, v);
        }
        let vs = video.style();
        Some(Wrapper {
            div,
            video: video.clone(),
            saved: [Saved::read(&vs, "width"), Saved::read(&vs, "height")],
            entered: Rc::new(Cell::new(false)),
        })
    }

    /// Whether the takeover is over: the wrapper was fullscreen and no longer
    /// is, or (`refused`) the browser refused it.
    pub fn ended(&self, doc: &Document, refused: bool) -> bool {
        let now = doc
            .fullscreen_element()
            .is_some_and(|f| f.is_same_node(Some(&self.div)));
        if now {
            self.entered.set(true);
        }
        refused || (self.entered.get() && !now)
    }

    /// Puts the video back where the wrapper is, with its style as it was, and
    /// removes the wrapper (the overlay element follows the video: `OverlayElement::follow_fullscreen`).
    pub fn restore(&self) {
        let _ = self.div.before_with_node_1(&self.video);
        let style = self.video.style();
        for s in &self.saved {
            s.restore(&style);
        }
        self.div.remove();
    }
}

/// Puts `video` and `overlay` in `div` (where the video was) and asks for
/// fullscreen on it; `entered` is set once the browser grants it. The video
/// keeps playing: it is back in the document within the same task.
fn ask(div: HtmlElement, video: HtmlElement, overlay: Element, entered: Rc<Cell<bool>>) {
    if video.before_with_node_1(&div).is_err() || div.append_with_node_2(&video, &overlay).is_err()
    {
        return;
    }
    let s = video.style();
    let _ = s.set_property("width", "100%");
    let _ = s.set_property("height", "100%");
    // web-sys's `request_fullscreen` drops the promise; call it to keep it.
    let asked = js_sys::Reflect::get(&div, &"requestFullscreen".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&div).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(p) = asked {
        wasm_bindgen_futures::spawn_local(async move {
            if wasm_bindgen_futures::JsFuture::from(p).await.is_ok() {
                entered.set(true);
            }
        });
    }
}

/// Whether the engine can put an element other than a video in fullscreen
/// (not iPhone Safari; not with the test switch "fullscreen").
pub fn supported(doc: &Document) -> bool {
    !super::force::fallback("fullscreen")
        && doc.fullscreen_enabled()
        && js_sys::Reflect::get(
            doc.body().as_ref().map_or(&JsValue::NULL, |b| b.as_ref()),
            &"requestFullscreen".into(),
        )
        .is_ok_and(|f| f.is_function())
}

/// The video's native fullscreen button, hidden while the widget offers its
/// own (`controlsList="nofullscreen"`, Chromium's; other engines have no
/// such list and keep theirs, which [`Wrapper::take`] then follows).
pub struct NativeButton {
    video: HtmlElement,
    /// Whether we added the token (the page may have set it itself).
    added: bool,
}

impl NativeButton {
    pub fn hide(video: &HtmlElement) -> NativeButton {
        let added = controls_list(video).is_some_and(|l| {
            let had = l.contains("nofullscreen");
            !had && l.add_1("nofullscreen").is_ok()
        });
        NativeButton {
            video: video.clone(),
            added,
        }
    }

    /// Shows it again, unless the page had hidden it itself. Idempotent.
    pub fn restore(&mut self) {
        if std::mem::take(&mut self.added) {
            if let Some(l) = controls_list(&self.video) {
                let _ = l.remove_1("nofullscreen");
            }
        }
    }
}

fn controls_list(video: &HtmlElement) -> Option<web_sys::DomTokenList> {
    js_sys::Reflect::get(video, &"controlsList".into())
        .ok()
        .and_then(|l| l.dyn_into().ok())
}
