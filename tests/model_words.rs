//! The UI language and the words (model::words): which catalogue a viewer
//! gets, plural variants, placeholders; and the manifest's `ui_language`.

use shoppable::model::manifest::parse_str;
use shoppable::model::words::{best_match, choose, en, fill, is_rtl, variant, Sources, ENGLISH};

const AVAILABLE: &[&str] = &["ar", "de", "es", "fr", "ja", "vi", "zh-CN"];

#[test]
fn best_match_by_tag_then_language_and_chinese_by_script() {
    let cases: &[(&str, Option<&str>)] = &[
        ("zh-CN", Some("zh-CN")),
        ("zh-cn", Some("zh-CN")),
        ("zh_CN", Some("zh-CN")),
        ("zh-Hans", Some("zh-CN")),
        ("zh-Hans-SG", Some("zh-CN")),
        ("zh-SG", Some("zh-CN")),
        ("zh", Some("zh-CN")),
        ("zh-TW", None),
        ("zh-Hant", None),
        ("zh-Hant-HK", None),
        ("zh-HK", None),
        ("es-MX", Some("es")),
        ("fr-CA", Some("fr")),
        ("de-AT", Some("de")),
        ("ja-JP", Some("ja")),
        ("vi-VN", Some("vi")),
        ("ar-EG", Some("ar")),
        ("pt-BR", None),
        ("en-US", None),
        ("", None),
    ];
    for (tag, want) in cases {
        assert_eq!(best_match(tag, AVAILABLE), *want, "{tag}");
    }
}

#[test]
fn the_first_source_given_decides_and_unknown_means_english() {
    let all = Sources {
        option: Some("es-MX"),
        manifest: Some("zh-Hans"),
        page: Some("de"),
        browser: Some("vi-VN"),
    };
    assert_eq!(choose(&all, AVAILABLE), "es");
    let no_option = Sources {
        option: None,
        ..all.clone()
    };
    assert_eq!(choose(&no_option, AVAILABLE), "zh-CN");
    let page = Sources {
        manifest: None,
        ..no_option.clone()
    };
    assert_eq!(choose(&page, AVAILABLE), "de");
    let browser = Sources {
        page: None,
        ..page.clone()
    };
    assert_eq!(choose(&browser, AVAILABLE), "vi");
    // An English page is English, whatever the browser says.
    let english_page = Sources {
        page: Some("en-GB"),
        ..page.clone()
    };
    assert_eq!(choose(&english_page, AVAILABLE), ENGLISH);
    // An unknown option is English, not the next source.
    let unknown = Sources {
        option: Some("tlh"),
        ..all.clone()
    };
    assert_eq!(choose(&unknown, AVAILABLE), ENGLISH);
    // An empty one (`<html lang="">`) counts as not given.
    let empty = Sources {
        option: Some(""),
        ..all.clone()
    };
    assert_eq!(choose(&empty, AVAILABLE), "zh-CN");
    // Nothing at all, or a build without tables: English.
    assert_eq!(choose(&Sources::default(), AVAILABLE), ENGLISH);
    assert_eq!(choose(&all, &[]), ENGLISH);
    // A Traditional tag gets a Traditional catalogue when there is one.
    assert_eq!(best_match("zh-HK", &["zh-CN", "zh-TW"]), Some("zh-TW"));
    assert_eq!(best_match("zh-Hans-HK", &["zh-CN", "zh-TW"]), Some("zh-CN"));
}

#[test]
fn variants_by_plural_category_fall_back_to_other() {
    let v: &[(&str, &str)] = &[("one", "{n} item"), ("other", "{n} items")];
    assert_eq!(variant(v, "one"), "{n} item");
    assert_eq!(variant(v, "few"), "{n} items");
    assert_eq!(variant(&[("one", "x")], "two"), "x");
    assert_eq!(variant(&[], "one"), "");
}

#[test]
fn fill_replaces_placeholders_and_isolates_them_right_to_left() {
    assert_eq!(
        fill(
            "Remove {name} ({n})",
            &[("name", "Velvet"), ("n", "2")],
            false
        ),
        "Remove Velvet (2)"
    );
    assert_eq!(
        fill("إزالة {name}", &[("name", "Velvet")], true),
        "إزالة \u{2068}Velvet\u{2069}"
    );
    // An unknown placeholder stays as written; an unclosed brace too.
    assert_eq!(fill("{x} and {", &[], false), "{x} and {");
    assert!(is_rtl("ar") && is_rtl("ar-EG") && !is_rtl("fr") && !is_rtl("en"));
}

#[test]
fn english_is_compiled_from_the_catalogue() {
    assert_eq!(
        variant(en::VIEWER[en::viewer::SHOP], "other"),
        "Shop this video"
    );
    assert_eq!(
        variant(en::VIEWER[en::viewer::CART_ITEMS], "one"),
        "Cart {n} item"
    );
    assert_eq!(
        variant(en::VIEWER[en::viewer::CART_ITEMS], "other"),
        "Cart {n} items"
    );
    assert_eq!(variant(en::SHOP[en::shop::ADD], "other"), "Add to cart");
}

fn manifest(extra: &str) -> String {
    format!(
        r#"{{"version":1,"video":{{"id":"v"}},"currency":"USD"{extra},
        "products":[{{"id":"p","title":"P","price":100}}]}}"#
    )
}

#[test]
fn ui_language_is_read_and_a_bad_one_is_warned_by_its_path() {
    let ok = parse_str(&manifest(r#","locale":"en-US","ui_language":"zh-Hans""#)).unwrap();
    assert_eq!(ok.manifest.ui_language.as_deref(), Some("zh-Hans"));
    assert_eq!(ok.manifest.locale.as_deref(), Some("en-US"));
    let bad = parse_str(&manifest(r#","ui_language":"not a tag!""#)).unwrap();
    assert_eq!(bad.manifest.ui_language, None);
    let w: Vec<String> = bad.warnings.iter().map(|w| w.to_string()).collect();
    assert!(w.iter().any(|w| w.starts_with("ui_language: ")), "{w:?}");
    let wrong_type = parse_str(&manifest(r#","ui_language":7"#)).unwrap_err();
    assert!(
        wrong_type.to_string().contains("ui_language"),
        "{wrong_type}"
    );
}
