// A live show for the end-to-end tests (live.spec.ts) and the bench (bench.mjs):
// pages on www/test/players/hls-show.html (a live HLS stream emulated in the page,
// whose program dates are the wall clock, with a frame counter burned into the
// picture), a producer acting through the server's producer API, and a frame
// monitor that judges, independently of the widget, on which frame the card changed.
//
// The monitor runs in each page: its own requestVideoFrameCallback dates every
// presented frame from hls.js's fragments (frag.programDateTime + (mediaTime −
// frag.start) × 1000), and a requestAnimationFrame queued in that callback reads
// whether the card is shown; the frame counter (9 black/white blocks along the
// top, make_hls.sh) is decoded from a canvas when `window.__decode` is set
// (`n`, and `sure` when the canvas surely drew that callback's frame).

/** The program's start (live-loop.js `start`): a frame's program date − this = its program time. */
export const EPOCH = Date.parse('2026-01-01T00:00:00Z');
/** The stream's frame rate (make_hls.sh keeps hero.webm's 25 fps) and its loop (20 s). */
export const FPS = 25;
export const FRAME_MS = 1000 / FPS;
export const LOOP_FRAMES = 500;
export const PAGE = '/test/players/hls-show.html';

/** Runs in each page (page.addInitScript): records every presented frame in window.__frames. */
export function monitor() {
  const w = window;
  if (w.__frames) return;
  w.__frames = [];
  const canvas = document.createElement('canvas');
  canvas.width = 360;
  canvas.height = 24;
  let ctx = null;
  // The frame's program date through the fragment that holds it.
  const dateOf = (mt) => {
    const fr = w.hls && w.hls.latestLevelDetails && w.hls.latestLevelDetails.fragments;
    if (!fr || !fr.length) return NaN;
    let lo = 0, hi = fr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (fr[mid].start <= mt) lo = mid + 1;
      else hi = mid;
    }
    const f = fr[lo - 1];
    if (!f || f.programDateTime == null || mt > f.start + f.duration + 0.05) return NaN;
    return f.programDateTime + (mt - f.start) * 1000;
  };
  // The burned-in frame number: bit i is the block at x = 40i (white = 1).
  // Read from a VideoFrame of the element, whose timestamp says which frame it
  // holds: drawing the element itself draws whatever frame the compositor has
  // by then, a newer one when this callback runs late on a busy machine, and
  // currentTime does not tell (it lags the compositor).
  const counter = (v, mediaTime) => {
    ctx = ctx || canvas.getContext('2d', { willReadFrequently: true });
    let frame;
    try { frame = new VideoFrame(v); } catch { return { n: NaN, sure: false }; }
    const sure = Math.abs(frame.timestamp / 1e6 - mediaTime) < 0.0005;
    ctx.drawImage(frame, 0, 0, 360, 24, 0, 0, 360, 24);
    frame.close();
    const px = ctx.getImageData(0, 0, 360, 24).data;
    let n = 0;
    for (let i = 0; i < 9; i++) if (px[(12 * 360 + i * 40 + 20) * 4] > 128) n |= 1 << i;
    return { n, sure };
  };
  const card = () => {
    const c = document.querySelector('shoppable-overlay')?.shadowRoot?.querySelector('.live-card');
    return c && !c.hidden ? c.getAttribute('data-product') : null;
  };
  const start = () => {
    const v = document.querySelector('video');
    if (!v || !w.hls) return void setTimeout(start, 20);
    const onFrame = (now, meta) => {
      const rec = { d: dateOf(meta.mediaTime), mt: meta.mediaTime, pf: meta.presentedFrames, now };
      if (w.__decode) {
        const { n, sure } = counter(v, meta.mediaTime);
        rec.n = n;
        rec.sure = sure;
      }
      w.__frames.push(rec);
      if (w.__frames.length > 6000) w.__frames.splice(0, 2000);
      requestAnimationFrame((t) => {
        rec.card = card();
        rec.raf = t;
      });
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}

/**
 * Opens the show page (no `manifest`: a producer's preview), playing, in a
 * browser context of its own: Chromium runs requestVideoFrameCallback and
 * requestAnimationFrame about once a second for a page that is not its
 * window's front tab, and each context's page is the front of its own window.
 * Close it with `page.context().close()`.
 */
export async function openShow(browser, { manifest, behind, decode = false, before, baseURL = process.env.BASE_URL }) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.addInitScript(monitor);
  if (decode) await page.addInitScript(() => { window.__decode = true; });
  if (before) await before(page);
  const q = new URLSearchParams({ behind: String(behind) });
  if (manifest) q.set('manifest', manifest);
  await page.goto(`${PAGE}?${q}`);
  await page.waitForFunction(() => window.hls && document.querySelector('video').readyState >= 1, null, { timeout: 30_000 });
  await page.evaluate(() => document.querySelector('video').play());
  // Dated frames are being presented, every one (see above).
  await page.waitForFunction(() => {
    const f = window.__frames.filter((f) => Number.isFinite(f.d)).slice(-10);
    return f.length === 10 && f[9].pf - f[0].pf < 20;
  }, null, { timeout: 30_000 });
  return page;
}

