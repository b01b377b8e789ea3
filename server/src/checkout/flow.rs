//! One checkout through the order state machine (server/README.md, "The
//! order state machine"), run as its own task so that nothing a client does
//! (disconnecting, timing out) can stop it between the gateway and the
//! store: an authorization is always followed by the write that records it.
//!
//! ```text
//! lock the key ─▶ begin (write: replay | refuse | hold units, pending)
//!                   │
//!                   ▼
//!             gateway.authorize (on the runtime, many at once)
//!               │ approved            │ declined        │ no answer
//!               ▼                     ▼                 ▼
//!   write: authorized, 201     write: declined, 402   503 payment-unavailable
//!               │                                     (pending: a retry resumes,
//!               ▼                                      the reaper ends it)
//!   capture (after the answer, retried) ─▶ write: paid
//! ```

use std::sync::Arc;
use std::time::Duration;

use shoppable::model::checkout::CheckoutProblem;

use crate::api::Api;
use crate::gateway::{Authorization, Charge, GatewayError};
use crate::store::orders::{self, Authorized, Begin, Pending, Recorded};
use crate::store::{now_ms, Kind, StoreError, Submission};

/// What the handler answers.
#[derive(Debug)]
pub enum Reply {
    /// An answer recorded under the key (new or replayed).
    Recorded(Recorded),
    /// A refusal that is not recorded, with `Retry-After` seconds for 5xx/429.
    Problem(CheckoutProblem),
    /// The store failed; the same key may be retried.
    Store(StoreError),
}

/// Test-only stalls (server/README.md, "Fault injection"): the flow sleeps
/// there for an hour, so a test can kill the process at that exact point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stall {
    AfterAuthorize,
    BeforeCapture,
}

async fn stall_at(api: &Api, at: Stall) {
    if api.settings.stalls.contains(&at) {
        eprintln!("test fault: stalled at {at:?}");
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}

/// Runs one submission to its answer. Holds the key's lock throughout.
pub async fn run(api: Arc<Api>, sub: Submission) -> Reply {
    let _key = api.keys.lock(&sub.key).await;
    let hold_ms = api.settings.hold.as_millis() as i64;
    let clock = api.now();
    let begun = api
        .store
        .write(Kind::Other, move |c| orders::begin(c, &sub, hold_ms, clock))
        .await;
    match begun {
        Err(e) => Reply::Store(e),
        Ok(Begin::Answer(r)) => Reply::Recorded(r),
        Ok(Begin::Refused(p)) => Reply::Problem(p),
        Ok(Begin::Void(p, problem)) => void_and_record(&api, &p, problem, "checkout").await,
        Ok(Begin::Authorize(p)) => authorize(&api, p).await,
    }
}

fn charge(p: &Pending) -> Charge<'_> {
    Charge {
        reference: &p.id,
        amount: p.total,
        currency: &p.currency,
    }
}

async fn authorize(api: &Arc<Api>, p: Pending) -> Reply {
    let Some(gateway) = api.gateway.clone() else {
        return Reply::Problem(CheckoutProblem::PaymentsNotConfigured);
    };
    let answer = tokio::time::timeout(
        api.settings.gateway_timeout,
        gateway.authorize(charge(&p), &p.token, &p.key),
    )
    .await
    .unwrap_or_else(|_| Err(GatewayError::Unavailable("authorize timed out".into())));
    match answer {
        Ok(Authorization::Approved { id }) => {
            stall_at(api, Stall::AfterAuthorize).await;
            let (order, made) = (p.id.clone(), p.made.clone());
            let clock = api.now();
            let written = api
                .store
                .write(Kind::Authorized, move |c| {
                    orders::authorized(c, &order, &id, made.as_ref(), clock)
                })
                .await;
            match written {
                Ok(Authorized::Answer(r)) => {
                    if r.status == 201 && !r.replayed {
                        spawn_capture(api.clone(), p.id.clone(), p.total, p.currency.clone());
                    }
                    Reply::Recorded(r)
                }
                Ok(Authorized::NoStock(problem)) => {
                    void_and_record(api, &p, problem, "checkout").await
                }
                // The authorization stands at the gateway and the order is
                // still pending: a retry under the key re-authorizes (the
                // gateway answers the same authorization) and records it.
                Err(e) => Reply::Store(e),
            }
        }
        Ok(Authorization::Declined { reason }) => {
            let order = p.id.clone();
            let now = now_ms();
            write_recorded(api, move |c| orders::declined(c, &order, &reason, now)).await
        }
        Ok(Authorization::Voided) => {
            let order = p.id.clone();
            let now = now_ms();
            write_recorded(api, move |c| {
                orders::voided(
                    c,
                    &order,
                    &CheckoutProblem::PaymentCancelled,
                    "checkout",
                    now,
                )
            })
            .await
        }
        Err(e) => {
            eprintln!("error: order {}: authorize: {e}", p.id);
            Reply::Problem(CheckoutProblem::PaymentUnavailable)
        }
    }
}

