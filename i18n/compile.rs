//! The message catalogues (`i18n/<locale>.ftl`, Fluent) compiled into the
//! widget's tables: read with Project Fluent's own parser (`fluent-syntax`),
//! checked against English, and written as plain data, so no
//! message-format runtime ships in the wasm.
//!
//! Shared by the widget's `build.rs` (English, compiled into the wasm as
//! Rust constants) and `cargo xtask build` (every locale checked, and the
//! others written as small tables the viewer fetches). One file, included
//! by both with `#[path]`, so both read the catalogues the same way.
//!
//! The subset of Fluent a message may use, which is all a plain table can
//! carry: text, variables (`{ $name }`), and one select on a variable whose
//! keys are CLDR plural categories (`zero one two few many other`), with
//! `*[other]` the default. A message's key starts with the module that
//! shows it (`viewer-`, `shop-`, `live-`): each module gets its own table.

#![allow(dead_code)] // each includer uses its own part

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The modules with a table of their own, in key-prefix order.
pub const MODULES: [&str; 3] = ["viewer", "shop", "live"];

/// The CLDR plural categories a variant may be keyed by.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One compiled message: its variants by plural category (a message without
/// a select is one `other` variant); placeholders written `{name}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub key: String,
    pub variants: Vec<(String, String)>,
    /// Whether the source had a plural select (written as an object).
    pub plural: bool,
    /// The variables the message uses, across its variants.
    pub vars: BTreeSet<String>,
}

/// A locale's catalogue, in source order.
#[derive(Debug, Clone, PartialEq)]
pub struct Catalogue {
    pub locale: String,
    pub messages: Vec<Message>,
}

/// Parses one `.ftl` file; `file` names it in every message.
pub fn parse(file: &str, locale: &str, source: &str) -> Result<Catalogue, Vec<String>> {
    use fluent_syntax::ast;
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((_, errors)) => {
            return Err(errors
                .iter()
                .map(|e| format!("{file}:{}: {e}", line_of(source, e.pos.start)))
                .collect())
        }
    };
    let mut problems = Vec::new();
    let mut messages = Vec::new();
    let mut seen = BTreeSet::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(m) => {
                let key = m.id.name.to_string();
                let at = format!("{file}: {key}");
                if !seen.insert(key.clone()) {
                    problems.push(format!("{at}: defined twice"));
                    continue;
                }
                if !MODULES.iter().any(|p| module_key(&key, p).is_some()) {
                    problems.push(format!(
                        "{at}: the key must start with the module that shows it (viewer-, shop- or live-)"
                    ));
                    continue;
                }
                if !m.attributes.is_empty() {
                    problems.push(format!(
                        "{at}: attributes are not supported; use a key of its own"
                    ));
                    continue;
                }
                let Some(value) = &m.value else {
                    problems.push(format!("{at}: has no value"));
                    continue;
                };
                match message(&key, value) {
                    Ok(msg) => messages.push(msg),
                    Err(e) => problems.push(format!("{at}: {e}")),
                }
            }
            ast::Entry::Term(t) => problems.push(format!(
                "{file}: -{}: terms are not supported; write the words into each message",
                t.id.name
            )),
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(Catalogue {
            locale: locale.to_owned(),
            messages,
        })
    } else {
        Err(problems)
    }
}

fn message(key: &str, value: &fluent_syntax::ast::Pattern<&str>) -> Result<Message, String> {
    use fluent_syntax::ast::{Expression, PatternElement, VariantKey};
    let mut vars = BTreeSet::new();
    // A message is either one pattern, or one select that is all of it.
    if let [PatternElement::Placeable {
        expression: Expression::Select { selector, variants },
    }] = value.elements.as_slice()
    {
        let var = variable(selector).ok_or("a select must be on a variable ({ $n -> … })")?;
        vars.insert(var.to_owned());
        let mut out = Vec::new();
        for v in variants {
            let name = match &v.key {
                VariantKey::Identifier { name } => *name,
                VariantKey::NumberLiteral { value } => {
                    return Err(format!(
                        "variant [{value}]: only plural categories ({}) are supported",
                        CATEGORIES.join(" ")
                    ))
                }
            };
            if !CATEGORIES.contains(&name) {
                return Err(format!(
                    "variant [{name}] is not a CLDR plural category ({})",
                    CATEGORIES.join(" ")
                ));
            }
            if v.default != (name == "other") {
                return Err("the default variant must be *[other]".into());
            }
            out.push((name.to_owned(), text(&v.value, &mut vars)?));
        }
        return Ok(Message {
            key: key.to_owned(),
            variants: out,
            plural: true,
            vars,
        });
    }
    let t = text(value, &mut vars)?;
    Ok(Message {
        key: key.to_owned(),
        variants: vec![("other".into(), t)],
        plural: false,
        vars,
    })
}

