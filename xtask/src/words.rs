//! The message catalogues (`i18n/<locale>.ftl`, Fluent) for `cargo xtask
//! build`: every locale is parsed and checked against English (a missing or
//! extra key, or different placeholders, fails the build naming the file and
//! the key), then each non-English locale is written as one small table per
//! module, `shoppable-words-<module>.<locale>.<hash>.js` (an ES module whose
//! default export is the JSON array), which the viewer imports with the
//! glue's own `import()` as it does the analytics file. English is compiled
//! into the wasm by build.rs from the same `i18n/compile.rs`.
//!
//! One hash names every table of a release: the wasm knows it and the list
//! of locales (`SHOPPABLE_WORDS`), not a name per table, which would cost
//! the budgeted viewer path about 24 bytes each.

#[path = "../../i18n/compile.rs"]
mod compile;

pub use compile::{Catalogue, MODULES};

use std::fs;
use std::path::Path;

use crate::release;
use crate::util::{self, io_err, Error, Result};

/// The variable that tells the widget's build the tables' hash and locales
/// (`<hash>:<locale>,…`; read by build.rs).
pub const ENV: &str = "SHOPPABLE_WORDS";

/// A built set of tables: the value for [`ENV`] and the files written.
pub struct Built {
    pub env: String,
    pub files: Vec<String>,
}

/// The table's file name.
pub fn table_name(module: &str, locale: &str, hash: &str) -> String {
    format!("shoppable-words-{module}.{locale}.{hash}.js")
}

/// Reads and checks every catalogue in `dir`: English first, then the
/// others sorted by locale. All problems are reported at once.
pub fn read_all(dir: &Path) -> std::result::Result<(Catalogue, Vec<Catalogue>), Vec<String>> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| vec![format!("{}: {e}", dir.display())])?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".ftl"))
        .collect();
    names.sort();
    let read = |name: &str| -> std::result::Result<Catalogue, Vec<String>> {
        let path = dir.join(name);
        let text =
            fs::read_to_string(&path).map_err(|e| vec![format!("{}: {e}", path.display())])?;
        let file = format!("i18n/{name}");
        compile::parse(&file, name.trim_end_matches(".ftl"), &text)
    };
    if !names.iter().any(|n| n == "en.ftl") {
        return Err(vec![
            "i18n/en.ftl: missing (English is the source of every key)".into(),
        ]);
    }
    let en = read("en.ftl")?;
    let mut problems = Vec::new();
    let mut others = Vec::new();
    for name in names.iter().filter(|n| *n != "en.ftl") {
        match read(name) {
            Ok(c) => {
                problems.extend(compile::check(&en, &c, &format!("i18n/{name}")));
                others.push(c);
            }
            Err(e) => problems.extend(e),
        }
    }
    if problems.is_empty() {
        Ok((en, others))
    } else {
        Err(problems)
    }
}

/// Each module's table per non-English locale, keyed by module and locale.
pub fn tables(en: &Catalogue, others: &[Catalogue]) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for c in others {
        for module in MODULES {
            if compile::in_module(en, module).next().is_none() {
                continue;
            }
            // The table and its one function: the key's text, a plural's
            // variant chosen by the locale's `Intl.PluralRules`, so the
            // modules' wasm carries no plural logic (embed/words.rs). A
            // string has no variants: `m?.[…]` and `m?.other` are undefined.
            let js = format!(
                "const r=new Intl.PluralRules({}),t={};export default(k,n)=>{{let m=t[k];return m?.[r.select(n)]??m?.other??m}}",
                compile::json_string(&c.locale),
                compile::table_json(en, c, module)
            );
            out.push((module.to_owned(), c.locale.clone(), js));
        }
    }
    out
}

