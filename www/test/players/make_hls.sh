#!/bin/sh
# Builds the HLS fixtures for the hls.js pages from www/videos/hero.webm:
#   hls/vod/index.m3u8 + seg000.ts…   VOD: H.264 in MPEG-TS, 2 s segments (Chromium plays
#                                     H.264 through MSE; hls.js transmuxes TS to fMP4)
#   hls/counter/index.m3u8 + seg…     the same with its frame number burned in, for the live
#                                     card's frame tests (hls-show.html): as text (drawtext),
#                                     and as 9 black/white blocks of 40x24 px along the top
#                                     (bit i of the frame number at x = 40i, geq), which a
#                                     test reads back from a canvas
#   hls/live/hero-live.json           the manifest for hls-live.html: hero.json's tags
#                                     repeated every 20 s loop for 30 minutes, on
#                                     "time_base": "program_date_time" from the epoch
#                                     live-loop.js uses
#   hls/live-source.mp4               the live shows' source: H.264 1280x720, a keyframe
#                                     every second, no B-frames, which the reference
#                                     server loops as live HLS without re-encoding
#                                     (--live-source SHOW=FILE; cargo xtask demo and the
#                                     e2e server publish it)
# The live playlist itself is made in the page by live-loop.js (see README.md).
# Output is gitignored. Idempotent: does nothing when the outputs are newer than
# hero.webm, hero.json and this script. Takes a few seconds (640x360, ultrafast).
# Usage: sh www/test/players/make_hls.sh   (from anywhere)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
www=$(cd "$here/../.." && pwd)
src="$www/videos/hero.webm"
manifest="$www/manifests/hero.json"
out="$here/hls"
vod="$out/vod"
counter="$out/counter"
live="$out/live"

fresh() { # $1 is newer than every input
  [ -f "$1" ] && [ "$1" -nt "$src" ] && [ "$1" -nt "$manifest" ] && [ "$1" -nt "$0" ]
}

if fresh "$vod/index.m3u8" && fresh "$counter/index.m3u8" && fresh "$live/hero-live.json" && fresh "$out/live-source.mp4"; then
  echo "make_hls: up to date ($out)"
  exit 0
fi
command -v ffmpeg >/dev/null || { echo "make_hls: ffmpeg is not installed (apt-get install ffmpeg)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "make_hls: python3 is not installed" >&2; exit 1; }

rm -rf "$vod" "$counter" "$live" "$out/live-source.mp4"
mkdir -p "$vod" "$counter" "$live"
# Keyframe every second (25 frames), no scene-cut keyframes: segments are exactly 2 s.
ffmpeg -hide_banner -loglevel error -nostdin -y -i "$src" \
  -vf scale=640:360 -c:v libx264 -preset ultrafast -profile:v main -pix_fmt yuv420p -crf 28 \
  -g 25 -keyint_min 25 -sc_threshold 0 -an \
  -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_type mpegts \
  -hls_segment_filename "$vod/seg%03d.ts" "$vod/index.m3u8.tmp"
mv "$vod/index.m3u8.tmp" "$vod/index.m3u8"

# The live source: full size (the demo's live page shows it large), copied
# into 1 s segments by the server's ffmpeg, so every second must start with
# a keyframe; no B-frames keeps looping with -c copy simple. ~0.5 MB.
ffmpeg -hide_banner -loglevel error -nostdin -y -i "$src" \
  -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -crf 26 \
  -g 25 -keyint_min 25 -sc_threshold 0 -bf 0 -an -movflags +faststart \
  "$out/live-source.tmp.mp4"
mv "$out/live-source.tmp.mp4" "$out/live-source.mp4"

# The frame counter: the geq blocks are what tests read (bit i of the frame number N,
# white 235 / black 16, grey chroma); drawtext is for people looking at a screenshot.
# A named font file keeps the picture the same on every machine with Debian's fonts.
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
[ -f "$font" ] && fontopt="fontfile=$font" || fontopt="font=Sans"
bits="if(lt(Y\,24)*lt(X\,360)\,if(mod(floor(N/pow(2\,floor(X/40)))\,2)\,235\,16)\,lum(X\,Y))"
grey="if(lt(Y\,12)*lt(X\,180)\,128\,cb(X\,Y))"
greyr="if(lt(Y\,12)*lt(X\,180)\,128\,cr(X\,Y))"
ffmpeg -hide_banner -loglevel error -nostdin -y -i "$src" \
  -vf "scale=640:360,geq=lum=$bits:cb=$grey:cr=$greyr,drawtext=$fontopt:text='frame %{frame_num}':x=w-tw-12:y=h-th-12:fontsize=28:fontcolor=white:box=1:boxcolor=black@0.7:boxborderw=6" \
  -c:v libx264 -preset ultrafast -profile:v main -pix_fmt yuv420p -crf 23 \
  -g 25 -keyint_min 25 -sc_threshold 0 -an \
  -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_type mpegts \
  -hls_segment_filename "$counter/seg%03d.ts" "$counter/index.m3u8.tmp"
mv "$counter/index.m3u8.tmp" "$counter/index.m3u8"

python3 - "$manifest" "$live/hero-live.json" <<'PY'
import json, sys
src, dst = sys.argv[1], sys.argv[2]
m = json.load(open(src))
loop, loops = 20.0, 90  # the hero video's length; 30 minutes of program
m["video"]["time_base"] = "program_date_time"
m["video"]["epoch"] = "2026-01-01T00:00:00Z"  # EPOCH in live-loop.js
tags = []
for n in range(loops):
    for t in m["tags"]:
        shift = lambda x: round(x + n * loop, 3)
        tags.append(dict(t, id=f"{t['id']}-{n}", start=shift(t["start"]), end=shift(t["end"]),
                         keyframes=[dict(k, t=shift(k["t"])) for k in t["keyframes"]]))
m["tags"] = tags
json.dump(m, open(dst + ".tmp", "w"), separators=(",", ":"))
PY
mv "$live/hero-live.json.tmp" "$live/hero-live.json"
echo "make_hls: wrote $vod/index.m3u8 ($(ls "$vod" | grep -c '\.ts$') segments), $counter/index.m3u8, $live/hero-live.json and $out/live-source.mp4"
