//! `GET /api/manifests/{video}/jsonld`: the page's structured data for a
//! video of the catalog, a schema.org `VideoObject` with a `Clip` per tagged
//! span named after its product, from the same model function the studio
//! exports with (`shoppable::model::studio::jsonld::video_object`).
//!
//! The manifest says nothing of the page, so the page's facts come in the
//! query: `page_url` (clip URLs add `t=<seconds>` to it), `name`,
//! `thumbnail_url`, `upload_date` (what Google asks of a video), and
//! optionally `description` and `content_url`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use shoppable::model::studio::jsonld::{check_page, script_text, VideoPage};

use crate::api::Api;
use crate::problem::Problem;

/// The page's facts, as documented (the handler reads the raw query, to
/// name a missing or bad parameter in its own words).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct PageFacts {
    /// The page that shows the video: an absolute http(s) URL.
    page_url: String,
    /// The video's name.
    name: String,
    /// The video's thumbnail: an absolute http(s) URL.
    thumbnail_url: String,
    /// ISO 8601 date or date-time, e.g. `2026-03-01`.
    upload_date: String,
    description: Option<String>,
    /// The video file, when public: an absolute http(s) URL.
    content_url: Option<String>,
}

const PARAMS: &[&str] = &[
    "page_url",
    "name",
    "thumbnail_url",
    "upload_date",
    "description",
    "content_url",
];

fn bad(detail: String) -> Response {
    Problem::new(StatusCode::BAD_REQUEST)
        .detail(detail)
        .into_response()
}

/// The page's facts from the query string, or the 400 naming the parameter.
fn page(query: &str) -> Result<VideoPage, Response> {
    let mut got: HashMap<String, String> = HashMap::new();
    for (k, v) in crate::admin::url_pairs(query) {
        if !PARAMS.contains(&k.as_str()) {
            return Err(bad(format!(
                "unknown query parameter {k} ({})",
                PARAMS.join(", ")
            )));
        }
        if !v.trim().is_empty() {
            got.insert(k, v);
        }
    }
    let mut take = |name: &str| got.remove(name);
    let page = VideoPage {
        page_url: take("page_url").unwrap_or_default(),
        name: take("name").unwrap_or_default(),
        thumbnail_url: take("thumbnail_url").unwrap_or_default(),
        upload_date: take("upload_date").unwrap_or_default(),
        description: take("description"),
        content_url: take("content_url"),
    };
    // The model's checks, shared with the JS helper (www/shoppable-seo.js).
    check_page(&page).map_err(|p| {
        bad(format!(
            "query parameter {}",
            p.message(p.field().query_name())
        ))
    })?;
    Ok(page)
}

/// `GET /api/manifests/{video}/jsonld`.
#[utoipa::path(
    get,
    path = "/manifests/{video}/jsonld",
    tag = "seo",
    summary = "A page's JSON-LD for a video: a VideoObject with a Clip per tagged span",
    description = "The same function as the studio's JSON-LD export. Put the answer in the page as the text of a `<script type=\"application/ld+json\">`; `<` comes escaped as `\\u003c`, so no product title can close the element.",
    params(
        ("video" = String, Path, description = "The manifest's `video.id`"),
        PageFacts,
    ),
    responses(
        (status = 200, description = "The schema.org VideoObject", body = Object, content_type = "application/ld+json"),
        (status = 400, description = "A query parameter missing, unknown or not understood (the detail names it)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No manifest with that video id in the catalog", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn jsonld(
    State(api): State<Arc<Api>>,
    video: Result<Path<String>, PathRejection>,
    RawQuery(q): RawQuery,
) -> Response {
    let video = video.map(|Path(v)| v).unwrap_or_default();
    let page = match page(q.as_deref().unwrap_or("")) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let catalog = api.catalog.current();
    let Some(manifest) = catalog.manifest(&video) else {
        return Problem::new(StatusCode::NOT_FOUND)
            .detail(format!("no manifest for video {video:?} in the catalog"))
            .into_response();
    };
    // The studio's own script text: `<` as `\u003c`, so pasted into a
    // page's <script type="application/ld+json"> no title can close it.
    let body = script_text(&page, manifest);
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/ld+json"),
        )],
        body,
    )
        .into_response()
}
