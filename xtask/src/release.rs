//! Turning the built modules into a release (see README, "Versions and
//! caching"): each module's glue and wasm get content-hashed names in
//! `target/dist/shoppable/<version>/`, served immutable; the loader there has
//! those names and their SRI hashes written into it, so a loader only ever
//! pairs the glue and the wasm it was built with. `integrity.json` publishes
//! the loader's own SRI hash (for `<script integrity crossorigin>`) and the
//! map. The floating alias `target/dist/shoppable/v1/` holds the same loader
//! (short cache, no SRI) and the producer console's module, which its page
//! imports by a fixed name.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::util::{self, io_err, Error, Result};

/// The floating alias's directory name (its files have a short cache).
pub const ALIAS: &str = "v1";
/// Replaced files stay this long after a build, so that a loader fetched
/// from the alias just before a deploy (cached up to its `max-age`, 300 s,
/// see server/src/middleware.rs) still finds the names written into it.
pub const KEEP_OLD: Duration = Duration::from_secs(2 * 300);
/// The modules a loader imports, by their stem (the producer's is not one).
pub const LOADED: [&str; 5] = [
    "shoppable-core",
    "shoppable-players",
    "shoppable-iframes",
    "shoppable-shop",
    "shoppable-live",
];
/// Where the loader source keeps the build's values (www/shoppable.js).
const VERSION_MARK: &str = "'' /*version*/";
const FILES_MARK: &str = "{} /*files*/";

/// The widget's version: the root package's, from the root Cargo.toml.
pub fn version() -> Result<String> {
    let path = util::root().join("Cargo.toml");
    let text = fs::read_to_string(&path).map_err(|e| io_err("read", &path, e))?;
    text.lines()
        .find_map(|l| {
            let v = l.trim().strip_prefix("version")?.trim().strip_prefix('=')?;
            Some(v.trim().trim_matches('"').to_string())
        })
        .ok_or_else(|| {
            Error::new(
                format!("{}: no `version = \"…\"` line", path.display()),
                "give the root package a version",
            )
        })
}

/// `sha256-<base64>`, as `integrity` attributes want it, and the name's
/// content hash: its first 16 base64 characters, any but letters and digits
/// as `_` (what the loader derives from the SRI hash, so it carries one
/// string per file). SHA-256, not SHA-384: the loader carries two hashes per
/// module, and with a third viewer build sha384's longer (incompressible)
/// hashes put it over its 2 KB brotli budget; SHA-256 is one of SRI's own
/// algorithms and collision-resistant enough for content we publish.
pub fn digest(data: &[u8]) -> (String, String) {
    let sri = format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(data))
    );
    let token = name_token(&sri);
    (sri, token)
}

fn name_token(sri: &str) -> String {
    sri.chars()
        .skip("sha256-".len())
        .take(16)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// One module's files in a release.
pub struct Hashed {
    pub stem: &'static str,
    pub glue: String,
    pub glue_sri: String,
    pub wasm: String,
    pub wasm_sri: String,
}

/// Moves `<stem>.js` and `<stem>_bg.wasm` from `stage` into `dir` under
/// content-hashed names (`<stem>.<hash>.js`, `<stem>_bg.<hash>.wasm`).
pub fn hash_module(stage: &Path, dir: &Path, stem: &'static str) -> Result<Hashed> {
    let mut names = Vec::new();
    for (from, ext) in [
        (format!("{stem}.js"), "js"),
        (format!("{stem}_bg.wasm"), "wasm"),
    ] {
        let src = stage.join(&from);
        let data = fs::read(&src).map_err(|e| io_err("read", &src, e))?;
        let (sri, hex) = digest(&data);
        let base = from.trim_end_matches(&format!(".{ext}"));
        let name = format!("{base}.{hex}.{ext}");
        let dst = dir.join(&name);
        fs::write(&dst, &data).map_err(|e| io_err("write", &dst, e))?;
        names.push((name, sri));
    }
    let (wasm, wasm_sri) = names.pop().unwrap_or_default();
    let (glue, glue_sri) = names.pop().unwrap_or_default();
    Ok(Hashed {
        stem,
        glue,
        glue_sri,
        wasm,
        wasm_sri,
    })
}

/// The loader source with the version and every module's SRI hashes written
/// in (`{stem: [glue's, wasm's]}`; the names follow from them).
pub fn loader(source: &str, version: &str, modules: &[Hashed]) -> Result<String> {
    for mark in [VERSION_MARK, FILES_MARK] {
        if source.matches(mark).count() != 1 {
            return Err(Error::new(
                format!("www/shoppable.js must contain `{mark}` exactly once"),
                "the build writes the release's values there; restore the line that declares them",
            ));
        }
    }
    let files: Vec<String> = modules
        .iter()
        .map(|m| format!("'{}':['{}','{}']", m.stem, m.glue_sri, m.wasm_sri))
        .collect();
    Ok(source
        .replace(VERSION_MARK, &format!("'{version}'"))
        .replace(FILES_MARK, &format!("{{{}}}", files.join(","))))
}

/// `integrity.json`: the version, the loader's SRI hash and every module's
/// hashed names with theirs.
pub fn integrity_json(version: &str, loader_sri: &str, modules: &[Hashed]) -> String {
    let files: Vec<String> = modules
        .iter()
        .map(|m| {
            format!(
                "    \"{}\": {{ \"glue\": \"{}\", \"glue_integrity\": \"{}\", \"wasm\": \"{}\", \"wasm_integrity\": \"{}\" }}",
                m.stem, m.glue, m.glue_sri, m.wasm, m.wasm_sri
            )
        })
        .collect();
    format!(
        "{{\n  \"version\": \"{version}\",\n  \"loader\": \"/shoppable/{version}/shoppable.js\",\n  \"loader_integrity\": \"{loader_sri}\",\n  \"modules\": {{\n{}\n  }}\n}}\n",
        files.join(",\n")
    )
}

/// Removes from `dir` the files a build wrote before and this one did not
/// (`keep`, by name), with their `.br`/`.gz`, once the file is older than
/// [`KEEP_OLD`].
pub fn prune(dir: &Path, keep: &[String]) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| io_err("list", dir, e))?;
    let now = SystemTime::now();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let base = name.trim_end_matches(".br").trim_end_matches(".gz");
        if !path.is_file() || keep.iter().any(|k| k == base) {
            continue;
        }
        // The siblings go with their file, judged by the file's age.
        let judged = if dir.join(base).exists() {
            dir.join(base)
        } else {
            path.clone()
        };
        let age = fs::metadata(&judged)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .unwrap_or_default();
        if age > KEEP_OLD {
            fs::remove_file(&path).map_err(|e| io_err("remove", &path, e))?;
        }
    }
    Ok(())
}

