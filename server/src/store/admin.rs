//! The merchant's view of the orders: listing with filters and pages, one
//! order with its payer, address and history, status changes, and erasure
//! of personal data (the accounting row stays).

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use serde_json::Value;

/// Which orders to list. Times are ms since the epoch, `from` inclusive,
/// `to` exclusive; `before` is the page cursor (the last row's
/// `(created_ms, id)` of the previous page; newest first).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub video_id: Option<String>,
    pub statuses: Vec<String>,
    pub before: Option<(i64, String)>,
    pub limit: usize,
}

/// One order in a list: what a merchant scans, plus who bought.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Row {
    pub order_id: String,
    pub created_at: String,
    #[serde(skip)]
    pub created_ms: i64,
    pub status: String,
    pub video_id: String,
    pub currency: String,
    /// Minor units.
    pub total: i64,
    pub test: bool,
    /// `2 × Velvet Matte Lipstick (Ruby); 1 × Canvas Tote`.
    pub items: String,
    pub payer_name: Option<String>,
    pub payer_email: Option<String>,
    /// For the CSV export only (the list shows who, the order shows where).
    #[serde(skip)]
    pub payer_phone: Option<String>,
    /// The shipping address as stored (JSON), for the CSV export only.
    #[serde(skip)]
    pub shipping: Option<String>,
    pub erased: bool,
}

/// One order, whole.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Detail {
    #[serde(flatten)]
    pub row: Row,
    pub payment_method: String,
    pub authorization_id: Option<String>,
    pub payer: Option<Value>,
    pub shipping_address: Option<Value>,
    pub attribution: Option<Value>,
    pub lines: Value,
    pub events: Vec<Event>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Event {
    pub at: String,
    pub status: String,
    pub actor: String,
    pub note: Option<String>,
}

const RFC3339: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', {} / 1000.0, 'unixepoch')";

fn rfc3339(col: &str) -> String {
    RFC3339.replace("{}", col)
}

fn row_select() -> String {
    format!(
        "SELECT o.id, {}, o.created_ms, o.status, o.video_id, o.currency, o.total, o.test,
                (SELECT group_concat(l.quantity || ' × ' || l.title ||
                        CASE WHEN l.variant_label = '' THEN '' ELSE ' (' || l.variant_label || ')' END, '; ')
                   FROM order_lines l WHERE l.order_id = o.id),
                json_extract(o.payer, '$.name'), json_extract(o.payer, '$.email'),
                o.erased_ms IS NOT NULL, json_extract(o.payer, '$.phone'), o.shipping_address
         FROM orders o",
        rfc3339("o.created_ms")
    )
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        order_id: r.get(0)?,
        created_at: r.get(1)?,
        created_ms: r.get(2)?,
        status: r.get(3)?,
        video_id: r.get(4)?,
        currency: r.get(5)?,
        total: r.get(6)?,
        test: r.get(7)?,
        items: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
        payer_name: r.get(9)?,
        payer_email: r.get(10)?,
        erased: r.get(11)?,
        payer_phone: r.get(12)?,
        shipping: r.get(13)?,
    })
}

/// Orders matching `f`, newest first, at most `f.limit`.
pub fn list(conn: &Connection, f: &Filter) -> rusqlite::Result<Vec<Row>> {
    let mut sql = row_select();
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    let mut arg = |v: rusqlite::types::Value| {
        args.push(v);
        format!("?{}", args.len())
    };
    if let Some(from) = f.from_ms {
        clauses.push(format!("o.created_ms >= {}", arg(from.into())));
    }
    if let Some(to) = f.to_ms {
        clauses.push(format!("o.created_ms < {}", arg(to.into())));
    }
    if let Some(v) = &f.video_id {
        clauses.push(format!("o.video_id = {}", arg(v.clone().into())));
    }
    if !f.statuses.is_empty() {
        let list: Vec<String> = f.statuses.iter().map(|s| arg(s.clone().into())).collect();
        clauses.push(format!("o.status IN ({})", list.join(", ")));
    }
    if let Some((ms, id)) = &f.before {
        let (a, b, c) = (arg((*ms).into()), arg((*ms).into()), arg(id.clone().into()));
        clauses.push(format!(
            "(o.created_ms < {a} OR (o.created_ms = {b} AND o.id < {c}))"
        ));
    }
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    let limit = arg((f.limit as i64).into());
    sql.push_str(&format!(
        " ORDER BY o.created_ms DESC, o.id DESC LIMIT {limit}"
    ));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), row)?;
    rows.collect()
}

