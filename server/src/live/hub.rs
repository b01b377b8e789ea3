//! One live show in memory: its fold, its recent events, every deal's terms,
//! the likes, and the broadcast every viewer's stream reads.
//!
//! **Fan-out.** Each message is serialised once, as the SSE bytes, and the
//! same `Bytes` (a reference count) go to every subscriber through one
//! `broadcast` channel. A subscriber too slow to keep up falls behind the
//! channel's capacity, is told it lagged, and its stream ends: its browser
//! reconnects with `Last-Event-ID` and gets what it missed from the store.
//! No subscriber can hold memory without bound.
//!
//! **Order.** Events are committed one at a time per show (`commit`'s lock),
//! so sequence numbers, the store's log and the broadcast agree.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use shoppable::model::live::daterange::PinRange;
use shoppable::model::live::{Deal, Event, Kind, ShowState, Snapshot, Units, WINDOW_MS};
use tokio::sync::broadcast;

/// Messages a slow subscriber may fall behind before it is dropped.
pub const CHANNEL: usize = 1024;

/// One message as every subscriber gets it.
#[derive(Debug)]
pub struct Msg {
    /// The event's seq (a subscriber skips what its snapshot already had);
    /// `None` for units.
    pub seq: Option<u64>,
    pub bytes: Bytes,
}

/// A show's hub.
pub struct ShowHub {
    pub show: String,
    pub video_id: String,
    inner: Mutex<Inner>,
    pub tx: broadcast::Sender<Arc<Msg>>,
    /// One commit at a time.
    pub commit_lock: tokio::sync::Mutex<()>,
}

struct Inner {
    /// The fold of every event.
    state: ShowState,
    /// Events of the last `WINDOW_MS` (by server time), in order.
    recent: VecDeque<Event>,
    /// The fold of the events before `recent`.
    base: ShowState,
    /// Every deal the show opened, by id (the terms a checkout prices by).
    deals: HashMap<String, Deal>,
    likes: u64,
    likes_stored: u64,
    /// The last units sent (to send only changes).
    last_units: Option<Units>,
    /// The program date the show ended at.
    ended_at: Option<i64>,
}

