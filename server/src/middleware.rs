//! Cross-cutting response headers and request logging, as small functions
//! that the router wraps around whole areas (site, widget, API).

use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Widget files: not content-hashed, so a short shared cache and no `immutable`.
pub const WIDGET_CACHE: &str = "public, max-age=300";
/// Site files and pages: always revalidate, so demo edits show on reload.
pub const SITE_CACHE: &str = "no-cache";

/// CORS for the widget's files, the manifests and the demo site: the host
/// page and the widget come from different origins, and the widget fetches
/// manifests from either. Anyone may read them; no credentials are
/// involved, so `*` is safe.
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
        .allow_headers([header::RANGE])
        .expose_headers([
            header::CONTENT_RANGE,
            header::ACCEPT_RANGES,
            header::CONTENT_LENGTH,
            header::CONTENT_ENCODING,
        ])
        .max_age(Duration::from_secs(600))
}

/// CORS for `/api`: only the brand's sites (`--allowed-origins`) may call
/// it from their pages; the server's own pages are same-origin and need no
/// CORS. Any other origin gets no CORS headers, so its browser neither
/// sends the checkout (the preflight fails: `Idempotency-Key` and JSON are
/// not "simple") nor reads an answer. The checkout needs POST,
/// `Idempotency-Key`, and lets the widget read `Location`,
/// `Idempotent-Replayed` and `Retry-After`.
pub fn api_cors(allowed: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = allowed
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::OPTIONS])
        .allow_headers([header::CONTENT_TYPE, crate::checkout::IDEMPOTENCY_KEY])
        .expose_headers([
            header::LOCATION,
            header::RETRY_AFTER,
            crate::checkout::REPLAYED,
        ])
        .vary([header::ORIGIN])
        .max_age(Duration::from_secs(600))
}

/// Sets `Cache-Control` to `value` on successful responses (2xx, 304) that do
/// not carry one already; anything else gets `no-cache`, so a 404 during a
/// rebuild is not remembered for five minutes.
pub fn set_cache(mut res: Response, value: &'static str) -> Response {
    let s = res.status();
    let v = if s.is_success() || s == StatusCode::NOT_MODIFIED {
        value
    } else {
        SITE_CACHE
    };
    res.headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(v));
    res
}

/// Adds `Vary: Accept-Encoding` (unless some `Vary` already names it): the
/// same URL may be answered with a `.br`, a `.gz` or the plain file.
pub fn vary_encoding(mut res: Response) -> Response {
    let named = res.headers().get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .map(|s| {
                s.split(',')
                    .map(str::trim)
                    .any(|t| t.eq_ignore_ascii_case("accept-encoding") || t == "*")
            })
            .unwrap_or(false)
    });
    if !named {
        res.headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// `--log`: one line per request on stderr: method, path, status, time.
pub async fn log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let uri = req.uri().clone();
    let start = Instant::now();
    let res = next.run(req).await;
    eprintln!(
        "{} {} {} {:.1}ms",
        method,
        uri,
        res.status().as_u16(),
        start.elapsed().as_secs_f64() * 1000.0
    );
    res
}
