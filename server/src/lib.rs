//! The reference server: the demo site, the built widget and the checkout
//! API, on one listener.
//!
//! Code map:
//! - [`config`]: [`Config`], what `main.rs` fills from flags.
//! - [`run`]: binding, the `listening on` line, signals, graceful shutdown.
//! - [`site`]: `/`, `/index.html` and the `www` directory, HTML rewrite.
//! - [`widget`]: `/shoppable/`, precompressed and cached.
//! - [`api`]: `/api/`: the routes and their shared state ([`api::Api`]).
//! - [`checkout`]: `POST /api/checkout`, `GET /api/orders/{id}`.
//! - [`catalog`]: the manifests that price orders, by video id.
//! - [`store`]: SQLite (stock, orders, idempotency) and its writer thread.
//! - [`gateway`]: the payment gateway trait and the test gateway.
//! - [`files`]: `ServeDir` glue shared by site and widget.
//! - [`middleware`]: CORS, cache headers, `Vary`, request log.
//! - [`problem`]: RFC 9457 errors.

pub mod api;
pub mod catalog;
pub mod checkout;
pub mod config;
pub mod files;
pub mod gateway;
pub mod html;
pub mod middleware;
pub mod problem;
pub mod run;
pub mod site;
pub mod store;
pub mod widget;

use std::sync::Arc;

use axum::Router;

pub use config::Config;
pub use run::{bind, bind_with, serve, BindError, Server, StartError};

/// The whole application, with the API's state already opened (see
/// [`api::Api::open`]). Area routers are merged here; to add an area, write a
/// `router(cfg) -> Router` in its own module and mount it below. Precedence:
/// `/api` and `/shoppable` first, the site takes every other path.
pub fn app(cfg: &Config, api: Arc<api::Api>) -> Router {
    let mut app = Router::new()
        .nest("/api", api::router(api))
        .nest_service("/shoppable", widget::router(cfg))
        .fallback_service(site::router(cfg));
    if cfg.log {
        app = app.layer(axum::middleware::from_fn(middleware::log));
    }
    // Outermost, so preflights are answered before any route and every
    // response, errors included, carries the CORS headers.
    app.layer(middleware::cors())
}
