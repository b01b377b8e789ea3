//! The UI language and the words in it, pure: which catalogue a viewer gets
//! (README, "Languages"), a message's variant for a CLDR plural category,
//! and its placeholders filled. The tables themselves are compiled from
//! `i18n/*.ftl` by `i18n/compile.rs`; English is built in (`EN`), the other
//! locales are fetched by the viewer beside the manifest.

/// English, compiled from `i18n/en.ftl` by build.rs: per module
/// (`viewer`, `shop`, `live`) the key constants (indices) and the messages,
/// each its `(plural category, text)` variants.
pub mod en {
    include!(concat!(env!("OUT_DIR"), "/words_en.rs"));
}

/// One message: its variants by CLDR plural category; a message without a
/// plural is one `other` variant.
pub type Msg = &'static [(&'static str, &'static str)];

/// The language English stands for, and the fallback for any other.
pub const ENGLISH: &str = "en";

/// Where the UI language may come from, in order of precedence: the first
/// that is given (not empty) decides, and one without a catalogue means
/// English.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Sources<'a> {
    /// The `language` attach option.
    pub option: Option<&'a str>,
    /// The manifest's `ui_language`.
    pub manifest: Option<&'a str>,
    /// The page's `<html lang>`.
    pub page: Option<&'a str>,
    /// `navigator.language`.
    pub browser: Option<&'a str>,
}

/// The locale to show, one of `available` (which lists the catalogues this
/// build can fetch, English not among them) or [`ENGLISH`].
///
/// Written over bytes, without splitting or lower-casing into new strings:
/// this runs in the viewer, whose every byte is on the budgeted path.
pub fn choose<'a>(s: &Sources<'_>, available: &[&'a str]) -> &'a str {
    for tag in [s.option, s.manifest, s.page, s.browser]
        .into_iter()
        .flatten()
    {
        if !tag.is_empty() {
            return best_match(tag, available).unwrap_or(ENGLISH);
        }
    }
    ENGLISH
}

/// The catalogue for a BCP 47 tag: the same tag (any case, `_` for `-`),
/// else the same language. Chinese is matched by script too: a Traditional
/// tag (`zh-Hant…`, `zh-TW`, `zh-HK`, `zh-MO`) only gets a Traditional
/// catalogue, any other `zh` tag (`zh-Hans…`, `zh-CN`, `zh-SG`, `zh`) a
/// Simplified one, since a reader of one script is not served by the other.
pub fn best_match<'a>(tag: &str, available: &[&'a str]) -> Option<&'a str> {
    let norm = |b: u8| {
        if b == b'_' {
            b'-'
        } else {
            b.to_ascii_lowercase()
        }
    };
    let lang = primary(tag);
    let zh = lang.eq_ignore_ascii_case("zh");
    let mut same_language = None;
    for &a in available {
        if a.len() == tag.len() && a.bytes().zip(tag.bytes()).all(|(x, y)| norm(x) == norm(y)) {
            return Some(a);
        }
        if same_language.is_none()
            && primary(a).eq_ignore_ascii_case(lang)
            && (!zh || traditional(a) == traditional(tag))
        {
            same_language = Some(a);
        }
    }
    same_language
}

/// The primary language subtag: up to the first `-` or `_`.
fn primary(tag: &str) -> &str {
    let end = tag
        .bytes()
        .position(|b| b == b'-' || b == b'_')
        .unwrap_or(tag.len());
    &tag[..end]
}

/// A Chinese tag in Traditional script: a `Hant` script, or with no
/// script given, a region that writes it (Taiwan, Hong Kong, Macao).
fn traditional(tag: &str) -> bool {
    let mut region = false;
    let mut rest = tag;
    while !rest.is_empty() {
        let sub = primary(rest);
        let is = |t: &str| sub.eq_ignore_ascii_case(t);
        if is("hans") || is("hant") {
            return is("hant");
        }
        region |= is("tw") || is("hk") || is("mo");
        rest = rest.get(sub.len() + 1..).unwrap_or_default();
    }
    region
}

/// Right-to-left scripts among the languages a catalogue may be in.
pub fn is_rtl(locale: &str) -> bool {
    let lang = primary(locale);
    ["ar", "he", "fa", "ur"]
        .iter()
        .any(|l| lang.eq_ignore_ascii_case(l))
}

/// The variant for plural `category`, else `other`, else the first.
pub fn variant<'a>(variants: &[(&'a str, &'a str)], category: &str) -> &'a str {
    variants
        .iter()
        .find(|(c, _)| *c == category)
        .or_else(|| variants.iter().find(|(c, _)| *c == "other"))
        .or(variants.first())
        .map(|(_, t)| *t)
        .unwrap_or_default()
}

