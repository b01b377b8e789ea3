// Keyboard only: Tab reaches the tag, Enter opens the sheet with focus inside,
// Tab never leaves it, Escape closes it and focus returns to the tag.
import { test, expect, type Page } from '@playwright/test';
import { deepFocus, fetchManifest, openWidget, seekPaused, tagById, isActive, type FocusInfo } from './helpers';

test('keyboard only: Tab reaches the tag, Enter opens, Tab stays inside, Escape closes, focus returns', async ({ page }) => {
  test.setTimeout(60_000);
  const m = await fetchManifest(page, '/manifests/hero.json');
  expect(isActive(tagById(m, 't1'), 3.0)).toBe(true);
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 3.0);
  const tag = page.locator('#v + shoppable-overlay button.tag[data-tag-id="t1"]');
  await expect(tag).toHaveCount(1);
  const dialog = page.locator('#v + shoppable-overlay dialog.sheet');

  // Focus starts on the page itself.
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

  const visited: string[] = [];
  let reached = false;
  for (let i = 0; i < 15 && !reached; i++) {
    await page.keyboard.press('Tab');
    const f = await deepFocus(page);
    visited.push(f ? `${f.tag}.${f.className}${f.tagId ? `[${f.tagId}]` : ''}` : 'null');
    reached = !!f && f.tag === 'button' && f.tagId === 't1' && f.inOverlay;
  }
  expect(reached, `Tab stops visited: ${visited.join(' → ')}`).toBe(true);
  expect(await tag.evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);

  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveJSProperty('open', true);
  await expect(dialog.locator('h2#sv-title')).toHaveText('Velvet Matte Lipstick');
  const inside = await deepFocus(page);
  expect(inside, `focus after Enter: ${JSON.stringify(inside)}`).toMatchObject({ inDialog: true, inOverlay: true });

  const stops = new Set<string>();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    const f = await deepFocus(page);
    expect(f?.inDialog, `Tab #${i + 1} left the dialog: ${JSON.stringify(f)}`).toBe(true);
    stops.add(`${f!.tag}.${f!.className}.${f!.label ?? ''}`);
  }
  // The sheet has several controls (close, back, options, link): Tab moved between them.
  expect(stops.size, [...stops].join(', ')).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Shift+Tab');
    const f = await deepFocus(page);
    expect(f?.inDialog, `Shift+Tab #${i + 1} left the dialog: ${JSON.stringify(f)}`).toBe(true);
  }

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(dialog).toHaveJSProperty('open', false);
  const back = await tag.evaluate((el) => {
    let a: Element | null = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a === el;
  });
  expect(back, `focus after Escape: ${JSON.stringify(await deepFocus(page))}`).toBe(true);
});

/** Presses Tab until the deep active element matches, never leaving the dialog; false after `max` presses. */
async function tabTo(page: Page, match: (f: FocusInfo) => boolean, max = 20): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await deepFocus(page);
    expect(f?.inDialog, `Tab #${i + 1} left the dialog: ${JSON.stringify(f)}`).toBe(true);
    if (f && match(f)) return true;
  }
  return false;
}

/** From a fresh page, by keyboard: Tab to "Shop this video" and open the list. */
async function openListByKeyboard(page: Page) {
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 0.5); // no tag on screen: the shop button is the overlay's only control
  await expect(page.locator('#v + shoppable-overlay button.tag')).toHaveCount(0);
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  let reached = false;
  for (let i = 0; i < 15 && !reached; i++) {
    await page.keyboard.press('Tab');
    const f = await deepFocus(page);
    reached = !!f && f.inOverlay && f.className === 'shop';
  }
  expect(reached, 'Tab reaches "Shop this video"').toBe(true);
  await page.keyboard.press('Enter');
  const dialog = page.locator('#v + shoppable-overlay dialog.sheet');
  await expect(dialog.locator('h2#sv-title')).toHaveText('Shop this video');
  expect((await deepFocus(page))?.inDialog).toBe(true);
  return dialog;
}

test('keyboard only: "Shop this video" opens the list, Tab stays inside, Escape returns focus to the shop button', async ({ page }) => {
  test.setTimeout(60_000);
  const dialog = await openListByKeyboard(page);
  const stops = new Set<string>();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const f = await deepFocus(page);
    expect(f?.inDialog, `Tab #${i + 1} left the dialog: ${JSON.stringify(f)}`).toBe(true);
    stops.add(f!.label ?? f!.className);
  }
  // Close, and a Jump to / View pair per product.
  expect(stops.size, [...stops].join(', ')).toBeGreaterThanOrEqual(9);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const f = await deepFocus(page);
  expect(f, JSON.stringify(f)).toMatchObject({ inOverlay: true, className: 'shop' });
});

test('keyboard only: focus stays in the dialog when "View" and "‹ All products" switch panels', async ({ page }) => {
  test.setTimeout(60_000);
  const dialog = await openListByKeyboard(page);
  expect(await tabTo(page, (f) => f.label === 'View Glow Vitamin C Serum'), 'Tab reaches "View Glow Vitamin C Serum"').toBe(true);
  await page.keyboard.press('Enter');
  await expect(dialog.locator('h2#sv-title')).toHaveText('Glow Vitamin C Serum');
  // The focused "View" button is gone with the list: focus must move into the
  // new panel (or stay on a dialog control), not fall back to <body>.
  let f = await deepFocus(page);
  expect(f?.inDialog, `focus after "View": ${JSON.stringify(f)}`).toBe(true);

  expect(await tabTo(page, (f) => f.className === 'back'), 'Tab reaches "‹ All products"').toBe(true);
  await page.keyboard.press('Enter');
  await expect(dialog.locator('h2#sv-title')).toHaveText('Shop this video');
  f = await deepFocus(page);
  expect(f?.inDialog, `focus after "‹ All products": ${JSON.stringify(f)}`).toBe(true);

  expect(await tabTo(page, (f) => f.label === 'Close'), 'Tab reaches Close').toBe(true);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  f = await deepFocus(page);
  expect(f, JSON.stringify(f)).toMatchObject({ inOverlay: true, className: 'shop' });
});

test('closed and opened again in one task (Escape, then Enter at once): the sheet opens and stays open on its product', async ({ page }) => {
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 3.0);
  const overlay = page.locator('#v + shoppable-overlay');
  const dialog = overlay.locator('dialog.sheet');
  await overlay.locator('button.tag[data-tag-id="t1"]').click();
  await expect(dialog).toBeVisible();
  // The dialog's `close` event is a task after close(): the tag is activated
  // before it runs, as a fast Escape-then-Enter can do.
  await page.evaluate(() => {
    const root = document.querySelector('#v + shoppable-overlay')!.shadowRoot!;
    (root.querySelector('dialog.sheet') as HTMLDialogElement).close();
    (root.querySelector('button.tag[data-tag-id="t1"]') as HTMLElement).click();
  });
  await expect(dialog).toBeVisible();
  // Still open, on the product, once the stale close event has run.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Add to cart' })).toBeVisible();
});
