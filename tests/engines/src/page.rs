//! Reading and driving a test page over WebDriver: the overlay in its
//! shadow root, seeks, tag positions against the manifest, errors the page
//! recorded (`/test/errors.js`).

use std::time::{Duration, Instant};

use fantoccini::elements::{Element, ElementRef};
use fantoccini::Client;
use serde_json::{json, Value};
use shoppable::model::geometry::{to_overlay, Layout, ObjectFit, ObjectPosition, Size};
use shoppable::model::manifest::Manifest;
use shoppable::model::timeline::position_at;

/// The tolerances of the issue: 4 px, a quarter second.
pub const PX: f64 = 4.0;
pub const SECONDS: f64 = 0.25;

pub type Res<T = ()> = Result<T, String>;

pub async fn js(c: &Client, script: &str, args: Vec<Value>) -> Res<Value> {
    c.execute(script, args).await.map_err(|e| {
        format!(
            "script failed: {e}\n{}",
            script.lines().next().unwrap_or("")
        )
    })
}

pub async fn js_async(c: &Client, script: &str, args: Vec<Value>) -> Res<Value> {
    c.execute_async(script, args).await.map_err(|e| {
        format!(
            "async script failed: {e}\n{}",
            script.lines().next().unwrap_or("")
        )
    })
}

