/* A live HLS stream emulated in the page, for hls-live.html.

   The reference server only serves files, and a live playlist must change
   while it is watched. So hls.js gets a playlist loader (its `pLoader` option)
   that answers requests for `.../live/index.m3u8` itself: a sliding window of
   the last `size` segments of a program that started `join` seconds before
   the page loaded and loops the VOD stream's segments for ever. Every segment
   carries EXT-X-PROGRAM-DATE-TIME = EPOCH + its program time, each loop starts
   with EXT-X-DISCONTINUITY (media timestamps restart), and there is never an
   EXT-X-ENDLIST, so hls.js treats it as live: it starts near the live edge and
   reloads the playlist every target duration. Segment requests go to the real
   VOD files; everything else goes to hls.js's own loader.

   EPOCH is `video.epoch` of the manifest make_hls.sh writes, so tag time =
   program time, and tags repeat every loop.

   Options for the live shows (hls-show.html): `start` (ms since 1970) fixes
   when the program started, instead of `join` seconds before this page, so
   every page on the machine sees the same program; with `start: EPOCH` a
   frame's program date is the wall-clock time it was "filmed". `ranges()`
   returns pins to carry as EXT-X-DATERANGE (class com.shoppable.pin), each
   `{ id, product, start, end? }` (ms), written into every playlist until it
   has ended and left the window, as a packager would. This file is test
   scaffolding, not part of the widget. */
function liveLoopLoader(Hls, { vod, join = 30, size = 6, start: programStart, ranges = () => [] }) {
  const EPOCH = Date.parse('2026-01-01T00:00:00Z');
  const started = programStart ?? Date.now() - join * 1000;
  const vodUrl = new URL(vod, location.href).href;
  let segments = null; // [{ uri (absolute), dur (s), at (s from loop start) }]

  async function vodSegments() {
    if (segments) return segments;
    const text = await (await fetch(vodUrl)).text();
    const out = [];
    let dur = null, at = 0;
    for (const line of text.split('\n').map((l) => l.trim())) {
      if (line.startsWith('#EXTINF:')) dur = parseFloat(line.slice(8));
      else if (line && !line.startsWith('#') && dur !== null) {
        out.push({ uri: new URL(line, vodUrl).href, dur, at });
        at += dur;
        dur = null;
      }
    }
    if (!out.length) throw new Error('no segments in ' + vodUrl);
    return (segments = out);
  }

  function playlist(segs) {
    const n = segs.length;
    const period = segs[n - 1].at + segs[n - 1].dur;
    const now = (Date.now() - started) / 1000; // program seconds
    const start = (k) => Math.floor(k / n) * period + segs[k % n].at;
    // The last segment complete by now, then the window before it.
    let last = Math.floor(now / period) * n;
    while (start(last + 1) + segs[(last + 1) % n].dur <= now) last++;
    while (last > 0 && start(last) + segs[last % n].dur > now) last--;
    const first = Math.max(0, last - size + 1);
    const target = Math.ceil(Math.max(...segs.map((s) => s.dur)));
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:' + target,
      '#EXT-X-MEDIA-SEQUENCE:' + first, '#EXT-X-DISCONTINUITY-SEQUENCE:' + Math.floor(first / n)];
    const windowStart = EPOCH + start(first) * 1000;
    for (const r of ranges()) {
      if (r.end !== undefined && r.end < windowStart) continue;
      const iso = (ms) => new Date(ms).toISOString();
      lines.push('#EXT-X-DATERANGE:ID="' + r.id + '",CLASS="com.shoppable.pin",START-DATE="' + iso(r.start) + '"'
        + (r.end !== undefined ? ',END-DATE="' + iso(r.end) + '"' : '') + ',X-PRODUCT="' + r.product + '"');
    }
    for (let k = first; k <= last; k++) {
      if (k > first && k % n === 0) lines.push('#EXT-X-DISCONTINUITY');
      lines.push('#EXT-X-PROGRAM-DATE-TIME:' + new Date(EPOCH + start(k) * 1000).toISOString());
      lines.push('#EXTINF:' + segs[k % n].dur.toFixed(3) + ',', segs[k % n].uri);
    }
    return lines.join('\n') + '\n';
  }

  const Base = Hls.DefaultConfig.loader;
  return class LiveLoopLoader extends Base {
    load(context, config, callbacks) {
      if (!/\/live\/index\.m3u8(\?|$)/.test(context.url)) return super.load(context, config, callbacks);
      const stats = this.stats;
      stats.loading.start = performance.now();
      // As hls.js's own loaders do, so abort() and destroy() work.
      Object.assign(this, { context, config, callbacks });
      vodSegments().then((segs) => {
        if (this.callbacks !== callbacks || stats.aborted) return; // aborted or destroyed
        const data = playlist(segs);
        stats.loading.first = stats.loading.end = performance.now();
        stats.loaded = stats.total = data.length;
        callbacks.onSuccess({ url: context.url, data }, stats, context, null);
      }, (e) => {
        if (this.callbacks === callbacks) callbacks.onError({ code: 0, text: String(e) }, context, null, stats);
      });
    }
  };
}
