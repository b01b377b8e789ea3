//! The demo site: `/` and `/index.html` are the top-level demo page, every
//! other path is a file under the site directory (`www`). HTML pages are read
//! whole, optionally rewritten to load the widget from another origin, and
//! sent brotli where the browser takes it (the page is the first thing a
//! viewer waits for); everything else goes through `ServeDir`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::ServeDir;

use crate::config::Config;
use crate::middleware::{accepts_br, brotli, set_cache, SITE_CACHE};
use crate::problem::Problem;
use crate::{files, html};

struct Site {
    root: PathBuf,
    index: PathBuf,
    widget_origin: Option<String>,
    files: ServeDir,
}

/// Routes for the demo site. Meant as the app's fallback: it answers any path
/// no other router claimed.
pub fn router(cfg: &Config) -> Router {
    let site = Arc::new(Site {
        root: cfg.site.clone(),
        index: cfg.index.clone(),
        widget_origin: cfg.widget_origin.clone(),
        files: files::dir(&cfg.site),
    });
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .fallback(site_file)
        .with_state(site)
        .layer(axum::middleware::map_response(|res: Response| async move {
            set_cache(res, SITE_CACHE)
        }))
}

async fn index(State(site): State<Arc<Site>>, req: Request) -> Response {
    html_page(&site, &site.index, "/", accepts_br(req.headers())).await
}

async fn site_file(State(site): State<Arc<Site>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let is_page = path.ends_with(".html") || path.ends_with('/');
    if is_page && (req.method() == Method::GET || req.method() == Method::HEAD) {
        return match files::resolve(&site.root, &path) {
            Some(file) => html_page(&site, &file, &path, accepts_br(req.headers())).await,
            None => Problem::not_found(&path).into_response(),
        };
    }
    files::serve(&site.files, req).await
}

/// Reads an HTML page and sends it as `text/html; charset=utf-8`, with the
/// widget-origin rewrite applied when configured; brotli when `br` (the
/// browser accepts it), compressed per request since the rewrite depends on
/// the configuration and pages are a few KB.
async fn html_page(site: &Site, file: &Path, url_path: &str, br: bool) -> Response {
    let bytes = match tokio::fs::read(file).await {
        Ok(b) => b,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::NotADirectory
            ) =>
        {
            return Problem::not_found(url_path).into_response();
        }
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
                .detail(format!("cannot read the page for {url_path}"))
                .into_response();
        }
    };
    let body = match (&site.widget_origin, String::from_utf8(bytes)) {
        (Some(origin), Ok(text)) => html::rewrite_widget_origin(&text, origin).into_bytes(),
        (_, Ok(text)) => text.into_bytes(),
        (_, Err(e)) => e.into_bytes(),
    };
    let mut res = if br {
        brotli(&body).into_response()
    } else {
        body.into_response()
    };
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if br {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
    }
    h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    if url_path.starts_with("/admin/") || url_path == "/live/producer.html" {
        // The admin and producer tokens arrive in the #fragment, which
        // browsers never send; this keeps the page's own URL out of every
        // Referer too.
        res.headers_mut().insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    res
}
