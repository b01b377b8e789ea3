//! The JSON API under `/api`: checkout (`checkout/`), the merchant's admin
//! area (`admin/`) and Apple Pay merchant validation (`apple_pay.rs`), over
//! the live catalog, the orders store and the payment gateway.
//!
//! Around every route: the per-client rate limit (`limits.rs`), CORS for
//! `--allowed-origins` only (`middleware::api_cors`), `Cache-Control:
//! no-store`. Every other path is a 404 problem; a method a route does not
//! take is a 405 problem with `Allow`.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::Semaphore;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::catalog::{LiveCatalog, Prices};
use crate::checkout::flow::Stall;
use crate::checkout::keys::KeyLocks;
use crate::config::{Config, Payments};
use crate::gateway::http::HttpGateway;
use crate::gateway::test::TestGateway;
use crate::gateway::PaymentGateway;
use crate::limits::Limits;
use crate::problem::{self, original_path, Problem};
use crate::store::{stock, Store, StoreError, StoreOptions};
use crate::{admin, apple_pay, checkout};

/// Timings and knobs of the order state machine.
#[derive(Debug, Clone)]
pub struct Settings {
    pub gateway_timeout: Duration,
    pub hold: Duration,
    pub reap_after: Duration,
    /// How long the checkout handler waits for its flow before answering
    /// 503 `in-progress` (the flow goes on).
    pub checkout_wait: Duration,
    pub default_stock: u32,
    pub deal_allowance: Duration,
    pub stalls: Vec<Stall>,
}

/// What the API handlers and background jobs share.
pub struct Api {
    pub catalog: LiveCatalog,
    pub store: Arc<Store>,
    /// `None`: checkouts are refused (`payments-not-configured`).
    pub gateway: Option<Arc<dyn PaymentGateway>>,
    /// Idempotency keys being worked on.
    pub keys: KeyLocks,
    /// Order ids being captured or changed by the merchant.
    pub orders: KeyLocks,
    /// Admission control: one permit per checkout in flight.
    pub admission: Arc<Semaphore>,
    /// Captures in flight at most (they run after the client's answer).
    pub captures: Semaphore,
    pub limits: Arc<Limits>,
    pub settings: Settings,
    pub admin_token: String,
    pub allowed_origins: Vec<String>,
    pub apple_pay: Option<apple_pay::ApplePay>,
    pub live: crate::live::Live,
}

impl Api {
    /// Reads the catalog from `<site>/manifests`, opens (or creates) the
    /// store under `cfg.data_dir`, seeds its stock, and builds the gateway.
    /// Blocking (SQLite, files): call it from `spawn_blocking`.
    pub fn open(cfg: &Config, gateway: Option<Arc<dyn PaymentGateway>>) -> Result<Api, StoreError> {
        let dir = cfg.site.join("manifests");
        // Admin prices live in the store, which seeds stock from the
        // catalog: read the files first, then apply the prices.
        // Manifests published by the studio live under the data directory,
        // read on top of the site's (catalog.rs, "Published").
        let published = cfg.data_dir.join("manifests");
        let catalog = LiveCatalog::open_with_published(&dir, Some(&published), Prices::new());
        let store = Store::open(
            &StoreOptions {
                data_dir: &cfg.data_dir,
                default_stock: cfg.default_stock,
                stock_file: cfg.stock_file.as_deref(),
            },
            &catalog.current(),
        )?;
        let prices = store.read(stock::prices)?;
        if !prices.is_empty() {
            catalog.set_prices(to_table(&prices));
        }
        store.faults().fail_authorized_commits.store(
            cfg.test_faults.fail_authorized_commits,
            std::sync::atomic::Ordering::SeqCst,
        );
        let gateway = match gateway {
            Some(g) => Some(g),
            None => build_gateway(cfg)?,
        };
        let admin_token = cfg.admin_token.clone().unwrap_or_else(generate_token);
        let producer_token = cfg.producer_token.clone().unwrap_or_else(generate_token);
        let buyer_key = store.buyer_key.clone();
        Ok(Api {
            catalog,
            store: Arc::new(store),
            gateway,
            keys: KeyLocks::default(),
            orders: KeyLocks::default(),
            admission: Arc::new(Semaphore::new(cfg.max_checkouts)),
            captures: Semaphore::new(256),
            limits: Arc::new(Limits::new(cfg.rate_limit, cfg.trusted_proxies.clone())),
            settings: Settings {
                gateway_timeout: cfg.gateway_timeout,
                hold: cfg.hold,
                reap_after: cfg.reap_after,
                checkout_wait: cfg
                    .request_timeout
                    .saturating_sub(Duration::from_secs(2))
                    .max(Duration::from_secs(1)),
                default_stock: cfg.default_stock,
                deal_allowance: cfg.deal_allowance,
                stalls: cfg.test_faults.stalls.clone(),
            },
            admin_token,
            allowed_origins: cfg.allowed_origins.clone(),
            apple_pay: cfg
                .apple_pay
                .as_ref()
                .map(apple_pay::ApplePay::new)
                .transpose()?,
            live: crate::live::Live::new(
                producer_token,
                buyer_key.into_bytes(),
                crate::live::stream::Streams::open(cfg)
                    .map_err(|e| StoreError(format!("live recordings: {e}")))?,
            ),
        })
    }
}