/// Polls `script` (returning a boolean) until true, or says `what` timed out.
pub async fn wait_for(c: &Client, script: &str, what: &str, limit: Duration) -> Res {
    let deadline = Instant::now() + limit;
    loop {
        if js(c, script, vec![]).await?.as_bool() == Some(true) {
            return Ok(());
        }
        if Instant::now() > deadline {
            let errors = page_errors(c).await.unwrap_or_default();
            return Err(format!(
                "{what}: not within {limit:?}; the page recorded {errors:?}"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const OVERLAY: &str =
    "document.querySelector('#v') && document.querySelector('#v').nextElementSibling";

/// Opens `path` and waits for the video's metadata and the mounted overlay.
pub async fn open(c: &Client, base: &str, path: &str) -> Res {
    c.goto(&format!("{base}{path}"))
        .await
        .map_err(|e| format!("opening {path}: {e}"))?;
    wait_for(
        c,
        "const v = document.querySelector('#v'); return !!v && v.readyState >= 1 && v.videoWidth > 0;",
        &format!("{path}: the video's metadata"),
        Duration::from_secs(30),
    )
    .await?;
    wait_for(
        c,
        &format!(
            "const o = {OVERLAY}; if (!o || o.localName !== 'shoppable-overlay' || !o.shadowRoot) return false;
             const b = o.shadowRoot.querySelector('button.shop'); return !!b && b.getBoundingClientRect().width > 0;"
        ),
        &format!("{path}: the overlay"),
        Duration::from_secs(30),
    )
    .await
}

/// Pauses, seeks to `t`, waits for `seeked` and two frames; the time reached.
/// A video without metadata yet (hls.js still attaching) is not seeked by
/// setting `currentTime` (HTML: at HAVE_NOTHING it only sets the start
/// position, and no `seeked` comes), so the seek waits for `loadedmetadata`.
pub async fn seek_paused(c: &Client, t: f64) -> Res<f64> {
    let v = js_async(
        c,
        "const [t, done] = arguments; const v = document.querySelector('#v'); v.pause();
         const go = () => {
           v.addEventListener('seeked', () => requestAnimationFrame(() => requestAnimationFrame(() => done(v.currentTime))), { once: true });
           v.currentTime = t;
         };
         if (v.readyState >= 1) go(); else v.addEventListener('loadedmetadata', go, { once: true });",
        vec![json!(t)],
    )
    .await?;
    v.as_f64()
        .ok_or_else(|| format!("seek to {t}: no time back"))
}

/// One read of the video's geometry and the rendered tags (one layout).
pub struct Snapshot {
    pub time: f64,
    pub left: f64,
    pub top: f64,
    pub layout: Layout,
    pub tags: Vec<(String, f64, f64)>,
}

pub async fn snapshot(c: &Client) -> Res<Snapshot> {
    let v = js(
        c,
        &format!(
            "const v = document.querySelector('#v'); const s = getComputedStyle(v); const r = v.getBoundingClientRect();
             const px = (p) => parseFloat(s.getPropertyValue(p)) || 0;
             const left = r.left + px('border-left-width') + px('padding-left');
             const top = r.top + px('border-top-width') + px('padding-top');
             const w = r.width - px('border-left-width') - px('border-right-width') - px('padding-left') - px('padding-right');
             const h = r.height - px('border-top-width') - px('border-bottom-width') - px('padding-top') - px('padding-bottom');
             const o = {OVERLAY};
             const tags = o && o.shadowRoot ? [...o.shadowRoot.querySelectorAll('button.tag')].map((b) => {{
               const t = b.getBoundingClientRect(); return [b.dataset.tagId || '', t.left + t.width / 2, t.top + t.height / 2]; }}) : [];
             return {{ time: v.currentTime, left, top, w, h, vw: v.videoWidth, vh: v.videoHeight,
                      fit: s.objectFit, pos: s.objectPosition, tags }};"
        ),
        vec![],
    )
    .await?;
    let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    Ok(Snapshot {
        time: f("time"),
        left: f("left"),
        top: f("top"),
        layout: Layout {
            content: Size {
                w: f("w"),
                h: f("h"),
            },
            intrinsic: Size {
                w: f("vw"),
                h: f("vh"),
            },
            fit: ObjectFit::parse(v["fit"].as_str().unwrap_or("fill")),
            position: ObjectPosition::parse(v["pos"].as_str().unwrap_or("50% 50%")),
        },
        tags: v["tags"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| {
                        (
                            t[0].as_str().unwrap_or("").to_string(),
                            t[1].as_f64().unwrap_or(f64::NAN),
                            t[2].as_f64().unwrap_or(f64::NAN),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// Every active tag whose point is visible is rendered within [`PX`] of where
/// the manifest puts it; no inactive or cropped tag is rendered.
pub fn expect_placed(s: &Snapshot, m: &Manifest) -> Res {
    for tag in &m.tags {
        let rendered = s.tags.iter().find(|(id, _, _)| id == &tag.id);
        let active = s.time >= tag.start && s.time < tag.end;
        if !active {
            // Within a frame of either end, either is right.
            if rendered.is_some()
                && (s.time - tag.start).abs() > 0.05
                && (s.time - tag.end).abs() > 0.05
            {
                return Err(format!(
                    "t={:.3}: tag {} is not active, yet rendered",
                    s.time, tag.id
                ));
            }
            continue;
        }
        let p = position_at(tag, s.time);
        let expected = to_overlay(&s.layout, p).map(|(x, y)| (s.left + x, s.top + y));
        match (expected, rendered) {
            (Some((ex, ey)), Some((_, ax, ay))) => {
                if (ax - ex).abs() > PX || (ay - ey).abs() > PX {
                    return Err(format!(
                        "t={:.3}: tag {} at ({ax:.1}, {ay:.1}), expected ({ex:.1}, {ey:.1})",
                        s.time, tag.id
                    ));
                }
            }
            (Some((ex, ey)), None) => {
                // A point on the visible area's very edge may round either way.
                let r = shoppable::model::geometry::picture_rect(&s.layout);
                let near_edge = r.is_some_and(|r| {
                    let (x, y) = (ex - s.left, ey - s.top);
                    x < r.x.max(0.0) + 1.0
                        || y < r.y.max(0.0) + 1.0
                        || x > (r.x + r.w).min(s.layout.content.w) - 1.0
                        || y > (r.y + r.h).min(s.layout.content.h) - 1.0
                });
                if !near_edge {
                    return Err(format!(
                        "t={:.3}: active, visible tag {} is not rendered",
                        s.time, tag.id
                    ));
                }
            }
            (None, Some(_)) => {
                return Err(format!(
                    "t={:.3}: tag {} is cropped out, yet rendered",
                    s.time, tag.id
                ))
            }
            (None, None) => {}
        }
    }
    Ok(())
}

/// An element of the overlay's shadow root, by CSS selector.
pub async fn shadow(c: &Client, selector: &str) -> Res<Element> {
    let v = js(
        c,
        &format!("const o = {OVERLAY}; return o && o.shadowRoot ? o.shadowRoot.querySelector(arguments[0]) : null;"),
        vec![json!(selector)],
    )
    .await?;
    element(c, &v).ok_or_else(|| format!("no {selector} in the overlay"))
}

/// A WebDriver element reference returned by a script.
pub fn element(c: &Client, v: &Value) -> Option<Element> {
    let id = v.as_object()?.values().next()?.as_str()?;
    Some(Element::from_element_id(
        c.clone(),
        ElementRef::from(id.to_string()),
    ))
}

/// What has focus, looking into shadow roots: `tag:<id>`, `.class` or the tag name.
pub async fn deep_focus(c: &Client) -> Res<String> {
    let v = js(
        c,
        "let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
         if (!a) return ''; if (a.dataset && a.dataset.tagId) return 'tag:' + a.dataset.tagId;
         return a.className ? '.' + String(a.className).split(' ')[0] : a.localName;",
        vec![],
    )
    .await?;
    Ok(v.as_str().unwrap_or("").to_string())
}

/// Whether the product sheet's `<dialog>` is open.
pub async fn sheet_open(c: &Client) -> Res<bool> {
    let v = js(
        c,
        &format!("const o = {OVERLAY}; const d = o && o.shadowRoot && o.shadowRoot.querySelector('dialog.sheet'); return !!d && d.open;"),
        vec![],
    )
    .await?;
    Ok(v.as_bool() == Some(true))
}

/// The errors the page recorded (`/test/errors.js`).
pub async fn page_errors(c: &Client) -> Res<Vec<String>> {
    let v = js(c, "return (window.__pageErrors || []).concat((window.__shoppableErrors || []).map((m) => 'shoppable:error ' + m));", vec![]).await?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

/// WebDriver's codes for the keys the flows press.
pub const ENTER: char = '\u{E007}';
pub const ESCAPE: char = '\u{E00C}';

/// A key press on whatever has focus (WebDriver actions).
pub async fn press(c: &Client, key: char) -> Res {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    c.perform_actions(keys)
        .await
        .map_err(|e| format!("pressing {key:?}: {e}"))
}
