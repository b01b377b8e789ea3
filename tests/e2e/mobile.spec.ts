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

  test.describe(`${viewport.width}×${viewport.height}, fullscreen takeover`, () => {
    test.use({ viewport });

    test('a video as wide as the screen: the bar\'s three buttons (Shop, Full screen, Cart) all sit on the picture', async ({ page }) => {
      await page.goto('/test/api.html');
      await page.evaluate(() => new Promise<void>((resolve) => {
        const v = document.getElementById('v')!;
        v.style.width = '100%';
        v.style.height = 'auto';
        v.style.aspectRatio = '16 / 9';
        const h = (window as any).Shoppable.attach(v, { manifest: '/manifests/hero.json', fullscreen: 'takeover' });
        h.on('ready', () => resolve());
      }));
      await seekPaused(page, '#v', 3.0);
      await overlay(page).locator('button.tag[data-tag-id="t1"]').tap();
      await sheet(page).getByRole('button', { name: 'Add to cart' }).tap();
      await sheet(page).getByRole('button', { name: 'Close' }).tap();
      await expect(sheet(page)).toBeHidden();
      const buttons = overlay(page).locator('.bar > button');
      // By their words, so that a failure says which button is missing.
      await expect.poll(async () => (await buttons.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).sort())
        .toEqual(['Cart 1', 'Full screen', 'Shop this video']);
      const video = (await page.locator('#v').boundingBox())!;
      const boxes: { name: string; x: number; y: number; width: number; height: number }[] = [];
      for (const b of await buttons.all()) {
        await expect(b).toBeVisible();
        const box = (await b.boundingBox())!;
        const name = (await b.innerText()).replace(/\s+/g, ' ');
        expect(box.x, `${name}: starts on the picture`).toBeGreaterThanOrEqual(video.x);
        expect(box.x + box.width, `${name}: ends on the picture`).toBeLessThanOrEqual(video.x + video.width + 0.5);
        expect(box.y + box.height, `${name}: above the picture's bottom`).toBeLessThanOrEqual(video.y + video.height);
        // Its words on one line (squeezed, a button's words wrapped to two or three lines).
        const lines = await b.evaluate((el) => {
          const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          let most = 0;
          for (let n = walk.nextNode(); n; n = walk.nextNode()) {
            if (!n.textContent!.trim()) continue;
            const r = document.createRange();
            r.selectNodeContents(n);
            most = Math.max(most, new Set([...r.getClientRects()].map((q) => Math.round(q.top))).size);
          }
          return most;
        });
        expect(lines, `${name}: its words on one line`).toBe(1);
        boxes.push({ name, ...box });
      }
      for (const a of boxes) for (const b of boxes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x + 0.5 || b.x + b.width <= a.x + 0.5 || a.y + a.height <= b.y + 0.5 || b.y + b.height <= a.y + 0.5;
        expect(apart, `${a.name} and ${b.name} do not overlap`).toBe(true);
      }
      await buttons.filter({ hasText: 'Cart' }).tap();
      await expect(sheet(page)).toBeVisible();
    });
  });
}
