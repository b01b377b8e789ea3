// Checkout, end to end: the cart (add, badge, reload), Buy now through the
// browser's payment sheet (window.PaymentRequest replaced by a stand-in that
// returns the gateway's test token, nothing else stubbed), a retry after a
// lost response that still makes exactly one order, the host page's own cart
// through hooks, redirect to the store's cart permalink, and axe on the cart
// panel and the confirmation.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { approvingPaymentSheet, deepFocus, events, fetchManifest, openWidget, recordEvents, seekPaused, sql, unhashed, SHOP_WASM, waitForMetadata, waitForOverlay } from './helpers';

const overlay = (page: Page, video = '#v') => page.locator(`${video} + shoppable-overlay`);
const sheet = (page: Page, video = '#v') => overlay(page, video).locator('dialog.sheet');

async function openT1(page: Page) {
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 3.0);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await expect(sheet(page)).toBeVisible();
}

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).include('shoppable-overlay').withTags(['wcag2a', 'wcag2aa']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

test('payment sheet: tag → sheet → Buy now → confirmation with the server\'s order and total', async ({ page, request }) => {
  await approvingPaymentSheet(page);
  await recordEvents(page);
  const shopFetches: string[] = [];
  page.on('request', (r) => { if (unhashed(r.url()).endsWith(SHOP_WASM)) shopFetches.push(r.url()); });
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 3.0);
  await expect(overlay(page).locator('button.tag[data-tag-id="t1"]')).toBeVisible();
  // The shop module (sheet, cart, checkout) is not part of the viewer path:
  // it is fetched once per page, when the page is idle after the tags
  // showed or when a sheet first opens (loader.spec.ts tells them apart).
  expect(shopFetches.length, 'shop module before any sheet opened').toBeLessThanOrEqual(1);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await expect(sheet(page)).toBeVisible();
  expect(shopFetches).toHaveLength(1);
  const buy = sheet(page).getByRole('button', { name: 'Buy now' });
  await expect(buy).toBeVisible();
  await buy.click();
  const id = sheet(page).locator('.order-id');
  await expect(id).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  const orderId = (await id.textContent())!;
  const order = await (await request.get(`/api/orders/${orderId}`)).json();
  expect(order.order_id).toBe(orderId);
  expect(order.total).toBe(1900);
  await expect(sheet(page).locator('.order-total')).toContainText('$19.00');
  // The order as the server stored it, read from its SQLite file:
  // authorized when the viewer was answered, captured (paid) just after.
  await expect
    .poll(() => sql(`SELECT video_id, currency, total, status, test FROM orders WHERE id = '${orderId}'`))
    .toEqual([{ video_id: 'hero', currency: 'USD', total: 1900, status: 'paid', test: 1 }]);
  expect(sql(`SELECT variant_id, quantity, unit_price, line_total FROM order_lines WHERE order_id = '${orderId}'`)).toEqual([
    { variant_id: 'vl-ruby', quantity: 1, unit_price: 1900, line_total: 1900 },
  ]);
  const pay = await page.evaluate(() => (window as any).__payments);
  expect(pay).toHaveLength(1);
  expect(pay[0].inTap, 'show() was called inside the Buy tap').toBe(true);
  expect(pay[0].details.total.amount).toEqual({ currency: 'USD', value: '19.00' });
  expect(pay[0].completed).toBe('success');
  const purchase = await events(page, 'shoppable:purchase');
  expect(purchase).toHaveLength(1);
  expect(purchase[0].detail).toMatchObject({ order_id: orderId, video_id: 'hero', tag_id: 't1', currency: 'USD', value: '19.00' });
  expect(await events(page, 'shoppable:begin_checkout')).toHaveLength(1);
  expect(await axe(page), 'axe on the confirmation').toEqual([]);
});

