// The loader and the release (README "Versions and caching"): exact-version
// paths with content-hashed glue and wasm whose SRI hashes the loader carries,
// the cache headers, the loader inlined or as a module (data-base), a bad
// data-target said once, the start after load + idle, the shop fetched when
// the page is idle after the tags (not with Save-Data), and a tap's feedback
// while the shop is still on its way.
import { test, expect, type Page } from '@playwright/test';
import { createHash } from 'node:crypto';
import {
  collectConsole, collectRequests, seekPaused, unhashed, waitForMetadata, waitForOverlay, widgetErrors,
  LOAD_TIMEOUT, SHOP_WASM, WIDGET_ORIGIN,
} from './helpers';

interface Release {
  version: string;
  loader: string;
  loader_integrity: string;
  modules: Record<string, { glue: string; glue_integrity: string; wasm: string; wasm_integrity: string }>;
}

const sri = (b: Buffer) => 'sha256-' + createHash('sha256').update(b).digest('base64');

async function release(page: Page): Promise<Release> {
  const r = await page.request.get(`${WIDGET_ORIGIN}/shoppable/v1/integrity.json`);
  expect(r.status()).toBe(200);
  return r.json();
}

/** Adds a loader <script> to the page: by `src`, or inlined (`text`); a module if asked. */
async function addLoader(page: Page, s: { src?: string; text?: string; module?: boolean; attrs: Record<string, string> }) {
  await page.evaluate((s) => {
    const el = document.createElement('script');
    if (s.module) el.type = 'module';
    for (const [k, v] of Object.entries(s.attrs)) el.setAttribute(k, v);
    if (s.src) el.src = s.src;
    else el.textContent = s.text!;
    document.body.appendChild(el);
  }, s);
}

const target = { 'data-target': '#v', 'data-manifest': '/manifests/hero.json' };

