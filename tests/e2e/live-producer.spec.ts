// The producer console (www/live/producer.html) against the e2e server's
// live show (spring-launch: the server's own ffmpeg looping the demo
// footage as live HLS) and the brand's live page (www/live.html).
//
// The console stamps each action with the program date of the frame its
// preview presented at the click. This test dates the preview's frames
// itself, independently of the console: its own requestVideoFrameCallback
// maps each presented frame's mediaTime through hls.js's fragments
// (programDateTime + (mediaTime − start) × 1000), and a capturing click
// listener reads the date of the frame on screen when the click is
// dispatched. The posted `at` must be within one frame of it.
//
// The show is shared with other specs: everything pinned or opened here is
// unpinned or ended before the test ends, and the show is never ended.
import { test, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

const TOKEN = process.env.E2E_PRODUCER_TOKEN ?? '';
const SHOW = 'spring-launch';
const EVENTS = `/api/live/${SHOW}/events`;
/** The stream's frame rate (hero.webm, 25 fps): one frame in ms. */
const FRAME_MS = 1000 / 25;

async function axe(page: Page, exclude?: string) {
  let b = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']);
  if (exclude) b = b.exclude(exclude);
  const r = await b.analyze();
  return r.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
}

/** The test's own frame dating on the preview (see the top of this file). */
async function dateFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as any;
    const v = document.querySelector('video') as any;
    w.__frame = null;
    w.__clickFrame = null;
    const dateOf = (mediaTime: number): number | null => {
      const frags: any[] = v.hls?.latestLevelDetails?.fragments ?? [];
      let held: any = null;
      for (const f of frags) if (f.programDateTime != null && f.start <= mediaTime) held = f;
      if (!held || mediaTime > held.start + held.duration + 0.05) return null;
      return held.programDateTime + (mediaTime - held.start) * 1000;
    };
    const onFrame = (_now: number, meta: any) => {
      const d = dateOf(meta.mediaTime);
      if (d !== null) w.__frame = d;
      v.requestVideoFrameCallback(onFrame);
    };
    v.requestVideoFrameCallback(onFrame);
    // Capturing, on the document: before the console's own handler, in the
    // same task, so no frame is presented in between.
    document.addEventListener('click', () => { w.__clickFrame = w.__frame; }, true);
  });
  await expect.poll(() => page.evaluate(() => (window as any).__frame), { timeout: 30_000 }).not.toBeNull();
}

/** The preview's latency now: hls.js's behind-the-edge and the clock's. */
async function latency(page: Page) {
  return page.evaluate(() => {
    const w = window as any;
    const v = document.querySelector('video') as any;
    return { edge: v.hls.latency as number, clock: (Date.now() - w.__frame) / 1000 };
  });
}