test('a lost response is retried under the same Idempotency-Key: exactly one order', async ({ page, request }) => {
  await approvingPaymentSheet(page);
  const keys: string[] = [];
  let first = true;
  await page.route('**/api/checkout', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    if (first) {
      first = false;
      await route.fetch(); // the server takes the order; the answer is cut off
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });
  await openT1(page);
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  const id = sheet(page).locator('.order-id');
  await expect(id).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  expect(keys).toHaveLength(2);
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  expect(keys[1]).toBe(keys[0]);
  // A third try with the same key and body replays the one order.
  const orderId = (await id.textContent())!;
  const order = await (await request.get(`/api/orders/${orderId}`)).json();
  expect(order.total).toBe(1900);
  // Exactly one order under that key in the server's SQLite file.
  expect(sql(`SELECT id, total FROM orders WHERE idempotency_key = '${keys[0]}'`)).toEqual([{ id: orderId, total: 1900 }]);
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('shoppable:checkout')))).toEqual([]);
});

test('cart: add with quantity, badge, cart panel, survives a reload; axe finds nothing', async ({ page }) => {
  await recordEvents(page);
  await openT1(page);
  const s = sheet(page);
  await s.getByRole('button', { name: /^More / }).click();
  await s.getByRole('button', { name: 'Add to cart' }).click();
  await expect(s.locator('.message')).toContainText('Added to cart');
  const adds = await events(page, 'shoppable:add_to_cart');
  expect(adds).toHaveLength(1);
  expect(adds[0].detail).toMatchObject({ video_id: 'hero', tag_id: 't1', value: '38.00', currency: 'USD' });
  expect(adds[0].detail.items[0]).toMatchObject({ item_id: 'velvet-lipstick', item_variant: 'vl-ruby', quantity: 2 });
  await s.getByRole('button', { name: 'Close' }).click();
  const cartButton = overlay(page).getByRole('button', { name: 'Cart 2 items' });
  await expect(cartButton).toBeVisible();
  await cartButton.click();
  await expect(s.locator('h2')).toHaveText('Your cart');
  await expect(s.locator('.subtotal')).toContainText('$38.00');
  expect(await axe(page), 'axe on the cart panel').toEqual([]);

  await page.reload();
  await waitForMetadata(page, '#v');
  await waitForOverlay(page, '#v');
  await overlay(page).getByRole('button', { name: 'Cart 2 items' }).click();
  await expect(s.locator('li.line')).toHaveCount(1);
  await s.getByRole('button', { name: /^Remove / }).click();
  await expect(s.locator('li.line')).toHaveCount(0);
  await expect(s.locator('.empty')).toBeVisible();
  // The removed row took the focused button with it: focus stays in the dialog.
  const focus = await deepFocus(page);
  expect(focus?.inDialog, 'focus after Remove').toBe(true);
  expect(focus?.label).toBe('Close');
});

test('a corrupt stored cart is discarded with a warning, never a crash', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.addInitScript(() => {
    for (const k of Object.keys(localStorage)) localStorage.removeItem(k);
    const site = encodeURIComponent(location.origin);
    localStorage.setItem(`shoppable:cart:v1:${site}:hero`, '{"schema": 1, "lines": "nope"');
  });
  await openWidget(page, '/test/contain.html');
  await expect.poll(() => warnings.filter((w) => w.includes('stored cart')).length).toBe(1);
  await expect(overlay(page).locator('.cart-button')).toHaveCount(0);
});

test('redirect: Buy now goes to the store\'s cart permalink', async ({ page }) => {
  // No payment sheet on this page: auto falls back to redirect.
  await page.addInitScript(() => { delete (window as any).PaymentRequest; });
  let target = '';
  await page.route('https://shop.example/**', async (route) => {
    target = route.request().url();
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>shop</title>' });
  });
  await openT1(page);
  await sheet(page).getByRole('button', { name: /^More / }).click();
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await page.waitForURL('https://shop.example/**');
  expect(target).toBe('https://shop.example/cart/vl-ruby:2');
});

