// Checkout through the payment sheet when the way to the money is slow,
// stalled, busy or refuses: progress while an order is placed against a
// gateway stand-in that takes 2 s to authorize (this spec starts its own
// `gateway-standin` and `server --gateway-url`), a stalled POST that ends in
// words within a bounded time (Playwright's clock, no real 60 s wait), 503
// busy retried after its Retry-After, the refusals worded for the viewer,
// Apple Pay's merchant validation, and `complete()` called exactly once on
// every path. As everywhere in e2e, only window.PaymentRequest is replaced
// (by an EventTarget, as the real one is); answers that the server cannot be
// made to give on cue are route-fulfilled with the server's own documents.
import { test, expect, type Page, type Route } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openWidget, seekPaused } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const TARGET = process.env.CARGO_TARGET_DIR ? path.resolve(process.env.CARGO_TARGET_DIR) : path.join(ROOT, 'target');
const PROBLEMS = 'https://shoppable.example/problems/';

const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');
const message = (page: Page) => sheet(page).locator('.message');

interface SheetOptions {
  /** The `methodName` the viewer "chose". */
  methodName?: string;
  /** When set, show() fires `merchantvalidation` with this URL first, as Safari does for Apple Pay. */
  validationURL?: string;
}

/** window.PaymentRequest replaced by an EventTarget whose sheet approves with
 *  the test token. Each show() is recorded in `__payments`: every complete()
 *  result (`completed`, to count them), abort() calls, and the merchant
 *  validation (`validation`: complete() calls, the session it was given or
 *  why its promise rejected). */
async function standInSheet(page: Page, o: SheetOptions = {}) {
  await page.addInitScript((o: SheetOptions) => {
    const w = window as any;
    w.__payments = [];
    class StandInPaymentRequest extends EventTarget {
      methods: any; details: any; options: any; rec: any = null;
      constructor(methods: any, details: any, options: any) { super(); this.methods = methods; this.details = details; this.options = options || {}; }
      canMakePayment() { return Promise.resolve(true); }
      abort() { if (this.rec) this.rec.aborted++; return Promise.resolve(); }
      async show() {
        const rec: any = { methods: this.methods, completed: [], aborted: 0, validation: null };
        this.rec = rec;
        w.__payments.push(rec);
        if (o.validationURL) {
          rec.validation = { calls: 0, session: null, rejected: null };
          let given: Promise<any> | null = null;
          const ev: any = new Event('merchantvalidation');
          ev.validationURL = o.validationURL;
          ev.complete = (p: any) => { rec.validation.calls++; given = Promise.resolve(p); };
          this.dispatchEvent(ev);
          if (!given) throw new DOMException('merchant validation was not completed', 'AbortError');
          try {
            rec.validation.session = await given;
          } catch (e) {
            rec.validation.rejected = String(e);
            throw new DOMException('merchant validation failed', 'AbortError');
          }
        }
        return {
          methodName: o.methodName ?? 'https://google.com/pay',
          details: { token: 'tok_test_approve' },
          payerName: null, payerEmail: null, payerPhone: null, shippingAddress: null,
          complete(result: string) { rec.completed.push(result); return Promise.resolve(); },
        };
      }
    }
    w.PaymentRequest = StandInPaymentRequest;
  }, o);
}

const payments = (page: Page) => page.evaluate(() => (window as any).__payments);

/** The page, the sheet of tag t1 at 3 s, on `base` (default: the suite's server). */
async function openT1(page: Page, base = '') {
  await openWidget(page, `${base}/test/contain.html`);
  await seekPaused(page, '#v', 3.0);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await expect(sheet(page)).toBeVisible();
}

const buyNow = (page: Page) => sheet(page).getByRole('button', { name: 'Buy now' });

/** An RFC 9457 document as the reference server sends it. */
function problem(route: Route, status: number, slug: string, detail: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return route.fulfill({
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: JSON.stringify({ type: PROBLEMS + slug, title: slug, status, detail, ...extra }),
  });
}

// ---------------------------------------------------------------------------
// Our own server in front of a slow payment service

interface Proc { proc: ChildProcess; url: string; log: string[] }

