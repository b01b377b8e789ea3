// Languages (README, "Languages"): the bar and the sheet in the catalogue's
// words for zh-CN, vi and ar; Arabic right to left (the bar and the sheet
// mirror, the tags stay where the picture puts them); an unknown language
// falls back to English; the language comes from the option, the
// manifest's `ui_language`, `<html lang>` or the browser, in that order;
// and no English is ever shown before the viewer's language, even when the
// table is slow. Expected words are read from i18n/*.ftl, not copied here.
import { test, expect, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { approvingPaymentSheet, seekPaused, snapshot, waitForMetadata, waitForOverlay } from './helpers';

/** `key = value` lines of a catalogue (the single-line messages). */
function catalogue(locale: string): Record<string, string> {
  const file = path.join(__dirname, '../../i18n', `${locale}.ftl`);
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([a-z][a-z0-9-]*) = (.+)$/.exec(line);
    if (m) out[m[1]] = m[2].trim();
  }
  return out;
}

const EN = catalogue('en');
const overlay = (page: Page) => page.locator('#v + shoppable-overlay');
const sheet = (page: Page) => overlay(page).locator('dialog.sheet');

async function open(page: Page, query: string) {
  await page.goto(`/test/languages.html?${query}`);
  await waitForMetadata(page, '#v');
  await waitForOverlay(page, '#v');
}

/** Opens the product sheet of the hero's first tag (t1, at 5.5 s). */
async function openSheet(page: Page) {
  await seekPaused(page, '#v', 5.5);
  await overlay(page).locator('button.tag[data-tag-id="t1"]').click();
  await expect(sheet(page)).toBeVisible();
}

for (const locale of ['zh-CN', 'vi', 'ar']) {
  test(`the bar and the sheet in ${locale}, from the catalogue`, async ({ page }) => {
    const words = catalogue(locale);
    await open(page, `language=${locale}`);
    const root = overlay(page).locator('.overlay');
    await expect(root).toHaveAttribute('lang', locale);
    await expect(root).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
    await expect(overlay(page).locator('button.shop')).toHaveText(words['viewer-shop']);
    await openSheet(page);
    await expect(sheet(page).locator('button.add')).toHaveText(words['shop-add']);
    await expect(sheet(page).locator('.stock')).toHaveText(words['shop-in-stock']);
    await expect(sheet(page).locator('button.close')).toHaveAttribute('aria-label', words['shop-close']);
    await sheet(page).locator('button.add').click();
    // The cart button: its word, and its plural label from the catalogue.
    await expect(overlay(page).locator('button.cart-button')).toContainText(words['viewer-cart']);
    await sheet(page).locator('button.back').click();
    await expect(sheet(page).locator('h2#sv-title')).toHaveText(words['shop-list-title']);
  });
}

test('Arabic mirrors the bar and the sheet, not the tags', async ({ page }) => {
  const place = async (query: string) => {
    await open(page, query);
    await seekPaused(page, '#v', 5.5);
    const snap = await snapshot(page, '#v');
    // The buttons, not the bar: the bar spans the picture's width (its
    // buttons wrap at its end on a narrow video; overlay/style.css).
    const bar = await overlay(page)
      .locator('.bar button')
      .evaluateAll((bs) => {
        const rs = bs.map((b) => b.getBoundingClientRect()).filter((r) => r.width > 0);
        return { left: Math.min(...rs.map((r) => r.left)), right: Math.max(...rs.map((r) => r.right)) };
      });
    return { tags: snap.tags, bar, content: snap.geometry.content };
  };
  const en = await place('language=en');
  const ar = await place('language=ar');
  expect(ar.tags.map((t) => t.id)).toEqual(en.tags.map((t) => t.id));
  expect(en.tags.length).toBeGreaterThan(0);
  for (const t of ar.tags) {
    const e = en.tags.find((x) => x.id === t.id)!;
    expect(Math.abs(t.cx - e.cx), `tag ${t.id} x`).toBeLessThanOrEqual(1);
    expect(Math.abs(t.cy - e.cy), `tag ${t.id} y`).toBeLessThanOrEqual(1);
  }
  // The bar's buttons sit at the right in English, at the left in Arabic.
  const mid = en.content.left + en.content.width / 2;
  expect(en.bar.left).toBeGreaterThan(mid);
  expect(ar.bar.right).toBeLessThan(mid);
  // The sheet: right to left, its close button at the left.
  await openSheet(page);
  expect(await sheet(page).evaluate((d) => getComputedStyle(d).direction)).toBe('rtl');
  const d = (await sheet(page).boundingBox())!;
  const close = (await sheet(page).locator('button.close').boundingBox())!;
  expect(close.x + close.width / 2).toBeLessThan(d.x + d.width / 2);
});

