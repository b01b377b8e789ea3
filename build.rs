//! Minifies the widget's stylesheets into `OUT_DIR` for `include_str!`:
//! their comments explain the CSS to us, but inside the wasm they would
//! count against the viewer's size budget. Comments go, runs of whitespace
//! become one space, and none is kept next to `{`, `}`, `;` or `,`; nothing
//! else changes (a space inside a selector, such as `a :hover`, is meaning).

use std::{env, fs, path::Path};

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
