// Embedding: the widget comes from another origin than the host page; it costs
// nothing until the video nears the viewport; the JS API (attach, on, destroy,
// the pre-load queue, manifest objects) and the GA4-style tag events.
import { test, expect } from '@playwright/test';
import {
  collectConsole, collectRequests, events, fetchManifest, minorToDecimal, openWidget, productById, recordEvents,
  seekPaused, tagById, unhashed, waitForMetadata, waitForOverlay, widgetErrors, BASE_URL, GLUE, LOAD_TIMEOUT, WASM, WIDGET_ORIGIN,
} from './helpers';

// The page's markup, each style attribute as the CSSOM serializes it: the
// widget restores what it changed on the host's video property by property
// (never by rewriting the attribute, which would undo the page's own changes),
// so `width:640px;height:360px` comes back as `width: 640px; height: 360px;`:
// the same declarations, which is what must be restored.
function bodyHtml() {
  const body = document.body.cloneNode(true) as HTMLElement;
  for (const el of body.querySelectorAll<HTMLElement>('[style]')) el.setAttribute('style', el.style.cssText);
  return body.innerHTML;
}

test('host page and widget are on different origins', async ({ page }) => {
  expect(WIDGET_ORIGIN, 'WIDGET_ORIGIN is set').toMatch(/^https?:\/\//);
  expect(new URL(WIDGET_ORIGIN).origin).not.toBe(new URL(BASE_URL).origin);
  const reqs = collectRequests(page, GLUE, WASM);
  await openWidget(page, '/test/contain.html');
  const origins = await page.evaluate(() => {
    const s = document.querySelector('script[src*="shoppable.js"]') as HTMLScriptElement;
    return { script: new URL(s.src).origin, page: location.origin };
  });
  expect(origins.page).toBe(new URL(BASE_URL).origin);
  expect(origins.script).toBe(new URL(WIDGET_ORIGIN).origin);
  expect(origins.script).not.toBe(origins.page);
  // The glue and the wasm came from the widget's origin too, and it mounted.
  expect(reqs.length).toBeGreaterThanOrEqual(2);
  for (const r of reqs) expect(new URL(r.url()).origin, r.url()).toBe(new URL(WIDGET_ORIGIN).origin);
  await expect(page.locator('#v + shoppable-overlay button.shop')).toBeVisible();
});

test('lazy start: nothing is fetched until the video is within 300 px of the viewport', async ({ page }) => {
  test.setTimeout(60_000);
  const reqs = collectRequests(page, GLUE, WASM);
  const log = collectConsole(page);
  await page.goto('/test/below-fold.html', { waitUntil: 'load' });
  // The loader itself ran (it defines the API) ...
  await page.waitForFunction(() => typeof (window as any).Shoppable?.attach === 'function', null, { timeout: LOAD_TIMEOUT });
  const top = await page.evaluate(() => document.getElementById('v')!.getBoundingClientRect().top + scrollY);
  const vh = await page.evaluate(() => innerHeight);
  expect(top - vh).toBeGreaterThan(1000);
  // ... but fetched nothing else.
  await page.waitForTimeout(1500);
  expect(reqs.map((r) => r.url())).toEqual([]);
  expect(await page.locator('shoppable-overlay').count()).toBe(0);

  // 500 px below the viewport: still nothing.
  await page.evaluate(([top, vh]) => window.scrollTo(0, top - vh - 500), [top, vh]);
  await page.waitForTimeout(1000);
  expect(reqs.map((r) => r.url())).toEqual([]);

  const layoutBefore = await page.evaluate(() =>
    [...document.body.children].filter((e) => e.getClientRects().length > 0) // rendered ones (not <script>)
      .map((e) => { const r = e.getBoundingClientRect(); return [e.localName, r.left, r.top + scrollY, r.width, r.height]; }),
  );
  expect(layoutBefore.map((e) => e[0])).not.toContain('shoppable-overlay');

  // 150 px below the viewport (inside the 300 px margin): the widget loads and mounts.
  await page.evaluate(([top, vh]) => window.scrollTo(0, top - vh - 150), [top, vh]);
  await expect.poll(() => reqs.map((r) => unhashed(new URL(r.url()).pathname).split('/').pop()).sort(), { timeout: LOAD_TIMEOUT })
    .toEqual([GLUE, WASM].sort());
  await waitForOverlay(page, '#v');
  expect(widgetErrors(log)).toEqual([]);
  // Mounting shifted nothing on the page.
  const layoutAfter = await page.evaluate(() =>
    [...document.body.children].filter((e) => e.localName !== 'shoppable-overlay' && e.getClientRects().length > 0)
      .map((e) => { const r = e.getBoundingClientRect(); return [e.localName, r.left, r.top + scrollY, r.width, r.height]; }),
  );
  expect(layoutAfter).toEqual(layoutBefore);
});

test.describe('JS API on /test/api.html', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/test/api.html');
    await page.waitForFunction(() => typeof (window as any).Shoppable?.attach === 'function', null, { timeout: LOAD_TIMEOUT });
    await waitForMetadata(page, '#v');
  });

  test('attach returns a handle; on(ready) fires; destroy restores the page and silences its listeners', async ({ page }) => {
    test.setTimeout(60_000);
    expect(await page.locator('shoppable-overlay').count()).toBe(0);
    const before = await page.evaluate(bodyHtml);
    const attached = await page.evaluate(async () => {
      const w = window as any;
      const v = document.getElementById('v')!;
      const h = w.Shoppable.attach(v, { manifest: '/manifests/hero.json' });
      w.__h = h;
      w.__calls = { ready: 0, tag_view: 0, tag_click: 0, error: 0, direct: 0 };
      const ready = new Promise((resolve) =>
        h.on('ready', (e: CustomEvent) => {
          w.__calls.ready++;
          resolve(e.detail);
        }),
      );
      const chained = h.on('tag_view', () => w.__calls.tag_view++) === h;
      h.on('tag_click', () => w.__calls.tag_click++);
      h.on('error', () => w.__calls.error++);
      return { on: typeof h.on, destroy: typeof h.destroy, chained, detail: await ready };
    });
    expect(attached).toMatchObject({ on: 'function', destroy: 'function' });
    expect(attached.detail).toMatchObject({ video_id: 'hero', products: 4, tags: 4, warnings: [] });
    await waitForOverlay(page, '#v');
    expect(await page.evaluate(bodyHtml)).not.toBe(before);

    // The handle's listeners work while mounted.
    await seekPaused(page, '#v', 3.0);
    await expect.poll(() => page.evaluate(() => (window as any).__calls.tag_view)).toBeGreaterThanOrEqual(1);

    await page.evaluate(() => (window as any).__h.destroy());
    expect(await page.locator('shoppable-overlay').count()).toBe(0);
    expect(await page.evaluate(bodyHtml)).toBe(before);

    // After destroy, nothing added through on() fires: neither for real
    // widget activity (a seek that would show t3) nor for dispatched events.
    const calls = await page.evaluate(() => ({ ...(window as any).__calls }));
    await seekPaused(page, '#v', 12.0);
    const after = await page.evaluate(() => {
      const w = window as any;
      const v = document.getElementById('v')!;
      v.addEventListener('shoppable:tag_view', () => w.__calls.direct++);
      for (const n of ['ready', 'tag_view', 'tag_click', 'error']) {
        v.dispatchEvent(new CustomEvent('shoppable:' + n, { bubbles: true, composed: true, detail: {} }));
      }
      return { ...w.__calls };
    });
    expect(after.direct, 'the dispatched events did reach the video').toBe(1);
    expect({ ...after, direct: 0 }).toEqual({ ...calls, direct: 0 });
    await page.waitForTimeout(500);
    expect(await page.locator('shoppable-overlay').count()).toBe(0);
    expect(await page.evaluate(bodyHtml)).toBe(before);
  });

  test('destroy while the manifest is still loading leaves nothing behind', async ({ page }) => {
    test.setTimeout(60_000);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let requested = false;
    await page.route('**/manifests/hero.json', async (route) => {
      requested = true;
      await released;
      await route.continue();
    });
    const before = await page.evaluate(bodyHtml);
    await page.evaluate(() => {
      const w = window as any;
      w.__late = 0;
      w.__h = w.Shoppable.attach(document.getElementById('v'), { manifest: '/manifests/hero.json' });
      // Counted on window, not through on(): destroy() removes those anyway.
      for (const n of ['ready', 'error', 'tag_view']) window.addEventListener('shoppable:' + n, () => w.__late++);
    });
    // The mount has started (the wasm is loaded and asked for the manifest).
    await expect.poll(() => requested, { timeout: LOAD_TIMEOUT }).toBe(true);
    await page.evaluate(() => (window as any).__h.destroy());
    release();
    await page.waitForTimeout(1500);
    await seekPaused(page, '#v', 3.0); // t1's window: a live mount would show it and send tag_view
    expect(await page.locator('shoppable-overlay').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__late)).toBe(0);
    expect(await page.evaluate(bodyHtml)).toBe(before);
  });

  test('attaching the same video again replaces its mount', async ({ page }) => {
    const ids = await page.evaluate(async () => {
      const S = (window as any).Shoppable;
      const v = document.getElementById('v')!;
      const once = (h: any) => new Promise((r) => h.on('ready', (e: CustomEvent) => r(e.detail.video_id)));
      const a = await once(S.attach(v, { manifest: '/manifests/hero.json' }));
      const b = await once(S.attach(v, { manifest: '/manifests/bad-tags.json' }));
      return [a, b];
    });
    expect(ids).toEqual(['hero', 'hero-bad-tags']);
    await page.waitForTimeout(500);
    expect(await page.locator('shoppable-overlay').count()).toBe(1);
    expect(await page.evaluate(() => document.getElementById('v')!.nextElementSibling?.localName)).toBe('shoppable-overlay');
    // The live mount is the second one: bad-tags.json has 4 good tags of 6.
    await seekPaused(page, '#v', 3.0);
    await expect(page.locator('#v + shoppable-overlay button.tag')).toHaveCount(1);
  });

  test('attaching with a manifest object works', async ({ page }) => {
    const m = structuredClone(await fetchManifest(page, '/manifests/hero.json'));
    m.video.id = 'from-object';
    productById(m, 'velvet-lipstick').title = 'Object Lipstick';
    const detail = await page.evaluate(
      (m) =>
        new Promise<any>((resolve) => {
          const h = (window as any).Shoppable.attach(document.getElementById('v'), { manifest: m });
          h.on('ready', (e: CustomEvent) => resolve(e.detail));
        }),
      m,
    );
    expect(detail).toMatchObject({ video_id: 'from-object', products: 4, tags: 4 });
    await waitForOverlay(page, '#v');
    await seekPaused(page, '#v', 3.0);
    await expect(page.locator('#v + shoppable-overlay button.tag[data-tag-id="t1"]')).toHaveAttribute(
      'aria-label',
      /^Object Lipstick, /,
    );
  });
});

