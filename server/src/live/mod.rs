//! Live shows (server/README.md, "Live shows"): the producer's events
//! (`producer.rs`), the viewers' event stream (`sse.rs`), likes
//! (`likes.rs`), one hub per show in memory (`hub.rs`) over the store's
//! event log (`store/live.rs`), the producer's figures (`stats.rs`).
//! Deals are priced and capped by the checkout, at the order's hold
//! (`store/orders.rs`).
//!
//! The stream (server/README.md, "The live stream"): ffmpeg run and kept
//! alive by the server (`source.rs`), the recording it writes
//! (`recording.rs`), the live playlist with the pins' DATERANGEs and the
//! segments (`stream.rs`), the replay (`replay.rs`), and the recordings
//! kept under a size (`evict.rs`).
//!
//! Routes under `/api/live/{show}`:
//! - `POST events`: a producer action (`Authorization: Bearer <producer token>`).
//! - `GET events`: Server-Sent Events: a snapshot, then every event once,
//!   `Last-Event-ID` to resume; units, likes and viewers as their latest
//!   value; a heartbeat comment every 15 s.
//! - `POST likes`: `{"count": n}`, bounded per client.
//! - `GET stats`: the producer's figures (the producer token).
//!
//! And under `/live/{show}/` (`stream.rs`): `index.m3u8`, its segments,
//! `manifest.json`, `replay.m3u8`, `replay.json`.

pub mod evict;
mod hub;
mod likes;
mod producer;
pub mod recording;
pub mod replay;
pub mod source;
mod sse;
mod stats;
pub mod stream;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use shoppable::model::live::WINDOW_MS;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use hub::ShowHub;

use crate::api::{allow, Api};
use crate::store::{now_ms, StoreError};

/// Every show's hub, loaded from the store on first use.
pub struct Live {
    hubs: Mutex<HashMap<String, Arc<ShowHub>>>,
    /// The producer console's token (compared in constant time).
    pub producer_token: String,
    /// The key of the per-deal buyer id (kept in the store, so limits
    /// survive restarts).
    buyer_key: Vec<u8>,
    pub likes: likes::Limiter,
    /// The shows' streams and recordings.
    pub streams: stream::Streams,
}

impl Live {
    pub fn new(producer_token: String, buyer_key: Vec<u8>, streams: stream::Streams) -> Live {
        Live {
            hubs: Mutex::new(HashMap::new()),
            producer_token,
            buyer_key,
            likes: likes::Limiter::new(),
            streams,
        }
    }

    /// The hub of `show` (whose manifest names `video_id`), loading its
    /// events from the store the first time.
    pub async fn hub(
        &self,
        api: &Arc<Api>,
        show: &str,
        video_id: &str,
    ) -> Result<Arc<ShowHub>, StoreError> {
        if let Some(h) = self
            .hubs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(show)
        {
            return Ok(h.clone());
        }
        let (s, from) = (show.to_string(), now_ms() - WINDOW_MS);
        let loaded = api
            .store
            .read_async(move |c| crate::store::live::load(c, &s, from))
            .await?;
        let mut hubs = self.hubs.lock().unwrap_or_else(|p| p.into_inner());
        // Another request may have loaded it meanwhile: keep the first.
        Ok(hubs
            .entry(show.to_string())
            .or_insert_with(|| Arc::new(ShowHub::new(show, video_id, loaded)))
            .clone())
    }

    /// The hubs loaded so far.
    pub fn hubs(&self) -> Vec<Arc<ShowHub>> {
        self.hubs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect()
    }

    /// The buyer of a deal: a keyed hash (HMAC-SHA256) of the normalised
    /// e-mail, so the store never keeps the address for the limit, and
    /// erasing an order's payer does not reset it. Normalised: trimmed,
    /// lower case, a `+tag` in the local part removed.
    pub fn buyer(&self, email: &str) -> String {
        let email = email.trim().to_lowercase();
        let normal = match email.rsplit_once('@') {
            Some((local, domain)) => {
                let local = local.split('+').next().unwrap_or(local);
                format!("{local}@{domain}")
            }
            None => email,
        };
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.buyer_key).expect("any key length");
        mac.update(normal.as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Routes below `/api/live`.
pub fn routes() -> OpenApiRouter<Arc<Api>> {
    OpenApiRouter::new()
        .routes(allow(
            routes!(producer::post, sse::events),
            "GET, HEAD, POST",
        ))
        .routes(allow(routes!(likes::post), "POST"))
        .routes(allow(routes!(stats::get), "GET, HEAD"))
}

pub use likes::store_likes;
pub use producer::{commit, end_due_deals};
pub use sse::send_units;
