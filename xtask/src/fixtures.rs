//! The end-to-end fixtures for players other than a bare `<video>`
//! (www/test/players, see its README.md): the pinned npm packages the host
//! pages load (video.js, plyr, hls.js, media-chrome) and the HLS streams
//! `make_hls.sh` builds with ffmpeg. Both are gitignored outputs, made here
//! when missing or stale.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::setup;
use crate::util::{note, on_path, run, step, Error, Result};

/// The folder of the player pages, relative to the repository root.
pub const DIR: &str = "www/test/players";

/// What `make_hls.sh` writes, relative to [`DIR`].
const HLS_OUTPUTS: [&str; 3] = ["hls/vod/index.m3u8", "hls/live/hero-live.json", LIVE_SOURCE];

/// The live shows' source (H.264, a keyframe every second), relative to
/// [`DIR`]: what the demo and the e2e server publish with `--live-source`.
pub const LIVE_SOURCE: &str = "hls/live-source.mp4";
/// What it reads, relative to the repository root.
const HLS_INPUTS: [&str; 3] = [
    "www/videos/hero.webm",
    "www/manifests/hero.json",
    "www/test/players/make_hls.sh",
];

/// Installs the player packages (`npm ci`) and builds the HLS streams, each
/// only when missing or older than what it is made from.
pub fn prepare(root: &Path) -> Result<()> {
    step("fixtures: player packages and HLS streams (www/test/players)");
    setup::npm_ci_in(root, DIR, "video.js, plyr, hls.js, media-chrome (npm)")?;
    hls_streams(root)
}

fn hls_streams(root: &Path) -> Result<()> {
    let dir = root.join(DIR);
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let newest_input = HLS_INPUTS
        .iter()
        .filter_map(|p| modified(&root.join(p)))
        .max();
    let fresh = HLS_OUTPUTS
        .iter()
        .all(|out| match (modified(&dir.join(out)), newest_input) {
            (Some(made), Some(input)) => made >= input,
            _ => false,
        });
    if fresh {
        note("ok: HLS streams (www/test/players/hls)");
        return Ok(());
    }
    step("fixtures: HLS streams: make_hls.sh (ffmpeg)");
    if !on_path("ffmpeg") {
        return Err(Error::new(
            "ffmpeg is not on PATH",
            "run `cargo xtask setup` (it installs Debian's ffmpeg), or install ffmpeg with libx264 yourself",
        ));
    }
    run(
        Command::new("sh")
            .arg(dir.join("make_hls.sh"))
            .current_dir(root),
        "read make_hls.sh's message above; it needs ffmpeg with libx264 and python3",
    )
}