test('calls queued before the loader runs are run after it loads', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__queued = { calls: 0 };
    (w.Shoppable = w.Shoppable || []).push(function (S: any) {
      w.__queued.calls++;
      w.__queued.hasAttach = typeof S.attach === 'function';
      const h = S.attach(document.getElementById('v'), { manifest: '/manifests/hero.json' });
      h.on('ready', (e: CustomEvent) => (w.__queued.ready = e.detail.video_id));
    });
  });
  await page.goto('/test/api.html');
  // Nothing ran it but the loader: it is still an array until the loader replaces it.
  await page.waitForFunction(() => typeof (window as any).Shoppable?.attach === 'function', null, { timeout: LOAD_TIMEOUT });
  await expect.poll(() => page.evaluate(() => (window as any).__queued), { timeout: LOAD_TIMEOUT }).toEqual({
    calls: 1,
    hasAttach: true,
    ready: 'hero',
  });
  await waitForOverlay(page, '#v');
});

test('tag_view and tag_click carry video_id, tag_id, video_time and items', async ({ page }) => {
  await recordEvents(page);
  const m = await fetchManifest(page, '/manifests/hero.json');
  const t1 = tagById(m, 't1');
  const p = productById(m, t1.product);
  await openWidget(page, '/test/contain.html');
  expect(await events(page, 'shoppable:tag_view')).toEqual([]);

  await seekPaused(page, '#v', 3.0);
  await expect.poll(async () => (await events(page, 'shoppable:tag_view')).length).toBe(1);
  const [view] = await events(page, 'shoppable:tag_view');
  expect(view.target).toBe('#v');
  expect(view.detail).toMatchObject({ video_id: m.video.id, tag_id: 't1', currency: m.currency });
  expect(view.detail.video_time).toBeCloseTo(3.0, 1);
  expect(view.detail.items[0]).toMatchObject({ item_id: p.id, item_name: p.title });

  // Once per appearance: moving within the window sends no new view.
  await seekPaused(page, '#v', 3.5);
  await page.waitForTimeout(200);
  expect(await events(page, 'shoppable:tag_view')).toHaveLength(1);

  await page.locator('#v + shoppable-overlay button.tag[data-tag-id="t1"]').click();
  await expect.poll(async () => (await events(page, 'shoppable:tag_click')).length).toBe(1);
  const [click] = await events(page, 'shoppable:tag_click');
  expect(click.target).toBe('#v');
  expect(click.detail).toMatchObject({
    video_id: m.video.id,
    tag_id: 't1',
    currency: 'USD',
    value: minorToDecimal(p.price, 2),
  });
  expect(typeof click.detail.value).toBe('string');
  expect(click.detail.video_time).toBeCloseTo(3.5, 1);
  expect(click.detail.items[0]).toMatchObject({ item_id: p.id });
  await page.keyboard.press('Escape');

  // Leaving and coming back is a new appearance.
  await seekPaused(page, '#v', 0.5);
  await seekPaused(page, '#v', 2.0);
  await expect.poll(async () => (await events(page, 'shoppable:tag_view')).filter((e) => e.detail.tag_id === 't1').length).toBe(2);
});
