//! Tag rules: a tag with any problem is dropped; keyframes come out sorted.

use std::collections::{BTreeMap, BTreeSet};

use super::raw::{RawKeyframe, RawTag};
use super::validate::blank;
use super::{Keyframe, Tag};

/// A validated tag, or the path suffix (".start") and message of its first
/// problem.
pub(super) fn tag(
    rt: RawTag,
    kept: &BTreeMap<String, usize>,
    dropped: &BTreeSet<String>,
) -> Result<Tag, (String, String)> {
    let fail = |field: &str, msg: String| Err((field.to_string(), msg));
    let id = match rt.id {
        Some(id) if !blank(&id) => id,
        _ => return fail(".id", "missing or empty".into()),
    };
    let product = match rt.product.as_deref() {
        None | Some("") => return fail(".product", "missing or empty".into()),
        Some(p) => match kept.get(p) {
            Some(&index) => index,
            None if dropped.contains(p) => {
                return fail(
                    ".product",
                    format!("product {p:?} was dropped (see its warning)"),
                )
            }
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
    Ok(Tag {
        id,
        product,
        start,
        end,
        keyframes,
    })
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
    Ok(Keyframe {
        t,
        x: coord("x", rk.x)?,
        y: coord("y", rk.y)?,
    })
}
