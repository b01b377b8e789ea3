//! A small reader for CSS `<position>` values (`object-position`).
//!
//! Hand-written, without `str::parse::<f64>`, so the wasm carries no general
//! float parser for a value that is a handful of short tokens.

use super::geometry::{AxisPosition, ObjectPosition};

const CENTER: AxisPosition = AxisPosition::CENTER;

/// See [`ObjectPosition::parse`].
pub(crate) fn parse(s: &str) -> ObjectPosition {
    let mut toks = [""; 4];
    let n = match split(s, &mut toks) {
        Some(n) if n > 0 => n,
        _ => return ObjectPosition::default(),
    };
    let toks = &toks[..n];
    let (x, y) = match toks {
        [one] => match *one {
            "top" | "bottom" => (CENTER, axis(one, false)),
            _ => (axis(one, true), CENTER),
        },
        [a, b] => {
            // Keywords may come in either order ("top left"); values may not.
            if matches!(*a, "top" | "bottom") || matches!(*b, "left" | "right") {
                (axis(b, true), axis(a, false))
            } else {
                (axis(a, true), axis(b, false))
            }
        }
        _ => edge_offsets(toks),
    };
    ObjectPosition { x, y }
}

/// Splits on whitespace outside parentheses; `None` for more than 4 tokens.
fn split<'a>(s: &'a str, out: &mut [&'a str; 4]) -> Option<usize> {
    let (mut n, mut depth, mut start) = (0, 0u32, None);
    for (i, c) in s.char_indices().chain(core::iter::once((s.len(), ' '))) {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                if let Some(st) = start.take() {
                    *out.get_mut(n)? = &s[st..i];
                    n += 1;
                }
                continue;
            }
            _ => {}
        }
        start.get_or_insert(i);
    }
    Some(n)
}

/// One axis from a keyword valid for it or a length-percentage.
fn axis(tok: &str, horizontal: bool) -> AxisPosition {
    let frac = |f| AxisPosition {
        fraction: f,
        px: 0.0,
    };
    match (tok, horizontal) {
        ("center", _) => CENTER,
        ("left", true) | ("top", false) => frac(0.0),
        ("right", true) | ("bottom", false) => frac(1.0),
        _ => value(tok).unwrap_or(CENTER),
    }
}

/// The 3- and 4-value forms: each edge keyword may be followed by an offset
/// from that edge ("right 10px bottom 20%").
fn edge_offsets(toks: &[&str]) -> (AxisPosition, AxisPosition) {
    let (mut x, mut y) = (CENTER, CENTER);
    let mut i = 0;
    while i < toks.len() {
        let kw = toks[i];
        let off = match toks.get(i + 1).and_then(|t| value(t)) {
            Some(v) => {
                i += 1;
                v
            }
            None => AxisPosition {
                fraction: 0.0,
                px: 0.0,
            },
        };
        i += 1;
        // Offsets from the far edge mirror: right 10px = 100% - 10px.
        let far = AxisPosition {
            fraction: 1.0 - off.fraction,
            px: -off.px,
        };
        match kw {
            "left" => x = off,
            "right" => x = far,
            "top" => y = off,
            "bottom" => y = far,
            "center" => {}
            _ => return (CENTER, CENTER),
        }
    }
    (x, y)
}

/// `N%`, `Npx`, `0`, or `calc()` summing such terms with `+` and `-`.
fn value(tok: &str) -> Option<AxisPosition> {
    if let Some(inner) = tok.strip_prefix("calc(").and_then(|t| t.strip_suffix(')')) {
        let mut sum = AxisPosition {
            fraction: 0.0,
            px: 0.0,
        };
        let mut sign = 1.0;
        for (k, part) in inner.split_whitespace().enumerate() {
            if k % 2 == 1 {
                sign = match part {
                    "+" => 1.0,
                    "-" => -1.0,
                    _ => return None,
                };
            } else {
                let v = value(part)?;
                sum.fraction += sign * v.fraction;
                sum.px += sign * v.px;
            }
        }
        return Some(sum);
    }
    if let Some(n) = tok.strip_suffix('%') {
        return Some(AxisPosition {
            fraction: number(n)? / 100.0,
            px: 0.0,
        });
    }
    let n = tok.strip_suffix("px").or((tok == "0").then_some(tok))?;
    Some(AxisPosition {
        fraction: 0.0,
        px: number(n)?,
    })
}

/// A computed CSS length in px ("12.5px", "0px"), as `getComputedStyle`
/// serializes padding and borders.
pub(crate) fn px(s: &str) -> Option<f64> {
    number(s.trim().strip_suffix("px")?)
}

/// A plain decimal: optional sign, digits, optional fraction. No exponent:
/// browsers serialize computed lengths without one.
fn number(s: &str) -> Option<f64> {
    let (neg, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (mut v, mut scale, mut seen_dot, mut any) = (0.0f64, 1.0f64, false, false);
    for b in digits.bytes() {
        match b {
            b'0'..=b'9' => {
                any = true;
                if seen_dot {
                    scale /= 10.0;
                    v += f64::from(b - b'0') * scale;
                } else {
                    v = v * 10.0 + f64::from(b - b'0');
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    any.then_some(if neg { -v } else { v })
}

/// See [`super::geometry::format_px`]: the number printed from integer
/// hundredths, so the wasm carries no float formatter for it.
pub(crate) fn px_text(v: f64) -> String {
    // NaN and infinities are no length; an absurd one is clamped (CSS would
    // clamp it too).
    let h = if v.is_finite() {
        (v * 100.0).round().clamp(-1e15, 1e15) as i64
    } else {
        0
    };
    let (sign, h) = if h < 0 { ("-", -h) } else { ("", h) };
    let (whole, frac) = (h / 100, h % 100);
    let mut out = [sign, &whole.to_string()].concat();
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            out.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
    out.push_str("px");
    out
}
