// A phone (the `mobile` project: isMobile, hasTouch), at 390×844 and at the
// narrowest common screen, 320×568: the sheet, the cart and checkout, with
// taps only; the sheet fits the screen.
import { test, expect, type Page } from '@playwright/test';
import { approvingPaymentSheet, seekPaused, waitForMetadata, waitForOverlay } from './helpers';

const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');

async function expectFits(page: Page) {
  const vp = page.viewportSize()!;
  const box = (await sheet(page).boundingBox())!;
  expect(box.x, 'the sheet starts on screen').toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, 'the sheet ends on screen').toBeLessThanOrEqual(vp.width + 0.5);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(vp.height + 0.5);
  // Nothing inside is wider than the sheet (no sideways scrolling).
  const overflow = await sheet(page).evaluate((d) => d.scrollWidth - d.clientWidth);
  expect(overflow, 'the sheet does not scroll sideways').toBeLessThanOrEqual(0);
}

for (const viewport of [{ width: 390, height: 844 }, { width: 320, height: 568 }]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test.beforeEach(async ({ page }) => {
      await approvingPaymentSheet(page);
      await page.goto('/test/phone.html');
      await waitForMetadata(page, '#v');
      await waitForOverlay(page, '#v');
      await seekPaused(page, '#v', 3.0);
    });

    test('tap a tag: the sheet fits the screen; Close closes it', async ({ page }) => {
      await overlay(page).locator('button.tag[data-tag-id="t1"]').tap();
      await expect(sheet(page)).toBeVisible();
      await expectFits(page);
      await sheet(page).getByRole('button', { name: 'Close' }).tap();
      await expect(sheet(page)).toBeHidden();
    });

    test('Shop this video lists the products; tap one, add it to the cart; the cart shows it', async ({ page }) => {
      await overlay(page).locator('button.shop').tap();
      await expect(sheet(page)).toBeVisible();
      await expectFits(page);
      await sheet(page).getByRole('button', { name: /^View/ }).first().tap();
      const add = sheet(page).getByRole('button', { name: 'Add to cart' });
      await expect(add).toBeVisible();
      await add.tap();
      await sheet(page).getByRole('button', { name: 'Close' }).tap();
      await expect(sheet(page)).toBeHidden();
      const cart = overlay(page).locator('button.cart-button');
      await expect(cart).toBeVisible();
      await cart.tap();
      await expect(sheet(page)).toBeVisible();
      await expectFits(page);
    });

    test('checkout by taps: Buy now → the confirmation', async ({ page }) => {
      await overlay(page).locator('button.tag[data-tag-id="t1"]').tap();
      await expect(sheet(page)).toBeVisible();
      await sheet(page).getByRole('button', { name: 'Buy now' }).tap();
      await expect(sheet(page).locator('.order-id')).toHaveText(/^[0-9a-f-]{36}$/, { timeout: 15_000 });
      await expectFits(page);
    });
  });

}
