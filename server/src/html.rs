//! Rewriting demo pages for the cross-origin demo: the page is opened at one
//! origin (`http://localhost:PORT`) and loads the widget from another
//! (`http://127.0.0.1:PORT`), as a real host page loads it from a CDN.

/// Replaces every quoted root-relative widget URL, `"/shoppable/` or
/// `'/shoppable/`, with the same URL on `origin` (no trailing slash), so
/// `<script src="/shoppable/v1/shoppable.js">` loads from `origin`. Unquoted
/// or already absolute URLs are left alone.
pub fn rewrite_widget_origin(html: &str, origin: &str) -> String {
    let origin = origin.trim_end_matches('/');
    html.replace("\"/shoppable/", &format!("\"{origin}/shoppable/"))
        .replace("'/shoppable/", &format!("'{origin}/shoppable/"))
}

#[cfg(test)]
mod tests {
    use super::rewrite_widget_origin;

    #[test]
    fn rewrites_quoted_widget_urls_only() {
        let page = r#"<script src="/shoppable/v1/shoppable.js"></script>
<link href='/shoppable/v1/x.css'><a href="/shoppable">no</a>
<script src="https://cdn.example/shoppable/v1/a.js"></script>"#;
        let out = rewrite_widget_origin(page, "http://127.0.0.1:8080/");
        assert_eq!(
            out,
            r#"<script src="http://127.0.0.1:8080/shoppable/v1/shoppable.js"></script>
<link href='http://127.0.0.1:8080/shoppable/v1/x.css'><a href="/shoppable">no</a>
<script src="https://cdn.example/shoppable/v1/a.js"></script>"#
        );
    }

    #[test]
    fn leaves_pages_without_widget_alone() {
        assert_eq!(rewrite_widget_origin("<p>hi</p>", "http://x"), "<p>hi</p>");
    }
}
