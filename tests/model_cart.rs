#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! The cart: arithmetic and limits, currency exponents, overflow, the stored
//! form, and revalidation of a stored cart against a changed manifest (every
//! kind of change, with the words the viewer reads).

use proptest::prelude::*;
use serde_json::{json, Value};
use shoppable::model::cart::{
    quantity_limit, storage_key, Applied, Cart, CartChange, CartError, StoredCart, StoredCartError,
    CART_SCHEMA, QUANTITY_CAP,
};
use shoppable::model::manifest::{parse_str, Manifest};
use shoppable::model::money::decimal_string;

fn doc() -> Value {
    json!({
        "version": 1,
        "video": { "id": "spring-drop" },
        "currency": "USD",
        "products": [
            {
                "id": "velvet-lipstick", "title": "Velvet Matte Lipstick", "price": 1900,
                "options": ["Shade"],
                "variants": [
                    { "id": "vl-ruby", "options": ["Ruby"], "max_per_order": 3 },
                    { "id": "vl-plum", "options": ["Plum"], "price": 2100 },
                    { "id": "vl-nude", "options": ["Nude"], "available": false }
                ]
            },
            {
                "id": "silk-scarf", "title": "Silk Scarf", "price": 4500, "options": ["Colour", "Size"],
                "variants": [{ "id": "ss-red-l", "options": ["Red", "L"], "price": 5200 }]
            },
            { "id": "tote", "title": "Canvas Tote", "price": 2900 }
        ]
    })
}

fn manifest(v: &Value) -> Manifest {
    parse_str(&v.to_string())
        .expect("test manifest is valid")
        .manifest
}

fn usd(minor: i64) -> String {
    ["$", &decimal_string(minor, "USD")].concat()
}

#[test]
fn add_merges_and_clamps_to_the_limit() {
    let m = manifest(&doc());
    let mut cart = Cart::for_manifest(&m);
    assert!(cart.is_empty());
    let ok = |quantity, limit| {
        Ok(Applied {
            quantity,
            clamped: false,
            limit,
        })
    };
    assert_eq!(cart.add(&m, 0, "vl-ruby", 1), ok(1, 3));
    assert_eq!(cart.add(&m, 0, "vl-ruby", 1), ok(2, 3));
    assert_eq!(
        cart.add(&m, 0, "vl-ruby", 5),
        Ok(Applied {
            quantity: 3,
            clamped: true,
            limit: 3
        })
    );
    // At the limit, adding more changes nothing and says so again.
    assert_eq!(
        cart.add(&m, 0, "vl-ruby", 1),
        Ok(Applied {
            quantity: 3,
            clamped: true,
            limit: 3
        })
    );
    assert_eq!(cart.add(&m, 1, "ss-red-l", 2), ok(2, QUANTITY_CAP));
    assert_eq!(cart.lines().len(), 2, "one line per variant");
    assert_eq!(cart.count(), 5);
    assert_eq!(cart.subtotal(), Ok(3 * 1900 + 2 * 5200));
    let line = &cart.lines()[1];
    assert_eq!(
        (line.title.as_str(), line.variant_label.as_str()),
        ("Silk Scarf", "Red / L")
    );
    assert_eq!(line.name(), "Silk Scarf (Red / L)");
    // A product without variants is bought as itself, with no label.
    cart.add(&m, 2, "tote", QUANTITY_CAP + 10).unwrap();
    assert_eq!(cart.lines()[2].name(), "Canvas Tote");
    assert_eq!(cart.lines()[2].quantity, QUANTITY_CAP);
}

