//! `cargo xtask test`: the three test layers (native, browser, e2e), each reported,
//! all run even when an earlier one fails.

use std::process::Command;

use crate::setup::{self, Need};
use crate::util::{self, note, step, Result};
use crate::{cmd_build, server};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layer {
    Native,
    Browser,
    E2e,
}

impl Layer {
    pub const ALL: [Layer; 3] = [Layer::Native, Layer::Browser, Layer::E2e];

    pub fn name(self) -> &'static str {
        match self {
            Layer::Native => "native",
            Layer::Browser => "browser",
            Layer::E2e => "e2e",
        }
    }

    pub fn parse(s: &str) -> Option<Layer> {
        Layer::ALL.into_iter().find(|l| l.name() == s)
    }
}

pub struct Options {
    /// The layers to run, in order (default: all three).
    pub layers: Vec<Layer>,
    /// Extra arguments for `playwright test` (everything after `--`).
    pub playwright_args: Vec<String>,
}

/// Returns whether every layer passed; errors only when set-up or the build fails.
pub fn test(opts: &Options) -> Result<bool> {
    // Install only what the chosen layers use (all of it by default).
    let mut needs = setup::BUILD.to_vec();
    if opts.layers.iter().any(|l| *l != Layer::Native) {
        needs.push(Need::Chromium);
    }
    // The server's live-stream tests run ffmpeg; the player pages need the
    // HLS streams and the e2e server's live show its source (ffmpeg too).
    if opts.layers.iter().any(|l| *l != Layer::Browser) {
        needs.push(Need::Ffmpeg);
    }
    if opts.layers.contains(&Layer::E2e) {
        needs.push(Need::NpmDeps);
    }
    setup::ensure(&needs)?;
    if opts.layers.contains(&Layer::E2e) {
        crate::fixtures::prepare(&crate::util::root())?;
    }
    cmd_build::build()?;

    let mut results = Vec::new();
    for &layer in &opts.layers {
        step(&format!("test layer: {}", layer.name()));
        let result = match layer {
            Layer::Native => native(),
            Layer::Browser => browser(),
            Layer::E2e => e2e(&opts.playwright_args),
        };
        if let Err(e) = &result {
            eprintln!("{e}");
        }
        results.push((layer, result.is_ok()));
    }

    step("test summary");
    for (layer, passed) in &results {
        note(format!(
            "{:<8} {}",
            layer.name(),
            if *passed { "passed" } else { "FAILED" }
        ));
    }
    // A plain closing line that CI and people read the same way.
    let passed = results.iter().filter(|(_, p)| *p).count();
    println!(
        "layers: {} passed, {} failed",
        passed,
        results.len() - passed
    );
    Ok(passed == results.len())
}

fn native() -> Result<()> {
    util::run(
        util::cargo().args(["test", "--workspace"]),
        "read the failing tests above; rerun with `cargo test --workspace`",
    )
}

/// wasm-bindgen-test in headless Chromium: every `tests/browser_*.rs` target. Only
/// those: the `model_*` tests are native (some use native-only entry points) and
/// would not all compile for wasm32. Run from the repo root: the runner reads
/// webdriver.json (the Chromium binary and flags) from its working directory.
fn browser() -> Result<()> {
    let targets = browser_test_targets()?;
    if targets.is_empty() {
        note("no tests/browser_*.rs yet: nothing to run");
        return Ok(());
    }
    let mut cmd = util::cargo();
    cmd.args([
        "test",
        "-p",
        "shoppable",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    for target in &targets {
        cmd.args(["--test", target]);
    }
    util::run(
        cmd.env("CHROMEDRIVER", setup::CHROMEDRIVER),
        "read the failing tests above; rerun them with the same command (add `NO_HEADLESS=1` to watch them in a window)",
    )
}

/// The names of the `tests/browser_*.rs` test targets, sorted.
fn browser_test_targets() -> Result<Vec<String>> {
    let dir = util::root().join("tests");
    let entries = std::fs::read_dir(&dir).map_err(|e| util::io_err("list", &dir, e))?;
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| Some(name.strip_suffix(".rs")?.to_string()))
        .filter(|name| name.starts_with("browser_"))
        .collect();
    names.sort();
    Ok(names)
}

fn e2e(playwright_args: &[String]) -> Result<()> {
    let log = util::target_dir().join("xtask/e2e-server.log");
    let server = server::start(&log, server::Live::OnAir)?;
    note(format!(
        "host page: {}   widget: {}",
        server.base_url, server.widget_origin
    ));
    // Results and the HTML report go under target/xtask (see playwright.config.ts), so a
    // concurrent `npx playwright test` in tests/e2e cannot delete our traces mid-run.
    let results = util::target_dir().join("xtask/e2e-results");
    let report = util::target_dir().join("xtask/e2e-report");
    let mut cmd = Command::new("npx");
    cmd.args(["playwright", "test"])
        .args(playwright_args)
        .current_dir(util::root().join("tests/e2e"))
        .env("E2E_OUTPUT_DIR", &results)
        .env("E2E_REPORT_DIR", &report);
    server.env(&mut cmd);
    // CI is inherited from our environment, so Playwright's CI settings follow it.
    let fix = format!(
        "read the failures above; traces and screenshots are in {}, \
         `npx playwright show-report {}` (in tests/e2e) opens the HTML report",
        results.display(),
        report.display()
    );
    let result = util::run(&mut cmd, &fix);
    if result.is_err() {
        eprintln!("{}", server::tail(&server.log, 20));
    }
    drop(server); // Kill the server now, not at the end of the summary.
    result
}
