//! Files in and out, the preview and publishing: a video file opened
//! through an object URL (nothing is uploaded), a catalog or manifest read
//! with `File.text()`, downloads made from Blobs, the preview through the
//! page's own loader (`Shoppable.attach`, the code a viewer runs), and the
//! admin `PUT` of the manifest.

use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{capture, Ctx, Frames};
use crate::model::manifest::authoring::Authoring;
use crate::model::studio::catalog::{import, kind_of, Kind};
use crate::model::studio::jsonld::{script_text, VideoPage};
use crate::model::studio::vtt::metadata_track;
use crate::model::track::keyframes::DEFAULT_TOLERANCE;

/// Where the admin token is kept: this tab's `sessionStorage`, as the admin
/// page keeps it; it goes only in the `Authorization` header.
pub const TOKEN_KEY: &str = "shoppable:admin-token";

/// The document as exported: the opened one's fields and tags, the
/// project's products, and the tracked tags.
pub fn document(ctx: Ctx) -> Authoring {
    let base = ctx.base.get_untracked();
    let times = ctx.times.get_untracked();
    let (w, h) = ctx.small.get_untracked();
    ctx.project.with_untracked(|p| {
        let mut tags = base.tags.clone();
        tags.extend(p.export_tags(&times, w as f64, h as f64, DEFAULT_TOLERANCE));
        p.document(&base, tags)
    })
}

pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(a) = doc.create_element("a") {
            let a: web_sys::HtmlAnchorElement = a.unchecked_into();
            a.set_href(&url);
            a.set_download(name);
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

pub fn download_manifest(ctx: Ctx) {
    let doc = document(ctx);
    download(
        &format!("{}.json", doc.video.id),
        "application/json",
        &doc.to_json(),
    );
}

pub fn download_vtt(ctx: Ctx) {
    match document(ctx).check() {
        Ok(parsed) => download(
            &format!("{}.vtt", parsed.manifest.video.id),
            "text/vtt",
            &metadata_track(&parsed.manifest),
        ),
        Err(e) => ctx.say(
            format!("The manifest has an error, so there is nothing to export: {e}"),
            true,
        ),
    }
}

pub fn download_jsonld(ctx: Ctx, page: VideoPage) {
    if page.name.trim().is_empty()
        || page.thumbnail_url.trim().is_empty()
        || page.upload_date.trim().is_empty()
    {
        ctx.say(
            "JSON-LD needs the video's name, thumbnail URL and upload date.",
            true,
        );
        return;
    }
    match document(ctx).check() {
        Ok(parsed) => download(
            &format!("{}.jsonld", parsed.manifest.video.id),
            "application/ld+json",
            &script_text(&page, &parsed.manifest),
        ),
        Err(e) => ctx.say(
            format!("The manifest has an error, so there is nothing to export: {e}"),
            true,
        ),
    }
}

/// Shows the exported manifest with the real widget over the studio's video.
pub fn start_preview(ctx: Ctx) {
    stop_preview(ctx);
    let Some(video) = ctx.video_el() else { return };
    let doc = document(ctx);
    if let Err(e) = doc.check() {
        ctx.say(
            format!("Preview needs a manifest the widget accepts: {e}"),
            true,
        );
        return;
    }
    let Ok(manifest) = js_sys::JSON::parse(&doc.to_json()) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = Reflect::get(&window, &"Shoppable".into()).unwrap_or(JsValue::UNDEFINED);
    let attach = Reflect::get(&api, &"attach".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok());
    let Some(attach) = attach else {
        ctx.say("The widget's loader (/shoppable/v1/shoppable.js) is not on this page, so there is no preview.", true);
        return;
    };
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"manifest".into(), &manifest);
    match attach.call2(&api, &video, &opts) {
        Ok(handle) => ctx.preview.set_value(Some(handle)),
        Err(e) => ctx.say(format!("The preview failed: {e:?}"), true),
    }
}

