//! The checkpoint thread: copies committed WAL frames into the database file
//! every [`INTERVAL`], on its own connection, so the writer thread (which has
//! `wal_autocheckpoint = 0`) never pays for it in front of an order.
//!
//! `PASSIVE` never blocks the writer or readers: it copies what no reader
//! still needs and returns. Once everything is copied, SQLite restarts the
//! WAL from its beginning at the next write, so the file stays small. When
//! the store is dropped the thread ends; the last connection to close
//! checkpoints what is left.

use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use rusqlite::Connection;

use super::StoreError;

pub const INTERVAL: Duration = Duration::from_millis(200);

/// Dropping it stops the thread (within one interval).
pub struct Checkpointer {
    _stop: mpsc::Sender<()>,
}

impl Checkpointer {
    pub fn spawn(conn: Connection) -> Result<Checkpointer, StoreError> {
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("orders-checkpoint".into())
            .spawn(move || loop {
                match stopped.recv_timeout(INTERVAL) {
                    Err(RecvTimeoutError::Timeout) => {
                        // Busy (another checkpoint running) or failing: try
                        // again next time; the WAL only grows meanwhile.
                        let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    }
                    _ => return,
                }
            })
            .map_err(|e| StoreError(format!("cannot start the checkpoint thread: {e}")))?;
        Ok(Checkpointer { _stop: stop })
    }
}
