//! `GET /api/live/{show}/stats`: the show's figures for its producer (the
//! producer token, as for its events): orders, units sold and revenue
//! since the show started (`store::live::sales`), every deal it opened
//! with its units held, sold and left, and the viewers and likes the hub
//! counts now. The console polls it; what viewers see of units comes from
//! the event stream instead.

use std::sync::Arc;

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::producer::{authorize, show_video};
use crate::api::Api;
use crate::problem::Problem;
use crate::store::live::Sales;

#[derive(Serialize)]
struct Stats {
    show: String,
    currency: String,
    #[serde(flatten)]
    sales: Sales,
    /// Event-stream subscribers now (the console's own among them).
    viewers: u64,
    likes: u64,
    server_ms: i64,
}

/// `GET /api/live/{show}/stats`.
#[utoipa::path(
    get,
    path = "/{show}/stats",
    tag = "live",
    summary = "The producer's figures: sales, deals, viewers, likes",
    params(("show" = String, Path, description = "The live show (a manifest's `live.show`)")),
    security(("producer_token" = [])),
    responses(
        (status = 200, description = "The figures now", body = Object, content_type = "application/json"),
        (status = 401, description = "No producer token, or the wrong one", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such live show", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn get(
    State(api): State<Arc<Api>>,
    show: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = authorize(&api, &headers) {
        return r;
    }
    let Ok(Path(show)) = show else {
        return Problem::new(StatusCode::NOT_FOUND).into_response();
    };
    let video = match show_video(&api, &show) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let currency = api
        .catalog
        .current()
        .show(&show)
        .map(|m| m.currency.clone())
        .unwrap_or_default();
    let hub = match api.live.hub(&api, &show, &video).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: live: {e}");
            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR).into_response();
        }
    };
    let (s, v) = (show.clone(), video.clone());
    let allowance = api.settings.deal_allowance.as_millis() as i64;
    let sales = match api
        .store
        .read_async(move |c| crate::store::live::sales(c, &s, &v, allowance))
        .await
    {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: live: the figures of {show}: {e}");
            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR).into_response();
        }
    };
    Json(Stats {
        show,
        currency,
        sales,
        viewers: hub.viewers() as u64,
        likes: hub.likes(),
        server_ms: crate::store::now_ms(),
    })
    .into_response()
}