impl ShowHub {
    pub fn new(show: &str, video_id: &str, loaded: crate::store::live::Loaded) -> ShowHub {
        let (tx, _) = broadcast::channel(CHANNEL);
        let state = loaded.state.clone().folded(&loaded.recent);
        let mut deals = HashMap::new();
        for e in loaded.recent.iter() {
            if let Kind::DealStart { deal } = &e.kind {
                deals.insert(deal.id.clone(), deal.clone());
            }
        }
        for d in &loaded.state.deals {
            deals.insert(d.deal.id.clone(), d.deal.clone());
        }
        ShowHub {
            show: show.to_string(),
            video_id: video_id.to_string(),
            inner: Mutex::new(Inner {
                state,
                recent: loaded.recent.into(),
                base: loaded.state,
                deals,
                likes: loaded.likes,
                likes_stored: loaded.likes,
                last_units: None,
                ended_at: loaded.ended_at,
            }),
            tx,
            commit_lock: tokio::sync::Mutex::new(()),
        }
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The show as it stands.
    pub fn state(&self) -> ShowState {
        self.inner().state.clone()
    }

    /// A deal's terms (open or ended: a viewer behind may still buy within
    /// the allowance, which the store decides).
    pub fn deal(&self, id: &str) -> Option<Deal> {
        self.inner().deals.get(id).cloned()
    }

    /// Takes a committed event in and sends it to every subscriber.
    pub fn publish(&self, e: &Event) {
        let bytes = sse(
            "live",
            Some(e.seq),
            &serde_json::to_string(e).expect("an event serializes"),
        );
        {
            let mut inner = self.inner();
            inner.state.apply(e);
            if let Kind::DealStart { deal } = &e.kind {
                inner.deals.insert(deal.id.clone(), deal.clone());
            }
            if e.kind == Kind::ShowEnd {
                inner.ended_at = Some(e.at.unwrap_or(e.server_ms));
            }
            inner.recent.push_back(e.clone());
            // Fold what left the window into the base.
            let cutoff = e.server_ms - WINDOW_MS;
            while inner
                .recent
                .front()
                .is_some_and(|old| old.server_ms < cutoff)
            {
                let old = inner.recent.pop_front().expect("checked");
                inner.base.apply(&old);
            }
        }
        // No subscriber is fine: nobody is watching yet.
        let _ = self.tx.send(Arc::new(Msg {
            seq: Some(e.seq),
            bytes,
        }));
    }

    /// The snapshot a new viewer starts from, with the units as last sent.
    pub fn snapshot(&self, now: i64, allowance_ms: i64) -> Snapshot {
        let inner = self.inner();
        Snapshot {
            show: self.show.clone(),
            seq: inner.state.seq,
            server_ms: now,
            base: inner.base.clone(),
            recent: inner.recent.iter().cloned().collect(),
            allowance_ms,
            units: inner.last_units.clone().unwrap_or_default(),
        }
    }

    /// Events after `seq` still in memory, or `None` if `seq` is older than
    /// the window (the caller reads the store).
    pub fn since(&self, seq: u64) -> Option<Vec<Event>> {
        let inner = self.inner();
        if seq >= inner.state.seq {
            return Some(Vec::new());
        }
        if seq < inner.base.seq {
            return None;
        }
        Some(
            inner
                .recent
                .iter()
                .filter(|e| e.seq > seq)
                .cloned()
                .collect(),
        )
    }

    pub fn seq(&self) -> u64 {
        self.inner().state.seq
    }

    /// The program date the show ended at, once it has.
    pub fn ended_at(&self) -> Option<i64> {
        self.inner().ended_at
    }

    /// The pins' ranges the live playlist carries (`model::live::replay`):
    /// open ones, and those closed within the snapshot window, which is
    /// far longer than any playlist's.
    pub fn pin_ranges(&self) -> (u64, Vec<PinRange>) {
        let inner = self.inner();
        let recent: Vec<Event> = inner.recent.iter().cloned().collect();
        (
            inner.state.seq,
            shoppable::model::live::replay::pin_ranges(&inner.base, &recent),
        )
    }

    /// The likes so far.
    pub fn likes(&self) -> u64 {
        self.inner().likes
    }

    /// Adds likes; returns the new total.
    pub fn like(&self, n: u64) -> u64 {
        let mut inner = self.inner();
        inner.likes += n;
        inner.likes
    }

    /// The likes total if it changed since last stored (and marks it stored).
    pub fn likes_to_store(&self) -> Option<u64> {
        let mut inner = self.inner();
        (inner.likes != inner.likes_stored).then(|| {
            inner.likes_stored = inner.likes;
            inner.likes
        })
    }

    /// Sends `units` (with the likes and viewers filled in) if anything
    /// but the clock changed since the last ones sent.
    pub fn send_units(&self, mut units: Units) {
        let viewers = self.tx.receiver_count() as u64;
        let bytes = {
            let mut inner = self.inner();
            units.likes = inner.likes;
            units.viewers = viewers;
            let same = inner.last_units.as_ref().is_some_and(|last| {
                last.deals == units.deals
                    && last.stock == units.stock
                    && last.likes == units.likes
                    && last.viewers == units.viewers
            });
            if same {
                return;
            }
            let bytes = sse(
                "units",
                None,
                &serde_json::to_string(&units).expect("units serialize"),
            );
            inner.last_units = Some(units);
            bytes
        };
        let _ = self.tx.send(Arc::new(Msg { seq: None, bytes }));
    }

    /// Products of the show's manifest whose units viewers see.
    pub fn viewers(&self) -> usize {
        self.tx.receiver_count()
    }
}

/// One SSE message: `id:` when sequenced, `event:`, one `data:` line (JSON
/// has no newlines), a blank line.
pub fn sse(event: &str, id: Option<u64>, data: &str) -> Bytes {
    let mut s = String::with_capacity(data.len() + 40);
    if let Some(id) = id {
        s.push_str("id: ");
        s.push_str(&id.to_string());
        s.push('\n');
    }
    s.push_str("event: ");
    s.push_str(event);
    s.push_str("\ndata: ");
    s.push_str(data);
    s.push_str("\n\n");
    Bytes::from(s)
}
