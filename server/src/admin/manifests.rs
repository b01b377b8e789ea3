//! `PUT /api/admin/manifests/{video}`: the studio's Publish. The body is a
//! manifest, checked by the widget's own validation (`model::manifest`):
//! an error, or a warning the widget would log (a tag it would drop), is a
//! 422 problem naming each JSON path in `errors`; so is a `video.id` that
//! is not the `{video}` of the path. A good manifest is written atomically
//! (a temporary file beside it, flushed, then renamed over) to
//! `<data-dir>/manifests/<video>.json`, read at once into the catalog that
//! serves and prices (catalog.rs, "Published"), with stock rows for new
//! variants. Admin prices (`PUT /api/admin/prices`) stay in force over the
//! published prices. The site's tracked files are never written.

use std::io::Write;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use shoppable::model::manifest::parse_str;

use super::{failed, json};
use crate::api::Api;
use crate::store::{stock, Kind};

/// A video id usable as a file name: 1 to 100 of `A-Z a-z 0-9 . _ -`,
/// not starting with a dot.
fn file_safe(id: &str) -> bool {
    (1..=100).contains(&id.len())
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// A 422 problem with `errors: [{path, message}]`.
fn unprocessable(detail: &str, errors: Vec<(String, String)>) -> Response {
    let body = json!({
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "detail": detail,
        "errors": errors.into_iter().map(|(path, message)| json!({"path": path, "message": message})).collect::<Vec<_>>(),
    });
    let mut res = (StatusCode::UNPROCESSABLE_ENTITY, body.to_string()).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    res
}

#[utoipa::path(
    put,
    path = "/manifests/{video}",
    tag = "admin",
    summary = "Publish a manifest (the studio's Publish)",
    description = "The body is a manifest as README.md, \"The manifest\", documents it, checked by the widget's own validation; any error or warning is a 422 naming each JSON path.",
    params(("video" = String, Path, description = "The manifest's `video.id`: 1 to 100 of `A-Z a-z 0-9 . _ -`, not starting with a dot")),
    request_body(content = Object, content_type = "application/json", description = "A manifest"),
    responses(
        (status = 200, description = "Written, and serving and pricing at once", body = Published, content_type = "application/json"),
        (status = 422, description = "Refused: `errors` names each JSON path", body = crate::openapi::ValidationProblem, content_type = "application/problem+json"),
    )
)]
pub async fn publish(
    State(api): State<Arc<Api>>,
    Path(video): Path<String>,
    body: Bytes,
) -> Response {
    if !file_safe(&video) {
        return unprocessable(
            "the video id in the path cannot be published: use 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'",
            vec![("video.id".into(), format!("{video:?} is not a usable video id"))],
        );
    }
    let Ok(text) = std::str::from_utf8(&body) else {
        return unprocessable("the manifest is not UTF-8 text", Vec::new());
    };
    let parsed = match parse_str(text) {
        Ok(p) => p,
        Err(e) => {
            let path = match &e {
                shoppable::model::manifest::ManifestError::Invalid { path, .. } => path.clone(),
                shoppable::model::manifest::ManifestError::MissingCurrency
                | shoppable::model::manifest::ManifestError::BadCurrency(_) => "currency".into(),
                shoppable::model::manifest::ManifestError::MissingVideoId => "video.id".into(),
                shoppable::model::manifest::ManifestError::NoProducts { .. } => "products".into(),
                _ => String::new(),
            };
            return unprocessable(
                "the manifest was refused by the widget's validation",
                vec![(path, e.to_string())],
            );
        }
    };
    if !parsed.warnings.is_empty() {
        let errors = parsed
            .warnings
            .iter()
            .map(|w| (w.path.clone(), w.message.clone()))
            .collect();
        return unprocessable(
            "the widget would drop parts of this manifest; fix them and publish again",
            errors,
        );
    }
    if parsed.manifest.video.id != video {
        return unprocessable(
            "the manifest's video id is not the one in the path",
            vec![(
                "video.id".into(),
                format!(
                    "{:?} does not match the path's {video:?}",
                    parsed.manifest.video.id
                ),
            )],
        );
    }
    let Some(dir) = api.catalog.published_dir().map(|d| d.to_path_buf()) else {
        return failed("no directory for published manifests");
    };
    let file = format!("{video}.json");
    let written = tokio::task::spawn_blocking({
        let (dir, file, text) = (dir.clone(), file.clone(), text.to_string());
        move || write_atomically(&dir, &file, &text)
    })
    .await;
    match written {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return failed(format!("writing {}: {e}", dir.join(&file).display())),
        Err(e) => return failed(e),
    }
    api.catalog.reload_now();
    let catalog = api.catalog.current();
    let default = api.settings.default_stock;
    if let Err(e) = api
        .store
        .write(Kind::Other, move |c| {
            stock::ensure_skus(c, &catalog, default)
        })
        .await
    {
        return failed(format!("stock rows for the published manifest: {e}"));
    }
    json(&Published {
        served_at: format!("/manifests/{file}"),
        video,
        file,
    })
}

/// A published manifest: where it was written and where it is served.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Published {
    pub video: String,
    pub file: String,
    pub served_at: String,
}

/// Writes `dir/name` whole or not at all: a temporary file in the same
/// directory, flushed to disk, renamed over the old one.
fn write_atomically(dir: &std::path::Path, name: &str, text: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, dir.join(name))
}
