//! Orders for the merchant: the list (filters, pages), its CSV export, one
//! order with payer and address, status changes and erasure.
//!
//! Status changes a merchant makes (server/README.md, "The order state
//! machine"): `paid → fulfilled`; `authorized → cancelled` (the
//! authorization is voided) and `paid → cancelled` (refunded), both
//! returning the units to stock; `paid | fulfilled → refunded` (refunded
//! through the gateway; the goods are out, so no units come back). Asking
//! for the status an order already has is a no-op answered 200.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use shoppable::model::checkout::CheckoutProblem;
use shoppable::model::idempotency::is_uuid;
use shoppable::model::money::decimal_string;

use super::{failed, json, parse_json};
use crate::api::Api;
use crate::gateway::{Charge, GatewayError};
use crate::limits::with_retry_after;
use crate::problem::{problem_json, Problem};
use crate::store::admin::{self, Detail, Filter, Row};
use crate::store::{now_ms, Kind};

/// Orders per page unless `limit` says otherwise; and the most.
const PAGE: usize = 50;
const MAX_PAGE: usize = 500;
/// Most rows one CSV export holds.
const MAX_CSV_ROWS: usize = 100_000;

fn bad_query(detail: String) -> Response {
    Problem::new(StatusCode::BAD_REQUEST)
        .detail(detail)
        .into_response()
}

/// `from`, `to`: RFC 3339 (`2026-11-29T10:00:00Z`), a date (`2026-11-29`,
/// midnight UTC) or milliseconds since the epoch.
fn parse_time(name: &str, v: &str) -> Result<i64, Response> {
    crate::time::parse_ms(v).ok_or_else(|| {
        bad_query(format!(
            "query parameter {name}: \"{v}\" is not a time (2026-11-29, 2026-11-29T10:00:00Z or milliseconds since 1970)"
        ))
    })
}

/// The filter from the query string; `max` bounds `limit`.
fn filter(query: Option<&str>, max: usize) -> Result<Filter, Response> {
    let mut f = Filter {
        limit: PAGE.min(max),
        ..Filter::default()
    };
    for (k, v) in url_pairs(query.unwrap_or("")) {
        // An empty value is an absent filter: an HTML form sends its empty
        // fields (`?from=&to=`), and the contract test found them refused.
        if v.is_empty() && FILTERS.contains(&k.as_str()) {
            continue;
        }
        match k.as_str() {
            "from" => f.from_ms = Some(parse_time("from", &v)?),
            "to" => f.to_ms = Some(parse_time("to", &v)?),
            "video" => f.video_id = Some(v),
            "status" => {
                for s in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if !STATUSES.contains(&s) {
                        return Err(bad_query(format!(
                            "query parameter status: \"{s}\" is not a status ({})",
                            STATUSES.join(", ")
                        )));
                    }
                    f.statuses.push(s.to_string());
                }
            }
            "limit" => {
                f.limit = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| {
                        bad_query(format!("query parameter limit: a number from 1 to {max}"))
                    })?
            }
            "cursor" => {
                let parsed = v
                    .split_once('.')
                    .and_then(|(ms, id)| Some((ms.parse::<i64>().ok()?, id.to_string())));
                f.before = Some(parsed.ok_or_else(|| {
                    bad_query(
                        "query parameter cursor: use the next_cursor of the previous page".into(),
                    )
                })?);
            }
            _ => {
                return Err(bad_query(format!(
                    "unknown query parameter {k} ({})",
                    FILTERS.join(", ")
                )))
            }
        }
    }
    Ok(f)
}

/// The filter of the list and the export, as documented (`filter` reads it
/// from the raw query, to name a bad parameter in its own words).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct OrdersFilter {
    /// Orders made at or after: RFC 3339, a date (midnight UTC) or milliseconds since 1970.
    from: Option<String>,
    /// Orders made before: same forms as `from`.
    to: Option<String>,
    /// Only this video's orders.
    video: Option<String>,
    /// Comma-separated statuses: pending, authorized, paid, fulfilled, cancelled, refunded, declined, voided.
    status: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The query parameters of the list and the export.
