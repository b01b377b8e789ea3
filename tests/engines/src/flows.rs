//! The flows that matter to a shopper, written once and run in every
//! engine: tags where the manifest says (contain and cover, several paused
//! times), a tag on time while playing, the sheet by tap and by keyboard
//! (Escape closes, focus returns), the cart across a reload, checkout
//! falling to the host's cart where there is no payment sheet, hls.js with
//! tags, a blocked wasm leaving the video playing, tags placed with the
//! fallbacks forced by the test switch, and no page errors.

use std::time::Duration;

use fantoccini::Client;
use serde_json::json;
use shoppable::model::manifest::Manifest;

use crate::page::{
    self, js, js_async, open, seek_paused, shadow, snapshot, wait_for, Res, ENTER, ESCAPE, SECONDS,
};

/// A flow, by name (run by its index in [`FLOWS`]).
pub struct Flow {
    pub name: &'static str,
}

pub const FLOWS: &[Flow] = &[
    Flow {
        name: "tags placed (contain)",
    },
    Flow {
        name: "tags placed (cover)",
    },
    Flow {
        name: "a tag appears on time while playing",
    },
    Flow {
        name: "sheet by tap and keyboard; Escape; focus returns",
    },
    Flow {
        name: "cart survives a reload",
    },
    Flow {
        name: "checkout falls to the host's cart without a payment sheet",
    },
    Flow {
        name: "hls.js playback with tags",
    },
    Flow {
        name: "a blocked wasm leaves the video playing",
    },
    Flow {
        name: "tags placed with fallbacks forced (anchor, rvfc, adopted)",
    },
];

/// Paused times at which positions are checked (tags move between them).
const TIMES: [f64; 4] = [3.0, 5.5, 8.0, 12.5];

pub async fn run(i: usize, c: &Client, base: &str, m: &Manifest) -> Res {
    match i {
        0 => placed(c, base, "/test/contain.html", m).await,
        1 => placed(c, base, "/test/cover.html", m).await,
        2 => on_time(c, base, m).await,
        3 => sheet(c, base, m).await,
        4 => cart(c, base, m).await,
        5 => fallback(c, base, m).await,
        6 => placed(c, base, "/test/players/hls.html", m).await,
        7 => blocked(c, base).await,
        // The test switch (README "Browsers"): each engine's fallbacks too.
        8 => placed(c, base, "/test/forced.html?force=anchor,rvfc,adopted", m).await,
        _ => Err("no such flow".into()),
    }?;
    no_errors(c).await
}

async fn no_errors(c: &Client) -> Res {
    let errors = page::page_errors(c).await?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("the page recorded errors: {errors:?}"))
    }
}

