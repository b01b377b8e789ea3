//! The studio's page: the source panel (video, catalog), the stage (the
//! picture with the tags on this frame, the transport), the tags with their
//! spans and keyframes, and export. Every control calls a `Ctx` method or
//! an `export` function; nothing here edits state by itself.

use gloo_events::EventListener;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{export, Ctx, Frames};
use crate::model::studio::jsonld::VideoPage;
use crate::model::track::keyframes::DEFAULT_TOLERANCE;
use crate::model::track::run::Status;

pub fn app(ctx: Ctx) -> impl IntoView {
    keyboard(ctx);
    view! {
        <header class="top">
            <h1>"Studio"</h1>
            <p class="lede">"Tag a video: open it, import the catalog, pause on the product, click it, track. Nothing leaves this machine until you publish."</p>
        </header>
        {move || ctx.note.get().map(|n| if n.error {
            view! { <p class="note error" role="alert">{n.text}</p> }.into_any()
        } else {
            view! { <p class="note" role="status">{n.text}</p> }.into_any()
        })}
        <main class="studio">
            {source(ctx)}
            {stage(ctx)}
            <aside class="side">
                {products(ctx)}
                {tags(ctx)}
                {exports(ctx)}
            </aside>
        </main>
    }
}

/// Space, ←/→, P, T, Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y, except while typing.
fn keyboard(ctx: Ctx) {
    let Some(window) = web_sys::window() else {
        return;
    };
    // Not passive: the studio's keys must not also scroll the page.
    let options = gloo_events::EventListenerOptions::enable_prevent_default();
    let listener = EventListener::new_with_options(&window, "keydown", options, move |e| {
        let e: &web_sys::KeyboardEvent = e.unchecked_ref();
        let typing = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                // A timeline handle takes ←/→ itself.
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    || el.get_attribute("role").as_deref() == Some("slider")
            });
        if typing {
            return;
        }
        let ctrl = e.ctrl_key() || e.meta_key();
        let handled = match (e.key().as_str(), ctrl) {
            (" ", false) => {
                play_pause(ctx);
                true
            }
            ("ArrowLeft", false) => {
                step(ctx, -1);
                true
            }
            ("ArrowRight", false) => {
                step(ctx, 1);
                true
            }
            ("p" | "P", false) => {
                ctx.placing.update(|p| *p = !*p);
                true
            }
            ("t" | "T", false) => {
                ctx.track();
                true
            }
            ("z", true) if !e.shift_key() => {
                ctx.undo();
                true
            }
            ("Z" | "z", true) | ("y", true) => {
                ctx.redo();
                true
            }
            _ => false,
        };
        if handled {
            e.prevent_default();
        }
    });
    let guard = StoredValue::new_local(Some(listener));
    on_cleanup(move || guard.set_value(None));
}

fn play_pause(ctx: Ctx) {
    let Some(v) = ctx.video_el() else { return };
    if v.paused() {
        let _ = v.play();
    } else {
        let _ = v.pause();
        ctx.current.set(ctx.frame_at(v.current_time()));
    }
}

fn step(ctx: Ctx, by: isize) {
    let n = ctx.times.with_untracked(Vec::len);
    if n == 0 {
        return;
    }
    let i = (ctx.current.get_untracked() as isize + by).clamp(0, n as isize - 1) as usize;
    ctx.show_frame(i);
}

