//! `cargo xtask build`: the widget's shipping files in target/dist/shoppable/<version>
//! (loader, wasm-bindgen glue and optimised wasm under content-hashed names, each
//! with .br and .gz siblings; see `release.rs`), the floating alias
//! target/dist/shoppable/v1, and the release server that serves them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::release;
use crate::setup;
use crate::util::{self, file_size, io_err, note, run, step, Error, Result};
use crate::words;

/// The features the wasm may use: what rustc's default wasm32 CPU emits, all of them in
/// every browser we support. Named, not detected, so the optimiser never adds others.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-multivalue",
    "--enable-sign-ext",
];

/// The file names a viewer downloads before the first tag, inside [`dist_dir`]
/// (the shop module, `shoppable-shop*`, comes when a sheet first opens); the
/// glue and wasm by their unhashed names (see [`dist_file`]).
pub const LOADER: &str = "shoppable.js";
pub const GLUE: &str = "shoppable-core.js";
pub const WASM: &str = "shoppable-core_bg.wasm";
/// The analytics adapters (README, "Analytics"): plain JS the viewer imports
/// only for a mount whose `analytics` option or manifest field names one.
pub const ANALYTICS: &str = "shoppable-analytics.js";
/// The variable that tells the viewer's build the adapters' hashed file name
/// (`option_env!` in src/embed/analytics.rs; cargo rebuilds when it changes).
const ANALYTICS_ENV: &str = "SHOPPABLE_ANALYTICS_JS";

/// Where this version's release lives; the server serves it under
/// /shoppable/<version>/ (and its loader at /shoppable/v1/ too).
pub fn dist_dir() -> PathBuf {
    util::target_dir()
        .join("dist/shoppable")
        .join(release::version().unwrap_or_default())
}

/// A file of the release by its unhashed name (`shoppable-core_bg.wasm`).
pub fn dist_file(name: &str) -> Result<PathBuf> {
    release::hashed_path(&dist_dir(), name)
}

/// Arguments that point the server at our dist when `CARGO_TARGET_DIR` moved it
/// (the server's default is target/dist/shoppable, relative to the repo root).
pub fn server_widget_args() -> Vec<std::ffi::OsString> {
    let widget = util::target_dir().join("dist/shoppable");
    if widget == util::root().join("target/dist/shoppable") {
        Vec::new()
    } else {
        vec!["--widget".into(), widget.into()]
    }
}

/// The release server binary.
pub fn server_bin() -> PathBuf {
    util::target_dir().join("release/server")
}

/// The wasm modules (see ARCHITECTURE.md, "The modules"): the cargo
/// features each is built with, and its file stem in dist.
/// The viewer comes three times: `shoppable-core` drives a plain `<video>`
/// (what most pages have); `shoppable-players` adds the other player
/// adapters but the iframes; `shoppable-iframes` has the YouTube and Vimeo
/// `<iframe>` adapters. The loader imports the one a player needs; each is
/// a budgeted viewer path.
/// The producer console is a page's own module (www/live/producer.html
/// imports it); no viewer ever loads it. So is the studio
/// (www/studio/index.html), with its tracking worker's own small module.
/// The live card (`shoppable-live`) is loaded by the viewer for a manifest
/// with `live` or `pins` only.
/// The JSON-LD helper's module (`shoppable-jsonld`) is imported by
/// www/shoppable-seo.js ([`SEO`]), in a brand's page or in Node; never by a viewer.
pub const MODULES: [(&str, &str); 9] = [
    ("viewer", "shoppable-core"),
    ("viewer,players", "shoppable-players"),
    ("viewer,iframes", "shoppable-iframes"),
    ("shop", "shoppable-shop"),
    ("producer", "shoppable-producer"),
    ("live", "shoppable-live"),
    ("studio", "shoppable-studio"),
    ("track-worker", "shoppable-track"),
    ("seo", "shoppable-jsonld"),
];

/// Modules that pages import by a fixed name from the alias directory.
const PAGE_MODULES: [&str; 4] = [
    "shoppable-producer",
    "shoppable-studio",
    "shoppable-track",
    "shoppable-jsonld",
];

/// The JSON-LD helper's API (README, "SEO"): a plain ES module beside its
/// wasm in the alias directory, imported by its fixed name.
pub const SEO: &str = "shoppable-seo.js";

