// Live shows, end to end: a producer (this test, posting to the server's producer
// API, each action stamped with the program date of the frame its own preview
// presents) and viewers behind the live edge, on an emulated live HLS stream
// played by real hls.js (www/test/players/hls-show.html, live-show.mjs).
//
// Each viewer page dates every presented frame itself, from hls.js's fragments
// and its own requestVideoFrameCallback, and reads from a requestAnimationFrame
// queued there whether the card is shown: a pin, an unpin, must show on the
// first presented frame dated ≥ at − 0.5 ms, never a frame early or late. Also:
// the frame counter burned into the picture agrees; a late joiner and a viewer
// whose connection dropped show the right pins from the snapshot and the resumed
// stream; pins carried only as EXT-X-DATERANGE show on the same frames with the
// events server blocked; a replay's pins show at their media times (on a plain
// <video>, through the core viewer build).
import { test, expect, type Page } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { unhashed } from './helpers';
import { act, counterAt, frames, judge, latency, openShow, waitPast, EPOCH, FRAME_MS, LOOP_FRAMES } from './live-show.mjs';

type Change = { at: number; card: string | null };

/** How far the producer's preview is behind the live edge (s): two of the
 *  stream's 2 s segments, so it never waits at the edge for the next one. */
const PRODUCER_BEHIND = 4;

/** Every change on its exact frame, with the card before it as it was. */
function expectExact(page: string, recorded: any[], changes: Change[]) {
  const verdicts = judge(recorded, changes);
  let before: string | null = null;
  for (const v of verdicts) {
    const what = `${page}: ${v.card ?? 'no card'} at ${v.at} (${new Date(v.at).toISOString()})`;
    expect(v.error, `${what}: first shown ${v.error} frames from the first frame dated >= at - 0.5 ms (${JSON.stringify(v.frame)})`).toBe(0);
    expect(v.shown, `${what}: the card on that frame`).toBe(v.card);
    expect(v.before, `${what}: the card on the frame before (dated ${v.beforeDate})`).toBe(before);
    before = v.card;
  }
}

const card = (p: Page) => p.locator('#v + shoppable-overlay .live-card');

