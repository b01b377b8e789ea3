//! Publishing a show's stream (`--live-source SHOW=FILE`): the server runs
//! ffmpeg, which loops FILE as live HLS into the show's directory, copying
//! the H.264 rather than re-encoding it (a keyframe every second makes
//! one-second segments), so it costs next to no CPU:
//!
//! ```text
//! ffmpeg -re -stream_loop -1 -i FILE -c copy -f hls -hls_time 1 -hls_list_size 6
//!        -hls_flags program_date_time+temp_file
//!        -hls_segment_filename DIR/r<N>-%06d.ts DIR/source-r<N>.m3u8
//! ```
//!
//! `-re` reads at the video's own rate, so each segment's
//! `EXT-X-PROGRAM-DATE-TIME` is the wall clock it was read at; looping keeps
//! timestamps running on. `temp_file` renames each segment into place
//! when complete, so no half-written one is ever indexed.
//!
//! The server owns the process: it is killed when the server stops
//! (`kill_on_drop`, and on Linux `PR_SET_PDEATHSIG` for a server that is
//! killed outright), restarted with a backoff if it dies (each run `N` has
//! its own names, and the recording marks the restart as a discontinuity),
//! and stopped for good when the show ends. Its messages go to the
//! server's stderr, each line prefixed with the show.
//!
//! [`keep`] runs for every published show: it indexes what the packager
//! wrote (`recording.rs`), also while nobody watches, and before the show
//! starts keeps only the recent stream.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::AsyncBufReadExt;
use tokio::process::{Child, Command};

use super::recording::source_name;
use super::stream::hub_of;
use crate::api::Api;
use crate::config::Publisher;

/// The packager's program.
const FFMPEG: &str = "ffmpeg";
/// Longest wait before restarting a packager that keeps dying.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A run this long counts as healthy: the next failure restarts at once.
const HEALTHY: Duration = Duration::from_secs(60);
/// Before the show starts, what is kept behind the live window.
const PRE_SHOW_MARGIN_MS: i64 = 60_000;

/// Starts a supervisor for every show the server publishes with ffmpeg.
pub fn start(api: &Arc<Api>) -> Vec<tokio::task::JoinHandle<()>> {
    api.live
        .streams
        .sources
        .iter()
        .filter_map(|s| match &s.publisher {
            Publisher::Ffmpeg { input } => Some(tokio::spawn(supervise(
                api.clone(),
                s.show.clone(),
                input.clone(),
            ))),
            Publisher::External => None,
        })
        .collect()
}

async fn ended(api: &Arc<Api>, show: &str) -> bool {
    hub_of(api, show)
        .await
        .is_some_and(|h| h.ended_at().is_some())
}

async fn supervise(api: Arc<Api>, show: String, input: PathBuf) {
    let rec = match api.live.streams.recording(&show) {
        Ok(Some(r)) => r,
        Ok(None) => return,
        Err(e) => {
            eprintln!("error: live: cannot open the recording of {show}: {e}; not publishing it");
            return;
        }
    };
    let mut backoff = Duration::from_secs(1);
    loop {
        if ended(&api, &show).await {
            eprintln!("live: show {show} has ended; its stream is not published again (the replay is at /live/{show}/replay.m3u8)");
            return;
        }
        let run = rec.start_run();
        let started = Instant::now();
        match spawn(&show, &input, &rec.dir, run) {
            Ok(mut child) => {
                let mut tick = tokio::time::interval(Duration::from_millis(250));
                let exit = loop {
                    tokio::select! {
                        status = child.wait() => break Some(status),
                        _ = tick.tick() => if ended(&api, &show).await { break None },
                    }
                };
                match exit {
                    None => {
                        let _ = child.kill().await;
                        eprintln!("live: show {show} ended; ffmpeg stopped");
                        return;
                    }
                    Some(status) => eprintln!(
                        "warning: live: ffmpeg publishing {show} exited ({}); restarting in {} s",
                        status.map_or_else(|e| e.to_string(), |s| s.to_string()),
                        backoff.as_secs()
                    ),
                }
            }
            Err(e) => eprintln!(
                "error: live: cannot start ffmpeg for {show}: {e} (is ffmpeg installed? apt-get install ffmpeg); trying again in {} s",
                backoff.as_secs()
            ),
        }
        if started.elapsed() > HEALTHY {
            backoff = Duration::from_secs(1);
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

/// Spawns ffmpeg for run `run`. Called on a runtime worker, never on a
/// blocking-pool thread: `PR_SET_PDEATHSIG` fires when the *thread* that
/// forked exits, and workers live as long as the runtime.
fn spawn(show: &str, input: &Path, dir: &Path, run: u32) -> std::io::Result<Child> {
    let mut cmd = Command::new(FFMPEG);
    cmd.args(["-hide_banner", "-loglevel", "error", "-nostdin"])
        .args(["-re", "-stream_loop", "-1", "-i"])
        .arg(input)
        .args([
            "-c",
            "copy",
            "-f",
            "hls",
            "-hls_time",
            "1",
            "-hls_list_size",
            "6",
        ])
        .args(["-hls_flags", "program_date_time+temp_file"])
        .arg("-hls_segment_filename")
        .arg(dir.join(format!("r{run}-%06d.ts")))
        .arg(dir.join(source_name(run)))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    #[cfg(target_os = "linux")]
    // SAFETY: prctl is async-signal-safe and touches no memory of ours.
    unsafe {
        cmd.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn()?;
    if let Some(err) = child.stderr.take() {
        let show = show.to_string();
        tokio::spawn(async move {
            let mut lines = tokio::io::BufReader::new(err).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("ffmpeg ({show}): {line}");
            }
        });
    }
    Ok(child)
}

/// Indexes every published show's new segments, and before a show starts
/// drops what is older than its window and a margin (the jobs call it
/// four times a second).
pub async fn keep(api: &Arc<Api>) {
    for s in &api.live.streams.sources {
        let Ok(Some(rec)) = api.live.streams.recording(&s.show) else {
            continue;
        };
        let started = match hub_of(api, &s.show).await {
            Some(h) => h.seq() > 0,
            None => false,
        };
        let window_ms = api.live.streams.window.as_millis() as i64;
        let show = s.show.clone();
        let done = tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            rec.refresh()?;
            if !started {
                let newest = rec.lock().segments.last().map(|s| s.end_ms());
                if let Some(newest) = newest {
                    // Prune in batches, not a segment at a time.
                    let cutoff = newest - window_ms - PRE_SHOW_MARGIN_MS;
                    let old = rec
                        .lock()
                        .segments
                        .iter()
                        .take_while(|s| s.end_ms() < cutoff)
                        .count();
                    if old >= 10 {
                        rec.prune(cutoff, 3)?;
                    }
                }
            }
            Ok(())
        })
        .await;
        match done {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("error: live: the recording of {show}: {e}"),
            Err(e) => eprintln!("error: live: the recording of {show}: {e}"),
        }
    }
}
