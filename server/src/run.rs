//! Starting and stopping: bind (with a clear message when the port is taken),
//! print `listening on http://HOST:PORT`, serve until Ctrl-C, SIGTERM or
//! `--exit-after`, then let in-flight requests finish.

use std::fmt;
use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::api::Api;
use crate::config::Config;
use crate::gateway::PaymentGateway;
use crate::store::StoreError;

/// How long in-flight requests (a long video download, say) may keep the
/// process alive after shutdown was asked for.
const DRAIN_LIMIT: Duration = Duration::from_secs(10);

/// The listener could not be opened. `main` prints it as `error: {self}` and exits 2.
#[derive(Debug)]
pub struct BindError {
    pub addr: String,
    pub source: io::Error,
}

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source.kind() {
            io::ErrorKind::AddrInUse => write!(
                f,
                "cannot listen on {}: address already in use (is another server running? pick another with --port)",
                self.addr
            ),
            _ => write!(f, "cannot listen on {}: {}", self.addr, self.source),
        }
    }
}

impl std::error::Error for BindError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The server could not start: the listener (`main` exits 2) or the orders
/// store (exits 1).
#[derive(Debug)]
pub enum StartError {
    Bind(BindError),
    Store(StoreError),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Bind(e) => e.fmt(f),
            StartError::Store(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Bind(e) => Some(e),
            StartError::Store(e) => Some(e),
        }
    }
}

/// A bound, not yet running server. Binding first lets callers learn the real
/// port (when asked for port 0) before serving.
pub struct Server {
    listener: TcpListener,
    app: Router,
    exit_after: Option<Duration>,
    api: Arc<Api>,
}

/// Opens the listener, then the catalog and orders store, and builds the app
/// from `cfg`, with the gateway `cfg.payments` names.
pub async fn bind(cfg: &Config) -> Result<Server, StartError> {
    bind_gateway(cfg, None).await
}

/// [`bind`] with a payment gateway of the caller's (tests, embedders).
pub async fn bind_with(
    cfg: &Config,
    gateway: Arc<dyn PaymentGateway>,
) -> Result<Server, StartError> {
    bind_gateway(cfg, Some(gateway)).await
}

async fn bind_gateway(
    cfg: &Config,
    gateway: Option<Arc<dyn PaymentGateway>>,
) -> Result<Server, StartError> {
    let addr = cfg.listen_addr();
    let listener = TcpListener::bind((cfg.host.trim_matches(|c| c == '[' || c == ']'), cfg.port))
        .await
        .map_err(|source| StartError::Bind(BindError { addr, source }))?;
    // Opening SQLite and seeding stock block briefly; once, at start-up.
    let cfg2 = cfg.clone();
    let api = tokio::task::spawn_blocking(move || Api::open(&cfg2, gateway))
        .await
        .map_err(|e| StartError::Store(StoreError(format!("orders store: {e}"))))?
        .map_err(StartError::Store)?;
    let api = Arc::new(api);
    Ok(Server {
        listener,
        app: crate::app(cfg, api.clone()),
        exit_after: cfg.exit_after,
        api,
    })
}

/// What an operator must know at start-up, on stderr: how payments are
/// taken (loudly when they are not real), where the admin token comes
/// from, which sites may call the API.
fn banner(cfg: &Config, api: &Api) {
    match &api.gateway {
        None => eprintln!(
            "warning: no payment gateway configured: every checkout is refused \
             (payments-not-configured). Use --gateway-url with a secret, or --test-payments for a demo"
        ),
        Some(g) if g.is_test() => eprintln!(
            "\n  *** TEST PAYMENTS: {} ***\n  *** no money moves; every order is marked \"test\": true; never run a shop like this ***\n",
            g.describe()
        ),
        Some(g) => eprintln!("payments: {}", g.describe()),
    }
    if cfg.admin_token.is_none() {
        eprintln!(
            "admin token (generated for this run; set --admin-token-file to keep one): {}",
            api.admin_token
        );
    }
    if cfg.producer_token.is_none() {
        eprintln!(
            "producer token (generated for this run; set --producer-token-file to keep one): {}",
            api.live.producer_token
        );
    }
    if cfg.allowed_origins.is_empty() {
        eprintln!("/api: same-origin pages only (add brand sites with --allowed-origins)");
    } else {
        eprintln!(
            "/api: also callable from {}",
            cfg.allowed_origins.join(", ")
        );
    }
    if !cfg.test_faults.stalls.is_empty() || cfg.test_faults.fail_authorized_commits > 0 {
        eprintln!("warning: TEST FAULTS ON: {:?}", cfg.test_faults);
    }
}

/// Binds, prints `listening on http://HOST:PORT` on stdout, and serves until
/// Ctrl-C, SIGTERM or `cfg.exit_after`.
pub async fn serve(cfg: &Config) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    for (what, dir) in [("site", &cfg.site), ("widget", &cfg.widget)] {
        if !dir.is_dir() {
            eprintln!(
                "warning: {what} directory {} not found; its paths will answer 404",
                dir.display()
            );
        }
    }
    // `main` tells a BindError (exit 2) from anything else (exit 1).
    let server = bind(cfg)
        .await
        .map_err(|e| -> Box<dyn std::error::Error + Send + Sync> {
            match e {
                StartError::Bind(e) => Box::new(e),
                StartError::Store(e) => Box::new(e),
            }
        })?;
    banner(cfg, &server.api);
    let mut out = io::stdout().lock();
    writeln!(out, "listening on http://{}", server.local_addr()?)?;
    out.flush()?;
    drop(out);
    server.run().await?;
    Ok(())
}

impl Server {
    /// The API's shared state (tests look at the store and the gateway).
    pub fn api(&self) -> Arc<Api> {
        self.api.clone()
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until Ctrl-C, SIGTERM or the configured `exit_after`.
    pub async fn run(self) -> io::Result<()> {
        let exit_after = self.exit_after;
        self.run_until(async move {
            let timer = async {
                match exit_after {
                    Some(d) => tokio::time::sleep(d).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = signals() => {}
                _ = timer => {}
            }
        })
        .await
    }

    /// Serves until `stop` completes (no signal handling: embedders and tests
    /// decide), then stops accepting and waits, up to a limit, for in-flight
    /// requests.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        let (tx, mut rx) = watch::channel(false);
        let shutdown = async move {
            stop.await;
            let _ = tx.send(true);
        };
        let _jobs = crate::jobs::start(self.api.clone());
        // The peer address feeds the per-client rate limit (`limits.rs`).
        let serving = axum::serve(
            self.listener,
            self.app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown);
        let drain_deadline = async move {
            let _ = rx.wait_for(|stopped| *stopped).await;
            tokio::time::sleep(DRAIN_LIMIT).await;
        };
        tokio::select! {
            r = serving => r,
            _ = drain_deadline => {
                eprintln!("warning: requests still running {}s after shutdown began; stopping anyway", DRAIN_LIMIT.as_secs());
                Ok(())
            }
        }
    }
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
async fn signals() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
