//! A local payment service that speaks the HTTP gateway contract
//! (`http.rs`, server/README.md), for the fault tests, the benches and the
//! demo: there is no real processor on this machine. Its books are a
//! [`Ledger`]; around them it can be slow, and it can misbehave on purpose,
//! per call kind, for the next N calls:
//!
//! - `fail`: answer 500 without applying the call;
//! - `hang`: never answer (the client's timeout fires), without applying;
//! - `apply_then_drop`: apply the call, then close the connection without
//!   an answer, the fault that makes a client unsure whether money moved;
//! - `drop`: close the connection without applying.
//!
//! Control: `POST /_control` with `{"authorize_ms", "capture_ms",
//! "faults": [{"call": "authorize", "fault": "apply_then_drop", "count": 1}]}`
//! (members optional), `GET /_stats` (the books' counts) and
//! `GET /_captures` (captures applied per idempotency key). It is built on
//! hyper's connection API rather than axum because "close the connection
//! without answering" must be expressible: a service error does exactly that.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Method, Request, Response, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::net::TcpListener;

use super::ledger::{Applied, Ledger, State};

/// A misbehaviour for one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    Fail,
    Hang,
    ApplyThenDrop,
    Drop,
}

#[derive(Debug, Deserialize)]
struct FaultPlan {
    call: String,
    fault: Fault,
    #[serde(default = "one")]
    count: u32,
}

fn one() -> u32 {
    1
}

#[derive(Debug, Default, Deserialize)]
struct Control {
    authorize_ms: Option<u64>,
    capture_ms: Option<u64>,
    #[serde(default)]
    faults: Vec<FaultPlan>,
    /// Forget every payment and fault (between bench rounds).
    #[serde(default)]
    reset: bool,
}

/// The stand-in's settings at start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Required as `Authorization: Bearer <secret>` when set.
    pub secret: Option<String>,
    pub authorize_ms: u64,
    pub capture_ms: u64,
}

#[derive(Default)]
struct Inner {
    books: Ledger,
    /// Calls received per kind, faulty or not.
    received: std::collections::HashMap<String, u64>,
    faults: VecDeque<(String, Fault)>,
    authorize_ms: u64,
    capture_ms: u64,
}

/// A running stand-in; it stops when the runtime does.
#[derive(Clone)]
pub struct StandIn {
    inner: Arc<Mutex<Inner>>,
    secret: Option<Arc<str>>,
}

/// Why a request ends without an answer (hyper closes the connection).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped on purpose")
    }
}

impl std::error::Error for Dropped {}

impl StandIn {
    pub fn new(opts: &Options) -> StandIn {
        StandIn {
            inner: Arc::new(Mutex::new(Inner {
                authorize_ms: opts.authorize_ms,
                capture_ms: opts.capture_ms,
                ..Inner::default()
            })),
            secret: opts.secret.as_deref().map(Arc::from),
        }
    }

