//! The server's background work, each a loop on the runtime that stops
//! with it (server/README.md, "The order state machine", "Faults"):
//!
//! - **holds** (every second): pending orders whose hold ran out give their
//!   units back;
//! - **captures** (every 2 s): authorized orders not yet captured (a
//!   capture that failed, a restart between commit and capture) are
//!   captured;
//! - **settle** (every 5 s): pending orders nobody is working on are looked
//!   up at the gateway. Left by a crash (created before this process
//!   started, older than the gateway timeout): completed if authorized,
//!   ended if declined or voided, otherwise left for a retry. Older than
//!   the reap age (15 min): voided, final for the key (`payment-cancelled`);
//! - **expiry** (every minute): day-old idempotency records and failed
//!   attempts;
//! - **catalog** (every second): manifests edited on disk;
//! - **live**: deals ending by themselves, units and likes (`live/`); the
//!   live streams' packagers (one supervisor each), their recordings
//!   indexed four times a second, and their size kept under
//!   `--recordings-max-gb` (every 10 s).

use std::sync::Arc;
use std::time::Duration;

use shoppable::model::checkout::CheckoutProblem;

use crate::api::Api;
use crate::checkout::flow::{self, void_and_record};
use crate::gateway::{GatewayError, Status};
use crate::store::orders::{self, Pending};
use crate::store::{now_ms, stock, Kind};

/// How long idempotency records without a lasting order are kept.
pub const KEY_TTL: Duration = Duration::from_secs(24 * 3600);

/// The running loops; dropping it stops them (the server stops them when it
/// stops serving, so a restarted server on the same store never races the
/// old one's jobs).
pub struct Jobs(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Jobs {
    fn drop(&mut self) {
        for h in &self.0 {
            h.abort();
        }
    }
}

/// Starts every loop.
pub fn start(api: Arc<Api>) -> Jobs {
    let started_ms = now_ms();
    let mut jobs = Vec::new();
    jobs.push(every(
        api.clone(),
        Duration::from_secs(1),
        |api| async move {
            let keys = api.keys.clone();
            let now = now_ms();
            let released = api
                .store
                .write(Kind::Other, move |c| {
                    orders::release_lapsed(c, now, &|k| keys.is_busy(k))
                })
                .await;
            if let Err(e) = released {
                eprintln!("error: releasing lapsed holds: {e}");
            }
        },
    ));
    jobs.push(every(
        api.clone(),
        Duration::from_secs(2),
        |api| async move {
            match api.store.read_async(orders::to_capture).await {
                Ok(list) => {
                    for (id, total, currency) in list {
                        if !api.orders.is_busy(&id) {
                            flow::spawn_capture(api.clone(), id, total, currency);
                        }
                    }
                }
                Err(e) => eprintln!("error: listing orders to capture: {e}"),
            }
        },
    ));
    jobs.push(every(
        api.clone(),
        Duration::from_secs(5),
        move |api| async move {
            settle(&api, started_ms).await;
        },
    ));
    jobs.push(every(
        api.clone(),
        Duration::from_secs(60),
        |api| async move {
            let before = now_ms() - KEY_TTL.as_millis() as i64;
            if let Err(e) = api
                .store
                .write(Kind::Other, move |c| orders::expire(c, before))
                .await
            {
                eprintln!("error: expiring idempotency records: {e}");
            }
            api.limits.retain_recent();
        },
    ));
    jobs.push(every(
        api.clone(),
        Duration::from_secs(1),
        |api| async move {
            if api.catalog.reload() {
                let catalog = api.catalog.current();
                let default = api.settings.default_stock;
                let seeded = api
                    .store
                    .write(Kind::Other, move |c| {
                        stock::ensure_skus(c, &catalog, default)
                    })
                    .await;
                if let Err(e) = seeded {
                    eprintln!("error: stock rows for the reloaded catalog: {e}");
                }
            }
        },
    ));
    jobs.push(every(
        api.clone(),
        Duration::from_millis(250),
        |api| async move {
            crate::live::send_units(&api).await;
        },
    ));
    jobs.push(every(
        api.clone(),
        Duration::from_millis(500),
        |api| async move {
            crate::live::end_due_deals(&api).await;
        },
    ));
    jobs.push(every(
        api.clone(),
        Duration::from_secs(5),
        |api| async move {
            crate::live::store_likes(&api).await;
        },
    ));
    // Live streams: the packagers, their recordings, the size limit.
    jobs.extend(crate::live::source::start(&api));
    jobs.push(every(
        api.clone(),
        Duration::from_millis(250),
        |api| async move {
            crate::live::source::keep(&api).await;
        },
    ));
    jobs.push(every(
        api.clone(),
        Duration::from_secs(10),
        |api| async move {
            crate::live::evict::evict(&api).await;
        },
    ));
    Jobs(jobs)
}

/// Runs `f` every `period`, one at a time, starting after one period.
fn every<F, Fut>(api: Arc<Api>, period: Duration, f: F) -> tokio::task::JoinHandle<()>
where
    F: Fn(Arc<Api>) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await;
        loop {
            tick.tick().await;
            f(api.clone()).await;
        }
    })
}

