//! Structured data for the brand's page: a schema.org `VideoObject` with a
//! `Clip` per tagged span, so search engines can show "key moments" that
//! name the products. One function, from the validated manifest, for the
//! studio's export and for any page-side SEO helper.
//!
//! Google's video guidance asks for `name`, `thumbnailUrl` and `uploadDate`
//! on the video (the studio asks the author for them) and, per `Clip`,
//! `name`, `startOffset`, `endOffset` (whole seconds) and a `url` that opens
//! the page at the clip's start.
//!
//! [`check_page`] says which page fact cannot be used, for the server's
//! route (query parameters) and the JS helper (`www/shoppable-seo.js`, a
//! `page` object) to name in their own words.

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

/// A page fact, by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageField {
    PageUrl,
    Name,
    ThumbnailUrl,
    UploadDate,
    Description,
    ContentUrl,
}

impl PageField {
    /// Its name as the server's query parameter.
    pub fn query_name(self) -> &'static str {
        match self {
            PageField::PageUrl => "page_url",
            PageField::Name => "name",
            PageField::ThumbnailUrl => "thumbnail_url",
            PageField::UploadDate => "upload_date",
            PageField::Description => "description",
            PageField::ContentUrl => "content_url",
        }
    }

    /// Its name in the JS helper's `page` object.
    pub fn js_name(self) -> &'static str {
        match self {
            PageField::PageUrl => "pageUrl",
            PageField::Name => "name",
            PageField::ThumbnailUrl => "thumbnailUrl",
            PageField::UploadDate => "uploadDate",
            PageField::Description => "description",
            PageField::ContentUrl => "contentUrl",
        }
    }
}

/// Why a page fact cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageProblem {
    Missing(PageField),
    NotAbsoluteUrl(PageField, String),
    NotIsoDate(String),
}

impl PageProblem {
    pub fn field(&self) -> PageField {
        match self {
            PageProblem::Missing(f) | PageProblem::NotAbsoluteUrl(f, _) => *f,
            PageProblem::NotIsoDate(_) => PageField::UploadDate,
        }
    }

    /// One sentence naming the field as `name` (each caller's own spelling).
    pub fn message(&self, name: &str) -> String {
        match self {
            PageProblem::Missing(_) => format!("{name} is required"),
            PageProblem::NotAbsoluteUrl(_, v) => format!(
                "{name}: \"{}\" is not an absolute http(s) URL",
                v.escape_debug()
            ),
            PageProblem::NotIsoDate(v) => format!(
                "{name}: \"{}\" is not an ISO 8601 date (2026-03-01 or 2026-03-01T10:00:00Z)",
                v.escape_debug()
            ),
        }
    }
}

/// The first fact of `page` that cannot be used: a required one empty
/// (blank), then a URL that is not absolute http(s), then a date that is
/// not ISO 8601.
pub fn check_page(page: &VideoPage) -> Result<(), PageProblem> {
    let required = [
        (PageField::PageUrl, &page.page_url),
        (PageField::Name, &page.name),
        (PageField::ThumbnailUrl, &page.thumbnail_url),
        (PageField::UploadDate, &page.upload_date),
    ];
    if let Some((f, _)) = required.iter().find(|(_, v)| v.trim().is_empty()) {
        return Err(PageProblem::Missing(*f));
    }
    let urls = [
        (PageField::PageUrl, Some(&page.page_url)),
        (PageField::ThumbnailUrl, Some(&page.thumbnail_url)),
        (PageField::ContentUrl, page.content_url.as_ref()),
    ];
    for (f, url) in urls {
        if let Some(u) = url.filter(|u| !absolute(u)) {
            return Err(PageProblem::NotAbsoluteUrl(f, u.clone()));
        }
    }
    if !iso_date(&page.upload_date) {
        return Err(PageProblem::NotIsoDate(page.upload_date.clone()));
    }
    Ok(())
}

fn absolute(v: &str) -> bool {
    (v.starts_with("https://") || v.starts_with("http://")) && v.len() > "https://".len()
}

/// An ISO 8601 date, optionally followed by a time (`2026-03-01`,
/// `2026-03-01T10:00:00Z`).
fn iso_date(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
        && (b.len() == 10 || b[10] == b'T')
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> VideoPage {
        VideoPage {
            name: "Spring drop".into(),
            thumbnail_url: "https://brand.example/spring.jpg".into(),
            upload_date: "2026-03-01".into(),
            page_url: "https://brand.example/spring".into(),
            ..VideoPage::default()
        }
    }

    #[test]
    fn dates_are_iso_8601() {
        assert!(iso_date("2026-03-01"));
        assert!(iso_date("2026-03-01T10:00:00Z"));
        assert!(!iso_date("2026-3-01"));
        assert!(!iso_date("yesterday"));
        assert!(!iso_date("2026-03-01 10:00"));
    }

    #[test]
    fn the_first_unusable_fact_is_named() {
        assert_eq!(check_page(&page()), Ok(()));
        let blank = VideoPage {
            name: "  ".into(),
            page_url: String::new(),
            ..page()
        };
        let p = check_page(&blank).unwrap_err();
        assert_eq!(p, PageProblem::Missing(PageField::PageUrl));
        assert_eq!(p.message("page.pageUrl"), "page.pageUrl is required");
        let js = VideoPage {
            content_url: Some("javascript:alert(1)".into()),
            ..page()
        };
        let p = check_page(&js).unwrap_err();
        assert_eq!(p.field(), PageField::ContentUrl);
        assert_eq!(
            p.message(p.field().query_name()),
            "content_url: \"javascript:alert(1)\" is not an absolute http(s) URL"
        );
        let date = VideoPage {
            upload_date: "March".into(),
            ..page()
        };
        let p = check_page(&date).unwrap_err();
        assert_eq!(p.field().js_name(), "uploadDate");
        assert!(p
            .message("page.uploadDate")
            .starts_with("page.uploadDate: \"March\" is not an ISO 8601 date"));
    }
}
