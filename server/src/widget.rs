//! The built widget under `/shoppable/`: loader, wasm-bindgen glue, wasm, CSS,
//! each with `.br`/`.gz` siblings written by the build. A release lives at
//! its exact version (`/shoppable/0.1.0/`), its glue and wasm under
//! content-hashed names: cached for a year, `immutable`. The floating alias
//! (`/shoppable/v1/`: the loader, for pages that want updates, and the
//! producer console's module) has a short cache.

use axum::extract::Request;
use axum::Router;

use crate::config::Config;
use crate::files;
use crate::middleware::{set_cache, WIDGET_ALIAS_CACHE, WIDGET_RELEASE_CACHE};

/// A router for paths below `/shoppable` (mount it with `nest_service`).
pub fn router(cfg: &Config) -> Router {
    let dir = files::dir(&cfg.widget);
    Router::new()
        .fallback(move |req: Request| {
            let dir = dir.clone();
            async move { files::serve(&dir, req).await }
        })
        .layer(axum::middleware::from_fn(
            |req: Request, next: axum::middleware::Next| async move {
                let cache = cache_for(req.uri().path());
                set_cache(next.run(req).await, cache)
            },
        ))
}

/// The cache for a path below `/shoppable`: a major-version alias (`/v1/…`)
/// changes on deploy; anything else is a release's own file.
pub fn cache_for(path: &str) -> &'static str {
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let alias =
        first.len() > 1 && first.starts_with('v') && first[1..].bytes().all(|b| b.is_ascii_digit());
    if alias {
        WIDGET_ALIAS_CACHE
    } else {
        WIDGET_RELEASE_CACHE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_is_short_and_releases_immutable() {
        assert_eq!(cache_for("/v1/shoppable.js"), WIDGET_ALIAS_CACHE);
        assert_eq!(cache_for("/v12/x"), WIDGET_ALIAS_CACHE);
        assert_eq!(cache_for("/0.1.0/shoppable.js"), WIDGET_RELEASE_CACHE);
        assert_eq!(
            cache_for("/0.1.0/shoppable-core.00aa.js"),
            WIDGET_RELEASE_CACHE
        );
        assert_eq!(cache_for("/v/x"), WIDGET_RELEASE_CACHE);
    }
}
