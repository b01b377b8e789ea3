//! Which links product data may carry (DESIGN.md invariant 7).
//!
//! Product data is untrusted, and an `href` or `src` of `javascript:` runs
//! script in the host page. Only `https:`, `http:` and relative URLs pass.

/// True when `s` is safe to use as an `href` or `src`: an absolute URL whose
/// scheme is `http` or `https` (any case), or a relative URL (no scheme,
/// including protocol-relative `//cdn.example/x.webp`, which inherits the
/// page's http(s) scheme).
///
/// The check mirrors the first steps of the WHATWG URL parser, which is what
/// the browser will apply: leading and trailing C0 controls and spaces are
/// stripped, and tabs and newlines are removed everywhere, before the scheme
/// is read. Checking the raw string instead would let `" java\tscript:"` by.
pub fn is_safe_url(s: &str) -> bool {
    let trimmed = s.trim_matches(|c: char| c <= ' ');
    // Only the first 6 bytes of the scheme matter to tell "http"/"https"
    // apart from everything else; they are kept lower-cased.
    let mut scheme = [0u8; 6];
    for (len, c) in trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .enumerate()
    {
        if len == 0 && !c.is_ascii_alphabetic() {
            // A scheme starts with an ASCII letter; anything else is relative.
            return true;
        }
        if c == ':' {
            return len <= 5 && matches!(&scheme[..len], b"http" | b"https");
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            // The run of scheme characters ended without a colon: a path.
            return true;
        }
        if len < scheme.len() {
            scheme[len] = c.to_ascii_lowercase() as u8;
        }
    }
    true
}