/// Checks the catalogues and writes the tables into `dir`.
pub fn build(dir: &Path) -> Result<Built> {
    let (en, others) = read_all(&util::root().join("i18n")).map_err(|problems| {
        Error::new(
            format!("the message catalogues do not match English:\n  {}", problems.join("\n  ")),
            "fix the keys named above in i18n/*.ftl (every key of en.ftl, none else, with English's placeholders)",
        )
    })?;
    let tables = tables(&en, &others);
    let all: String = tables.iter().map(|(_, _, js)| js.as_str()).collect();
    let (_, hash) = release::digest(all.as_bytes());
    let mut files = Vec::new();
    for (module, locale, js) in &tables {
        let name = table_name(module, locale, &hash);
        let path = dir.join(&name);
        fs::write(&path, js).map_err(|e| io_err("write", &path, e))?;
        files.push(name);
    }
    let locales: Vec<&str> = others.iter().map(|c| c.locale.as_str()).collect();
    Ok(Built {
        env: format!("{hash}:{}", locales.join(",")),
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::compile::{check, parse, table_json};

    const EN: &str = "viewer-a = Shop\nviewer-n =\n    { $n ->\n        [one] { $n } item\n       *[other] { $n } items\n    }\nshop-b = Hi { $name }\n";

    fn en() -> super::Catalogue {
        parse("en.ftl", "en", EN).unwrap()
    }

    #[test]
    fn the_shipped_catalogues_match_english() {
        let (en, others) = super::read_all(&crate::util::root().join("i18n"))
            .unwrap_or_else(|p| panic!("{}", p.join("\n")));
        let mut locales: Vec<&str> = others.iter().map(|c| c.locale.as_str()).collect();
        locales.sort();
        assert_eq!(locales, ["ar", "de", "es", "fr", "ja", "vi", "zh-CN"]);
        assert!(en.messages.len() > 40);
    }

    #[test]
    fn a_missing_key_names_the_file_and_key() {
        let vi = parse("vi.ftl", "vi", "viewer-a = Mua\nviewer-n = { $n } món\n").unwrap();
        assert_eq!(
            check(&en(), &vi, "i18n/vi.ftl"),
            ["i18n/vi.ftl: shop-b: missing (it is in en.ftl)"]
        );
    }

    #[test]
    fn an_extra_key_and_a_wrong_placeholder_are_named() {
        let fr = parse(
            "fr.ftl",
            "fr",
            "viewer-a = Acheter\nviewer-n = { $count } articles\nshop-b = Salut { $name }\nshop-c = De trop\n",
        )
        .unwrap();
        assert_eq!(
            check(&en(), &fr, "i18n/fr.ftl"),
            [
                "i18n/fr.ftl: viewer-n: placeholders $count differ from English's $n",
                "i18n/fr.ftl: shop-c: not in en.ftl (extra key)",
            ]
        );
    }

    #[test]
    fn unsupported_syntax_is_refused_with_the_key() {
        let e = parse(
            "x.ftl",
            "x",
            "viewer-a =\n    { $n ->\n        [0] none\n       *[other] some\n    }\n",
        )
        .unwrap_err();
        assert!(e[0].starts_with("x.ftl: viewer-a: variant [0]"), "{e:?}");
        let e = parse("x.ftl", "x", "other-a = Hi\n").unwrap_err();
        assert!(e[0].contains("must start with the module"), "{e:?}");
        let e = parse("x.ftl", "x", "viewer-a = { NUMBER($n) }\n").unwrap_err();
        assert!(e[0].contains("only variables"), "{e:?}");
        let e = parse("x.ftl", "x", "viewer-a = {\n").unwrap_err();
        assert!(e[0].starts_with("x.ftl:2: Expected"), "{e:?}");
    }

    #[test]
    fn tables_keep_english_order_and_plural_categories() {
        let ar = parse(
            "ar.ftl",
            "ar",
            "shop-b = مرحبا { $name }\nviewer-n =\n    { $n ->\n        [zero] لا شيء\n        [two] اثنان\n       *[other] { $n } منتج\n    }\nviewer-a = تسوّق\n",
        )
        .unwrap();
        assert!(check(&en(), &ar, "ar.ftl").is_empty());
        assert_eq!(
            table_json(&en(), &ar, "viewer"),
            r#"["تسوّق",{"zero":"لا شيء","two":"اثنان","other":"{n} منتج"}]"#
        );
        assert_eq!(table_json(&en(), &ar, "shop"), r#"["مرحبا {name}"]"#);
    }
}