fn source(ctx: Ctx) -> impl IntoView {
    let url = RwSignal::new(String::new());
    view! {
        <section class="source" aria-labelledby="source-h">
            <h2 id="source-h">"Video and catalog"</h2>
            {move || {
                let kept = ctx.kept.get();
                (!kept.is_empty()).then(|| view! {
                    <p class="kept">{format!("Unfinished work is kept for {}. Pick that file again to continue.", kept.join(", "))}</p>
                })
            }}
            <label>"Video file " <input type="file" accept="video/*" data-testid="video-file"
                on:change=move |e| {
                    let input: web_sys::HtmlInputElement = event_target(&e);
                    if let Some(f) = input.files().and_then(|l| l.get(0)) {
                        if let Ok(u) = web_sys::Url::create_object_url_with_blob(&f) {
                            export::open_video(ctx, u, f.name());
                            ctx.file_size.set(f.size());
                        }
                    }
                }/></label>
            <form on:submit=move |e: ev::SubmitEvent| {
                e.prevent_default();
                let u = url.get_untracked();
                if !u.is_empty() {
                    export::open_video(ctx, u.clone(), u);
                    ctx.file_size.set(0.0);
                }
            }>
                <label>"or a video URL " <input type="url" placeholder="https://…/video.webm"
                    prop:value=move || url.get() on:input=move |e| url.set(event_target_value(&e))/></label>
                <button type="submit">"Open"</button>
            </form>
            <label>"Catalog or manifest " <input type="file" data-testid="catalog-file"
                accept=".json,.js,.csv,.tsv,.txt,.xml,application/json,text/csv,text/xml"
                on:change=move |e| {
                    let input: web_sys::HtmlInputElement = event_target(&e);
                    if let Some(f) = input.files().and_then(|l| l.get(0)) {
                        export::import_file(ctx, f);
                    }
                }/></label>
            <p class="hint">"A manifest, Shopify product JSON (/products/handle.js or products.json), a Google Merchant Center feed (TSV or XML) or CSV."</p>
            <label>"Video id " <input type="text" data-testid="video-id"
                prop:value=move || ctx.base.with(|b| b.video.id.clone())
                on:change=move |e| { let v = event_target_value(&e); ctx.base.update(|b| b.video.id = v); }/></label>
            <label>"Currency " <input type="text" size="4" maxlength="3"
                prop:value=move || ctx.base.with(|b| b.currency.clone().unwrap_or_default())
                on:change=move |e| { let v = event_target_value(&e); ctx.base.update(|b| b.currency = Some(v)); }/></label>
        </section>
    }
}

