//! `cargo xtask setup`: installs what the other commands need, skipping what is present,
//! so it is cheap to call at the start of every command.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::util::{self, note, on_path, probe, run, step, Error, Result};

/// One thing a command needs installed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Need {
    /// `rustup target add wasm32-unknown-unknown`.
    WasmTarget,
    /// wasm-bindgen-cli at exactly the version in Cargo.lock (also brings wasm-bindgen-test-runner).
    WasmBindgen,
    /// `wasm-opt` from Binaryen's npm build, pinned in xtask/tools (see [`wasm_opt`]).
    WasmOpt,
    /// Debian's chromium and chromium-driver at /usr/bin.
    Chromium,
    /// Playwright and axe in tests/e2e/node_modules.
    NpmDeps,
    /// Lighthouse (pinned) in tests/lighthouse/node_modules, for the bench's
    /// host-page figures (`lcp_delta_ms`, `tbt_delta_ms`).
    Lighthouse,
    /// Debian's ffmpeg (with libx264), for the HLS fixtures (`crate::fixtures`).
    Ffmpeg,
    /// Firefox ESR (Debian) and geckodriver (crates.io), for the Firefox runs.
    Firefox,
    /// WebKitGTK's WebKitWebDriver and MiniBrowser, Xvfb to give it a
    /// display, and GStreamer's plugins it plays media with (Debian).
    Webkit,
}

use Need::*;

/// What `cargo xtask build` and `demo` need.
pub const BUILD: &[Need] = &[WasmTarget, WasmBindgen, WasmOpt];
/// `cargo xtask setup`: everything, and what the player fixtures are made with.
pub const SETUP: &[Need] = &[
    WasmTarget,
    WasmBindgen,
    WasmOpt,
    Chromium,
    NpmDeps,
    Lighthouse,
    Ffmpeg,
    Firefox,
    Webkit,
];

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const SQLITE3: &str = "/usr/bin/sqlite3";
pub const FFMPEG: &str = "/usr/bin/ffmpeg";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
pub const WEBKIT_DRIVER: &str = "/usr/bin/WebKitWebDriver";
pub const XVFB_RUN: &str = "/usr/bin/xvfb-run";
/// One file of each GStreamer package WebKitGTK needs: the good plugins
/// (WebM, VP9 through libvpx) and libav (H.264 for hls.js's streams).
pub const GST_GOOD: &str = "/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstmatroska.so";
pub const GST_LIBAV: &str = "/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstlibav.so";

/// Makes sure everything in `needs` is installed.
pub fn ensure(needs: &[Need]) -> Result<()> {
    step("setup");
    if needs.contains(&WasmTarget) {
        wasm_target()?;
        rust_components()?;
    }
    if needs.contains(&WasmBindgen) {
        wasm_bindgen()?;
    }
    if needs.contains(&WasmOpt) {
        npm_ci("xtask/tools", "wasm-opt (binaryen) and terser (npm)")?;
    }
    apt(needs)?;
    if needs.contains(&Firefox) {
        geckodriver()?;
    }
    if needs.contains(&NpmDeps) {
        npm_ci("tests/e2e", "Playwright and axe (npm)")?;
    }
    if needs.contains(&Lighthouse) {
        npm_ci("tests/lighthouse", "Lighthouse (npm)")?;
    }
    Ok(())
}

/// The pinned terser in xtask/tools: it minifies the loader, whose every
/// byte the host page pays (a release's SRI hashes are written into it).
pub fn terser() -> std::path::PathBuf {
    util::root().join("xtask/tools/node_modules/.bin/terser")
}

/// The wasm-opt to run: `$WASM_OPT` if set, else the pinned one in xtask/tools.
///
/// Not Debian's: bookworm's binaryen 108 cannot parse `table.fill`, which wasm-bindgen
/// emits once it sees (in the `target_features` section) that bulk memory is enabled.
/// The npm build is also the same version on every machine, so sizes compare.
pub fn wasm_opt() -> std::path::PathBuf {
    match std::env::var_os("WASM_OPT") {
        Some(path) => path.into(),
        None => util::root().join("xtask/tools/node_modules/.bin/wasm-opt"),
    }
}