/// Builds everything; assumes `setup::ensure(setup::BUILD)` has run.
pub fn build() -> Result<()> {
    let version = release::version()?;
    let dist = dist_dir();
    let alias = util::target_dir()
        .join("dist/shoppable")
        .join(release::ALIAS);
    // Modules are built into a stage, then moved under their hashed names;
    // the alias starts clean so files from an earlier layout never ship.
    let stage = util::target_dir().join("dist/stage");
    for dir in [&stage, &alias] {
        if dir.exists() {
            fs::remove_dir_all(dir).map_err(|e| io_err("remove", dir, e))?;
        }
    }
    for dir in [&stage, &alias, &dist] {
        fs::create_dir_all(dir).map_err(|e| io_err("create", dir, e))?;
    }
    // First, so the viewer builds can name its content-hashed file.
    let analytics = build_analytics(&stage, &dist)?;
    // So are the message catalogues' tables (`words.rs`), whose hash and
    // locales every module is built with.
    step("build: message catalogues (i18n/*.ftl)");
    let words = words::build(&dist)?;
    for (feature, stem) in MODULES {
        build_module(&stage, feature, stem, &analytics, &words.env)?;
    }
    let mut hashed = Vec::new();
    for stem in release::LOADED {
        hashed.push(release::hash_module(&stage, &dist, stem)?);
    }
    // The producer console's and the studio's pages (and the studio's
    // worker) import their modules by fixed names; no viewer loads them.
    for stem in PAGE_MODULES {
        for name in [format!("{stem}.js"), format!("{stem}_bg.wasm")] {
            fs::rename(stage.join(&name), alias.join(&name))
                .map_err(|e| io_err("move", &stage.join(&name), e))?;
        }
    }
    build_seo(&alias)?;

    step("build: loader (www/shoppable.js)");
    let loader = util::root().join("www").join(LOADER);
    if !loader.exists() {
        return Err(Error::new(
            format!("the loader script {} is missing", loader.display()),
            "write www/shoppable.js (the small classic script that finds targets and imports shoppable-core.js), then rerun",
        ));
    }
    let source = fs::read_to_string(&loader).map_err(|e| io_err("read", &loader, e))?;
    let written = release::loader(&strip_comments(&source), &version, &hashed)?;
    let unminified = stage.join(LOADER);
    fs::write(&unminified, written).map_err(|e| io_err("write", &unminified, e))?;
    let minified = stage.join("shoppable.min.js");
    run(
        Command::new(setup::terser())
            .arg(&unminified)
            .args(["--compress", "passes=2", "--mangle", "-o"])
            .arg(&minified),
        "run `cargo xtask setup` (it installs terser into xtask/tools/node_modules)",
    )?;
    let built = fs::read_to_string(&minified).map_err(|e| io_err("read", &minified, e))?;
    let (loader_sri, _) = release::digest(built.as_bytes());
    let integrity = release::integrity_json(&version, &loader_sri, &hashed);
    for dir in [&dist, &alias] {
        replace(&dir.join(LOADER), built.as_bytes())?;
        replace(&dir.join("integrity.json"), integrity.as_bytes())?;
    }
    let mut keep: Vec<String> = vec![LOADER.into(), "integrity.json".into(), analytics];
    keep.extend(words.files);
    for h in &hashed {
        keep.push(h.glue.clone());
        keep.push(h.wasm.clone());
    }
    release::prune(&dist, &keep)?;
    // The npm package ships this release's files (npm/, README "npm").
    crate::npm::write(&dist, &keep, &version)?;
    crate::npm::write_seo(&alias)?;

    step("build: precompress (brotli 11, gzip 9)");
    let mut files: Vec<PathBuf> = keep.iter().map(|k| dist.join(k)).collect();
    files.extend(shipped_files(&alias)?);
    files.retain(|f| !f.ends_with("integrity.json"));
    for file in &files {
        precompress(file)?;
    }
    print_sizes(&files)?;

    step("build: server (cargo build --release -p server)");
    run(
        util::cargo().args(["build", "--release", "-p", "server"]),
        "fix the compile errors above in server/",
    )?;
    note(format!("dist:   {}", dist.display()));
    note(format!(
        "embed:  <script async src=\"/shoppable/{version}/shoppable.js\" integrity=\"{loader_sri}\" crossorigin=\"anonymous\"></script>"
    ));
    note(format!("server: {}", server_bin().display()));
    Ok(())
}

