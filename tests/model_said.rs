#![cfg(not(target_arch = "wasm32"))] // native model tests; the browser layer is tests/browser_*.rs
//! What the model tells a viewer (`model::words::Said`), worded from the
//! real catalogues (`i18n/*.ftl`, read by build.rs's own compiler): a
//! failed order, a store cart's answer and a field the server refused come
//! out in the viewer's language, and a server's English `detail` reaches
//! only a viewer who reads English.

#[path = "../i18n/compile.rs"]
mod compile;

use compile::Catalogue;
use shoppable::model::checkout::{failure_words, CheckoutProblem};
use shoppable::model::idempotency::Failure;
use shoppable::model::store_cart::by_count;
use shoppable::model::words::{en, variant, Said};

fn catalogue(locale: &str) -> Catalogue {
    let file = format!("{}/i18n/{locale}.ftl", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&file).unwrap();
    compile::parse(&file, locale, &source).unwrap_or_else(|e| panic!("{e:?}"))
}

/// The text of message `key` (its full name, `shop-…`) in `c`, for plural
/// category `category`.
fn text(c: &Catalogue, key: &str, category: &str) -> String {
    let m = c.messages.iter().find(|m| m.key == key).unwrap_or_else(|| {
        panic!("{}: no {key}", c.locale);
    });
    let v: Vec<(&str, &str)> = m
        .variants
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    variant(&v, category).to_owned()
}

/// `said` in `locale`, as the shop words it: its keys are indices into
/// English's shop messages, looked up in the locale's catalogue by name.
/// The plural category is `one` for 1 (true of every locale used here for
/// the counts used here).
fn say(said: &Said, locale: &str) -> String {
    let en = catalogue("en");
    let keys: Vec<String> = compile::in_module(&en, "shop")
        .map(|m| m.key.clone())
        .collect();
    assert_eq!(
        keys.len(),
        en::SHOP.len(),
        "the compiled English has every shop message"
    );
    let c = catalogue(locale);
    said.render(
        locale,
        &|k, n| text(&c, &keys[k], if n == Some(1) { "one" } else { "other" }),
        false,
    )
}

#[test]
fn a_failed_order_is_told_in_the_viewers_language() {
    let doc = CheckoutProblem::OutOfStock {
        path: "lines[0].variant_id".into(),
        name: "Velvet Matte Lipstick (Ruby)".into(),
    }
    .document();
    let said = failure_words(Failure::Rejected { status: 409 }, Some(&doc));
    // English: the server's detail, which names the item.
    assert_eq!(
        say(&said, "en"),
        "Velvet Matte Lipstick (Ruby) is sold out."
    );
    // Any other language: the catalogue's sentence, never the English detail.
    for locale in ["fr", "de", "zh-CN", "ar"] {
        let c = catalogue(locale);
        assert_eq!(
            say(&said, locale),
            text(&c, "shop-problem-sold-out", "other"),
            "{locale}"
        );
    }
    let offline = failure_words(Failure::Offline, None);
    assert_eq!(
        say(&offline, "ja"),
        text(&catalogue("ja"), "shop-failure-offline", "other")
    );
    assert_ne!(say(&offline, "ja"), say(&offline, "en"));
}

#[test]
fn a_refused_field_is_named_in_the_viewers_language_and_the_english_rule_only_in_english() {
    let doc = CheckoutProblem::InvalidField {
        path: "payer.name".into(),
        message: "at most 200 characters".into(),
    }
    .document();
    let said = failure_words(Failure::Rejected { status: 422 }, Some(&doc));
    assert_eq!(
        say(&said, "en"),
        "Your name was not accepted (at most 200 characters). Please correct it in the payment sheet and try again."
    );
    let fr = catalogue("fr");
    let want = text(&fr, "shop-field-refused", "other")
        .replace("{field}", &text(&fr, "shop-field-name", "other"));
    assert_eq!(say(&said, "fr"), want);
    assert!(!say(&said, "fr").contains("characters"));
}

#[test]
fn a_store_carts_answer_is_told_with_the_locales_plural() {
    let de = catalogue("de");
    // One of three went in: German's `one` variant, with the count.
    let one = by_count(0, 1, 3).words;
    assert_eq!(
        say(&one, "de"),
        text(&de, "shop-store-partial-count", "one").replace("{n}", "1")
    );
    assert_eq!(
        say(&by_count(0, 2, 3).words, "de"),
        text(&de, "shop-store-partial-count", "other").replace("{n}", "2")
    );
    assert_eq!(
        say(&by_count(0, 0, 1).words, "vi"),
        text(&catalogue("vi"), "shop-store-sold-out", "other")
    );
    assert_eq!(
        say(&by_count(0, 2, 2).words, "en"),
        "Added 2 to the store's cart."
    );
}
