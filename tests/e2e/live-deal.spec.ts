// Flash deals on the live card, end to end: the deal's price with the regular
// price struck through, units left and the countdown as the viewer's picture
// reaches the deal; units falling as other buyers (this test, through the real
// checkout API) take them; sold out; the viewer's payment sheet aborted, and the
// viewer told why, when the deal sells out under it; the one-tap Buy on the card
// making an order at the deal price (read from the server's SQLite file); the
// pinned product first in "Shop this video"; likes; keyboard, 44 px targets and
// axe on the card. window.PaymentRequest is the only thing replaced.
import { test, expect, type Page, type APIRequestContext, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import { act, openShow } from './live-show.mjs';
import { sql } from './helpers';

/** The browser's payment sheet, stood in: `approve` answers at once with the
 *  payer's e-mail when asked for it; `hold` stays open until abort(), which
 *  rejects show() with an AbortError as a real sheet does. */
async function standIn(page: Page, mode: 'approve' | 'hold') {
  await page.addInitScript((mode) => {
    const w = window as any;
    w.__payments = [];
    w.__inTap = false;
    w.addEventListener('click', () => { w.__inTap = true; setTimeout(() => { w.__inTap = false; }, 0); }, true);
    class FakePaymentRequest {
      methods: any; details: any; options: any; rec: any; fail: any;
      constructor(methods: any, details: any, options: any) { this.methods = methods; this.details = details; this.options = options || {}; }
      canMakePayment() { return Promise.resolve(true); }
      show() {
        const rec: any = { details: this.details, options: this.options, inTap: w.__inTap, aborted: false, completed: null };
        w.__payments.push(rec);
        this.rec = rec;
        return new Promise((resolve, reject) => {
          this.fail = reject;
          if (mode === 'approve') {
            resolve({
              methodName: 'https://google.com/pay', details: { token: 'tok_test_approve' },
              payerName: null, payerPhone: null, shippingAddress: null,
              payerEmail: this.options.requestPayerEmail ? 'viewer@example.com' : null,
              complete(result: string) { rec.completed = result; return Promise.resolve(); },
            });
          }
        });
      }
      abort() {
        if (this.rec) {
          this.rec.aborted = true;
          this.fail(new DOMException('The sheet was aborted', 'AbortError'));
        }
        return Promise.resolve();
      }
    }
    w.PaymentRequest = FakePaymentRequest;
  }, mode);
}

/** Another buyer takes one unit of the deal through the checkout API. */
async function otherBuyer(request: APIRequestContext, video: string, deal: string, product: string, variant: string, price: number, email: string) {
  const res = await request.post('/api/checkout', {
    headers: { 'Idempotency-Key': randomUUID() },
    data: {
      video_id: video, currency: 'USD',
      lines: [{ product_id: product, variant_id: variant, quantity: 1, unit_price: price }],
      payment: { method: 'https://google.com/pay', token: 'tok_test_approve' },
      payer: { email }, deal_id: deal,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

const overlay = (p: Page) => p.locator('#v + shoppable-overlay');
const card = (p: Page) => overlay(p).locator('.live-card');

async function shot(p: Page, info: TestInfo, name: string) {
  await p.locator('#v').screenshot({ path: info.outputPath(name) });
}

async function axe(p: Page) {
  const r = await new AxeBuilder({ page: p }).include('shoppable-overlay').withTags(['wcag2a', 'wcag2aa']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/** The countdown as shown, and the program date of the frame it was drawn for. */
async function countdown(p: Page) {
  return p.evaluate(() => {
    const clock = document.querySelector('#v + shoppable-overlay')!.shadowRoot!.querySelector('.live-clock')!.textContent!;
    const [m, s] = clock.split(':').map(Number);
    const f = (window as any).__frames.filter((f: any) => Number.isFinite(f.d));
    return { left: m * 60 + s, date: f[f.length - 1].d as number };
  });
}

test('a flash deal: price, units left and countdown in the viewer\'s stream time; sold out; the open sheet aborted and the viewer told why; axe', async ({ browser, request }, info) => {
  test.setTimeout(120_000);
  const show = 'e2e-deal';
  const producer = await openShow(browser, { behind: 4 });
  const viewer = await openShow(browser, { behind: 8, manifest: '/manifests/live-e2e-deal.json', before: (p: Page) => standIn(p, 'hold') });
  await expect(card(viewer)).toHaveCount(1, { timeout: 30_000 });
  await act(request, show, producer, { type: 'pin', product: 'cloud-sneaker' });
  const started = await act(request, show, producer, {
    type: 'deal_start', product: 'cloud-sneaker', variant: 'cs-40', price: 6900, units: 2, per_buyer: 1, duration_s: 60,
  });
  const deal = started.deal.id;
  await expect(card(viewer)).toBeVisible({ timeout: 20_000 });
  await expect(overlay(viewer).locator('.live-flash')).toBeVisible();
  await expect(overlay(viewer).locator('.live-now')).toHaveText('$69.00');
  await expect(overlay(viewer).locator('.live-was')).toHaveText(/\$89\.00/);
  await expect(overlay(viewer).locator('.live-units')).toHaveText('2 left ·');
  // The countdown runs in the viewer's stream time: the minute from the frame
  // the host opened it on, whatever the wall clock says (this viewer is 8 s
  // behind), read against the date of the frame it was drawn for.
  const end = started.at + 60_000;
  for (let i = 0; i < 2; i++) {
    const c = await countdown(viewer);
    expect(c.left, `the countdown at a frame dated ${c.date}`).toBe(Math.ceil((end - Math.round(c.date)) / 1000));
    await viewer.waitForTimeout(1500);
  }
  await shot(viewer, info, 'live-card-deal.png');
  expect(await axe(viewer), 'axe on the card in a deal').toEqual([]);

  await otherBuyer(request, 'e2e-deal', deal, 'cloud-sneaker', 'cs-40', 6900, 'first@example.com');
  await expect(overlay(viewer).locator('.live-units')).toHaveText('1 left ·');

  // The viewer taps Buy: the sheet opens in the tap, for the deal, asking for the e-mail.
  await overlay(viewer).getByRole('button', { name: /^Buy Cloud Runner Sneaker/ }).click();
  await expect.poll(() => viewer.evaluate(() => (window as any).__payments.length)).toBe(1);
  const sheet = await viewer.evaluate(() => (window as any).__payments[0]);
  expect(sheet.inTap, 'show() ran inside the tap').toBe(true);
  expect(sheet.options.requestPayerEmail).toBe(true);
  expect(sheet.details.total.amount).toEqual({ currency: 'USD', value: '69.00' });
  // Meanwhile someone else takes the last unit: the sheet is aborted and the viewer told why.
  await otherBuyer(request, 'e2e-deal', deal, 'cloud-sneaker', 'cs-40', 6900, 'second@example.com');
  await expect.poll(() => viewer.evaluate(() => (window as any).__payments[0].aborted), { timeout: 10_000 }).toBe(true);
  await expect(overlay(viewer).locator('.notice')).toContainText('sold out');
  await expect(overlay(viewer).locator('.notice')).toContainText('Nothing was charged');
  await expect(overlay(viewer).locator('.live-deal')).toHaveText('Sold out');
  await expect(overlay(viewer).locator('.live-buy')).toBeDisabled();
  expect(sql(`SELECT COUNT(*) AS n FROM orders WHERE deal_id = '${deal}'`)).toEqual([{ n: 2 }]);
  await shot(viewer, info, 'live-card-sold-out.png');
  expect(await axe(viewer), 'axe on the sold-out card').toEqual([]);
  for (const p of [producer, viewer]) await p.context().close();
});

test('the one-tap Buy on the card orders at the deal price; the pinned product leads "Shop this video"; likes; keyboard and 44 px targets', async ({ browser, request }, info) => {
  test.setTimeout(120_000);
  const show = 'e2e-buy';
  const producer = await openShow(browser, { behind: 4 });
  const viewer = await openShow(browser, { behind: 8, manifest: '/manifests/live-e2e-buy.json', before: (p: Page) => standIn(p, 'approve') });
  await expect(card(viewer)).toHaveCount(1, { timeout: 30_000 });
  await act(request, show, producer, { type: 'pin', product: 'iris-parfum' });
  await expect(card(viewer)).toBeVisible({ timeout: 20_000 });
  await expect(overlay(viewer).locator('.live-title')).toHaveText('Midnight Iris Eau de Parfum');
  await expect(overlay(viewer).locator('.live-now')).toHaveText('$68.00');
  // Several sizes, none in a deal: the viewer chooses; the price follows.
  const choose = overlay(viewer).locator('select.live-choose');
  await expect(choose).toBeVisible();
  await choose.selectOption('ip-50');
  await expect(overlay(viewer).locator('.live-now')).toHaveText('$92.00');
  await expect(overlay(viewer).locator('.live-buy')).toBeEnabled({ timeout: 20_000 });
  await shot(viewer, info, 'live-card-pinned.png');
  expect(await axe(viewer), 'axe on the pinned card').toEqual([]);

  // The pinned product leads "Shop this video".
  await overlay(viewer).getByRole('button', { name: 'Shop this video' }).click();
  const firstItem = overlay(viewer).locator('dialog.sheet .item').first();
  await expect(firstItem).toContainText('Midnight Iris Eau de Parfum');
  await expect(firstItem).toContainText('Pinned in the show');
  await viewer.keyboard.press('Escape');
  await expect(overlay(viewer).locator('dialog.sheet')).toBeHidden();
  await viewer.evaluate(() => document.querySelector('video')!.play());

  const started = await act(request, show, producer, {
    type: 'deal_start', product: 'iris-parfum', variant: 'ip-50', price: 7900, units: 5, per_buyer: 1, duration_s: 90,
  });
  await expect(overlay(viewer).locator('.live-now')).toHaveText('$79.00', { timeout: 20_000 });
  await expect(overlay(viewer).locator('.live-was')).toHaveText(/\$92\.00/);
  await expect(choose, 'the deal names its size').toBeHidden();
  await expect(overlay(viewer).locator('.live-units')).toHaveText('5 left ·');

  // Keyboard: Buy and the like button are reachable, and at least 44 px.
  const buy = overlay(viewer).locator('.live-buy');
  const like = overlay(viewer).locator('.live-like');
  for (const target of [buy, like]) {
    const box = (await target.boundingBox())!;
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(box.height).toBeGreaterThanOrEqual(44);
  }
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await viewer.keyboard.press('Tab');
    reached = await buy.evaluate((b) => (b.getRootNode() as ShadowRoot).activeElement === b);
  }
  expect(reached, 'Tab reaches Buy').toBe(true);
  // Enter on Buy: the sheet opens in that keypress, for the deal, and the order is placed.
  await viewer.keyboard.press('Enter');
  await expect(overlay(viewer).locator('.notice')).toContainText('is confirmed', { timeout: 15_000 });
  const pay = await viewer.evaluate(() => (window as any).__payments);
  expect(pay).toHaveLength(1);
  expect(pay[0].details.total.amount).toEqual({ currency: 'USD', value: '79.00' });
  expect(pay[0].options.requestPayerEmail).toBe(true);
  expect(pay[0].completed).toBe('success');
  const deal = started.deal.id;
  await expect.poll(() => sql(`SELECT total, status, deal_id FROM orders WHERE video_id = 'e2e-buy'`)).toEqual([
    { total: 7900, status: 'paid', deal_id: deal },
  ]);
  expect(sql(`SELECT l.variant_id, l.quantity, l.unit_price FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.video_id = 'e2e-buy'`)).toEqual([
    { variant_id: 'ip-50', quantity: 1, unit_price: 7900 },
  ]);
  await expect(overlay(viewer).locator('.live-units')).toHaveText('4 left ·');

  // Likes: each tap counts at once; the server sums them with everyone's.
  const totals: number[] = [];
  viewer.on('response', async (r) => { if (r.url().endsWith(`/api/live/${show}/likes`)) totals.push((await r.json()).likes); });
  for (let i = 0; i < 3; i++) await like.click();
  await expect(like).toHaveAccessibleName('Like, 3 likes');
  await expect.poll(() => Math.max(0, ...totals), { message: 'the taps reached the server' }).toBe(3);
  expect(await (await request.post(`/api/live/${show}/likes`, { data: { count: 1 } })).json()).toEqual({ likes: 4 });
  await expect(like).toHaveAccessibleName('Like, 4 likes', { timeout: 5_000 });
  for (const p of [producer, viewer]) await p.context().close();
});
