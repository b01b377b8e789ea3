//! The JSON API under `/api`: the checkout routes (`checkout.rs`) over the
//! catalog and the orders store. Every other path is a 404 problem; a method
//! a route does not take is a 405 problem with `Allow`. Nothing here may be
//! cached.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::catalog::Catalog;
use crate::checkout;
use crate::config::Config;
use crate::gateway::PaymentGateway;
use crate::problem::{self, original_path, Problem};
use crate::store::{Store, StoreError, StoreOptions};

/// What the API handlers share: the catalog that prices orders and the store
/// that keeps them.
pub struct Api {
    pub catalog: Catalog,
    pub store: Store,
}

impl Api {
    /// Reads the catalog from `<site>/manifests`, opens (or creates) the
    /// store under `cfg.data_dir` and seeds its stock.
    pub fn open(cfg: &Config, gateway: Arc<dyn PaymentGateway>) -> Result<Api, StoreError> {
        let catalog = Catalog::load(&cfg.site.join("manifests"));
        let store = Store::open(
            &StoreOptions {
                data_dir: &cfg.data_dir,
                default_stock: cfg.default_stock,
                stock_file: cfg.stock_file.as_deref(),
            },
            &catalog,
            gateway,
        )?;
        Ok(Api { catalog, store })
    }
}

/// Routes below `/api` (mounted with `nest`).
pub fn router(api: Arc<Api>) -> Router {
    Router::new()
        .route(
            "/checkout",
            post(checkout::create).fallback(|req: Request| async move { not_allowed(req, "POST") }),
        )
        .route(
            "/orders/{id}",
            get(checkout::order)
                .fallback(|req: Request| async move { not_allowed(req, "GET, HEAD") }),
        )
        .fallback(problem::not_found)
        .with_state(api)
        .layer(axum::middleware::map_response(
            |mut res: Response| async move {
                res.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                res
            },
        ))
}

/// 405 as problem+json (axum's own is an empty body), with `Allow`.
fn not_allowed(req: Request, allow: &'static str) -> Response {
    let mut res = Problem::new(StatusCode::METHOD_NOT_ALLOWED)
        .detail(format!(
            "{} does not take {}; it takes {allow}",
            original_path(&req),
            req.method()
        ))
        .into_response();
    res.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    res
}