test('pins and unpins show on the first frame whose date reaches them, 4+ s and 15 s behind; the picture\'s frame counter agrees; a late joiner sees the pin at once', async ({ browser, request }) => {
  test.setTimeout(180_000);
  const show = 'e2e-pins';
  const manifest = '/manifests/live-e2e-pins.json';
  const producer = await openShow(browser, { behind: PRODUCER_BEHIND });
  const near = await openShow(browser, { behind: 6, manifest, decode: true });
  const far = await openShow(browser, { behind: 15, manifest });
  const nearLatency = await latency(near);
  expect(nearLatency, 'the first viewer is at least 4 s behind the live edge').toBeGreaterThanOrEqual(4);
  // hls.js starts the far viewer 15 s behind; every stall while a busy machine
  // loads it adds to that (19 s was seen with other builds running), and the
  // rule under test does not depend on the figure: it only has to be well
  // behind the near viewer, so the two judge the same pins at different times.
  const farLatency = await latency(far);
  expect(farLatency, 'the second viewer is about 15 s behind').toBeGreaterThan(13);
  expect(farLatency, 'the second viewer is about 15 s behind').toBeLessThan(30);
  expect(farLatency - nearLatency, 'the viewers are apart').toBeGreaterThan(5);
  // The live module is loaded (the card exists, hidden) before the show starts.
  for (const v of [near, far]) await expect(card(v)).toBeHidden();
  await expect(card(near)).toHaveCount(1, { timeout: 30_000 });
  await expect(card(far)).toHaveCount(1, { timeout: 30_000 });

  const plan: [any, string | null][] = [
    [{ type: 'pin', product: 'velvet-lipstick' }, 'velvet-lipstick'],
    [{ type: 'pin', product: 'glow-serum' }, 'glow-serum'],
    [{ type: 'unpin', product: 'glow-serum' }, 'velvet-lipstick'],
    [{ type: 'unpin', product: 'velvet-lipstick' }, null],
    [{ type: 'pin', product: 'cloud-sneaker' }, 'cloud-sneaker'],
  ];
  const changes: Change[] = [];
  for (const [action, after] of plan) {
    const e = await act(request, show, producer, action);
    changes.push({ at: e.at, card: after });
    await producer.waitForTimeout(1200);
  }
  const last = changes[changes.length - 1].at;
  await waitPast(near, last, 1000);
  await waitPast(far, last, 1000, 90_000);
  const nearFrames = await frames(near);
  expectExact('4+ s behind', nearFrames, changes);
  expectExact('15 s behind', await frames(far), changes);

  // Cross-check against the picture: the frame the card first showed on is the
  // one the producer's preview presented when it pinned (its burned-in number),
  // and the test's dates match the numbers around it.
  // On a busy machine the page may present frames without its callback
  // running for them (`missed`; CI saw the pinned frame among two such):
  // then the card's first recorded frame is a later one, and its number is
  // the pinned frame's plus the frames in between, which must all be
  // missed ones.
  const pinned = judge(nearFrames, changes.slice(0, 1))[0];
  const first = pinned.frame;
  const after = Math.round((first.d - changes[0].at) / FRAME_MS);
  expect(after, `frames from the pin to the first one recorded (${pinned.missed} presented unrecorded)`).toBeLessThanOrEqual(pinned.missed);
  if (first.sure) expect(first.n, `frame counter on the pin's first recorded frame (dated ${first.d})`).toBe((counterAt(changes[0].at) + after) % LOOP_FRAMES);
  const around = nearFrames.filter((f: any) => Math.abs(f.d - first.d) < 2000 && f.sure);
  expect(around.length, 'frames whose counter was surely read').toBeGreaterThan(25);
  for (const f of around) expect(f.n, `counter at ${f.d - EPOCH} ms of program`).toBe(counterAt(f.d));

  // A late joiner: the pin (made well before its picture) shows from the snapshot at once.
  const late = await openShow(browser, { behind: 6, manifest });
  await expect(card(late)).toBeVisible({ timeout: 30_000 });
  await expect(card(late)).toHaveAttribute('data-product', 'cloud-sneaker');
  const lateFrames = (await frames(late)).filter((f: any) => f.card !== undefined && f.card !== null);
  expect(new Set(lateFrames.map((f: any) => f.card))).toEqual(new Set(['cloud-sneaker']));
  // The show left as found, so that the test can run again: no pin, and
  // the unpin's date passed for any viewer up to 30 s behind (the most the
  // far viewer may be above), who would still see the pin until then.
  const cleared = await act(request, show, producer, { type: 'unpin', product: 'cloud-sneaker' });
  await waitPast(far, cleared.at, 1000 + Math.max(0, 30 - farLatency) * 1000, 90_000);
  for (const p of [producer, near, far, late]) await p.context().close();
});

/**
 * A pass-through to the server for the event stream that can drop it: `cut()`
 * ends every open response mid-stream (the browser sees a connection broken
 * mid-body, as when a network goes) and holds new requests until `resume()`.
 * The bytes are the server's; only the connection is the test's.
 */
async function dropper(base: string) {
  let up = true;
  const held: (() => void)[] = [];
  const open = new Set<http.ServerResponse>();
  const seen: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    const go = () => {
      seen.push(req.headers['last-event-id'] as string | undefined);
      const target = new URL(req.url!, base);
      const fwd = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      fwd.on('error', () => res.destroy());
      open.add(res);
      res.on('close', () => { open.delete(res); fwd.destroy(); });
      req.pipe(fwd);
    };
    if (up) go();
    else held.push(go);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    seen,
    cut() { up = false; for (const r of open) r.destroy(); },
    resume() { up = true; held.splice(0).forEach((go) => go()); },
    close() { for (const r of open) r.destroy(); server.close(); },
  };
}

