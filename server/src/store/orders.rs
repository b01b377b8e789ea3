//! The order state machine's steps, each one write on the writer
//! connection (server/README.md, "The order state machine"). The checkout
//! flow (`checkout/flow.rs`) calls the gateway between them; nothing here
//! waits on anything but SQLite.
//!
//! Units: a pending order *holds* its lines' units (`stock.held`); when it
//! is authorized they leave `on_hand` (sold); when it ends otherwise they
//! are released. So at any commit, `on_hand - held` is what a new checkout
//! may take, and `CHECK (held <= on_hand)` makes overselling impossible
//! even for a bug above.

use rusqlite::{params, Connection, OptionalExtension};
use shoppable::model::cart::display_name;
use shoppable::model::checkout::{CheckoutProblem, OrderConfirmation, PricedLine};

use super::{NewOrder, Submission};

/// An answer recorded under a key, and whether it was recorded by an
/// earlier request (a replay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub status: u16,
    pub body: String,
    pub order_id: Option<String>,
    pub replayed: bool,
}

/// A pending order, as the flow needs it to call the gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub id: String,
    pub key: String,
    pub total: i64,
    pub currency: String,
    pub token: String,
    pub created_ms: i64,
    /// The lines and the `201` body when the flow made the order just now
    /// (so recording the authorization reads nothing back); `None` for an
    /// order found in the store.
    pub made: Option<Made>,
}

/// What the flow already knows of an order it made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    pub lines: Vec<LineUnits>,
    pub body: String,
}

/// What the first step of a checkout decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Begin {
    /// The key already has its final answer (or just got one: a final
    /// refusal is recorded, `replayed: false`).
    Answer(Recorded),
    /// Refused without recording: the body can never be an order, or the
    /// key belongs to another body.
    Refused(CheckoutProblem),
    /// Units are held and the order is `pending`: ask the gateway.
    Authorize(Pending),
    /// A resumed order whose hold lapsed and whose units are gone: void its
    /// payment, then record `problem` ([`voided`]).
    Void(Pending, CheckoutProblem),
}

/// What recording an authorization did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Authorized {
    /// `201` recorded (or the key's earlier answer, if the order had moved on).
    Answer(Recorded),
    /// The hold had lapsed and the units are gone: void the payment, then
    /// record the problem with [`voided`].
    NoStock(CheckoutProblem),
}

/// Problems that are final for a key, recorded so a retry gets the same
/// answer even if the catalog changes back.
fn final_for_key(p: &CheckoutProblem) -> bool {
    matches!(
        p,
        CheckoutProblem::PriceChanged { .. }
            | CheckoutProblem::CurrencyChanged { .. }
            | CheckoutProblem::OutOfStock { .. }
            | CheckoutProblem::PaymentCancelled
            | CheckoutProblem::DealOver
            | CheckoutProblem::DealSoldOut
            | CheckoutProblem::DealLimitReached { .. }
    )
}

fn problem_body(p: &CheckoutProblem) -> String {
    serde_json::to_string(&p.document()).expect("a problem document serializes")
}

/// Records the final answer of a key that made no order.
fn record(
    conn: &Connection,
    key: &str,
    fingerprint: i64,
    status: u16,
    body: &str,
    now: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO idempotency (key, fingerprint, status, body, created_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![key, fingerprint, status, body, now])?;
    Ok(())
}

/// The answer recorded for a key that made no order.
fn recorded_for(conn: &Connection, key: &str) -> rusqlite::Result<Option<(i64, Recorded)>> {
    conn.prepare_cached("SELECT fingerprint, status, body FROM idempotency WHERE key = ?1")?
        .query_row([key], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Recorded {
                    status: r.get(1)?,
                    body: r.get(2)?,
                    order_id: None,
                    replayed: true,
                },
            ))
        })
        .optional()
}

fn event(
    conn: &Connection,
    order_id: &str,
    status: &str,
    actor: &str,
    note: Option<&str>,
    now: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO order_events (order_id, at_ms, status, actor, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![order_id, now, status, actor, note])?;
    Ok(())
}

/// One line's SKU and units, with its names for an out-of-stock message:
/// `(product, variant, quantity, title, variant label)`.
pub type LineUnits = (String, String, i64, String, String);

