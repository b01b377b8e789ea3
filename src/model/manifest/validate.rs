//! The manifest rules (README.md, "Errors and warnings").
//!
//! Document-level problems return a `ManifestError`; a bad product, variant
//! or tag is dropped with one `Warning` naming its first problem, and a bad
//! optional field is ignored with a warning. Warning messages are built with
//! `format!` because this runs once per manifest, not per frame.
//!
//! This file holds the document-level rules and the helpers; products and
//! tags have files of their own.

use std::collections::{BTreeMap, BTreeSet};

use super::raw::{RawCheckout, RawManifest};
use super::time_base::{parse_rfc3339_ms, TimeBase};
use super::{products::product, tags::tag};
use super::{
    CheckoutConfig, Manifest, ManifestError, Parsed, PaymentMethod, Product, VideoInfo, Warning,
    PAYMENT_METHOD_ALIASES,
};
use crate::model::money::is_currency_code;
use crate::model::url::is_safe_url;

const STRATEGIES: &[&str] = &[
    "auto",
    "payment_request",
    "host",
    "redirect",
    "shopify",
    "woocommerce",
    "bigcommerce",
];

pub(super) fn validate(raw: RawManifest) -> Result<Parsed, ManifestError> {
    match raw.version {
        None => return Err(ManifestError::MissingVersion),
        Some(1) => {}
        Some(v) => return Err(ManifestError::UnsupportedVersion(v)),
    }
    let currency = match raw.currency {
        None => return Err(ManifestError::MissingCurrency),
        Some(c) if c.is_empty() => return Err(ManifestError::MissingCurrency),
        Some(c) if !is_currency_code(&c) => return Err(ManifestError::BadCurrency(c)),
        Some(c) => c,
    };
    let video = raw.video.unwrap_or_default();
    let video_id = video
        .id
        .filter(|id| !blank(id))
        .ok_or(ManifestError::MissingVideoId)?;

    let mut w = Vec::new();
    let aspect = match video.aspect {
        Some((a, b)) if a == 0 || b == 0 => {
            warn(
                &mut w,
                "video.aspect".into(),
                "must be two positive integers such as [16, 9]; ignored",
            );
            None
        }
        other => other,
    };
    let time_base = time_base(video.time_base.as_deref(), video.epoch.as_deref(), &mut w)?;
    let locale = language_tag(raw.locale, "locale", &mut w);
    #[cfg(any(feature = "shop", feature = "live", not(target_arch = "wasm32")))]
    let ui_language = language_tag(raw.ui_language, "ui_language", &mut w);
    // The viewer's builds skip the field (see raw.rs).
    #[cfg(not(any(feature = "shop", feature = "live", not(target_arch = "wasm32"))))]
    let ui_language = None;

    let raw_products = raw.products.unwrap_or_default();
    let mut products: Vec<Product> = Vec::new();
    // id -> index of the kept product; ids seen only on dropped products.
    let mut kept: BTreeMap<String, usize> = BTreeMap::new();
    let mut dropped: BTreeSet<String> = BTreeSet::new();
    for (i, rp) in raw_products.iter().enumerate() {
        let path = format!("products[{i}]");
        match product(&path, rp, &kept, &mut w) {
            Some(p) => {
                kept.insert(p.id.clone(), products.len());
                products.push(p);
            }
            None => {
                dropped.extend(rp.id.clone());
            }
        }
    }
    if products.is_empty() {
        return Err(ManifestError::NoProducts {
            given: raw_products.len(),
            first_problem: w.into_iter().find(|x| x.path.starts_with("products")),
        });
    }

    let mut tags = Vec::new();
    let mut tag_ids = BTreeSet::new();
    for (i, rt) in raw.tags.unwrap_or_default().into_iter().enumerate() {
        let path = format!("tags[{i}]");
        match tag(rt, &kept, &dropped) {
            Ok(t) if tag_ids.contains(t.id.as_str()) => {
                warn(&mut w, path + ".id", format!("duplicate id {:?}", t.id));
            }
            Ok(t) => {
                tag_ids.insert(t.id.clone());
                tags.push(t);
            }
            Err((field, message)) => warn(&mut w, path + &field, message),
        }
    }

    let checkout = checkout(raw.checkout.unwrap_or_default(), &mut w);
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    let analytics = {
        let names = raw.analytics.unwrap_or_default();
        let (adapters, problems) = crate::model::analytics::adapters(&names);
        for (i, message) in problems {
            warn(&mut w, format!("analytics[{i}]"), message + "; ignored");
        }
        adapters
    };
    // The viewer's builds skip the field (see raw.rs).
    #[cfg(not(any(feature = "shop", not(target_arch = "wasm32"))))]
    let analytics = Vec::new();
    // Read only where `LIVE_READ` (the viewer's builds skipped them).
    let (live, pins) = if super::raw::LIVE_READ {
        (
            super::live::live(raw.live, &time_base)?,
            super::live::pins(raw.pins, &kept, &mut w),
        )
    } else {
        (None, Vec::new())
    };
    let has_live = raw.has_live;
    let manifest = Manifest {
        version: 1,
        video: VideoInfo {
            id: video_id,
            aspect,
            time_base,
        },
        currency,
        locale,
        ui_language,
        products,
        tags,
        checkout,
        analytics,
        live,
        pins,
        has_live,
    };
    Ok(Parsed {
        manifest,
        warnings: w,
    })
}

