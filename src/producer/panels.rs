//! The console's frame: the sign-in form, the status line, the show's
//! figures, the event log, and what feeds them while the console is open
//! (the manifest, the event stream, the figures polled every 2 s), all
//! torn down when it closes.

use std::sync::Arc;
use std::time::Duration;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::controls::{deal_form, deals, products};
use super::net::{self, Message};
use super::preview::preview;
use super::{sign_in, Conn, Ctx};
use crate::embed::format::PriceFormat;
use crate::embed::load::{load, Source};
use crate::model::live::console::describe;

/// A program date as the local clock with milliseconds (`22:25:58.427`).
pub fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
        d.get_milliseconds()
    )
}

/// The whole page: sign-in until there is a token, then the console.
pub fn app(ctx: Ctx) -> impl IntoView {
    view! {
        <header class="top">
            <h1>"Producer console"</h1>
            <p class="show">{move || ctx.show.get().map(|s| format!("Show {s}"))}</p>
            <p class="conn" hidden=move || ctx.token.with(Option::is_none)>
                {move || match ctx.conn.get() {
                    Conn::Connecting => "Connecting to the show…",
                    Conn::Live => "Connected",
                    Conn::Reconnecting => "Connection lost; reconnecting…",
                }}
            </p>
        </header>
        <main>
            {move || ctx.note.get().map(|n| if n.error {
                view! { <p class="note error" role="alert">{n.text}</p> }.into_any()
            } else {
                view! { <p class="note" role="status">{n.text}</p> }.into_any()
            })}
            {move || match (ctx.token.get(), ctx.show.get()) {
                (Some(_), Some(_)) => console(ctx).into_any(),
                _ => signin(ctx).into_any(),
            }}
        </main>
    }
}

fn signin(ctx: Ctx) -> impl IntoView {
    let token = RwSignal::new(String::new());
    let show = RwSignal::new(ctx.show.get_untracked().unwrap_or_default());
    let submit = move |e: SubmitEvent| {
        e.prevent_default();
        let (t, s) = (token.get_untracked(), show.get_untracked());
        if t.trim().is_empty() || s.trim().is_empty() {
            ctx.say("Enter both the token and the show.", true);
            return;
        }
        sign_in(ctx, t.trim().to_string(), s.trim().to_string());
    };
    view! {
        <section class="signin" aria-labelledby="signin-h">
            <h2 id="signin-h">"Producer token"</h2>
            <p>"Paste the producer token the server printed at start-up (or the one passed with "
               <code>"--producer-token-file"</code>"). It is kept in this tab only, never in the address."</p>
            <form on:submit=submit>
                <div class="field">
                    <label for="token">"Token"</label>
                    <input id="token" type="password" autocomplete="off" required=true
                        on:input=move |e| token.set(event_target_value(&e))/>
                </div>
                <div class="field">
                    <label for="show">"Show"</label>
                    <input id="show" type="text" autocomplete="off" required=true
                        prop:value=move || show.get() on:input=move |e| show.set(event_target_value(&e))/>
                </div>
                <button type="submit" class="primary">"Open the console"</button>
            </form>
        </section>
    }
}