    /// Binds `addr` and serves in the background; returns the bound address.
    pub async fn spawn(self, addr: SocketAddr) -> std::io::Result<SocketAddr> {
        let listener = TcpListener::bind(addr).await?;
        let local = listener.local_addr()?;
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let me = self.clone();
                tokio::spawn(async move {
                    let svc = hyper::service::service_fn(move |req| {
                        let me = me.clone();
                        async move { me.handle(req).await }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, svc)
                        .await;
                });
            }
        });
        Ok(local)
    }

    /// Applies `f` to the books under the lock.
    fn books<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        f(&mut self.inner.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// The counts, as `GET /_stats` gives them.
    pub fn stats(&self) -> Value {
        self.books(|i| json!(i.books.stats))
    }

    /// The counts, typed.
    pub fn counts(&self) -> super::ledger::Stats {
        self.books(|i| i.books.stats.clone())
    }

    /// Calls of kind `call` received so far (applied or not).
    pub fn received(&self, call: &str) -> u64 {
        self.books(|i| i.received.get(call).copied().unwrap_or(0))
    }

    /// Captures applied per idempotency key.
    pub fn captures_by_key(&self) -> std::collections::HashMap<String, u32> {
        self.books(|i| i.books.captures_by_key())
    }

    /// Where the payment under `reference` stands (its state's name).
    pub fn state_of(&self, reference: &str) -> Option<&'static str> {
        self.books(|i| i.books.lookup(reference).map(|p| p.state.name()))
    }

    /// Misbehaves on the next `count` calls of kind `call`.
    pub fn plan(&self, call: &str, fault: Fault, count: u32) {
        self.books(|i| {
            for _ in 0..count {
                i.faults.push_back((call.to_string(), fault));
            }
        });
    }

    /// Sets the latency of authorize and capture calls.
    pub fn set_latency(&self, authorize_ms: u64, capture_ms: u64) {
        self.books(|i| {
            i.authorize_ms = authorize_ms;
            i.capture_ms = capture_ms;
        });
    }

    async fn handle(&self, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Dropped> {
        let method = req.method().clone();
        let path = req.uri().path().to_string();
        if let Some(secret) = &self.secret {
            let ok = req
                .headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .is_some_and(|v| v == &**secret);
            if !ok && !path.starts_with("/_") {
                return Ok(answer(
                    StatusCode::UNAUTHORIZED,
                    json!({"status": "unauthorized"}),
                ));
            }
        }
        let body = req
            .into_body()
            .collect()
            .await
            .map_err(|_| Dropped)?
            .to_bytes();
        let body: Value = if body.is_empty() {
            json!({})
        } else {
            match serde_json::from_slice(&body) {
                Ok(v) => v,
                Err(e) => {
                    return Ok(answer(
                        StatusCode::BAD_REQUEST,
                        json!({"status": "bad_request", "reason": e.to_string()}),
                    ))
                }
            }
        };
        match (&method, path.as_str()) {
            (&Method::POST, "/_control") => return Ok(self.control(body)),
            (&Method::GET, "/_stats") => return Ok(answer(StatusCode::OK, self.stats())),
            (&Method::GET, "/_captures") => {
                let by_key = self.books(|i| i.books.captures_by_key());
                return Ok(answer(StatusCode::OK, json!(by_key)));
            }
            _ => {}
        }
        let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let (reference, call) = match (&method, segments.as_slice()) {
            (&Method::GET, ["payments", r]) => (r.to_string(), "lookup"),
            (&Method::POST, ["payments", r, c]) => (r.to_string(), *c),
            _ => return Ok(answer(StatusCode::NOT_FOUND, json!({"status": "no_route"}))),
        };
        self.books(|i| *i.received.entry(call.to_string()).or_insert(0) += 1);
        let delay = self.books(|i| match call {
            "authorize" => i.authorize_ms,
            "capture" => i.capture_ms,
            _ => 0,
        });
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        let fault = self.books(|i| {
            let at = i.faults.iter().position(|(c, _)| c == call)?;
            i.faults.remove(at).map(|(_, f)| f)
        });
        match fault {
            Some(Fault::Fail) => {
                return Ok(answer(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    json!({"status": "error"}),
                ))
            }
            Some(Fault::Hang) => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return Err(Dropped);
            }
            Some(Fault::Drop) => return Err(Dropped),
            Some(Fault::ApplyThenDrop) | None => {}
        }
        let res = self.apply(&reference, call, &body);
        if fault == Some(Fault::ApplyThenDrop) {
            return Err(Dropped);
        }
        Ok(res)
    }

    fn control(&self, body: Value) -> Response<Full<Bytes>> {
        let c: Control = match serde_json::from_value(body) {
            Ok(c) => c,
            Err(e) => {
                return answer(
                    StatusCode::BAD_REQUEST,
                    json!({"status": "bad_request", "reason": e.to_string()}),
                )
            }
        };
        self.books(|i| {
            if c.reset {
                i.books = Ledger::default();
                i.faults.clear();
                i.received.clear();
            }
            if let Some(ms) = c.authorize_ms {
                i.authorize_ms = ms;
            }
            if let Some(ms) = c.capture_ms {
                i.capture_ms = ms;
            }
            for f in c.faults {
                for _ in 0..f.count {
                    i.faults.push_back((f.call.clone(), f.fault));
                }
            }
        });
        answer(StatusCode::OK, json!({"status": "ok"}))
    }

    fn apply(&self, reference: &str, call: &str, body: &Value) -> Response<Full<Bytes>> {
        let amount = body["amount"].as_i64().unwrap_or(0);
        let currency = body["currency"].as_str().unwrap_or("");
        self.books(|i| {
            let applied = match call {
                "authorize" => i.books.authorize(
                    reference,
                    amount,
                    currency,
                    body["token"].as_str().unwrap_or(""),
                    body["idempotency_key"].as_str(),
                ),
                "capture" => i.books.capture(reference),
                "void" => i.books.void(reference),
                "refund" => i.books.refund(reference),
                "lookup" => match i.books.lookup(reference) {
                    None => Applied::NotFound,
                    Some(p) => Applied::Ok {
                        state: p.state.clone(),
                        id: p.authorization_id.clone(),
                    },
                },
                _ => return answer(StatusCode::NOT_FOUND, json!({"status": "no_route"})),
            };
            match applied {
                Applied::Ok {
                    state: State::Declined { reason },
                    ..
                } => answer(
                    StatusCode::PAYMENT_REQUIRED,
                    json!({"status": "declined", "reason": reason}),
                ),
                Applied::Ok { state, id } => answer(
                    StatusCode::OK,
                    json!({"status": state.name(), "authorization_id": id}),
                ),
                Applied::Conflict { state } => {
                    answer(StatusCode::CONFLICT, json!({"status": state}))
                }
                Applied::NotFound => answer(StatusCode::NOT_FOUND, json!({"status": "not_found"})),
            }
        })
    }
}

fn answer(status: StatusCode, body: Value) -> Response<Full<Bytes>> {
    let mut res = Response::new(Full::new(Bytes::from(body.to_string())));
    *res.status_mut() = status;
    res.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    res
}
