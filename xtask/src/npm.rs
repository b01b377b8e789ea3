//! The npm package (`npm/`, README "npm"): `cargo xtask build` copies this
//! release's widget files (the loader with its hashes written in, every
//! module's glue and wasm, the analytics adapters, `integrity.json`: the
//! whole set a loader may fetch) into `npm/dist/` (git-ignored), and keeps
//! the package's version the workspace's. The package's own files
//! (`index.js`, `index.d.ts`, `types/`) are checked in.

use std::fs;
use std::path::Path;

use crate::util::{self, io_err, note, step, Error, Result};

/// Replaces `npm/dist/` with `files` (names inside `dist`), and writes
/// `version` into `npm/package.json` when it says another.
pub fn write(dist: &Path, files: &[String], version: &str) -> Result<()> {
    step("build: npm package (npm/dist)");
    let npm = util::root().join("npm");
    let out = npm.join("dist");
    // Starts clean, so no file of an earlier build ships with this one.
    if out.exists() {
        fs::remove_dir_all(&out).map_err(|e| io_err("remove", &out, e))?;
    }
    fs::create_dir_all(&out).map_err(|e| io_err("create", &out, e))?;
    for name in files {
        let from = dist.join(name);
        fs::copy(&from, out.join(name)).map_err(|e| io_err("copy", &from, e))?;
    }
    sync_version(&npm.join("package.json"), version)?;
    note(format!("npm:    {} ({} files)", out.display(), files.len()));
    Ok(())
}

/// The JSON-LD helper (README, "SEO") and its module, from the release's
/// alias directory into `npm/dist/` under their own names (the package's
/// `./seo` export), after [`write`]. `npm/package.json`'s `"type": "module"`
/// is what lets Node import them from disk.
pub fn write_seo(alias: &Path) -> Result<()> {
    let out = util::root().join("npm/dist");
    for name in [
        crate::cmd_build::SEO,
        "shoppable-jsonld.js",
        "shoppable-jsonld_bg.wasm",
    ] {
        let from = alias.join(name);
        fs::copy(&from, out.join(name)).map_err(|e| io_err("copy", &from, e))?;
    }
    Ok(())
}

/// The package's `"version"` line set to `version`, the rest of the file as written.
fn sync_version(path: &Path, version: &str) -> Result<()> {
    let text = fs::read_to_string(path).map_err(|e| io_err("read", path, e))?;
    let (line, old) = text
        .lines()
        .find_map(|l| {
            let v = l.trim().strip_prefix("\"version\":")?.trim();
            Some((l, v.trim_end_matches(',').trim_matches('"')))
        })
        .ok_or_else(|| {
            Error::new(
                format!("{}: no \"version\" line", path.display()),
                "give npm/package.json a `\"version\": \"…\",` line",
            )
        })?;
    if old == version {
        return Ok(());
    }
    let new_line = line.replacen(old, version, 1);
    let text = text.replacen(line, &new_line, 1);
    fs::write(path, text).map_err(|e| io_err("write", path, e))?;
    note(format!(
        "npm/package.json: version {old} -> {version} (the workspace's); commit it"
    ));
    Ok(())
}
