// Analytics adapters, end to end (README, "Analytics"): the page's tools are
// stubs that record every call (window.dataLayer, gtag, fbq, analytics.track),
// the widget and server are real, and window.PaymentRequest is the only other
// stand-in (the purchase). For each adapter: the exact pushes and calls after
// a tag appears, a tag click, the sheet opening, add to cart, checkout and
// purchase, with GA4's field names, the `ecommerce: null` clear before each
// dataLayer push, and money as numbers there only; nothing before consent
// (the option and `shoppable:consent`, Google Consent Mode, Shopify's
// Customer Privacy API); one of dataLayer/gtag when both are asked; the
// manifest field with its warnings; no adapters' file when none is asked.
import { test, expect, type Page } from '@playwright/test';
import { approvingPaymentSheet, openWidget, seekPaused, unhashed } from './helpers';

const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');
const tag = (page: Page) => overlay(page).locator('button.tag[data-tag-id="t1"]');

/** The tools, stubbed before any page script runs; `attach` is the attach
 *  options besides the manifest; `setup` runs in the page first (a consent
 *  default, Shopify's API). */
async function stubs(page: Page, attach: object, setup = '') {
  await page.addInitScript((attach: object) => {
    const w = window as any;
    w.__attach = attach;
    w.__calls = { gtag: [], fbq: [], segment: [] };
    w.__events = [];
    w.dataLayer = [];
    w.gtag = function () { w.__calls.gtag.push(JSON.parse(JSON.stringify(Array.from(arguments)))); };
    w.fbq = function () { w.__calls.fbq.push(JSON.parse(JSON.stringify(Array.from(arguments)))); };
    w.analytics = { track() { w.__calls.segment.push(JSON.parse(JSON.stringify(Array.from(arguments)))); } };
    for (const n of ['analytics_ready', 'tag_view', 'tag_click', 'product_view', 'add_to_cart', 'begin_checkout', 'purchase']) {
      window.addEventListener('shoppable:' + n, (e) => w.__events.push({ type: n, detail: JSON.parse(JSON.stringify((e as CustomEvent).detail)) }), true);
    }
    // The page's own consent commands, as gtag.js writes them.
    w.consentMode = function () { w.dataLayer.push(arguments); };
  }, attach);
  if (setup) await page.addInitScript(setup);
}

const calls = (page: Page) => page.evaluate(() => (window as any).__calls);
const dataLayer = (page: Page) => page.evaluate(() => JSON.parse(JSON.stringify((window as any).dataLayer)));
const widgetEvents = (page: Page, type: string) =>
  page.evaluate((t) => (window as any).__events.filter((e: any) => e.type === t).map((e: any) => e.detail), type);

/** Opens the page and waits until the adapters have started. */
async function open(page: Page, adapters: string[]) {
  await openWidget(page, '/test/analytics.html');
  await expect.poll(() => widgetEvents(page, 'analytics_ready')).toEqual([{ adapters }]);
}

/** A tag appears, is clicked (the sheet opens), Add to cart, Buy now:
 *  returns the order id. */
async function shop(page: Page): Promise<string> {
  await seekPaused(page, '#v', 3.0);
  await tag(page).click();
  await expect(sheet(page)).toBeVisible();
  await sheet(page).getByRole('button', { name: 'Add to cart' }).click();
  await expect(sheet(page).locator('.message')).toContainText('Added to cart');
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  const id = sheet(page).locator('.order-id');
  await expect(id).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  await expect.poll(async () => (await widgetEvents(page, 'purchase')).length).toBe(1);
  return (await id.textContent())!;
}

/** Clicks tag t1 again (closing the sheet first): a tag click and a sheet open. */
async function clickAgain(page: Page) {
  if (await sheet(page).isVisible()) {
    await sheet(page).getByRole('button', { name: 'Close' }).click();
    await expect(sheet(page)).toBeHidden();
  }
  const before = (await widgetEvents(page, 'product_view')).length;
  await tag(page).click();
  await expect(sheet(page)).toBeVisible();
  await expect.poll(async () => (await widgetEvents(page, 'product_view')).length).toBe(before + 1);
}

// What the hero manifest says about velvet-lipstick (www/manifests/hero.json).
const GA_ITEM = { item_id: 'velvet-lipstick', item_name: 'Velvet Matte Lipstick', item_brand: 'Rouge & Co', price: 19, quantity: 1, item_list_id: 'hero' };
const GA_LINE = { ...GA_ITEM, item_variant: 'vl-ruby' };
const ga4 = (orderId: string): [string, object][] => [
  ['view_item_list', { item_list_id: 'hero', currency: 'USD', value: 19, items: [GA_ITEM] }],
  ['select_item', { item_list_id: 'hero', currency: 'USD', value: 19, items: [GA_ITEM] }],
  ['view_item', { currency: 'USD', value: 19, items: [GA_ITEM] }],
  ['add_to_cart', { currency: 'USD', value: 19, items: [GA_LINE] }],
  ['begin_checkout', { currency: 'USD', value: 19, items: [GA_LINE] }],
  ['purchase', { transaction_id: orderId, currency: 'USD', value: 19, items: [GA_LINE] }],
];
const CONTENT = { content_ids: ['velvet-lipstick'], content_type: 'product', contents: [{ id: 'velvet-lipstick', quantity: 1, item_price: 19 }], currency: 'USD', value: 19 };
const SEG = { product_id: 'velvet-lipstick', name: 'Velvet Matte Lipstick', brand: 'Rouge & Co', price: 19, quantity: 1 };
const SEG_LINE = { ...SEG, variant: 'vl-ruby' };

