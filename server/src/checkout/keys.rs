//! One holder at a time per key: the checkout flow locks its
//! `Idempotency-Key` for the whole request, so a second request with a key
//! already in flight waits for the first and then finds its answer; the
//! capture and the merchant's status changes lock the order id, so a
//! capture and a cancel never run at once. Background jobs only *try* the
//! lock and skip what is busy.
//!
//! Entries live only while someone holds or waits for them, so the map is
//! as large as the work in flight, never the history.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

type Map = Arc<Mutex<HashMap<String, Arc<AsyncMutex<()>>>>>;

#[derive(Default, Clone)]
pub struct KeyLocks {
    map: Map,
}

/// Holding it holds the key; dropping it lets the next waiter in.
pub struct KeyGuard {
    // Field order is drop order: release the lock before tidying the map.
    guard: Option<OwnedMutexGuard<()>>,
    key: String,
    map: Map,
}

impl KeyLocks {
    fn entry(&self, key: &str) -> Arc<AsyncMutex<()>> {
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(key.to_string()).or_default().clone()
    }

    /// Waits for the key.
    pub async fn lock(&self, key: &str) -> KeyGuard {
        let m = self.entry(key);
        let guard = m.lock_owned().await;
        KeyGuard {
            guard: Some(guard),
            key: key.to_string(),
            map: self.map.clone(),
        }
    }

    /// The key if nobody holds it.
    pub fn try_lock(&self, key: &str) -> Option<KeyGuard> {
        let m = self.entry(key);
        let guard = m.try_lock_owned().ok();
        let g = KeyGuard {
            guard,
            key: key.to_string(),
            map: self.map.clone(),
        };
        // Dropping `g` without a guard still tidies the entry up.
        if g.guard.is_some() {
            Some(g)
        } else {
            None
        }
    }

    /// Whether someone holds or waits for the key.
    pub fn is_busy(&self, key: &str) -> bool {
        let map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        map.contains_key(key)
    }
}

impl Drop for KeyGuard {
    fn drop(&mut self) {
        drop(self.guard.take());
        let mut map = self.map.lock().unwrap_or_else(|p| p.into_inner());
        // Only the map's own reference left: nobody holds or waits.
        if map
            .get(&self.key)
            .is_some_and(|m| Arc::strong_count(m) == 1)
        {
            map.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn a_second_holder_waits_and_the_map_empties() {
        let locks = KeyLocks::default();
        let g = locks.lock("k").await;
        assert!(locks.try_lock("k").is_none());
        assert!(locks.is_busy("k"));
        let l2 = locks.clone();
        let waiter = tokio::spawn(async move {
            let _g = l2.lock("k").await;
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished());
        drop(g);
        waiter.await.unwrap();
        assert!(!locks.is_busy("k"));
        assert!(locks.try_lock("k").is_some());
        assert!(!locks.is_busy("k"));
    }
}
