//! A live show's recording: every segment its packager wrote, kept in
//! `<data_dir>/live/<show>/` with an index of our own, `recording.m3u8`.
//!
//! The packager (ffmpeg, `source.rs`) keeps rewriting a short sliding
//! playlist, `source-r<N>.m3u8`, one per run (a restart is a new run, with
//! new segment names `r<N>-…`). [`Recording::refresh`] reads it when it
//! changed and appends the segments it has not seen to the index, so the
//! index outlives the packager's window, its restarts and ours: it is the
//! show's whole stream, from which `stream.rs` serves the live window and
//! `replay.rs` the replay. A new run, or segments the packager's window
//! lost before we read them, start with a discontinuity (their timestamps
//! do not follow on).
//!
//! Before the show starts (its first event), only the recent stream is
//! worth keeping: [`Recording::prune`] drops older segments. Numbers never
//! move under a segment: the index's header keeps the media and
//! discontinuity sequences of its first kept segment.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::SystemTime;

use bytes::Bytes;
use shoppable::model::live::playlist::{self, Base, Segment};

/// The index file.
pub const INDEX: &str = "recording.m3u8";
/// Left in place of an evicted recording (`evict.rs`).
pub const EVICTED: &str = "EVICTED";

/// The packager's playlist of run `n`.
pub fn source_name(n: u32) -> String {
    format!("source-r{n}.m3u8")
}