/** Two of t1's lipstick (vl-ruby, $19) and one of t2's serum (gs-15, $24) into the cart; opens the cart panel. */
async function fillCart(page: Page) {
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 6.0);
  const s = sheet(page);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await s.getByRole('button', { name: /^More / }).click();
  await s.getByRole('button', { name: 'Add to cart' }).click();
  await expect(s.locator('.message')).toContainText('Added to cart');
  await s.getByRole('button', { name: 'Close' }).click();
  await overlay(page).locator('button.tag[data-tag-id="t2"]').click();
  await s.getByRole('button', { name: 'Add to cart' }).click();
  await expect(s.locator('.message')).toContainText('Added to cart');
  await s.getByRole('button', { name: 'Close' }).click();
  await overlay(page).getByRole('button', { name: 'Cart 3 items' }).click();
  await expect(s.locator('.subtotal')).toContainText('$62.00');
}

test('cart → Checkout: one tap opens the payment sheet for every line; the order and its lines are in SQLite', async ({ page }) => {
  await approvingPaymentSheet(page);
  await recordEvents(page);
  await fillCart(page);
  const s = sheet(page);
  await s.getByRole('button', { name: 'Checkout' }).click();
  const id = s.locator('.order-id');
  await expect(id).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  const orderId = (await id.textContent())!;
  expect(sql(`SELECT total, currency FROM orders WHERE id = '${orderId}'`)).toEqual([{ total: 6200, currency: 'USD' }]);
  expect(sql(`SELECT variant_id, quantity, line_total FROM order_lines WHERE order_id = '${orderId}' ORDER BY line_no`)).toEqual([
    { variant_id: 'vl-ruby', quantity: 2, line_total: 3800 },
    { variant_id: 'gs-15', quantity: 1, line_total: 2400 },
  ]);
  const pay = await page.evaluate(() => (window as any).__payments);
  expect(pay).toHaveLength(1);
  expect(pay[0].inTap, 'show() was called inside the Checkout tap').toBe(true);
  expect(pay[0].details.displayItems.map((i: any) => i.amount.value)).toEqual(['38.00', '24.00']);
  expect(pay[0].details.total.amount).toEqual({ currency: 'USD', value: '62.00' });
  const purchase = await events(page, 'shoppable:purchase');
  expect(purchase).toHaveLength(1);
  expect(purchase[0].detail).toMatchObject({ order_id: orderId, value: '62.00', currency: 'USD' });
  // A paid cart is emptied: the cart button goes.
  await s.getByRole('button', { name: 'Close' }).click();
  await expect(overlay(page).locator('button.cart-button')).toHaveCount(0);
});

test('cart → Checkout with redirect: every line goes into the store\'s cart permalink', async ({ page }) => {
  await page.addInitScript(() => { delete (window as any).PaymentRequest; });
  let target = '';
  await page.route('https://shop.example/**', async (route) => {
    target = route.request().url();
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>shop</title>' });
  });
  await fillCart(page);
  await sheet(page).getByRole('button', { name: 'Checkout' }).click();
  await page.waitForURL('https://shop.example/**');
  expect(target).toBe('https://shop.example/cart/vl-ruby:2,gs-15:1');
});

