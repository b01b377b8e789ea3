//! Getting a manifest: fetched by URL (parsed by the browser's own
//! `JSON.parse`, so no JSON parser ships in the wasm) or handed over as an
//! object, then validated by the model. Relative product links and images
//! resolve against the manifest's own URL, as a brand would expect.

use crate::model::manifest::{self, Manifest};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Response, Url};

pub enum Source {
    Url(String),
    Object(JsValue),
}

pub struct Loaded {
    pub manifest: Manifest,
    /// The manifest as `JSON.parse` gave it, for the shop module to validate again.
    pub value: JsValue,
    pub warnings: Vec<String>,
    /// The manifest URL's origin (the page's for a manifest object): names
    /// the store in storage keys.
    pub site: String,
    /// The manifest's URL (the page's for an object): relative checkout URLs resolve against it.
    pub base: String,
}

/// Loads and validates; the error is one sentence naming the manifest.
pub async fn load(source: &Source) -> Result<Loaded, String> {
    let base = document_base();
    let (value, base, name) = match source {
        Source::Url(u) => {
            let url = Url::new_with_base(u, &base)
                .map_err(|_| ["manifest URL \"", u, "\" is not a valid URL"].concat())?
                .href();
            let v = fetch_json(&url)
                .await
                .map_err(|e| ["manifest ", url.as_str(), ": ", e.as_str()].concat())?;
            let name = ["manifest ", url.as_str()].concat();
            (v, url, name)
        }
        Source::Object(v) => (v.clone(), base, "manifest object".to_owned()),
    };
    from_value(value, base, &name)
}

/// Validates a parsed manifest and resolves its links against `base`; `name`
/// starts every message.
pub fn from_value(value: JsValue, base: String, name: &str) -> Result<Loaded, String> {
    let name = name.to_owned();
    let parsed = manifest::from_json(value.clone())
        .map_err(|e| [name.as_str(), ": ", e.to_string().as_str()].concat())?;
    let mut m = parsed.manifest;
    let mut warnings: Vec<String> = parsed
        .warnings
        .iter()
        .map(|w| [name.as_str(), ": ", w.to_string().as_str()].concat())
        .collect();
    for (i, p) in m.products.iter_mut().enumerate() {
        for (field, slot) in [("image", &mut p.image), ("url", &mut p.url)] {
            if let Some(raw) = slot.take() {
                match resolve(&raw, &base) {
                    Some(abs) => *slot = Some(abs),
                    None => warnings.push(
                        [
                            name.as_str(),
                            ": products[",
                            i.to_string().as_str(),
                            "].",
                            field,
                            ": \"",
                            raw.as_str(),
                            "\" is not a usable URL",
                        ]
                        .concat(),
                    ),
                }
            }
        }
    }
    let site = Url::new(&base).map(|u| u.origin()).unwrap_or_default();
    Ok(Loaded {
        manifest: m,
        value,
        warnings,
        site,
        base,
    })
}

fn document_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default()
}

/// Absolute http(s) URL, or None: the model already refused other schemes,
/// this makes sure resolution cannot produce one either.
pub fn resolve(raw: &str, base: &str) -> Option<String> {
    let u = Url::new_with_base(raw, base).ok()?;
    matches!(u.protocol().as_str(), "https:" | "http:").then(|| u.href())
}

async fn fetch_json(url: &str) -> Result<JsValue, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| ["request failed (", describe(&e).as_str(), ")"].concat())?;
    let resp: Response = resp.dyn_into().map_err(|_| "not a response")?;
    if !resp.ok() {
        return Err(["HTTP ", resp.status().to_string().as_str()].concat());
    }
    let json = resp.json().map_err(|e| describe(&e))?;
    JsFuture::from(json)
        .await
        .map_err(|e| ["not JSON (", describe(&e).as_str(), ")"].concat())
}

/// A thrown JS value as text: an Error's message, or its string form.
pub fn describe(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
