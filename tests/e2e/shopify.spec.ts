// Shopify with zero code (README, "Shopify"), against the stand-in
// storefront of shopify-standin.ts (SHOPIFY.md): on a Shopify storefront
// `auto` takes the store's cart; the sheet shows the store's live prices
// and currency; adds go through the theme's configured updateCart, or the
// Ajax Cart API when the theme kept Shopify's default (which is never
// called: it would reload the page and stop the video); sold out and
// partial adds in Shopify's words; the cart attributes on every add;
// checkout opens the theme's cart drawer or goes to /checkout; and no
// analytics before Shopify's Customer Privacy API says so.
import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { BASE_URL, WIDGET_ORIGIN, openWidget, play, seekPaused } from './helpers';
import { startStandin, VARIANTS, type Standin } from './shopify-standin';

const ROOT = path.resolve(__dirname, '../..');
const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');
const message = (page: Page) => sheet(page).locator('.message');
const [RUBY, NUDE, PLUM, CORAL] = VARIANTS;

let store: Standin;
test.beforeAll(async () => {
  store = await startStandin({ root: ROOT, widgetOrigin: WIDGET_ORIGIN || BASE_URL, videoOrigin: BASE_URL });
});
test.afterAll(async () => { await store?.close(); });
// Stock is the store's, shared by the tests: each starts from the catalogue's.
test.beforeEach(() => { for (const v of VARIANTS) store.setStock(v.id, v.stock); });

/** Opens the theme page and the lipstick's sheet (tag t1). */
async function openSheet(page: Page, theme: 'configured' | 'default', extra = '') {
  await openWidget(page, `${store.url}/?theme=${theme}${extra}`);
  await seekPaused(page, '#v', 3.0);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await expect(sheet(page)).toBeVisible();
  // The store's figures are in (the panel is drawn again with them).
  await expect(sheet(page).locator('.price .now')).toHaveText(/^€/);
}

const cart = (page: Page) => page.evaluate(async () => (await fetch('/cart.js')).json());
const calls = (page: Page, name?: string) =>
  page.evaluate((n) => (window as any).__shopify.calls.filter((c: any) => !n || c.name === n), name);
const choose = (page: Page, shade: string) => sheet(page).getByRole('radio', { name: new RegExp(`^${shade}`) }).check();
const addToCart = (page: Page) => sheet(page).getByRole('button', { name: 'Add to cart' }).click();
const ATTRIBUTES = { _shoppable_video: 'hero', _shoppable_tag: 't1' };

test("auto takes the store's cart; the sheet shows the store's prices and currency", async ({ page }) => {
  await openSheet(page, 'configured');
  // The manifest says $19.00; the store says €21.00 (cart.js: EUR).
  await expect(sheet(page).locator('.price .now')).toHaveText('€21.00');
  await choose(page, 'Coral');
  await expect(sheet(page).locator('.price .now')).toHaveText('€18.00');
  // Plum: the store has none.
  await choose(page, 'Plum');
  await expect(sheet(page).locator('.stock')).toHaveText('Sold out');
  await expect(sheet(page).getByRole('button', { name: 'Add to cart' })).toBeDisabled();
});

test("Ajax path (the theme kept Shopify's default updateCart): add, with the cart attributes, and updateCart never called", async ({ page }) => {
  await openSheet(page, 'default');
  const added: any[] = [];
  await page.exposeFunction('__added', (d: any) => added.push(d));
  await page.evaluate(() => document.getElementById('v')!.addEventListener('shoppable:add_to_cart', (e: any) => (window as any).__added(e.detail)));
  const loaded = await page.evaluate(() => (window as any).__shopify.loaded);
  await addToCart(page);
  await expect(message(page)).toHaveText("Added to the store's cart.");
  const c = await cart(page);
  expect(c.items.map((l: any) => [l.id, l.quantity])).toEqual([[RUBY.id, 1]]);
  expect(c.attributes).toEqual(ATTRIBUTES);
  expect(await calls(page, 'updateCart'), 'the default updateCart would reload the page').toEqual([]);
  expect(await page.evaluate(() => (window as any).__shopify.loaded), 'no reload').toBe(loaded);
  // The widget's own cart stays out of the way.
  await expect(overlay(page).locator('.cart-button')).toBeHidden();
  // The event carries the store's price and currency.
  await expect.poll(() => added.length).toBe(1);
  expect(added[0]).toMatchObject({ currency: 'EUR', value: '21.00', tag_id: 't1', items: [{ item_variant: 'vl-ruby', quantity: 1, price: '21.00' }] });
});

test('updateCart path (the theme configured it): add through the theme, with the cart attributes', async ({ page }) => {
  await openSheet(page, 'configured');
  await addToCart(page);
  await expect(message(page)).toHaveText("Added to the store's cart.");
  expect(await calls(page, 'updateCart')).toEqual([
    { name: 'updateCart', args: { lines: [{ merchandiseId: `gid://shopify/ProductVariant/${RUBY.id}`, quantity: 1 }] } },
  ]);
  // The theme refreshed its own cart count.
  await expect(page.locator('#cart-count')).toHaveText('1');
  const c = await cart(page);
  expect(c.items.map((l: any) => [l.id, l.quantity])).toEqual([[RUBY.id, 1]]);
  expect(c.attributes).toEqual(ATTRIBUTES);
});