/// A pattern without selects: text, `{name}` for `{ $name }`, string literals as text.
fn text(
    p: &fluent_syntax::ast::Pattern<&str>,
    vars: &mut BTreeSet<String>,
) -> Result<String, String> {
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
    let mut out = String::new();
    for e in &p.elements {
        match e {
            PatternElement::TextElement { value } => out.push_str(value),
            PatternElement::Placeable {
                expression: Expression::Inline(InlineExpression::StringLiteral { value }),
            } => out.push_str(value),
            PatternElement::Placeable {
                expression: Expression::Inline(i),
            } => {
                let v = variable(i).ok_or(
                    "only variables ({ $name }) and string literals may be placed in a message",
                )?;
                vars.insert(v.to_owned());
                out.push('{');
                out.push_str(v);
                out.push('}');
            }
            PatternElement::Placeable { .. } => {
                return Err("a select must be the whole message".into())
            }
        }
    }
    Ok(out)
}

fn variable<'a>(e: &fluent_syntax::ast::InlineExpression<&'a str>) -> Option<&'a str> {
    match e {
        fluent_syntax::ast::InlineExpression::VariableReference { id } => Some(id.name),
        _ => None,
    }
}

fn line_of(source: &str, byte: usize) -> usize {
    source[..byte.min(source.len())].matches('\n').count() + 1
}

/// `viewer-cart` with prefix `viewer` → `Some("cart")`.
pub fn module_key<'a>(key: &'a str, module: &str) -> Option<&'a str> {
    key.strip_prefix(module)?.strip_prefix('-')
}

/// Checks `other` against English: the same keys (a missing or extra key
/// names the file and the key), the same placeholders, and an `other`
/// variant on every plural.
pub fn check(en: &Catalogue, other: &Catalogue, file: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let theirs: BTreeMap<&str, &Message> =
        other.messages.iter().map(|m| (m.key.as_str(), m)).collect();
    let ours: BTreeSet<&str> = en.messages.iter().map(|m| m.key.as_str()).collect();
    for m in &en.messages {
        let Some(t) = theirs.get(m.key.as_str()) else {
            problems.push(format!("{file}: {}: missing (it is in en.ftl)", m.key));
            continue;
        };
        if t.vars != m.vars {
            problems.push(format!(
                "{file}: {}: placeholders {} differ from English's {}",
                m.key,
                list(&t.vars),
                list(&m.vars)
            ));
        }
        if t.plural && !t.variants.iter().any(|(c, _)| c == "other") {
            problems.push(format!("{file}: {}: a plural needs *[other]", m.key));
        }
    }
    for t in &other.messages {
        if !ours.contains(t.key.as_str()) {
            problems.push(format!("{file}: {}: not in en.ftl (extra key)", t.key));
        }
    }
    problems
}

fn list(vars: &BTreeSet<String>) -> String {
    if vars.is_empty() {
        return "(none)".into();
    }
    vars.iter()
        .map(|v| format!("${v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table of `module` for `locale`, in English's key order (the order the
/// wasm's key constants index): a JSON array whose entries are strings, or
/// objects of plural variants by category.
pub fn table_json(en: &Catalogue, locale: &Catalogue, module: &str) -> String {
    let by_key: BTreeMap<&str, &Message> = locale
        .messages
        .iter()
        .map(|m| (m.key.as_str(), m))
        .collect();
    let mut out = String::from("[");
    for (i, m) in in_module(en, module).enumerate() {
        if i > 0 {
            out.push(',');
        }
        let t = by_key.get(m.key.as_str()).copied().unwrap_or(m);
        if t.plural {
            out.push('{');
            for (j, (c, s)) in t.variants.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}:{}", json_string(c), json_string(s));
            }
            out.push('}');
        } else {
            out.push_str(&json_string(&t.variants[0].1));
        }
    }
    out.push(']');
    out
}

/// English's messages of `module`, in source order.
pub fn in_module<'a>(en: &'a Catalogue, module: &'a str) -> impl Iterator<Item = &'a Message> {
    en.messages
        .iter()
        .filter(move |m| module_key(&m.key, module).is_some())
}

pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// English as Rust: per module, `pub mod <module> { pub const KEY: usize }`
/// (the index into the table) and `pub const <MODULE>: &[Msg]`, each
/// message its `(category, text)` variants.
pub fn english_rust(en: &Catalogue) -> String {
    let mut out = String::from("// Generated by build.rs from i18n/en.ftl (i18n/compile.rs).\n");
    for module in MODULES {
        let _ = writeln!(out, "#[allow(dead_code)]\npub mod {module} {{");
        for (i, m) in in_module(en, module).enumerate() {
            let name = module_key(&m.key, module)
                .unwrap_or_default()
                .replace('-', "_")
                .to_uppercase();
            let _ = writeln!(out, "    pub const {name}: usize = {i};");
        }
        out.push_str("}\n");
        let _ = write!(
            out,
            "#[allow(dead_code)]\npub const {}: &[&[(&str, &str)]] = &[",
            module.to_uppercase()
        );
        for m in in_module(en, module) {
            out.push_str("&[");
            for (c, s) in &m.variants {
                let _ = write!(out, "({c:?}, {s:?}),");
            }
            out.push_str("],");
        }
        out.push_str("];\n");
    }
    out
}