test('dataLayer, fbq and segment: the exact pushes and calls from a tag to a purchase', async ({ page }) => {
  await approvingPaymentSheet(page);
  await stubs(page, { analytics: ['dataLayer', 'fbq', 'segment'] });
  await open(page, ['dataLayer', 'fbq', 'segment']);
  expect(await dataLayer(page), 'nothing before the first event').toEqual([]);
  const orderId = await shop(page);

  // GA4 through the dataLayer: each event after an `ecommerce: null` clear.
  expect(await dataLayer(page)).toEqual(ga4(orderId).flatMap(([event, ecommerce]) => [{ ecommerce: null }, { event, ecommerce }]));
  const c = await calls(page);
  expect(c.gtag).toEqual([]);
  // Meta: its four standard events, each with an event id (the purchase's
  // is the order id, which the merchant's server knows too).
  expect(c.fbq).toEqual([
    ['track', 'ViewContent', { ...CONTENT, content_name: 'Velvet Matte Lipstick' }, { eventID: expect.any(String) }],
    ['track', 'AddToCart', CONTENT, { eventID: expect.any(String) }],
    ['track', 'InitiateCheckout', { ...CONTENT, num_items: 1 }, { eventID: expect.any(String) }],
    ['track', 'Purchase', CONTENT, { eventID: orderId }],
  ]);
  const ids = c.fbq.map((x: any) => x[3].eventID);
  expect(new Set(ids).size, 'one event id per occurrence').toBe(4);
  // Segment's ecommerce spec v2.
  expect(c.segment).toEqual([
    ['Product List Viewed', { list_id: 'hero', products: [SEG] }],
    ['Product Clicked', { ...SEG, currency: 'USD', value: 19 }],
    ['Product Viewed', { ...SEG, currency: 'USD', value: 19 }],
    ['Product Added', { ...SEG_LINE, currency: 'USD', value: 19 }],
    ['Checkout Started', { currency: 'USD', value: 19, revenue: 19, products: [SEG_LINE] }],
    ['Order Completed', { order_id: orderId, currency: 'USD', value: 19, revenue: 19, total: 19, products: [SEG_LINE] }],
  ]);
  // Only the adapters turn money into numbers: the widget's own events keep
  // the exact decimal string.
  const [purchase] = await widgetEvents(page, 'purchase');
  expect(purchase).toMatchObject({ value: '19.00', value_minor: 1900, transaction_id: orderId });
  expect(purchase.items[0].price).toBe('19.00');
  const [viewed] = await widgetEvents(page, 'product_view');
  expect(viewed).toMatchObject({ video_id: 'hero', tag_id: 't1', currency: 'USD', value: '19.00', value_minor: 1900 });
});

test('gtag: the exact calls from a tag to a purchase', async ({ page }) => {
  await approvingPaymentSheet(page);
  await stubs(page, { analytics: ['gtag'] });
  await open(page, ['gtag']);
  const orderId = await shop(page);
  expect((await calls(page)).gtag).toEqual(ga4(orderId).map(([name, params]) => ['event', name, params]));
  expect(await dataLayer(page), 'gtag alone pushes nothing itself').toEqual([]);
});

test('dataLayer and gtag both asked: one warning, gtag only', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await stubs(page, { analytics: ['dataLayer', 'gtag'] });
  await open(page, ['gtag']);
  await seekPaused(page, '#v', 3.0);
  await tag(page).click();
  await expect(sheet(page)).toBeVisible();
  await expect.poll(async () => (await calls(page)).gtag.map((c: any) => c[1])).toEqual(['view_item_list', 'select_item', 'view_item']);
  expect(await dataLayer(page)).toEqual([]);
  expect(warnings.filter((w) => w.includes('dataLayer'))).toEqual([
    'shoppable: analytics: "dataLayer" and "gtag" both send GA4 events, which would count each twice; only "gtag" is used',
  ]);
});