fn stage(ctx: Ctx) -> impl IntoView {
    // Where a press on the picture is now, as fractions of the frame, while
    // it lasts: a drag (mouse, pen or touch) ends where it is released, and
    // a click is a drag that did not move.
    let drag = RwSignal::new(None::<(f64, f64)>);
    let frac = |e: &ev::PointerEvent| -> Option<(f64, f64)> {
        let target = e.current_target()?.dyn_into::<web_sys::Element>().ok()?;
        let r = target.get_bounding_client_rect();
        if r.width() <= 0.0 || r.height() <= 0.0 {
            return None;
        }
        Some((
            ((e.client_x() as f64 - r.left()) / r.width()).clamp(0.0, 1.0),
            ((e.client_y() as f64 - r.top()) / r.height()).clamp(0.0, 1.0),
        ))
    };
    let on_pick = move |(fx, fy): (f64, f64)| {
        if let Some(v) = ctx.video_el() {
            if !v.paused() {
                ctx.say(
                    "Pause on the frame first (Space), then click the product.",
                    true,
                );
                return;
            }
            ctx.current.set(ctx.frame_at(v.current_time()));
        }
        if ctx.placing.get_untracked() {
            ctx.place(fx, fy);
        } else if ctx.selected.get_untracked().is_some() {
            ctx.correct(fx, fy);
        } else {
            ctx.say(
                "Choose a product, press Place (P), then click on the product.",
                true,
            );
        }
    };
    let down = move |e: ev::PointerEvent| {
        if e.button() != 0 {
            return;
        }
        let Some(at) = frac(&e) else { return };
        e.prevent_default();
        if let Some(el) = e
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            // Captured: the drag's moves and release come here even off the picture.
            let _ = el.set_pointer_capture(e.pointer_id());
        }
        drag.set(Some(at));
    };
    let moved = move |e: ev::PointerEvent| {
        if drag.with_untracked(Option::is_some) {
            drag.set(frac(&e));
        }
    };
    let up = move |e: ev::PointerEvent| {
        let Some(last) = drag.get_untracked() else {
            return;
        };
        drag.set(None);
        on_pick(frac(&e).unwrap_or(last));
    };
    let cancel = move |_| drag.set(None);
    let sync = move |_| {
        if let Some(v) = ctx.video_el() {
            ctx.current.set(ctx.frame_at(v.current_time()));
        }
    };
    view! {
        <section class="stage" aria-label="Picture">
            <div class="frame" class:placing=move || ctx.placing.get()>
                <video node_ref=ctx.video playsinline=true muted=true preload="auto" data-testid="studio-video"
                    on:loadedmetadata=move |_| if let Some(v) = ctx.video_el() { super::restore_saved(ctx, v.duration()) }
                    on:loadeddata=move |_| if ctx.frames.get_untracked() == Frames::None { export::capture_frames(ctx) }
                    on:error=move |_| export::video_error(ctx)
                    on:seeked=sync on:pause=sync></video>
                <div class="marks" data-testid="marks" on:pointerdown=down on:pointermove=moved
                    on:pointerup=up on:pointercancel=cancel>
                    {move || marks(ctx)}
                    {move || drag.get().map(|(x, y)| view! {
                        <span class="mark ghost" data-testid="drag-ghost"
                            style=format!("left:{:.3}%;top:{:.3}%", x * 100.0, y * 100.0)></span>
                    })}
                </div>
            </div>
            <div class="transport" role="toolbar" aria-label="Transport and tools">
                <button on:click=move |_| play_pause(ctx) aria-keyshortcuts="Space">"Play / pause"</button>
                <button on:click=move |_| step(ctx, -1) aria-keyshortcuts="ArrowLeft" aria-label="Previous frame">"◀ frame"</button>
                <button on:click=move |_| step(ctx, 1) aria-keyshortcuts="ArrowRight" aria-label="Next frame">"frame ▶"</button>
                <button on:click=move |_| ctx.placing.update(|p| *p = !*p) aria-keyshortcuts="P"
                    aria-pressed=move || ctx.placing.get().to_string() data-testid="place">"Place"</button>
                <button on:click=move |_| ctx.track() aria-keyshortcuts="T" data-testid="track"
                    aria-describedby="track-off"
                    disabled=move || ctx.tracking.get() || ctx.frames.get() == Frames::Unreadable>"Track"</button>
                <button on:click=move |_| ctx.undo() aria-keyshortcuts="Control+Z"
                    disabled=move || !ctx.project.with(|p| p.can_undo())>"Undo"</button>
                <button on:click=move |_| ctx.redo() aria-keyshortcuts="Control+Shift+Z"
                    disabled=move || !ctx.project.with(|p| p.can_redo())>"Redo"</button>
                <p class="hint" id="track-off" data-testid="track-off" hidden=move || ctx.frames.get() != Frames::Unreadable>
                    "Track is off: this video's pixels cannot be read here (its server does not allow CORS, or this browser cannot copy frames). Place and correct tags by hand."</p>
                <p class="where" data-testid="where">{move || {
                    let n = ctx.times.with(Vec::len);
                    let i = ctx.current.get();
                    match ctx.frames.get() {
                        Frames::None => "No video yet".to_string(),
                        Frames::Capturing { frames, t } => format!("Capturing frames: {frames} ({t:.1} s)"),
                        Frames::Unreadable => format!(
                            "Frames unreadable: preview and manual placement only · Frame {} of {n} · {:.3} s",
                            i + 1,
                            ctx.times.with(|t| t.get(i).copied().unwrap_or(0.0))
                        ),
                        Frames::Ready => format!(
                            "Frame {} of {n} · {:.3} s",
                            i + 1,
                            ctx.times.with(|t| t.get(i).copied().unwrap_or(0.0))
                        ),
                    }
                }}</p>
            </div>
        </section>
    }
}

