// WooCommerce and BigCommerce carts (README, "WooCommerce and BigCommerce"),
// against the stand-in storefronts of carts-standin.ts (CARTS.md): for each,
// add, sold out, partial and checkout. WooCommerce: the Store API's Nonce
// is fetched, refreshed from every answer, fetched again and the write
// tried once more after a nonce error, and no Cart-Token is ever sent; the
// sheet shows the store's live prices. BigCommerce: the cart URL is fetched
// in the page (the video plays on), its `source` names the video and tag.
// With SHOTS_DIR set, the sold-out and partial messages are photographed
// at 390×844.
import { test, expect, type Page } from '@playwright/test';
import path from 'node:path';
import { BASE_URL, WIDGET_ORIGIN, openWidget, seekPaused } from './helpers';
import { startCartStandin, type CartStandin } from './carts-standin';

const ROOT = path.resolve(__dirname, '../..');
const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');
const message = (page: Page) => sheet(page).locator('.message');
const choose = (page: Page, shade: string) => sheet(page).getByRole('radio', { name: new RegExp(`^${shade}`) }).check();
const addToCart = (page: Page) => sheet(page).getByRole('button', { name: 'Add to cart' }).click();
async function three(page: Page) {
  const more = sheet(page).getByRole('button', { name: /^More / });
  await more.click();
  await more.click();
}
async function shot(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  await page.screenshot({ path: path.join(process.env.SHOTS_DIR, `${name}.png`) });
}

/** Opens the shop page and the lipstick's sheet (tag t1). */
async function openSheet(page: Page, store: CartStandin, platform: string) {
  await openWidget(page, `${store.url}/`);
  await seekPaused(page, '#v', 3.0);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await expect(sheet(page)).toBeVisible();
  if (platform === 'woocommerce') {
    // The store's figures are in (the panel is drawn again with them).
    await expect(sheet(page).locator('.price .now')).toHaveText(/^€/);
  }
}

for (const platform of ['woocommerce', 'bigcommerce'] as const) {
  test.describe(platform, () => {
    let store: CartStandin;
    test.beforeAll(async () => {
      store = await startCartStandin({ platform, root: ROOT, widgetOrigin: WIDGET_ORIGIN || BASE_URL, videoOrigin: BASE_URL });
    });
    test.afterAll(async () => { await store?.close(); });
    test.beforeEach(() => store.reset());

    test('add: in the store\'s cart, with the add_to_cart event; the widget\'s own cart stays out of the way', async ({ page }) => {
      await openSheet(page, store, platform);
      const added: any[] = [];
      await page.exposeFunction('__added', (d: any) => added.push(d));
      await page.evaluate(() => document.getElementById('v')!.addEventListener('shoppable:add_to_cart', (e: any) => (window as any).__added(e.detail)));
      await addToCart(page);
      await expect(message(page)).toHaveText("Added to the store's cart.");
      expect(store.lines()).toEqual([['vl-ruby', 1, platform === 'bigcommerce' ? 'shoppable:hero:t1' : '']]);
      await expect(overlay(page).locator('.cart-button')).toBeHidden();
      await expect.poll(() => added.length).toBe(1);
      expect(added[0]).toMatchObject({ tag_id: 't1', items: [{ item_variant: 'vl-ruby', quantity: 1 }] });
      if (platform === 'woocommerce') {
        // At the store's price and currency.
        expect(added[0]).toMatchObject({ currency: 'EUR', value: '21.00' });
      } else {
        // A request in the page, not a navigation: the page is still here.
        expect(page.url()).toBe(`${store.url}/`);
        expect(store.seen().map((r) => r.path)).toEqual([
          '/api/storefront/carts',
          '/cart.php?action=add&sku=VL-RUBY&qty=1&source=shoppable%3Ahero%3At1',
          '/cart.php',
          '/api/storefront/carts',
        ]);
      }
    });

    test('sold out in the store meanwhile: nothing added, the viewer told', async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await openSheet(page, store, platform);
      await choose(page, 'Coral');
      store.setStock('vl-coral', 0);
      await addToCart(page);
      await expect(message(page)).toHaveText(platform === 'woocommerce'
        ? 'You cannot add "Velvet Matte Lipstick - Coral" to the cart because the product is out of stock.'
        : 'Sorry, this item is sold out.');
      expect(store.lines()).toEqual([]);
      if (platform === 'woocommerce') {
        // The store's live figures, read again, say Coral is gone: the
        // sheet stops offering it and keeps the viewer's choice.
        await expect(sheet(page).locator('.stock')).toHaveText('Sold out');
        await expect(sheet(page).getByRole('button', { name: 'Add to cart' })).toBeDisabled();
        await expect(sheet(page).getByRole('radio', { name: /^Coral/ })).toBeChecked();
        await expect(sheet(page).locator('label.choice.sold-out')).toHaveText(['Plum (sold out)', 'Coral (sold out)']);
      }
      // BigCommerce's storefront has no live figures to read (CARTS.md):
      // there the message alone says it.
      await message(page).scrollIntoViewIfNeeded();
      await shot(page, `${platform}-sold-out`);
    });

    test('partial quantity: 3 asked, 2 in stock', async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await openSheet(page, store, platform);
      await choose(page, 'Nude');
      await three(page);
      await addToCart(page);
      if (platform === 'woocommerce') {
        // WooCommerce core refuses the whole add and says what remains.
        await expect(message(page)).toHaveText('You cannot add that amount of "Velvet Matte Lipstick - Nude" to the cart because there is not enough stock (2 remaining).');
        expect(store.lines()).toEqual([]);
      } else {
        // The stand-in adds what the stock allows; the cart says how many.
        await expect(message(page)).toHaveText('Only 2 could be added; the rest was not in stock.');
        expect(store.lines()).toEqual([['vl-nude', 2, 'shoppable:hero:t1']]);
      }
      await message(page).scrollIntoViewIfNeeded();
      await shot(page, `${platform}-partial`);
    });

    test('checkout: Buy now adds, then the page goes to the store\'s checkout', async ({ page }) => {
      await openSheet(page, store, platform);
      const began: any[] = [];
      await page.exposeFunction('__began', (d: any) => began.push(d));
      await page.evaluate(() => document.getElementById('v')!.addEventListener('shoppable:begin_checkout', (e: any) => (window as any).__began(e.detail)));
      await sheet(page).getByRole('button', { name: 'Buy now' }).click();
      const to = platform === 'woocommerce' ? '/checkout/' : '/cart.php';
      await page.waitForURL(`${store.url}${to}`);
      await expect(page.locator('h1')).toHaveText(platform === 'woocommerce' ? 'Checkout' : 'Your Cart');
      expect(began.length).toBe(1);
      expect(store.lines().map(([v, n]) => [v, n])).toEqual([['vl-ruby', 1]]);
    });
  });
}

