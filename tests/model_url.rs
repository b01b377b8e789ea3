#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! Which links product data may carry (DESIGN.md invariant 7).

use shoppable::model::url::is_safe_url;

#[test]
fn safe_and_unsafe_urls() {
    let safe = [
        "https://shop.example/p/1",
        "http://shop.example/p/1",
        "HTTPS://SHOP.EXAMPLE/",
        "/img/lipstick.webp",
        "img/lipstick.webp",
        "../x.png",
        "//cdn.example/x.webp",
        "?variant=2",
        "#reviews",
        "lipstick.webp?v=1:2",
        "a/b:c",
        "  https://x.example  ",
        "",
    ];
    for url in safe {
        assert!(is_safe_url(url), "{url:?} should be safe");
    }
    let unsafe_ = [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "\u{1}javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:image/png;base64,AAAA",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "blob:https://x.example/1",
        "httpx://x.example",
        "http+x://x.example",
        "mailto:a@b.example",
        "c:\\windows",
    ];
    for url in unsafe_ {
        assert!(!is_safe_url(url), "{url:?} should be unsafe");
    }
}