/// The tags on the frame shown: where the tracker (or the author) put them.
fn marks(ctx: Ctx) -> impl IntoView {
    let i = ctx.current.get();
    let (w, h) = ctx.small.get();
    let selected = ctx.selected.get();
    ctx.project.with(|p| {
        p.state
            .drafts
            .iter()
            .enumerate()
            .filter_map(|(k, d)| {
                let (x, y, status) = match d.steps.iter().find(|s| s.frame == i) {
                    Some(s) if s.status != Status::Lost => (s.x, s.y, s.status),
                    Some(_) => return None,
                    None => {
                        let a = d.anchors.iter().find(|a| a.frame == i)?;
                        (a.x, a.y, Status::Tracked)
                    }
                };
                let title = p.state.products.iter().find(|q| q.id == d.product).map(|q| q.title.clone()).unwrap_or_else(|| d.product.clone());
                let style = format!("left:{:.3}%;top:{:.3}%", x as f64 / w as f64 * 100.0, y as f64 / h as f64 * 100.0);
                Some(view! {
                    <span class="mark" class:unsure=status == Status::Flagged class:selected=selected == Some(k)
                        style=style data-tag=d.id.clone()>
                        <span class="label">{title}</span>
                    </span>
                })
            })
            .collect_view()
    })
}

fn products(ctx: Ctx) -> impl IntoView {
    view! {
        <section aria-labelledby="products-h">
            <h2 id="products-h">"Products"</h2>
            {move || if ctx.project.with(|p| p.state.products.is_empty()) {
                view! { <p class="hint">"Import a catalog to choose from its products."</p> }.into_any()
            } else {
                view! {
                    <fieldset class="products"><legend>"Tag which product"</legend>
                    {move || ctx.project.with(|p| p.state.products.iter().map(|q| {
                        let id = q.id.clone();
                        let id2 = q.id.clone();
                        view! {
                            <label><input type="radio" name="product" value=id.clone()
                                prop:checked=move || ctx.product.get().as_deref() == Some(id2.as_str())
                                on:change=move |_| { ctx.product.set(Some(id.clone())); ctx.placing.set(true); }/>
                                {q.title.clone()}</label>
                        }
                    }).collect_view())}
                    </fieldset>
                }.into_any()
            }}
        </section>
    }
}

fn tags(ctx: Ctx) -> impl IntoView {
    let held = RwSignal::new(None);
    view! {
        <section aria-labelledby="tags-h">
            <h2 id="tags-h">"Tags"</h2>
            <p class="hint">"Drag a tag's start, end or keyframes on its timeline (or focus one and press ← or →); the start and end snap to shot cuts."</p>
            <ol class="tags" data-testid="tags">
            {move || ctx.project.with(|p| p.state.drafts.iter().enumerate().map(|(k, d)| {
                let times = ctx.times.get();
                let span = match (d.steps.first(), d.steps.last()) {
                    (Some(a), Some(b)) => (times.get(a.frame).copied().unwrap_or(0.0), times.get(b.frame).copied().unwrap_or(0.0)),
                    _ => {
                        let t = times.get(d.anchors[0].frame).copied().unwrap_or(0.0);
                        (t, t)
                    }
                };
                let unsure = d.unsure();
                let title = p.state.products.iter().find(|q| q.id == d.product).map(|q| q.title.clone()).unwrap_or_else(|| d.product.clone());
                let first = d.steps.first().map(|s| s.frame).unwrap_or(0);
                let last = d.steps.last().map(|s| s.frame + 1).unwrap_or(0);
                view! {
                    <li class:selected=move || ctx.selected.get() == Some(k)>
                        <button class="pick" on:click=move |_| ctx.selected.set(Some(k))
                            aria-pressed=move || (ctx.selected.get() == Some(k)).to_string()>
                            {format!("{} · {title}", d.id)}</button>
                        <span class="span">{format!("tracked {:.3}–{:.3} s", span.0, span.1)}</span>
                        {super::lanes::lane(ctx, k, d, held)}
                        {(unsure > 0).then(|| view! {
                            <span class="unsure">{format!("{unsure} unsure frames, not exported")}</span>
                            <button on:click=move |_| ctx.project.update(|p| p.confirm(k, first..last))>"Confirm unsure"</button>
                        })}
                        <button on:click=move |_| {
                            let f = ctx.current.get_untracked();
                            if !ctx.project.try_update(|p| p.split(k, f)).unwrap_or(false) {
                                ctx.say("Split needs tracked frames on both sides of the frame shown.", true);
                            }
                        }>"Split here"</button>
                        <button on:click=move |_| { ctx.project.update(|p| p.delete(k)); ctx.selected.set(None); }>"Delete"</button>
                    </li>
                }
            }).collect_view())}
            </ol>
            <h3>"Exported keyframes"</h3>
            <ul class="exported" data-testid="exported">
            {move || {
                let times = ctx.times.get();
                let (w, h) = ctx.small.get();
                ctx.project.with(|p| p.export_tags(&times, w as f64, h as f64, DEFAULT_TOLERANCE)).into_iter().map(|t| view! {
                    <li>{format!("{}: {:.3}–{:.3} s, {} keyframes", t.id, t.start, t.end, t.keyframes.len())}</li>
                }).collect_view()
            }}
            </ul>
        </section>
    }
}

