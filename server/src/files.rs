//! Serving a directory with `ServeDir`: MIME types, Range, conditional GETs and
//! precompressed `.br`/`.gz` siblings come from tower-http; this module only
//! turns its bare error statuses into problem+json and adds `Vary`.

use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeDir;

use crate::middleware::vary_encoding;
use crate::problem::{original_path, Problem};

/// A `ServeDir` over `root` that prefers `file.br`, then `file.gz`, by the
/// request's `Accept-Encoding`, and falls back to the plain file.
pub fn dir(root: &Path) -> ServeDir {
    ServeDir::new(root).precompressed_br().precompressed_gzip()
}

/// Answers `req` from `files`. Misses become 404 problems naming the full
/// request path; methods other than GET/HEAD become 405 problems.
pub async fn serve(files: &ServeDir, req: Request) -> Response {
    let path = original_path(&req);
    match files.clone().try_call(req).await {
        Ok(res) => match res.status() {
            StatusCode::NOT_FOUND => Problem::not_found(&path).into_response(),
            StatusCode::METHOD_NOT_ALLOWED => {
                let mut res = Problem::new(StatusCode::METHOD_NOT_ALLOWED)
                    .detail(format!("{path} is a file: only GET and HEAD are allowed"))
                    .into_response();
                res.headers_mut()
                    .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
                res
            }
            _ => vary_encoding(res.map(Body::new)),
        },
        Err(err) => {
            eprintln!("error: cannot read the file for {path}: {err}");
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR)
                .detail(format!("cannot read the file for {path}"))
                .into_response()
        }
    }
}

/// Maps a URL path onto a file under `root`, or `None` if it tries to leave
/// `root` (`..`, absolute segments, backslashes, NUL) or is not valid
/// percent-encoded UTF-8. A trailing `/` means the directory's `index.html`.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let mut out = root.to_path_buf();
    for seg in decoded.split('/') {
        if seg.is_empty() || seg == "." {
            continue;
        }
        if seg.contains('\\') || seg.contains('\0') {
            return None;
        }
        let mut comps = Path::new(seg).components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(c)), None) => out.push(c),
            _ => return None,
        }
    }
    if decoded.ends_with('/') || decoded.is_empty() {
        out.push("index.html");
    }
    Some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_stays_under_root() {
        let root = Path::new("/srv/www");
        assert_eq!(
            resolve(root, "/a/b.html"),
            Some(PathBuf::from("/srv/www/a/b.html"))
        );
        assert_eq!(
            resolve(root, "/a/"),
            Some(PathBuf::from("/srv/www/a/index.html"))
        );
        assert_eq!(
            resolve(root, "/my%20page.html"),
            Some(PathBuf::from("/srv/www/my page.html"))
        );
        assert_eq!(resolve(root, "/../etc/passwd.html"), None);
        assert_eq!(resolve(root, "/a/%2e%2e/%2e%2e/x.html"), None);
        assert_eq!(resolve(root, "/a\\..\\x.html"), None);
        assert_eq!(resolve(root, "/bad%zz.html"), None);
        assert_eq!(resolve(root, "/bad%ff.html"), None);
    }
}
