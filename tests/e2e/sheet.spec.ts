// Tapping a tag opens the product sheet with the right price; the video pauses
// while it is open and resumes after; "Shop this video" lists every product and
// "Jump to" seeks to its first appearance; JPY and KWD prices have the right
// number of decimals.
import { test, expect, type Page } from '@playwright/test';
import {
  expectTagsPlaced, fetchManifest, firstAppearance, isPaused, minorToDecimal, openWidget, play, productById,
  seekPaused, tagById, waitForMetadata, waitForOverlay, LOAD_TIMEOUT, type Manifest, type Product,
} from './helpers';

const usd = (minor: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minorToDecimal(minor, 2) as any);

function firstAvailable(p: Product) {
  const v = p.variants?.find((v) => v.available !== false) ?? p.variants?.[0];
  if (!v) throw new Error(`product ${p.id} has no variant`);
  return v;
}

/** The "was" price: the variant's, else the product's (README: variants inherit it), when above the price. */
function compareAt(p: Product, v: NonNullable<Product['variants']>[number]): number | undefined {
  const c = v.compare_at ?? p.compare_at;
  return c !== undefined && c > v.price ? c : undefined;
}

const sheet = (page: Page, video = '#v') => page.locator(`${video} + shoppable-overlay dialog.sheet`);
const tagButton = (page: Page, id: string, video = '#v') =>
  page.locator(`${video} + shoppable-overlay button.tag[data-tag-id="${id}"]`);

test.describe('product sheet on /test/contain.html', () => {
  let m: Manifest;
  test.beforeEach(async ({ page }) => {
    m = await fetchManifest(page, '/manifests/hero.json');
    await openWidget(page, '/test/contain.html');
  });

  test('tapping t1 opens the sheet with the title and the first available variant\'s price', async ({ page }) => {
    const t1 = tagById(m, 't1');
    const p = productById(m, t1.product);
    const v = firstAvailable(p);
    await seekPaused(page, '#v', 3.0);
    const tag = tagButton(page, 't1');
    const prices = (p.variants ?? []).map((v) => v.price);
    const lo = Math.min(...prices), hi = Math.max(...prices);
    await expect(tag).toHaveAttribute('aria-label', `${p.title}, ${lo === hi ? '' : 'from '}${usd(lo)}`);
    await expect(sheet(page)).toBeHidden();

    await tag.click();
    const dialog = sheet(page);
    await expect(dialog).toBeVisible();
    await expect(dialog).toHaveJSProperty('open', true);
    await expect(page.getByRole('dialog', { name: p.title })).toBeVisible();
    await expect(dialog.locator('h2#sv-title')).toHaveText(p.title);
    expect(v.price).toBe(1900); // vl-ruby: the fixture this test is about
    await expect(dialog.locator('.price .now')).toHaveText(usd(v.price));
    const was = compareAt(p, v);
    expect(was).toBe(2600);
    await expect(dialog.locator('s.compare')).toHaveText(usd(was!));
    await expect(dialog.locator('.stock')).toHaveText('In stock');

    // Another variant with another price: the sheet follows the choice.
    const other = p.variants!.find((x) => x.available !== false && x.price !== v.price)!;
    await dialog.getByRole('radio', { name: other.options[0], exact: true }).check();
    await expect(dialog.locator('.price .now')).toHaveText(usd(other.price));
    const otherWas = compareAt(p, other);
    if (otherWas) await expect(dialog.locator('s.compare')).toHaveText(usd(otherWas));
    else await expect(dialog.locator('s.compare')).toHaveCount(0);
  });

  test('the video pauses while the sheet is open and plays again after close', async ({ page }) => {
    test.setTimeout(60_000);
    await seekPaused(page, '#v', 4.2);
    await play(page, '#v');
    await page.waitForFunction(() => (document.getElementById('v') as HTMLVideoElement).currentTime > 4.3, null, {
      timeout: LOAD_TIMEOUT,
    });
    // The tag moves (slowly) while playing: click where it is now, without waiting for it to be still.
    const box = (await tagButton(page, 't1').boundingBox())!;
    expect(box).not.toBeNull();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await expect(sheet(page)).toBeVisible();
    await expect.poll(() => isPaused(page, '#v')).toBe(true);
    const t0 = await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentTime);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentTime)).toBe(t0);

    await sheet(page).getByRole('button', { name: 'Close' }).click();
    await expect(sheet(page)).toBeHidden();
    await expect.poll(() => isPaused(page, '#v')).toBe(false);
    await page.waitForFunction((t0) => (document.getElementById('v') as HTMLVideoElement).currentTime > t0 + 0.2, t0, {
      timeout: LOAD_TIMEOUT,
    });
  });

  test('a paused video stays paused after the sheet closes', async ({ page }) => {
    await seekPaused(page, '#v', 3.0);
    await tagButton(page, 't1').click();
    await expect(sheet(page)).toBeVisible();
    await sheet(page).getByRole('button', { name: 'Close' }).click();
    await expect(sheet(page)).toBeHidden();
    await page.waitForTimeout(500);
    expect(await isPaused(page, '#v')).toBe(true);
    expect(await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentTime)).toBe(3.0);
  });

  test('"Shop this video" lists every product and "Jump to" seeks to its first appearance', async ({ page }) => {
    test.setTimeout(60_000);
    expect(m.products.length).toBe(4);
    await seekPaused(page, '#v', 0.5);
    const shop = page.locator('#v + shoppable-overlay button.shop');
    await expect(shop).toHaveText('Shop this video');
    for (const p of m.products) {
      await shop.click();
      const dialog = sheet(page);
      await expect(dialog).toBeVisible();
      await expect(dialog.locator('h2#sv-title')).toHaveText('Shop this video');
      await expect(dialog.locator('ul.items > li.item')).toHaveCount(m.products.length);
      await expect(dialog.locator('li.item .item-title')).toHaveText(m.products.map((p) => p.title));
      await dialog.getByRole('button', { name: `Jump to ${p.title} in the video` }).click();
      await expect(dialog).toBeHidden();
      const start = firstAppearance(m, p.id);
      await page.waitForFunction(() => !(document.getElementById('v') as HTMLVideoElement).seeking);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const now = await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).currentTime);
      expect(Math.abs(now - start), `${p.title}: currentTime ${now}, first appearance ${start}`).toBeLessThanOrEqual(0.3);
      // The product's tag is on screen there.
      const tag = m.tags.find((t) => t.product === p.id && t.start === start)!;
      await expect(tagButton(page, tag.id)).toHaveCount(1);
      await expectTagsPlaced(page, '#v', m);
    }
  });

  test('"Jump to" on a playing video seeks, closes the sheet and plays on from there', async ({ page }) => {
    test.setTimeout(60_000);
    const p = productById(m, 'cloud-sneaker');
    const start = firstAppearance(m, p.id);
    await seekPaused(page, '#v', 0.5);
    await play(page, '#v');
    await page.locator('#v + shoppable-overlay button.shop').click();
    const dialog = sheet(page);
    await expect(dialog).toBeVisible();
    await expect.poll(() => isPaused(page, '#v')).toBe(true);
    const seeked = page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          document.getElementById('v')!.addEventListener('seeked', (e) => resolve((e.target as HTMLVideoElement).currentTime), { once: true }),
        ),
    );
    await dialog.getByRole('button', { name: `Jump to ${p.title} in the video` }).click();
    await expect(dialog).toBeHidden();
    const at = await seeked;
    expect(Math.abs(at - start), `currentTime at seeked ${at}, first appearance ${start}`).toBeLessThanOrEqual(0.3);
    await expect.poll(() => isPaused(page, '#v')).toBe(false);
    await page.waitForFunction((s) => (document.getElementById('v') as HTMLVideoElement).currentTime > s + 0.2, start, {
      timeout: LOAD_TIMEOUT,
    });
    await expect(tagButton(page, 't3')).toHaveCount(1);
  });
});

