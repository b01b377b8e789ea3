//! `engines`: the shopper's flows (`flows.rs`) in Chromium, Firefox and
//! WebKit through classic WebDriver, against a running reference server.
//! `cargo xtask test` starts the server and runs this once per engine:
//!
//! ```sh
//! cargo run -p engines -- --engine firefox --base-url http://localhost:8080
//! ```
//!
//! Prints one line per flow and a summary line per engine,
//! `engine firefox: 8 passed, 0 failed (41.2 s)`; exits 1 if a flow failed.

mod driver;
mod flows;
mod page;

use std::process::ExitCode;
use std::time::Instant;

use driver::Engine;
use fantoccini::ClientBuilder;
use hyper_util::client::legacy::connect::HttpConnector;

struct Args {
    engines: Vec<Engine>,
    base: String,
    only: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        engines: Engine::ALL.to_vec(),
        base: String::new(),
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--engine" => {
                let v = value()?;
                a.engines = vec![Engine::parse(&v)
                    .ok_or(format!("unknown engine {v} (chromium, firefox, webkit)"))?];
            }
            "--base-url" => a.base = value()?.trim_end_matches('/').to_string(),
            "--only" => a.only = Some(value()?),
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    if a.base.is_empty() {
        return Err("--base-url is required (the reference server's host-page origin)".into());
    }
    Ok(a)
}

fn main() -> ExitCode {
    let a = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("engines: {e}");
            return ExitCode::from(2);
        }
    };
    let manifest_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/manifests/hero.json");
    let manifest = match std::fs::read_to_string(manifest_path)
        .map_err(|e| e.to_string())
        .and_then(|t| shoppable::model::manifest::parse_str(&t).map_err(|e| e.to_string()))
    {
        Ok(p) => p.manifest,
        Err(e) => {
            eprintln!("engines: {manifest_path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let mut failed_any = false;
    for engine in a.engines {
        let started = Instant::now();
        let (passed, failed) =
            rt.block_on(run_engine(engine, &a.base, &manifest, a.only.as_deref()));
        println!(
            "engine {}: {passed} passed, {failed} failed ({:.1} s)",
            engine.name(),
            started.elapsed().as_secs_f64()
        );
        failed_any |= failed > 0;
    }
    if failed_any {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

async fn run_engine(
    engine: Engine,
    base: &str,
    m: &shoppable::model::manifest::Manifest,
    only: Option<&str>,
) -> (usize, usize) {
    let total = flows::FLOWS.len();
    let driver = match driver::start(engine) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("  {e}");
            return (0, total);
        }
    };
    let client = match ClientBuilder::new(HttpConnector::new())
        .capabilities(driver::capabilities(engine))
        .connect(&driver.url)
        .await
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("  {}: no session: {e}", engine.name());
            return (0, total);
        }
    };
    let _ = client.set_window_rect(0, 0, 1280, 900).await;
    let (mut passed, mut failed) = (0, 0);
    for (i, flow) in flows::FLOWS.iter().enumerate() {
        if only.is_some_and(|o| !flow.name.contains(o)) {
            continue;
        }
        let t = Instant::now();
        match flows::run(i, &client, base, m).await {
            Ok(()) => {
                passed += 1;
                println!(
                    "  ok   {} / {} ({:.1} s)",
                    engine.name(),
                    flow.name,
                    t.elapsed().as_secs_f64()
                );
            }
            Err(e) => {
                failed += 1;
                println!("  FAIL {} / {}: {e}", engine.name(), flow.name);
            }
        }
    }
    let _ = client.close().await;
    drop(driver);
    (passed, failed)
}
