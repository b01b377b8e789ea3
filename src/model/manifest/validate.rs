//! The manifest rules (docs/manifest.md, "Errors and warnings").
//!
//! Document-level problems return a `ManifestError`; a bad product, variant
//! or tag is dropped with one `Warning` naming its first problem, and a bad
//! optional field is ignored with a warning. Warning messages are built with
//! `format!` because this runs once per manifest, not per frame.

use std::collections::{BTreeMap, BTreeSet};

use super::raw::{RawCheckout, RawKeyframe, RawManifest, RawProduct, RawTag, RawVariant};
use super::{CheckoutConfig, Keyframe, Manifest, ManifestError, Parsed, Product, Tag, Variant, VideoInfo, Warning};
use crate::model::money::is_currency_code;
use crate::model::url::is_safe_url;

const STRATEGIES: &[&str] = &["auto", "payment_request", "host", "redirect"];

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
    let video_id = video.id.filter(|id| !blank(id)).ok_or(ManifestError::MissingVideoId)?;

    let mut w = Vec::new();
    let aspect = match video.aspect {
        Some((a, b)) if a == 0 || b == 0 => {
            warn(&mut w, "video.aspect".into(), "must be two positive integers such as [16, 9]; ignored");
            None
        }
        other => other,
    };
    let locale = raw.locale.filter(|l| !l.is_empty()).and_then(|l| {
        if is_language_tag(&l) {
            return Some(l);
        }
        warn(&mut w, "locale".into(), format!("{:?} is not a BCP 47 language tag; ignored", excerpt(&l)));
        None
    });

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
        return Err(ManifestError::NoProducts { given: raw_products.len(), first_problem: w.into_iter().find(|x| x.path.starts_with("products")) });
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
    let manifest = Manifest { version: 1, video: VideoInfo { id: video_id, aspect }, currency, locale, products, tags, checkout };
    Ok(Parsed { manifest, warnings: w })
}

fn warn(w: &mut Vec<Warning>, path: String, message: impl Into<String>) {
    w.push(Warning { path, message: message.into() });
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// At most 40 characters of untrusted text for a message; a `data:` URL can
/// be megabytes.
fn excerpt(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_string(),
    }
}

