//! Minifies the widget's stylesheets into `OUT_DIR` for `include_str!`:
//! their comments explain the CSS to us, but inside the wasm they would
//! count against the viewer's size budget. Comments go, runs of whitespace
//! become one space, and none is kept next to `{`, `}`, `;` or `,`; nothing
//! else changes (a space inside a selector, such as `a :hover`, is meaning).
//!
//! Also compiles English's message catalogue (`i18n/en.ftl`) into Rust
//! constants (`words_en.rs`, `model::words::en`), and tells the widget
//! which other catalogues this build ships (`words_tables.rs`): those
//! `cargo xtask build` wrote under the hash it passes in
//! `SHOPPABLE_WORDS` (none without it, e.g. `cargo test`).

use std::{env, fs, path::Path};

#[path = "i18n/compile.rs"]
mod words;

const SHEETS: [(&str, &str); 3] = [
    ("src/overlay/style.css", "overlay.css"),
    ("src/ui/style.css", "ui.css"),
    ("src/live/style.css", "live.css"),
];

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for (src, name) in SHEETS {
        println!("cargo:rerun-if-changed={src}");
        let css = fs::read_to_string(src).unwrap_or_else(|e| panic!("read {src}: {e}"));
        fs::write(Path::new(&out).join(name), minify(&css)).expect("write the minified CSS");
    }
    english(Path::new(&out));
}

/// English as Rust, and the fetched catalogues' hash and locales.
fn english(out: &Path) {
    println!("cargo:rerun-if-changed=i18n");
    println!("cargo:rerun-if-env-changed=SHOPPABLE_WORDS");
    let source = fs::read_to_string("i18n/en.ftl").expect("read i18n/en.ftl");
    let en = words::parse("i18n/en.ftl", "en", &source)
        .unwrap_or_else(|e| panic!("i18n/en.ftl:\n{}", e.join("\n")));
    fs::write(out.join("words_en.rs"), words::english_rust(&en)).expect("write words_en.rs");
    // "<hash>:<locale>,<locale>…" from `cargo xtask build`.
    let tables = env::var("SHOPPABLE_WORDS").unwrap_or_default();
    let (hash, locales) = tables.split_once(':').unwrap_or(("", ""));
    let locales: Vec<&str> = locales.split(',').filter(|l| !l.is_empty()).collect();
    fs::write(
        out.join("words_tables.rs"),
        format!(
            "/// The tables' content hash (in their names).\npub const HASH: &str = {hash:?};\n/// The locales with a table, English not among them.\npub const LOCALES: &[&str] = &{locales:?};\n"
        ),
    )
    .expect("write words_tables.rs");
}

fn minify(css: &str) -> String {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        text.push(' ');
        rest = match rest[start + 2..].find("*/") {
            Some(end) => &rest[start + 2 + end + 2..],
            None => "",
        };
    }
    text.push_str(rest);
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let glue = |c: char| matches!(c, '{' | '}' | ';' | ',');
        if !out.is_empty() && !out.ends_with(glue) && !word.starts_with(glue) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