/// Loads the show's manifest, subscribes to its events and polls its
/// figures, for as long as the console is shown.
fn feed(ctx: Ctx, show: String) {
    let token = ctx.token().unwrap_or_default();
    let url = [
        "/live/",
        &js_sys::encode_uri_component(&show)
            .as_string()
            .unwrap_or_default(),
        "/manifest.json",
    ]
    .concat();
    leptos::task::spawn_local(async move {
        match load(&Source::Url(url)).await {
            Ok(l) => {
                ctx.prices
                    .set_value(Some(PriceFormat::for_manifest(None, &l.manifest)));
                ctx.manifest.try_set(Some(Arc::new(l.manifest)));
            }
            Err(e) => {
                ctx.say(
                    format!("The show's manifest could not be loaded: {e}"),
                    true,
                );
            }
        }
    });
    let stream = net::subscribe(&show, move |m| match m {
        Message::Snapshot(s) => ctx.console.update(|c| c.snapshot(&s)),
        Message::Event(e) => ctx.console.update(|c| {
            c.event(&e);
        }),
        Message::Units(u) => ctx.console.update(|c| c.units(u)),
        Message::Open => ctx.conn.set(Conn::Live),
        Message::Lost => ctx.conn.set(Conn::Reconnecting),
    });
    match stream {
        Ok(s) => {
            let s = StoredValue::new_local(Some(s));
            on_cleanup(move || s.set_value(None));
        }
        Err(_) => ctx.say("The show's event stream could not be opened.", true),
    }
    let poll = move || {
        let (show, token) = (show.clone(), token.clone());
        leptos::task::spawn_local(async move {
            match net::stats(&show, &token).await {
                Ok(s) => {
                    ctx.stats.try_set(Some(s));
                }
                Err(net::Failure::Unauthorized) => ctx.sign_out(
                    "The producer token was refused. Enter the token the server printed at start-up.",
                ),
                Err(net::Failure::Refused { detail, .. }) => ctx.say(detail, true),
                Err(net::Failure::Other(_)) => {}
            }
        });
    };
    poll();
    if let Ok(h) = set_interval_with_handle(poll, Duration::from_secs(2)) {
        on_cleanup(move || h.clear());
    }
}

fn console(ctx: Ctx) -> impl IntoView {
    feed(ctx, ctx.show.get_untracked().unwrap_or_default());
    view! {
        <div class="console">
            <div class="col">
                {preview(ctx)}
                {products(ctx)}
            </div>
            <div class="col">
                {figures(ctx)}
                {deal_form(ctx)}
                {deals(ctx)}
            </div>
            <div class="col">
                {log(ctx)}
            </div>
        </div>
    }
}

fn figures(ctx: Ctx) -> impl IntoView {
    let stat = move |f: fn(&net::Stats) -> String| {
        move || {
            ctx.stats
                .with(|s| s.as_ref().map(f))
                .unwrap_or_else(|| "…".into())
        }
    };
    view! {
        <section aria-labelledby="figures-h">
            <h2 id="figures-h">"Now"</h2>
            <dl class="figures">
                <div><dt>"Viewers"</dt><dd>{move || ctx.console.with(|c| c.units.viewers)}</dd></div>
                <div><dt>"Likes"</dt><dd>{move || ctx.console.with(|c| c.units.likes)}</dd></div>
                <div><dt>"Orders"</dt><dd>{stat(|s| s.orders.to_string())}</dd></div>
                <div><dt>"Units sold"</dt><dd>{stat(|s| s.units_sold.to_string())}</dd></div>
                <div><dt>"Revenue"</dt><dd>{move || ctx.stats.with(|s| s.as_ref().map(|s| ctx.price(s.revenue))).unwrap_or_else(|| "…".into())}</dd></div>
            </dl>
        </section>
    }
}

fn log(ctx: Ctx) -> impl IntoView {
    let items = move || {
        let m = ctx.manifest.get();
        ctx.console.with(|c| {
            c.log
                .iter()
                .map(|e| {
                    let text = m
                        .as_ref()
                        .map(|m| describe(e, m, &|p| ctx.price(p)))
                        .unwrap_or_default();
                    let when = clock(e.at.unwrap_or(e.server_ms) as f64);
                    view! { <li><time>{when}</time> " " <span>{text}</span></li> }
                })
                .collect_view()
        })
    };
    view! {
        <section aria-labelledby="log-h">
            <h2 id="log-h">"Event log"</h2>
            <ol class="log" aria-label="Events, newest first">{items}</ol>
            <p class="empty" hidden=move || ctx.console.with(|c| !c.log.is_empty())>"Nothing has happened yet."</p>
        </section>
    }
}
