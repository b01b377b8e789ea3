//! `cargo xtask <command>`: set-up and orchestration for the shoppable-video widget.
//! Arguments are parsed by hand to keep this tool std-only (see Cargo.toml).

mod cmd_bench;
mod cmd_build;
mod cmd_demo;
mod cmd_test;
mod contract;
mod fixtures;
mod npm;
mod release;
mod server;
mod setup;
mod util;
mod words;

use std::process::ExitCode;

use cmd_test::Layer;
use util::{Error, Result};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  setup                 install what is missing: rust target wasm32-unknown-unknown,
                        wasm-bindgen-cli (Cargo.lock's version), wasm-opt (npm, in
                        xtask/tools), apt chromium chromium-driver ffmpeg firefox-esr
                        webkit2gtk-driver xvfb gstreamer, geckodriver (cargo), npm packages
                        in tests/e2e and tests/lighthouse; player fixtures in www/test/players (npm, make_hls.sh)
  build                 widget into target/dist/shoppable/<version> (hashed names, SRI;
                        + .br/.gz) and its alias .../v1, release server
  demo [--port N]       build, then serve the demo on port N (default 8080), with a
                        live show on air (/live.html, the producer console's address printed)
  test [--only LAYER]... [-- PLAYWRIGHT_ARGS...]
                        build, then run the test layers native, browser (Chromium and
                        Firefox), e2e (Chromium) and engines (Chromium, Firefox, WebKit)
                        (--only may repeat or take a comma list: --only native,e2e)
  bench [--only studio|events]
                        build, then print size, timeline, browser and Lighthouse figures
                        with budgets (--only studio: the studio's alone: module size,
                        tracker accuracy, capture and worker speed; --only events: the
                        first-party analytics ingest alone, no widget build)
  help                  this text";

fn main() -> ExitCode {
    add_cargo_bin_to_path();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(code) => ExitCode::from(code.clamp(0, 255) as u8),
        Err(e) => {
            eprintln!("\n{e}");
            ExitCode::FAILURE
        }
    }
}

/// Runs a command; returns the process exit code.
fn dispatch(args: &[String]) -> Result<i32> {
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return Ok(2);
        }
    };
    // Everything but help waits for any other xtask to finish (see util::Lock).
    let lock = || util::Lock::acquire();
    match command {
        "setup" => {
            no_args(command, rest)?;
            let _lock = lock()?;
            setup::ensure(setup::SETUP)?;
            fixtures::prepare(&util::root())?;
            eprintln!("\nsetup: everything is installed");
            Ok(0)
        }
        "build" => {
            no_args(command, rest)?;
            let _lock = lock()?;
            setup::ensure(setup::BUILD)?;
            cmd_build::build()?;
            Ok(0)
        }
        "demo" => {
            let port = parse_demo(rest)?;
            cmd_demo::demo(port, lock()?)
        }
        "test" => {
            let opts = parse_test(rest)?;
            let _lock = lock()?;
            let passed = cmd_test::test(&opts)?;
            Ok(if passed { 0 } else { 1 })
        }
        "bench" => {
            let part = parse_bench(rest)?;
            let _lock = lock()?;
            Ok(if cmd_bench::bench(part)? { 0 } else { 1 })
        }
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(0)
        }
        other => Err(usage_error(format!("unknown command `{other}`"))),
    }
}

fn usage_error(what: String) -> Error {
    Error {
        step: String::new(),
        what,
        fix: "`cargo xtask help` lists the commands and their options".to_string(),
    }
}

fn no_args(command: &str, rest: &[String]) -> Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => Err(usage_error(format!(
            "`{command}` takes no arguments, got `{arg}`"
        ))),
    }
}

fn parse_bench(args: &[String]) -> Result<cmd_bench::Part> {
    match args {
        [] => Ok(cmd_bench::Part::All),
        [only, part] if only == "--only" && part == "studio" => Ok(cmd_bench::Part::Studio),
        [arg] if arg == "--only=studio" => Ok(cmd_bench::Part::Studio),
        [only, part] if only == "--only" && part == "events" => Ok(cmd_bench::Part::Events),
        [arg] if arg == "--only=events" => Ok(cmd_bench::Part::Events),
        _ => Err(usage_error(format!(
            "`bench` takes nothing, `--only studio` or `--only events`, got `{}`",
            args.join(" ")
        ))),
    }
}