test('until canMakePayment() answers, Buy now waits; then one tap opens the payment sheet', async ({ page }) => {
  await approvingPaymentSheet(page, 'tok_test_approve', 1500);
  await openT1(page);
  const buy = sheet(page).getByRole('button', { name: 'Buy now' });
  // Not yet known whether the payment sheet works: no tap may pick another way.
  await expect(buy).toBeDisabled();
  await expect(buy).toBeEnabled({ timeout: 5_000 });
  await buy.click();
  await expect(sheet(page).locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  const pay = await page.evaluate(() => (window as any).__payments);
  expect(pay).toHaveLength(1);
  expect(pay[0].inTap).toBe(true);
});

test('payment methods from the manifest reach the payment sheet, data as written; an unknown one is named and skipped', async ({ page }) => {
  await approvingPaymentSheet(page);
  const warnings: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto('/test/api.html');
  const m: any = structuredClone(await fetchManifest(page, '/manifests/hero.json'));
  m.checkout.payment_methods = [
    { supported_methods: 'apple_pay', data: { version: 3, merchantIdentifier: 'merchant.example.brand', merchantCapabilities: ['supports3DS'], supportedNetworks: ['visa'], countryCode: 'US' } },
    { supported_methods: 'paypal' },
    { supported_methods: 'google_pay', data: { environment: 'TEST', apiVersion: 2, apiVersionMinor: 0 } },
  ];
  await page.evaluate((m) => (window as any).Shoppable.attach(document.getElementById('v'), { manifest: m }), m);
  await waitForOverlay(page, '#v');
  await seekPaused(page, '#v', 3.0);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await expect(sheet(page).locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  const pay = await page.evaluate(() => (window as any).__payments);
  expect(pay[0].methods).toEqual([
    { supportedMethods: 'https://apple.com/apple-pay', data: m.checkout.payment_methods[0].data },
    { supportedMethods: 'https://google.com/pay', data: m.checkout.payment_methods[2].data },
  ]);
  expect(warnings.filter((w) => w.includes('checkout.payment_methods[1].supported_methods: unknown payment method "paypal"'))).toHaveLength(1);
});

test('retailer page: host hooks put the item into the page\'s cart; out of stock is said', async ({ page }) => {
  await page.addInitScript(() => { delete (window as any).PaymentRequest; });
  await recordEvents(page);
  await page.goto('/retailer.html');
  for (const v of ['#v-hero', '#v-tall']) {
    await page.locator(v).scrollIntoViewIfNeeded();
    await waitForMetadata(page, v);
    await waitForOverlay(page, v);
  }
  await overlay(page, '#v-hero').locator('button.shop').click();
  const s = sheet(page, '#v-hero');
  await s.getByRole('button', { name: 'View Velvet Matte Lipstick' }).click();
  await s.getByRole('button', { name: 'Add to cart' }).click();
  await expect(s.locator('.message')).toHaveText("Added to the store's cart.");
  await expect(page.locator('#host-cart .cart-line')).toHaveCount(1);
  await expect(page.locator('#host-cart .count')).toHaveText('1 item');
  // The widget's own cart stays out of the way.
  await expect(overlay(page, '#v-hero').locator('.cart-button')).toHaveCount(0);
  await s.getByRole('button', { name: 'Close' }).click();

  await overlay(page, '#v-tall').locator('button.shop').click();
  const t = sheet(page, '#v-tall');
  await t.getByRole('button', { name: 'View Oud Royale Parfum' }).click();
  await t.getByRole('button', { name: 'Add to cart' }).click();
  await expect(t.locator('.message')).toHaveText('Sorry, this item is sold out.');
  // The page said out_of_stock: the sheet stops offering the variant.
  await expect(t.locator('.stock')).toHaveText('Sold out');
  await expect(t.getByRole('button', { name: 'Add to cart' })).toBeDisabled();
  await expect(page.locator('#host-cart .cart-line')).toHaveCount(1);
  // add_to_cart is sent for what the host accepted, not for the refusal.
  const adds = await events(page, 'shoppable:add_to_cart');
  expect(adds.map((e) => e.detail.items[0].item_id)).toEqual(['velvet-lipstick']);
});

test('a price tampered in the page is refused in plain words, and the sheet is told it failed', async ({ page }) => {
  await approvingPaymentSheet(page);
  await page.route('**/manifests/hero.json', async (route) => {
    const res = await route.fetch();
    const m = await res.json();
    const ruby = m.products.find((p: any) => p.id === 'velvet-lipstick').variants.find((v: any) => v.id === 'vl-ruby');
    ruby.price = 100; // the page claims $1.00
    await route.fulfill({ response: res, json: m });
  });
  await openT1(page);
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await expect(sheet(page).locator('.message')).toContainText(/price/i, { timeout: 15_000 });
  await expect(sheet(page).locator('.order-id')).toHaveCount(0);
  const pay = await page.evaluate(() => (window as any).__payments);
  expect(pay[0].completed).toBe('fail');
});

test('a declined payment is said in plain words', async ({ page }) => {
  await approvingPaymentSheet(page, 'tok_test_decline');
  await openT1(page);
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await expect(sheet(page).locator('.message')).toContainText(/declined/i, { timeout: 15_000 });
  const pay = await page.evaluate(() => (window as any).__payments);
  expect(pay[0].completed).toBe('fail');
});

test('host hooks that throw or hang: the viewer is told, the cause is logged', async ({ page }) => {
  test.setTimeout(45_000);
  await page.addInitScript(() => { delete (window as any).PaymentRequest; });
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/test/api.html');
  await page.waitForFunction(() => (window as any).Shoppable?.attach);
  await page.evaluate(() => {
    const w = window as any;
    w.__calls = 0;
    w.Shoppable.attach(document.getElementById('v'), {
      manifest: '/manifests/hero.json',
      hooks: {
        onAddToCart: () => { w.__calls++; if (w.__calls === 1) throw new Error('cart service down'); return new Promise(() => {}); },
        onCheckout: () => Promise.resolve({ ok: true }),
      },
    });
  });
  await waitForMetadata(page, '#v');
  await waitForOverlay(page, '#v');
  await overlay(page).locator('button.shop').click();
  const s = sheet(page);
  await s.getByRole('button', { name: 'View Velvet Matte Lipstick' }).click();
  const add = s.getByRole('button', { name: 'Add to cart' });
  await add.click();
  await expect(s.locator('.message')).toHaveText('The store did not answer. Please try again.');
  expect(errors.some((e) => e.includes('hooks.onAddToCart threw cart service down'))).toBe(true);
  await add.click();
  await expect(s.locator('.message')).toHaveText('One moment…');
  await expect(s.locator('.message')).toHaveText('The store did not answer. Please try again.', { timeout: 12_000 });
  expect(errors.some((e) => e.includes('hooks.onAddToCart did not answer within 8 s'))).toBe(true);
});

test('a stored cart is checked against the manifest: a changed price is told in words', async ({ page }) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    const site = encodeURIComponent(location.origin);
    localStorage.setItem(`shoppable:cart:v1:${site}:hero`, JSON.stringify({
      schema: 1, currency: 'USD',
      lines: [
        { product_id: 'velvet-lipstick', variant_id: 'vl-ruby', quantity: 1, unit_price: 1500, title: 'Velvet Matte Lipstick', variant_label: 'Ruby', max_quantity: 3 },
        { product_id: 'gone', variant_id: 'gone-1', quantity: 1, unit_price: 500, title: 'Old Thing', variant_label: '', max_quantity: 3 },
      ],
    }));
  });
  await openWidget(page, '/test/contain.html');
  const notice = overlay(page).locator('.notice');
  await expect(notice).toContainText('Old Thing');
  await expect(notice).toContainText('$19.00');
  await expect(overlay(page).getByRole('button', { name: 'Cart 1 item' })).toBeVisible();
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);
});

