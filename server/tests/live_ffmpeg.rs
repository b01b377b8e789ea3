//! `--live-source` with the real ffmpeg (Debian's, which `cargo xtask
//! setup` installs): the server binary publishes a short H.264 file made
//! here as live HLS, with program dates that follow the segments; a
//! killed ffmpeg is restarted and its restart is a discontinuity; ffmpeg
//! never outlives the server, whether it stops or is killed.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use shoppable::model::live::playlist;

const LIVE: &str = r#"{
  "version": 1,
  "video": { "id": "live-video", "time_base": "program_date_time", "epoch": "2026-11-29T22:00:00Z" },
  "currency": "USD",
  "live": { "show": "show-1", "events": "/api/live/show-1/events" },
  "products": [ { "id": "tote", "title": "Canvas Tote", "price": 2900 } ]
}"#;

/// The fixture tree with a 3 s H.264 test picture, a keyframe every second.
fn source() -> TempDir {
    let fx = fixture();
    fx.write("www/manifests/live.json", LIVE);
    let status = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-nostdin", "-y"])
        .args([
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x90:rate=25",
            "-t",
            "3",
        ])
        .args([
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
        ])
        .args([
            "-g",
            "25",
            "-keyint_min",
            "25",
            "-sc_threshold",
            "0",
            "-bf",
            "0",
        ])
        .arg(fx.path().join("src.mp4"))
        .status()
        .expect("ffmpeg runs (apt-get install ffmpeg, or `cargo xtask setup`)");
    assert!(status.success());
    fx
}

fn start_server(fx: &TempDir, extra: &[&str]) -> (Proc, u16) {
    let mut args = vec![
        "--port",
        "0",
        "--data-dir",
        "data",
        "--live-source",
        "show-1=src.mp4",
        "--live-window",
        "4",
        "--producer-token",
        "test-producer-token-0123456789",
    ];
    args.extend_from_slice(extra);
    let mut p = spawn(fx, &args);
    let port = listening_port(&mut p);
    (p, port)
}

/// The ffmpeg processes whose parent is `pid`, and whether each still runs.
fn ffmpeg_children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(child) = e.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{child}/stat")) else {
            continue;
        };
        // pid (comm) state ppid …
        let Some((comm, rest)) = stat.split_once(") ") else {
            continue;
        };
        let mut f = rest.split(' ');
        let (state, ppid) = (f.next().unwrap_or(""), f.next().unwrap_or(""));
        if comm.ends_with("(ffmpeg") && ppid == pid.to_string() && state != "Z" {
            out.push(child);
        }
    }
    out
}

/// Whether process `pid` is gone (or a zombie nobody reaped yet).
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .split_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
    }
}

async fn wait_for<T>(what: &str, limit: Duration, mut f: impl AsyncFnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn playlist_of(port: u16) -> Option<playlist::MediaPlaylist> {
    let addr = format!("127.0.0.1:{port}").parse().unwrap();
    let r = get(addr, "/live/show-1/index.m3u8", &[]).await;
    (r.status == 200).then(|| playlist::parse(&r.text()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ffmpeg_is_run_restarted_and_never_outlives_a_killed_server() {
    let fx = source();
    let (mut server, port) = start_server(&fx, &["--exit-after", "60"]);
    let p = wait_for("three segments", Duration::from_secs(20), async || {
        playlist_of(port).await.filter(|p| p.segments.len() >= 3)
    })
    .await;
    // One-second segments whose program dates follow each other.
    for w in p.segments.windows(2) {
        assert!((w[0].duration - 1.0).abs() < 0.05, "{:?}", w[0]);
        assert_eq!(w[1].program_date_ms, w[0].end_ms(), "{w:?}");
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let edge = p.segments.last().unwrap().end_ms();
    assert!(
        (now - edge).abs() < 5_000,
        "dates are the wall clock: {now} vs {edge}"
    );
    let addr = format!("127.0.0.1:{port}").parse().unwrap();
    let seg = get(addr, &format!("/live/show-1/{}", p.segments[0].uri), &[]).await;
    assert_eq!(seg.status, 200);
    assert_eq!(seg.body[0], 0x47, "an MPEG-TS packet");

    // ffmpeg dies: the server starts another run, after a discontinuity.
    let first = ffmpeg_children(server.0.id());
    assert_eq!(first.len(), 1, "one ffmpeg per show");
    unsafe { libc::kill(first[0] as i32, libc::SIGKILL) };
    let p = wait_for("a restarted run", Duration::from_secs(20), async || {
        playlist_of(port)
            .await
            .filter(|p| p.segments.iter().any(|s| s.uri.starts_with("r2-")))
    })
    .await;
    let r2 = p
        .segments
        .iter()
        .position(|s| s.uri.starts_with("r2-"))
        .unwrap();
    assert!(r2 == 0 || p.segments[r2].discontinuity, "{p:?}");
    let second = ffmpeg_children(server.0.id());
    assert_eq!(second.len(), 1);

    // The server is killed outright: its ffmpeg goes with it.
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    wait_for("ffmpeg gone", Duration::from_secs(10), async || {
        gone(second[0]).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_stops_stops_its_ffmpeg() {
    let fx = source();
    let (mut server, port) = start_server(&fx, &["--exit-after", "3"]);
    wait_for("a segment", Duration::from_secs(20), async || {
        playlist_of(port).await.filter(|p| !p.segments.is_empty())
    })
    .await;
    let ffmpeg = ffmpeg_children(server.0.id());
    assert_eq!(ffmpeg.len(), 1);
    let status = wait_exit(&mut server, Duration::from_secs(20));
    assert!(status.success(), "{status:?}");
    wait_for("ffmpeg gone", Duration::from_secs(10), async || {
        gone(ffmpeg[0]).then_some(())
    })
    .await;
}