/// One wasm module: cargo with `feature` alone, wasm-bindgen glue for
/// `--target web` named `stem`, then wasm-opt.
fn build_module(
    dist: &Path,
    feature: &str,
    stem: &str,
    analytics: &str,
    words: &str,
) -> Result<()> {
    step(&format!(
        "build: {stem} wasm (cargo, profile wasm-release, feature {feature})"
    ));
    run(
        util::cargo().env(ANALYTICS_ENV, analytics).env(words::ENV, words).args([
            "build", "-p", "shoppable", "--lib", "--target", "wasm32-unknown-unknown", "--profile", "wasm-release",
            "--no-default-features", "--features", feature,
        ]),
        "fix the compile errors above (`cargo check -p shoppable --target wasm32-unknown-unknown --no-default-features --features viewer` (or shop) shows them faster)",
    )?;
    // Cargo writes every feature set's output to the same path; a copy under the
    // module's own name stays for size analysis (`twiggy top` needs the names
    // wasm-opt strips).
    let built = util::target_dir().join("wasm32-unknown-unknown/wasm-release/shoppable.wasm");
    if !built.exists() {
        return Err(Error::new(
            format!("cargo succeeded but {} does not exist", built.display()),
            "check that the root package `shoppable` has crate-type \"cdylib\" in [lib]",
        ));
    }
    let wasm_in =
        util::target_dir().join(format!("wasm32-unknown-unknown/wasm-release/{stem}.wasm"));
    fs::copy(&built, &wasm_in).map_err(|e| io_err("copy", &built, e))?;

    step(&format!(
        "build: wasm-bindgen {stem} (glue for --target web)"
    ));
    run(
        Command::new("wasm-bindgen")
            .arg(&wasm_in)
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(dist)
            .args(["--out-name", stem]),
        "run `cargo xtask setup` (wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock)",
    )?;

    step(&format!("build: wasm-opt -Oz --converge {stem}"));
    let wasm_out = dist.join(format!("{stem}_bg.wasm"));
    let optimised = dist.join(format!("{stem}_bg.opt.wasm"));
    // Without -g, wasm-opt also drops the `name` section (function names, often larger
    // than the code); the strip passes drop the remaining metadata sections.
    run(
        Command::new(setup::wasm_opt())
            // Run to a fixed point: ~210 B brotli off the viewer's wasm for
            // ~10 s of build per module.
            .args(["-Oz", "--converge"])
            .args(WASM_OPT_FEATURES)
            .args(["--strip-debug", "--strip-producers", "--strip-target-features"])
            .arg("-o")
            .arg(&optimised)
            .arg(&wasm_out),
        "run `cargo xtask setup` (it installs wasm-opt into xtask/tools/node_modules); if wasm-opt rejects a feature, add its --enable flag to WASM_OPT_FEATURES in xtask/src/cmd_build.rs",
    )?;
    fs::rename(&optimised, &wasm_out).map_err(|e| io_err("replace", &wasm_out, e))?;
    Ok(())
}

/// The analytics adapters, minified (an ES module: terser `--module`) into
/// `dir` under a content-hashed name, `shoppable-analytics.<hash>.js` (the
/// hash as the modules' names carry it, see `release::digest`); returns that
/// name. `import()` takes no `integrity`, so unlike the modules the browser
/// does not check it; the name changes with every change of its content, as
/// the immutable cache of `/shoppable/<version>/` needs.
fn build_analytics(stage: &Path, dir: &Path) -> Result<String> {
    step("build: analytics adapters (www/shoppable-analytics.js)");
    let source = util::root().join("www").join(ANALYTICS);
    let minified = stage.join(ANALYTICS);
    run(
        Command::new(setup::terser())
            .arg(&source)
            .args(["--module", "--compress", "passes=2", "--mangle", "-o"])
            .arg(&minified),
        "run `cargo xtask setup` (it installs terser into xtask/tools/node_modules)",
    )?;
    let data = fs::read(&minified).map_err(|e| io_err("read", &minified, e))?;
    let (_, hash) = release::digest(&data);
    let name = format!("shoppable-analytics.{hash}.js");
    replace(&dir.join(&name), &data)?;
    Ok(name)
}