/** The latest presented frame's date (ms, unrounded). */
export function lastDate(page) {
  return page.evaluate(() => {
    const f = window.__frames.filter((f) => Number.isFinite(f.d));
    return f.length ? f[f.length - 1].d : NaN;
  });
}

/** How far `page` is behind the live edge (s): hls.js's own latency figure. */
export function latency(page) {
  return page.evaluate(() => window.hls.latency);
}

/** Waits until `page`'s picture has passed program date `ms` by `extra` ms. */
export async function waitPast(page, ms, extra = 500, timeout = 60_000) {
  await page.waitForFunction(([ms, extra]) => {
    const f = window.__frames;
    return f.length && f[f.length - 1].d > ms + extra && f[f.length - 1].card !== undefined;
  }, [ms, extra], { timeout, polling: 100 });
}

/** The producer's action, stamped with the program date of the frame its preview presents now. */
export async function act(request, show, preview, action, token = process.env.E2E_PRODUCER_TOKEN) {
  // Each action on a frame of its own (the next, if the last action took this
  // one): two sharing a frame could not be told apart on screen.
  const last = preview.__lastAt ?? -Infinity;
  let at = Math.round(await lastDate(preview));
  for (let waited = 0; at <= last && waited < 2000; waited += 20) {
    await preview.waitForTimeout(20);
    at = Math.round(await lastDate(preview));
  }
  if (!Number.isFinite(at)) throw new Error('the producer preview has no dated frame');
  if (at <= last) throw new Error(`the producer preview stood still at ${at} for 2 s`);
  preview.__lastAt = at;
  const res = await request.post(`/api/live/${show}/events`, {
    headers: { Authorization: `Bearer ${token}` },
    data: { ...action, at },
  });
  if (res.status() !== 201) throw new Error(`POST /api/live/${show}/events ${JSON.stringify(action)}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** The frames a page recorded. */
export function frames(page) {
  return page.evaluate(() => window.__frames.slice());
}

/**
 * Judges each change of the card: `changes` are `{ at, card }` in order (`card`:
 * the product id the card shows from `at` on, or null). For each, the frame
 * where it should first show is the first presented frame dated ≥ at − 0.5 ms;
 * `error` is how many frames (of the stream's) later the card first showed it
 * there or after (0: on that very frame; negative: early), `before` what the
 * frame just before showed. Frames are taken in presentation order.
 */
export function judge(recorded, changes) {
  const f = recorded.filter((r) => Number.isFinite(r.d) && r.card !== undefined);
  const out = [];
  let from = 0;
  for (const c of changes) {
    const i0 = f.findIndex((r, i) => i >= from && r.d >= c.at - 0.5);
    if (i0 < 0) {
      out.push({ ...c, error: Infinity, why: 'no frame reached it' });
      continue;
    }
    // The first frame showing the change, looked for from the previous change on.
    const i1 = f.findIndex((r, i) => i >= from && r.card === c.card);
    const error = i1 < 0 ? Infinity : Math.round((f[i1].d - f[i0].d) / FRAME_MS);
    out.push({
      ...c,
      error,
      frame: f[i0],
      shown: f[i0].card,
      before: i0 > 0 ? f[i0 - 1].card : undefined,
      beforeDate: i0 > 0 ? f[i0 - 1].d : undefined,
      missed: i0 > 0 ? f[i0].pf - f[i0 - 1].pf - 1 : 0,
    });
    from = i0;
  }
  return out;
}

/** The frame number burned into the picture at program date `d` (the loop repeats every 500 frames). */
export function counterAt(d) {
  const frame = Math.round(((d - EPOCH) / 1000) * FPS);
  return ((frame % LOOP_FRAMES) + LOOP_FRAMES) % LOOP_FRAMES;
}