test('an unknown language falls back to English', async ({ page }) => {
  await open(page, 'language=tlh&html=vi');
  await expect(overlay(page).locator('.overlay')).toHaveAttribute('lang', 'en');
  await expect(overlay(page).locator('button.shop')).toHaveText(EN['viewer-shop']);
  await openSheet(page);
  await expect(sheet(page).locator('button.add')).toHaveText(EN['shop-add']);
});

test.describe('a browser in Japanese', () => {
  test.use({ locale: 'ja-JP' });

  test('the option, then ui_language, then <html lang>, then the browser', async ({ page }) => {
    const shop = () => overlay(page).locator('button.shop');
    await open(page, '');
    await expect(shop()).toHaveText(catalogue('ja')['viewer-shop']);
    await open(page, 'html=de-AT');
    await expect(shop()).toHaveText(catalogue('de')['viewer-shop']);
    await open(page, 'html=de-AT&ui=zh-Hans-CN');
    await expect(shop()).toHaveText(catalogue('zh-CN')['viewer-shop']);
    await open(page, 'html=de-AT&ui=zh-Hans-CN&language=es-MX');
    await expect(shop()).toHaveText(catalogue('es')['viewer-shop']);
  });
});

test('no English before the viewer\'s language, even with a slow table', async ({ page }) => {
  let delayed = 0;
  await page.route('**/shoppable-words-*', async (route) => {
    delayed++;
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await open(page, 'language=fr');
  await openSheet(page);
  await expect(sheet(page).locator('button.add')).toHaveText(catalogue('fr')['shop-add']);
  expect(delayed, 'the viewer and the shop each fetched their table').toBe(2);
  const seen: string[] = await page.evaluate(() => (window as any).__seen);
  expect(seen.length).toBeGreaterThan(0);
  const english = [EN['viewer-shop'], EN['viewer-cart'], EN['shop-add'], EN['shop-close'], EN['shop-in-stock']];
  for (const s of seen) for (const w of english) expect(s, `"${w}" was on screen`).not.toContain(w);
});

for (const [w, h] of [[390, 844], [1280, 800]]) {
  test(`screenshots of the sheet in zh-CN and ar at ${w}×${h}`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    for (const locale of ['zh-CN', 'ar']) {
      await open(page, `language=${locale}`);
      await openSheet(page);
      await expect(sheet(page).locator('button.add')).toHaveText(catalogue(locale)['shop-add']);
      const dir = process.env.SHOTS_DIR;
      if (dir) await page.screenshot({ path: path.join(dir, `sheet-${locale}-${w}x${h}.png`) });
    }
  });
}

test('a failed order is told in the viewer\'s language, not in the server\'s English detail', async ({ page }) => {
  const fr = catalogue('fr');
  await page.setViewportSize({ width: 390, height: 844 });
  await approvingPaymentSheet(page);
  // The server's refusal names the item in English (its `detail`); a French
  // viewer reads the catalogue's sentence for the kind instead.
  await page.route('**/api/checkout', (route) => route.fulfill({
    status: 409,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: 'https://shoppable.example/problems/out-of-stock',
      title: 'Out of stock',
      status: 409,
      detail: 'Velvet Matte Lipstick (Ruby) is sold out.',
      path: 'lines[0].variant_id',
    }),
  }));
  await open(page, 'language=fr');
  await openSheet(page);
  await sheet(page).locator('button.buy').click();
  await expect(sheet(page).locator('.message')).toHaveText(fr['shop-problem-sold-out']);
  await expect(sheet(page).locator('.message')).not.toContainText('Velvet');
  // The server said which line is sold out: the sheet stops offering it.
  await expect(sheet(page).locator('.stock')).toHaveText(fr['shop-sold-out']);
  await expect(sheet(page).locator('button.buy')).toBeDisabled();
  const dir = process.env.SHOTS_DIR;
  if (dir) await page.screenshot({ path: path.join(dir, 'order-failed-fr-390x844.png') });
  expect((await page.evaluate(() => (window as any).__payments)).map((p: any) => p.completed)).toEqual(['fail']);
});
