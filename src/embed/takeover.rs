//! Fullscreen takeover (opt-in: `Shoppable.attach(video, { fullscreen:
//! "takeover" })`). A bare `<video>` put in fullscreen by its own native
//! button is drawn above everything, so no overlay can show over it. With the
//! option, the widget moves that fullscreen onto a wrapper it puts around the
//! video, holding the video and the overlay; on exit the video goes back
//! exactly where and as it was: the two inline properties the wrapper needs
//! (`width`, `height`) are put back to their values and priorities, through
//! the CSSOM, as is everything the widget writes (a strict `style-src`).
//!
//! Where the engine has no element fullscreen (`requestFullscreen` missing,
//! as on iPhone Safari, or the test switch `embed::force` "fullscreen"),
//! there is nothing to take over with: the video's own fullscreen is left
//! as it is.
//!
//! The move follows the viewer's tap on the fullscreen button closely enough
//! for its user activation to let `requestFullscreen()` run. A browser that
//! refuses (`fullscreenerror`) gets the video put back where it was, out of
//! fullscreen; the viewer can press the button again.

use std::cell::Cell;
use std::rc::Rc;

use super::overlay_element::Saved;
use wasm_bindgen::JsCast;
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
    /// Takes over the fullscreen of `video` (now fullscreen itself): first
    /// ends it (moving a fullscreen element would end it anyway, but after our
    /// own request, undoing it), then wraps `video` and `overlay` and asks for
    /// fullscreen on the wrapper.
    pub fn take(doc: &Document, video: &HtmlElement, overlay: &Element) -> Option<Wrapper> {
        let div: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
        if !supported(&div) {
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
        let entered = Rc::new(Cell::new(false));
        let vs = video.style();
        let w = Wrapper {
            div: div.clone(),
            video: video.clone(),
            saved: [Saved::read(&vs, "width"), Saved::read(&vs, "height")],
            entered: entered.clone(),
        };
        let exit = js_sys::Reflect::get(doc, &"exitFullscreen".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(doc).ok())
            .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())?;
        let (video, overlay) = (video.clone(), overlay.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(exit).await;
            // Still the viewer's tap (user activation lasts seconds), so the
            // browser lets the wrapper go fullscreen. The video keeps playing:
            // it is back in the document within the same task.
            if video.before_with_node_1(&div).is_err()
                || div.append_with_node_2(&video, &overlay).is_err()
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
                if wasm_bindgen_futures::JsFuture::from(p).await.is_ok() {
                    entered.set(true);
                }
            }
        });
        Some(w)
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

/// Whether the engine can put an element other than a video in fullscreen.
fn supported(div: &HtmlElement) -> bool {
    !super::force::fallback("fullscreen")
        && js_sys::Reflect::get(div, &"requestFullscreen".into()).is_ok_and(|f| f.is_function())
}
