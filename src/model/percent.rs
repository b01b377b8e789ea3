//! Percent-encoding (RFC 3986 section 2.1) for ids put into URLs and storage
//! keys. Only the unreserved characters (letters, digits, `-._~`) are kept;
//! every other byte of the UTF-8 text becomes `%XX` (upper-case hex, as the
//! RFC recommends). Encoding more than strictly needed is always safe: a
//! server decodes `%3A` and `:` to the same thing in a path segment, while
//! a raw `/`, `?`, `#`, `,` or `:` in an id could change what a URL means.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// True for RFC 3986 unreserved characters, which never need encoding.
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// `<prefix><site>:<video id>`, both encoded, so neither can forge the other's
/// part: the browser-storage keys of a stored cart and of an order in doubt.
pub fn site_video_key(prefix: &str, site: &str, video_id: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + site.len() + video_id.len() + 1);
    key.push_str(prefix);
    encode_into(&mut key, site);
    key.push(':');
    encode_into(&mut key, video_id);
    key
}

/// Appends `s` to `out`, percent-encoded. Pushes bytes rather than using
/// `format!`: it runs for every id of every line of a redirect.
pub fn encode_into(out: &mut String, s: &str) {
    for &b in s.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
    }
}

/// `s` percent-encoded: `"a b/c"` gives `"a%20b%2Fc"`.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s);
    out
}