fn wasm_target() -> Result<()> {
    const TARGET: &str = "wasm32-unknown-unknown";
    let Some(installed) = probe(Command::new("rustup").args(["target", "list", "--installed"]))
    else {
        return Err(Error::new(
            "`rustup target list --installed` failed: rustup is missing or broken",
            "install Rust with rustup (https://rustup.rs); the wasm build needs `rustup target add wasm32-unknown-unknown`",
        ));
    };
    if installed.lines().any(|line| line.trim() == TARGET) {
        note(format!("ok: rust target {TARGET}"));
        return Ok(());
    }
    step("setup: rust target wasm32-unknown-unknown");
    run(
        Command::new("rustup").args(["target", "add", TARGET]),
        "check that rustup can reach static.rust-lang.org",
    )
}

/// rustfmt and clippy, which the native layer runs as checks.
fn rust_components() -> Result<()> {
    let have = |tool: &str| probe(util::cargo().args([tool, "--version"])).is_some();
    if have("fmt") && have("clippy") {
        note("ok: rustfmt and clippy");
        return Ok(());
    }
    step("setup: rustup components rustfmt and clippy");
    run(
        Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]),
        "check that rustup can reach static.rust-lang.org",
    )
}

/// The `wasm-bindgen` version pinned in Cargo.lock; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let path = util::root().join("Cargo.lock");
    let lock = fs::read_to_string(&path).map_err(|e| {
        Error::new(
            format!("could not read {}: {e}", path.display()),
            "run `cargo generate-lockfile`",
        )
    })?;
    // Cargo.lock is a list of `[[package]]` tables with `name = "..."` then `version = "..."`.
    let mut name_matches = false;
    for line in lock.lines() {
        let line = line.trim();
        if line == "[[package]]" {
            name_matches = false;
        } else if let Some(name) = line.strip_prefix("name = ") {
            name_matches = name.trim_matches('"') == "wasm-bindgen";
        } else if let Some(version) = line.strip_prefix("version = ") {
            if name_matches {
                return Ok(version.trim_matches('"').to_string());
            }
        }
    }
    Err(Error::new(
        "Cargo.lock has no `wasm-bindgen` package",
        "the widget depends on wasm-bindgen for wasm32; run `cargo generate-lockfile` and check Cargo.toml",
    ))
}

fn wasm_bindgen() -> Result<()> {
    let wanted = locked_wasm_bindgen_version()?;
    let version_of =
        |program: &str| probe(Command::new(program).arg("--version")).unwrap_or_default();
    let cli = version_of("wasm-bindgen");
    let runner = version_of("wasm-bindgen-test-runner");
    // Both print e.g. `wasm-bindgen 0.2.130`.
    let matches = |out: &str| out.split_whitespace().nth(1) == Some(wanted.as_str());
    if matches(&cli) && matches(&runner) {
        note(format!("ok: wasm-bindgen-cli {wanted}"));
        return Ok(());
    }
    step(&format!(
        "setup: wasm-bindgen-cli {wanted} (Cargo.lock's version; found {})",
        found(&cli)
    ));
    // Not `--locked`: the CLI's own lockfile does not build with current toolchains.
    run(
        util::cargo().args([
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={wanted}"),
        ]),
        "check that crates.io is reachable and read the compiler errors above",
    )?;
    if !matches(&version_of("wasm-bindgen")) {
        return Err(Error::new(
            format!("wasm-bindgen-cli {wanted} was installed but `wasm-bindgen --version` does not report it"),
            "put cargo's bin directory (~/.cargo/bin) first on PATH",
        ));
    }
    Ok(())
}

/// The geckodriver to run: on PATH, else cargo's bin directory.
pub fn geckodriver_path() -> std::path::PathBuf {
    if on_path("geckodriver") {
        return "geckodriver".into();
    }
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    home.join("bin/geckodriver")
}

/// geckodriver from crates.io (Debian has none), once.
fn geckodriver() -> Result<()> {
    let path = geckodriver_path();
    if probe(Command::new(&path).arg("--version")).is_some() {
        note(format!("ok: geckodriver ({})", path.display()));
        return Ok(());
    }
    step("setup: geckodriver (cargo install; a few minutes the first time)");
    run(
        util::cargo().args(["install", "geckodriver"]),
        "check that crates.io is reachable and read the compiler errors above",
    )
}

