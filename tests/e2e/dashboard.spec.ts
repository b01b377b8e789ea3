// First-party analytics, end to end: a viewer's session on a test page
// (its own video id, `dashboard-e2e`, so the counts are this session's):
// a view, tag views, a tap, the sheet, add to cart and a purchase through
// the browser's payment sheet (window.PaymentRequest replaced by the
// approving stand-in of helpers.ts; the order is real).
// Leaving the page sends the beacon; the admin dashboard then shows every
// `shoppable:*` event the page saw, kind by kind, revenue equal to the
// orders table's, and axe finds nothing. With `events: false` nothing is
// sent at all.
import { test, expect, type Page, type Request } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { approvingPaymentSheet, openWidget, seekPaused, sql } from './helpers';

const TOKEN = process.env.E2E_ADMIN_TOKEN ?? '';
const VIDEO = 'dashboard-e2e';
const KINDS = ['video_view', 'tag_view', 'tag_click', 'product_view', 'add_to_cart', 'begin_checkout', 'purchase'];
const LABELS: Record<string, string> = {
  video_view: 'Video views', tag_view: 'Tag views', tag_click: 'Tag taps', product_view: 'Product sheets',
  add_to_cart: 'Added to cart', begin_checkout: 'Checkouts begun', purchase: 'Purchases',
};

const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');

/** Records every counted `shoppable:*` event (kind and tag) from before any script runs. */
async function recordKinds(page: Page) {
  await page.addInitScript((kinds: string[]) => {
    const w = window as any;
    w.__counted = [];
    for (const k of kinds) {
      window.addEventListener(`shoppable:${k}`, (e) => {
        w.__counted.push({ kind: k, tag: (e as CustomEvent).detail?.tag_id ?? null });
      }, true);
    }
  }, KINDS);
}

/** Counts navigator.sendBeacon calls as they happen (`window.__beacons`), then sends. */
async function spyBeacons(page: Page) {
  await page.addInitScript(() => {
    const w = window as any;
    w.__beacons = [];
    const send = Navigator.prototype.sendBeacon;
    Navigator.prototype.sendBeacon = function (url: string | URL, data?: BodyInit | null) {
      w.__beacons.push(String(url));
      return send.call(this, url, data);
    };
  });
}

const pagehide = (page: Page) => page.evaluate(() => {
  window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
  return (window as any).__beacons.length as number;
});