test('consent option: nothing before it; shoppable:consent grants each category later', async ({ page }) => {
  await stubs(page, { analytics: ['gtag', 'fbq', 'segment'], consent: { analytics: false, marketing: false } });
  await open(page, ['gtag', 'fbq', 'segment']);
  await seekPaused(page, '#v', 3.0);
  await clickAgain(page);
  expect(await calls(page)).toEqual({ gtag: [], fbq: [], segment: [] });

  // Analytics granted: GA4 and Segment from the next event on; Meta (marketing) still nothing.
  await page.evaluate(() => document.dispatchEvent(new CustomEvent('shoppable:consent', { detail: { analytics: true } })));
  await clickAgain(page);
  let c = await calls(page);
  expect(c.gtag.map((x: any) => x[1])).toEqual(['select_item', 'view_item']);
  expect(c.segment.map((x: any) => x[0])).toEqual(['Product Clicked', 'Product Viewed']);
  expect(c.fbq).toEqual([]);

  await page.evaluate(() => document.dispatchEvent(new CustomEvent('shoppable:consent', { detail: { marketing: true } })));
  await clickAgain(page);
  c = await calls(page);
  expect(c.fbq.map((x: any) => x[1])).toEqual(['ViewContent']);
  expect(c.gtag).toHaveLength(4);
});

test('Google Consent Mode: denied by default, granted by an update', async ({ page }) => {
  await stubs(page, { analytics: ['gtag', 'fbq'] },
    "consentMode('consent', 'default', { analytics_storage: 'denied', ad_storage: 'denied', ad_user_data: 'denied' })");
  await open(page, ['gtag', 'fbq']);
  await seekPaused(page, '#v', 3.0);
  await clickAgain(page);
  expect(await calls(page)).toMatchObject({ gtag: [], fbq: [] });

  await page.evaluate(() => (window as any).consentMode('consent', 'update', { analytics_storage: 'granted' }));
  await clickAgain(page);
  let c = await calls(page);
  expect(c.gtag.map((x: any) => x[1])).toEqual(['select_item', 'view_item']);
  expect(c.fbq).toEqual([]);

  // ad_storage alone is not enough while ad_user_data stays denied.
  await page.evaluate(() => (window as any).consentMode('consent', 'update', { ad_storage: 'granted' }));
  await clickAgain(page);
  expect((await calls(page)).fbq).toEqual([]);
  await page.evaluate(() => (window as any).consentMode('consent', 'update', { ad_user_data: 'granted' }));
  await clickAgain(page);
  c = await calls(page);
  expect(c.fbq.map((x: any) => x[1])).toEqual(['ViewContent']);
});

test("Shopify's Customer Privacy API: analytics allowed, marketing not", async ({ page }) => {
  await stubs(page, { analytics: ['segment', 'fbq'] },
    'window.Shopify = { customerPrivacy: { analyticsProcessingAllowed: () => true, marketingAllowed: () => false } }');
  await open(page, ['segment', 'fbq']);
  await seekPaused(page, '#v', 3.0);
  await clickAgain(page);
  const c = await calls(page);
  expect(c.segment.map((x: any) => x[0])).toEqual(['Product List Viewed', 'Product Clicked', 'Product Viewed']);
  expect(c.fbq).toEqual([]);
});

test('the manifest field: adapters from the manifest, bad entries warned with their JSON path', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.route('**/manifests/hero.json', async (route) => {
    const res = await route.fetch();
    const m = await res.json();
    await route.fulfill({ response: res, json: { ...m, analytics: ['segment', 'ga', 'segment'] } });
  });
  await stubs(page, {});
  await open(page, ['segment']);
  expect(warnings).toEqual(expect.arrayContaining([
    'shoppable: analytics[1]: unknown adapter "ga"; expected one of dataLayer, gtag, fbq, segment; ignored',
    'shoppable: analytics[2]: "segment" is listed twice; ignored',
  ]));
  await seekPaused(page, '#v', 3.0);
  await clickAgain(page);
  expect((await calls(page)).segment.map((x: any) => x[0])).toEqual(['Product List Viewed', 'Product Clicked', 'Product Viewed']);
});

test('the option replaces the manifest field, and bad option entries are warned', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.route('**/manifests/hero.json', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, json: { ...(await res.json()), analytics: ['segment'] } });
  });
  await stubs(page, { analytics: ['fbq', 'ga4'] });
  await open(page, ['fbq']);
  expect(warnings).toContain('shoppable: options.analytics[1]: unknown adapter "ga4"; expected one of dataLayer, gtag, fbq, segment; ignored');
});

test('a page that asks for no adapter never loads their file', async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => { if (unhashed(r.url()).includes('shoppable-analytics')) fetched.push(r.url()); });
  await stubs(page, {});
  await openWidget(page, '/test/analytics.html');
  await seekPaused(page, '#v', 3.0);
  await tag(page).click();
  await expect(sheet(page)).toBeVisible();
  expect(fetched).toEqual([]);
  expect(await widgetEvents(page, 'analytics_ready')).toEqual([]);
  expect(await calls(page)).toEqual({ gtag: [], fbq: [], segment: [] });
});