const FILTERS: &[&str] = &["from", "to", "video", "status", "limit", "cursor"];

/// Every status an order can have.
pub const STATUSES: &[&str] = &[
    "pending",
    "authorized",
    "paid",
    "fulfilled",
    "cancelled",
    "refunded",
    "declined",
    "voided",
];

/// `application/x-www-form-urlencoded` pairs, decoded.
pub(crate) fn url_pairs(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match u8::from_str_radix(&s[i + 1..i + 3], 16) {
                Ok(b) => {
                    out.push(b);
                    i += 2;
                }
                Err(_) => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `GET /api/admin/orders`: `{orders, next_cursor}`, newest first.
#[utoipa::path(
    get,
    path = "/orders",
    tag = "admin",
    summary = "Orders, newest first, a page at a time",
    params(
        OrdersFilter,
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 500, description = "Orders per page, 1 to 500 (default 50)"),
    ),
    responses(
        (status = 200, description = "A page of orders", body = OrdersPage, content_type = "application/json"),
        (status = 400, description = "A query parameter that is unknown or not understood (the detail names it)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn list(State(api): State<Arc<Api>>, RawQuery(q): RawQuery) -> Response {
    let f = match filter(q.as_deref(), MAX_PAGE) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let limit = f.limit;
    match api.store.read_async(move |c| admin::list(c, &f)).await {
        Ok(rows) => {
            let next = (rows.len() == limit)
                .then(|| {
                    rows.last()
                        .map(|r| format!("{}.{}", r.created_ms, r.order_id))
                })
                .flatten();
            json(&OrdersPage {
                orders: rows,
                next_cursor: next,
            })
        }
        Err(e) => failed(e),
    }
}

/// `GET /api/admin/orders.csv`: the same filter, every matching order.
#[utoipa::path(
    get,
    path = "/orders.csv",
    tag = "admin",
    summary = "Orders as CSV (formula cells neutralised)",
    params(
        OrdersFilter,
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 100000, description = "Rows at most, 1 to 100000 (default: all, up to 100000)"),
    ),
    responses(
        (status = 200, description = "Every matching order, one per row", body = String, content_type = "text/csv; charset=utf-8",
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"orders.csv\"`"))),
        (status = 400, description = "A query parameter that is unknown or not understood (the detail names it)", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn csv(State(api): State<Arc<Api>>, RawQuery(q): RawQuery) -> Response {
    let mut f = match filter(q.as_deref(), MAX_CSV_ROWS) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if !q.as_deref().unwrap_or("").contains("limit=") {
        f.limit = MAX_CSV_ROWS;
    }
    match api.store.read_async(move |c| admin::list(c, &f)).await {
        Ok(rows) => {
            let mut out = String::from(
                "order_id,created_at,status,test,video_id,currency,total,items,payer_name,payer_email,payer_phone,ship_recipient,ship_address,ship_city,ship_region,ship_postal_code,ship_country\r\n",
            );
            for r in &rows {
                csv_row(&mut out, r);
            }
            let mut res = out.into_response();
            let h = res.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            h.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"orders.csv\""),
            );
            res
        }
        Err(e) => failed(e),
    }
}

