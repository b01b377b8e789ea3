//! The API contract test: schemathesis (pinned, from PyPI, in a venv under
//! `target/xtask/`) against a throwaway server of its own (test payments,
//! `--rate-limit off`, a temporary data directory, `--exit-after`), driven
//! by the server's own `/api/openapi.json`. A fixed seed and a bounded
//! number of examples keep it repeatable and short. It fails on any 5xx
//! and on any response the document does not describe (status, content
//! type, headers, body schema).

use std::path::PathBuf;
use std::process::Command;

use crate::server::{self, Live, ADMIN_TOKEN, LIVE_SHOW, PRODUCER_TOKEN};
use crate::util::{self, note, probe, step, Result};

/// schemathesis 4.x, pinned: a new release may generate other cases.
pub const SCHEMATHESIS: &str = "4.32.5";
const SEED: &str = "20261130";
const MAX_EXAMPLES: &str = "25";
/// The checks that make "no 5xx, every response conforms".
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance";
/// Streaming routes are not fuzzed: the live event stream (SSE) never ends.
const STREAMING_OPERATIONS: &[&str] = &["events"];

fn venv() -> PathBuf {
    util::target_dir().join("xtask/schemathesis")
}

/// The venv's `st`, installed on first use (and when the pin moves).
fn ensure_schemathesis() -> Result<PathBuf> {
    let st = venv().join("bin/st");
    let have = probe(Command::new(&st).arg("--version")).unwrap_or_default();
    if have.contains(SCHEMATHESIS) {
        return Ok(st);
    }
    step(&format!(
        "setup: schemathesis {SCHEMATHESIS} (PyPI, into a venv)"
    ));
    util::run(
        Command::new("python3").args(["-m", "venv"]).arg(venv()),
        "install Python 3 with its venv module (Debian: `apt-get install python3-venv`)",
    )?;
    util::run(
        Command::new(venv().join("bin/pip")).args([
            "install",
            "--quiet",
            &format!("schemathesis=={SCHEMATHESIS}"),
        ]),
        "check that PyPI is reachable; the venv is under target/xtask/schemathesis",
    )?;
    Ok(st)
}

/// Runs the contract test; the server is stopped when this returns.
pub fn run() -> Result<()> {
    let st = ensure_schemathesis()?;
    let log = util::target_dir().join("xtask/contract-server.log");
    // Apple Pay configured (else its route is a documented 501, which no
    // fuzzing gets past), validating against a port nothing listens on:
    // only a URL on Apple's hosts from an allowed origin would get there.
    let srv = server::start_with(
        &log,
        Live::Off,
        &[
            "--rate-limit",
            "off",
            "--apple-pay-merchant-id",
            "merchant.example.test",
            "--test-apple-pay-validation-url",
            "http://127.0.0.1:9/",
        ],
    )?;
    let base = &srv.widget_origin; // http://127.0.0.1:<port>
    let dir = util::target_dir().join("xtask/contract");
    std::fs::create_dir_all(&dir).map_err(|e| util::io_err("create", &dir, e))?;
    // The order routes get an order that exists (a test-payments order of
    // the demo's hero video); the live routes a show that exists and the
    // producer's token (the admin token goes to every other route, below).
    let order = place_order(&srv.widget_origin)?;
    note(format!("order for the contract test: {order}"));
    let config = dir.join("schemathesis.toml");
    let text = format!(
        "[parameters]\n\"path.show\" = \"{LIVE_SHOW}\"\n\"path.id\" = \"{order}\"\n\n\
         [[operations]]\ninclude-path-regex = \"^/api/live/\"\n\
         headers = {{ Authorization = \"Bearer {PRODUCER_TOKEN}\" }}\n"
    );
    std::fs::write(&config, text).map_err(|e| util::io_err("write", &config, e))?;
    let report = dir.join("report");
    let mut cmd = Command::new(&st);
    cmd.arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(format!("{base}/api/openapi.json"))
        .args(["--url", base])
        .args(["--seed", SEED, "--max-examples", MAX_EXAMPLES])
        .args(["--checks", CHECKS])
        .args(["--generation-database", "none"])
        .args(["--request-timeout", "10"])
        .args(["-H", &format!("Authorization: Bearer {ADMIN_TOKEN}")])
        .args(["--report", "junit", "--report-dir"])
        .arg(&report)
        .args(["--no-color"])
        // Whatever else it writes (.schemathesis/) stays under target/.
        .current_dir(&dir);
    for op in STREAMING_OPERATIONS {
        cmd.args(["--exclude-operation-id", op]);
    }
    note(format!("contract server output: {}", log.display()));
    let result = util::run(
        &mut cmd,
        "each failure above names the operation, the check and a curl command that reproduces it; \
         fix the server (or, where the server is right, its #[utoipa::path]) and regenerate server/openapi.json",
    );
    if result.is_err() {
        eprintln!("{}", server::tail(&srv.log, 20));
    }
    drop(srv);
    result
}

/// A paid test order of `www/manifests/hero.json`; its id.
fn place_order(base: &str) -> Result<String> {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let body = r#"{"video_id":"hero","currency":"USD","lines":[{"product_id":"velvet-lipstick","variant_id":"vl-ruby","quantity":1,"unit_price":1900}],"payment":{"method":"https://google.com/pay","token":"tok_test_ok"}}"#;
    let failed = |why: String| {
        util::Error::new(
            format!("could not place the contract test's order: {why}"),
            "check www/manifests/hero.json still sells velvet-lipstick/vl-ruby at 1900 USD",
        )
    };
    let mut s = std::net::TcpStream::connect(addr).map_err(|e| failed(e.to_string()))?;
    write!(
        s,
        "POST /api/checkout HTTP/1.0\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: 5b0c7d1e-3f2a-4c6b-9e8d-7a6f5e4d3c2b\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .map_err(|e| failed(e.to_string()))?;
    let mut raw = String::new();
    s.read_to_string(&mut raw)
        .map_err(|e| failed(e.to_string()))?;
    let (head, answer) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    if !head.starts_with("HTTP/1.1 201") && !head.starts_with("HTTP/1.0 201") {
        return Err(failed(format!("{head}\n{answer}")));
    }
    answer
        .split("\"order_id\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_string)
        .ok_or_else(|| failed(format!("no order_id in {answer}")))
}