fn found(version_output: &str) -> String {
    match version_output.split_whitespace().nth(1) {
        Some(v) => v.to_string(),
        None => "none".to_string(),
    }
}

/// Installs the missing Debian packages in one `apt-get install`.
fn apt(needs: &[Need]) -> Result<()> {
    let mut wanted = Vec::new();
    if needs.contains(&Chromium) {
        wanted.extend([(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")]);
    }
    if needs.contains(&NpmDeps) {
        // The e2e tests read the orders the server wrote.
        wanted.push((SQLITE3, "sqlite3"));
    }
    if needs.contains(&Ffmpeg) {
        wanted.push((FFMPEG, "ffmpeg"));
    }
    if needs.contains(&Firefox) {
        wanted.push((FIREFOX, "firefox-esr"));
    }
    if needs.contains(&Webkit) {
        wanted.extend([
            (WEBKIT_DRIVER, "webkit2gtk-driver"),
            (XVFB_RUN, "xvfb"),
            (GST_GOOD, "gstreamer1.0-plugins-good"),
            (GST_LIBAV, "gstreamer1.0-libav"),
        ]);
    }
    let mut missing = Vec::new();
    for &(path, package) in &wanted {
        if Path::new(path).exists() {
            note(format!("ok: {path}"));
        } else {
            missing.push(package);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let packages = missing.join(" ");
    step(&format!("setup: apt packages {packages}"));
    let by_hand = format!(
        "as root, run `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y {packages}`, then rerun"
    );
    if !on_path("apt-get") {
        return Err(Error::new(
            "apt-get is not available (this set-up expects Debian or Ubuntu)",
            by_hand,
        ));
    }
    let is_root = probe(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    // As root, run apt-get directly; otherwise through sudo (`env` carries DEBIAN_FRONTEND past sudo).
    let apt_get = |args: &[&str]| {
        let mut cmd = if is_root {
            let mut apt_get = Command::new("apt-get");
            apt_get.env("DEBIAN_FRONTEND", "noninteractive");
            apt_get
        } else {
            let mut sudo = Command::new("sudo");
            sudo.args(["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
            sudo
        };
        cmd.args(args);
        cmd
    };
    if !is_root && !on_path("sudo") {
        return Err(Error::new(
            format!("installing {packages} needs root, and sudo is not available"),
            by_hand,
        ));
    }
    run(&mut apt_get(&["update"]), &by_hand)?;
    let mut install = apt_get(&["install", "-y"]);
    install.args(&missing);
    run(&mut install, &by_hand)?;
    if let Some(&(path, package)) = wanted.iter().find(|(path, _)| !Path::new(path).exists()) {
        return Err(Error::new(
            format!("apt-get installed {packages}, but {path} is still missing"),
            format!("check `dpkg -L {package}`"),
        ));
    }
    Ok(())
}

/// `npm ci` in `dir` (relative to the repo root) when node_modules is missing or
/// older than package-lock.json.
fn npm_ci(dir: &str, what: &str) -> Result<()> {
    npm_ci_in(&util::root(), dir, what)
}

/// [`npm_ci`] under another root (`crate::fixtures::prepare` takes its root).
pub fn npm_ci_in(root: &Path, dir: &str, what: &str) -> Result<()> {
    let path = root.join(dir);
    let lock = path.join("package-lock.json");
    let installed = path.join("node_modules/.package-lock.json");
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(lock_time) = modified(&lock) else {
        return Err(Error::new(
            format!("{dir}/package-lock.json is missing"),
            format!("restore it from git (`git checkout {dir}/package-lock.json`)"),
        ));
    };
    if modified(&installed).is_some_and(|t| t >= lock_time) {
        note(format!("ok: {what}"));
        return Ok(());
    }
    step(&format!("setup: {what}: npm ci in {dir}"));
    if !on_path("npm") || !on_path("node") {
        return Err(Error::new(
            "node or npm is not on PATH",
            "install Node.js 20 or newer with npm (https://nodejs.org), then rerun",
        ));
    }
    // Playwright drives Debian's /usr/bin/chromium: never download its own browsers.
    run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
            .current_dir(&path),
        &format!("check that the npm registry is reachable; if {dir}/node_modules is corrupt, delete it and rerun"),
    )
}
