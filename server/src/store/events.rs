//! First-party analytics as counters (`POST /api/events`, the admin
//! dashboard).
//!
//! **Why counters, not a row per event.** Every question the dashboard
//! asks is a count per video (or live show), tag, kind and second of
//! video time, so that is the key of `event_counts` and an event only adds
//! 1 to its row (a batch is summed first, so 50 tag views of one tag in
//! one second are one upsert). The table grows with the catalog (videos ×
//! tags × kinds × seconds), not with traffic, and keeps no wall clock and
//! no order of events, so no viewer's session can be read back out of it.
//! Only videos, shows and tags of the catalog are counted
//! (`events.rs`), so a client cannot grow it with made-up ids.
//!
//! Revenue is never counted here: the dashboard reads it from `orders`.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use shoppable::model::beacon::Kind;

/// One counter's key and what to add to it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub video: String,
    /// `""` outside a live show.
    pub show: String,
    /// `""` for an event without a tag.
    pub tag: String,
    pub kind: u8,
    /// Whole seconds of video time (of show time for a show).
    pub second: i64,
}

/// Sums `keys` and adds each sum to its counter.
pub fn add(conn: &Connection, keys: Vec<Key>) -> rusqlite::Result<()> {
    let mut sums: BTreeMap<Key, i64> = BTreeMap::new();
    for k in keys {
        *sums.entry(k).or_default() += 1;
    }
    let mut st = conn.prepare_cached(
        "INSERT INTO event_counts (video, show, tag, kind, second, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (video, show, tag, kind, second) DO UPDATE SET n = n + excluded.n",
    )?;
    for (k, n) in sums {
        st.execute(params![k.video, k.show, k.tag, k.kind, k.second, n])?;
    }
    Ok(())
}

/// A counter as read: key and count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub video: String,
    pub show: String,
    pub tag: String,
    pub kind: Kind,
    pub second: i64,
    pub n: i64,
}

/// Every counter (the dashboard folds them; there are few: see the module docs).
pub fn counts(conn: &Connection) -> rusqlite::Result<Vec<Count>> {
    let mut st = conn.prepare_cached(
        "SELECT video, show, tag, kind, second, n FROM event_counts ORDER BY video, show, second",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (video, show, tag, kind, second, n) = row?;
        // A code this server does not know (a newer one wrote it) is skipped.
        if let Some(kind) = Kind::from_code(kind) {
            out.push(Count {
                video,
                show,
                tag,
                kind,
                second,
                n,
            });
        }
    }
    Ok(out)
}

/// Revenue of orders that were paid for (authorized, paid, fulfilled) in
/// one currency, for one video and one tag (`""`: bought without a tag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revenue {
    pub video: String,
    pub tag: String,
    pub currency: String,
    pub orders: i64,
    pub total: i64,
}

/// Orders that count as sales, per video, tag of their attribution and
/// currency. Cancelled and refunded orders are not revenue; neither are
/// declined, voided or pending attempts.
pub fn revenue(conn: &Connection) -> rusqlite::Result<Vec<Revenue>> {
    let mut st = conn.prepare_cached(
        "SELECT video_id, COALESCE(json_extract(attribution, '$.tag_id'), ''), currency,
                COUNT(*), SUM(total)
         FROM orders WHERE status IN ('authorized', 'paid', 'fulfilled')
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Revenue {
            video: r.get(0)?,
            tag: r.get(1)?,
            currency: r.get(2)?,
            orders: r.get(3)?,
            total: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// When the live show `show` started (ms since the Unix epoch), if it has.
pub fn show_started(conn: &Connection, show: &str) -> rusqlite::Result<Option<i64>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached("SELECT started_ms FROM shows WHERE id = ?1")?
        .query_row([show], |r| r.get(0))
        .optional()
}
