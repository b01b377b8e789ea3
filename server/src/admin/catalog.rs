//! Stock and prices for the merchant, and for a host page's own back end:
//! a page that overrides prices with `provideProducts` keeps the server in
//! step through `PUT /api/admin/prices` from its server (a browser never
//! holds the admin token), so the payment sheet's price is the one checkout
//! charges.
//!
//! - `GET /api/admin/stock` → `{"items": [{product_id, variant_id, on_hand, held, available}]}`
//! - `PUT /api/admin/stock` `{"items": [{product_id, variant_id, on_hand}]}`: all or none
//! - `GET /api/admin/prices` → `{"items": [{product_id, variant_id, currency, price}]}`
//! - `PUT /api/admin/prices` `{"items": [{product_id, variant_id, currency, price}]}`,
//!   `price: null` removes the override (the manifest's price is back)

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use shoppable::model::checkout::CheckoutProblem;

use super::{failed, json, parse_json};
use crate::api::{to_table, Api};
use crate::openapi::Items;
use crate::problem::problem_json;
use crate::store::stock::{self, Price, Units};
use crate::store::{now_ms, Kind};

/// Largest unit count or price accepted (minor units): far above any real
/// shop, far below where sums could overflow.
const MAX: i64 = 1_000_000_000_000;

fn invalid(path: String, message: String) -> Response {
    problem_json(&CheckoutProblem::InvalidField { path, message }.document())
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct StockItems {
    items: Vec<StockItem>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct StockItem {
    product_id: String,
    variant_id: String,
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    on_hand: i64,
}

/// `GET /api/admin/stock`.
#[utoipa::path(
    get,
    path = "/stock",
    tag = "admin",
    summary = "Every SKU's units",
    responses((status = 200, description = "Units on hand, held and available", body = Items<Units>, content_type = "application/json"))
)]
pub async fn stock(State(api): State<Arc<Api>>) -> Response {
    match api.store.read_async(stock::list).await {
        Ok(items) => json(&json!({ "items": items })),
        Err(e) => failed(e),
    }
}

/// `PUT /api/admin/stock`.
#[utoipa::path(
    put,
    path = "/stock",
    tag = "admin",
    summary = "Set units on hand, all or none",
    request_body(content = StockItems, content_type = "application/json"),
    responses(
        (status = 200, description = "The SKUs set, as they stand now", body = Items<Units>, content_type = "application/json"),
        (status = 400, description = "`malformed`: not JSON, or a member unknown or of the wrong type (`path` names it)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "`invalid-field`: `path` names the item and field (an unknown SKU, a count out of range)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn set_stock(State(api): State<Arc<Api>>, body: Bytes) -> Response {
    let req: StockItems = match parse_json(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    for (i, it) in req.items.iter().enumerate() {
        if !(0..=MAX).contains(&it.on_hand) {
            return invalid(
                format!("items[{i}].on_hand"),
                format!("must be from 0 to {MAX}"),
            );
        }
    }
    let items: Vec<(String, String, i64)> = req
        .items
        .into_iter()
        .map(|it| (it.product_id, it.variant_id, it.on_hand))
        .collect();
    match api
        .store
        .write(Kind::Other, move |c| stock::set(c, &items))
        .await
    {
        Ok(Ok(items)) => json(&json!({ "items": items })),
        Ok(Err(refusal)) => invalid(
            format!("items[{}].{}", refusal.index, refusal.field),
            refusal.message,
        ),
        Err(e) => failed(e),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PriceItems {
    items: Vec<PriceItem>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct PriceItem {
    product_id: String,
    variant_id: String,
    currency: String,
    /// `null` removes the override.
    #[schema(minimum = 0, maximum = 1_000_000_000_000_i64)]
    price: Option<i64>,
}

/// `GET /api/admin/prices`.
#[utoipa::path(
    get,
    path = "/prices",
    tag = "admin",
    summary = "The admin price overrides",
    responses((status = 200, description = "Every override", body = Items<Price>, content_type = "application/json"))
)]
pub async fn prices(State(api): State<Arc<Api>>) -> Response {
    match api.store.read_async(stock::prices).await {
        Ok(items) => json(&json!({ "items": items })),
        Err(e) => failed(e),
    }
}

/// `PUT /api/admin/prices`: in force for the next checkout, and in the
/// manifests the server serves.
#[utoipa::path(
    put,
    path = "/prices",
    tag = "admin",
    summary = "Override prices (`price: null` removes an override)",
    request_body(content = PriceItems, content_type = "application/json"),
    responses(
        (status = 200, description = "Every override now in force", body = Items<Price>, content_type = "application/json"),
        (status = 400, description = "`malformed`: not JSON, or a member unknown or of the wrong type (`path` names it)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "`invalid-field`: `path` names the item and field (an unknown SKU, a currency it is not sold in, a price out of range)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn set_prices(State(api): State<Arc<Api>>, body: Bytes) -> Response {
    let req: PriceItems = match parse_json(&body) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let catalog = api.catalog.current();
    let mut items = Vec::with_capacity(req.items.len());
    for (i, it) in req.items.into_iter().enumerate() {
        let sold_in = catalog.currencies_of(&it.product_id, &it.variant_id);
        if sold_in.is_empty() {
            return invalid(
                format!("items[{i}].variant_id"),
                format!(
                    "no variant \"{}\" of product \"{}\" in the catalog",
                    it.variant_id, it.product_id
                ),
            );
        }
        if !sold_in.contains(&it.currency) {
            return invalid(
                format!("items[{i}].currency"),
                format!(
                    "this item is sold in {}, not {}",
                    sold_in.join(", "),
                    it.currency
                ),
            );
        }
        if it.price.is_some_and(|p| !(0..=MAX).contains(&p)) {
            return invalid(
                format!("items[{i}].price"),
                format!("must be from 0 to {MAX} minor units"),
            );
        }
        let remove = it.price.is_none();
        items.push((
            Price {
                product_id: it.product_id,
                variant_id: it.variant_id,
                currency: it.currency,
                price: it.price.unwrap_or(0),
            },
            remove,
        ));
    }
    let now = now_ms();
    let written = api
        .store
        .write(Kind::Other, move |c| {
            stock::set_prices(c, &items, now)?;
            stock::prices(c)
        })
        .await;
    match written {
        Ok(all) => {
            api.catalog.set_prices(to_table(&all));
            json(&json!({ "items": all }))
        }
        Err(e) => failed(e),
    }
}
