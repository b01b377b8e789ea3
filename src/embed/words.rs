//! The words a module shows, in the viewer's language (README,
//! "Languages"): English is built in (`model::words::en`); another
//! locale's table is imported beside the glue
//! (`shoppable-words-<module>.<locale>.<hash>.js`, written by `cargo xtask
//! build` from `i18n/*.ftl`), and a key missing from it (an older table)
//! falls back to English. Plurals pick their variant in the table, with the browser's
//! `Intl.PluralRules`; there is no message-format runtime here, only
//! placeholders filled (`model::words::fill`).

use crate::model::words::{self, Msg, Said, ENGLISH};
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

mod tables {
    include!(concat!(env!("OUT_DIR"), "/words_tables.rs"));
}

/// The locales this build can fetch a table for (English not among them).
pub const LOCALES: &[&str] = tables::LOCALES;

#[wasm_bindgen]
extern "C" {
    /// The glue's own dynamic `import()` (as in `embed/analytics.rs`): a
    /// relative URL resolves against the glue, the release's directory.
    #[wasm_bindgen(js_name = "import")]
    fn import_module(url: &str) -> Promise;
}

/// Starts importing `module`'s table for `locale`; `None` for English (or
/// a build without tables). The Promise settles with the module's exports.
pub fn fetch(module: &str, locale: &str) -> Option<Promise> {
    // A module with no words of its own (yet) has no table.
    let has_words = match module {
        "viewer" => !words::en::VIEWER.is_empty(),
        "shop" => !words::en::SHOP.is_empty(),
        "live" => !words::en::LIVE.is_empty(),
        _ => false,
    };
    if locale == ENGLISH || !has_words || !LOCALES.contains(&locale) {
        return None;
    }
    let name = [
        "./shoppable-words-",
        module,
        ".",
        locale,
        ".",
        tables::HASH,
        ".js",
    ]
    .concat();
    Some(import_module(&name))
}

/// Waits for [`fetch`]'s table: the array, or `undefined` (English) when
/// it could not be had, with one warning naming the locale.
pub async fn table(p: Option<Promise>, locale: &str) -> JsValue {
    let Some(p) = p else {
        return JsValue::UNDEFINED;
    };
    match wasm_bindgen_futures::JsFuture::from(p).await {
        Ok(m) => Reflect::get(&m, &"default".into()).unwrap_or_default(),
        Err(e) => {
            web_sys::console::warn_2(
                &["shoppable: no \"", locale, "\" words; showing English:"]
                    .concat()
                    .into(),
                &e,
            );
            JsValue::UNDEFINED
        }
    }
}

/// One module's words in one language.
pub struct Words {
    locale: String,
    /// The fetched table (its default export: `(key, n) => text`), or `undefined` for English.
    table: JsValue,
    en: &'static [Msg],
    rtl: bool,
}

impl Words {
    pub fn new(locale: &str, table: JsValue, en: &'static [Msg]) -> Words {
        let locale = if table.is_undefined() {
            ENGLISH
        } else {
            locale
        };
        Words {
            locale: locale.to_owned(),
            rtl: words::is_rtl(locale),
            table,
            en,
        }
    }

    /// The language the words are in (`lang` on the widget's root).
    pub fn locale(&self) -> &str {
        &self.locale
    }

    /// Right-to-left (`dir` on the widget's root).
    pub fn rtl(&self) -> bool {
        self.rtl
    }

    /// The text of `key` (a plural's variant for `n`), placeholders unfilled.
    fn pick(&self, key: usize, n: Option<u32>) -> String {
        // The table is a function (xtask/src/words.rs): it picks a plural's
        // variant with the locale's `Intl.PluralRules`, so no plural logic
        // sits in the wasm. `undefined` (no table, or a key an older table
        // lacks) means English's, whose categories are `one` for 1 and
        // `other` for the rest (CLDR), our counts being whole numbers.
        let table: Option<&js_sys::Function> = self.table.dyn_ref();
        let n_js = n.map_or(JsValue::UNDEFINED, JsValue::from);
        table
            .and_then(|f| f.call2(&JsValue::NULL, &(key as u32).into(), &n_js).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| {
                // `model::words::english`, written out: calling it costs the
                // viewer path 116 B brotli (measured), for the same logic.
                let category = if n == Some(1) { "one" } else { "other" };
                words::variant(self.en.get(key).copied().unwrap_or_default(), category).to_owned()
            })
    }

    /// A message without placeholders.
    pub fn get(&self, key: usize) -> String {
        self.pick(key, None)
    }

    /// A message with its placeholders filled.
    pub fn with(&self, key: usize, args: &[(&str, &str)]) -> String {
        words::fill(&self.pick(key, None), args, self.rtl)
    }

    /// What the model said (`model::words::Said`), in these words.
    pub fn word(&self, said: &Said) -> String {
        said.render(&self.locale, &|key, n| self.pick(key, n), self.rtl)
    }

    /// A plural message for `n`, its `{n}` filled.
    pub fn count(&self, key: usize, n: u32) -> String {
        // `{n}` replaced by the browser's `String.replace`: the viewer
        // (whose only placeholder this is) needs no `fill` of its own.
        let text: js_sys::JsString = self.pick(key, Some(n)).into();
        text.replace("{n}", &n.to_string()).into()
    }
}

/// The UI language for a mount (`model::words::choose`): the `language`
/// option, else the manifest's `ui_language`, else the page's `<html lang>`,
/// else `navigator.language`; English when the first given has no
/// catalogue.
pub fn choose(option: Option<&str>, manifest: Option<&str>) -> &'static str {
    let w = web_sys::window();
    let page = w
        .as_ref()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("lang"));
    let browser = w.and_then(|w| w.navigator().language());
    let sources = words::Sources {
        option,
        manifest,
        page: page.as_deref(),
        browser: browser.as_deref(),
    };
    words::choose(&sources, LOCALES)
}