async fn write_recorded<F>(api: &Api, f: F) -> Reply
where
    F: FnOnce(&rusqlite::Connection) -> rusqlite::Result<Recorded> + Send + 'static,
{
    match api.store.write(Kind::Other, f).await {
        Ok(r) => Reply::Recorded(r),
        Err(e) => Reply::Store(e),
    }
}

/// Voids the payment (whether or not an authorization exists: a void of an
/// unknown reference forbids a late one), then ends the order with `problem`.
pub async fn void_and_record(
    api: &Api,
    p: &Pending,
    problem: CheckoutProblem,
    actor: &'static str,
) -> Reply {
    let Some(gateway) = api.gateway.clone() else {
        return Reply::Problem(CheckoutProblem::PaymentsNotConfigured);
    };
    let voided = tokio::time::timeout(api.settings.gateway_timeout, gateway.void(&p.id))
        .await
        .unwrap_or_else(|_| Err(GatewayError::Unavailable("void timed out".into())));
    if let Err(e) = voided {
        eprintln!("error: order {}: void: {e}", p.id);
        return Reply::Problem(CheckoutProblem::PaymentUnavailable);
    }
    let order = p.id.clone();
    let now = now_ms();
    write_recorded(api, move |c| {
        orders::voided(c, &order, &problem, actor, now)
    })
    .await
}

/// Captures in the background, after the client has its answer.
pub fn spawn_capture(api: Arc<Api>, order_id: String, total: i64, currency: String) {
    tokio::spawn(async move { capture(&api, &order_id, total, &currency).await });
}

/// Takes the money of an authorized order, once: under the order's lock
/// (so never beside another capture or a merchant's cancel), retried a few
/// times on no answer; the periodic sweep (`jobs.rs`) picks up the rest.
pub async fn capture(api: &Api, order_id: &str, total: i64, currency: &str) {
    // Before the lock: a stalled capture must not keep the merchant out.
    stall_at(api, Stall::BeforeCapture).await;
    let Some(_order) = api.orders.try_lock(order_id) else {
        return;
    };
    let Some(gateway) = api.gateway.clone() else {
        return;
    };
    let _permit = api.captures.acquire().await;
    let c = Charge {
        reference: order_id,
        amount: total,
        currency,
    };
    let mut wait = Duration::from_millis(200);
    for attempt in 1..=4 {
        let captured = tokio::time::timeout(api.settings.gateway_timeout, gateway.capture(c))
            .await
            .unwrap_or_else(|_| Err(GatewayError::Unavailable("capture timed out".into())));
        match captured {
            Ok(()) => {
                let id = order_id.to_string();
                let now = now_ms();
                if let Err(e) = api
                    .store
                    .write(Kind::Other, move |c| orders::paid(c, &id, now))
                    .await
                {
                    // Captured but not recorded: the sweep captures again
                    // (the gateway answers "captured") and records it.
                    eprintln!("error: order {order_id}: captured, but recording it failed: {e}");
                }
                return;
            }
            Err(GatewayError::Refused(m)) => {
                eprintln!("error: order {order_id}: capture refused: {m}; the order stays authorized for the merchant to resolve");
                return;
            }
            Err(GatewayError::Unavailable(m)) if attempt < 4 => {
                eprintln!("warning: order {order_id}: capture attempt {attempt}: {m}; retrying");
                tokio::time::sleep(wait).await;
                wait *= 3;
            }
            Err(GatewayError::Unavailable(m)) => {
                eprintln!("warning: order {order_id}: capture: {m}; the sweep will try again");
            }
        }
    }
}
