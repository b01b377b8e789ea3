//! Length and shape limits on what a checkout request carries besides its
//! lines: the payment, the payer, the shipping address and the attribution.
//! Most of it is personal data that the server stores; nothing of any
//! length or shape is stored "because the browser sent it".
//!
//! Each refusal is a [`CheckoutProblem::InvalidField`] naming the JSON path
//! of the first offending member (`payer.name`, `shipping_address.address_line[2]`)
//! and the rule in plain words. The limits are generous for real people
//! (a 200-character name, four address lines) and tight for abuse. Lengths
//! count characters (Unicode scalar values), not bytes, except the payment
//! token, which is opaque and counted in bytes.

use super::{Address, CheckoutProblem, CheckoutRequest};

/// Most lines one order may have.
pub const MAX_LINES: usize = 100;
/// Longest wallet token, in bytes. Google Pay and Apple Pay tokens are a few
/// kilobytes of JSON; this leaves room without taking megabytes.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;
/// Longest name, recipient or organization.
pub const MAX_NAME: usize = 200;
/// RFC 5321's limit on a forward path.
pub const MAX_EMAIL: usize = 254;
/// Longest phone number, formatting included.
pub const MAX_PHONE: usize = 32;
/// Most address lines, and the longest one.
pub const MAX_ADDRESS_LINES: usize = 4;
pub const MAX_ADDRESS_LINE: usize = 200;
/// Longest region, city or dependent locality.
pub const MAX_PLACE: usize = 100;
/// Longest postal or sorting code.
pub const MAX_CODE: usize = 32;
/// Longest identifier the request names (video, product, variant, tag).
pub const MAX_ID: usize = 128;
/// Latest video time accepted in an attribution, in seconds (a live show's
/// clock may run for days; nothing runs for 30 years).
pub const MAX_VIDEO_TIME: f64 = 1.0e9;

/// Checks every member the limits cover, in document order, and accepts a
/// `payment.method` only if it is one of `accepted_methods` (the manifest's
/// payment methods, [`crate::model::manifest::CheckoutConfig::accepted_methods`]).
pub fn check_fields(
    req: &CheckoutRequest,
    accepted_methods: &[&str],
) -> Result<(), CheckoutProblem> {
    id("video_id", &req.video_id)?;
    if req.lines.len() > MAX_LINES {
        return Err(invalid(
            "lines",
            format!("at most {MAX_LINES} lines per order"),
        ));
    }
    for (i, l) in req.lines.iter().enumerate() {
        id(&format!("lines[{i}].product_id"), &l.product_id)?;
        id(&format!("lines[{i}].variant_id"), &l.variant_id)?;
    }
    let method = &req.payment.method;
    if !accepted_methods.iter().any(|m| m == method) {
        let shown = if method.chars().count() > 80 {
            "a longer value".to_string()
        } else {
            format!("\"{}\"", method.escape_debug())
        };
        return Err(invalid(
            "payment.method",
            format!(
                "{shown} is not a payment method this shop accepts (it accepts {})",
                accepted_methods.join(", ")
            ),
        ));
    }
    let token = &req.payment.token;
    if token.is_empty() {
        return Err(invalid("payment.token", "must not be empty".into()));
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(invalid(
            "payment.token",
            format!("at most {MAX_TOKEN_BYTES} bytes"),
        ));
    }
    if let Some(p) = &req.payer {
        if let Some(name) = &p.name {
            text("payer.name", name, MAX_NAME)?;
        }
        if let Some(email) = &p.email {
            self::email("payer.email", email)?;
        }
        if let Some(phone) = &p.phone {
            self::phone("payer.phone", phone)?;
        }
    }
    if let Some(a) = &req.shipping_address {
        address("shipping_address", a)?;
    }
    if let Some(a) = &req.attribution {
        if let Some(tag) = &a.tag_id {
            id("attribution.tag_id", tag)?;
        }
        if !(a.video_time.is_finite() && (0.0..=MAX_VIDEO_TIME).contains(&a.video_time)) {
            return Err(invalid(
                "attribution.video_time",
                "must be a number of seconds from 0 to 1e9".into(),
            ));
        }
    }
    Ok(())
}

fn address(at: &str, a: &Address) -> Result<(), CheckoutProblem> {
    let c = a.country.as_bytes();
    if !(c.is_empty() || (c.len() == 2 && c.iter().all(u8::is_ascii_uppercase))) {
        return Err(invalid(
            &format!("{at}.country"),
            "must be an ISO 3166-1 alpha-2 code such as \"FR\"".into(),
        ));
    }
    if a.address_line.len() > MAX_ADDRESS_LINES {
        return Err(invalid(
            &format!("{at}.address_line"),
            format!("at most {MAX_ADDRESS_LINES} lines"),
        ));
    }
    for (i, line) in a.address_line.iter().enumerate() {
        text(&format!("{at}.address_line[{i}]"), line, MAX_ADDRESS_LINE)?;
    }
    for (name, value, max) in [
        ("region", &a.region, MAX_PLACE),
        ("city", &a.city, MAX_PLACE),
        ("dependent_locality", &a.dependent_locality, MAX_PLACE),
        ("postal_code", &a.postal_code, MAX_CODE),
        ("sorting_code", &a.sorting_code, MAX_CODE),
        ("organization", &a.organization, MAX_NAME),
        ("recipient", &a.recipient, MAX_NAME),
    ] {
        text(&format!("{at}.{name}"), value, max)?;
    }
    if !a.phone.is_empty() {
        phone(&format!("{at}.phone"), &a.phone)?;
    }
    Ok(())
}

/// Text a person typed: at most `max` characters, no control characters
/// (a newline in a name is never a name, and breaks CSV and logs).
fn text(at: &str, s: &str, max: usize) -> Result<(), CheckoutProblem> {
    if s.chars().count() > max {
        return Err(invalid(at, format!("at most {max} characters")));
    }
    if s.chars().any(char::is_control) {
        return Err(invalid(at, "must not contain control characters".into()));
    }
    Ok(())
}

/// An identifier: non-empty, at most [`MAX_ID`] characters, no control characters.
fn id(at: &str, s: &str) -> Result<(), CheckoutProblem> {
    if s.is_empty() {
        return Err(invalid(at, "must not be empty".into()));
    }
    text(at, s, MAX_ID)
}

/// `local@domain` with a dot in the domain, no spaces, at most [`MAX_EMAIL`].
/// Deliberately loose beyond that: the wallet already verified the address.
fn email(at: &str, s: &str) -> Result<(), CheckoutProblem> {
    text(at, s, MAX_EMAIL)?;
    let ok = match s.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(
            at,
            "must be an e-mail address such as name@example.com".into(),
        ))
    }
}

/// Digits with the usual separators (`+`, space, `-`, `.`, parentheses).
fn phone(at: &str, s: &str) -> Result<(), CheckoutProblem> {
    text(at, s, MAX_PHONE)?;
    let ok = s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '.' | '(' | ')'));
    if ok {
        Ok(())
    } else {
        Err(invalid(
            at,
            "must be a phone number: digits, spaces and + - . ( ) only".into(),
        ))
    }
}

fn invalid(at: &str, message: String) -> CheckoutProblem {
    CheckoutProblem::InvalidField {
        path: at.to_string(),
        message,
    }
}