test.describe('prices in other currencies on /retailer.html', () => {
  const cases = [
    { video: '#v-square', manifest: '/manifests/square.json', currency: 'JPY', tag: 't1', time: 2.0, digits: 0, number: '4,800' },
    { video: '#v-tall', manifest: '/manifests/tall.json', currency: 'KWD', tag: 't1', time: 2.0, digits: 3, number: '12.500' },
  ];
  for (const c of cases) {
    test(`${c.currency} (${c.digits} decimals) in ${c.video}`, async ({ page }) => {
      test.setTimeout(60_000);
      const m = await fetchManifest(page, c.manifest);
      expect(m.currency).toBe(c.currency);
      await page.goto('/retailer.html');
      await page.locator(c.video).scrollIntoViewIfNeeded();
      await waitForMetadata(page, c.video);
      await waitForOverlay(page, c.video);
      await seekPaused(page, c.video, c.time);
      const p = productById(m, tagById(m, c.tag).product);
      const v = firstAvailable(p);
      await tagButton(page, c.tag, c.video).click();
      const dialog = sheet(page, c.video);
      await expect(dialog).toBeVisible();
      await expect(dialog.locator('h2#sv-title')).toHaveText(p.title);
      const text = (await dialog.locator('.price .now').textContent())!.trim();
      // The figure itself, independent of the locale's symbol: right digits, right decimals.
      expect(text.replace(/[^\d.,]/g, ''), `price text "${text}"`).toBe(c.number);
      expect(text).toContain(c.number);
      // And exactly what the browser's Intl makes of the exact decimal in the manifest's locale.
      const want = await page.evaluate(
        ([locale, currency, dec]) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(dec as any),
        [m.locale ?? 'en', m.currency, minorToDecimal(v.price, c.digits)] as const,
      );
      expect(text).toBe(want);
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });
  }
});
