//! What the shop and live modules may ask of a mount through the bridge:
//! the player's time and state, play/pause/seek requests, the last tag
//! tapped, the cart count for the overlay's badge, and the shop's handle.

use super::view::Viewer;
use crate::embed::bridge;
use crate::embed::link::Link;
use crate::player::PlayerRequest;
use std::rc::Weak;
use wasm_bindgen::JsValue;

/// The bridge's callbacks, each holding the viewer weakly.
pub(super) fn callbacks(w: Weak<Viewer>) -> bridge::Callbacks {
    let state = {
        let w = w.clone();
        move || {
            w.upgrade()
                .and_then(|v| v.player.upgrade())
                .map(|p| p.state())
        }
    };
    let (st, st2) = (state.clone(), state.clone());
    let (w1, w2, w3, w4) = (w.clone(), w.clone(), w.clone(), w);
    bridge::Callbacks {
        paused: Box::new(move || st().is_none_or(|s| s.paused)),
        time: Box::new(move || state().map_or(0.0, |s| s.time)),
        request: Box::new(move |kind: String, t: f64| {
            let Some(p) = w1.upgrade().and_then(|v| v.player.upgrade()) else {
                return;
            };
            match kind.as_str() {
                "play" => p.request(PlayerRequest::Play),
                "pause" => p.request(PlayerRequest::Pause),
                "seek" => p.request(PlayerRequest::Seek(t)),
                _ => {}
            }
        }),
        last_tag: Box::new(move || {
            w2.upgrade()
                .and_then(|v| v.last_tag.get())
                .map_or(-1, |i| i as i32)
        }),
        set_count: Box::new(move |n| {
            if let Some(v) = w3.upgrade() {
                v.overlay.set_count(n);
            }
        }),
        date: Box::new(move || st2().and_then(|s| s.date).unwrap_or(f64::NAN)),
        shop: Box::new(move || {
            let v = w4.upgrade();
            let link = v.as_ref().map(|v| v.link.borrow());
            link.as_deref()
                .and_then(Option::as_ref)
                .map_or(JsValue::UNDEFINED, Link::ready)
        }),
    }
}