#[test]
fn add_refuses_with_a_typed_error() {
    let m = manifest(&doc());
    let mut cart = Cart::for_manifest(&m);
    let cases: &[(usize, &str, u32, CartError)] = &[
        (9, "vl-ruby", 1, CartError::UnknownProduct(9)),
        (
            0,
            "ss-red-l",
            1,
            CartError::UnknownVariant {
                product: "Velvet Matte Lipstick".into(),
                variant: "ss-red-l".into(),
            },
        ),
        (
            0,
            "vl-nude",
            1,
            CartError::Unavailable("Velvet Matte Lipstick (Nude)".into()),
        ),
        (0, "vl-ruby", 0, CartError::ZeroQuantity),
    ];
    for (product, variant, qty, err) in cases {
        assert_eq!(
            cart.add(&m, *product, variant, *qty).as_ref(),
            Err(err),
            "{variant}"
        );
    }
    assert!(cart.is_empty(), "a refused add leaves no line behind");
    assert_eq!(
        CartError::Unavailable("Velvet Matte Lipstick (Nude)".into()).to_string(),
        "Velvet Matte Lipstick (Nude) is sold out"
    );

    // A cart holding dollars takes no yen; an empty one adopts the currency.
    let mut jpy = doc();
    jpy["currency"] = json!("JPY");
    let mj = manifest(&jpy);
    cart.add(&m, 0, "vl-ruby", 1).unwrap();
    assert_eq!(
        cart.add(&mj, 0, "vl-ruby", 1),
        Err(CartError::CurrencyMismatch {
            cart: "USD".into(),
            manifest: "JPY".into()
        })
    );
    let mut empty = Cart::new("USD");
    empty.add(&mj, 0, "vl-ruby", 1).unwrap();
    assert_eq!(empty.currency(), "JPY");
}

#[test]
fn set_quantity_and_remove() {
    let m = manifest(&doc());
    let mut cart = Cart::for_manifest(&m);
    cart.add(&m, 0, "vl-ruby", 1).unwrap();
    cart.add(&m, 0, "vl-plum", 1).unwrap();
    assert_eq!(
        cart.set_quantity("velvet-lipstick", "vl-ruby", 7),
        Ok(Applied {
            quantity: 3,
            clamped: true,
            limit: 3
        })
    );
    assert_eq!(
        cart.set_quantity("velvet-lipstick", "vl-ruby", 2),
        Ok(Applied {
            quantity: 2,
            clamped: false,
            limit: 3
        })
    );
    assert_eq!(cart.count(), 3);
    assert_eq!(
        cart.set_quantity("silk-scarf", "vl-ruby", 1),
        Err(CartError::NoSuchLine)
    );
    // 0 removes the line.
    assert_eq!(
        cart.set_quantity("velvet-lipstick", "vl-plum", 0)
            .map(|a| a.quantity),
        Ok(0)
    );
    assert_eq!(cart.lines().len(), 1);
    assert!(cart.remove("velvet-lipstick", "vl-ruby"));
    assert!(!cart.remove("velvet-lipstick", "vl-ruby"));
    assert!(cart.is_empty());
    assert_eq!((cart.count(), cart.subtotal()), (0, Ok(0)));
}

#[test]
#[rustfmt::skip] // a table reads best one case per line
fn subtotals_in_each_currency_exponent() {
    // (currency, price of a ruby, price of a plum, shown subtotal of 3 rubies + 2 plums)
    let cases = [
        ("JPY", 1900, 2100, "9900"),
        ("USD", 1900, 2100, "99.00"),
        ("KWD", 1250, 3005, "9.760"),
        ("KWD", 1, 2, "0.007"),
        ("USD", 5, 0, "0.15"),
    ];
    for (code, ruby, plum, shown) in cases {
        let mut d = doc();
        d["currency"] = json!(code);
        d["products"][0]["variants"][0]["price"] = json!(ruby);
        d["products"][0]["variants"][1]["price"] = json!(plum);
        let m = manifest(&d);
        let mut cart = Cart::for_manifest(&m);
        cart.add(&m, 0, "vl-ruby", 3).unwrap();
        cart.add(&m, 0, "vl-plum", 2).unwrap();
        let subtotal = cart.subtotal().unwrap();
        assert_eq!(decimal_string(subtotal, cart.currency()), shown, "{code}");
    }
}

#[test]
fn overflow_is_an_error_not_a_wrap() {
    let mut d = doc();
    d["products"][2]["price"] = json!(i64::MAX / 2 + 1);
    let m = manifest(&d);
    let mut cart = Cart::for_manifest(&m);
    cart.add(&m, 2, "tote", 1).unwrap();
    assert_eq!(cart.subtotal(), Ok(i64::MAX / 2 + 1));
    // One line of two overflows the line total...
    cart.add(&m, 2, "tote", 1).unwrap();
    assert_eq!(cart.lines()[0].total(), None);
    assert!(cart.subtotal().is_err());
    // ...and two lines that each fit overflow the sum.
    cart.set_quantity("tote", "tote", 1).unwrap();
    d["products"][1]["variants"][0]["price"] = json!(i64::MAX / 2 + 1);
    let m = manifest(&d);
    cart.add(&m, 1, "ss-red-l", 1).unwrap();
    assert!(cart.lines().iter().all(|l| l.total().is_some()));
    assert_eq!(
        cart.subtotal().map_err(|e| e.to_string()),
        Err("the amount is too large to compute".into())
    );
}

