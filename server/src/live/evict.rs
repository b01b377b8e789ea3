//! `--recordings-max-gb`: the shows' recordings (`<data_dir>/live/<show>/`)
//! kept under a size. When they are over it, the oldest shows' recordings
//! go first, whole, until the rest fit; a show being published (a source of
//! this server that has not ended) is never evicted, however large. An
//! evicted show's directory keeps only an `EVICTED` marker, so its replay
//! answers `410 Gone` rather than a puzzling `404`.
//!
//! "Oldest" is by the last change of the recording's index: the show that
//! was last on air longest ago. The jobs call [`evict`] every 10 s.

use std::fs;
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use super::recording::{EVICTED, INDEX};
use super::stream::hub_of;
use crate::api::Api;

/// The bytes of the files directly in `dir`.
fn size_of(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// One show's recording on disk.
struct OnDisk {
    show: String,
    bytes: u64,
    last_change: SystemTime,
}

fn list(root: &Path) -> Vec<OnDisk> {
    let Ok(rd) = fs::read_dir(root) else {
        return Vec::new();
    };
    rd.filter_map(|e| {
        let e = e.ok()?;
        let dir = e.path();
        if !dir.is_dir() || dir.join(EVICTED).exists() {
            return None;
        }
        let last_change = fs::metadata(dir.join(INDEX))
            .or_else(|_| fs::metadata(&dir))
            .and_then(|m| m.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        Some(OnDisk {
            show: e.file_name().into_string().ok()?,
            bytes: size_of(&dir),
            last_change,
        })
    })
    .collect()
}

/// Empties a recording's directory but for the marker.
fn remove(dir: &Path) -> io::Result<()> {
    for e in fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            fs::remove_dir_all(&p)?;
        } else {
            fs::remove_file(&p)?;
        }
    }
    fs::write(
        dir.join(EVICTED),
        "removed to stay under --recordings-max-gb\n",
    )
}

/// Evicts the oldest recordings while all of them are over the limit.
pub async fn evict(api: &Arc<Api>) {
    let streams = &api.live.streams;
    // Shows on air: published here and not ended.
    let mut on_air = Vec::new();
    for s in &streams.sources {
        let ended = hub_of(api, &s.show)
            .await
            .is_some_and(|h| h.ended_at().is_some());
        if !ended {
            on_air.push(s.show.clone());
        }
    }
    let root = streams.root.clone();
    let max = streams.max_bytes;
    let Ok(mut found) = tokio::task::spawn_blocking(move || list(&root)).await else {
        return;
    };
    let mut total: u64 = found.iter().map(|r| r.bytes).sum();
    if total <= max {
        return;
    }
    found.sort_by_key(|r| r.last_change);
    for r in found {
        if total <= max {
            break;
        }
        if on_air.contains(&r.show) {
            continue;
        }
        streams.forget(&r.show);
        let dir = streams.root.join(&r.show);
        match tokio::task::spawn_blocking(move || remove(&dir)).await {
            Ok(Ok(())) => {
                total -= r.bytes;
                eprintln!(
                    "live: evicted the recording of {} ({} MB) to stay under --recordings-max-gb",
                    r.show,
                    r.bytes / 1_000_000
                );
            }
            Ok(Err(e)) => eprintln!("error: live: evicting the recording of {}: {e}", r.show),
            Err(e) => eprintln!("error: live: evicting the recording of {}: {e}", r.show),
        }
    }
}
