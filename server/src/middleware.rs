//! Cross-cutting response headers and request logging, as small functions
//! that the router wraps around whole areas (site, widget, API).

use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The widget's floating alias (`/shoppable/v1/`): it changes on deploy, so a
/// short shared cache and no `immutable`. The build keeps replaced release
/// files for twice this (xtask/src/release.rs `KEEP_OLD`), so a loader
/// cached here still finds the files it names.
pub const WIDGET_ALIAS_CACHE: &str = "public, max-age=300";
/// A release's files (`/shoppable/<version>/`, glue and wasm content-hashed):
/// they never change.
pub const WIDGET_RELEASE_CACHE: &str = "public, max-age=31536000, immutable";
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

/// Whether `Accept-Encoding` (in `headers`) accepts brotli (`br`, not `q=0`).
pub fn accepts_br(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or("");
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            coding.eq_ignore_ascii_case("br") && !refused
        })
}

/// `body` compressed with brotli (quality 11: bodies here are a few KB).
pub fn brotli(body: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: body.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;

    fn with(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn brotli_only_when_accepted() {
        assert!(accepts_br(&with("gzip, deflate, br, zstd")));
        assert!(accepts_br(&with("BR;q=0.5")));
        assert!(!accepts_br(&with("gzip, br;q=0")));
        assert!(!accepts_br(&with("gzip, brx")));
        assert!(!accepts_br(&HeaderMap::new()));
    }

    #[test]
    fn brotli_round_trips() {
        let body = br#"{"version":1,"tags":[]}"#.repeat(20);
        let packed = brotli(&body);
        assert!(packed.len() < body.len());
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &packed[..], &mut out).unwrap();
        assert_eq!(out, body);
    }
}