/// The lines of an order as `(product, variant, quantity, title, label)`.
fn lines(conn: &Connection, order_id: &str) -> rusqlite::Result<Vec<LineUnits>> {
    conn.prepare_cached(
        "SELECT product_id, variant_id, quantity, title, variant_label FROM order_lines
         WHERE order_id = ?1 ORDER BY line_no",
    )?
    .query_map([order_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?
    .collect()
}

/// A live deal's share of an order: the deal, the buyer's keyed hash and
/// the units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealHold {
    pub show: String,
    pub deal_id: String,
    pub buyer: String,
    pub quantity: i64,
}

/// The clock and the deals' allowance for viewer delay, for holds.
#[derive(Debug, Clone, Copy)]
pub struct Now {
    pub ms: i64,
    pub deal_allowance_ms: i64,
}

/// Takes `n` units of each line into `held`, and the deal's share when
/// there is one, all or none (what was taken before a refusal is given
/// back); `Some(problem)` naming the first line that is short, or why the
/// deal cannot take it.
fn hold(
    conn: &Connection,
    wanted: &[LineUnits],
    deal: Option<&DealHold>,
    now: Now,
) -> rusqlite::Result<Option<CheckoutProblem>> {
    let mut take = conn.prepare_cached(
        "UPDATE stock SET held = held + ?3
         WHERE product_id = ?1 AND variant_id = ?2 AND on_hand - held >= ?3",
    )?;
    for (i, (p, v, n, title, label)) in wanted.iter().enumerate() {
        if take.execute(params![p, v, n])? == 0 {
            give_back(conn, &wanted[..i])?;
            return Ok(Some(CheckoutProblem::OutOfStock {
                path: format!("lines[{i}].variant_id"),
                name: display_name(title, label),
            }));
        }
    }
    if let Some(d) = deal {
        if let Some(problem) = hold_deal(conn, d, now)? {
            give_back(conn, wanted)?;
            return Ok(Some(problem));
        }
    }
    Ok(None)
}

/// Held stock units back.
fn give_back(conn: &Connection, lines: &[LineUnits]) -> rusqlite::Result<()> {
    let mut give = conn.prepare_cached(
        "UPDATE stock SET held = held - ?3 WHERE product_id = ?1 AND variant_id = ?2",
    )?;
    for (p, v, n, _, _) in lines {
        give.execute(params![p, v, n])?;
    }
    Ok(())
}

/// The deal's checks at the hold, on the server's clock: a unit left
/// (offered − held − sold), open (its window plus the allowance), the buyer
/// under the per-buyer limit; then the units and the buyer's quota held.
fn hold_deal(
    conn: &Connection,
    d: &DealHold,
    now: Now,
) -> rusqlite::Result<Option<CheckoutProblem>> {
    let Some(row) = super::live::deal(conn, &d.show, &d.deal_id)? else {
        return Ok(Some(CheckoutProblem::DealOver));
    };
    let window = shoppable::model::live::deal::Window {
        opened_ms: row.opened_ms,
        duration_ms: row.deal.duration_ms(),
        ended_ms: row.ended_ms,
        allowance_ms: now.deal_allowance_ms,
    };
    let left = i64::from(row.deal.units) - row.held - row.sold;
    if left <= 0 {
        return Ok(Some(CheckoutProblem::DealSoldOut));
    }
    if !window.open_at(now.ms) {
        return Ok(Some(CheckoutProblem::DealOver));
    }
    if left < d.quantity {
        return Ok(Some(CheckoutProblem::DealSoldOut));
    }
    let mine: i64 = conn
        .prepare_cached(
            "SELECT held + bought FROM deal_buyers WHERE show = ?1 AND deal_id = ?2 AND buyer = ?3",
        )?
        .query_row(params![d.show, d.deal_id, d.buyer], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    if mine + d.quantity > i64::from(row.deal.per_buyer) {
        return Ok(Some(CheckoutProblem::DealLimitReached {
            limit: row.deal.per_buyer,
        }));
    }
    conn.prepare_cached("UPDATE deals SET held = held + ?3 WHERE show = ?1 AND id = ?2")?
        .execute(params![d.show, d.deal_id, d.quantity])?;
    conn.prepare_cached(
        "INSERT INTO deal_buyers (show, deal_id, buyer, held) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (show, deal_id, buyer) DO UPDATE SET held = held + excluded.held",
    )?
    .execute(params![d.show, d.deal_id, d.buyer, d.quantity])?;
    Ok(None)
}

/// The deal share of an order, if it has one.
fn deal_of(conn: &Connection, order_id: &str) -> rusqlite::Result<Option<DealHold>> {
    conn.prepare_cached(
        "SELECT o.deal_show, o.deal_id, o.deal_buyer,
                (SELECT SUM(quantity) FROM order_lines WHERE order_id = o.id)
         FROM orders o WHERE o.id = ?1 AND o.deal_id IS NOT NULL",
    )?
    .query_row([order_id], |r| {
        Ok(DealHold {
            show: r.get(0)?,
            deal_id: r.get(1)?,
            buyer: r.get(2)?,
            quantity: r.get(3)?,
        })
    })
    .optional()
}

/// Moves a deal share out of `held`: into `sold` (and the buyer's
/// `bought`) when the order was authorized, or back to the deal.
fn settle_deal(conn: &Connection, d: &DealHold, sold: bool) -> rusqlite::Result<()> {
    let (deal_sql, buyer_sql) = if sold {
        (
            "UPDATE deals SET held = held - ?3, sold = sold + ?3 WHERE show = ?1 AND id = ?2",
            "UPDATE deal_buyers SET held = held - ?4, bought = bought + ?4
             WHERE show = ?1 AND deal_id = ?2 AND buyer = ?3",
        )
    } else {
        (
            "UPDATE deals SET held = held - ?3 WHERE show = ?1 AND id = ?2",
            "UPDATE deal_buyers SET held = held - ?4 WHERE show = ?1 AND deal_id = ?2 AND buyer = ?3",
        )
    };
    conn.prepare_cached(deal_sql)?
        .execute(params![d.show, d.deal_id, d.quantity])?;
    conn.prepare_cached(buyer_sql)?
        .execute(params![d.show, d.deal_id, d.buyer, d.quantity])?;
    Ok(())
}

/// Gives held units (and a deal's held share) back.
fn release(conn: &Connection, order_id: &str) -> rusqlite::Result<()> {
    give_back(conn, &lines(conn, order_id)?)?;
    if let Some(d) = deal_of(conn, order_id)? {
        settle_deal(conn, &d, false)?;
    }
    Ok(())
}

/// Step 1 of a checkout, under the key's lock (`checkout/keys.rs`): the
/// key's recorded answer, or a resumed pending order, or a new pending
/// order with its units held, or a refusal.
pub fn begin(
    conn: &Connection,
    sub: &Submission,
    hold_ms: i64,
    clock: Now,
) -> rusqlite::Result<Begin> {
    let now = clock.ms;
    let fp = sub.fingerprint as i64;
    // An order under this key: answered already, or pending (an earlier
    // request did not finish).
    let earlier = conn
        .prepare_cached(
            "SELECT id, fingerprint, answer_status, answer_body, total, currency,
                    COALESCE(token, ''), hold_until, created_ms
             FROM orders WHERE idempotency_key = ?1",
        )?
        .query_row([&sub.key], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<u16>>(2)?,
                r.get::<_, Option<String>>(3)?,
                Pending {
                    id: r.get(0)?,
                    key: sub.key.clone(),
                    total: r.get(4)?,
                    currency: r.get(5)?,
                    token: r.get(6)?,
                    created_ms: r.get(8)?,
                    made: None,
                },
                r.get::<_, Option<i64>>(7)?,
            ))
        })
        .optional()?;
    if let Some((id, recorded_fp, status, body, pending, hold_until)) = earlier {
        if recorded_fp != fp {
            return Ok(Begin::Refused(CheckoutProblem::IdempotencyKeyReused));
        }
        if let (Some(status), Some(body)) = (status, body) {
            return Ok(Begin::Answer(Recorded {
                status,
                body,
                order_id: (status == 201).then_some(id),
                replayed: true,
            }));
        }
        if hold_until.is_none() {
            let deal = deal_of(conn, &id)?;
            if let Some(problem) = hold(conn, &lines(conn, &id)?, deal.as_ref(), clock)? {
                return Ok(Begin::Void(pending, problem));
            }
        }
        conn.prepare_cached("UPDATE orders SET hold_until = ?2, updated_ms = ?3 WHERE id = ?1")?
            .execute(params![id, now + hold_ms, now])?;
        return Ok(Begin::Authorize(pending));
    }
    if let Some((recorded_fp, answer)) = recorded_for(conn, &sub.key)? {
        return Ok(if recorded_fp == fp {
            Begin::Answer(answer)
        } else {
            Begin::Refused(CheckoutProblem::IdempotencyKeyReused)
        });
    }
    let order = match &sub.order {
        Ok(order) => order,
        Err(problem) if final_for_key(problem) => {
            let body = problem_body(problem);
            record(conn, &sub.key, fp, problem.status(), &body, now)?;
            return Ok(Begin::Answer(Recorded {
                status: problem.status(),
                body,
                order_id: None,
                replayed: false,
            }));
        }
        Err(problem) => return Ok(Begin::Refused(problem.clone())),
    };
    let wanted: Vec<LineUnits> = order
        .priced
        .lines
        .iter()
        .map(|l| {
            (
                l.product_id.clone(),
                l.variant_id.clone(),
                i64::from(l.quantity),
                l.title.clone(),
                l.variant_label.clone(),
            )
        })
        .collect();
    if let Some(problem) = hold(conn, &wanted, sub.deal.as_ref(), clock)? {
        let body = problem_body(&problem);
        record(conn, &sub.key, fp, problem.status(), &body, now)?;
        return Ok(Begin::Answer(Recorded {
            status: problem.status(),
            body,
            order_id: None,
            replayed: false,
        }));
    }
    insert_pending(conn, sub, order, hold_ms, now)?;
    Ok(Begin::Authorize(Pending {
        id: order.id.clone(),
        key: sub.key.clone(),
        total: order.priced.total,
        currency: order.priced.currency.clone(),
        token: order.token.clone(),
        created_ms: now,
        made: Some(Made {
            lines: wanted,
            body: order.body.clone(),
        }),
    }))
}

