//! The JSON API under `/api`. Empty for now: every path is a 404 problem. The
//! checkout API adds its routes here (relative to `/api`, e.g.
//! `.route("/checkout", post(checkout))`) and its state through `router`'s
//! arguments; the 404 fallback stays for everything else.

use axum::Router;

use crate::config::Config;
use crate::problem;

/// Routes below `/api` (mounted with `nest`).
pub fn router(_cfg: &Config) -> Router {
    Router::new().fallback(problem::not_found)
}
