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
    /// The shopper's flows in Chromium, Firefox and WebKit (tests/engines).
    Engines,
}

impl Layer {
    pub const ALL: [Layer; 4] = [Layer::Native, Layer::Browser, Layer::E2e, Layer::Engines];

    pub fn name(self) -> &'static str {
        match self {
            Layer::Native => "native",
            Layer::Browser => "browser",
            Layer::E2e => "e2e",
            Layer::Engines => "engines",
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
    if opts.layers.contains(&Layer::Browser) || opts.layers.contains(&Layer::Engines) {
        needs.push(Need::Firefox);
    }
    if opts.layers.contains(&Layer::Engines) {
        needs.push(Need::Webkit);
    }
    // The server's live-stream tests run ffmpeg; the player pages need the
    // HLS streams and the e2e server's live show its source (ffmpeg too).
    if opts.layers.iter().any(|l| *l != Layer::Browser) {
        needs.push(Need::Ffmpeg);
    }
    let fixtures = opts.layers.contains(&Layer::E2e) || opts.layers.contains(&Layer::Engines);
    if fixtures {
        needs.push(Need::NpmDeps);
    }
    setup::ensure(&needs)?;
    crate::util::disk_note();
    if fixtures {
        crate::fixtures::prepare(&crate::util::root())?;
    }
    cmd_build::build()?;

    step("test: size budgets");
    let sizes_ok = crate::cmd_bench::check_size_budgets()
        .inspect_err(|e| eprintln!("{e}"))
        .is_ok();

    let mut results = Vec::new();
    for &layer in &opts.layers {
        step(&format!("test layer: {}", layer.name()));
        crate::util::disk_note();
        let result = match layer {
            Layer::Native => native(),
            Layer::Browser => browser(),
            Layer::E2e => e2e(&opts.playwright_args),
            Layer::Engines => engines(),
        };
        if let Err(e) = &result {
            eprintln!("{e}");
        }
        results.push((layer, result.is_ok()));
    }

    step("test summary");
    note(format!(
        "{:<8} {}",
        "sizes",
        if sizes_ok {
            "within budget"
        } else {
            "OVER BUDGET"
        }
    ));
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
    Ok(sizes_ok && passed == results.len())
}

/// rustfmt's check and clippy (warnings are errors) over the native
/// workspace, then its tests.
fn native() -> Result<()> {
    util::run(
        util::cargo().args(["fmt", "--all", "--check"]),
        "run `cargo fmt --all` and commit the result",
    )?;
    util::run(
        util::cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        "fix the clippy findings above (`cargo clippy --workspace --all-targets`)",
    )?;
    // The widget as it ships: the wasm32 build of each module's feature set
    // (code behind `cfg(target_arch = "wasm32")` is not seen natively), and
    // all of them together, as the browser tests build it.
    let features = cmd_build::MODULES
        .iter()
        .map(|&(features, _)| features)
        .chain(["viewer,players,iframes,shop,live,producer"]);
    for features in features {
        util::run(
            util::cargo().args([
                "clippy",
                "-p",
                "shoppable",
                "--lib",
                "--target",
                "wasm32-unknown-unknown",
                "--no-default-features",
                "--features",
                features,
                "--",
                "-D",
                "warnings",
            ]),
            &format!("fix the clippy findings above (`cargo clippy -p shoppable --lib --target wasm32-unknown-unknown --no-default-features --features {features}`)"),
        )?;
    }
    util::run(
        util::cargo().args(["test", "--workspace"]),
        "read the failing tests above; rerun with `cargo test --workspace`",
    )
}

/// wasm-bindgen-test in headless Chromium, then in headless Firefox: every
/// `tests/browser_*.rs` target. Only those: the `model_*` tests are native
/// (some use native-only entry points) and would not all compile for wasm32.
/// Run from the repo root: the runner reads webdriver.json (Chromium's binary
/// and flags) from its working directory; Firefox's come from
/// webdriver-firefox.json, with only GECKODRIVER set for that run.
/// The studio's test tracks in the real worker, which the test runner does
/// not serve: the reference server serves it (and its module) on loopback
/// for both runs, its origin compiled into the test as
/// `SHOPPABLE_STUDIO_ORIGIN`; it stops when this layer ends.
fn browser() -> Result<()> {
    let targets = browser_test_targets()?;
    if targets.is_empty() {
        note("no tests/browser_*.rs yet: nothing to run");
        return Ok(());
    }
    let log = util::target_dir().join("xtask/browser-server.log");
    let server = server::start(&log, server::Live::Off)?;
    let base = || {
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
        cmd.env_remove("CHROMEDRIVER")
            .env_remove("GECKODRIVER")
            .env("SHOPPABLE_STUDIO_ORIGIN", &server.widget_origin);
        // The studio's capture test plays a 4 s clip and replays its gaps at
        // half speed: more than the runner's default 20 s in a slow browser.
        if std::env::var_os("WASM_BINDGEN_TEST_TIMEOUT").is_none() {
            cmd.env("WASM_BINDGEN_TEST_TIMEOUT", "120");
        }
        cmd
    };
    let fix = "read the failing tests above; rerun them with the same command (add `NO_HEADLESS=1` to watch them in a window)";
    step("browser: Chromium (chromedriver)");
    let chromium = util::run(base().env("CHROMEDRIVER", setup::CHROMEDRIVER), fix);
    step("browser: Firefox (geckodriver)");
    let firefox = util::run(
        base().env("GECKODRIVER", setup::geckodriver_path()).env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            util::root().join("webdriver-firefox.json"),
        ),
        fix,
    );
    drop(server);
    note(format!(
        "browser: chromium {}, firefox {}",
        if chromium.is_ok() { "passed" } else { "FAILED" },
        if firefox.is_ok() { "passed" } else { "FAILED" }
    ));
    chromium.and(firefox)
}

/// The shopper's flows in Chromium, Firefox and WebKit over classic
/// WebDriver (tests/engines), against the reference server; one summary
/// line per engine.
fn engines() -> Result<()> {
    let log = util::target_dir().join("xtask/engines-server.log");
    let server = server::start(&log, server::Live::Off)?;
    let mut cmd = util::cargo();
    cmd.args([
        "run",
        "-q",
        "-p",
        "engines",
        "--",
        "--base-url",
        &server.base_url,
    ])
    .env("GECKODRIVER", setup::geckodriver_path());
    let result = util::run(
        &mut cmd,
        "read the failing flows above; rerun one engine with `cargo run -p engines -- --engine webkit --base-url <a running server>`",
    );
    if result.is_err() {
        eprintln!("{}", server::tail(&server.log, 20));
    }
    result
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
    // The API contract first: its own throwaway server (contract.rs).
    step("test: API contract (schemathesis)");
    crate::contract::run()?;
    step("test: the shopper's flows (Playwright, tests/e2e)");
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
