//! The writer thread: every checkout's reservation, charge and records, with
//! group commit.
//!
//! The thread takes whatever submissions are queued (up to [`MAX_BATCH`])
//! and carries them out in one `BEGIN IMMEDIATE` transaction, each inside its
//! own savepoint, then commits once and only then answers them all. Each
//! request stays atomic (its savepoint is released whole or rolled back
//! whole); the batch only shares the commit, and so the fsync that
//! `synchronous = FULL` costs. Under load that is one fsync per tens of
//! orders; alone, a request pays one as usual.
//!
//! Per submission, in its savepoint:
//! 1. the key's record, if any: same fingerprint → replay it; another → 422;
//! 2. a pricing refusal is answered as is (nothing recorded: it says
//!    nothing about stock or payment, and the same body gets the same
//!    answer anyway);
//! 3. in a nested savepoint: decrement stock for every line (`quantity >= n`
//!    in the `WHERE`, so it can never go below zero), charge, insert the
//!    order and its lines; a shortfall or a decline rolls this savepoint
//!    back, so stock is untouched and no order row exists;
//! 4. record the key with the fingerprint and the response (201, 402 or
//!    409), so a retry replays it without charging again.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::sync::Arc;

use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use shoppable::model::cart::display_name;
use shoppable::model::checkout::CheckoutProblem;
use tokio::sync::oneshot;

use super::{Answer, NewOrder, StoreError, Submission};
use crate::gateway::PaymentGateway;

/// Most submissions per transaction; bounds how long the first one waits.
pub const MAX_BATCH: usize = 128;

type Reply = oneshot::Sender<Result<Answer, StoreError>>;

struct Job {
    sub: Submission,
    reply: Reply,
}

/// The queue to the writer thread. Dropping it lets the thread finish what
/// is queued and end, closing the connection.
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    pub fn spawn(conn: Connection, gateway: Arc<dyn PaymentGateway>) -> Result<Writer, StoreError> {
        let (tx, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("orders-writer".into())
            .spawn(move || run(conn, rx, &*gateway))
            .map_err(|e| StoreError(format!("cannot start the orders writer thread: {e}")))?;
        Ok(Writer { tx })
    }

    /// Queues `sub`; the receiver gets its answer once it is committed.
    pub fn send(
        &self,
        sub: Submission,
    ) -> Result<oneshot::Receiver<Result<Answer, StoreError>>, StoreError> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send(Job { sub, reply })
            .map_err(|_| StoreError("orders store: the writer thread has stopped".into()))?;
        Ok(rx)
    }
}

fn run(mut conn: Connection, rx: mpsc::Receiver<Job>, gateway: &dyn PaymentGateway) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while let Ok(first) = rx.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // A panic (in a gateway, say) must not take the store down: the
        // transaction is rolled back by its drop, this batch's callers see
        // their reply channel close (500), and the thread goes on.
        let answers = catch_unwind(AssertUnwindSafe(|| commit(&mut conn, &batch, gateway)));
        match answers {
            Ok(answers) => {
                for (job, answer) in batch.drain(..).zip(answers) {
                    let _ = job.reply.send(answer);
                }
            }
            Err(_) => {
                eprintln!(
                    "error: orders writer: a batch of {} panicked and was rolled back",
                    batch.len()
                );
                batch.clear();
            }
        }
    }
}

/// One transaction for the whole batch; answers in batch order. If the
/// commit fails, nothing of the batch was stored and every answer is the error.
fn commit(
    conn: &mut Connection,
    batch: &[Job],
    gateway: &dyn PaymentGateway,
) -> Vec<Result<Answer, StoreError>> {
    let fail_all = |e: rusqlite::Error| {
        let e = StoreError::from(e);
        eprintln!("error: {e}");
        batch.iter().map(|_| Err(e.clone())).collect()
    };
    let mut tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => return fail_all(e),
    };
    let answers: Vec<_> = batch
        .iter()
        .map(|job| {
            one(&mut tx, &job.sub, gateway).map_err(|e| {
                let e = StoreError::from(e);
                eprintln!("error: checkout under key {}: {e}", job.sub.key);
                e
            })
        })
        .collect();
    match tx.commit() {
        Ok(()) => answers,
        Err(e) => fail_all(e),
    }
}