/// A segment name we serve: a plain file name (no path, not hidden) with a
/// media extension. Anything else in the directory is never served.
pub fn is_segment_name(name: &str) -> bool {
    let ext_ok = [".ts", ".m4s", ".mp4", ".aac"]
        .iter()
        .any(|e| name.len() > e.len() && name.ends_with(e));
    ext_ok
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// A file's identity between reads: its inode, size and modification
/// time. ffmpeg replaces its playlist by renaming a new file over it, so
/// every version is a new inode, even when two land within one tick of the
/// file system's clock with the same size (a sliding window often has).
type Signature = (u64, u64, Option<SystemTime>);

fn signature(p: &Path) -> Option<Signature> {
    let m = fs::metadata(p).ok()?;
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let ino = 0;
    Some((ino, m.len(), m.modified().ok()))
}

/// One show's recording.
pub struct Recording {
    pub show: String,
    pub dir: PathBuf,
    inner: Mutex<Inner>,
    /// The replay, once made (`replay.rs`).
    pub replay: super::replay::Slot,
}

/// The recording as it stands, for the playlists.
pub struct Inner {
    pub base: Base,
    pub segments: Vec<Segment>,
    /// Every segment name ever indexed (also those pruned since), so a
    /// packager's playlist that still lists them adds nothing.
    known: HashSet<String>,
    /// The run whose playlist is read, and the last media sequence number
    /// indexed from it.
    run: u32,
    last_seq: Option<u64>,
    /// The highest run started (`source.rs`); runs that died before writing
    /// a playlist are skipped.
    started: u32,
    source_sig: Option<Signature>,
    /// Bumped on every change of `segments` (a key for cached playlists).
    pub version: u64,
    /// A playlist made for (`version`, show seq, view) and its bytes.
    pub cache: Option<((u64, u64, u8), Bytes)>,
}

impl Recording {
    /// Opens (creating the directory) and loads the index, if any.
    pub fn open(show: &str, dir: PathBuf) -> io::Result<Recording> {
        fs::create_dir_all(&dir)?;
        let text = match fs::read_to_string(dir.join(INDEX)) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e),
        };
        // A line cut short by a crash is not a segment yet.
        let whole = text.rfind('\n').map_or("", |i| &text[..=i]);
        let p = playlist::parse(whole);
        let base = Base {
            media_sequence: p.media_sequence,
            discontinuity_sequence: p.discontinuity_sequence,
        };
        // The newest run on disk: the next one continues from it.
        let run = fs::read_dir(&dir)?
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                name.strip_prefix("source-r")?
                    .strip_suffix(".m3u8")?
                    .parse()
                    .ok()
            })
            .max()
            .unwrap_or(0);
        let known = p.segments.iter().map(|s| s.uri.clone()).collect();
        Ok(Recording {
            show: show.to_string(),
            dir,
            inner: Mutex::new(Inner {
                base,
                segments: p.segments,
                known,
                run,
                last_seq: None,
                started: run,
                source_sig: None,
                version: 0,
                cache: None,
            }),
            replay: Default::default(),
        })
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The number of the next packager run, marked as started.
    pub fn start_run(&self) -> u32 {
        let mut inner = self.lock();
        inner.started = inner.started.max(inner.run) + 1;
        inner.started
    }

    /// Whether a segment of this name is in the index.
    pub fn has(&self, name: &str) -> bool {
        self.lock().known.contains(name)
    }

    /// Indexes what the packager wrote since the last call: the current
    /// run's new segments, then those of any newer run. Returns how many
    /// segments were added. Blocking (a few `stat`s, a small read, an
    /// append): call it off the async workers.
    pub fn refresh(&self) -> io::Result<usize> {
        let mut inner = self.lock();
        let mut added = self.read_run(&mut inner)?;
        let newest = inner.started.max(inner.run + 1);
        for n in inner.run + 1..=newest {
            if self.dir.join(source_name(n)).exists() {
                inner.run = n;
                inner.last_seq = None;
                inner.source_sig = None;
                added += self.read_run(&mut inner)?;
            }
        }
        Ok(added)
    }

    fn read_run(&self, inner: &mut Inner) -> io::Result<usize> {
        if inner.run == 0 {
            return Ok(0);
        }
        let path = self.dir.join(source_name(inner.run));
        let sig = signature(&path);
        if sig.is_none() || sig == inner.source_sig {
            return Ok(0);
        }
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        inner.source_sig = sig;
        let p = playlist::parse(&text);
        let mut new = Vec::new();
        for (i, mut s) in p.segments.into_iter().enumerate() {
            let seq = p.media_sequence + i as u64;
            if inner.known.contains(&s.uri) || !is_segment_name(&s.uri) {
                inner.last_seq = Some(seq);
                continue;
            }
            // The first of a new run, or after segments we never saw:
            // its timestamps do not follow the last indexed segment's.
            let follows = inner.last_seq.is_some_and(|l| seq == l + 1);
            if !follows && !inner.segments.is_empty() && new.is_empty() {
                s.discontinuity = true;
            }
            inner.last_seq = Some(seq);
            inner.known.insert(s.uri.clone());
            new.push(s);
        }
        if new.is_empty() {
            return Ok(0);
        }
        self.append(inner, &new)?;
        Ok(new.len())
    }

    fn header(base: Base) -> String {
        format!(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-MEDIA-SEQUENCE:{}\n#EXT-X-DISCONTINUITY-SEQUENCE:{}\n",
            base.media_sequence, base.discontinuity_sequence
        )
    }

    fn append(&self, inner: &mut Inner, new: &[Segment]) -> io::Result<()> {
        let path = self.dir.join(INDEX);
        let mut text = String::new();
        if !path.exists() {
            text.push_str(&Self::header(inner.base));
        }
        for s in new {
            text.push_str(&playlist::segment_lines(s, true));
        }
        let mut f = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        f.write_all(text.as_bytes())?;
        inner.segments.extend_from_slice(new);
        inner.version += 1;
        Ok(())
    }

    /// Drops the segments that ended before `cutoff_ms` (program date),
    /// keeping the newest `keep_at_least`: the index is rewritten (to a
    /// temporary file, then renamed), then their files removed. Returns how
    /// many were dropped.
    pub fn prune(&self, cutoff_ms: i64, keep_at_least: usize) -> io::Result<usize> {
        let mut inner = self.lock();
        let can = inner.segments.len().saturating_sub(keep_at_least);
        let n = inner.segments[..can]
            .iter()
            .take_while(|s| s.end_ms() < cutoff_ms)
            .count();
        if n == 0 {
            return Ok(0);
        }
        let gone: Vec<Segment> = inner.segments.drain(..n).collect();
        inner.base.media_sequence += n as u64;
        inner.base.discontinuity_sequence += gone.iter().filter(|s| s.discontinuity).count() as u64;
        inner.version += 1;
        let mut text = Self::header(inner.base);
        for s in &inner.segments {
            text.push_str(&playlist::segment_lines(s, true));
        }
        let tmp = self.dir.join("recording.m3u8.tmp");
        fs::write(&tmp, text)?;
        fs::rename(&tmp, self.dir.join(INDEX))?;
        for s in gone {
            let _ = fs::remove_file(self.dir.join(&s.uri));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_795_991_158_427;

    /// A packager's playlist of segments `from..to` of run 1, one second
    /// each, written as ffmpeg does: a new file renamed over the old.
    fn write_source(dir: &Path, from: u64, to: u64) {
        let mut text = format!("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:{from}\n");
        for i in from..to {
            let name = format!("r1-{i:06}.ts");
            fs::write(dir.join(&name), b"ts").unwrap();
            text.push_str(&format!(
                "#EXTINF:1.000000,\n#EXT-X-PROGRAM-DATE-TIME:{}\n{name}\n",
                shoppable::model::manifest::format_rfc3339_ms(T0 + i as i64 * 1000)
            ));
        }
        fs::write(dir.join("tmp.m3u8"), text).unwrap();
        fs::rename(dir.join("tmp.m3u8"), dir.join(source_name(1))).unwrap();
    }

    #[test]
    fn a_new_playlist_is_read_even_with_the_same_size_and_clock_tick() {
        let dir =
            std::env::temp_dir().join(format!("shoppable-recording-tick-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let rec = Recording::open("show-1", dir.clone()).unwrap();
        rec.start_run();
        write_source(&dir, 0, 6);
        assert_eq!(rec.refresh().unwrap(), 6);
        let when = fs::metadata(dir.join(source_name(1)))
            .unwrap()
            .modified()
            .unwrap();
        // The window slides by one: the same length, and (a coarse file
        // system clock) the same modification time.
        write_source(&dir, 1, 7);
        fs::File::options()
            .write(true)
            .open(dir.join(source_name(1)))
            .unwrap()
            .set_modified(when)
            .unwrap();
        assert_eq!(rec.refresh().unwrap(), 1);
        assert_eq!(rec.lock().segments.last().unwrap().uri, "r1-000006.ts");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_pre_show_is_pruned_without_renumbering_and_survives_a_reopen() {
        let dir = std::env::temp_dir().join(format!("shoppable-recording-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let rec = Recording::open("show-1", dir.clone()).unwrap();
        rec.start_run();
        write_source(&dir, 0, 20);
        assert_eq!(rec.refresh().unwrap(), 20);
        // Everything that ended before second 9, but never the last 3.
        assert_eq!(rec.prune(T0 + 9_000, 3).unwrap(), 8);
        {
            let inner = rec.lock();
            assert_eq!(inner.base.media_sequence, 8);
            assert_eq!(inner.segments.first().unwrap().uri, "r1-000008.ts");
        }
        assert!(!dir.join("r1-000007.ts").exists() && dir.join("r1-000008.ts").exists());
        assert_eq!(rec.prune(T0 + 99_000, 3).unwrap(), 9, "keeps the newest 3");
        assert_eq!(rec.lock().base.media_sequence, 17);
        // A segment pruned but still in the packager's playlist is not taken again.
        write_source(&dir, 14, 21);
        assert_eq!(rec.refresh().unwrap(), 1);
        // Reopened (a restarted server): the same numbers and segments.
        let again = Recording::open("show-1", dir.clone()).unwrap();
        let (a, b) = (rec.lock(), again.lock());
        assert_eq!(b.base, a.base);
        assert_eq!(b.segments, a.segments);
        drop((a, b));
        let _ = fs::remove_dir_all(&dir);
    }
}