impl Api {
    /// The store's clock for a hold: now, and the deals' allowance.
    pub fn now(&self) -> crate::store::orders::Now {
        crate::store::orders::Now {
            ms: crate::store::now_ms(),
            deal_allowance_ms: self.settings.deal_allowance.as_millis() as i64,
        }
    }
}

/// Admin prices as the catalog's lookup table.
pub fn to_table(prices: &[stock::Price]) -> Prices {
    prices
        .iter()
        .map(|p| {
            (
                (
                    p.product_id.clone(),
                    p.variant_id.clone(),
                    p.currency.clone(),
                ),
                p.price,
            )
        })
        .collect()
}

fn build_gateway(cfg: &Config) -> Result<Option<Arc<dyn PaymentGateway>>, StoreError> {
    Ok(match &cfg.payments {
        Payments::None => None,
        Payments::Test => Some(Arc::new(TestGateway::new())),
        Payments::Http { url, secret } => Some(Arc::new(
            HttpGateway::new(url, secret.clone(), cfg.gateway_timeout).map_err(StoreError)?,
        )),
    })
}

/// 32 random bytes as 64 hex digits (two v4 UUIDs' random bits, from the
/// OS's generator through `uuid`).
pub fn generate_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Every route below `/api`, each with its documentation (`openapi.rs`):
/// routes are added here only through `routes!`, which takes a handler's
/// `#[utoipa::path]`, so none exists undocumented.
pub fn routes() -> OpenApiRouter<Arc<Api>> {
    OpenApiRouter::new()
        .routes(allow(routes!(checkout::create), "POST"))
        .routes(allow(routes!(checkout::order), "GET, HEAD"))
        .routes(allow(routes!(apple_pay::session), "POST"))
        .routes(allow(routes!(crate::openapi::serve), "GET, HEAD"))
        .routes(allow(routes!(crate::seo::jsonld), "GET, HEAD"))
        .routes(allow(routes!(crate::events::ingest), "POST"))
        .nest("/admin", admin::routes())
        .nest("/live", crate::live::routes())
}

/// A route's methods, and a 405 problem naming them for any other.
pub fn allow(
    r: UtoipaMethodRouter<Arc<Api>>,
    methods: &'static str,
) -> UtoipaMethodRouter<Arc<Api>> {
    r.map(|m| m.fallback(move |req: Request| async move { not_allowed(req, methods) }))
}

/// Routes below `/api` (mounted with `nest`).
pub fn router(api: Arc<Api>) -> Router {
    let limits = api.limits.clone();
    let cors = crate::middleware::api_cors(&api.allowed_origins);
    let (routes, _) = routes().split_for_parts();
    routes
        .fallback(problem::not_found)
        .with_state(api.clone())
        // For middleware that has no state of its own (the admin token).
        .layer(axum::Extension(api))
        .layer(axum::middleware::map_response(
            |mut res: Response| async move {
                res.headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                res
            },
        ))
        .layer(axum::middleware::from_fn_with_state(
            limits,
            crate::limits::rate_limit,
        ))
        .layer(cors)
}

/// 405 as problem+json (axum's own is an empty body), with `Allow`.
pub fn not_allowed(req: Request, allow: &'static str) -> Response {
    let mut res = Problem::new(StatusCode::METHOD_NOT_ALLOWED)
        .detail(format!(
            "{} does not take {}; it takes {allow}",
            original_path(&req),
            req.method()
        ))
        .into_response();
    res.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    res
}

/// A JSON body, or the 400 `malformed` problem naming the member at fault
/// (`items[2].on_hand: invalid type…`) and the line and column.
pub fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Response> {
    let malformed = |path: String, e: &serde_json::Error| {
        let path = if path == "." { String::new() } else { path };
        let message = if path.is_empty() {
            e.to_string()
        } else {
            format!("{path}: {e}")
        };
        problem::problem_json(
            &shoppable::model::checkout::CheckoutProblem::Malformed { path, message }.document(),
        )
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let v: T = serde_path_to_error::deserialize(&mut de)
        .map_err(|e| malformed(e.path().to_string(), e.inner()))?;
    de.end().map_err(|e| malformed(String::new(), &e))?;
    Ok(v)
}