/// `video.time_base` and `video.epoch`. Every tag time depends on them, so
/// an unknown time base or a missing or malformed epoch rejects the document
/// (showing tags at the wrong moments would be worse than showing none); an
/// epoch given without the time base that uses it is ignored with a warning.
fn time_base(
    given: Option<&str>,
    epoch: Option<&str>,
    w: &mut Vec<Warning>,
) -> Result<TimeBase, ManifestError> {
    let invalid = |path: &str, message: String| ManifestError::Invalid {
        path: path.into(),
        message,
    };
    let epoch = epoch.filter(|e| !blank(e));
    match given.filter(|t| !t.is_empty()) {
        None | Some("media") => {
            if epoch.is_some() {
                warn(
                    w,
                    "video.epoch".into(),
                    "only used with \"time_base\": \"program_date_time\"; ignored",
                );
            }
            Ok(TimeBase::Media)
        }
        Some("program_date_time") => {
            let Some(epoch) = epoch else {
                return Err(invalid(
                    "video.epoch",
                    "missing; \"time_base\": \"program_date_time\" needs an RFC 3339 UTC timestamp such as \"2026-05-01T18:00:00Z\"".into(),
                ));
            };
            match parse_rfc3339_ms(epoch) {
                Some(epoch_ms) => Ok(TimeBase::ProgramDateTime { epoch_ms }),
                None => Err(invalid(
                    "video.epoch",
                    format!(
                        "{:?} is not an RFC 3339 timestamp such as \"2026-05-01T18:00:00Z\"",
                        excerpt(epoch)
                    ),
                )),
            }
        }
        Some(other) => Err(invalid(
            "video.time_base",
            format!(
                "unknown time base {:?} (\"media\" or \"program_date_time\")",
                excerpt(other)
            ),
        )),
    }
}

pub(super) fn warn(w: &mut Vec<Warning>, path: String, message: impl Into<String>) {
    w.push(Warning {
        path,
        message: message.into(),
    });
}