fn insert_pending(
    conn: &Connection,
    sub: &Submission,
    order: &NewOrder,
    hold_ms: i64,
    now: i64,
) -> rusqlite::Result<()> {
    let p = &order.priced;
    conn.prepare_cached(
        "INSERT INTO orders (id, idempotency_key, fingerprint, video_id, currency, total, status, test,
                             payment_method, token, hold_until, shipping_address, payer, attribution,
                             deal_show, deal_id, deal_buyer, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
    )?
    .execute(params![
        order.id,
        sub.key,
        sub.fingerprint as i64,
        p.video_id,
        p.currency,
        p.total,
        sub.test,
        order.payment_method,
        order.token,
        now + hold_ms,
        order.shipping_address,
        order.payer,
        order.attribution,
        sub.deal.as_ref().map(|d| &d.show),
        sub.deal.as_ref().map(|d| &d.deal_id),
        sub.deal.as_ref().map(|d| &d.buyer),
        now,
    ])?;
    let mut line = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, line_no, product_id, variant_id, title, variant_label,
                                  quantity, unit_price, line_total)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (i, l) in p.lines.iter().enumerate() {
        line.execute(params![
            order.id,
            i as i64,
            l.product_id,
            l.variant_id,
            l.title,
            l.variant_label,
            l.quantity,
            l.unit_price,
            l.line_total
        ])?;
    }
    Ok(())
}