/** Aborts every checkout POST, recording its Idempotency-Key. */
async function offline(page: Page, keys: string[]) {
  await page.route('**/api/checkout', async (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    await route.abort('internetdisconnected');
  });
}

test('offline: the tries run out, the viewer is told, "Try again" resends under the same key', async ({ page }) => {
  await approvingPaymentSheet(page);
  const keys: string[] = [];
  await offline(page, keys);
  await openT1(page);
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await expect(sheet(page).locator('.message')).toContainText('could not reach the shop', { timeout: 15_000 });
  expect(keys).toHaveLength(4);
  expect(new Set(keys).size).toBe(1);
  expect((await page.evaluate(() => (window as any).__payments))[0].completed).toBe('fail');
  await page.unroute('**/api/checkout');
  const sent: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/checkout')) sent.push(r.headers()['idempotency-key']); });
  await sheet(page).getByRole('button', { name: 'Try again' }).click();
  await expect(sheet(page).locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  expect(sent).toEqual([keys[0]]);
});

test('a reload while an order is in doubt carries on under the same key', async ({ page, request }) => {
  await approvingPaymentSheet(page);
  const keys: string[] = [];
  await offline(page, keys);
  await openT1(page);
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await expect(sheet(page).locator('.message')).toContainText('could not reach the shop', { timeout: 15_000 });
  await page.unroute('**/api/checkout');
  const sent: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/checkout')) sent.push(r.headers()['idempotency-key']); });
  await page.reload();
  const notice = overlay(page).locator('.notice');
  await expect(notice).toContainText('is confirmed', { timeout: 15_000 });
  expect(sent).toEqual([keys[0]]);
  const id = (await notice.textContent())!.match(/[0-9a-f-]{36}/)![0];
  expect((await (await request.get(`/api/orders/${id}`)).json()).total).toBe(1900);
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('shoppable:checkout')))).toEqual([]);
});

