//! The live producer console (`www/live/producer.html`), its own wasm module
//! (`--features producer`, `shoppable-producer.js`), never in a viewer's
//! path: a low-latency preview of the show's stream (`preview.rs`), the
//! show's products with Pin / Unpin, the flash-deal form, the open deals
//! and the end of the show (`controls.rs`), the figures and the event log
//! (`panels.rs`), over the server's producer API (`net.rs`).
//!
//! **Every action is stamped** with the program date of the frame the
//! preview presented when the host clicked: `preview.rs` maps each
//! presented frame's `mediaTime` through hls.js's fragments
//! (`model::live::program_date_at`) and keeps the last; a click reads it
//! before anything else happens. Viewers then apply the action when their
//! own picture reaches that frame.
//!
//! **The token** arrives in the address's `#fragment` (`#token=…&show=…`,
//! which browsers never send) or is typed in; it is kept in this tab's
//! `sessionStorage`, cleared from the address bar at once, and sent only in
//! the `Authorization` header, as the admin page does with its own.
//!
//! State comes down as signals (the event stream's fold is the model's
//! `Console`); the view's only way out is [`act`] and the sign-in form.

mod controls;
mod net;
mod panels;
mod preview;

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::embed::format::PriceFormat;
use crate::model::live::console::{describe, Console};
use crate::model::live::{Action, Refusal};
use crate::model::manifest::Manifest;

/// Where the token is kept, in this tab only.
const TOKEN_KEY: &str = "shoppable:producer-token";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Takes `token` and `show` from the address's `#fragment` (the token into
/// `sessionStorage`), then clears the fragment from the address bar,
/// leaving `?show=` so a reload finds the show again. Returns the show:
/// the fragment's, else `?show=`.
fn take_address() -> Option<String> {
    let w = web_sys::window()?;
    let loc = w.location();
    let hash = loc.hash().unwrap_or_default();
    let from_query = web_sys::UrlSearchParams::new_with_str(&loc.search().unwrap_or_default())
        .ok()
        .and_then(|q| q.get("show"));
    let fragment = hash
        .strip_prefix('#')
        .filter(|h| !h.is_empty())
        .and_then(|h| web_sys::UrlSearchParams::new_with_str(h).ok());
    let Some(params) = fragment else {
        return from_query;
    };
    if let (Some(t), Some(s)) = (params.get("token"), storage()) {
        let _ = s.set_item(TOKEN_KEY, &t);
    }
    let show = params.get("show").or(from_query);
    let path = loc.pathname().unwrap_or_default();
    let clean = match &show {
        Some(s) => [
            path.as_str(),
            "?show=",
            &js_sys::encode_uri_component(s)
                .as_string()
                .unwrap_or_default(),
        ]
        .concat(),
        None => [path, loc.search().unwrap_or_default()].concat(),
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&clean));
    }
    show
}

/// A line of the status area.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub text: String,
    pub error: bool,
}

/// The event stream's connection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Conn {
    Connecting,
    Live,
    Reconnecting,
}

/// Everything a component needs, as `Copy` arena handles.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub show: RwSignal<Option<String>>,
    /// `None`: the sign-in form.
    pub token: RwSignal<Option<String>>,
    pub manifest: RwSignal<Option<Arc<Manifest>>>,
    pub prices: StoredValue<Option<PriceFormat>, LocalStorage>,
    pub console: RwSignal<Console>,
    pub stats: RwSignal<Option<net::Stats>>,
    pub conn: RwSignal<Conn>,
    /// The program date (ms) of the frame the preview presented last.
    pub frame: StoredValue<Rc<Cell<Option<f64>>>, LocalStorage>,
    pub note: RwSignal<Option<Note>>,
    /// The field the server (or the form) refused, and why.
    pub refused: RwSignal<Option<Refusal>>,
}

impl Ctx {
    /// Says something in the status line. `try_`: an answer may arrive
    /// after the console was destroyed, and then there is no one to tell.
    pub fn say(&self, text: impl Into<String>, error: bool) {
        self.note.try_set(Some(Note {
            text: text.into(),
            error,
        }));
    }

    /// Minor units in the show's currency, by `Intl`.
    pub fn price(&self, minor: i64) -> String {
        self.prices
            .try_with_value(|p| p.as_ref().map(|p| p.format(minor)))
            .flatten()
            .unwrap_or_else(|| minor.to_string())
    }

    pub fn token(&self) -> Option<String> {
        self.token.get_untracked()
    }

    /// Forgets the token and asks for it again, saying why.
    pub fn sign_out(&self, why: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(TOKEN_KEY);
        }
        self.token.try_set(None);
        self.say(why, true);
    }
}