/// `text` with each `{name}` replaced by its value. With `isolate` (a
/// right-to-left UI), each value is wrapped in FIRST STRONG ISOLATE … POP
/// DIRECTIONAL ISOLATE, as Fluent's own runtime does, so a Latin product
/// name or a price keeps its order inside Arabic text.
pub fn fill(text: &str, args: &[(&str, &str)], isolate: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    // By bytes: `{` and `}` are ASCII, so every slice stays on a char boundary.
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        let after = &rest[open + 1..];
        let value = after.bytes().position(|b| b == b'}').and_then(|close| {
            let name = &after[..close];
            let (_, v) = args.iter().find(|(k, _)| *k == name)?;
            Some((v, close))
        });
        let Some((v, close)) = value else {
            // Not a placeholder we fill: kept as written.
            out.push_str(&rest[..=open]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..open]);
        if isolate {
            out.push('\u{2068}');
        }
        out.push_str(v);
        if isolate {
            out.push('\u{2069}');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Words for the viewer, not yet in a language: a message of a module's
/// catalogue (its key in `en::<module>`, a plural's count, its
/// arguments), or a text shown as written: a store's or a server's own
/// sentence, already in its own language. The model says what to tell;
/// the view words it in the viewer's language (`embed::words::Words::word`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    Msg {
        key: usize,
        /// The plural count, also filled in for `{n}`.
        n: Option<u32>,
        args: Vec<(&'static str, Said)>,
    },
    Text(String),
    /// `said` to a viewer whose UI language is `lang` (English: a server's
    /// `detail`, which names the item, is better than any general
    /// sentence), `otherwise` to the rest, rather than a sentence in a
    /// language they did not choose.
    OnlyIn {
        lang: &'static str,
        said: Box<Said>,
        otherwise: Box<Said>,
    },
}

impl Said {
    /// A message without placeholders.
    pub fn key(key: usize) -> Said {
        Said::Msg {
            key,
            n: None,
            args: Vec::new(),
        }
    }

    /// A plural message for `n`.
    pub fn count(key: usize, n: u32) -> Said {
        Said::Msg {
            key,
            n: Some(n),
            args: Vec::new(),
        }
    }

    /// This message with `{name}` filled by `value` (itself worded in the
    /// same language when it is a message).
    pub fn with(mut self, name: &'static str, value: Said) -> Said {
        if let Said::Msg { args, .. } = &mut self {
            args.push((name, value));
        }
        self
    }

    /// `said` for readers of `lang`, `otherwise` for the rest.
    pub fn only_in(lang: &'static str, said: Said, otherwise: Said) -> Said {
        Said::OnlyIn {
            lang,
            said: Box::new(said),
            otherwise: Box::new(otherwise),
        }
    }

    /// In `locale`, whose words `pick` gives for a key and a plural count,
    /// placeholders filled (`isolate`: see [`fill`]).
    pub fn render(
        &self,
        locale: &str,
        pick: &dyn Fn(usize, Option<u32>) -> String,
        isolate: bool,
    ) -> String {
        let (key, n, args) = match self {
            Said::Msg { key, n, args } => (key, n, args),
            Said::Text(t) => return t.clone(),
            Said::OnlyIn {
                lang,
                said,
                otherwise,
            } => {
                let same = primary(locale).eq_ignore_ascii_case(primary(lang));
                let s = if same { said } else { otherwise };
                return s.render(locale, pick, isolate);
            }
        };
        let mut values: Vec<(&str, String)> = args
            .iter()
            .map(|(name, v)| (*name, v.render(locale, pick, isolate)))
            .collect();
        if let Some(n) = n {
            values.push(("n", n.to_string()));
        }
        let args: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(&pick(*key, *n), &args, isolate)
    }

    /// In English, from a module's built-in messages (`en::SHOP`, …).
    pub fn english(&self, en: &[Msg]) -> String {
        self.render(ENGLISH, &|key, n| english(en, key, n).to_owned(), false)
    }
}

/// English's text of `key` for plural count `n`: CLDR's `one` for 1 and
/// `other` for the rest, our counts being whole numbers.
pub fn english(en: &[Msg], key: usize, n: Option<u32>) -> &'static str {
    let category = if n == Some(1) { "one" } else { "other" };
    variant(en.get(key).copied().unwrap_or_default(), category)
}
