//! Structured data for the brand's page: a schema.org `VideoObject` with a
//! `Clip` per tagged span, so search engines can show "key moments" that
//! name the products. One function, from the validated manifest, for the
//! studio's export and for any page-side SEO helper.
//!
//! Google's video guidance asks for `name`, `thumbnailUrl` and `uploadDate`
//! on the video (the studio asks the author for them) and, per `Clip`,
//! `name`, `startOffset`, `endOffset` (whole seconds) and a `url` that opens
//! the page at the clip's start.

use serde_json::{json, Value};

use crate::model::manifest::Manifest;

/// What the page says about its video, beyond the manifest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VideoPage {
    pub name: String,
    pub description: Option<String>,
    pub thumbnail_url: String,
    /// ISO 8601 date or date-time, e.g. `2026-03-01`.
    pub upload_date: String,
    /// The video file's URL, when public.
    pub content_url: Option<String>,
    /// The brand's page that shows the video; clip URLs add `t=<seconds>` to it.
    pub page_url: String,
}

/// The `VideoObject`, one `Clip` per tag in time order (ties by tag order).
pub fn video_object(page: &VideoPage, manifest: &Manifest) -> Value {
    let mut tags: Vec<_> = manifest.tags.iter().collect();
    tags.sort_by(|a, b| a.start.total_cmp(&b.start));
    let clips: Vec<Value> = tags
        .iter()
        .map(|t| {
            let start = t.start.floor().max(0.0) as u64;
            let end = (t.end.ceil() as u64).max(start + 1);
            json!({
                "@type": "Clip",
                "name": manifest.products[t.product].title,
                "startOffset": start,
                "endOffset": end,
                "url": at_time(&page.page_url, start),
            })
        })
        .collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": page.name,
        "thumbnailUrl": page.thumbnail_url,
        "uploadDate": page.upload_date,
        "hasPart": clips,
    });
    if let Some(d) = &page.description {
        v["description"] = json!(d);
    }
    if let Some(c) = &page.content_url {
        v["contentUrl"] = json!(c);
    }
    v
}

/// `url` with `t=<seconds>` added to its query, before any fragment.
pub fn at_time(url: &str, seconds: u64) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    let mut out = format!("{base}{sep}t={seconds}");
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    out
}

/// The `<script type="application/ld+json">` element's text. `<` is
/// escaped so no product title can close the script element.
pub fn script_text(page: &VideoPage, manifest: &Manifest) -> String {
    serde_json::to_string_pretty(&video_object(page, manifest))
        .expect("JSON values serialize")
        .replace('<', "\\u003c")
}