/// Looks up pending orders nobody is working on and moves them on.
async fn settle(api: &Arc<Api>, started_ms: i64) {
    let Some(gateway) = api.gateway.clone() else {
        return;
    };
    let timeout_ms = api.settings.gateway_timeout.as_millis() as i64;
    let reap_ms = api.settings.reap_after.as_millis() as i64;
    let now = now_ms();
    let cutoff = now - timeout_ms.min(reap_ms);
    let pending = match api
        .store
        .read_async(move |c| orders::pending_before(c, cutoff))
        .await
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: listing pending orders: {e}");
            return;
        }
    };
    for p in pending {
        let left_by_crash = p.created_ms < started_ms && p.created_ms < now - timeout_ms;
        let stale = p.created_ms < now - reap_ms;
        if !(left_by_crash || stale) {
            continue;
        }
        let Some(_key) = api.keys.try_lock(&p.key) else {
            continue;
        };
        let status = tokio::time::timeout(api.settings.gateway_timeout, gateway.lookup(&p.id))
            .await
            .unwrap_or_else(|_| Err(GatewayError::Unavailable("lookup timed out".into())));
        let status = match status {
            Ok(s) => s,
            Err(e) => {
                eprintln!("warning: order {}: lookup: {e}; will try again", p.id);
                continue;
            }
        };
        settle_one(api, &p, status, stale).await;
    }
}

async fn settle_one(api: &Arc<Api>, p: &Pending, status: Status, stale: bool) {
    let id = p.id.clone();
    let now = now_ms();
    let clock = api.now();
    match status {
        // Complete what a crash interrupted, unless it is stale.
        Status::Authorized { id: auth } if !stale => {
            let order = id.clone();
            let done = api
                .store
                .write(Kind::Authorized, move |c| {
                    orders::authorized(c, &order, &auth, None, clock)
                })
                .await;
            match done {
                Ok(orders::Authorized::Answer(r)) if r.status == 201 => {
                    eprintln!("recovered: order {id} was authorized before a restart; completed");
                    flow::spawn_capture(api.clone(), id, p.total, p.currency.clone());
                }
                Ok(orders::Authorized::Answer(_)) => {}
                Ok(orders::Authorized::NoStock(problem)) => {
                    let _ = void_and_record(api, p, problem, "recovery").await;
                }
                Err(e) => eprintln!("error: order {id}: recording a recovered authorization: {e}"),
            }
        }
        Status::Declined { reason } => {
            let _ = api
                .store
                .write(Kind::Other, move |c| orders::declined(c, &id, &reason, now))
                .await;
        }
        Status::Voided => {
            let _ = api
                .store
                .write(Kind::Other, move |c| {
                    orders::voided(c, &id, &CheckoutProblem::PaymentCancelled, "reaper", now)
                })
                .await;
        }
        // Never authorized, and no request is bringing it on: left for a
        // retry under the key until it is stale, then voided for good.
        Status::NotFound if !stale => {}
        Status::Authorized { .. } | Status::NotFound => {
            let reply = void_and_record(api, p, CheckoutProblem::PaymentCancelled, "reaper").await;
            if let flow::Reply::Recorded(_) = reply {
                eprintln!("reaped: order {id} never completed; its payment was voided");
            }
        }
        Status::Captured | Status::Refunded => {
            // Cannot happen: only authorized orders are captured. Say so
            // loudly rather than guess with someone's money.
            eprintln!(
                "error: order {id} is pending here but {status:?} at the gateway; resolve it by hand"
            );
        }
    }
}