pub fn stop_preview(ctx: Ctx) {
    let Some(Some(handle)) = ctx.preview.try_update_value(|p| p.take()) else {
        return;
    };
    if let Ok(destroy) =
        Reflect::get(&handle, &"destroy".into()).and_then(|f| f.dyn_into::<Function>())
    {
        let _ = destroy.call0(&handle);
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn saved_token() -> Option<String> {
    storage()?.get_item(TOKEN_KEY).ok()?
}

/// `PUT /api/admin/manifests/{video}` with the canonical text.
pub fn publish(ctx: Ctx, token: String) {
    if let Some(s) = storage() {
        let _ = s.set_item(TOKEN_KEY, &token);
    }
    let doc = document(ctx);
    if let Err(e) = doc.check() {
        ctx.say(format!("Not published: {e}"), true);
        return;
    }
    let url = format!(
        "/api/admin/manifests/{}",
        js_sys::encode_uri_component(&doc.video.id)
    );
    leptos::task::spawn_local(async move {
        let init = web_sys::RequestInit::new();
        init.set_method("PUT");
        init.set_body(&JsValue::from_str(&doc.to_json()));
        let headers = web_sys::Headers::new().unwrap_throw();
        let _ = headers.set("Content-Type", "application/json");
        let _ = headers.set("Authorization", &format!("Bearer {token}"));
        init.set_headers(&headers);
        let Some(window) = web_sys::window() else {
            return;
        };
        let answer = match JsFuture::from(window.fetch_with_str_and_init(&url, &init)).await {
            Ok(r) => r.unchecked_into::<web_sys::Response>(),
            Err(_) => return ctx.say("Not published: the server could not be reached.", true),
        };
        let status = answer.status();
        let body = match answer.text() {
            Ok(p) => JsFuture::from(p)
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        match status {
            200..=299 => ctx.say(
                format!(
                    "Published {}: pages showing this video get the new tags on their next load.",
                    doc.video.id
                ),
                false,
            ),
            401 | 403 => {
                if let Some(s) = storage() {
                    let _ = s.remove_item(TOKEN_KEY);
                }
                ctx.say("Not published: the admin token was refused.", true)
            }
            _ => ctx.say(
                format!("Not published ({status}): {}", problem_words(&body)),
                true,
            ),
        }
    });
}

/// A problem+json body's `detail` and any `errors` (path: message).
fn problem_words(body: &str) -> String {
    let Ok(v) = js_sys::JSON::parse(body) else {
        return body.to_string();
    };
    let get = |o: &JsValue, k: &str| Reflect::get(o, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let mut out = get(&v, "detail").as_string().unwrap_or_default();
    let errors = get(&v, "errors");
    if js_sys::Array::is_array(&errors) {
        for e in js_sys::Array::from(&errors).iter() {
            out.push_str(&format!(
                " {}: {}.",
                get(&e, "path").as_string().unwrap_or_default(),
                get(&e, "message").as_string().unwrap_or_default()
            ));
        }
    }
    out
}

/// Opens a video (a file's object URL or a URL) and captures its frames.
pub fn open_video(ctx: Ctx, src: String, name: String) {
    let Some(video) = ctx.video_el() else { return };
    stop_preview(ctx);
    ctx.capture.set_value(None);
    ctx.link.with_value(|l| {
        if let Some(l) = l {
            l.clear()
        }
    });
    ctx.times.set(Vec::new());
    ctx.cuts.set(Vec::new());
    ctx.frames.set(Frames::None);
    ctx.source_name.set(name);
    ctx.saved_key.set(None);
    // Pixels of a cross-origin video are readable only with CORS.
    video.set_cross_origin(if src.starts_with("blob:") {
        None
    } else {
        Some("anonymous")
    });
    video.set_src(&src);
    ctx.say("Opening the video…", false);
}

/// Called when the video has data: captures the frames.
pub fn capture_frames(ctx: Ctx) {
    let Some(video) = ctx.video_el() else { return };
    let progress = move |frames: usize, t: f64| {
        ctx.frames.try_set(Frames::Capturing { frames, t });
    };
    let done = move |outcome: capture::Outcome| {
        match outcome {
        capture::Outcome::Done {
            frames,
            missing,
            dropped,
            rejected,
            unchecked,
        } => {
            let Some(first) = frames.first() else {
                manual_only(ctx, "No frame could be captured from this video: preview and manual placement only.");
                return;
            };
            ctx.small.set((first.w, first.h));
            ctx.times.set(frames.iter().map(|f| f.t).collect());
            ctx.link.with_value(|l| {
                if let Some(l) = l {
                    for (i, f) in frames.iter().enumerate() {
                        l.put(i, f.t, &f.px, f.w, f.h);
                    }
                    l.cuts(move |a| {
                        if let super::worker::Answer::Cuts(c) = a {
                            ctx.cuts.try_set(c);
                        }
                    });
                }
            });
            ctx.frames.set(Frames::Ready);
            ctx.show_frame(0);
            let secs = (js_sys::Date::now() - ctx.capture_started.get_untracked()) / 1000.0;
            let mut words = format!(
                "Captured {} frames ({:.0} frames/s).",
                frames.len(),
                frames.len() as f64 / secs.max(1e-3)
            );
            if !missing.is_empty() {
                let list: Vec<String> = missing
                    .iter()
                    .map(|(a, b)| format!("{a:.3}–{b:.3} s"))
                    .collect();
                words.push_str(&format!(" Still missing after replaying at half speed: {} (tracking stops at these gaps).", list.join(", ")));
            }
            if dropped > 0 || rejected > 0 {
                words.push_str(&format!(" The browser dropped {dropped} frames; {rejected} copies were rejected (not the frame shown)."));
            }
            if unchecked > 0 {
                words.push_str(&format!(" {unchecked} frames could not be checked against their time (this browser stamps copies in whole seconds)."));
            }
            ctx.say(words, !missing.is_empty());
        }
        capture::Outcome::Unreadable => manual_only(ctx, "This video's pixels cannot be read (it comes from another site that does not allow it: no CORS). Preview and manual placement still work; tracking does not."),
    }
    };
    ctx.capture_started.set(js_sys::Date::now());
    match capture::start(&video, progress, done) {
        Ok(c) => ctx.capture.set_value(Some(c)),
        Err(e) => manual_only(ctx, &format!("Capture could not start: {e}.")),
    }
}

/// No frames to track: placement steps through nominal frame times (30 a
/// second), the preview works, Track is off; `words` say why.
fn manual_only(ctx: Ctx, words: &str) {
    if let Some(v) = ctx.video_el() {
        let (w, h) = (
            v.video_width().max(1) as f64,
            v.video_height().max(1) as f64,
        );
        let k = 320.0 / w.max(h);
        ctx.small
            .set(((w * k).round() as usize, (h * k).round() as usize));
        ctx.times
            .set(crate::model::studio::frames::nominal(v.duration(), 30.0));
    }
    ctx.frames.set(Frames::Unreadable);
    ctx.say(words, true);
}

/// The words for a video the browser could not play.
pub fn video_error(ctx: Ctx) {
    let code = ctx
        .video_el()
        .and_then(|v| v.error())
        .map(|e| e.code())
        .unwrap_or(0);
    let name = ctx.source_name.get_untracked();
    // A cross-origin video asked for with CORS fails to load when its server
    // does not allow it: open it again without, for preview and manual
    // placement (its pixels stay unreadable, which the capture then says).
    if let Some(v) = ctx.video_el() {
        let src = v.current_src();
        if v.cross_origin().is_some() && !src.is_empty() && !src.starts_with("blob:") {
            v.set_cross_origin(None);
            v.set_src(&src);
            ctx.say(
                format!("{name}: its server does not allow reading its pixels (no CORS); opening it again for preview and manual placement only…"),
                false,
            );
            return;
        }
    }
    ctx.say(
        match code {
            4 => format!("This browser cannot decode {name}. Phones often record HEVC (H.265) .mov files, which Chromium cannot play; export it as H.264 MP4 or VP9 WebM and open that."),
            2 => format!("{name} could not be loaded over the network."),
            3 => format!("{name} is damaged: decoding failed part way."),
            _ => format!("{name} could not be opened."),
        },
        true,
    );
}

/// Reads a catalog or manifest file and adds its products (one undoable edit).
pub fn import_file(ctx: Ctx, file: web_sys::File) {
    leptos::task::spawn_local(async move {
        let text = JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default();
        let name = file.name();
        let kind = kind_of(&name, &text);
        if kind == Kind::Manifest {
            match Authoring::from_json(&text) {
                Ok(doc) => {
                    let products = doc.products.clone();
                    let tags = doc.tags.len();
                    ctx.base.set(Authoring {
                        products: Vec::new(),
                        ..doc
                    });
                    ctx.project.update(|p| p.edit(|s| s.products = products));
                    ctx.say(
                        format!("Opened {name}: its products, and {tags} tags kept as they are."),
                        false,
                    );
                }
                Err(e) => ctx.say(format!("{name}: {e}"), true),
            }
            return;
        }
        let currency = ctx
            .base
            .with_untracked(|b| b.currency.clone().unwrap_or_else(|| "USD".into()));
        match import(kind, &text, &currency) {
            Ok(got) => {
                let n = got.products.len();
                ctx.project.update(|p| {
                    p.edit(|s| {
                        for product in got.products {
                            match s.products.iter_mut().find(|q| q.id == product.id) {
                                Some(q) => *q = product,
                                None => s.products.push(product),
                            }
                        }
                    })
                });
                let mut words = format!("Imported {n} products from {name}.");
                if !got.skipped.is_empty() {
                    let list: Vec<String> = got.skipped.iter().map(|s| s.to_string()).collect();
                    words.push_str(&format!(" Skipped: {}.", list.join("; ")));
                }
                ctx.say(words, !got.skipped.is_empty());
            }
            Err(e) => ctx.say(format!("{name}: {e}"), true),
        }
    });
}