/// One submission inside the batch's transaction. An `Err` means its
/// savepoint was rolled back and nothing of it is stored.
fn one(
    tx: &mut Transaction<'_>,
    sub: &Submission,
    gateway: &dyn PaymentGateway,
) -> rusqlite::Result<Answer> {
    let prior = tx
        .prepare_cached(
            "SELECT fingerprint, status, body, order_id FROM idempotency WHERE key = ?1",
        )?
        .query_row([&sub.key], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, u16>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })
        .optional()?;
    if let Some((fingerprint, status, body, order_id)) = prior {
        return Ok(if fingerprint == sub.fingerprint as i64 {
            Answer::Recorded {
                status,
                body,
                order_id,
                replayed: true,
            }
        } else {
            Answer::Refused(CheckoutProblem::IdempotencyKeyReused)
        });
    }
    let order = match &sub.order {
        Ok(order) => order,
        Err(problem) => return Ok(Answer::Refused(problem.clone())),
    };

    let mut request = tx.savepoint_with_name("request")?;
    let refusal = {
        let mut placing = request.savepoint_with_name("placing")?;
        match place(&placing, &sub.key, order, gateway)? {
            None => {
                placing.commit()?;
                None
            }
            Some(problem) => {
                placing.rollback()?;
                placing.commit()?; // releases the (now empty) savepoint
                Some(problem)
            }
        }
    };
    let (status, body, order_id) = match refusal {
        None => (201, order.body.clone(), Some(order.id.as_str())),
        Some(p) => {
            let body = serde_json::to_string(&p.document()).expect("a problem document serializes");
            (p.status(), body, None)
        }
    };
    request
        .prepare_cached(
            "INSERT INTO idempotency (key, fingerprint, status, body, order_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        )?
        .execute(params![
            sub.key,
            sub.fingerprint as i64,
            status,
            body,
            order_id
        ])?;
    request.commit()?;
    Ok(Answer::Recorded {
        status,
        body,
        order_id: order_id.map(str::to_string),
        replayed: false,
    })
}

/// Reserves stock, charges and writes the order. `Some(problem)` when a line
/// is short or the payment is declined; the caller rolls back.
fn place(
    conn: &Connection,
    key: &str,
    order: &NewOrder,
    gateway: &dyn PaymentGateway,
) -> rusqlite::Result<Option<CheckoutProblem>> {
    let p = &order.priced;
    {
        let mut take = conn.prepare_cached(
            "UPDATE stock SET quantity = quantity - ?3
             WHERE product_id = ?1 AND variant_id = ?2 AND quantity >= ?3",
        )?;
        for (i, l) in p.lines.iter().enumerate() {
            if take.execute(params![l.product_id, l.variant_id, l.quantity])? == 0 {
                return Ok(Some(CheckoutProblem::OutOfStock {
                    path: format!("lines[{i}].variant_id"),
                    name: display_name(&l.title, &l.variant_label),
                }));
            }
        }
    }
    let charge = match gateway.charge(p.total, &p.currency, &order.token) {
        Ok(c) => c,
        Err(d) => return Ok(Some(CheckoutProblem::PaymentDeclined { reason: d.reason })),
    };
    let written = write_order(conn, key, order, &charge.0);
    if written.is_err() {
        // The money is taken but the order is not stored: a real gateway
        // would void the charge here. Say so loudly.
        eprintln!(
            "error: charge {} for order {} was taken but the order could not be stored",
            charge.0, order.id
        );
    }
    written.map(|()| None)
}

fn write_order(
    conn: &Connection,
    key: &str,
    order: &NewOrder,
    charge_id: &str,
) -> rusqlite::Result<()> {
    let p = &order.priced;
    conn.prepare_cached(
        "INSERT INTO orders (id, video_id, currency, total, status, charge_id, payment_method,
                             idempotency_key, shipping_address, payer, attribution, created_at)
         VALUES (?1, ?2, ?3, ?4, 'paid', ?5, ?6, ?7, ?8, ?9, ?10, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )?
    .execute(params![
        order.id,
        p.video_id,
        p.currency,
        p.total,
        charge_id,
        order.payment_method,
        key,
        order.shipping_address,
        order.payer,
        order.attribution,
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