/// The JSON-LD helper's API, minified (terser `--module`) into the alias
/// directory beside `shoppable-jsonld.js`, which it imports relatively; and
/// a `package.json` saying the directory's `.js` files are ES modules, which
/// Node (before 22's syntax detection) needs to import them from disk.
fn build_seo(alias: &Path) -> Result<()> {
    step("build: JSON-LD helper (www/shoppable-seo.js)");
    run(
        Command::new(setup::terser())
            .arg(util::root().join("www").join(SEO))
            .args(["--module", "--compress", "passes=2", "--mangle", "-o"])
            .arg(alias.join(SEO)),
        "run `cargo xtask setup` (it installs terser into xtask/tools/node_modules)",
    )?;
    replace(&alias.join("package.json"), b"{ \"type\": \"module\" }\n")
}

/// The .js, .wasm and .css files in `dir`, sorted by name.
pub fn shipped_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(dir).map_err(|e| io_err("list", dir, e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("js" | "wasm" | "css")
                )
        })
        .collect();
    files.sort();
    Ok(files)
}

/// `file` with `suffix` appended to its full name: `a.js` → `a.js.br`.
pub fn sibling(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes `data` to `path` as a new file (written beside it, then renamed
/// over it): never through the old file's inode, which a hard-linked copy of
/// the target directory (or a server reading it) may share, and never half
/// written.
fn replace(path: &Path, data: &[u8]) -> Result<()> {
    let tmp = sibling(path, ".tmp");
    fs::write(&tmp, data).map_err(|e| io_err("write", &tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| io_err("replace", path, e))
}

/// `data` compressed as the release's `.br` files are (quality 11, window 22;
/// the server compresses what it sends on the fly the same way).
pub fn brotli(data: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut br = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &data[..], &mut br, &params);
    br
}

/// Writes `file.br` (brotli quality 11, window 22) and `file.gz` (gzip level 9).
fn precompress(file: &Path) -> Result<()> {
    let data = fs::read(file).map_err(|e| io_err("read", file, e))?;
    let br = brotli(&data);
    let br_path = sibling(file, ".br");
    replace(&br_path, &br)?;

    // GzEncoder writes mtime 0, so the output is reproducible.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(9));
    gz.write_all(&data).map_err(|e| io_err("gzip", file, e))?;
    let gz = gz.finish().map_err(|e| io_err("gzip", file, e))?;
    let gz_path = sibling(file, ".gz");
    replace(&gz_path, &gz)?;
    Ok(())
}

fn print_sizes(files: &[PathBuf]) -> Result<()> {
    note(format!(
        "{:<44} {:>10} {:>10} {:>10}",
        "file", "raw", "brotli", "gzip"
    ));
    for file in files {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        note(format!(
            "{:<44} {:>10} {:>10} {:>10}",
            name,
            bytes(file_size(file)?),
            bytes(file_size(&sibling(file, ".br"))?),
            bytes(file_size(&sibling(file, ".gz"))?),
        ));
    }
    Ok(())
}

/// `12345` → `12,345 B`.
fn bytes(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out + " B"
}

/// What the loader costs the page is its every byte, so ship it without its
/// comments and indentation. Deliberately simple, and safe for how the loader
/// is written: block comments start a line, `//` comments are whole lines, no
/// template literal spans lines. Line breaks stay, so semicolon insertion is
/// unchanged.
pub fn strip_comments(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.lines() {
        let t = line.trim();
        let t = if in_block || t.starts_with("/*") {
            match t.find("*/") {
                Some(end) => {
                    in_block = false;
                    t[end + 2..].trim()
                }
                None => {
                    in_block = true;
                    continue;
                }
            }
        } else {
            t
        };
        if t.is_empty() || t.starts_with("//") {
            continue;
        }
        out.push_str(t);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_comments;

    #[test]
    fn strips_comment_lines_and_indentation_only() {
        let js = "/* a\n   b */\n(function () {\n  // why\n  var s = '/* not */ // kept';\n\n  /* c */ f();\n})();\n";
        assert_eq!(
            strip_comments(js),
            "(function () {\nvar s = '/* not */ // kept';\nf();\n})();\n"
        );
    }
}