for (const theme of ['default', 'configured'] as const) {
  test(`sold out in the store meanwhile (${theme} theme): nothing added, the store's words`, async ({ page }) => {
    await openSheet(page, theme);
    await choose(page, 'Coral');
    // The store sells its last Coral after the sheet opened.
    store.setStock(CORAL.id, 0);
    await addToCart(page);
    await expect(message(page)).toHaveText(theme === 'default'
      ? "The product 'Velvet Matte Lipstick - Coral' is already sold out."
      : 'Velvet Matte Lipstick - Coral is out of stock.');
    // The store's live figures, read again, say Coral is gone: the sheet
    // stops offering it and keeps the viewer's choice.
    await expect(sheet(page).locator('.stock')).toHaveText('Sold out');
    await expect(sheet(page).getByRole('button', { name: 'Add to cart' })).toBeDisabled();
    await expect(sheet(page).getByRole('radio', { name: /^Coral/ })).toBeChecked();
    const c = await cart(page);
    expect(c.items).toEqual([]);
    expect(c.attributes, 'no attribution for nothing added').toEqual({});
  });

  test(`partial quantity (${theme} theme): 3 asked, 2 in stock`, async ({ page }) => {
    await openSheet(page, theme);
    await choose(page, 'Nude');
    const more = sheet(page).getByRole('button', { name: /^More / });
    await more.click();
    await more.click();
    await addToCart(page);
    await expect(message(page)).toHaveText(theme === 'default'
      ? 'Only 2 items were added to your cart.'
      : 'Only 2 of Velvet Matte Lipstick - Nude could be added.');
    const c = await cart(page);
    expect(c.items.map((l: any) => [l.id, l.quantity])).toEqual([[NUDE.id, 2]]);
    expect(c.attributes).toEqual(ATTRIBUTES);
  });
}

test("checkout with a configured openCart: the sheet makes way for the theme's cart drawer, the video stays paused", async ({ page }) => {
  await openWidget(page, `${store.url}/?theme=configured`);
  // Playing when the sheet opens, so closing it would play again.
  await play(page, '#v');
  await overlay(page).locator('button.shop').click();
  await expect(sheet(page)).toBeVisible();
  await sheet(page).getByRole('button', { name: 'View Velvet Matte Lipstick' }).click();
  await expect(sheet(page).locator('.price .now')).toHaveText('€21.00');
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await expect(page.locator('#cart-drawer')).toBeVisible();
  await expect(sheet(page)).toBeHidden();
  expect((await calls(page)).map((c: any) => c.name)).toEqual(['updateCart', 'openCart']);
  expect(await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).paused), 'the video waits for the viewer').toBe(true);
  const c = await cart(page);
  expect(c.items.map((l: any) => [l.id, l.quantity])).toEqual([[RUBY.id, 1]]);
  // No tag was tapped: the video alone.
  expect(c.attributes).toEqual({ _shoppable_video: 'hero' });
});

test("checkout with Shopify's default openCart: the page goes to /checkout", async ({ page }) => {
  await openSheet(page, 'default');
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await page.waitForURL(`${store.url}/checkout`);
  await expect(page.locator('h1')).toHaveText('Checkout');
  const c = await cart(page);
  expect(c.items.map((l: any) => [l.id, l.quantity])).toEqual([[RUBY.id, 1]]);
  expect(c.attributes).toEqual(ATTRIBUTES);
});

test("the strategy given outright: \"shopify\" on a Shopify storefront", async ({ page }) => {
  await openSheet(page, 'default', '&strategy=shopify');
  await expect(sheet(page).locator('.price .now')).toHaveText('€21.00');
  await addToCart(page);
  await expect(message(page)).toHaveText("Added to the store's cart.");
  expect((await cart(page)).items.length).toBe(1);
});

test("no tracking before Shopify's Customer Privacy API says so", async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as any;
    w.__attach = { analytics: ['dataLayer', 'fbq'] };
    w.dataLayer = [];
    w.__fbq = [];
    w.fbq = function () { w.__fbq.push(Array.from(arguments)); };
  });
  await openSheet(page, 'default');
  await addToCart(page);
  await expect(message(page)).toHaveText("Added to the store's cart.");
  // The adapters asked Shopify for its consent API, and it answered: no consent.
  expect(await calls(page, 'loadFeatures')).toEqual([
    { name: 'loadFeatures', args: [{ name: 'consent-tracking-api', version: '0.1' }] },
  ]);
  await expect.poll(() => page.evaluate(() => typeof (window as any).Shopify.customerPrivacy)).toBe('object');
  const events = () => page.evaluate(() => (window as any).dataLayer.filter((e: any) => e.event).map((e: any) => e.event));
  expect(await events(), 'nothing before consent').toEqual([]);
  expect(await page.evaluate(() => (window as any).__fbq)).toEqual([]);
  // The visitor allows analytics, not marketing: GA4 from now on, Meta never.
  await page.evaluate(() => new Promise<void>((r) => (window as any).Shopify.customerPrivacy.setTrackingConsent({ analytics: true, marketing: false }, r)));
  await addToCart(page);
  await expect.poll(events).toEqual(['add_to_cart']);
  expect(await page.evaluate(() => (window as any).__fbq)).toEqual([]);
});
