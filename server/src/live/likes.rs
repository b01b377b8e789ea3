//! `POST /api/live/{show}/likes` `{"count": n}`: summed in memory, sent to
//! viewers with the units (latest value, never one message per like),
//! stored as a running total every few seconds. Bounded per client: at
//! most [`PER_SECOND`] likes a second (a burst of [`MAX_COUNT`]), so a
//! script cannot inflate the count.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use governor::{DefaultKeyedRateLimiter, Quota};
use serde::Deserialize;
use shoppable::model::checkout::CheckoutProblem;

use super::producer::show_video;
use crate::api::{parse_json, Api};
use crate::limits::{peer, with_retry_after};
use crate::problem::{problem_json, Problem};
use crate::store::Kind;

pub const PER_SECOND: u32 = 10;
pub const MAX_COUNT: u32 = 50;

/// Likes per client address.
pub struct Limiter(DefaultKeyedRateLimiter<IpAddr>);

impl Limiter {
    pub fn new() -> Limiter {
        let quota = Quota::per_second(NonZeroU32::new(PER_SECOND).expect("non-zero"))
            .allow_burst(NonZeroU32::new(MAX_COUNT).expect("non-zero"));
        Limiter(governor::RateLimiter::keyed(quota))
    }
}

impl Default for Limiter {
    fn default() -> Self {
        Limiter::new()
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Likes {
    /// Likes since the last post, bounded per client.
    #[schema(minimum = 1, maximum = 50)]
    count: u32,
}

/// The show's likes, all viewers'.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct LikesNow {
    likes: u64,
}

/// `POST /api/live/{show}/likes`.
#[utoipa::path(
    post,
    path = "/{show}/likes",
    tag = "live",
    summary = "Add a viewer's likes",
    params(("show" = String, Path, description = "The live show (a manifest's `live.show`)")),
    request_body(content = Likes, content_type = "application/json"),
    responses(
        (status = 200, description = "The show's likes now", body = LikesNow, content_type = "application/json"),
        (status = 400, description = "`malformed`", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No such live show", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 413, description = "A body over the limit", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "`invalid-field`: a count over the bound", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn post(
    State(api): State<Arc<Api>>,
    show: Result<Path<String>, PathRejection>,
    req: Request,
) -> Response {
    let client = api.limits.client(peer(&req), req.headers());
    let Ok(Path(show)) = show else {
        return Problem::new(StatusCode::NOT_FOUND).into_response();
    };
    let video = match show_video(&api, &show) {
        Ok(v) => v,
        Err(r) => return r,
    };
    let body: Bytes = match axum::body::to_bytes(req.into_body(), 1024).await {
        Ok(b) => b,
        Err(_) => return Problem::new(StatusCode::PAYLOAD_TOO_LARGE).into_response(),
    };
    let likes: Likes = match parse_json(&body) {
        Ok(l) => l,
        Err(r) => return r,
    };
    if !(1..=MAX_COUNT).contains(&likes.count) {
        return problem_json(
            &CheckoutProblem::InvalidField {
                path: "count".into(),
                message: format!("from 1 to {MAX_COUNT}"),
            }
            .document(),
        );
    }
    let n = NonZeroU32::new(likes.count).expect("checked");
    if api.live.likes.0.check_key_n(&client, n) != Ok(Ok(())) {
        return with_retry_after(problem_json(&CheckoutProblem::RateLimited.document()), 1);
    }
    let hub = match api.live.hub(&api, &show, &video).await {
        Ok(h) => h,
        Err(e) => {
            eprintln!("error: live: {e}");
            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR).into_response();
        }
    };
    let total = hub.like(u64::from(likes.count));
    crate::admin::json(&LikesNow { likes: total })
}

/// Stores each show's likes total if it changed (the jobs, every few seconds).
pub async fn store_likes(api: &Arc<Api>) {
    for hub in api.live.hubs() {
        if let Some(total) = hub.likes_to_store() {
            let show = hub.show.clone();
            if let Err(e) = api
                .store
                .write(Kind::Other, move |c| {
                    crate::store::live::set_likes(c, &show, total)
                })
                .await
            {
                eprintln!("error: live: storing likes: {e}");
            }
        }
    }
}
