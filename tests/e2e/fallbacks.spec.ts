// Each fallback the widget has for a missing browser feature, forced by the
// test-only switch `window.__shoppableForceFallbacks` (README "Browsers") so
// it is tested in Chromium, which has every feature: tags still placed at
// paused times and while playing, the sheet still opens, checkout still
// falls to the next strategy. (The fullscreen fallback and the takeover with
// the others forced are in players.spec.ts; each switch's effect on the
// mount is checked in tests/browser_style.rs.)
import { test, expect, type Page } from '@playwright/test';
import { expectTagsPlaced, fetchManifest, openWidget, play, seekPaused } from './helpers';

const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');

async function force(page: Page, names: string[]) {
  await page.addInitScript((n) => { (window as any).__shoppableForceFallbacks = n; }, names);
}

test('anchor positioning, requestVideoFrameCallback and constructable stylesheets forced off: tags placed, the sheet opens', async ({ page }) => {
  await force(page, ['anchor', 'rvfc', 'adopted']);
  const m = await fetchManifest(page, '/manifests/hero.json');
  await openWidget(page, '/test/contain.html');
  // The fallbacks really were taken.
  expect(await page.evaluate(() => {
    const v = document.getElementById('v')!;
    const root = v.nextElementSibling!.shadowRoot!;
    return { anchor: v.style.getPropertyValue('anchor-name'), adopted: root.adoptedStyleSheets.length, styles: root.querySelectorAll('style').length };
  })).toEqual({ anchor: '', adopted: 0, styles: 1 });
  for (const t of [3.0, 5.5, 12.0]) {
    await seekPaused(page, '#v', t);
    const checks = await expectTagsPlaced(page, '#v', m);
    expect(checks.length, `tags at ${t} s`).toBeGreaterThan(0);
  }
  // While playing, on animation frames.
  await play(page, '#v');
  await expect(overlay(page).locator('button.tag').first()).toBeVisible();
  await seekPaused(page, '#v', 3.0);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await expect(sheet(page)).toBeVisible();
  await expect(sheet(page).locator('.price .now')).toHaveText('$19.00');
  await page.keyboard.press('Escape');
  await expect(sheet(page)).toBeHidden();
});

test('PaymentRequest forced off where it exists: Buy now takes the next strategy (the redirect), no payment sheet', async ({ page }) => {
  await force(page, ['payment']);
  // A payment sheet that would approve, to show it is not used.
  await page.addInitScript(() => {
    const w = window as any;
    w.__shown = 0;
    w.PaymentRequest = class {
      canMakePayment() { return Promise.resolve(true); }
      show() { w.__shown++; return Promise.reject(new Error('not expected')); }
      abort() { return Promise.resolve(); }
    };
  });
  let target = '';
  await page.route('https://shop.example/**', async (route) => {
    target = route.request().url();
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>shop</title>' });
  });
  const errors: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 3.0);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await sheet(page).getByRole('button', { name: 'Buy now' }).click();
  await page.waitForURL('https://shop.example/**');
  expect(target).toBe('https://shop.example/cart/vl-ruby:1');
  expect(errors).toEqual([]);
});
