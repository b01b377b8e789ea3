//! `cargo xtask demo [--port N]`: build, then run the reference server in the foreground.

use std::process::Command;

use crate::cmd_build::{self, server_bin};
use crate::setup;
use crate::util::{self, exit_code, step, Lock, Result};

pub const DEFAULT_PORT: u16 = 8080;

/// Returns the server's exit code, for the caller to pass on. Holds `lock` while
/// building, then lets it go: the demo may run for hours.
pub fn demo(port: u16, lock: Lock) -> Result<i32> {
    setup::ensure(setup::BUILD)?;
    cmd_build::build()?;
    drop(lock);

    step(&format!("demo: server on port {port}"));
    // The host page is served as localhost and the widget as 127.0.0.1: two origins,
    // as on a real brand site that loads the widget from a CDN.
    println!(
        "demo: open http://localhost:{port}/  (retailer page: http://localhost:{port}/retailer.html; \
         the widget is served from http://127.0.0.1:{port}, another origin)"
    );
    // A fresh admin token per run, passed in a file (flags show in `ps`)
    // and printed as the admin page's #fragment (never sent to a server).
    let token = admin_token()?;
    let token_file = util::target_dir().join("xtask/demo-admin-token");
    if let Some(dir) = token_file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| util::io_err("create", dir, e))?;
    }
    std::fs::write(&token_file, &token).map_err(|e| util::io_err("write", &token_file, e))?;
    println!("demo: the merchant's orders: http://localhost:{port}/admin/#token={token}");
    let port_arg = port.to_string();
    let widget_origin = format!("http://127.0.0.1:{port}");
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
            ])
            .args(cmd_build::server_widget_args())
            .current_dir(util::root()),
        "run `cargo xtask build` and check that target/release/server exists",
    )?;
    // The server explains its own failures (exit 2: port taken); hand its code on.
    Ok(exit_code(status))
}

/// 32 random bytes as hex, from the OS.
fn admin_token() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| util::io_err("read", std::path::Path::new("/dev/urandom"), e))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
