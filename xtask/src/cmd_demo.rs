//! `cargo xtask demo [--port N]`: build, then run the reference server in the foreground,
//! with a live show on air.

use std::path::Path;
use std::process::Command;

use crate::cmd_build::{self, server_bin};
use crate::setup::{self, Need};
use crate::util::{self, exit_code, step, Lock, Result};
use crate::{fixtures, server};

pub const DEFAULT_PORT: u16 = 8080;

/// Returns the server's exit code, for the caller to pass on. Holds `lock` while
/// building, then lets it go: the demo may run for hours.
pub fn demo(port: u16, lock: Lock) -> Result<i32> {
    // The live show needs ffmpeg and its H.264 source, and its pages hls.js
    // (the pinned npm package of the player fixtures).
    let mut needs = setup::BUILD.to_vec();
    needs.push(Need::Ffmpeg);
    setup::ensure(&needs)?;
    fixtures::prepare(&util::root())?;
    cmd_build::build()?;
    drop(lock);

    step(&format!("demo: server on port {port}"));
    // A fresh store per run: a live show that ended stays ended (its replay
    // is all that is left), so each demo starts a new shop and a new show.
    let data = util::target_dir().join("xtask/demo-data");
    if data.exists() {
        std::fs::remove_dir_all(&data).map_err(|e| util::io_err("remove", &data, e))?;
    }
    // Fresh tokens per run, passed in files (flags show in `ps`) and printed
    // as the pages' #fragment (never sent to a server).
    let admin = token_file("demo-admin-token")?;
    let producer = token_file("demo-producer-token")?;
    let show = server::LIVE_SHOW;
    // The host page is served as localhost and the widget as 127.0.0.1: two origins,
    // as on a real brand site that loads the widget from a CDN.
    println!(
        "demo: open http://localhost:{port}/  (retailer page: http://localhost:{port}/retailer.html; \
         the widget is served from http://127.0.0.1:{port}, another origin)"
    );
    println!(
        "demo: the merchant's orders: http://localhost:{port}/admin/#token={}",
        admin.0
    );
    println!("demo: the live show, as viewers see it: http://localhost:{port}/live.html");
    println!(
        "demo: the producer console: http://localhost:{port}/live/producer.html#token={}&show={show}",
        producer.0
    );
    println!("demo: after \"End show\", the replay: http://localhost:{port}/live/{show}/replay.m3u8 with /live/{show}/replay.json");
    let port_arg = port.to_string();
    let widget_origin = format!("http://127.0.0.1:{port}");
    let live_source = format!("{show}={}/{}", fixtures::DIR, fixtures::LIVE_SOURCE);
    let status = util::status(
        Command::new(server_bin())
            // The demo takes payments with the test gateway (a loud banner
            // says so); a real shop sets --gateway-url instead.
            .args([
                "--port",
                &port_arg,
                "--widget-origin",
                &widget_origin,
                "--test-payments",
                "--live-source",
                &live_source,
            ])
            .arg("--data-dir")
            .arg(&data)
            .arg("--admin-token-file")
            .arg(&admin.1)
            .arg("--producer-token-file")
            .arg(&producer.1)
            .args(cmd_build::server_widget_args())
            .current_dir(util::root()),
        "run `cargo xtask build` and check that target/release/server exists",
    )?;
    // The server explains its own failures (exit 2: port taken); hand its code on.
    Ok(exit_code(status))
}

/// A fresh token in `target/xtask/<name>`: the token and the file.
fn token_file(name: &str) -> Result<(String, std::path::PathBuf)> {
    let token = random_token()?;
    let file = util::target_dir().join("xtask").join(name);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| util::io_err("create", dir, e))?;
    }
    std::fs::write(&file, &token).map_err(|e| util::io_err("write", &file, e))?;
    Ok((token, file))
}

/// 32 random bytes as hex, from the OS.
fn random_token() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| util::io_err("read", Path::new("/dev/urandom"), e))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