/// The path of a module file in the release `dir` by its unhashed name
/// (`shoppable-core_bg.wasm` → `dir/shoppable-core_bg.<hash>.wasm`), from the
/// SRI hashes in the loader written there; other names are returned as they are.
pub fn hashed_path(dir: &Path, name: &str) -> Result<PathBuf> {
    let loader = dir.join("shoppable.js");
    // Minified, its strings are in either quote.
    let text = fs::read_to_string(&loader)
        .map_err(|e| io_err("read", &loader, e))?
        .replace('"', "'");
    let (base, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let (stem, which) = match base.strip_suffix("_bg") {
        Some(stem) => (stem, 1),
        None => (base, 0),
    };
    let sri = text
        .split_once(&format!("'{stem}':['"))
        .and_then(|(_, rest)| rest.split("','").nth(which))
        .map(|s| s.split('\'').next().unwrap_or(s));
    Ok(dir.join(match sri {
        Some(sri) => format!("{base}.{}.{ext}", name_token(sri)),
        None => name.to_string(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loader_gets_version_and_hashes() {
        let m = Hashed {
            stem: "shoppable-core",
            glue: "shoppable-core.a.js".into(),
            glue_sri: "sha256-a".into(),
            wasm: "shoppable-core_bg.b.wasm".into(),
            wasm_sri: "sha256-b".into(),
        };
        let out = loader("var V = '' /*version*/, F = {} /*files*/;", "1.2.3", &[m]).unwrap();
        assert_eq!(
            out,
            "var V = '1.2.3', F = {'shoppable-core':['sha256-a','sha256-b']};"
        );
        assert!(loader("var F = {};", "1", &[]).is_err());
    }

    #[test]
    fn digest_is_sri_sha256_and_names_its_start() {
        // `printf abc | openssl dgst -sha256 -binary | base64`
        let (sri, token) = digest(b"abc");
        assert_eq!(sri, "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        assert_eq!(token, "ungWv48Bz_pBQUDe");
        assert_eq!(name_token("sha256-ab/+cd"), "ab__cd");
    }

    #[test]
    fn hashed_path_follows_the_loader() {
        let dir = std::env::temp_dir().join(format!("xtask-release-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("shoppable.js"),
            "F = {'shoppable-core':['sha256-AAAA/BBBBccccDDDDee','sha256-zz+zYYYYxxxxWWWWvv'],\"shoppable-shop\":[\"sha256-q\",\"sha256-r\"]};",
        )
        .unwrap();
        let p = |n: &str| {
            hashed_path(&dir, n)
                .unwrap()
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        };
        assert_eq!(p("shoppable-core.js"), "shoppable-core.AAAA_BBBBccccDDD.js");
        assert_eq!(
            p("shoppable-core_bg.wasm"),
            "shoppable-core_bg.zz_zYYYYxxxxWWWW.wasm"
        );
        assert_eq!(p("shoppable-shop_bg.wasm"), "shoppable-shop_bg.r.wasm");
        assert_eq!(p("shoppable.js"), "shoppable.js");
        fs::remove_dir_all(&dir).unwrap();
    }
}
