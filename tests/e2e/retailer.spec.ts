// The retailer page runs three widgets at once from one wasm instance: each
// video gets its own overlay right after it, and shows its own tags where its
// own layout (contain letterboxed, cover cropped, contain at left top) puts them.
import { test, expect } from '@playwright/test';
import {
  collectRequests, events, expectTagsPlaced, fetchManifest, recordEvents, seekPaused, snapshot, waitForMetadata,
  waitForOverlay, GLUE, WASM, WIDGET_ORIGIN,
} from './helpers';

const VIDEOS = [
  { sel: '#v-hero', manifest: '/manifests/hero.json', id: 'hero', fit: 'contain', time: 5.5 },
  { sel: '#v-square', manifest: '/manifests/square.json', id: 'square', fit: 'cover', time: 5.0 },
  { sel: '#v-tall', manifest: '/manifests/tall.json', id: 'tall', fit: 'contain', time: 5.0 },
];

test('three widgets at once: one wasm request, one overlay per video, each with its own tags in place', async ({ page }) => {
  test.setTimeout(90_000);
  await recordEvents(page);
  const wasm = collectRequests(page, WASM);
  const glue = collectRequests(page, `/${GLUE}`);
  await page.goto('/retailer.html');

  for (const v of VIDEOS) {
    await page.locator(v.sel).scrollIntoViewIfNeeded();
    await waitForMetadata(page, v.sel);
    await waitForOverlay(page, v.sel);
  }
  expect(await page.locator('shoppable-overlay').count()).toBe(3);
  const placement = await page.evaluate(() =>
    [...document.querySelectorAll('video')].map((v) => ({
      id: v.id,
      next: v.nextElementSibling?.localName ?? null,
      back: v.nextElementSibling?.previousElementSibling === v,
    })),
  );
  expect(placement).toEqual(VIDEOS.map((v) => ({ id: v.sel.slice(1), next: 'shoppable-overlay', back: true })));

  // One wasm instance serves them all.
  expect(wasm.map((r) => r.url())).toHaveLength(1);
  expect(glue.map((r) => r.url())).toHaveLength(1);
  expect(new URL(wasm[0].url()).origin).toBe(WIDGET_ORIGIN);

  // Each mount read its own manifest.
  const ready = await events(page, 'shoppable:ready');
  expect(ready.map((e) => [e.target, e.detail.video_id]).sort()).toEqual(VIDEOS.map((v) => [v.sel, v.id]).sort());

  const manifests = await Promise.all(VIDEOS.map((v) => fetchManifest(page, v.manifest)));
  for (const [i, v] of VIDEOS.entries()) {
    expect((await snapshot(page, v.sel)).geometry.objectFit).toBe(v.fit);
    await seekPaused(page, v.sel, v.time);
  }
  // All three paused at once; each overlay shows its own tags where they belong.
  for (const [i, v] of VIDEOS.entries()) {
    const checks = await expectTagsPlaced(page, v.sel, manifests[i]);
    expect(checks.filter((c) => c.actual).length, `${v.sel} at ${v.time}`).toBe(2);
  }

  // Play all three together for a while, pause them together, and check again.
  await page.evaluate(async (sels) => {
    await Promise.all(sels.map((s) => (document.querySelector(s) as HTMLVideoElement).play()));
  }, VIDEOS.map((v) => v.sel));
  await page.waitForFunction(
    (vs) => vs.every(([s, t]) => (document.querySelector(s as string) as HTMLVideoElement).currentTime > (t as number) + 1),
    VIDEOS.map((v) => [v.sel, v.time]),
    { timeout: 30_000 },
  );
  await page.evaluate(async (sels) => {
    for (const s of sels) (document.querySelector(s) as HTMLVideoElement).pause();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, VIDEOS.map((v) => v.sel));
  for (const [i, v] of VIDEOS.entries()) {
    const checks = await expectTagsPlaced(page, v.sel, manifests[i]);
    expect(checks.filter((c) => c.actual).length, `${v.sel} after playing`).toBeGreaterThanOrEqual(1);
  }
  expect(wasm).toHaveLength(1);
});

test('tags follow the picture when the video\'s scroll container is scrolled', async ({ page }) => {
  test.setTimeout(60_000);
  const m = await fetchManifest(page, '/manifests/hero.json');
  await page.goto('/retailer.html');
  // The page's figures have `overflow-x: auto`; a host layout that makes one
  // narrower than its video (a carousel, a narrow column) turns it into a
  // horizontal scroller, as on many retailer pages.
  await page.addStyleTag({ content: 'figure { width: 400px !important; }' });
  const figure = page.locator('figure', { has: page.locator('#v-hero') });
  // Scroll the window, not the figure, to bring the video near.
  await page.evaluate(() => window.scrollTo(0, document.getElementById('v-hero')!.getBoundingClientRect().top + scrollY - 100));
  await waitForMetadata(page, '#v-hero');
  await waitForOverlay(page, '#v-hero');
  expect(await figure.evaluate((f) => [f.scrollLeft, f.scrollWidth > f.clientWidth])).toEqual([0, true]);
  await seekPaused(page, '#v-hero', 5.5);
  await expectTagsPlaced(page, '#v-hero', m);

  // Scrolled by 150 px, both tags' points are still inside the figure's visible box.
  await figure.evaluate((f) => (f.scrollLeft = 150));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const clip = await figure.evaluate((f) => {
    const r = f.getBoundingClientRect();
    return { left: r.left + f.clientLeft, right: r.left + f.clientLeft + f.clientWidth };
  });
  await expect(async () => {
    const checks = await expectTagsPlaced(page, '#v-hero', m);
    expect(checks.map((c) => c.id)).toEqual(['t1', 't2']);
    for (const c of checks) expect(c.expected.x > clip.left && c.expected.x < clip.right, JSON.stringify({ c, clip })).toBe(true);
  }).toPass({ timeout: 3_000 });
});