fn exports(ctx: Ctx) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let thumb = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let page = RwSignal::new(String::new());
    let token = RwSignal::new(export::saved_token().unwrap_or_default());
    let previewing = RwSignal::new(false);
    view! {
        <section aria-labelledby="export-h">
            <h2 id="export-h">"Export"</h2>
            <ul class="warnings" data-testid="warnings">
            {move || {
                let _ = (ctx.project.get(), ctx.base.get(), ctx.times.get());
                match export::document(ctx).check() {
                    Ok(p) => p.warnings.iter().map(|w| view! { <li><code>{w.path.clone()}</code>": "{w.message.clone()}</li> }).collect_view().into_any(),
                    Err(e) => view! { <li class="error">{e.to_string()}</li> }.into_any(),
                }
            }}
            </ul>
            <div class="buttons">
                <button on:click=move |_| export::download_manifest(ctx) data-testid="export-manifest">"Manifest (.json)"</button>
                <button on:click=move |_| export::download_vtt(ctx)>"WebVTT (.vtt)"</button>
                <button aria-pressed=move || previewing.get().to_string() data-testid="preview" on:click=move |_| {
                    if previewing.get_untracked() { export::stop_preview(ctx); previewing.set(false); }
                    else { export::start_preview(ctx); previewing.set(true); }
                }>"Preview with the widget"</button>
            </div>
            <fieldset><legend>"JSON-LD for the brand's page"</legend>
                <label>"Video name " <input type="text" prop:value=move || name.get() on:input=move |e| name.set(event_target_value(&e))/></label>
                <label>"Thumbnail URL " <input type="url" prop:value=move || thumb.get() on:input=move |e| thumb.set(event_target_value(&e))/></label>
                <label>"Upload date " <input type="date" prop:value=move || date.get() on:input=move |e| date.set(event_target_value(&e))/></label>
                <label>"Page URL " <input type="url" prop:value=move || page.get() on:input=move |e| page.set(event_target_value(&e))/></label>
                <button on:click=move |_| export::download_jsonld(ctx, VideoPage {
                    name: name.get_untracked(), thumbnail_url: thumb.get_untracked(), upload_date: date.get_untracked(),
                    page_url: page.get_untracked(), ..Default::default()
                })>"JSON-LD (.jsonld)"</button>
            </fieldset>
            <form class="publish" on:submit=move |e: ev::SubmitEvent| { e.prevent_default(); export::publish(ctx, token.get_untracked()); }>
                <label>"Admin token " <input type="password" autocomplete="off" data-testid="token"
                    prop:value=move || token.get() on:input=move |e| token.set(event_target_value(&e))/></label>
                <button type="submit" data-testid="publish">"Publish to the server"</button>
            </form>
        </section>
    }
}