fn csv_row(out: &mut String, r: &Row) {
    let addr = r
        .shipping
        .as_deref()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .unwrap_or(serde_json::Value::Null);
    let s = |k: &str| addr[k].as_str().unwrap_or("").to_string();
    let lines = addr["address_line"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let cells = [
        r.order_id.clone(),
        r.created_at.clone(),
        r.status.clone(),
        r.test.to_string(),
        r.video_id.clone(),
        r.currency.clone(),
        decimal_string(r.total, &r.currency),
        r.items.clone(),
        r.payer_name.clone().unwrap_or_default(),
        r.payer_email.clone().unwrap_or_default(),
        r.payer_phone.clone().unwrap_or_default(),
        s("recipient"),
        lines,
        s("city"),
        s("region"),
        s("postal_code"),
        s("country"),
    ];
    let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

/// One CSV cell: a leading `= + - @` (or tab, carriage return) is
/// neutralised with a `'` so a spreadsheet never runs it as a formula
/// (OWASP, "CSV injection"); quoted when it holds a comma, quote or newline.
pub fn csv_cell(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

fn order_id(id: Result<Path<String>, PathRejection>) -> Result<String, Response> {
    let id = id.map(|Path(id)| id).unwrap_or_default();
    if is_uuid(&id) {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(not_found(&id))
    }
}

fn not_found(id: &str) -> Response {
    Problem::new(StatusCode::NOT_FOUND)
        .detail(format!("no order with id {id}"))
        .into_response()
}

async fn detail_response(api: &Arc<Api>, id: String) -> Response {
    let lookup = id.clone();
    match api
        .store
        .read_async(move |c| admin::detail(c, &lookup))
        .await
    {
        Ok(Some(d)) => json(&d),
        Ok(None) => not_found(&id),
        Err(e) => failed(e),
    }
}

/// `GET /api/admin/orders/{id}`.
#[utoipa::path(
    get,
    path = "/orders/{id}",
    tag = "admin",
    summary = "One order, whole: payer, address, lines, history",
    params(("id" = String, Path, description = "The order id (a UUID)")),
    responses(
        (status = 200, description = "The order", body = Detail, content_type = "application/json"),
        (status = 404, description = "No order with that id", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn one(State(api): State<Arc<Api>>, id: Result<Path<String>, PathRejection>) -> Response {
    match order_id(id) {
        Ok(id) => detail_response(&api, id).await,
        Err(r) => r,
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct StatusChange {
    /// `fulfilled`, `cancelled` or `refunded`.
    #[schema(pattern = "^(fulfilled|cancelled|refunded)$")]
    status: String,
    /// At most 500 characters, kept in the order's history.
    #[serde(default)]
    #[schema(max_length = 500)]
    note: Option<String>,
}

/// `GET /api/admin/orders`' answer.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct OrdersPage {
    pub orders: Vec<Row>,
    /// The `cursor` of the next page; `null` on the last.
    pub next_cursor: Option<String>,
}

/// `POST /api/admin/orders/{id}/status` `{"status": "fulfilled" | "cancelled" | "refunded", "note"?}`.
#[utoipa::path(
    post,
    path = "/orders/{id}/status",
    tag = "admin",
    summary = "Fulfil, cancel or refund an order",
    description = "`paid → fulfilled`; `authorized → cancelled` (voided) and `paid → cancelled` (refunded), units back to stock; `paid | fulfilled → refunded`. Asking for the status the order has is a no-op answered 200.",
    params(("id" = String, Path, description = "The order id (a UUID)")),
    request_body(content = StatusChange, content_type = "application/json"),
    responses(
        (status = 200, description = "The order after the change", body = Detail, content_type = "application/json"),
        (status = 400, description = "`malformed`: not JSON, or a member unknown or of the wrong type", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 404, description = "No order with that id", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 409, description = "The order cannot make that change from its status", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 422, description = "`invalid-field`: a status a merchant does not set, or a note over 500 characters", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
        (status = 502, description = "The payment service refused the void or refund", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn set_status(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Response {
    let id = match order_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let change: StatusChange = match parse_json(&body) {
        Ok(c) => c,
        Err(r) => return r,
    };
    if !["fulfilled", "cancelled", "refunded"].contains(&change.status.as_str()) {
        return problem_json(
            &CheckoutProblem::InvalidField {
                path: "status".into(),
                message: format!(
                    "\"{}\" is not a status a merchant sets (fulfilled, cancelled, refunded)",
                    change.status.escape_debug()
                ),
            }
            .document(),
        );
    }
    if change
        .note
        .as_deref()
        .is_some_and(|n| n.chars().count() > 500)
    {
        return problem_json(
            &CheckoutProblem::InvalidField {
                path: "note".into(),
                message: "at most 500 characters".into(),
            }
            .document(),
        );
    }
    // One change (or capture) of this order at a time.
    let _order = api.orders.lock(&id).await;
    let lookup = id.clone();
    let (current, total, currency) = match api
        .store
        .read_async(move |c| admin::status(c, &lookup))
        .await
    {
        Ok(Some(s)) => s,
        Ok(None) => return not_found(&id),
        Err(e) => return failed(e),
    };
    let to = change.status.as_str();
    if current == to {
        return detail_response(&api, id).await;
    }
    // (allowed from, gateway call, units back to stock)
    let plan: Option<(&[&str], Option<&str>, bool)> = match (current.as_str(), to) {
        ("paid", "fulfilled") => Some((&["paid"], None, false)),
        ("authorized", "cancelled") => Some((&["authorized"], Some("void"), true)),
        ("paid", "cancelled") => Some((&["paid"], Some("refund"), true)),
        ("paid" | "fulfilled", "refunded") => Some((&["paid", "fulfilled"], Some("refund"), false)),
        _ => None,
    };
    let Some((from, call, restock)) = plan else {
        return Problem::new(StatusCode::CONFLICT)
            .detail(format!("an order that is {current} cannot become {to}"))
            .into_response();
    };
    if let Some(call) = call {
        let Some(gateway) = api.gateway.clone() else {
            return problem_json(&CheckoutProblem::PaymentsNotConfigured.document());
        };
        let charge = Charge {
            reference: &id,
            amount: total,
            currency: &currency,
        };
        let done = match call {
            "void" => gateway.void(&id).await,
            _ => gateway.refund(charge).await,
        };
        match done {
            Ok(()) => {}
            Err(GatewayError::Unavailable(m)) => {
                eprintln!("warning: order {id}: {call}: {m}");
                return with_retry_after(
                    problem_json(&CheckoutProblem::PaymentUnavailable.document()),
                    2,
                );
            }
            Err(GatewayError::Refused(m)) => {
                eprintln!("error: order {id}: {call}: {m}");
                return Problem::new(StatusCode::BAD_GATEWAY)
                    .detail(format!("the payment service refused the {call}: {m}"))
                    .into_response();
            }
        }
    }
    let from: Vec<&'static str> = from.to_vec();
    let (to_owned, note, oid) = (to.to_string(), change.note.clone(), id.clone());
    let now = now_ms();
    let moved = api
        .store
        .write(Kind::Other, move |c| {
            admin::transition(c, &oid, &from, &to_owned, restock, note.as_deref(), now)
        })
        .await;
    match moved {
        Ok(true) => detail_response(&api, id).await,
        Ok(false) => Problem::new(StatusCode::CONFLICT)
            .detail(format!(
                "the order changed meanwhile; it can no longer become {to}"
            ))
            .into_response(),
        Err(e) => failed(e),
    }
}

/// `DELETE /api/admin/orders/{id}/personal-data`: the payer and address
/// are erased; the order and its totals stay.
#[utoipa::path(
    delete,
    path = "/orders/{id}/personal-data",
    tag = "admin",
    summary = "Erase an order's payer and address (the order and its totals stay)",
    params(("id" = String, Path, description = "The order id (a UUID)")),
    responses(
        (status = 200, description = "The order after erasure", body = Detail, content_type = "application/json"),
        (status = 404, description = "No order with that id", body = shoppable::model::checkout::ProblemDocument, content_type = "application/problem+json"),
    )
)]
pub async fn erase(
    State(api): State<Arc<Api>>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match order_id(id) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let oid = id.clone();
    let now = now_ms();
    match api
        .store
        .write(Kind::Other, move |c| admin::erase(c, &oid, now))
        .await
    {
        Ok(true) => detail_response(&api, id).await,
        Ok(false) => not_found(&id),
        Err(e) => failed(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_cells_quoted() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+1 555"), "'+1 555");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("Ada"), "Ada");
    }

    #[test]
    fn query_pairs_decode() {
        assert_eq!(
            url_pairs("status=paid%2Cfulfilled&video=hero+cut&x"),
            vec![
                ("status".into(), "paid,fulfilled".into()),
                ("video".into(), "hero cut".into()),
                ("x".into(), "".into())
            ]
        );
    }
}