test('provideProducts: live prices and stock from the host override the manifest', async ({ page }) => {
  await page.addInitScript(() => { delete (window as any).PaymentRequest; });
  await page.goto('/test/api.html');
  await page.waitForFunction(() => (window as any).Shoppable?.attach);
  await page.evaluate(() => {
    const w = window as any;
    w.Shoppable.attach(document.getElementById('v'), {
      manifest: '/manifests/hero.json',
      hooks: {
        onAddToCart: () => Promise.resolve({ ok: true }),
        provideProducts: (ids: string[]) => {
          w.__asked = ids;
          return Promise.resolve([{ product_id: 'velvet-lipstick', variant_id: 'vl-ruby', price: 1700, available: true }]);
        },
      },
    });
  });
  await waitForMetadata(page, '#v');
  await waitForOverlay(page, '#v');
  expect(await page.evaluate(() => (window as any).__asked)).toContain('velvet-lipstick');
  await overlay(page).locator('button.shop').click();
  const s = sheet(page);
  await s.getByRole('button', { name: 'View Velvet Matte Lipstick' }).click();
  await expect(s.locator('.price .now')).toHaveText('$17.00');
});

test('paymentOptions: the sheet is asked for payer and shipping, and the order carries them', async ({ page }) => {
  await approvingPaymentSheet(page);
  const bodies: any[] = [];
  await page.route('**/api/checkout', async (route) => { bodies.push(route.request().postDataJSON()); await route.continue(); });
  await page.goto('/test/api.html');
  await page.waitForFunction(() => (window as any).Shoppable?.attach);
  await page.evaluate(() => {
    (window as any).Shoppable.attach(document.getElementById('v'), {
      manifest: '/manifests/hero.json',
      paymentOptions: { requestPayerName: true, requestShipping: true },
    });
  });
  await waitForMetadata(page, '#v');
  await waitForOverlay(page, '#v');
  await overlay(page).locator('button.shop').click();
  const s = sheet(page);
  await s.getByRole('button', { name: 'View Velvet Matte Lipstick' }).click();
  await s.getByRole('button', { name: 'Buy now' }).click();
  await expect(s.locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  const pay = await page.evaluate(() => (window as any).__payments);
  expect(pay[0].options).toMatchObject({ requestPayerName: true, requestShipping: true });
  expect(bodies[0].payer).toMatchObject({ name: 'Ada Lovelace' });
  expect(bodies[0].shipping_address).toMatchObject({ country: 'GB', city: 'London', address_line: ['12 St James Sq'] });
  expect(bodies[0].attribution.tag_id ?? null).toBeNull(); // bought from the list, not from a tag
});