pub(super) fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// At most 40 characters of untrusted text for a message; a `data:` URL can
/// be megabytes.
pub(super) fn excerpt(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// The shape of a BCP 47 tag (letters, digits, hyphens, starting with a
/// letter); `Intl.NumberFormat` throws on malformed ones, so they must not
/// reach the browser.
/// A language tag field (`locale`, `ui_language`): empty is absent; one
/// that is not a tag is dropped with a warning at `path`.
fn language_tag(raw: Option<String>, path: &str, w: &mut Vec<Warning>) -> Option<String> {
    let l = raw.filter(|l| !l.is_empty())?;
    if is_language_tag(&l) {
        return Some(l);
    }
    warn(
        w,
        path.into(),
        format!("{:?} is not a BCP 47 language tag; ignored", excerpt(&l)),
    );
    None
}

fn is_language_tag(s: &str) -> bool {
    s.len() <= 35
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A link field: kept if safe, dropped with a warning otherwise; empty is
/// the same as absent.
pub(super) fn link(value: &Option<String>, path: String, w: &mut Vec<Warning>) -> Option<String> {
    let v = value.as_ref().filter(|v| !blank(v))?;
    if is_safe_url(v) {
        return Some(v.clone());
    }
    let msg = format!(
        "unsafe URL {:?} (only https:, http: or relative URLs are allowed); ignored",
        excerpt(v)
    );
    warn(w, path, msg);
    None
}

/// A compare-at price only means something above the price it compares to.
pub(super) fn compare_at(
    given: Option<i64>,
    price: i64,
    path: String,
    w: &mut Vec<Warning>,
) -> Option<i64> {
    let c = given?;
    if c > price {
        return Some(c);
    }
    warn(w, path, "not above the price; ignored");
    None
}

fn checkout(rc: RawCheckout, w: &mut Vec<Warning>) -> CheckoutConfig {
    let strategy = rc.strategy.filter(|s| !s.is_empty()).and_then(|s| {
        if STRATEGIES.contains(&s.as_str()) {
            return Some(s);
        }
        let msg = format!(
            "unknown strategy {:?} (auto, payment_request, host, redirect, shopify, woocommerce or bigcommerce); using auto",
            excerpt(&s)
        );
        warn(w, "checkout.strategy".into(), msg);
        None
    });
    let endpoint = link(&rc.endpoint, "checkout.endpoint".into(), w);
    let redirect = link(&rc.redirect, "checkout.redirect".into(), w);
    // See `RawCheckout::apple_pay_session`: a viewer-only build never reads it.
    #[cfg(any(feature = "shop", not(target_arch = "wasm32")))]
    let apple_pay_session = link(
        &rc.apple_pay_session,
        "checkout.apple_pay_session".into(),
        w,
    );
    #[cfg(not(any(feature = "shop", not(target_arch = "wasm32"))))]
    let apple_pay_session = None;
    let payment_methods = rc
        .payment_methods
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .filter_map(|(i, m)| payment_method(i, m.supported_methods, w))
        .collect();
    CheckoutConfig {
        strategy,
        endpoint,
        redirect,
        apple_pay_session,
        payment_methods,
    }
}

/// A payment method identifier is an https URL (W3C Payment Method
/// Identifiers); `google_pay` and `apple_pay` stand for theirs.
fn payment_method(i: usize, id: Option<String>, w: &mut Vec<Warning>) -> Option<PaymentMethod> {
    let path = format!("checkout.payment_methods[{i}].supported_methods");
    let Some(id) = id.filter(|s| !blank(s)) else {
        warn(w, path, "missing; this payment method is ignored");
        return None;
    };
    if let Some((_, url)) = PAYMENT_METHOD_ALIASES
        .iter()
        .find(|(alias, _)| *alias == id)
    {
        return Some(PaymentMethod {
            supported_methods: (*url).to_owned(),
            index: i,
        });
    }
    let host = id
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    if host.is_some_and(|h| !h.is_empty() && !h.contains(char::is_whitespace)) {
        return Some(PaymentMethod {
            supported_methods: id,
            index: i,
        });
    }
    let msg = format!("unknown payment method {:?} (google_pay, apple_pay or an https:// payment method URL); ignored", excerpt(&id));
    warn(w, path, msg);
    None
}
