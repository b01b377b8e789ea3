// The widget under the strict Content Security Policy the README documents,
// with Trusted Types enforced: tags in place and every panel (product list,
// product sheet, cart, an error with "Try again", the confirmation) opens
// with no `securitypolicyviolation`, no page error, no `<style>` element in
// the shadow root and no Trusted Types policy installed by the widget
// (`trusted-types 'none'` makes creating any policy itself a violation).
// The page (www/test/csp.html) is served with the policy as a header, built
// from this run's origins.
import { test, expect, type Page } from '@playwright/test';
import { approvingPaymentSheet, BASE_URL, WIDGET_ORIGIN, expectTagsPlaced, fetchManifest, seekPaused } from './helpers';

const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');

/** The README's template with this run's origins: the widget's, and the
 *  page's own for the manifest, the checkout endpoint, images and video. */
function policy(): string {
  const page = new URL(BASE_URL).origin;
  const widget = new URL(WIDGET_ORIGIN).origin;
  return [
    "default-src 'none'",
    `script-src ${widget} 'wasm-unsafe-eval'`,
    "style-src 'none'",
    `connect-src ${widget} ${page}`,
    `img-src ${page}`,
    `media-src ${page}`,
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/** Serves csp.html with the policy; records violations and page errors
 *  (the init script is the test's, added outside the page's policy). */
async function openStrict(page: Page): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  await approvingPaymentSheet(page);
  await page.addInitScript(() => {
    const w = window as any;
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      w.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
  await page.route('**/test/csp.html', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy() } });
  });
  await page.goto('/test/csp.html');
  await expect(overlay(page).locator('button.shop')).toBeVisible({ timeout: 30_000 });
  return { errors };
}

async function violations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as any).__violations);
}

test('strict CSP and Trusted Types: tags placed, every panel opens, nothing refused', async ({ page }) => {
  const { errors } = await openStrict(page);
  // The policy really is in force: an inline style the page tries is refused.
  expect(await page.evaluate(() => {
    const s = document.createElement('style');
    s.textContent = 'body { color: red }';
    document.head.append(s);
    const refused = !s.sheet || s.sheet.cssRules.length === 0;
    s.remove();
    return refused;
  })).toBe(true);
  // That refusal's own report and console line are the test's, not the widget's.
  await page.evaluate(() => { (window as any).__violations = []; });
  errors.length = 0;

  // Tags where the manifest says, over the unstyled (attribute-sized) video.
  const m = await fetchManifest(page, '/manifests/hero.json');
  await seekPaused(page, '#v', 5.5);
  const checks = await expectTagsPlaced(page, '#v', m);
  expect(checks.length).toBeGreaterThan(0);

  // The product list, then a product's sheet.
  await overlay(page).locator('button.shop').click();
  await expect(sheet(page).locator('li.item')).toHaveCount(m.products.length);
  await expect(sheet(page).getByRole('heading', { name: 'Shop this video' })).toBeVisible();
  await sheet(page).getByRole('button', { name: `View ${m.products[0].title}` }).click();
  await expect(sheet(page).locator('.price .now')).not.toBeEmpty();
  // The sheet is styled by the adopted sheet: a dialog in the top layer, with padding.
  expect(await sheet(page).evaluate((d) => getComputedStyle(d).paddingTop)).toBe('20px');

  // Add to cart, then the cart panel.
  await sheet(page).getByRole('button', { name: 'Add to cart' }).click();
  await sheet(page).getByRole('button', { name: 'Close' }).click();
  await overlay(page).getByRole('button', { name: 'Cart 1 item' }).click();
  await expect(sheet(page).getByRole('heading', { name: 'Your cart' })).toBeVisible();

  // An error: the shop cannot be reached; "Try again" then succeeds.
  await page.route('**/api/checkout', (route) => route.abort('internetdisconnected'));
  await sheet(page).getByRole('button', { name: 'Checkout' }).click();
  await expect(sheet(page).locator('.message')).toContainText('could not reach the shop', { timeout: 15_000 });
  await page.unroute('**/api/checkout');
  await sheet(page).getByRole('button', { name: 'Try again' }).click();

  // The confirmation.
  await expect(sheet(page).getByRole('heading', { name: 'Thank you!' })).toBeVisible({ timeout: 15_000 });
  await expect(sheet(page).locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/);
  await sheet(page).getByRole('button', { name: 'Close' }).click();

  expect(await violations(page)).toEqual([]);
  expect(errors.filter((e) => !e.includes('could not reach') && !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
  expect(await page.evaluate(() => (window as any).trustedTypes?.defaultPolicy ?? null)).toBeNull();
  expect(await overlay(page).evaluate((o) => o.shadowRoot!.querySelectorAll('style').length)).toBe(0);
});
