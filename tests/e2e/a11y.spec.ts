// axe-core (WCAG 2 A and AA rules) finds no violation in the overlay with tags
// visible, nor with the product sheet or the product list open; every tag
// button is at least 44×44 CSS px.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openWidget, seekPaused, snapshot, waitForMetadata, waitForOverlay } from './helpers';

async function axe(page: Page) {
  return new AxeBuilder({ page }).include('shoppable-overlay').withTags(['wcag2a', 'wcag2aa']).analyze();
}

/** The CSS selectors axe reported for the nodes it checked (shadow paths flattened). */
function checkedTargets(r: Awaited<ReturnType<typeof axe>>): string[] {
  return [...r.passes, ...r.violations, ...r.incomplete].flatMap((rule) =>
    rule.nodes.map((n) => JSON.stringify(n.target)),
  );
}

function violationReport(r: Awaited<ReturnType<typeof axe>>): string {
  return r.violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)}: ${n.failureSummary}`).join('\n')}`)
    .join('\n');
}

test.describe('axe on /test/contain.html', () => {
  test.beforeEach(async ({ page }) => {
    await openWidget(page, '/test/contain.html');
    await seekPaused(page, '#v', 5.5); // t1 and t2 visible
    await expect(page.locator('#v + shoppable-overlay button.tag')).toHaveCount(2);
  });

  test('no violations in the overlay with tags visible', async ({ page }) => {
    const r = await axe(page);
    // axe really looked inside the shadow root: at the tags and the shop button.
    const targets = checkedTargets(r);
    expect(targets.some((t) => t.includes('shoppable-overlay') && t.includes('t1')), targets.join('\n')).toBe(true);
    expect(targets.some((t) => t.includes('.shop')), targets.join('\n')).toBe(true);
    expect(r.passes.map((p) => p.id)).toContain('button-name');
    expect(r.violations, violationReport(r)).toEqual([]);
  });

  test('no violations with the product sheet open', async ({ page }) => {
    await page.locator('#v + shoppable-overlay button.tag[data-tag-id="t1"]').click();
    const dialog = page.locator('#v + shoppable-overlay dialog.sheet');
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('.price .now')).not.toBeEmpty();
    const r = await axe(page);
    const targets = checkedTargets(r);
    expect(targets.some((t) => t.includes('dialog') || t.includes('.sheet') || t.includes('.close')), targets.join('\n')).toBe(true);
    expect(r.passes.map((p) => p.id)).toEqual(expect.arrayContaining(['button-name', 'label']));
    expect(r.violations, violationReport(r)).toEqual([]);
  });

  test('no violations with the product list open', async ({ page }) => {
    await page.locator('#v + shoppable-overlay button.shop').click();
    const dialog = page.locator('#v + shoppable-overlay dialog.sheet');
    await expect(dialog.locator('li.item')).toHaveCount(4);
    const r = await axe(page);
    expect(r.violations, violationReport(r)).toEqual([]);
  });
});

test('every tag button is at least 44×44 CSS px', async ({ page }) => {
  test.setTimeout(60_000);
  const seen = new Set<string>();
  await openWidget(page, '/test/contain.html');
  for (const t of [2.5, 5.5, 8.0, 10.5, 15.0]) {
    await seekPaused(page, '#v', t);
    for (const b of (await snapshot(page, '#v')).tags) {
      seen.add(`contain:${b.id}`);
      expect(b.width, `${b.id} at ${t}`).toBeGreaterThanOrEqual(44);
      expect(b.height, `${b.id} at ${t}`).toBeGreaterThanOrEqual(44);
    }
  }
  // Small videos too: the hit area does not shrink with the picture.
  await page.goto('/retailer.html');
  for (const sel of ['#v-square', '#v-tall']) {
    await page.locator(sel).scrollIntoViewIfNeeded();
    await waitForMetadata(page, sel);
    await waitForOverlay(page, sel);
    await seekPaused(page, sel, 5.0);
    for (const b of (await snapshot(page, sel)).tags) {
      seen.add(`${sel}:${b.id}`);
      expect(b.width, `${sel} ${b.id}`).toBeGreaterThanOrEqual(44);
      expect(b.height, `${sel} ${b.id}`).toBeGreaterThanOrEqual(44);
    }
  }
  expect(seen.size, [...seen].join(', ')).toBeGreaterThanOrEqual(8);
});

test('the cart button\'s accessible name starts with its visible text (label in name, WCAG 2.5.3)', async ({ page }) => {
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 3.0);
  const ov = page.locator('#v + shoppable-overlay');
  await ov.locator('button.tag[data-tag-id="t1"]').click();
  const dialog = ov.locator('dialog.sheet');
  await dialog.getByRole('button', { name: 'Add to cart' }).click();
  await expect(dialog.locator('.message')).toContainText('Added to cart');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const cart = ov.locator('button.cart-button');
  await expect(cart).toHaveAccessibleName('Cart 1 item');
  const visible = (await cart.innerText()).replace(/\s+/g, ' ').trim();
  expect(visible).toBe('Cart 1');
  // axe's rule for it is experimental, so it runs only when named.
  const r = await new AxeBuilder({ page }).include('shoppable-overlay').withRules(['label-content-name-mismatch']).analyze();
  expect(r.violations, violationReport(r)).toEqual([]);
  expect(r.passes.map((p) => p.id)).toContain('label-content-name-mismatch');
});
