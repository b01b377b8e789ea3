#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! Redirect templates: the Shopify permalink as is, one-item templates,
//! every parse and expansion error with its position and words, and
//! percent-encoding that keeps any id inside its slot.

use proptest::prelude::*;
use shoppable::model::percent::encode;
use shoppable::model::redirect::{Template, TemplateError};
use shoppable::model::url::is_safe_url;

#[test]
fn shopify_cart_permalink_works_as_is() {
    let t = Template::parse("https://shop.example/cart/{lines}").unwrap();
    assert!(!t.is_single());
    assert_eq!(
        t.expand(&[("vl-ruby", 2), ("ss-red-l", 1)]).unwrap(),
        "https://shop.example/cart/vl-ruby:2,ss-red-l:1"
    );
    // Shopify's numeric variant ids, with a query after the placeholder.
    let t = Template::parse("https://shop.example/cart/{lines}?ref=video").unwrap();
    assert_eq!(
        t.expand(&[("39772037546070", 1)]).unwrap(),
        "https://shop.example/cart/39772037546070:1?ref=video"
    );
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn templates_that_expand() {
    let items: &[(&str, u32)] = &[("vl-ruby", 3)];
    let cases = [
        ("https://shop.example/add?id={variant}&quantity={qty}", "https://shop.example/add?id=vl-ruby&quantity=3"),
        ("https://shop.example/products/{variant}", "https://shop.example/products/vl-ruby"),
        ("/cart/{lines}", "/cart/vl-ruby:3"),
        ("cart/{lines}", "cart/vl-ruby:3"),
        ("//shop.example/c/{lines}", "//shop.example/c/vl-ruby:3"),
        ("?add={variant}", "?add=vl-ruby"),
        ("#{lines}", "#vl-ruby:3"),
        ("https://shop.example/{qty}x/{variant}/{variant}", "https://shop.example/3x/vl-ruby/vl-ruby"),
        ("http://shop.example/cart/{lines}/{lines}", "http://shop.example/cart/vl-ruby:3/vl-ruby:3"),
        ("https://shop.example/ünï/{variant}", "https://shop.example/ünï/vl-ruby"),
    ];
    for (template, url) in cases {
        let t = Template::parse(template).unwrap_or_else(|e| panic!("{template}: {e}"));
        assert_eq!(t.expand(items).unwrap(), url, "{template}");
    }
    let big = Template::parse("https://s.example/c/{lines}").unwrap();
    assert_eq!(big.expand(&[("a", 0), ("b", u32::MAX)]).unwrap(), "https://s.example/c/a:0,b:4294967295");
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn every_parse_error_names_where() {
    use TemplateError as E;
    let s = |x: &str| x.to_string();
    let cases = [
        ("javascript:alert(1)//{lines}", E::Unsafe, "not an https:, http: or relative URL"),
        (" java\tscript:x/{lines}", E::Unsafe, "not an https:, http: or relative URL"),
        ("data:text/html,{variant}", E::Unsafe, "not an https:, http: or relative URL"),
        ("https://shop.example/cart/{lines", E::UnclosedBrace { at: 26 }, "'{' at position 26 is not closed by '}'"),
        ("https://shop.example/{a{lines}", E::UnclosedBrace { at: 21 }, "'{' at position 21 is not closed by '}'"),
        ("https://shop.example/cart/lines}", E::UnopenedBrace { at: 31 }, "'}' at position 31 has no '{' before it"),
        ("https://é.example/}", E::UnopenedBrace { at: 18 }, "'}' at position 18 has no '{' before it"),
        ("https://shop.example/cart/{items}", E::UnknownPlaceholder { name: s("items"), at: 26 },
            "unknown placeholder {items} at position 26; use {lines}, or {variant} and {qty}"),
        ("https://shop.example/{}", E::UnknownPlaceholder { name: s(""), at: 21 },
            "unknown placeholder {} at position 21; use {lines}, or {variant} and {qty}"),
        ("https://shop.example/{Lines}", E::UnknownPlaceholder { name: s("Lines"), at: 21 },
            "unknown placeholder {Lines} at position 21; use {lines}, or {variant} and {qty}"),
        ("https://shop.example/{lines}?v={variant}", E::Mixed { name: s("variant"), at: 31 },
            "placeholder {variant} at position 31 mixes {lines} with {variant}/{qty}; use one or the other"),
        ("https://shop.example/{qty}/{lines}", E::Mixed { name: s("lines"), at: 27 },
            "placeholder {lines} at position 27 mixes {lines} with {variant}/{qty}; use one or the other"),
        ("https://shop.example/cart", E::NoPlaceholder, "no placeholder; add {lines}, or {variant} and {qty}"),
        ("https://shop.example/add?q={qty}", E::QtyWithoutVariant { at: 27 },
            "{qty} at position 27 needs {variant} in the same template"),
        ("{lines}", E::TooEarly { name: s("lines"), at: 0 },
            "placeholder {lines} at position 0 comes before the URL's first ':', '/', '?' or '#', so a product id could change where the link goes"),
        ("{variant}:{qty}", E::TooEarly { name: s("variant"), at: 0 },
            "placeholder {variant} at position 0 comes before the URL's first ':', '/', '?' or '#', so a product id could change where the link goes"),
        ("shop{lines}/x", E::TooEarly { name: s("lines"), at: 4 },
            "placeholder {lines} at position 4 comes before the URL's first ':', '/', '?' or '#', so a product id could change where the link goes"),
    ];
    for (template, err, words) in cases {
        assert_eq!(Template::parse(template), Err(err), "{template}");
        assert_eq!(Template::parse(template).unwrap_err().to_string(), words);
    }
}

#[test]
fn expansion_errors() {
    let single = Template::parse("https://shop.example/add/{variant}/{qty}").unwrap();
    assert!(single.is_single());
    assert_eq!(
        single.expand(&[("a", 1), ("b", 1)]),
        Err(TemplateError::SingleItemOnly { count: 2 })
    );
    assert_eq!(
        single
            .expand(&[("a", 1), ("b", 1)])
            .unwrap_err()
            .to_string(),
        "this template takes one item ({variant}), but there are 2"
    );
    let lines = Template::parse("https://shop.example/cart/{lines}").unwrap();
    for t in [&single, &lines] {
        assert_eq!(t.expand(&[]), Err(TemplateError::NoItems));
    }
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn ids_are_percent_encoded_keeping_unreserved() {
    let cases = [
        ("AZaz09-._~", "AZaz09-._~"),
        ("a b", "a%20b"),
        ("a/b?c#d", "a%2Fb%3Fc%23d"),
        ("x:1,y:2", "x%3A1%2Cy%3A2"),
        ("100%", "100%25"),
        ("é", "%C3%A9"),
        ("{lines}", "%7Blines%7D"),
        ("javascript:alert(1)", "javascript%3Aalert%281%29"),
        ("", ""),
    ];
    let t = Template::parse("https://shop.example/cart/{lines}").unwrap();
    for (id, encoded) in cases {
        assert_eq!(encode(id), encoded);
        assert_eq!(t.expand(&[(id, 1)]).unwrap(), format!("https://shop.example/cart/{encoded}:1"));
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

proptest! {
    /// Whatever the ids, the URL stays on the store's origin and path, and
    /// the lines read back exactly: no id can add or change a line.
    #[test]
    fn any_ids_stay_in_their_slot(items in proptest::collection::vec((".{0,12}", 0u32..10_000), 1..5)) {
        let t = Template::parse("https://shop.example/cart/{lines}?ref=v").unwrap();
        let pairs: Vec<(&str, u32)> = items.iter().map(|(v, q)| (v.as_str(), *q)).collect();
        let url = t.expand(&pairs).unwrap();
        prop_assert!(is_safe_url(&url));
        let slot = url.strip_prefix("https://shop.example/cart/").unwrap().strip_suffix("?ref=v").unwrap();
        prop_assert!(!slot.contains(['/', '?', '#']));
        let back: Vec<(String, u32)> = slot.split(',').map(|pair| {
            let (v, q) = pair.split_once(':').unwrap();
            (decode(v), q.parse().unwrap())
        }).collect();
        let want: Vec<(String, u32)> = items.clone();
        prop_assert_eq!(back, want);
    }
}