async function openConsole(page: Page) {
  await page.goto(`/live/producer.html#token=${TOKEN}&show=${SHOW}`);
  await expect(page.getByRole('heading', { name: 'Products' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('ul.products li')).toHaveCount(4);
}

/** Makes sure `title` is not pinned (another spec may have left it so). */
async function unpinned(page: Page, title: string) {
  const unpin = page.getByRole('button', { name: `Unpin ${title}`, exact: true });
  if (await unpin.isVisible()) {
    await unpin.click();
    await expect(page.getByRole('button', { name: `Pin ${title}`, exact: true })).toBeVisible();
  }
}

test('a pin is stamped with the preview frame on screen at the click, and the live playlist carries it', async ({ page }, info) => {
  const seen: string[] = [];
  page.on('request', (r) => seen.push(r.url()));
  const res = await page.goto(`/live/producer.html#token=${TOKEN}&show=${SHOW}`);
  expect(res?.headers()['referrer-policy']).toBe('no-referrer');
  // The token leaves the address bar at once and stays in this tab only.
  await expect.poll(() => page.url()).toBe(`${new URL(page.url()).origin}/live/producer.html?show=${SHOW}`);
  expect(await page.evaluate(() => sessionStorage.getItem('shoppable:producer-token'))).toBe(TOKEN);
  await expect(page.locator('ul.products li')).toHaveCount(4, { timeout: 30_000 });
  await dateFrames(page);
  const title = 'Glow Vitamin C Serum';
  await unpinned(page, title);

  // Let the preview settle at its distance from the live edge, and say it.
  await page.waitForTimeout(4000);
  const lat = await latency(page);
  info.annotations.push({ type: 'preview latency', description: `${lat.edge.toFixed(2)} s behind the live edge (hls.js), ${lat.clock.toFixed(2)} s behind the clock` });
  console.log(`preview: ${lat.edge.toFixed(2)} s behind the live edge, ${lat.clock.toFixed(2)} s behind the clock`);

  const posted = page.waitForRequest((r) => r.url().endsWith(EVENTS) && r.method() === 'POST');
  await page.getByRole('button', { name: `Pin ${title}`, exact: true }).click();
  const req = await posted;
  const body = req.postDataJSON();
  const clickFrame: number = await page.evaluate(() => (window as any).__clickFrame);
  expect(body.type).toBe('pin');
  expect(body.product).toBe('glow-serum');
  expect(Number.isInteger(body.at)).toBe(true);
  console.log(`pin at ${body.at}, the test's frame at the click ${clickFrame.toFixed(3)}: ${(body.at - clickFrame).toFixed(3)} ms apart`);
  expect(Math.abs(body.at - clickFrame), `at ${body.at} vs the frame on screen ${clickFrame}`).toBeLessThanOrEqual(FRAME_MS);
  expect((await req.response())?.status()).toBe(201);
  // The console shows it: the button, the log, the status line.
  await expect(page.getByRole('button', { name: `Unpin ${title}`, exact: true })).toBeVisible();
  await expect(page.locator('ol.log')).toContainText(`Pinned ${title}`);
  await expect(page.getByRole('status')).toContainText(`Pinned ${title}`);

  // The live playlist carries the pin as EXT-X-DATERANGE, dated by its `at`.
  const start = new Date(body.at).toISOString();
  const playlist = await (await page.request.get(`/live/${SHOW}/index.m3u8`)).text();
  const range = playlist.split('\n').find((l) => l.startsWith('#EXT-X-DATERANGE') && l.includes('X-PRODUCT="glow-serum"') && !l.includes('END-DATE'));
  expect(range, playlist).toContain(`START-DATE="${start}"`);
  expect(range).toContain('CLASS="com.shoppable.pin"');

  expect(await axe(page)).toEqual([]);
  await page.screenshot({ path: info.outputPath('producer.png'), fullPage: true });

  const unposted = page.waitForRequest((r) => r.url().endsWith(EVENTS) && r.method() === 'POST');
  await page.getByRole('button', { name: `Unpin ${title}`, exact: true }).click();
  expect((await unposted).postDataJSON().type).toBe('unpin');
  await expect(page.getByRole('button', { name: `Pin ${title}`, exact: true })).toBeVisible();
  expect(seen.filter((u) => u.includes(TOKEN)), 'no URL carries the token').toEqual([]);
});

test('a flash deal from the keyboard: the refusal names its field, the deal opens with its units and ends', async ({ page }) => {
  await openConsole(page);
  await dateFrames(page);
  const product = page.getByLabel('Product', { exact: true });
  await product.focus();
  await page.keyboard.press('End'); // the last product: Midnight Iris Eau de Parfum
  await expect(product).toHaveValue('iris-parfum');
  await page.keyboard.press('Tab'); // variant: all
  await page.keyboard.press('Tab');
  const price = page.getByLabel('Deal price');
  await expect(price).toBeFocused();
  await page.keyboard.type('99.00'); // above the regular price ($68.00)
  await page.keyboard.press('Enter');
  // The server's refusal, naming the field; the field is marked and focused.
  await expect(page.getByRole('alert')).toContainText('Deal price (price): a deal price must be below the regular price');
  await expect(price).toHaveAttribute('aria-invalid', 'true');
  await expect(price).toBeFocused();

  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('12.50');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('3'); // units
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('1'); // per buyer
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('30'); // seconds
  const posted = page.waitForRequest((r) => r.url().endsWith(EVENTS) && r.method() === 'POST');
  await page.keyboard.press('Enter');
  const body = (await posted).postDataJSON();
  expect(body).toMatchObject({ type: 'deal_start', product: 'iris-parfum', price: 1250, units: 3, per_buyer: 1, duration_s: 30 });
  expect(body.variant).toBeUndefined();
  await expect(price).not.toHaveAttribute('aria-invalid', 'true');
  // The open deal, with its units left from the event stream's `units`.
  const row = page.locator('table.deals tbody tr', { hasText: 'Midnight Iris' });
  await expect(row).toContainText('$12.50');
  await expect(row).toContainText('3 of 3');
  expect(await axe(page)).toEqual([]);

  // End it from the keyboard.
  const end = row.getByRole('button', { name: /^End deal d\d+$/ });
  await end.focus();
  const ended = page.waitForRequest((r) => r.url().endsWith(EVENTS) && r.method() === 'POST');
  await page.keyboard.press('Enter');
  expect((await ended).postDataJSON().type).toBe('deal_end');
  await expect(row).toHaveCount(0);
  await expect(page.locator('ol.log')).toContainText('closed: ended by the host');
});

test('a wrong token is refused in words; the token typed in opens the console', async ({ page }) => {
  await page.goto(`/live/producer.html#token=not-the-token&show=${SHOW}`);
  await expect(page.getByRole('alert')).toContainText('The producer token was refused');
  await expect(page.getByRole('heading', { name: 'Producer token' })).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.getItem('shoppable:producer-token'))).toBeNull();
  expect(await axe(page)).toEqual([]);
  await page.getByLabel('Token', { exact: true }).focus();
  await page.keyboard.type(TOKEN);
  await expect(page.getByLabel('Show', { exact: true })).toHaveValue(SHOW);
  await page.keyboard.press('Enter');
  await expect(page.locator('ul.products li')).toHaveCount(4, { timeout: 30_000 });
  await expect(page.getByText('Connected', { exact: true })).toBeVisible();
});

test('the brand live page plays the live stream with the widget on it', async ({ page }, info) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/live.html');
  const video = page.locator('#live');
  // hls.js plays the server's live playlist, at program dates near the clock.
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.5);
  const playing = await video.evaluate((v: any) => ({ url: v.hls.url, date: v.hls.playingDate?.getTime() ?? 0 }));
  expect(playing.url).toContain(`/live/${SHOW}/index.m3u8`);
  expect(Math.abs(Date.now() - playing.date)).toBeLessThan(60_000);
  // The widget, by script tag, on the manifest the page names.
  await expect(page.locator('shoppable-overlay')).toHaveCount(1, { timeout: 30_000 });
  expect(errors).toEqual([]);
  // The brand's page (the widget's own checks are its specs').
  expect(await axe(page, 'shoppable-overlay')).toEqual([]);
  await page.screenshot({ path: info.outputPath('live.png'), fullPage: true });
});
