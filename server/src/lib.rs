//! The reference server: the demo site, the built widget and (soon) the
//! checkout API, on one listener.
//!
//! Code map:
//! - [`config`]: [`Config`], what `main.rs` fills from flags.
//! - [`run`]: binding, the `listening on` line, signals, graceful shutdown.
//! - [`site`]: `/`, `/index.html` and the `www` directory, HTML rewrite.
//! - [`widget`]: `/shoppable/`, precompressed and cached.
//! - [`api`]: `/api/`, where the checkout routes go.
//! - [`files`]: `ServeDir` glue shared by site and widget.
//! - [`middleware`]: CORS, cache headers, `Vary`, request log.
//! - [`problem`]: RFC 9457 errors.

pub mod api;
pub mod config;
pub mod files;
pub mod html;
pub mod middleware;
pub mod problem;
pub mod run;
pub mod site;
pub mod widget;

use axum::Router;

pub use config::Config;
pub use run::{bind, serve, BindError, Server};

/// The whole application. Area routers are merged here; to add an area, write
/// a `router(cfg) -> Router` in its own module and mount it below. Precedence:
/// `/api` and `/shoppable` first, the site takes every other path.
pub fn app(cfg: &Config) -> Router {
    let mut app = Router::new()
        .nest("/api", api::router(cfg))
        .nest_service("/shoppable", widget::router(cfg))
        .fallback_service(site::router(cfg));
    if cfg.log {
        app = app.layer(axum::middleware::from_fn(middleware::log));
    }
    // Outermost, so preflights are answered before any route and every
    // response, errors included, carries the CORS headers.
    app.layer(middleware::cors())
}
