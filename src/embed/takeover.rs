//! Fullscreen takeover (opt-in: `Shoppable.attach(video, { fullscreen:
//! "takeover" })`). A bare `<video>` put in fullscreen by its own native
//! button is drawn above everything, so no overlay can show over it. With the
//! option, the widget moves that fullscreen onto a wrapper it puts around the
//! video, holding the video and the overlay; on exit the video goes back
//! exactly where and as it was (its `style` attribute verbatim).
//!
//! The move happens inside the viewer's tap on the fullscreen button: its
//! user activation still lets `requestFullscreen()` run. A browser that
//! refuses leaves the video's own fullscreen (the overlay is then simply not
//! over it, as without the option).

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

pub struct Wrapper {
    div: HtmlElement,
    video: HtmlElement,
    style: Option<String>,
    /// Whether the wrapper has been fullscreen yet: the video's own exit
    /// (caused by the move) arrives first and must not undo the move.
    entered: std::cell::Cell<bool>,
}

impl Wrapper {
    /// Wraps `video` (now fullscreen itself) and `host`, and asks for
    /// fullscreen on the wrapper.
    pub fn take(doc: &Document, video: &HtmlElement, host: &Element) -> Option<Wrapper> {
        let div: HtmlElement = doc.create_element("div").ok()?.dyn_into().ok()?;
        let _ = div.set_attribute("data-shoppable-fullscreen", "");
        let _ = div.set_attribute("style", "position:relative;width:100%;height:100%;background:#000");
        let style = video.get_attribute("style");
        // Moving the video out of the document's fullscreen ends its own
        // fullscreen; it keeps playing (it is back in a document at once).
        video.before_with_node_1(&div).ok()?;
        div.append_with_node_2(video, host).ok()?;
        let s = video.style();
        let _ = s.set_property("width", "100%");
        let _ = s.set_property("height", "100%");
        let w = Wrapper { div, video: video.clone(), style, entered: Default::default() };
        if w.div.request_fullscreen().is_err() {
            w.restore();
            return None;
        }
        Some(w)
    }

    /// Whether the takeover is over: the wrapper was fullscreen and no longer
    /// is, or (`refused`) the browser refused it.
    pub fn ended(&self, doc: &Document, refused: bool) -> bool {
        let now = doc.fullscreen_element().is_some_and(|f| f.is_same_node(Some(&self.div)));
        if now {
            self.entered.set(true);
        }
        refused || (self.entered.get() && !now)
    }

    /// Puts the video back where the wrapper is, with its style as it was, and
    /// removes the wrapper (the overlay host follows the video: `Host::follow_fullscreen`).
    pub fn restore(&self) {
        let _ = self.div.before_with_node_1(&self.video);
        match &self.style {
            Some(text) => drop(self.video.set_attribute("style", text)),
            None => drop(self.video.remove_attribute("style")),
        }
        self.div.remove();
    }
}
