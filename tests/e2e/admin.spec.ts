// The merchant's admin page (www/admin/): the token arrives in the #fragment
// and leaves the address bar at once, the order just made is listed, its
// buyer and address are shown, a status change goes through, stock can be
// set, and axe finds nothing. The order is placed through the checkout API
// itself (the widget's path to it is tested in checkout.spec.ts).
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';

const TOKEN = process.env.E2E_ADMIN_TOKEN ?? '';

async function placeOrder(page: Page, name: string): Promise<string> {
  const res = await page.request.post('/api/checkout', {
    headers: { 'Idempotency-Key': randomUUID(), 'Content-Type': 'application/json' },
    data: {
      video_id: 'hero',
      currency: 'USD',
      lines: [{ product_id: 'velvet-lipstick', variant_id: 'vl-ruby', quantity: 1, unit_price: 1900 }],
      payment: { method: 'https://google.com/pay', token: 'tok_test_approve' },
      payer: { name, email: 'ada@example.com', phone: '+44 20 7946 0000' },
      shipping_address: { country: 'GB', address_line: ['12 St James Sq'], city: 'London', postal_code: 'SW1Y 4JH', recipient: name },
      attribution: { tag_id: 't1', video_time: 4.2 },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).order_id;
}

async function axe(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return r.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

test('the admin page lists the order just made; the token never stays in the address', async ({ page }, info) => {
  const id = await placeOrder(page, 'Ada Lovelace');
  const seen: string[] = [];
  page.on('request', (r) => seen.push(r.url()));
  const res = await page.goto(`/admin/#token=${TOKEN}`);
  expect(res?.headers()['referrer-policy']).toBe('no-referrer');
  // The fragment is gone from the address at once; the token is in this tab only.
  await expect.poll(() => page.url()).not.toContain('#');
  expect(await page.evaluate(() => sessionStorage.getItem('shoppable:admin-token'))).toBe(TOKEN);
  const row = page.locator('#order-table tbody tr', { has: page.getByRole('button', { name: `Order ${id}` }) });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Ada Lovelace');
  await expect(row).toContainText('$19.00');
  await expect(row).toContainText('1 × Velvet Matte Lipstick (Ruby)');
  expect(seen.filter((u) => u.includes(TOKEN)), 'no URL carries the token').toEqual([]);
  expect(await axe(page)).toEqual([]);
  await page.screenshot({ path: info.outputPath('admin-orders.png'), fullPage: true });

  // One order: buyer, address, history; mark it fulfilled.
  await row.getByRole('button', { name: `Order ${id}` }).click();
  const detail = page.locator('#detail');
  await expect(detail).toBeVisible();
  await expect(detail.locator('#d-payer')).toContainText('ada@example.com');
  await expect(detail.locator('#d-address')).toContainText('SW1Y 4JH London');
  await expect(detail.locator('#d-events')).toContainText('authorized by checkout');
  await expect(detail.locator('#d-facts')).toContainText('test payment');
  // Captured just after the answer: wait for "paid" before fulfilling.
  await expect
    .poll(async () => {
      await page.getByRole('button', { name: 'Back to the list' }).click();
      await row.getByRole('button', { name: `Order ${id}` }).click();
      return detail.locator('#d-facts').textContent();
    })
    .toContain('paid');
  await detail.getByRole('button', { name: 'Mark fulfilled' }).click();
  await expect(page.locator('#status')).toHaveText('The order is now fulfilled.');
  await expect(detail.locator('#d-facts')).toContainText('fulfilled');
  expect(await axe(page)).toEqual([]);
  await page.screenshot({ path: info.outputPath('admin-order.png'), fullPage: true });

  // Stock: the page shows and sets units.
  await page.getByRole('button', { name: 'Stock', exact: true }).click();
  const input = page.getByLabel('On hand for velvet-lipstick vl-plum', { exact: true });
  await input.fill('7');
  await page.getByRole('button', { name: 'Save on hand for velvet-lipstick vl-plum' }).click();
  await expect(page.locator('#status')).toHaveText('velvet-lipstick / vl-plum: 7 on hand.');
  expect(await axe(page)).toEqual([]);
});

test('without the token the admin page asks for it; a wrong one is refused in words', async ({ page }) => {
  await page.goto('/admin/');
  await expect(page.getByRole('heading', { name: 'Admin token' })).toBeVisible();
  await page.getByLabel('Token', { exact: true }).fill('not-the-token');
  await page.getByRole('button', { name: 'Open the orders' }).click();
  await expect(page.locator('#status')).toHaveText(/token was refused/);
  await expect(page.getByRole('heading', { name: 'Admin token' })).toBeVisible();
  expect(await axe(page)).toEqual([]);
});
