// The widget never harms the host's video: a malformed manifest or a blocked
// wasm request leaves no overlay, one console error naming the cause, a
// `shoppable:error` event, and a video that plays with its controls. Bad tags
// are dropped with warnings naming their JSON path; the good ones still show.
import { test, expect } from '@playwright/test';
import {
  collectConsole, collectRequests, explained, events, expectTagsPlaced, expectTimeAdvances, fetchManifest, openWidget, play,
  recordEvents, seekPaused, unhashed, waitForMetadata, widgetErrors, BASE_URL, LOAD_TIMEOUT, WASM, WIDGET_ORIGIN,
} from './helpers';

test('a malformed manifest leaves no overlay, logs one error naming it, and the video plays', async ({ page }) => {
  test.setTimeout(60_000);
  const log = collectConsole(page);
  await recordEvents(page);
  await page.goto('/test/broken.html');
  const url = new URL('/test/broken.json', BASE_URL).href;
  // The manifest really is not JSON (the premise of this test).
  const body = await (await page.request.get(url)).text();
  expect(() => JSON.parse(body)).toThrow();

  await explained(log, 'shoppable:error is sent', () =>
    expect.poll(async () => (await events(page, 'shoppable:error')).length, { timeout: LOAD_TIMEOUT }).toBe(1),
  );
  const [err] = await events(page, 'shoppable:error');
  expect(err.target).toBe('#v');
  expect(err.detail.message).toContain(url);
  await page.waitForTimeout(2000);
  expect(await page.locator('[data-shoppable-overlay]').count()).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('shoppable-overlay').length)).toBe(0);
  expect(await events(page, 'shoppable:ready')).toEqual([]);

  const errors = widgetErrors(log);
  expect(log.errors.filter((e) => e.includes(url)), `console errors: ${JSON.stringify(log.errors)}`).toHaveLength(1);
  expect(errors, `console errors: ${JSON.stringify(log.errors)}`).toHaveLength(1);
  expect(log.pageErrors).toEqual([]);

  await waitForMetadata(page, '#v');
  expect(await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).hasAttribute('controls'))).toBe(true);
  await play(page, '#v');
  await expectTimeAdvances(page, '#v', 0.5);
});

test('bad tags are dropped with warnings naming tags[1].product and tags[2].end; the good tags still appear', async ({ page }) => {
  test.setTimeout(60_000);
  const log = collectConsole(page);
  await recordEvents(page);
  const m = await fetchManifest(page, '/manifests/bad-tags.json');
  expect(m.tags[1].product).toBe('lip-02');
  expect(m.tags[2].end).toBe(m.tags[2].start);
  await openWidget(page, '/test/bad-tags.html');
  await explained(log, 'shoppable:ready is sent', () =>
    expect.poll(async () => (await events(page, 'shoppable:ready')).length).toBe(1),
  );

  const warnings = log.warnings.filter((w) => w.startsWith('shoppable:'));
  expect(warnings.some((w) => w.includes('tags[1].product')), JSON.stringify(warnings)).toBe(true);
  expect(warnings.some((w) => w.includes('tags[2].end')), JSON.stringify(warnings)).toBe(true);
  expect(widgetErrors(log)).toEqual([]);
  const [ready] = await events(page, 'shoppable:ready');
  expect(ready.detail.tags).toBe(m.tags.length - 2);
  expect(ready.detail.warnings.length).toBeGreaterThanOrEqual(2);

  // The good tags are drawn where they belong; the dropped ones never are,
  // even while their windows are open (t-unknown 2–6 s, t-backwards at 9 s).
  const good = { ...m, tags: m.tags.filter((_, i) => i !== 1 && i !== 2) };
  const dropped = [m.tags[1].id, m.tags[2].id];
  for (const t of [3.0, 5.5, 9.0, 12.5]) {
    await seekPaused(page, '#v', t);
    const checks = await expectTagsPlaced(page, '#v', good);
    expect(checks.filter((c) => c.actual).length, `good tags at ${t}`).toBeGreaterThanOrEqual(1);
    for (const id of dropped) {
      await expect(page.locator(`#v + shoppable-overlay button.tag[data-tag-id="${id}"]`)).toHaveCount(0);
    }
  }
});

test('a blocked wasm request leaves no overlay, one error, and a playing video with its controls', async ({ page }) => {
  test.setTimeout(60_000);
  const log = collectConsole(page);
  await recordEvents(page);
  const wasm = collectRequests(page, WASM);
  await page.route((u) => unhashed(u.href).endsWith(WASM), (r) => r.abort());
  await page.goto('/test/contain.html');

  await explained(log, 'shoppable:error is sent', () =>
    expect.poll(async () => (await events(page, 'shoppable:error')).length, { timeout: LOAD_TIMEOUT }).toBe(1),
  );
  // The widget did try, from its own origin.
  expect(wasm.length).toBeGreaterThanOrEqual(1);
  expect(new URL(wasm[0].url()).origin).toBe(WIDGET_ORIGIN);
  await page.waitForTimeout(2000);
  expect(await page.locator('[data-shoppable-overlay]').count()).toBe(0);
  expect(await events(page, 'shoppable:ready')).toEqual([]);
  expect(await events(page, 'shoppable:error')).toHaveLength(1);

  const errors = widgetErrors(log);
  expect(errors, `console errors: ${JSON.stringify(log.errors)}`).toHaveLength(1);
  expect(errors[0]).toContain(WIDGET_ORIGIN);
  expect(log.pageErrors).toEqual([]);

  await waitForMetadata(page, '#v');
  await play(page, '#v');
  await expectTimeAdvances(page, '#v', 0.5);
  expect(await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).hasAttribute('controls'))).toBe(true);
  expect(await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).paused)).toBe(false);
});