async fn placed(c: &Client, base: &str, path: &str, m: &Manifest) -> Res {
    open(c, base, path).await?;
    for t in TIMES {
        let reached = seek_paused(c, t).await?;
        if (reached - t).abs() > 0.1 {
            return Err(format!("{path}: seeking to {t} reached {reached}"));
        }
        // The overlay redraws on `seeked`; give it a moment in slow engines.
        let deadline = std::time::Instant::now() + Duration::from_millis(1500);
        loop {
            let s = snapshot(c).await?;
            match page::expect_placed(&s, m) {
                Ok(()) => break,
                Err(e) if std::time::Instant::now() > deadline => {
                    return Err(format!("{path}: {e}"))
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }
    Ok(())
}

/// The first tag of the manifest, from a second before its start, playing.
async fn on_time(c: &Client, base: &str, m: &Manifest) -> Res {
    open(c, base, "/test/contain.html").await?;
    let tag = m
        .tags
        .iter()
        .min_by(|a, b| a.start.total_cmp(&b.start))
        .ok_or("no tags")?;
    seek_paused(c, (tag.start - 1.0).max(0.0)).await?;
    // Record the video's time when each tag button is added.
    js(
        c,
        "window.__seen = {}; const v = document.querySelector('#v'); const o = v.nextElementSibling;
         const note = () => { for (const b of o.shadowRoot.querySelectorAll('button.tag')) {
           if (!(b.dataset.tagId in window.__seen)) window.__seen[b.dataset.tagId] = v.currentTime; } };
         note(); new MutationObserver(note).observe(o.shadowRoot, { childList: true, subtree: true });",
        vec![],
    )
    .await?;
    js_async(
        c,
        "const done = arguments[0]; const v = document.querySelector('#v'); v.muted = true; v.play().then(() => done(true), (e) => done(String(e)));",
        vec![],
    )
    .await?;
    wait_for(
        c,
        &format!("return {} in (window.__seen || {{}});", json!(tag.id)),
        &format!("tag {} while playing", tag.id),
        Duration::from_secs(10),
    )
    .await?;
    let at = js(
        c,
        &format!("return window.__seen[{}];", json!(tag.id)),
        vec![],
    )
    .await?;
    let at = at.as_f64().ok_or("no time recorded")?;
    if (at - tag.start).abs() > SECONDS {
        return Err(format!(
            "tag {} appeared at {at:.3} s; it starts at {:.3} s",
            tag.id, tag.start
        ));
    }
    js(c, "document.querySelector('#v').pause();", vec![]).await?;
    Ok(())
}

/// A tag active at 3 s, tapped (a mouse click where there is no touch).
async fn first_tag_at_3(c: &Client, m: &Manifest) -> Res<String> {
    seek_paused(c, 3.0).await?;
    let tag = m
        .tags
        .iter()
        .find(|t| t.start <= 3.0 && t.end > 3.0)
        .ok_or("no tag at 3 s")?;
    wait_for(
        c,
        &format!(
            "const o = document.querySelector('#v').nextElementSibling; return !!o.shadowRoot.querySelector('button.tag[data-tag-id={}]');",
            json!(tag.id)
        ),
        "the tag at 3 s",
        Duration::from_secs(5),
    )
    .await?;
    Ok(tag.id.clone())
}

async fn sheet(c: &Client, base: &str, m: &Manifest) -> Res {
    open(c, base, "/test/contain.html").await?;
    let id = first_tag_at_3(c, m).await?;
    let sel = format!("button.tag[data-tag-id=\"{id}\"]");
    shadow(c, &sel)
        .await?
        .click()
        .await
        .map_err(|e| format!("tapping the tag: {e}"))?;
    wait_for(c, "const o = document.querySelector('#v').nextElementSibling; const d = o.shadowRoot.querySelector('dialog.sheet'); return !!d && d.open;", "the sheet after a tap", Duration::from_secs(15)).await?;
    page::press(c, ESCAPE).await?;
    wait_for(c, "const o = document.querySelector('#v').nextElementSibling; const d = o.shadowRoot.querySelector('dialog.sheet'); return !d || !d.open;", "the sheet closing on Escape", Duration::from_secs(5)).await?;
    let focus = page::deep_focus(c).await?;
    if focus != format!("tag:{id}") {
        return Err(format!(
            "after Escape, focus is on {focus:?}, not the tag {id}"
        ));
    }
    // The keyboard: Enter on the focused tag opens it again.
    page::press(c, ENTER).await?;
    wait_for(c, "const o = document.querySelector('#v').nextElementSibling; const d = o.shadowRoot.querySelector('dialog.sheet'); return !!d && d.open;", "the sheet by Enter", Duration::from_secs(5)).await?;
    page::press(c, ESCAPE).await?;
    if page::sheet_open(c).await? {
        tokio::time::sleep(Duration::from_millis(300)).await;
        if page::sheet_open(c).await? {
            return Err("Escape did not close the sheet opened by keyboard".into());
        }
    }
    Ok(())
}

/// The sheet's button whose text is `label`.
const BUTTON_BY_TEXT: &str = "const o = document.querySelector('#v').nextElementSibling;
     return [...o.shadowRoot.querySelectorAll('button')].find((b) => b.textContent.trim() === arguments[0] && !b.disabled) || null;";

async fn click_text(c: &Client, label: &str) -> Res {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let v = js(c, BUTTON_BY_TEXT, vec![json!(label)]).await?;
        if let Some(e) = page::element(c, &v) {
            return e
                .click()
                .await
                .map_err(|e| format!("clicking {label:?}: {e}"));
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("no enabled button {label:?} in the overlay"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn cart_count(c: &Client) -> Res<String> {
    let v = js(
        c,
        "const o = document.querySelector('#v').nextElementSibling; const b = o.shadowRoot.querySelector('button.cart-button');
         return b && b.getBoundingClientRect().width > 0 ? b.textContent.replace(/\\D+/g, '') : '';",
        vec![],
    )
    .await?;
    Ok(v.as_str().unwrap_or("").to_string())
}

async fn cart(c: &Client, base: &str, m: &Manifest) -> Res {
    open(c, base, "/test/contain.html").await?;
    // A fresh cart for this origin.
    js(c, "localStorage.clear();", vec![]).await?;
    c.refresh().await.map_err(|e| e.to_string())?;
    open(c, base, "/test/contain.html").await?;
    let id = first_tag_at_3(c, m).await?;
    shadow(c, &format!("button.tag[data-tag-id=\"{id}\"]"))
        .await?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    click_text(c, "Add to cart").await?;
    wait_for(c, "const o = document.querySelector('#v').nextElementSibling; const b = o.shadowRoot.querySelector('button.cart-button'); return !!b && /1/.test(b.textContent);", "the cart button's count", Duration::from_secs(10)).await?;
    c.refresh().await.map_err(|e| e.to_string())?;
    open(c, base, "/test/contain.html").await?;
    wait_for(c, "const o = document.querySelector('#v').nextElementSibling; const b = o.shadowRoot.querySelector('button.cart-button'); return !!b && b.getBoundingClientRect().width > 0;", "the cart after a reload", Duration::from_secs(15)).await?;
    let n = cart_count(c).await?;
    if n != "1" {
        return Err(format!("after a reload the cart says {n:?}, not 1"));
    }
    js(c, "localStorage.clear();", vec![]).await?;
    Ok(())
}

async fn fallback(c: &Client, base: &str, m: &Manifest) -> Res {
    open(c, base, "/test/fallback.html").await?;
    let id = first_tag_at_3(c, m).await?;
    shadow(c, &format!("button.tag[data-tag-id=\"{id}\"]"))
        .await?
        .click()
        .await
        .map_err(|e| e.to_string())?;
    click_text(c, "Buy now").await?;
    wait_for(
        c,
        "return (window.__host || []).some((h) => 'checkout' in h);",
        "the host's checkout",
        Duration::from_secs(15),
    )
    .await?;
    // Buy now hands the one item to the host's checkout (no payment sheet
    // in this engine, and no error for the lack of one).
    let host = js(c, "return window.__host;", vec![]).await?;
    let value = host.as_array().and_then(|a| {
        a.iter()
            .find_map(|h| h.get("checkout").and_then(|v| v.as_i64()))
    });
    if value.is_none_or(|v| v <= 0) {
        return Err(format!("the host's checkout got {host}"));
    }
    Ok(())
}

async fn blocked(c: &Client, base: &str) -> Res {
    c.goto(&format!("{base}/test/no-wasm.html"))
        .await
        .map_err(|e| e.to_string())?;
    wait_for(
        c,
        "return (window.__shoppableErrors || []).length > 0;",
        "shoppable:error when the wasm is blocked",
        Duration::from_secs(30),
    )
    .await?;
    let overlay = js(
        c,
        "return !!document.querySelector('shoppable-overlay');",
        vec![],
    )
    .await?;
    if overlay.as_bool() != Some(false) {
        return Err("an overlay was left on the page".into());
    }
    let played = js_async(
        c,
        "const done = arguments[0]; const v = document.querySelector('#v'); v.muted = true; const t0 = v.currentTime;
         v.play().then(() => setTimeout(() => done(v.currentTime - t0), 1200), (e) => done(String(e)));",
        vec![],
    )
    .await?;
    if played.as_f64().is_none_or(|d| d < 0.5) {
        return Err(format!("the video did not play on: {played}"));
    }
    let controls = js(c, "return document.querySelector('#v').controls;", vec![]).await?;
    if controls.as_bool() != Some(true) {
        return Err("the video lost its controls".into());
    }
    // The blocked wasm is the widget's one reported error, not the page's.
    js(c, "window.__shoppableErrors = [];", vec![]).await?;
    Ok(())
}
