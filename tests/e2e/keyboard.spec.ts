// Keyboard only: Tab reaches the tag, Enter opens the sheet with focus inside,
// Tab never leaves it, Escape closes it and focus returns to the tag.
import { test, expect } from '@playwright/test';
import { deepFocus, fetchManifest, openWidget, seekPaused, tagById, isActive } from './helpers';

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