#[test]
fn stored_cart_round_trips_and_refuses_unknown_schemas() {
    let m = manifest(&doc());
    let mut cart = Cart::for_manifest(&m);
    cart.add(&m, 0, "vl-ruby", 2).unwrap();
    cart.add(&m, 1, "ss-red-l", 1).unwrap();
    let text = serde_json::to_string(&cart.to_stored()).unwrap();
    let back: StoredCart = serde_json::from_str(&text).unwrap();
    assert_eq!(back.schema, CART_SCHEMA);
    assert_eq!(Cart::restore(back.clone(), &m), Ok((cart.clone(), vec![])));

    let mut future = back;
    future.schema = CART_SCHEMA + 1;
    let err = Cart::restore(future, &m).unwrap_err();
    assert_eq!(err, StoredCartError::UnknownSchema { found: 2 });
    assert_eq!(
        err.to_string(),
        "stored cart has schema 2, this widget reads schema 1; discarded"
    );
    // Garbage fails in the deserializer, which the caller treats the same.
    assert!(serde_json::from_str::<StoredCart>(r#"{"schema":1,"lines":"x"}"#).is_err());
}

#[test]
fn storage_key_names_schema_site_and_video() {
    assert_eq!(
        storage_key("https://shop.example", "spring-drop"),
        "shoppable:cart:v1:https%3A%2F%2Fshop.example:spring-drop"
    );
    assert!(storage_key("a", "b").starts_with(&format!("shoppable:cart:v{CART_SCHEMA}:")));
    // Separators inside the parts cannot make two pairs collide.
    assert_ne!(storage_key("a:b", "c"), storage_key("a", "b:c"));
}

#[test]
fn restore_reports_each_change_in_plain_words() {
    let m = manifest(&doc());
    let mut cart = Cart::for_manifest(&m);
    cart.add(&m, 0, "vl-ruby", 3).unwrap();
    cart.add(&m, 0, "vl-plum", 1).unwrap();
    cart.add(&m, 1, "ss-red-l", 1).unwrap();
    cart.add(&m, 2, "tote", 2).unwrap();
    let stored = cart.to_stored();

    // The brand edits the manifest between visits.
    let mut d = doc();
    d["products"][0]["variants"][0]["max_per_order"] = json!(2); // ruby: limit 3 -> 2
    d["products"][0]["variants"][0]["price"] = json!(2000); // ruby: 19.00 -> 20.00
    d["products"][0]["variants"][1]["available"] = json!(false); // plum sold out
    d["products"][1]["variants"][0]["id"] = json!("ss-red-xl"); // scarf variant gone
    let m2 = manifest(&d);
    let (restored, changes) = Cart::restore(stored.clone(), &m2).unwrap();

    let ruby = "Velvet Matte Lipstick (Ruby)".to_string();
    assert_eq!(
        changes,
        vec![
            CartChange::PriceChanged {
                name: ruby.clone(),
                from: 1900,
                to: 2000
            },
            CartChange::QuantityReduced {
                name: ruby,
                from: 3,
                to: 2
            },
            CartChange::Unavailable {
                name: "Velvet Matte Lipstick (Plum)".into()
            },
            CartChange::Vanished {
                name: "Silk Scarf (Red / L)".into()
            },
        ]
    );
    let words: Vec<String> = changes
        .iter()
        .map(|c| c.said(&usd).english(shoppable::model::words::en::SHOP))
        .collect();
    assert_eq!(
        words,
        [
            "The price of Velvet Matte Lipstick (Ruby) changed from $19.00 to $20.00.",
            "Velvet Matte Lipstick (Ruby) is limited to 2 per order, so your cart now has 2 instead of 3.",
            "Velvet Matte Lipstick (Plum) is no longer available and was removed from your cart.",
            "Silk Scarf (Red / L) is no longer sold here and was removed from your cart.",
        ]
    );
    let kept: Vec<(&str, u32, i64, u32)> = restored
        .lines()
        .iter()
        .map(|l| {
            (
                l.variant_id.as_str(),
                l.quantity,
                l.unit_price,
                l.max_quantity,
            )
        })
        .collect();
    assert_eq!(
        kept,
        [("vl-ruby", 2, 2000, 2), ("tote", 2, 2900, QUANTITY_CAP)]
    );

    // A whole product gone is the same as its variant gone.
    let mut d = doc();
    d["products"].as_array_mut().unwrap().remove(2);
    let (_, changes) = Cart::restore(stored.clone(), &manifest(&d)).unwrap();
    assert_eq!(
        changes,
        vec![CartChange::Vanished {
            name: "Canvas Tote".into()
        }]
    );

    // Another currency empties the cart, with one message.
    let mut d = doc();
    d["currency"] = json!("EUR");
    let (restored, changes) = Cart::restore(stored, &manifest(&d)).unwrap();
    assert!(restored.is_empty());
    assert_eq!(restored.currency(), "EUR");
    assert_eq!(
        changes
            .iter()
            .map(|c| c.said(&usd).english(shoppable::model::words::en::SHOP))
            .collect::<Vec<_>>(),
        ["Prices are now in EUR instead of USD, so your cart was emptied."]
    );
}

#[test]
fn restore_repairs_corruption_quietly() {
    let m = manifest(&doc());
    let mut cart = Cart::for_manifest(&m);
    cart.add(&m, 0, "vl-ruby", 2).unwrap();
    let mut stored = cart.to_stored();
    let mut twice = stored.lines[0].clone();
    twice.quantity = 2;
    let mut zero = stored.lines[0].clone();
    zero.variant_id = "vl-plum".into();
    zero.quantity = 0;
    stored.lines.push(twice);
    stored.lines.push(zero);
    let (restored, changes) = Cart::restore(stored, &m).unwrap();
    assert_eq!(changes, vec![]);
    assert_eq!(restored.lines().len(), 1);
    assert_eq!(
        restored.lines()[0].quantity,
        3,
        "merged, then held to the limit"
    );
}

#[derive(Debug, Clone)]
enum Op {
    Add(usize, usize, u32),
    Set(usize, usize, u32),
    Remove(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..3usize, 0..3usize, 0..6u32).prop_map(|(p, v, q)| Op::Add(p, v, q)),
        (0..3usize, 0..3usize, 0..6u32).prop_map(|(p, v, q)| Op::Set(p, v, q)),
        (0..3usize, 0..3usize).prop_map(|(p, v)| Op::Remove(p, v)),
    ]
}

proptest! {
    /// Whatever the viewer taps, every line stays within 1..=its limit, no
    /// variant has two lines, and count and subtotal are the plain sums.
    #[test]
    fn any_tap_sequence_keeps_the_invariants(ops in proptest::collection::vec(op(), 0..40)) {
        let m = manifest(&doc());
        let mut cart = Cart::for_manifest(&m);
        for op in ops {
            let ids = |p: usize, v: usize| {
                let prod = &m.products[p];
                (prod.id.clone(), prod.variants.get(v).map_or("none".into(), |x| x.id.clone()))
            };
            match op {
                Op::Add(p, v, q) => { let _ = cart.add(&m, p, &ids(p, v).1, q); }
                Op::Set(p, v, q) => { let (p, v) = ids(p, v); let _ = cart.set_quantity(&p, &v, q); }
                Op::Remove(p, v) => { let (p, v) = ids(p, v); cart.remove(&p, &v); }
            }
            let mut seen = Vec::new();
            for l in cart.lines() {
                let v = m.product(&l.product_id).unwrap().variant(&l.variant_id).unwrap();
                prop_assert!(l.quantity >= 1 && l.quantity <= quantity_limit(v));
                prop_assert!(v.available);
                prop_assert!(!seen.contains(&(&l.product_id, &l.variant_id)));
                seen.push((&l.product_id, &l.variant_id));
            }
            let count: u32 = cart.lines().iter().map(|l| l.quantity).sum();
            let sum: i64 = cart.lines().iter().map(|l| l.unit_price * i64::from(l.quantity)).sum();
            prop_assert_eq!(cart.count(), count);
            prop_assert_eq!(cart.subtotal(), Ok(sum));
            // Storing and restoring against the same manifest changes nothing.
            prop_assert_eq!(Cart::restore(cart.to_stored(), &m), Ok((cart.clone(), vec![])));
        }
    }
}
