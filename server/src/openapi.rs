//! The API's contract as an OpenAPI 3.1 document, served at
//! `GET /api/openapi.json` and checked in as `server/openapi.json`
//! (`tests/openapi.rs` fails when the two differ).
//!
//! Every `/api` route is registered through `utoipa-axum`'s
//! [`OpenApiRouter`] with its handler's `#[utoipa::path]` (`api::routes`,
//! `admin::routes`, `live::routes`), so a route cannot be added without its
//! documentation. Bodies are the Rust types the handlers read and write
//! (`ToSchema`, the checkout's from `shoppable::model::checkout`); what
//! every route shares (the rate limit's 429, the request timeout's 503,
//! both with `Retry-After`) is added here, once.

use std::sync::OnceLock;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

/// The command that rewrites the checked-in document.
pub const REGENERATE: &str = "UPDATE_OPENAPI=1 cargo test -p server --test openapi";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Shoppable reference server API",
        description = "The checkout contract (what the widget POSTs to `checkout.endpoint`, what a merchant's own server implements), the merchant's admin API, Apple Pay merchant validation and the live shows' API. Errors are RFC 9457 `application/problem+json`; money is integer minor units of an ISO 4217 currency. Streaming routes (the live event stream) are documented but not fuzzed.",
        license(name = "MIT", identifier = "MIT")
    ),
    components(schemas(shoppable::model::checkout::ProblemDocument))
)]
struct ApiDoc;

/// The whole document: the routes under `/api`, with what they share.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) =
        OpenApiRouter::<std::sync::Arc<crate::api::Api>>::with_openapi(ApiDoc::openapi())
            .nest("/api", crate::api::routes())
            .split_for_parts();
    let mut doc = doc;
    Shared.modify(&mut doc);
    doc
}

/// The document as served and checked in: pretty JSON, a final newline.
pub fn json() -> String {
    let mut s = document()
        .to_pretty_json()
        .expect("an OpenAPI document serializes");
    s.push('\n');
    s
}

/// `GET /api/openapi.json`.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "contract",
    summary = "This document",
    responses((status = 200, description = "The OpenAPI 3.1 document of every /api route", content_type = "application/json", body = Object))
)]
pub async fn serve() -> Response {
    static DOC: OnceLock<String> = OnceLock::new();
    let body = DOC.get_or_init(json).clone();
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// An `application/problem+json` response.
pub fn problem(description: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ProblemDocument")))
                .build(),
        )
        .build()
}

fn retry_after() -> utoipa::openapi::header::Header {
    HeaderBuilder::new()
        .schema(Some(
            utoipa::openapi::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::Integer)
                .minimum(Some(0)),
        ))
        .description(Some("Seconds to wait before trying again"))
        .build()
}

/// What every route shares, and the two tokens.
struct Shared;

impl Modify for Shared {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        for (name, what) in [
            ("admin_token", "The admin token (`--admin-token`, or the one printed at start-up), as `Authorization: Bearer <token>`. The server takes no cookie and no token in the URL."),
            ("producer_token", "The live producer's token (`--producer-token`), as `Authorization: Bearer <token>`."),
        ] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(what))
                        .build(),
                ),
            );
        }
        for (path, item) in doc.paths.paths.iter_mut() {
            let admin = path.starts_with("/api/admin/");
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.head,
            ]
            .into_iter()
            .flatten()
            {
                shared_responses(op);
                if admin {
                    admin_token(op);
                }
            }
        }
    }
}

/// The admin area's routes are all behind the token (`admin::require_token`).
fn admin_token(op: &mut Operation) {
    op.security = Some(vec![SecurityRequirement::new(
        "admin_token",
        Vec::<String>::new(),
    )]);
    let mut refused = problem("No admin token, or the wrong one");
    refused.headers.insert(
        "WWW-Authenticate".into(),
        HeaderBuilder::new()
            .schema(Some(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String),
            ))
            .description(Some("`Bearer realm=\"shoppable admin\"`"))
            .build()
            .into(),
    );
    op.responses.responses.insert("401".into(), refused.into());
}

fn shared_responses(op: &mut Operation) {
    let rs = &mut op.responses.responses;
    let mut limited = problem("Over the per-client rate limit (`--rate-limit`): `rate-limited`");
    limited
        .headers
        .insert("Retry-After".into(), retry_after().into());
    rs.entry("429".into()).or_insert(limited.into());
    let mut slow = problem(
        "The request took longer than `--request-timeout`, or (checkout) the server is busy or the order is still in progress",
    );
    slow.headers
        .insert("Retry-After".into(), retry_after().into());
    rs.entry("503".into()).or_insert(slow.into());
}

/// `{"items": [...]}`, the admin lists' shape.
#[derive(Serialize, ToSchema)]
#[schema(bound = "T: ToSchema")]
pub struct Items<T> {
    pub items: Vec<T>,
}

/// One path and what is wrong there.
#[derive(Serialize, ToSchema)]
pub struct PathError {
    pub path: String,
    pub message: String,
}

/// A 422 problem listing each JSON path at fault.
#[derive(Serialize, ToSchema)]
pub struct ValidationProblem {
    #[serde(rename = "type")]
    pub type_uri: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub errors: Vec<PathError>,
}
