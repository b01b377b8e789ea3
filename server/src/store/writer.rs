//! The writer thread: every write to the store, with group commit.
//!
//! A write is a closure over the one writing connection. The thread takes
//! whatever writes are queued (up to [`MAX_BATCH`]) and runs them in one
//! `BEGIN IMMEDIATE` transaction, each in its own savepoint (a write that
//! fails is rolled back alone), then commits once and only then answers
//! them all. Each write stays atomic; the batch only shares the commit and
//! so the fsync that `synchronous = FULL` costs: under load one fsync per
//! tens of writes, alone one per write as usual. No answer leaves before
//! its commit, so nobody is ever told "done" about something a power cut
//! could take back.
//!
//! Nothing slow runs here: payment gateways are called by the checkout
//! flow on the runtime, between two writes (`checkout/flow.rs`).
//!
//! The queue is bounded ([`QUEUE`]): a sender waits (asynchronously) when
//! it is full, which only happens if callers outrun SQLite; checkouts are
//! already bounded before that by admission control.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::{mpsc, oneshot};

use super::StoreError;

/// Most writes per transaction; bounds how long the first one waits.
pub const MAX_BATCH: usize = 256;
/// Writes queued at most before senders wait.
pub const QUEUE: usize = 4096;

/// Sends the write's result once the batch's commit is known.
type Done = Box<dyn FnOnce(Result<(), StoreError>) + Send>;
/// A write: runs on the connection inside its savepoint, says whether it
/// succeeded (else its savepoint is rolled back), and returns how to answer.
/// Given `None` it does not run, only returns how to answer (with an error).
type Work = Box<dyn FnOnce(Option<&Connection>) -> (bool, Done) + Send>;

struct Job {
    work: Work,
    /// What the write is, for the test-only fault hook.
    kind: Kind,
}

/// What a write is. Only the fault hook looks at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Other,
    /// The commit that records a gateway's authorization.
    Authorized,
}

/// Test-only faults (server/README.md, "Fault injection"): the next N
/// commits that include a [`Kind::Authorized`] write fail, as a full disk
/// or a broken file would make them fail.
#[derive(Debug, Default)]
pub struct Faults {
    pub fail_authorized_commits: AtomicU32,
}

impl Faults {
    fn take_authorized_failure(&self) -> bool {
        self.fail_authorized_commits
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }
}

/// The queue to the writer thread. Dropping every clone lets the thread
/// finish what is queued and end, closing the connection.
#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    pub fn spawn(conn: Connection, faults: Arc<Faults>) -> Result<Writer, StoreError> {
        let (tx, rx) = mpsc::channel::<Job>(QUEUE);
        std::thread::Builder::new()
            .name("orders-writer".into())
            .spawn(move || run(conn, rx, &faults))
            .map_err(|e| StoreError(format!("cannot start the orders writer thread: {e}")))?;
        Ok(Writer { tx })
    }

    /// Runs `f` on the writer connection in its own savepoint and returns
    /// its result once committed. `Err` when `f` failed (nothing of it is
    /// stored) or the commit failed (nothing of the batch is stored).
    pub async fn write<T, F>(&self, kind: Kind, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        let (reply, rx) = oneshot::channel::<Result<T, StoreError>>();
        let work: Work = Box::new(move |conn| {
            let result = conn.map(f);
            let ok = matches!(result, Some(Ok(_)));
            let done: Done = Box::new(move |commit| {
                let answer = match (commit, result) {
                    (Err(e), _) => Err(e),
                    (Ok(()), Some(Ok(v))) => Ok(v),
                    (Ok(()), Some(Err(e))) => Err(StoreError::from(e)),
                    (Ok(()), None) => Err(StoreError("orders store: the write was not run".into())),
                };
                let _ = reply.send(answer);
            });
            (ok, done)
        });
        self.tx
            .send(Job { work, kind })
            .await
            .map_err(|_| StoreError("orders store: the writer thread has stopped".into()))?;
        rx.await.map_err(|_| {
            StoreError("orders store: the writer stopped before answering (see the log)".into())
        })?
    }
}

fn run(mut conn: Connection, mut rx: mpsc::Receiver<Job>, faults: &Faults) {
    let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while let Some(first) = rx.blocking_recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        // A panic in a write must not take the store down: the transaction
        // is rolled back by its drop, this batch's callers see their reply
        // channel close (an error), and the thread goes on.
        let jobs = std::mem::take(&mut batch);
        let n = jobs.len();
        if catch_unwind(AssertUnwindSafe(|| commit(&mut conn, jobs, faults))).is_err() {
            eprintln!("error: orders writer: a batch of {n} writes panicked and was rolled back");
        }
    }
}

/// One transaction for the whole batch; every write is answered after the
/// commit, with the commit's error if it failed.
fn commit(conn: &mut Connection, jobs: Vec<Job>, faults: &Faults) {
    let inject =
        jobs.iter().any(|j| j.kind == Kind::Authorized) && faults.take_authorized_failure();
    let tx = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
        Ok(tx) => tx,
        Err(e) => {
            let e = StoreError::from(e);
            eprintln!("error: {e}");
            for job in jobs {
                let (_, done) = (job.work)(None);
                done(Err(e.clone()));
            }
            return;
        }
    };
    // Each write's answer, and the error of its own savepoint if any.
    let mut dones: Vec<(Done, Option<StoreError>)> = Vec::with_capacity(jobs.len());
    for job in jobs {
        if let Err(e) = exec(&tx, "SAVEPOINT w") {
            let (_, done) = (job.work)(None);
            dones.push((done, Some(StoreError::from(e))));
            continue;
        }
        let (ok, done) = (job.work)(Some(&tx));
        let end = if ok {
            exec(&tx, "RELEASE w")
        } else {
            exec(&tx, "ROLLBACK TO w").and_then(|()| exec(&tx, "RELEASE w"))
        };
        dones.push((done, end.err().map(StoreError::from)));
    }
    let committed = if inject {
        drop(tx); // rolls the whole batch back
        Err(StoreError(
            "orders store: commit failed (injected by the test-only fault hook)".into(),
        ))
    } else {
        tx.commit().map_err(StoreError::from)
    };
    if let Err(e) = &committed {
        eprintln!("error: {e}");
    }
    for (done, savepoint_error) in dones {
        match (&committed, savepoint_error) {
            (_, Some(e)) => done(Err(e)),
            (Ok(()), None) => done(Ok(())),
            (Err(e), None) => done(Err(e.clone())),
        }
    }
}

/// A statement without parameters or rows, prepared once per connection
/// (`execute_batch` would parse it anew for every write).
fn exec(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(|_| ())
}