/// The order's status and whether its units are held.
fn head(conn: &Connection, order_id: &str) -> rusqlite::Result<(String, Option<i64>)> {
    conn.prepare_cached("SELECT status, hold_until FROM orders WHERE id = ?1")?
        .query_row([order_id], |r| Ok((r.get(0)?, r.get(1)?)))
}

/// The answer recorded in an order that has already left `pending`.
fn answer_of(conn: &Connection, order_id: &str) -> rusqlite::Result<Recorded> {
    conn.prepare_cached("SELECT answer_status, answer_body FROM orders WHERE id = ?1")?
        .query_row([order_id], |r| {
            let status: u16 = r.get(0)?;
            Ok(Recorded {
                status,
                body: r.get(1)?,
                order_id: (status == 201).then(|| order_id.to_string()),
                replayed: true,
            })
        })
}

/// The gateway approved: the units leave `on_hand` (from the hold, or, if
/// the hold lapsed, from what is available now), the order is
/// `authorized`, and its `201` is recorded in it. `made` spares reading
/// the order back when the flow made it just now.
pub fn authorized(
    conn: &Connection,
    order_id: &str,
    authorization_id: &str,
    made: Option<&Made>,
    clock: Now,
) -> rusqlite::Result<Authorized> {
    let now = clock.ms;
    let (status, hold_until) = head(conn, order_id)?;
    if status != "pending" {
        return Ok(Authorized::Answer(answer_of(conn, order_id)?));
    }
    let read;
    let (wanted, body) = match made {
        Some(m) => (&m.lines, m.body.clone()),
        None => {
            read = lines(conn, order_id)?;
            let c = confirmation(conn, order_id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
            (
                &read,
                serde_json::to_string(&c).expect("a confirmation serializes"),
            )
        }
    };
    let deal = deal_of(conn, order_id)?;
    if hold_until.is_none() {
        if let Some(problem) = hold(conn, wanted, deal.as_ref(), clock)? {
            return Ok(Authorized::NoStock(problem));
        }
    }
    let mut sell = conn.prepare_cached(
        "UPDATE stock SET on_hand = on_hand - ?3, held = held - ?3 WHERE product_id = ?1 AND variant_id = ?2",
    )?;
    for (p, v, n, _, _) in wanted {
        sell.execute(params![p, v, n])?;
    }
    if let Some(d) = &deal {
        settle_deal(conn, d, true)?;
    }
    conn.prepare_cached(
        "UPDATE orders SET status = 'authorized', authorization_id = ?2, token = NULL,
                           hold_until = NULL, answer_status = 201, answer_body = ?3,
                           authorized_ms = ?4, updated_ms = ?4
         WHERE id = ?1",
    )?
    .execute(params![order_id, authorization_id, body, now])?;
    Ok(Authorized::Answer(Recorded {
        status: 201,
        body,
        order_id: Some(order_id.to_string()),
        replayed: false,
    }))
}

/// A pending order ends without money: `declined` (402) or `voided`
/// (`problem`, a 409). Held units are released; the answer is recorded.
fn end_pending(
    conn: &Connection,
    order_id: &str,
    status: &str,
    problem: &CheckoutProblem,
    actor: &str,
    now: i64,
) -> rusqlite::Result<Recorded> {
    let (current, hold_until) = head(conn, order_id)?;
    if current != "pending" {
        return answer_of(conn, order_id);
    }
    if hold_until.is_some() {
        release(conn, order_id)?;
    }
    let body = problem_body(problem);
    conn.prepare_cached(
        "UPDATE orders SET status = ?2, token = NULL, hold_until = NULL, answer_status = ?3,
                           answer_body = ?4, updated_ms = ?5
         WHERE id = ?1",
    )?
    .execute(params![order_id, status, problem.status(), body, now])?;
    if status == "voided" {
        event(conn, order_id, status, actor, Some(&problem.detail()), now)?;
    }
    Ok(Recorded {
        status: problem.status(),
        body,
        order_id: None,
        replayed: false,
    })
}

/// The gateway declined: `402`, final for the key.
pub fn declined(
    conn: &Connection,
    order_id: &str,
    reason: &str,
    now: i64,
) -> rusqlite::Result<Recorded> {
    let problem = CheckoutProblem::PaymentDeclined {
        reason: reason.to_string(),
    };
    end_pending(conn, order_id, "declined", &problem, "checkout", now)
}

/// The payment was voided (or never happened and never will): final for
/// the key with `problem` (`payment-cancelled`, or `out-of-stock` when the
/// units went while the hold had lapsed).
pub fn voided(
    conn: &Connection,
    order_id: &str,
    problem: &CheckoutProblem,
    actor: &str,
    now: i64,
) -> rusqlite::Result<Recorded> {
    end_pending(conn, order_id, "voided", problem, actor, now)
}

/// Releases the units of pending orders whose hold ran out, except those
/// whose key is being worked on right now (`busy`). Their orders stay
/// pending: a retry under the key takes the units again if it can.
pub fn release_lapsed(
    conn: &Connection,
    now: i64,
    busy: &dyn Fn(&str) -> bool,
) -> rusqlite::Result<usize> {
    let lapsed: Vec<(String, String)> = conn
        .prepare_cached(
            "SELECT id, idempotency_key FROM orders WHERE status = 'pending' AND hold_until < ?1",
        )?
        .query_map([now], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut n = 0;
    for (id, key) in lapsed {
        if busy(&key) {
            continue;
        }
        release(conn, &id)?;
        conn.prepare_cached("UPDATE orders SET hold_until = NULL, updated_ms = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
        event(
            conn,
            &id,
            "pending",
            "sweeper",
            Some("hold lapsed; units released"),
            now,
        )?;
        n += 1;
    }
    Ok(n)
}

/// Pending orders created before `before_ms`, oldest first.
pub fn pending_before(conn: &Connection, before_ms: i64) -> rusqlite::Result<Vec<Pending>> {
    conn.prepare_cached(
        "SELECT id, idempotency_key, total, currency, COALESCE(token, ''), created_ms FROM orders
         WHERE status = 'pending' AND created_ms < ?1 ORDER BY created_ms LIMIT 500",
    )?
    .query_map([before_ms], |r| {
        Ok(Pending {
            id: r.get(0)?,
            key: r.get(1)?,
            total: r.get(2)?,
            currency: r.get(3)?,
            token: r.get(4)?,
            created_ms: r.get(5)?,
            made: None,
        })
    })?
    .collect()
}

/// Authorized orders still to capture: `(id, total, currency)`.
pub fn to_capture(conn: &Connection) -> rusqlite::Result<Vec<(String, i64, String)>> {
    conn.prepare_cached("SELECT id, total, currency FROM orders WHERE status = 'authorized' ORDER BY created_ms LIMIT 1000")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect()
}

/// Captured: `authorized` → `paid`. False when the order had moved on.
pub fn paid(conn: &Connection, order_id: &str, now: i64) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached("UPDATE orders SET status = 'paid', updated_ms = ?2 WHERE id = ?1 AND status = 'authorized'")?
        .execute(params![order_id, now])?;
    if n == 1 {
        event(conn, order_id, "paid", "capture", None, now)?;
    }
    Ok(n == 1)
}

/// Forgets what only mattered for a day: idempotency records that made no
/// lasting order, and the declined and voided attempts with their
/// personal data. Orders that were authorized keep their key for ever.
pub fn expire(conn: &Connection, before_ms: i64) -> rusqlite::Result<usize> {
    let keys = conn.execute("DELETE FROM idempotency WHERE created_ms < ?1", [before_ms])?;
    let orders = conn.execute(
        "DELETE FROM orders WHERE status IN ('declined', 'voided') AND updated_ms < ?1",
        [before_ms],
    )?;
    Ok(keys + orders)
}

/// The confirmation of an order, rebuilt from its rows.
pub fn confirmation(
    conn: &Connection,
    order_id: &str,
) -> rusqlite::Result<Option<OrderConfirmation>> {
    let head = conn
        .prepare_cached("SELECT currency, total, test FROM orders WHERE id = ?1")?
        .query_row([order_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })
        .optional()?;
    let Some((currency, total, test)) = head else {
        return Ok(None);
    };
    let lines = conn
        .prepare_cached(
            "SELECT product_id, variant_id, title, variant_label, quantity, unit_price, line_total
             FROM order_lines WHERE order_id = ?1 ORDER BY line_no",
        )?
        .query_map([order_id], |r| {
            Ok(PricedLine {
                product_id: r.get(0)?,
                variant_id: r.get(1)?,
                title: r.get(2)?,
                variant_label: r.get(3)?,
                quantity: r.get(4)?,
                unit_price: r.get(5)?,
                line_total: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(OrderConfirmation {
        order_id: order_id.to_string(),
        total,
        currency,
        lines,
        test,
    }))
}
