//! Live shows in the store: the event log (sequence numbers are the log's
//! order, so a restarted server serves the same state and sequence), the
//! deals with their units, and the likes' running total.

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};
use shoppable::model::live::{Deal, EndReason, Event, Kind, ShowState};

/// What the hub needs of a show at start: the fold, the recent events, likes.
pub struct Loaded {
    pub state: ShowState,
    pub recent: Vec<Event>,
    pub likes: u64,
    /// The program date the show ended at (its `show_end`'s `at`).
    pub ended_at: Option<i64>,
}

/// Every event of `show` folded, with those committed at or after
/// `recent_from_ms` kept as they are (a snapshot's window).
pub fn load(conn: &Connection, show: &str, recent_from_ms: i64) -> rusqlite::Result<Loaded> {
    let mut state = ShowState::default();
    let mut recent = Vec::new();
    let mut ended_at = None;
    let mut stmt = conn
        .prepare_cached("SELECT body, server_ms FROM live_events WHERE show = ?1 ORDER BY seq")?;
    let rows = stmt.query_map([show], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (body, server_ms) = row?;
        let e: Event = serde_json::from_str(&body).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })?;
        if e.kind == Kind::ShowEnd {
            ended_at = Some(e.at.unwrap_or(e.server_ms));
        }
        if server_ms >= recent_from_ms {
            recent.push(e);
        } else {
            state.apply(&e);
        }
    }
    let likes: i64 = conn
        .prepare_cached("SELECT likes FROM shows WHERE id = ?1")?
        .query_row([show], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    Ok(Loaded {
        state,
        recent,
        likes: likes.max(0) as u64,
        ended_at,
    })
}

/// Events of `show` after `seq`, in order.
pub fn after(conn: &Connection, show: &str, seq: u64) -> rusqlite::Result<Vec<Event>> {
    conn.prepare_cached("SELECT body FROM live_events WHERE show = ?1 AND seq > ?2 ORDER BY seq")?
        .query_map(params![show, seq as i64], |r| r.get::<_, String>(0))?
        .map(|b| {
            let b = b?;
            serde_json::from_str(&b).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        })
        .collect()
}

/// What to append: the kind, except that a deal start's id is made here
/// from its sequence number.
pub enum Append {
    Kind(Kind),
    DealStart {
        product: String,
        variant: Option<String>,
        price: i64,
        units: u32,
        per_buyer: u32,
        duration_s: u32,
    },
}

/// Appends one event to `show`'s log (the show starts with its first) and
/// applies it to the deals: a deal start opens a deal row, a deal end or
/// the show's end closes them. Returns the event as sent.
pub fn append(
    conn: &Connection,
    show: &str,
    video_id: &str,
    at: Option<i64>,
    what: Append,
    now: i64,
) -> rusqlite::Result<Event> {
    let seq: i64 = conn
        .prepare_cached("SELECT COALESCE(MAX(seq), 0) + 1 FROM live_events WHERE show = ?1")?
        .query_row([show], |r| r.get(0))?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO shows (id, video_id, started_ms) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![show, video_id, now])?;
    let kind = match what {
        Append::Kind(k) => k,
        Append::DealStart {
            product,
            variant,
            price,
            units,
            per_buyer,
            duration_s,
        } => {
            let deal = Deal {
                id: format!("d{seq}"),
                product,
                variant,
                price,
                units,
                per_buyer,
                duration_s,
            };
            conn.prepare_cached(
                "INSERT INTO deals (show, id, product_id, variant_id, price, units, per_buyer,
                                    duration_ms, opened_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                show,
                deal.id,
                deal.product,
                deal.variant,
                deal.price,
                deal.units,
                deal.per_buyer,
                deal.duration_ms(),
                now
            ])?;
            Kind::DealStart { deal }
        }
    };
    match &kind {
        Kind::DealEnd { deal, reason } => {
            conn.prepare_cached(
                "UPDATE deals SET ended_ms = COALESCE(ended_ms, ?3), end_reason = COALESCE(end_reason, ?4)
                 WHERE show = ?1 AND id = ?2",
            )?
            .execute(params![show, deal, now, reason_name(*reason)])?;
        }
        Kind::ShowEnd => {
            conn.prepare_cached(
                "UPDATE deals SET ended_ms = ?2, end_reason = 'show_end' WHERE show = ?1 AND ended_ms IS NULL",
            )?
            .execute(params![show, now])?;
            conn.prepare_cached("UPDATE shows SET ended_ms = ?2 WHERE id = ?1")?
                .execute(params![show, now])?;
        }
        _ => {}
    }
    let event = Event {
        seq: seq as u64,
        at,
        server_ms: now,
        kind,
    };
    let body = serde_json::to_string(&event).expect("an event serializes");
    conn.prepare_cached(
        "INSERT INTO live_events (show, seq, at_ms, server_ms, body) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![show, seq, at, now, body])?;
    Ok(event)
}

fn reason_name(r: EndReason) -> &'static str {
    match r {
        EndReason::Time => "time",
        EndReason::SoldOut => "sold_out",
        EndReason::Host => "host",
        EndReason::ShowEnd => "show_end",
    }
}

/// One deal's terms and counters, as the hold step checks them.
#[derive(Debug, Clone)]
pub struct DealRow {
    pub deal: Deal,
    pub opened_ms: i64,
    pub ended_ms: Option<i64>,
    pub held: i64,
    pub sold: i64,
}