fn parse_demo(args: &[String]) -> Result<u16> {
    let mut port = cmd_demo::DEFAULT_PORT;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--port" => args.next().map(String::as_str),
            other => other.strip_prefix("--port="),
        };
        let Some(value) = value else {
            return Err(usage_error(format!("unknown argument `{arg}` for `demo`")));
        };
        port = value.parse().ok().filter(|&p| p != 0).ok_or_else(|| {
            usage_error(format!("--port needs a port number 1-65535, got `{value}`"))
        })?;
    }
    Ok(port)
}

fn parse_test(args: &[String]) -> Result<cmd_test::Options> {
    let mut layers = Vec::new();
    let mut playwright_args = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "--" => {
                playwright_args.extend(args.by_ref().cloned());
                break;
            }
            "--only" => args.next().map(String::as_str),
            other => other.strip_prefix("--only="),
        };
        let Some(value) = value else {
            return Err(usage_error(format!(
                "unknown argument `{arg}` for `test` (Playwright arguments go after `--`)"
            )));
        };
        for name in value.split(',') {
            let layer = Layer::parse(name.trim()).ok_or_else(|| {
                usage_error(format!(
                    "--only takes native, browser, e2e or engines, got `{name}`"
                ))
            })?;
            if !layers.contains(&layer) {
                layers.push(layer);
            }
        }
    }
    if layers.is_empty() {
        layers = Layer::ALL.to_vec();
    }
    // Always run in the usual order, however they were listed.
    layers.sort_by_key(|l| Layer::ALL.iter().position(|x| x == l));
    Ok(cmd_test::Options {
        layers,
        playwright_args,
    })
}

/// `cargo install` puts wasm-bindgen in cargo's bin directory, which a fresh shell may
/// not have on PATH yet; every tool we start (and cargo's wasm test runner) should find it.
fn add_cargo_bin_to_path() {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cargo"))
        });
    let Some(bin) = cargo_home.map(|home| home.join("bin")) else {
        return;
    };
    let path = std::env::var_os("PATH").unwrap_or_default();
    if std::env::split_paths(&path).any(|dir| dir == bin) || !bin.is_dir() {
        return;
    }
    let joined = std::env::join_paths(std::iter::once(bin).chain(std::env::split_paths(&path)));
    if let Ok(joined) = joined {
        // Single-threaded here, before any command starts.
        std::env::set_var("PATH", joined);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn test_args_default_to_all_layers_and_pass_the_rest_to_playwright() {
        let opts = parse_test(&args(&["--", "--grep", "keyboard"])).unwrap();
        assert_eq!(opts.layers, Layer::ALL.to_vec());
        assert_eq!(opts.playwright_args, args(&["--grep", "keyboard"]));
    }

    #[test]
    fn only_takes_repeats_and_lists_and_keeps_the_usual_order() {
        let opts = parse_test(&args(&["--only", "e2e", "--only=native,e2e"])).unwrap();
        assert_eq!(opts.layers, vec![Layer::Native, Layer::E2e]);
        assert!(parse_test(&args(&["--only", "unit"])).is_err());
        assert!(parse_test(&args(&["--grep", "x"])).is_err());
    }

    #[test]
    fn bench_takes_only_studio() {
        assert_eq!(parse_bench(&[]).unwrap(), cmd_bench::Part::All);
        assert_eq!(
            parse_bench(&args(&["--only", "studio"])).unwrap(),
            cmd_bench::Part::Studio
        );
        assert_eq!(
            parse_bench(&args(&["--only=studio"])).unwrap(),
            cmd_bench::Part::Studio
        );
        assert!(parse_bench(&args(&["--only", "checkout"])).is_err());
        assert!(parse_bench(&args(&["--only"])).is_err());
    }

    #[test]
    fn demo_port() {
        assert_eq!(parse_demo(&[]).unwrap(), 8080);
        assert_eq!(parse_demo(&args(&["--port", "9000"])).unwrap(), 9000);
        assert_eq!(parse_demo(&args(&["--port=9001"])).unwrap(), 9001);
        assert!(parse_demo(&args(&["--port", "0"])).is_err());
        assert!(parse_demo(&args(&["--port"])).is_err());
    }
}
