//! The hooks strategy (`checkout.strategy: "host"`): the page's own cart, through the Promise-returning
//! hooks given to `Shoppable.attach(el, { hooks })` (`crate::embed::hooks`).
//! A hook answers `{ok: true}` or `{ok: false, reason}`; one that throws,
//! rejects or is late gives the viewer a plain message and logs the cause.
//! What the hook answered comes back as a [`HookAnswer`]; the shop shows it
//! and sends the events.

use crate::embed::hooks::{call, Hooks};
use crate::model::cart::CartLine;
use crate::model::money::decimal_string;
use crate::model::words::en::shop as w;
use crate::model::words::Said;
use js_sys::{Array, Object, Reflect};
use std::future::Future;
use wasm_bindgen::JsValue;

/// What a host page's hook answered, for the shop to show.
pub enum HookAnswer {
    /// The page took it: `words` for the viewer, and (for an add) the lines
    /// added, for `shoppable:add_to_cart`.
    Accepted {
        words: Said,
        added: Option<Vec<CartLine>>,
    },
    /// The page refused, or gave no hook, or did not answer: words for the
    /// viewer (a hook's failure is logged with its cause), and the variant
    /// id when `onAddToCart` answered `out_of_stock`.
    Refused {
        words: Said,
        sold_out: Option<String>,
    },
}

impl HookAnswer {
    /// What the viewer reads.
    pub fn words(&self) -> &Said {
        match self {
            HookAnswer::Accepted { words, .. } => words,
            HookAnswer::Refused { words, .. } => words,
        }
    }
}

fn item(l: &CartLine, currency: &str) -> Object {
    let o = Object::new();
    let s = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    s("product_id", l.product_id.as_str().into());
    s("variant_id", l.variant_id.as_str().into());
    s("title", l.title.as_str().into());
    s("variant", l.variant_label.as_str().into());
    s("quantity", l.quantity.into());
    s("price", decimal_string(l.unit_price, currency).into());
    s("price_minor", (l.unit_price as f64).into());
    s("currency", currency.into());
    o
}

/// The page's answer in words and whether it said `out_of_stock`, or
/// `None` for ok. Another reason is the page's own code, shown as given
/// inside the shop's sentence.
fn refusal(v: &JsValue) -> Option<(Said, bool)> {
    let ok = Reflect::get(v, &"ok".into()).ok().and_then(|o| o.as_bool());
    if ok != Some(false) {
        return None;
    }
    let reason = Reflect::get(v, &"reason".into())
        .ok()
        .and_then(|r| r.as_string())
        .unwrap_or_default();
    Some(match reason.as_str() {
        "out_of_stock" => (Said::key(w::STORE_SOLD_OUT), true),
        "" => (Said::key(w::STORE_REFUSED), false),
        r => (
            Said::key(w::STORE_REFUSED_REASON).with("reason", Said::Text(r.replace('_', " "))),
            false,
        ),
    })
}

/// Calls hook `name` with `arg`; `added` (the lines) is handed back with
/// an acceptance, for `shoppable:add_to_cart`.
fn run(
    hooks: Option<&Hooks>,
    name: &'static str,
    arg: JsValue,
    ok_words: Said,
    added: Option<Vec<CartLine>>,
) -> impl Future<Output = HookAnswer> {
    let f = hooks.and_then(|h| h.get(name));
    let refused = |words| HookAnswer::Refused {
        words,
        sold_out: None,
    };
    async move {
        let Some(f) = f else {
            return refused(Said::key(w::STORE_NO_HOOK));
        };
        match call(f, arg).await {
            Ok(v) => match refusal(&v) {
                Some((words, gone)) => HookAnswer::Refused {
                    words,
                    // Only an add names one variant; a checkout's refusal
                    // does not say which of its lines.
                    sold_out: added
                        .filter(|_| gone)
                        .and_then(|lines| Some(lines.first()?.variant_id.clone())),
                },
                None => HookAnswer::Accepted {
                    words: ok_words,
                    added,
                },
            },
            Err(cause) => {
                web_sys::console::error_1(
                    &["shoppable: hooks.", name, " ", cause.as_str()]
                        .concat()
                        .into(),
                );
                refused(Said::key(w::STORE_NO_ANSWER))
            }
        }
    }
}

/// `hooks.onAddToCart(item)`, for the first of `lines`.
pub fn hook_add_to_cart(
    hooks: Option<&Hooks>,
    currency: &str,
    lines: Vec<CartLine>,
) -> impl Future<Output = HookAnswer> {
    let arg = lines
        .first()
        .map_or(JsValue::UNDEFINED, |l| item(l, currency).into());
    let n = lines.first().map_or(1, |l| l.quantity);
    run(
        hooks,
        "onAddToCart",
        arg,
        Said::count(w::STORE_ADDED, n),
        Some(lines),
    )
}

/// `hooks.onCheckout({currency, value, value_minor, items})`.
pub fn hook_checkout(
    hooks: Option<&Hooks>,
    currency: &str,
    lines: &[CartLine],
) -> impl Future<Output = HookAnswer> {
    let items: Array = lines
        .iter()
        .map(|l| JsValue::from(item(l, currency)))
        .collect();
    let total = crate::model::cart::lines_total(lines).unwrap_or(0);
    let o = Object::new();
    let _ = Reflect::set(&o, &"currency".into(), &currency.into());
    let _ = Reflect::set(&o, &"value".into(), &decimal_string(total, currency).into());
    let _ = Reflect::set(&o, &"value_minor".into(), &(total as f64).into());
    let _ = Reflect::set(&o, &"items".into(), &items);
    run(
        hooks,
        "onCheckout",
        o.into(),
        Said::key(w::STORE_TO_CHECKOUT),
        None,
    )
}
