//! `gateway-standin`: the local payment service of `server::gateway::standin`
//! as a process of its own, so its books outlive a server killed under test
//! and the demo and e2e tests can put the HTTP gateway in front of it.
//! Prints `listening on http://127.0.0.1:PORT` once bound.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use server::gateway::standin::{Options, StandIn};

#[derive(Parser, Debug)]
#[command(about = "A local payment service speaking the HTTP gateway contract (tests, demo)")]
struct Args {
    /// Loopback port; 0 picks a free one
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Secret expected as `Authorization: Bearer <secret>` (read from this file)
    #[arg(long, value_name = "FILE")]
    secret_file: Option<std::path::PathBuf>,
    /// Latency of every authorize call, in milliseconds
    #[arg(long, default_value_t = 0)]
    authorize_ms: u64,
    /// Latency of every capture call, in milliseconds
    #[arg(long, default_value_t = 0)]
    capture_ms: u64,
    /// Stop by itself after this many seconds
    #[arg(long, default_value_t = 3600)]
    exit_after: u64,
}

fn main() -> ExitCode {
    let a = Args::parse();
    let secret = match &a.secret_file {
        Some(f) => match std::fs::read_to_string(f) {
            Ok(s) => Some(s.trim().to_string()),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", f.display());
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async {
        let standin = StandIn::new(&Options {
            secret,
            authorize_ms: a.authorize_ms,
            capture_ms: a.capture_ms,
        });
        let addr = match standin
            .spawn(SocketAddr::from(([127, 0, 0, 1], a.port)))
            .await
        {
            Ok(addr) => addr,
            Err(e) => {
                eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", a.port);
                return ExitCode::from(2);
            }
        };
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{addr}");
        let _ = out.flush();
        drop(out);
        tokio::time::sleep(Duration::from_secs(a.exit_after)).await;
        ExitCode::SUCCESS
    })
}
