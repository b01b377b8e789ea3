//! Redirect URL templates: the `checkout.redirect` of a manifest, which
//! hands the viewer over to the store's own cart.
//!
//! Two shapes:
//!
//! - `{lines}` expands to `variant:qty` pairs joined by `,`, so a Shopify
//!   cart permalink, `https://shop.example/cart/{lines}`, works as is:
//!   `https://shop.example/cart/vl-ruby:2,ss-red-l:1`.
//! - `{variant}` (and optionally `{qty}`) for one item, e.g.
//!   `https://shop.example/add?id={variant}&quantity={qty}`. Without
//!   `{qty}` the store's page chooses the quantity.
//!
//! Templates are parsed when the manifest loads, so a broken one is
//! reported to the page's author then, not to a viewer at the tap. Ids are
//! percent-encoded (`model::percent`) so an id cannot add path segments,
//! query parameters or cart lines; a placeholder may not come before the
//! URL's scheme is settled, so an id cannot choose the scheme either
//! (`{variant}` alone would turn the id `javascript` into a scheme).

use super::percent::encode_into;
use super::url::is_safe_url;

/// A parsed template. Build it with [`Template::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
    /// True for `{variant}`/`{qty}` templates, false for `{lines}`.
    single: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Lines,
    Variant,
    Qty,
}

/// What is wrong with a template or an expansion. Positions count
/// characters from 0, so an author can find them in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("not an https:, http: or relative URL")]
    Unsafe,
    #[error("'{{' at position {at} is not closed by '}}'")]
    UnclosedBrace { at: usize },
    #[error("'}}' at position {at} has no '{{' before it")]
    UnopenedBrace { at: usize },
    #[error("unknown placeholder {{{name}}} at position {at}; use {{lines}}, or {{variant}} and {{qty}}")]
    UnknownPlaceholder { name: String, at: usize },
    #[error("placeholder {{{name}}} at position {at} mixes {{lines}} with {{variant}}/{{qty}}; use one or the other")]
    Mixed { name: String, at: usize },
    #[error("no placeholder; add {{lines}}, or {{variant}} and {{qty}}")]
    NoPlaceholder,
    #[error("{{qty}} at position {at} needs {{variant}} in the same template")]
    QtyWithoutVariant { at: usize },
    #[error("placeholder {{{name}}} at position {at} comes before the URL's first ':', '/', '?' or '#', so a product id could change where the link goes")]
    TooEarly { name: String, at: usize },
    #[error("nothing to buy")]
    NoItems,
    #[error("this template takes one item ({{variant}}), but there are {count}")]
    SingleItemOnly { count: usize },
}

impl Template {
    /// Parses a template; see the module docs for what is accepted.
    pub fn parse(s: &str) -> Result<Template, TemplateError> {
        if !is_safe_url(s) {
            return Err(TemplateError::Unsafe);
        }
        // Braces are ASCII, and UTF-8 continuation bytes never equal an
        // ASCII byte, so scanning bytes finds exactly the braces; only
        // error positions are converted to characters.
        let pos = |byte: usize| s[..byte].chars().count();
        let bytes = s.as_bytes();
        let mut parts = Vec::new();
        let (mut lines_at, mut single_at, mut variant_seen) = (None, None, false);
        let mut text_start = 0;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'}' => return Err(TemplateError::UnopenedBrace { at: pos(i) }),
                b'{' => {
                    let close = match s[i + 1..].find(['{', '}']) {
                        Some(j) if bytes[i + 1 + j] == b'}' => i + 1 + j,
                        _ => return Err(TemplateError::UnclosedBrace { at: pos(i) }),
                    };
                    let name = &s[i + 1..close];
                    let at = pos(i);
                    let part = match name {
                        "lines" => Part::Lines,
                        "variant" => Part::Variant,
                        "qty" => Part::Qty,
                        _ => {
                            let name = name.to_string();
                            return Err(TemplateError::UnknownPlaceholder { name, at });
                        }
                    };
                    let text = &s[text_start..i];
                    let first = lines_at.is_none() && single_at.is_none();
                    if first && !settles_scheme(text) {
                        let name = name.to_string();
                        return Err(TemplateError::TooEarly { name, at });
                    }
                    let clash = match part {
                        Part::Lines => single_at.is_some(),
                        _ => lines_at.is_some(),
                    };
                    if clash {
                        let name = name.to_string();
                        return Err(TemplateError::Mixed { name, at });
                    }
                    match part {
                        Part::Lines => lines_at = Some(at),
                        Part::Variant => (single_at, variant_seen) = (Some(at), true),
                        _ => single_at = single_at.or(Some(at)),
                    }
                    if !text.is_empty() {
                        parts.push(Part::Text(text.to_string()));
                    }
                    parts.push(part);
                    i = close + 1;
                    text_start = i;
                }
                _ => i += 1,
            }
        }
        if text_start < s.len() {
            parts.push(Part::Text(s[text_start..].to_string()));
        }
        match (lines_at, single_at) {
            (None, None) => Err(TemplateError::NoPlaceholder),
            (None, Some(at)) if !variant_seen => Err(TemplateError::QtyWithoutVariant { at }),
            _ => Ok(Template {
                parts,
                single: lines_at.is_none(),
            }),
        }
    }

    /// True for a one-item template (`{variant}`): it can send "Buy now"
    /// for one product, not a cart of several lines.
    pub fn is_single(&self) -> bool {
        self.single
    }

    /// The URL for these `(variant id, quantity)` pairs, in order. Refuses
    /// an empty list, and more than one item for a one-item template.
    pub fn expand(&self, items: &[(&str, u32)]) -> Result<String, TemplateError> {
        let Some(&(first, first_qty)) = items.first() else {
            return Err(TemplateError::NoItems);
        };
        if self.single && items.len() > 1 {
            return Err(TemplateError::SingleItemOnly { count: items.len() });
        }
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Variant => encode_into(&mut out, first),
                Part::Qty => push_u32(&mut out, first_qty),
                Part::Lines => {
                    for (k, &(variant, qty)) in items.iter().enumerate() {
                        if k > 0 {
                            out.push(',');
                        }
                        encode_into(&mut out, variant);
                        out.push(':');
                        push_u32(&mut out, qty);
                    }
                }
            }
        }
        // `parse` made the text before the first placeholder settle the
        // scheme, and that text is unchanged here; this restates the proof.
        debug_assert!(is_safe_url(&out));
        Ok(out)
    }
}

/// Whether the literal text before the first placeholder already decides
/// the URL's scheme: it contains the scheme's ':' or a '/', '?' or '#',
/// any of which ends the part of a URL that can be a scheme.
fn settles_scheme(text: &str) -> bool {
    text.contains([':', '/', '?', '#'])
}

/// Decimal digits of `n`, without the formatting machinery (it runs per
/// line, and `format!` costs wasm bytes).
fn push_u32(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let (mut n, mut len) = (n, 0);
    loop {
        digits[len] = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    for &d in digits[..len].iter().rev() {
        out.push(d as char);
    }
}