pub fn deal(conn: &Connection, show: &str, id: &str) -> rusqlite::Result<Option<DealRow>> {
    conn.prepare_cached(
        "SELECT product_id, variant_id, price, units, per_buyer, duration_ms, opened_ms, ended_ms, held, sold
         FROM deals WHERE show = ?1 AND id = ?2",
    )?
    .query_row(params![show, id], |r| {
        Ok(DealRow {
            deal: Deal {
                id: id.to_string(),
                product: r.get(0)?,
                variant: r.get(1)?,
                price: r.get(2)?,
                units: r.get(3)?,
                per_buyer: r.get(4)?,
                duration_s: (r.get::<_, i64>(5)? / 1000) as u32,
            },
            opened_ms: r.get(6)?,
            ended_ms: r.get(7)?,
            held: r.get(8)?,
            sold: r.get(9)?,
        })
    })
    .optional()
}

/// Units left per open deal of `show`: offered − held − sold.
pub fn deals_left(conn: &Connection, show: &str) -> rusqlite::Result<BTreeMap<String, u32>> {
    conn.prepare_cached(
        "SELECT id, units - held - sold FROM deals WHERE show = ?1 AND ended_ms IS NULL",
    )?
    .query_map([show], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.max(0) as u32))
    })?
    .collect()
}

/// Deals that must end by themselves, with why: every unit sold, or the
/// window (duration plus `allowance_ms`) over at `now`.
pub fn due_ends(
    conn: &Connection,
    now: i64,
    allowance_ms: i64,
) -> rusqlite::Result<Vec<(String, String, EndReason)>> {
    conn.prepare_cached(
        "SELECT show, id, sold >= units FROM deals
         WHERE ended_ms IS NULL AND (sold >= units OR opened_ms + duration_ms + ?2 < ?1)",
    )?
    .query_map(params![now, allowance_ms], |r| {
        let sold_out: bool = r.get(2)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            if sold_out {
                EndReason::SoldOut
            } else {
                EndReason::Time
            },
        ))
    })?
    .collect()
}

/// Units available per `product/variant` among `products`.
pub fn stock_of(conn: &Connection, products: &[String]) -> rusqlite::Result<BTreeMap<String, i64>> {
    let mut out = BTreeMap::new();
    let mut stmt =
        conn.prepare_cached("SELECT variant_id, on_hand - held FROM stock WHERE product_id = ?1")?;
    for p in products {
        for row in stmt.query_map([p], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (v, n) = row?;
            out.insert(format!("{p}/{v}"), n.max(0));
        }
    }
    Ok(out)
}

/// Stores the likes' running total.
pub fn set_likes(conn: &Connection, show: &str, likes: u64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE shows SET likes = ?2 WHERE id = ?1")?
        .execute(params![show, likes as i64])?;
    Ok(())
}

/// A show's sales for its producer: orders of its video placed from its
/// start until its end plus `allowance_ms`, counted once authorized (and
/// not cancelled or refunded since), and every deal it opened.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Sales {
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub orders: u64,
    pub units_sold: u64,
    /// Minor units of the manifest's currency.
    pub revenue: i64,
    pub deals: Vec<DealFigures>,
}

/// One deal's terms and counts.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DealFigures {
    #[serde(flatten)]
    pub deal: Deal,
    pub held: i64,
    pub sold: i64,
    /// Offered − held − sold.
    pub left: i64,
    pub open: bool,
    pub end_reason: Option<String>,
}

pub fn sales(
    conn: &Connection,
    show: &str,
    video_id: &str,
    allowance_ms: i64,
) -> rusqlite::Result<Sales> {
    let Some((started, ended)) = conn
        .prepare_cached("SELECT started_ms, ended_ms FROM shows WHERE id = ?1")?
        .query_row([show], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
        })
        .optional()?
    else {
        return Ok(Sales::default());
    };
    let until = ended.map_or(i64::MAX, |e| e.saturating_add(allowance_ms));
    const SOLD: &str = "o.video_id = ?1 AND o.created_ms >= ?2 AND o.created_ms <= ?3
                        AND o.status IN ('authorized', 'paid', 'fulfilled')";
    let (orders, revenue): (i64, i64) = conn
        .prepare_cached(&format!(
            "SELECT COUNT(*), COALESCE(SUM(o.total), 0) FROM orders o WHERE {SOLD}"
        ))?
        .query_row(params![video_id, started, until], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let units: i64 = conn
        .prepare_cached(&format!(
            "SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE {SOLD}"
        ))?
        .query_row(params![video_id, started, until], |r| r.get(0))?;
    let deals = conn
        .prepare_cached(
            "SELECT id, product_id, variant_id, price, units, per_buyer, duration_ms, held, sold, ended_ms, end_reason
             FROM deals WHERE show = ?1 ORDER BY opened_ms",
        )?
        .query_map([show], |r| {
            let deal = Deal {
                id: r.get(0)?,
                product: r.get(1)?,
                variant: r.get(2)?,
                price: r.get(3)?,
                units: r.get(4)?,
                per_buyer: r.get(5)?,
                duration_s: (r.get::<_, i64>(6)? / 1000) as u32,
            };
            let (held, sold): (i64, i64) = (r.get(7)?, r.get(8)?);
            Ok(DealFigures {
                left: (i64::from(deal.units) - held - sold).max(0),
                deal,
                held,
                sold,
                open: r.get::<_, Option<i64>>(9)?.is_none(),
                end_reason: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Sales {
        started_ms: Some(started),
        ended_ms: ended,
        orders: orders.max(0) as u64,
        units_sold: units.max(0) as u64,
        revenue,
        deals,
    })
}