/// The shape of a BCP 47 tag (letters, digits, hyphens, starting with a
/// letter); `Intl.NumberFormat` throws on malformed ones, so they must not
/// reach the browser.
fn is_language_tag(s: &str) -> bool {
    s.len() <= 35
        && s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A link field: kept if safe, dropped with a warning otherwise; empty is
/// the same as absent.
fn link(value: &Option<String>, path: String, w: &mut Vec<Warning>) -> Option<String> {
    let v = value.as_ref().filter(|v| !blank(v))?;
    if is_safe_url(v) {
        return Some(v.clone());
    }
    let msg = format!("unsafe URL {:?} (only https:, http: or relative URLs are allowed); ignored", excerpt(v));
    warn(w, path, msg);
    None
}

/// A compare-at price only means something above the price it compares to.
fn compare_at(given: Option<i64>, price: i64, path: String, w: &mut Vec<Warning>) -> Option<i64> {
    let c = given?;
    if c > price {
        return Some(c);
    }
    warn(w, path, "not above the price; ignored");
    None
}

fn product(path: &str, rp: &RawProduct, kept: &BTreeMap<String, usize>, w: &mut Vec<Warning>) -> Option<Product> {
    let drop = |w: &mut Vec<Warning>, field: &str, msg: &str| {
        warn(w, format!("{path}.{field}"), format!("{msg}; product dropped"));
        None
    };
    let id = match &rp.id {
        Some(id) if !blank(id) => id.clone(),
        _ => return drop(w, "id", "missing or empty"),
    };
    let title = match &rp.title {
        Some(t) if !blank(t) => t.clone(),
        _ => return drop(w, "title", "missing or empty"),
    };
    let price = match rp.price {
        None => return drop(w, "price", "missing"),
        Some(p) if p < 0 => return drop(w, "price", "negative"),
        Some(p) => p,
    };
    // Variants inherit the product's compare-at price; whether an ignored
    // one deserves a warning is decided below, once the product is kept.
    let product_compare = rp.compare_at.filter(|c| *c > price);
    let options = rp.options.clone().unwrap_or_default();
    let variants = match &rp.variants {
        Some(vs) if !vs.is_empty() => {
            let kept_variants = variants(path, vs, &options, price, product_compare, w);
            if kept_variants.is_empty() {
                return drop(w, "variants", "no usable variant");
            }
            kept_variants
        }
        // No variants: the product itself is the one thing to buy.
        _ => vec![Variant { id: id.clone(), options: Vec::new(), price, compare_at: product_compare, available: true, max_per_order: None }],
    };
    if kept.contains_key(&id) {
        return drop(w, "id", &format!("duplicate id {id:?}"));
    }
    // Optional fields are checked only for a product that is kept, so a
    // dropped product gets exactly one warning.
    let compare_at = compare_at(rp.compare_at, price, format!("{path}.compare_at"), w);
    let image = link(&rp.image, format!("{path}.image"), w);
    let url = link(&rp.url, format!("{path}.url"), w);
    Some(Product { id, title, brand: rp.brand.clone(), image, url, description: rp.description.clone(), price, compare_at, options, variants })
}

/// Validated variants; each bad one is dropped with a warning. A variant
/// without a price takes the product's; one without a compare-at price takes
/// the product's when that is above its own price.
fn variants(
    path: &str,
    raw: &[RawVariant],
    options: &[String],
    product_price: i64,
    product_compare: Option<i64>,
    w: &mut Vec<Warning>,
) -> Vec<Variant> {
    let mut out: Vec<Variant> = Vec::new();
    for (j, rv) in raw.iter().enumerate() {
        let vpath = format!("{path}.variants[{j}]");
        let mut drop = |field: &str, msg: String| warn(w, format!("{vpath}.{field}"), msg + "; variant dropped");
        let id = match &rv.id {
            Some(id) if !blank(id) => id.clone(),
            _ => {
                drop("id", "missing or empty".into());
                continue;
            }
        };
        let values = rv.options.clone().unwrap_or_default();
        if values.len() != options.len() {
            drop("options", format!("has {} values but the product has {} options", values.len(), options.len()));
            continue;
        }
        if rv.price.is_some_and(|p| p < 0) {
            drop("price", "negative".into());
            continue;
        }
        if out.iter().any(|v| v.id == id) {
            drop("id", format!("duplicate id {id:?}"));
            continue;
        }
        let price = rv.price.unwrap_or(product_price);
        let compare_at = match rv.compare_at {
            Some(_) => compare_at(rv.compare_at, price, format!("{vpath}.compare_at"), w),
            None => product_compare.filter(|c| *c > price),
        };
        let max_per_order = match rv.max_per_order {
            Some(0) => {
                warn(w, format!("{vpath}.max_per_order"), "must be at least 1; ignored");
                None
            }
            m => m,
        };
        out.push(Variant { id, options: values, price, compare_at, available: rv.available.unwrap_or(true), max_per_order });
    }
    out
}

/// A validated tag, or the path suffix (".start") and message of its first
/// problem.
fn tag(rt: RawTag, kept: &BTreeMap<String, usize>, dropped: &BTreeSet<String>) -> Result<Tag, (String, String)> {
    let fail = |field: &str, msg: String| Err((field.to_string(), msg));
    let id = match rt.id {
        Some(id) if !blank(&id) => id,
        _ => return fail(".id", "missing or empty".into()),
    };
    let product = match rt.product.as_deref() {
        None | Some("") => return fail(".product", "missing or empty".into()),
        Some(p) => match kept.get(p) {
            Some(&index) => index,
            None if dropped.contains(p) => return fail(".product", format!("product {p:?} was dropped (see its warning)")),
            None => return fail(".product", format!("no product {p:?}")),
        },
    };
    let start = match rt.start {
        None => return fail(".start", "missing".into()),
        Some(s) if !s.is_finite() => return fail(".start", "not a finite number".into()),
        Some(s) if s < 0.0 => return fail(".start", "negative".into()),
        Some(s) => s,
    };
    let end = match rt.end {
        None => return fail(".end", "missing".into()),
        Some(e) if !e.is_finite() => return fail(".end", "not a finite number".into()),
        Some(e) if e <= start => return fail(".end", "not after start".into()),
        Some(e) => e,
    };
    let raw_kf = rt.keyframes.unwrap_or_default();
    if raw_kf.is_empty() {
        return fail(".keyframes", "missing or empty".into());
    }
    let mut keyframes = Vec::with_capacity(raw_kf.len());
    for (k, rk) in raw_kf.iter().enumerate() {
        match keyframe(rk) {
            Ok(kf) => keyframes.push(kf),
            Err((field, msg)) => return fail(&format!(".keyframes[{k}].{field}"), msg.into()),
        }
    }
    // Authors may list keyframes in any order; interpolation needs them
    // sorted. Stable, so equal times keep their written order.
    keyframes.sort_by(|a, b| a.t.total_cmp(&b.t));
    Ok(Tag { id, product, start, end, keyframes })
}

/// A keyframe, or the field and message of its first problem.
fn keyframe(rk: &RawKeyframe) -> Result<Keyframe, (&'static str, &'static str)> {
    let t = match rk.t {
        None => return Err(("t", "missing")),
        Some(t) if !t.is_finite() => return Err(("t", "not a finite number")),
        Some(t) => t,
    };
    let coord = |name, v: Option<f64>| match v {
        None => Err((name, "missing")),
        // Also rejects NaN.
        Some(v) if !(0.0..=1.0).contains(&v) => Err((name, "outside 0..1")),
        Some(v) => Ok(v),
    };
    Ok(Keyframe { t, x: coord("x", rk.x)?, y: coord("y", rk.y)? })
}

fn checkout(rc: RawCheckout, w: &mut Vec<Warning>) -> CheckoutConfig {
    let strategy = rc.strategy.filter(|s| !s.is_empty()).and_then(|s| {
        if STRATEGIES.contains(&s.as_str()) {
            return Some(s);
        }
        let msg = format!("unknown strategy {:?} (auto, payment_request, host or redirect); using auto", excerpt(&s));
        warn(w, "checkout.strategy".into(), msg);
        None
    });
    let endpoint = link(&rc.endpoint, "checkout.endpoint".into(), w);
    let redirect = link(&rc.redirect, "checkout.redirect".into(), w);
    CheckoutConfig { strategy, endpoint, redirect }
}