/// Sends one action stamped with the date of the frame the preview
/// presents now. `make` builds it from that date (or says which field is
/// wrong); the answer, or the refusal and the field it names, is said in
/// the status line.
pub fn act(ctx: Ctx, make: impl FnOnce(i64) -> Result<Action, Refusal>) {
    // Read first: this is the frame on screen at the click.
    let Some(at) = ctx.frame.with_value(|f| f.get()) else {
        ctx.say(
            "The preview has not shown a picture yet, so there is no frame to stamp the action with. Wait until it plays, then try again.",
            true,
        );
        return;
    };
    let at = at.round() as i64;
    let action = match make(at) {
        Ok(a) => a,
        Err(r) => {
            let field = controls::label(&r.path).unwrap_or(&r.path);
            ctx.say(format!("{field}: {}", r.message), true);
            ctx.refused.set(Some(r));
            return;
        }
    };
    let (Some(show), Some(token)) = (ctx.show.get_untracked(), ctx.token()) else {
        return;
    };
    ctx.refused.set(None);
    leptos::task::spawn_local(async move {
        match net::post_action(&show, &token, &action).await {
            Ok(e) => {
                // Shown now; the stream brings it too (a repeat is ignored).
                ctx.console.try_update(|c| {
                    if e.seq == c.state.seq + 1 {
                        c.event(&e);
                    }
                });
                let words = ctx
                    .manifest
                    .try_with_untracked(|m| m.as_ref().map(|m| describe(&e, m, &|p| ctx.price(p))))
                    .flatten()
                    .unwrap_or_default();
                ctx.say(
                    format!("{words}, at the frame of {}.", panels::clock(at as f64)),
                    false,
                );
            }
            Err(net::Failure::Unauthorized) => ctx.sign_out(
                "The producer token was refused. Enter the token the server printed at start-up.",
            ),
            Err(net::Failure::Refused { path, detail }) => {
                // The server's words may start with the member; say it once.
                let prefix = [path.as_str(), ": "].concat();
                let words = detail.strip_prefix(&prefix).unwrap_or(&detail).to_string();
                let text = match controls::label(&path) {
                    Some(l) => format!("The server refused it. {l} ({path}): {words}"),
                    None if path.is_empty() => format!("The server refused it: {words}"),
                    None => format!("The server refused it. {path}: {words}"),
                };
                ctx.say(text, true);
                ctx.refused.try_set(Some(Refusal {
                    path,
                    message: words,
                }));
            }
            Err(net::Failure::Other(m)) => ctx.say(m, true),
        }
    });
}

/// The console as the page holds it.
#[wasm_bindgen]
pub struct ProducerHandle(RefCell<Option<(Box<dyn Any>, Owner)>>);

#[wasm_bindgen]
impl ProducerHandle {
    /// Removes the view and every listener, timer, stream and player it made.
    pub fn destroy(&self) {
        if let Some((view, owner)) = self.0.borrow_mut().take() {
            drop(view);
            drop(owner);
        }
    }
}

/// Mounts the console into `root`.
#[wasm_bindgen]
pub fn producer_start(root: HtmlElement) -> ProducerHandle {
    let show = take_address();
    let token = storage().and_then(|s| s.get_item(TOKEN_KEY).ok().flatten());
    let owner = Owner::new();
    let view = owner.with(|| {
        let ctx = Ctx {
            show: RwSignal::new(show),
            token: RwSignal::new(token),
            manifest: RwSignal::new(None),
            prices: StoredValue::new_local(None),
            console: RwSignal::new(Console::default()),
            stats: RwSignal::new(None),
            conn: RwSignal::new(Conn::Connecting),
            frame: StoredValue::new_local(Rc::new(Cell::new(None))),
            note: RwSignal::new(None),
            refused: RwSignal::new(None),
        };
        leptos::mount::mount_to(root, move || panels::app(ctx))
    });
    ProducerHandle(RefCell::new(Some((Box::new(view), owner))))
}

/// Stores a token typed into the sign-in form.
pub fn sign_in(ctx: Ctx, token: String, show: String) {
    if let Some(s) = storage() {
        let _ = s.set_item(TOKEN_KEY, &token);
    }
    if let Some(w) = web_sys::window() {
        let path = w.location().pathname().unwrap_or_default();
        let url = [
            path.as_str(),
            "?show=",
            &js_sys::encode_uri_component(&show)
                .as_string()
                .unwrap_or_default(),
        ]
        .concat();
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    ctx.note.set(None);
    ctx.show.set(Some(show));
    ctx.token.set(Some(token));
}
