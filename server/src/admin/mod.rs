//! The merchant's admin API under `/api/admin` (server/README.md, "The
//! admin area"): orders (`orders.rs`), stock and prices (`catalog.rs`),
//! manifests published by the studio (`manifests.rs`), the dashboard's
//! figures (`dashboard.rs`).
//!
//! **The token.** Every route wants `Authorization: Bearer <token>`, the
//! token from `--admin-token` (or generated and printed at start-up). It is
//! compared in constant time, and it never travels in a URL: the admin
//! page (`www/admin/`) takes it from the address's `#fragment` (which no
//! browser sends to a server), keeps it in `sessionStorage` and clears it
//! from the address bar; the server sends `Referrer-Policy: no-referrer`
//! with the page. So it reaches no server log and no other site.

mod catalog;
pub mod dashboard;
mod manifests;
mod orders;

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use subtle::ConstantTimeEq;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(crate) use crate::api::parse_json;
use crate::api::{allow, Api};
use crate::problem::Problem;
pub(crate) use orders::url_pairs;

/// Routes below `/api/admin`, all behind the token (`require_token`,
/// which finds the [`Api`] the `/api` router put in the request's
/// extensions, so the routes and their document need no state to build).
pub fn routes() -> OpenApiRouter<Arc<Api>> {
    OpenApiRouter::new()
        .routes(allow(routes!(orders::list), "GET, HEAD"))
        .routes(allow(routes!(orders::csv), "GET, HEAD"))
        .routes(allow(routes!(orders::one), "GET, HEAD"))
        .routes(allow(routes!(orders::set_status), "POST"))
        .routes(allow(routes!(orders::erase), "DELETE"))
        .routes(allow(
            routes!(catalog::stock, catalog::set_stock),
            "GET, HEAD, PUT",
        ))
        .routes(allow(
            routes!(catalog::prices, catalog::set_prices),
            "GET, HEAD, PUT",
        ))
        .routes(allow(routes!(manifests::publish), "PUT"))
        .routes(allow(routes!(dashboard::dashboard), "GET, HEAD"))
        .route_layer(axum::middleware::from_fn(require_token))
}

/// 401 unless the request carries the admin token.
async fn require_token(Extension(api): Extension<Arc<Api>>, req: Request, next: Next) -> Response {
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let detail = match given {
        None => "this needs the admin token: send Authorization: Bearer <token>",
        Some(t) if bool::from(t.as_bytes().ct_eq(api.admin_token.as_bytes())) => {
            return next.run(req).await
        }
        Some(_) => "the admin token is wrong",
    };
    let mut res = Problem::new(StatusCode::UNAUTHORIZED)
        .detail(detail)
        .into_response();
    res.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"shoppable admin\""),
    );
    res
}

/// A JSON response.
pub(crate) fn json<T: serde::Serialize>(v: &T) -> Response {
    let body = serde_json::to_string(v).expect("admin answers serialize");
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// A 500 for a store failure; the cause goes to the log.
pub(crate) fn failed(cause: impl std::fmt::Display) -> Response {
    eprintln!("error: admin: {cause}");
    Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
        .detail("the store failed; see the server log")
        .into_response()
}