async function dashboard(page: Page): Promise<any> {
  const res = await page.request.get('/api/admin/dashboard', { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status()).toBe(200);
  return (await res.json()).sections.find((s: any) => s.video === VIDEO && s.show === null);
}

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

test('a session\'s events reach the dashboard\'s funnel; revenue is the orders\'; axe finds nothing', async ({ page }, info) => {
  const before = await dashboard(page);
  await recordKinds(page);
  await spyBeacons(page);
  await approvingPaymentSheet(page);
  const beacons: Request[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/events')) beacons.push(r); });

  await openWidget(page, '/test/dashboard.html');
  // A view: the video plays until the widget has seen it play.
  await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
  await expect.poll(() => page.evaluate(() => (window as any).__counted.some((e: any) => e.kind === 'video_view'))).toBe(true);
  await seekPaused(page, '#v', 3.0);
  const t1 = overlay(page).locator('button.tag[data-tag-id="t1"]');
  await t1.click();
  await expect(sheet(page)).toBeVisible();
  await sheet(page).getByRole('button', { name: 'Add to cart' }).click();
  await expect(sheet(page).locator('.message')).toContainText('Added to cart');
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await expect(sheet(page).locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });

  const seen: { kind: string; tag: string | null }[] = await page.evaluate(() => (window as any).__counted);
  const expected: Record<string, number> = Object.fromEntries(KINDS.map((k) => [k, seen.filter((e) => e.kind === k).length]));
  // Every kind happened (else the comparison below proves little).
  for (const k of KINDS) expect(expected[k], `${k} events on the page`).toBeGreaterThan(0);
  // Under 50 events: nothing sent yet; the page's pagehide sends the batch.
  expect(await page.evaluate(() => (window as any).__beacons.length)).toBe(0);
  expect(await pagehide(page)).toBe(1);
  await expect.poll(() => beacons.length).toBe(1);
  // Leaving the page for real: nothing more was held, nothing more is sent.
  await page.goto(`/admin/dashboard.html#token=${TOKEN}`);
  const sent = JSON.parse(beacons[0].postData() ?? '{}');
  expect(beacons[0].headers()['content-type']).toMatch(/^text\/plain/);
  expect(Object.keys(sent).sort()).toEqual(['events', 'video']);
  expect(sent.video).toBe(VIDEO);
  // Kind, tag and time only: nothing about the viewer.
  for (const e of sent.events) expect(Object.keys(e).filter((k) => !['kind', 'tag', 't'].includes(k))).toEqual([]);

  // The beacon is counted when the server has committed it.
  const want = Object.fromEntries(KINDS.map((k) => [k, (before?.funnel[k] ?? 0) + expected[k]]));
  await expect.poll(async () => (await dashboard(page)).funnel).toEqual(want);
  const now = await dashboard(page);
  const t1Taps = seen.filter((e) => e.kind === 'tag_click' && e.tag === 't1').length;
  expect(now.tags.find((t: any) => t.tag === 't1').funnel.tag_click).toBe((before?.tags[0].funnel.tag_click ?? 0) + t1Taps);

  // Revenue: the orders table's paid-for orders of this video.
  const [orders] = sql(`SELECT COUNT(*) AS n, COALESCE(SUM(total), 0) AS total FROM orders WHERE video_id = '${VIDEO}' AND status IN ('authorized', 'paid', 'fulfilled')`);
  expect(orders.n).toBeGreaterThan(0);
  expect(now.revenue).toEqual([{ currency: 'USD', orders: orders.n, total: orders.total }]);

  // The page shows the same figures.
  await page.getByRole('button', { name: 'Refresh' }).click();
  const section = page.getByRole('region', { name: `Video ${VIDEO}` });
  await expect(section).toBeVisible();
  const funnel = section.getByRole('table', { name: `Funnel of video ${VIDEO}` });
  for (const k of KINDS) {
    await expect(funnel.getByRole('row', { name: new RegExp(`^${LABELS[k]} `) }).getByRole('cell').first()).toHaveText(String(want[k]));
  }
  const dollars = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(orders.total / 100);
  await expect(funnel.getByRole('row', { name: /^Revenue/ })).toContainText(`${dollars} (${orders.n} order`);
  await expect(page.locator('#about')).toContainText("Purchases made in Shopify's own checkout are not counted here");
  await expect(section.getByRole('img', { name: `Funnel of video ${VIDEO}, from video views to purchases` })).toBeVisible();
  await expect(section.getByRole('img', { name: `Taps, adds and purchases along the video time of video ${VIDEO}` })).toBeVisible();
  expect(await axe(page)).toEqual([]);

  await page.setViewportSize({ width: 1280, height: 800 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('dashboard-1280x800.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath('dashboard-390x844.png') });
  expect(await axe(page), 'axe at 390 px').toEqual([]);
});

test('with events: false the widget sends no beacon', async ({ page }) => {
  await recordKinds(page);
  await spyBeacons(page);
  const beacons: Request[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/events')) beacons.push(r); });
  await openWidget(page, '/test/dashboard.html?events=off');
  await seekPaused(page, '#v', 3.0);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await expect(sheet(page)).toBeVisible();
  const seen = await page.evaluate(() => (window as any).__counted.length);
  expect(seen, 'the page saw events').toBeGreaterThan(0);
  // pagehide, destroying the mount (each sends what is held when on): nothing.
  expect(await pagehide(page)).toBe(0);
  expect(await page.evaluate(() => { (window as any).handle.destroy(); return (window as any).__beacons.length; })).toBe(0);
  expect(beacons).toHaveLength(0);
});