test('a viewer whose connection fails, then drops mid-stream, misses no event', async ({ browser, request, baseURL }) => {
  test.setTimeout(120_000);
  const show = 'e2e-resume';
  const path = `/api/live/${show}/events`;
  const drop = await dropper(baseURL!);
  // Held from the start: the retry after the failed first connection waits in
  // the dropper until the test has seen the status say so. (Let through at
  // once, the retry could connect and hide the status before the test looked,
  // on a slow machine.)
  drop.cut();
  const producer = await openShow(browser, { behind: PRODUCER_BEHIND });
  let tries = 0;
  const viewer = await openShow(browser, {
    behind: 8,
    manifest: '/manifests/live-e2e-resume.json',
    before: async (p: Page) => {
      await p.route(`**${path}`, (route) => {
        // The first connection fails outright; the rest go through the dropper.
        if (tries++ === 0) return route.abort('connectionreset');
        return route.continue({ url: drop.url(path) });
      });
    },
  });
  const status = viewer.locator('#v + shoppable-overlay .live-status');
  const changes: Change[] = [];
  // Made while the viewer has no stream yet: the snapshot it gets when it connects has it.
  const first = await act(request, show, producer, { type: 'pin', product: 'glow-serum' });
  changes.push({ at: first.at, card: 'glow-serum' });
  await expect(status, 'the lost connection is told').toBeVisible();
  await expect(status).toHaveText(/reconnecting/);
  await expect.poll(() => tries, { message: 'the viewer tried again', timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  drop.resume();
  await expect(status).toBeHidden({ timeout: 20_000 });
  // The stream drops while the host acts; the browser comes back with Last-Event-ID.
  drop.cut();
  changes.push({ at: (await act(request, show, producer, { type: 'pin', product: 'iris-parfum' })).at, card: 'iris-parfum' });
  await producer.waitForTimeout(1000);
  changes.push({ at: (await act(request, show, producer, { type: 'unpin', product: 'iris-parfum' })).at, card: 'glow-serum' });
  await expect(status).toBeVisible();
  drop.resume();
  await expect(status).toBeHidden({ timeout: 20_000 });
  expect(drop.seen.filter(Boolean), 'a reconnect resumed after the last event it had').toEqual([String(first.seq)]);
  await waitPast(viewer, changes[changes.length - 1].at, 1000);
  expectExact('after a failed connection and a dropped one', await frames(viewer), changes);
  // The show as it was before (nothing pinned), so the test can run again on this server.
  await act(request, show, producer, { type: 'unpin', product: 'glow-serum' });
  drop.close();
  for (const p of [producer, viewer]) await p.context().close();
});

test('pins carried only in the playlist (EXT-X-DATERANGE) show on the same frames, across playlist reloads, with the events server blocked', async ({ browser }) => {
  test.setTimeout(150_000);
  const blocked: string[] = [];
  const block = (p: Page) => p.context().route('**/api/live/**', (route) => {
    blocked.push(route.request().url());
    return route.abort();
  });
  const producer = await openShow(browser, { behind: PRODUCER_BEHIND });
  const manifest = '/manifests/live-e2e-ranges.json';
  // 8 s, not 6: a pin reaches the playlist at its next reload (every 2 s target
  // duration), after the producer (4 s behind) stamped it.
  const viewers = [
    await openShow(browser, { behind: 8, manifest, before: block }),
    await openShow(browser, { behind: 15, manifest, before: block }),
  ];
  for (const v of viewers) await expect(card(v)).toHaveCount(1, { timeout: 30_000 });
  const reloads = () => Promise.all(viewers.map((v) => v.evaluate(() => (window as any).hls.latestLevelDetails?.startSN)));
  const startSN = await reloads();
  // The packager writes each pin into the playlist (and its END-DATE on unpin).
  const range = async (r: any) => {
    for (const v of viewers) {
      await v.evaluate((r) => {
        const list = (window as any).liveRanges;
        const i = list.findIndex((x: any) => x.id === r.id);
        if (i >= 0) list[i] = r;
        else list.push(r);
      }, r);
    }
  };
  const stamp = async () => Math.round(await producer.evaluate(() => (window as any).__frames.filter((f: any) => Number.isFinite(f.d)).at(-1).d));
  const changes: Change[] = [];
  const a = await stamp();
  await range({ id: 'pin-1', product: 'velvet-lipstick', start: a });
  changes.push({ at: a, card: 'velvet-lipstick' });
  await producer.waitForTimeout(1200);
  const b = await stamp();
  await range({ id: 'pin-2', product: 'cloud-sneaker', start: b });
  changes.push({ at: b, card: 'cloud-sneaker' });
  await producer.waitForTimeout(1200);
  const c = await stamp();
  await range({ id: 'pin-2', product: 'cloud-sneaker', start: b, end: c });
  changes.push({ at: c, card: 'velvet-lipstick' });
  await producer.waitForTimeout(1200);
  const d = await stamp();
  await range({ id: 'pin-1', product: 'velvet-lipstick', start: a, end: d });
  changes.push({ at: d, card: null });
  await waitPast(viewers[0], d, 1000);
  await waitPast(viewers[1], d, 1000, 90_000);
  expectExact('daterange, 8 s behind', await frames(viewers[0]), changes);
  expectExact('daterange, 15 s behind', await frames(viewers[1]), changes);
  // The playlists slid on meanwhile (each reload rebuilt hls.js's dateRanges).
  const later = await reloads();
  for (let i = 0; i < viewers.length; i++) expect(later[i]).toBeGreaterThan(startSN[i] + 5);
  expect(blocked, 'no request reached the events server').toEqual([]);
  for (const p of [producer, ...viewers]) await p.context().close();
});

test('a replay shows each pinned product at the media times it was pinned, over a plain <video>', async ({ page }) => {
  test.setTimeout(60_000);
  const modules: string[] = [];
  page.on('request', (r) => { const m = /(shoppable-[a-z]+)_bg\.wasm$/.exec(unhashed(r.url())); if (m) modules.push(m[1]); });
  await page.addInitScript(() => {
    const w = window as any;
    w.__frames = [];
    const start = () => {
      const v = document.querySelector('video');
      if (!v) return void setTimeout(start, 20);
      const onFrame = (_: number, meta: any) => {
        const rec: any = { mt: meta.mediaTime };
        w.__frames.push(rec);
        requestAnimationFrame(() => {
          const c = document.querySelector('shoppable-overlay')?.shadowRoot?.querySelector('.live-card') as HTMLElement | null;
          rec.card = c && !c.hidden ? c.getAttribute('data-product') : null;
        });
        v.requestVideoFrameCallback(onFrame);
      };
      v.requestVideoFrameCallback(onFrame);
    };
    document.addEventListener('DOMContentLoaded', start);
  });
  await page.goto('/test/api.html');
  await page.waitForFunction(() => (window as any).Shoppable?.attach);
  await page.evaluate(() => (window as any).Shoppable.attach(document.getElementById('v'), { manifest: '/manifests/replay-e2e.json' }));
  await expect(page.locator('#v + shoppable-overlay .live-card')).toHaveCount(1, { timeout: 30_000 });
  await page.evaluate(() => { const v = document.querySelector('video')!; v.currentTime = 0; return v.play(); });
  await page.waitForFunction(() => (window as any).__frames.some((f: any) => f.mt > 13 && f.card !== undefined), null, { timeout: 40_000 });
  const recorded = (await page.evaluate(() => (window as any).__frames)).filter((f: any) => f.card !== undefined);
  // The manifest's pins: lipstick 2–6 s, serum 4–5 s (pinned later, shown over it), sneaker 8–12.5 s.
  const expected = (t: number) =>
    t >= 4 && t < 5 ? 'glow-serum' : t >= 2 && t < 6 ? 'velvet-lipstick' : t >= 8 && t < 12.5 ? 'cloud-sneaker' : null;
  const wrong = recorded.filter((f: any) => f.card !== expected(f.mt));
  expect(wrong.slice(0, 5), 'frames whose card is not the pin of their media time').toEqual([]);
  const shown = new Set(recorded.map((f: any) => f.card));
  expect(shown).toEqual(new Set([null, 'velvet-lipstick', 'glow-serum', 'cloud-sneaker']));
  // The plain <video> took the core viewer build, which loaded the live card for the pins.
  expect(modules).toContain('shoppable-core');
  expect(modules).toContain('shoppable-live');
  expect(modules).not.toContain('shoppable-players');
});
