//! Following the screen: into and out of fullscreen (the overlay follows
//! the player's container), and picture-in-picture (the in-page product list
//! replaces the tags while the picture is elsewhere).

use super::view::Viewer;
use std::rc::Rc;
use web_sys::HtmlElement;

/// Fullscreen: the overlay follows into a fullscreen container (and back).
/// Picture-in-picture (on a `<video>` surface): the in-page product list
/// replaces the tags until the video comes back.
pub(super) fn screen_listeners(
    viewer: &Rc<Viewer>,
    surface: &HtmlElement,
    doc: &web_sys::Document,
) -> Vec<gloo_events::EventListener> {
    use gloo_events::EventListener;
    let mut out = Vec::new();
    let w = Rc::downgrade(viewer);
    for (name, refused) in [("fullscreenchange", false), ("fullscreenerror", true)] {
        let w = w.clone();
        out.push(EventListener::new(doc, name, move |_| {
            if let Some(v) = w.upgrade() {
                v.on_fullscreen(refused);
            }
        }));
    }
    for (name, on) in [
        ("enterpictureinpicture", true),
        ("leavepictureinpicture", false),
    ] {
        let w = Rc::downgrade(viewer);
        out.push(EventListener::new(surface, name, move |_| {
            let Some(v) = w.upgrade() else { return };
            v.pip.set(on);
            let names: Vec<&str> = v.labels.iter().map(String::as_str).collect();
            v.overlay.set_pip(on.then_some(names.as_slice()));
            let player = v.player.upgrade();
            if let Some(p) = player {
                v.on_state(&p.state());
            }
        }));
    }
    out
}
