//! The reference server: the demo site, the built widget and the checkout
//! API, on one listener.
//!
//! Code map:
//! - [`config`]: [`Config`], what `main.rs` fills from flags.
//! - [`run`]: binding, the `listening on` line, signals, graceful shutdown.
//! - [`site`]: `/`, `/index.html` and the `www` directory, HTML rewrite.
//! - [`widget`]: `/shoppable/`, precompressed and cached.
//! - [`api`]: `/api/`: the routes and their shared state ([`api::Api`]).
//! - [`checkout`]: `POST /api/checkout` (the order state machine in
//!   `checkout/flow.rs`), `GET /api/orders/{id}`.
//! - [`admin`]: `/api/admin/`: orders, stock and prices for the merchant.
//! - [`apple_pay`]: Apple Pay merchant validation.
//! - [`catalog`]: the live manifests that price orders, by video id.
//! - [`store`]: SQLite (stock, orders, idempotency, prices) and its writer thread.
//! - [`gateway`]: the payment gateway trait, the test gateway, the HTTP
//!   gateway and its local stand-in.
//! - [`jobs`]: background work (holds, captures, recovery, expiry, catalog reload).
//! - [`limits`]: rate limits, client addresses, the request timeout.
//! - [`files`]: `ServeDir` glue shared by site and widget.
//! - [`middleware`]: CORS, cache headers, `Vary`, request log.
//! - [`problem`]: RFC 9457 errors.
//! - [`openapi`]: the `/api` routes' OpenAPI 3.1 document.
//! - [`seo`]: a video's JSON-LD for its page.

// Handlers return `Result<_, Response>` so an early refusal is one `?`;
// axum's `Response` is large, and boxing it would only add noise.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod api;
pub mod apple_pay;
pub mod catalog;
pub mod checkout;
pub mod config;
pub mod events;
pub mod files;
pub mod gateway;
pub mod html;
pub mod jobs;
pub mod limits;
pub mod live;
pub mod middleware;
pub mod openapi;
pub mod problem;
pub mod run;
pub mod seo;
pub mod site;
pub mod store;
pub mod time;
pub mod widget;

use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower::ServiceExt;

pub use config::Config;
pub use run::{bind, bind_with, serve, BindError, Server, StartError};

/// The whole application, with the API's state already opened (see
/// [`api::Api::open`]). Area routers are merged here; to add an area, write a
/// `router(cfg) -> Router` in its own module and mount it below. Precedence:
/// `/api` and `/shoppable` first, manifests the catalog knows, then the site
/// takes every other path. `/api` has its own CORS (`--allowed-origins`);
/// everything else may be read by any origin.
pub fn app(cfg: &Config, api: Arc<api::Api>) -> Router {
    let site = site::router(cfg);
    let public = Router::new()
        .nest_service("/shoppable", widget::router(cfg))
        .merge(live::stream::router(api.clone(), site.clone()))
        .route(
            "/manifests/{file}",
            get(manifest).with_state((api.clone(), site.clone())),
        )
        .fallback_service(site)
        // Outermost of these, so preflights are answered before any route
        // and every response, errors included, carries the CORS headers.
        .layer(middleware::cors());
    let mut app = Router::new()
        .nest("/api", api::router(api))
        .merge(public)
        .layer(axum::middleware::from_fn_with_state(
            cfg.request_timeout,
            limits::timeout,
        ));
    if cfg.log {
        app = app.layer(axum::middleware::from_fn(middleware::log));
    }
    app
}

/// `GET /manifests/<file>`: a manifest in the catalog is served as it prices
/// orders (admin prices written in); any other file is the site's.
async fn manifest(
    State((api, site)): State<(Arc<api::Api>, Router)>,
    Path(file): Path<String>,
    req: Request,
) -> Response {
    match api.catalog.current().served(&file) {
        Some(entry) => {
            // A viewer fetches the manifest before the first tag: sent brotli
            // when the browser takes it (every current one does over https,
            // and Chromium over loopback http too).
            let body = entry.served.to_string();
            let br = middleware::accepts_br(req.headers());
            let mut res = if br {
                middleware::brotli(body.as_bytes()).into_response()
            } else {
                body.into_response()
            };
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            if br {
                h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            }
            h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(middleware::SITE_CACHE),
            );
            res
        }
        None => match site.oneshot(req).await {
            Ok(res) => res,
            Err(never) => match never {},
        },
    }
}