/** Starts `bin` and resolves with the URL of its `listening on http://…` line. */
function start(bin: string, args: string[]): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const log: string[] = [];
    const proc = spawn(bin, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const fail = (why: string) => { proc.kill('SIGKILL'); reject(new Error(`${path.basename(bin)} ${why}\n${log.join('')}`)); };
    const timer = setTimeout(() => fail('did not print `listening on http://…` within 30 s'), 30_000);
    proc.stderr!.on('data', (d) => log.push(String(d)));
    proc.stdout!.on('data', (d) => {
      log.push(String(d));
      const m = /listening on (http:\/\/[^\s]+)/.exec(log.join(''));
      if (m) { clearTimeout(timer); resolve({ proc, url: m[1], log }); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); fail(`exited (${code}) before listening`); });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test.describe('against a payment service that takes 2 s to authorize', () => {
  let gateway: Proc | undefined;
  let server: Proc | undefined;
  let base = '';
  let dir = '';

  test.beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoppable-e2e-gateway-'));
    const secret = path.join(dir, 'gateway-secret');
    fs.writeFileSync(secret, 'e2e-gateway-secret-0123456789abcdef\n', { mode: 0o600 });
    gateway = await start(path.join(TARGET, 'release/gateway-standin'), [
      '--port', '0', '--authorize-ms', '2000', '--secret-file', secret, '--exit-after', '900',
    ]);
    const port = await freePort();
    server = await start(path.join(TARGET, 'release/server'), [
      '--port', String(port), '--widget-origin', `http://127.0.0.1:${port}`,
      '--site', path.join(ROOT, 'www'), '--index', path.join(ROOT, 'index.html'), '--widget', path.join(TARGET, 'dist/shoppable'),
      '--data-dir', path.join(dir, 'data'), '--exit-after', '900',
      '--gateway-url', gateway.url, '--gateway-secret-file', secret,
    ]);
    base = `http://localhost:${port}`;
  });

  test.afterAll(async () => {
    for (const p of [server, gateway]) {
      if (p && p.proc.exitCode === null) {
        const gone = new Promise((r) => p.proc.once('exit', r));
        p.proc.kill('SIGTERM');
        await gone;
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('Buy now shows progress for the whole 2 s authorization, then the confirmation', async ({ page, request }) => {
    await standInSheet(page);
    let answered = 0;
    page.on('response', (r) => { if (r.url().endsWith('/api/checkout')) answered = Date.now(); });
    await openT1(page, base);
    const tapped = Date.now();
    await buyNow(page).click();
    // While the gateway works: the status says so, is marked busy, and a second tap cannot start another order.
    await expect(message(page)).toHaveText('Placing your order…');
    await expect(message(page)).toHaveAttribute('aria-busy', 'true');
    await expect(sheet(page).locator('.message .spinner')).toBeVisible();
    await expect(buyNow(page)).toBeDisabled();
    const id = sheet(page).locator('.order-id');
    await expect(id).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
    expect(answered - tapped, 'the answer came after the gateway\'s 2 s').toBeGreaterThanOrEqual(2_000);
    // A real (non-test) gateway took it: no "test order" note.
    await expect(sheet(page).locator('.test-order')).toHaveCount(0);
    const order = await (await request.get(`${base}/api/orders/${await id.textContent()}`)).json();
    expect(order.total).toBe(1900);
    expect(order.test ?? false).toBe(false);
    expect((await payments(page)).map((p: any) => p.completed)).toEqual([['success']]);
  });
});

// ---------------------------------------------------------------------------
// The suite's server (test payments), with answers fulfilled where needed

test('a stalled checkout POST ends in a clear message within a bounded time, and "Try again" places it under the same key', async ({ page }) => {
  await standInSheet(page);
  const keys: string[] = [];
  await page.route('**/api/checkout', (route) => {
    keys.push(route.request().headers()['idempotency-key']);
    // Never answered: the widget must give up on each try by itself.
  });
  await openT1(page);
  await page.clock.install();
  await buyNow(page).click();
  await expect(message(page)).toHaveText('Placing your order…');
  // Fake time, stepped exactly: each try gets its 15 s, each wait at most
  // 6 s (4 s of backoff + half again of jitter). A widget that waited longer
  // anywhere would not send the next try, and this would time out; so the
  // viewer hears the outcome within 4 × 15 s + 3 × 6 s = 78 s.
  for (let n = 1; n <= 4; n++) {
    await expect.poll(() => keys.length).toBe(n);
    await page.clock.fastForward(15_000);
    if (n === 4) break;
    await expect(message(page)).toHaveText(`Still placing your order (try ${n + 1} of 4)…`);
    await page.clock.fastForward(6_000);
  }
  await expect(message(page)).toHaveText('The shop is taking too long to answer. Try again in a moment; you will not be charged twice.');
  expect(keys).toHaveLength(4);
  expect(new Set(keys).size).toBe(1);
  await expect(message(page)).not.toHaveAttribute('aria-busy', 'true');
  expect((await payments(page)).map((p: any) => p.completed)).toEqual([['fail']]);

  await page.unroute('**/api/checkout');
  const sent: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/checkout')) sent.push(r.headers()['idempotency-key']); });
  await sheet(page).getByRole('button', { name: 'Try again' }).click();
  await expect(sheet(page).locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  expect(sent).toEqual([keys[0]]);
  // No second sheet, so no second complete().
  expect((await payments(page)).map((p: any) => p.completed)).toEqual([['fail']]);
});

test('503 busy with Retry-After: retried after it under the same key, then confirmed (a test order says so)', async ({ page }) => {
  await standInSheet(page);
  const sent: { key: string; at: number }[] = [];
  await page.route('**/api/checkout', async (route) => {
    sent.push({ key: route.request().headers()['idempotency-key'], at: Date.now() });
    if (sent.length === 1) {
      await problem(route, 503, 'busy', 'The shop is taking too many orders at once; try again in a moment with the same Idempotency-Key.', {}, { 'retry-after': '1' });
      return;
    }
    await route.continue();
  });
  await openT1(page);
  await buyNow(page).click();
  await expect(sheet(page).locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
  expect(sent).toHaveLength(2);
  expect(sent[1].key).toBe(sent[0].key);
  expect(sent[1].at - sent[0].at, 'not before the Retry-After').toBeGreaterThanOrEqual(1_000);
  await expect(sheet(page).locator('.test-order')).toHaveText('Test order — no money moved.');
  expect((await payments(page)).map((p: any) => p.completed)).toEqual([['success']]);
});

const refusals: { name: string; status: number; slug: string; detail: string; extra?: Record<string, string>; tries: number; words: string; retry: boolean }[] = [
  {
    name: '409 payment-cancelled', status: 409, slug: 'payment-cancelled', tries: 1, retry: false,
    detail: 'This payment was cancelled before it completed; nothing was charged. Start a new order to buy.',
    words: 'This payment was cancelled and nothing was charged. Please start your order again.',
  },
  {
    name: '422 invalid-field payer.name', status: 422, slug: 'invalid-field', tries: 1, retry: false,
    detail: 'payer.name: at most 200 characters.', extra: { path: 'payer.name' },
    words: 'Your name was not accepted (at most 200 characters). Please correct it in the payment sheet and try again.',
  },
  {
    name: '503 payments-not-configured', status: 503, slug: 'payments-not-configured', tries: 4, retry: true,
    detail: 'This shop has no payment service configured, so it cannot take orders.',
    words: 'This shop cannot take payments right now.',
  },
];

for (const r of refusals) {
  test(`${r.name} is worded for the viewer; the sheet is completed once as failed`, async ({ page }) => {
    await standInSheet(page);
    let tries = 0;
    await page.route('**/api/checkout', (route) => { tries++; return problem(route, r.status, r.slug, r.detail, r.extra); });
    await openT1(page);
    await buyNow(page).click();
    await expect(message(page)).toHaveText(r.words, { timeout: 15_000 });
    expect(tries).toBe(r.tries);
    await expect(sheet(page).getByRole('button', { name: 'Try again' })).toHaveCount(r.retry ? 1 : 0);
    await expect(buyNow(page)).toBeEnabled();
    expect((await payments(page)).map((p: any) => p.completed)).toEqual([['fail']]);
  });
}

test('a 201 whose body is not JSON: the order is placed, the sheet completed once as success', async ({ page }) => {
  await standInSheet(page);
  await page.route('**/api/checkout', (route) => route.fulfill({ status: 201, contentType: 'application/json', body: '{"order_id": ' }));
  await openT1(page);
  await buyNow(page).click();
  await expect(message(page)).toHaveText('Your order is placed.', { timeout: 15_000 });
  expect((await payments(page)).map((p: any) => p.completed)).toEqual([['success']]);
});

// ---------------------------------------------------------------------------
// Apple Pay on the web: merchant validation

const VALIDATION_URL = 'https://apple-pay-gateway-cert.apple.com/paymentservices/startSession';

/** hero.json as served, plus Apple Pay among its payment methods and `session` as checkout.apple_pay_session. */
async function applePayManifest(page: Page, session?: string) {
  await page.route('**/manifests/hero.json', async (route) => {
    const res = await route.fetch();
    const m = await res.json();
    m.checkout.payment_methods = [{ supported_methods: 'apple_pay', data: { version: 3, merchantIdentifier: 'merchant.example.e2e', merchantCapabilities: ['supports3DS'], supportedNetworks: ['visa'], countryCode: 'US' } }];
    if (session) m.checkout.apple_pay_session = session;
    await route.fulfill({ response: res, json: m });
  });
}

test('Apple Pay: the validationURL goes to checkout.apple_pay_session and the event completes with the server\'s session', async ({ page }) => {
  await standInSheet(page, { methodName: 'https://apple.com/apple-pay', validationURL: VALIDATION_URL });
  // A relative URL resolves against the manifest's (…/manifests/hero.json).
  await applePayManifest(page, 'apple-session');
  const session = { merchantSessionIdentifier: 'SSH-e2e', epochTimestamp: 1_700_000_000_000, expiresAt: 1_700_003_600_000, nonce: 'n0', merchantIdentifier: 'ABC', signature: 'c2ln' };
  const asked: any[] = [];
  await page.route('**/manifests/apple-session', async (route) => {
    asked.push({ method: route.request().method(), body: route.request().postDataJSON() });
    await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(session) });
  });
  await openT1(page);
  await buyNow(page).click();
  // The suite's server lists no Apple Pay in its catalog's hero.json, so it
  // refuses the method for real (422 invalid-field, path payment.method).
  await expect(message(page)).toHaveText('This shop does not take this way to pay. Please choose another one in the payment sheet.', { timeout: 15_000 });
  expect(asked).toEqual([{ method: 'POST', body: { validation_url: VALIDATION_URL } }]);
  const [p] = await payments(page);
  expect(p.methods[0].supportedMethods).toBe('https://apple.com/apple-pay');
  expect(p.validation).toEqual({ calls: 1, session, rejected: null });
  expect(p.completed).toEqual(['fail']);
});

test('Apple Pay: a merchant validation the server cannot give aborts the sheet and tells the viewer', async ({ page }) => {
  await standInSheet(page, { methodName: 'https://apple.com/apple-pay', validationURL: VALIDATION_URL });
  await applePayManifest(page);
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  let checkouts = 0;
  page.on('request', (r) => { if (r.url().endsWith('/api/checkout')) checkouts++; });
  const asked: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/apple-pay/session')) asked.push(`${r.method()} ${new URL(r.url()).pathname} ${r.postData()}`); });
  await openT1(page);
  await buyNow(page).click();
  // The default endpoint, on the manifest's origin: the suite's server has no
  // Apple Pay configured and answers 501.
  await expect(message(page)).toHaveText('Apple Pay could not be started for this shop. Nothing was charged; please try again or choose another way to pay.', { timeout: 15_000 });
  expect(asked).toEqual([`POST /api/apple-pay/session ${JSON.stringify({ validation_url: VALIDATION_URL })}`]);
  const [p] = await payments(page);
  expect(p.validation.calls).toBe(1);
  expect(p.validation.session).toBeNull();
  expect(p.validation.rejected).toContain('HTTP 501');
  expect(p.aborted).toBe(1);
  // No payment response was made, so there is nothing to complete() and no order.
  expect(p.completed).toEqual([]);
  expect(checkouts).toBe(0);
  expect(errors.some((e) => e.includes('shoppable: Apple Pay merchant validation failed') && e.includes('HTTP 501'))).toBe(true);
});