test.describe('woocommerce Store API session', () => {
  let store: CartStandin;
  test.beforeAll(async () => {
    store = await startCartStandin({ platform: 'woocommerce', root: ROOT, widgetOrigin: WIDGET_ORIGIN || BASE_URL, videoOrigin: BASE_URL });
  });
  test.afterAll(async () => { await store?.close(); });
  test.beforeEach(() => store.reset());

  test("the sheet shows the store's live prices and stock", async ({ page }) => {
    await openSheet(page, store, 'woocommerce');
    // The manifest says $19.00; the store says €21.00, was €26.00.
    await expect(sheet(page).locator('.price .now')).toHaveText('€21.00');
    await choose(page, 'Coral');
    await expect(sheet(page).locator('.price .now')).toHaveText('€18.00');
    await choose(page, 'Plum');
    await expect(sheet(page).locator('.stock')).toHaveText('Sold out');
    await expect(sheet(page).getByRole('button', { name: 'Add to cart' })).toBeDisabled();
    expect(store.seen().map((r) => r.path)).toEqual(['813', '814', '815', '816'].map((id) => `/wp-json/wc/store/v1/products/${id}`));
  });

  test('the Nonce is fetched, sent, refreshed from each answer; no Cart-Token ever', async ({ page }) => {
    await openSheet(page, store, 'woocommerce');
    await addToCart(page);
    await expect(message(page)).toHaveText("Added to the store's cart.");
    await addToCart(page);
    await expect(message(page)).toHaveText("Added to the store's cart.");
    expect(store.lines()).toEqual([['vl-ruby', 2, '']]);
    const api = store.seen().filter((r) => r.path.startsWith('/wp-json/wc/store/v1/cart'));
    expect(api.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /wp-json/wc/store/v1/cart 200', 'POST /wp-json/wc/store/v1/cart/add-item 201',
      'GET /wp-json/wc/store/v1/cart 200', 'POST /wp-json/wc/store/v1/cart/add-item 201',
    ]);
    // Each write sends the nonce of the answer just before it (the store
    // rotates it on every write, so a stale one would be refused).
    const all = store.seen();
    for (const [i, r] of all.entries()) {
      if (r.method !== 'POST') continue;
      expect(r.nonce, `nonce of request ${i}`).toBe(all[i - 1].answeredNonce);
    }
    expect(all.every((r) => r.cartToken === null), 'no Cart-Token').toBe(true);
  });

  test('a nonce error: the nonce fetched again and the write tried once more', async ({ page }) => {
    await openSheet(page, store, 'woocommerce');
    store.refuseNextNonce();
    await addToCart(page);
    await expect(message(page)).toHaveText("Added to the store's cart.");
    expect(store.lines()).toEqual([['vl-ruby', 1, '']]);
    const api = store.seen().filter((r) => r.path.startsWith('/wp-json/wc/store/v1/cart'));
    expect(api.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /wp-json/wc/store/v1/cart 200', 'POST /wp-json/wc/store/v1/cart/add-item 403',
      'GET /wp-json/wc/store/v1/cart 200', 'POST /wp-json/wc/store/v1/cart/add-item 201',
    ]);
    expect(api[3].nonce).toBe(api[2].answeredNonce);
  });

  test('a nonce refused twice: tried only once more, and the viewer told', async ({ page }) => {
    await openSheet(page, store, 'woocommerce');
    store.refuseNextNonce(2);
    await addToCart(page);
    await expect(message(page)).toHaveText("The store's session has expired. Please reload the page and try again.");
    expect(store.lines()).toEqual([]);
    const api = store.seen().filter((r) => r.path.startsWith('/wp-json/wc/store/v1/cart'));
    expect(api.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'POST 403', 'GET 200', 'POST 403']);
  });
});