test('a release: loader, glue and wasm hashed as published, the names written into the loader, cache headers', async ({ page }) => {
  const rel = await release(page);
  expect(rel.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(rel.loader).toBe(`/shoppable/${rel.version}/shoppable.js`);
  const loader = await page.request.get(WIDGET_ORIGIN + rel.loader);
  expect(loader.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const bytes = await loader.body();
  expect(sri(bytes), 'the published SRI hash is the loader\'s').toBe(rel.loader_integrity);
  const alias = await page.request.get(`${WIDGET_ORIGIN}/shoppable/v1/shoppable.js`);
  expect(alias.headers()['cache-control']).toBe('public, max-age=300');
  expect((await alias.body()).equals(bytes), 'the alias serves the same loader').toBe(true);
  const text = bytes.toString('utf8');
  expect(Object.keys(rel.modules).sort()).toEqual(['shoppable-core', 'shoppable-iframes', 'shoppable-live', 'shoppable-players', 'shoppable-shop']);
  for (const [stem, m] of Object.entries(rel.modules)) {
    for (const [name, integrity] of [[m.glue, m.glue_integrity], [m.wasm, m.wasm_integrity]]) {
      const r = await page.request.get(`${WIDGET_ORIGIN}/shoppable/${rel.version}/${name}`);
      expect(r.status(), name).toBe(200);
      expect(r.headers()['cache-control'], name).toBe('public, max-age=31536000, immutable');
      const b = await r.body();
      expect(sri(b), `${name}: its SRI hash`).toBe(integrity);
      const token = integrity.slice('sha256-'.length, 'sha256-'.length + 16).replace(/\W/g, '_');
      expect(name, 'the name carries the content hash').toContain(`.${token}.`);
      expect(unhashed(name)).toMatch(new RegExp(`^${stem}(_bg)?\\.(js|wasm)$`));
    }
    expect(text.replaceAll('"', "'"), `the loader carries ${stem}'s SRI hashes`).toContain(`'${stem}':['${m.glue_integrity}','${m.wasm_integrity}']`);
  }
  // A miss is not remembered.
  const miss = await page.request.get(`${WIDGET_ORIGIN}/shoppable/${rel.version}/nothing.js`);
  expect(miss.status()).toBe(404);
  expect(miss.headers()['cache-control']).toBe('no-store');
});

test('the versioned loader with integrity + crossorigin: the glue preloaded and the wasm fetched with their SRI hashes', async ({ page }) => {
  const log = collectConsole(page);
  const rel = await release(page);
  // What the loader asks for, seen from inside the page.
  await page.addInitScript(() => {
    const w = window as any;
    w.__fetches = [];
    const f = w.fetch;
    w.fetch = function (u: any, o: any) { w.__fetches.push({ url: String(u), integrity: o && o.integrity }); return f.apply(this, arguments as any); };
    w.__preloads = [];
    new MutationObserver((rs) => rs.forEach((r) => r.addedNodes.forEach((n: any) => {
      if (n.localName === 'link' && n.rel === 'modulepreload') w.__preloads.push({ href: n.href, integrity: n.integrity, crossOrigin: n.crossOrigin });
    }))).observe(document, { childList: true, subtree: true });
  });
  await page.goto('/test/bare.html');
  await addLoader(page, { src: WIDGET_ORIGIN + rel.loader, attrs: { ...target, integrity: rel.loader_integrity, crossorigin: 'anonymous' } });
  await waitForMetadata(page, '#v');
  await waitForOverlay(page, '#v');
  const core = rel.modules['shoppable-core'];
  const dir = `${WIDGET_ORIGIN}/shoppable/${rel.version}/`;
  expect(await page.evaluate(() => (window as any).__preloads)).toEqual([
    { href: dir + core.glue, integrity: core.glue_integrity, crossOrigin: 'anonymous' },
  ]);
  const fetches = await page.evaluate(() => (window as any).__fetches);
  expect(fetches).toContainEqual({ url: dir + core.wasm, integrity: core.wasm_integrity });
  expect(widgetErrors(log)).toEqual([]);
  expect(log.pageErrors).toEqual([]);
});

for (const kind of ['glue', 'wasm'] as const) {
  test(`a ${kind} that is not the one built (its SRI hash fails) is not run: one error, no overlay`, async ({ page }) => {
    const log = collectConsole(page);
    const rel = await release(page);
    const name = rel.modules['shoppable-core'][kind];
    await page.route(`**/${name}`, async (r) => {
      const res = await r.fetch();
      const body = await res.body();
      // One more byte: a deploy that paired the wrong file.
      await r.fulfill({ response: res, body: Buffer.concat([body, Buffer.from(kind === 'glue' ? '\n' : [0])]) });
    });
    await page.goto('/test/contain.html');
    await expect.poll(() => widgetErrors(log).length, { timeout: LOAD_TIMEOUT }).toBe(1);
    expect(widgetErrors(log)[0]).toContain('could not load the widget');
    expect(await page.locator('shoppable-overlay').count()).toBe(0);
  });
}

test('inlined loader with data-base mounts', async ({ page }) => {
  const log = collectConsole(page);
  const rel = await release(page);
  const text = await (await page.request.get(WIDGET_ORIGIN + rel.loader)).text();
  await page.goto('/test/bare.html');
  await addLoader(page, { text, attrs: { ...target, 'data-base': `${WIDGET_ORIGIN}/shoppable/${rel.version}/` } });
  await waitForMetadata(page, '#v');
  await waitForOverlay(page, '#v');
  expect(widgetErrors(log)).toEqual([]);
  expect(log.pageErrors).toEqual([]);
});

test('inlined loader without data-base: one error naming data-base, nothing thrown', async ({ page }) => {
  const log = collectConsole(page);
  const rel = await release(page);
  const text = await (await page.request.get(WIDGET_ORIGIN + rel.loader)).text();
  await page.goto('/test/bare.html');
  await addLoader(page, { text, attrs: target });
  await expect.poll(() => widgetErrors(log)).toHaveLength(1);
  expect(widgetErrors(log)[0]).toContain('data-base');
  expect(log.pageErrors).toEqual([]);
});

for (const how of ['inlined', 'by src'] as const) {
  test(`module loader (${how}) with data-base mounts`, async ({ page }) => {
    const log = collectConsole(page);
    const rel = await release(page);
    await page.goto('/test/bare.html');
    const attrs = { ...target, 'data-base': `${WIDGET_ORIGIN}/shoppable/${rel.version}` }; // no trailing slash: still the directory
    if (how === 'by src') await addLoader(page, { module: true, src: WIDGET_ORIGIN + rel.loader, attrs });
    else await addLoader(page, { module: true, text: await (await page.request.get(WIDGET_ORIGIN + rel.loader)).text(), attrs });
    await waitForMetadata(page, '#v');
    await waitForOverlay(page, '#v');
    expect(widgetErrors(log)).toEqual([]);
    expect(log.pageErrors).toEqual([]);
  });
}

test('an invalid data-target: one console error naming it, once, however often the page changes', async ({ page }) => {
  const log = collectConsole(page);
  await page.goto('/test/bare.html');
  await addLoader(page, { src: `${WIDGET_ORIGIN}/shoppable/v1/shoppable.js`, attrs: { 'data-target': '#v[', 'data-manifest': '/manifests/hero.json' } });
  await page.waitForFunction(() => typeof (window as any).Shoppable?.attach === 'function', null, { timeout: LOAD_TIMEOUT });
  // Mutations the loader's observer sees.
  await page.evaluate(async () => {
    for (let i = 0; i < 5; i++) {
      document.body.appendChild(document.createElement('div'));
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  await page.waitForTimeout(500);
  expect(widgetErrors(log)).toEqual([expect.stringContaining('data-target "#v[" is not a valid CSS selector')]);
  expect(log.pageErrors).toEqual([]);
  // Players named by data-shoppable still work.
  await page.evaluate(() => document.getElementById('v')!.setAttribute('data-shoppable', '/manifests/hero.json'));
  await page.evaluate(() => document.body.appendChild(document.getElementById('v')!));
  await waitForOverlay(page, '#v');
  expect(widgetErrors(log)).toHaveLength(1);
});

test('work starts only after the page\'s load event', async ({ page }) => {
  const glue = collectRequests(page, 'shoppable-core.js');
  // An image the page waits for, held until we let it go.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await page.route('**/held.png', async (r) => { await held; await r.fulfill({ status: 404, body: '' }); });
  await page.goto('/test/late-load.html', { waitUntil: 'domcontentloaded' });
  await page.waitForFunction(() => typeof (window as any).Shoppable?.attach === 'function', null, { timeout: LOAD_TIMEOUT });
  await waitForMetadata(page, '#v');
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
  expect(glue, 'nothing fetched before load').toEqual([]);
  release();
  await waitForOverlay(page, '#v');
  expect(glue).toHaveLength(1);
});

test('the demo storefront\'s deferred snippet (README "Embed it"): nothing of the widget is requested before the page\'s load, then the tags come', async ({ page }) => {
  const log = collectConsole(page);
  const widget = collectRequests(page, '/shoppable/');
  // An image of the page, held: its load event waits for it.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await page.route('**/img/velvet-lipstick.svg', async (r) => { await held; await r.continue(); });
  await page.goto('/', { waitUntil: 'domcontentloaded' });
  await waitForMetadata(page, '#hero');
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => document.readyState)).not.toBe('complete');
  expect(widget.map((r) => r.url()), 'nothing of the widget before load').toEqual([]);
  release();
  await waitForOverlay(page, '#hero');
  expect(widget.map((r) => unhashed(new URL(r.url()).pathname))).toContain('/shoppable/v1/shoppable.js');
  expect(widgetErrors(log)).toEqual([]);
  expect(log.pageErrors).toEqual([]);
});

test('the shop is fetched once when the page is idle after the tags showed, before any tap', async ({ page }) => {
  const shop = collectRequests(page, SHOP_WASM);
  await page.goto('/test/contain.html');
  await waitForOverlay(page, '#v');
  await seekPaused(page, '#v', 3.0);
  await expect(page.locator('#v + shoppable-overlay button.tag').first()).toBeVisible();
  await expect.poll(() => shop.length, { timeout: LOAD_TIMEOUT }).toBe(1);
  await page.locator('#v + shoppable-overlay button.tag[data-tag-id="t1"]').click();
  await expect(page.locator('#v + shoppable-overlay dialog')).toBeVisible();
  expect(shop).toHaveLength(1);
});

test('with Save-Data the shop waits for the tap, and the tapped tag shows it is busy until the sheet opens', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(navigator, 'connection', { value: { saveData: true } }));
  const shop = collectRequests(page, SHOP_WASM);
  // The shop's wasm is held until the busy state was seen.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await page.route((u) => unhashed(u.href).endsWith(SHOP_WASM), async (r) => { await held; await r.continue(); });
  await page.goto('/test/contain.html');
  await waitForOverlay(page, '#v');
  await seekPaused(page, '#v', 3.0);
  const tag = page.locator('#v + shoppable-overlay button.tag[data-tag-id="t1"]');
  await expect(tag).toBeVisible();
  await page.waitForTimeout(1500);
  expect(shop, 'no shop before the tap with Save-Data').toEqual([]);
  await tag.click();
  await expect(tag).toHaveAttribute('aria-busy', 'true');
  await expect.poll(() => shop.length).toBe(1);
  release();
  await expect(page.locator('#v + shoppable-overlay dialog')).toBeVisible();
  await expect(tag).not.toHaveAttribute('aria-busy');
});
