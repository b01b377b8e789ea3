//! The built widget under `/shoppable/`: loader, wasm-bindgen glue, wasm, CSS,
//! each with `.br`/`.gz` siblings written by the build. Names are versioned
//! (`v1/`) but not content-hashed, hence a short cache and no `immutable`.

use axum::extract::Request;
use axum::response::Response;
use axum::Router;

use crate::config::Config;
use crate::files;
use crate::middleware::{set_cache, WIDGET_CACHE};

/// A router for paths below `/shoppable` (mount it with `nest_service`).
pub fn router(cfg: &Config) -> Router {
    let dir = files::dir(&cfg.widget);
    Router::new()
        .fallback(move |req: Request| {
            let dir = dir.clone();
            async move { files::serve(&dir, req).await }
        })
        .layer(axum::middleware::map_response(|res: Response| async move {
            set_cache(res, WIDGET_CACHE)
        }))
}