fn json(text: Option<String>) -> Option<Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// One order with its payer, address, lines and history.
pub fn detail(conn: &Connection, id: &str) -> rusqlite::Result<Option<Detail>> {
    let sql = format!("{} WHERE o.id = ?1", row_select());
    let Some(head) = conn.query_row(&sql, [id], row).optional()? else {
        return Ok(None);
    };
    let (payment_method, authorization_id, payer, address, attribution, updated_at) = conn
        .query_row(
            &format!(
                "SELECT payment_method, authorization_id, payer, shipping_address, attribution, {}
             FROM orders WHERE id = ?1",
                rfc3339("updated_ms")
            ),
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )?;
    let lines = super::orders::confirmation(conn, id)?
        .map(|c| serde_json::to_value(c.lines).expect("lines serialize"))
        .unwrap_or(Value::Null);
    // The ordinary path from the order's own times; the rest from its events.
    let events = conn
        .prepare(&format!(
            "SELECT {}, status, actor, note FROM (
                SELECT created_ms AS at_ms, 'pending' AS status, 'checkout' AS actor,
                       NULL AS note, 0 AS k FROM orders WHERE id = ?1
                UNION ALL SELECT authorized_ms, 'authorized', 'checkout', NULL, 1
                       FROM orders WHERE id = ?1 AND authorized_ms IS NOT NULL
                UNION ALL SELECT paid_ms, 'paid', 'capture', NULL, 2
                       FROM orders WHERE id = ?1 AND paid_ms IS NOT NULL
                UNION ALL SELECT updated_ms, 'declined', 'checkout', json_extract(answer_body, '$.detail'), 1
                       FROM orders WHERE id = ?1 AND status = 'declined'
                UNION ALL SELECT at_ms, status, actor, note, 3 FROM order_events WHERE order_id = ?1
             ) ORDER BY at_ms, k",
            rfc3339("at_ms")
        ))?
        .query_map([id], |r| {
            Ok(Event {
                at: r.get(0)?,
                status: r.get(1)?,
                actor: r.get(2)?,
                note: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Detail {
        row: head,
        payment_method,
        authorization_id,
        payer: json(payer),
        shipping_address: json(address),
        attribution: json(attribution),
        lines,
        events,
        updated_at,
    }))
}

/// The order's status, total and currency, or `None`.
pub fn status(conn: &Connection, id: &str) -> rusqlite::Result<Option<(String, i64, String)>> {
    conn.prepare_cached("SELECT status, total, currency FROM orders WHERE id = ?1")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()
}

/// Moves the order from one of `from` to `to`, returning its units to
/// stock when `restock`; false (nothing changed) if it was not in `from`.
pub fn transition(
    conn: &Connection,
    id: &str,
    from: &[&str],
    to: &str,
    restock: bool,
    note: Option<&str>,
    now: i64,
) -> rusqlite::Result<bool> {
    let Some((current, _, _)) = status(conn, id)? else {
        return Ok(false);
    };
    if !from.contains(&current.as_str()) {
        return Ok(false);
    }
    conn.prepare_cached("UPDATE orders SET status = ?2, updated_ms = ?3 WHERE id = ?1")?
        .execute(params![id, to, now])?;
    if restock {
        conn.prepare_cached(
            "UPDATE stock SET on_hand = on_hand + l.quantity
             FROM (SELECT product_id, variant_id, quantity FROM order_lines WHERE order_id = ?1) AS l
             WHERE stock.product_id = l.product_id AND stock.variant_id = l.variant_id",
        )?
        .execute([id])?;
    }
    conn.prepare_cached(
        "INSERT INTO order_events (order_id, at_ms, status, actor, note) VALUES (?1, ?2, ?3, 'merchant', ?4)",
    )?
    .execute(params![id, now, to, note])?;
    Ok(true)
}

/// Erases the payer, the address and any token; the order, its lines and
/// totals stay for the accounts. False if there is no such order.
pub fn erase(conn: &Connection, id: &str, now: i64) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE orders SET payer = NULL, shipping_address = NULL, token = NULL,
                               erased_ms = COALESCE(erased_ms, ?2), updated_ms = ?2
             WHERE id = ?1",
        )?
        .execute(params![id, now])?;
    if n == 1 {
        conn.prepare_cached(
            "INSERT INTO order_events (order_id, at_ms, status, actor, note)
             SELECT id, ?2, status, 'merchant', 'personal data erased' FROM orders WHERE id = ?1",
        )?
        .execute(params![id, now])?;
    }
    Ok(n == 1)
}
