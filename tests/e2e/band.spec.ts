// The reserved control band (issue 10, item 3): tags never cover the player's
// own control strip. With each player page of players.spec.ts (and a bare
// `<video controls>`), the manifest is replaced by a ladder of still tags, one
// every 0.5% of the frame's height over its bottom 30%; then every tag whose
// centre lies in the band (the control bar's height at the bottom of the
// player's box, 48 px for native controls) is hidden, the one just above it
// shows, and the hidden tags' products are still listed in "Shop this video".
//
// The band is measured here from the page, independently of the widget: the
// bar's laid-out height (`offsetHeight`, which Plyr's slide-out transform does
// not change) at the bottom of the player's box.
import { test, expect, type Page } from '@playwright/test';
import { expectedPoint, fetchManifest, LOAD_TIMEOUT, NATIVE_CONTROLS_BAND, snapshot, type Manifest, type Tag, type VideoGeometry } from './helpers';

interface BandPage {
  name: string;
  path: string;
  /** The element the overlay covers (a `<video>` on every page here). */
  surface: string;
  /** The player's box, at whose bottom its control bar sits. */
  box: string;
  /** The control bar; none for the browser's own controls. */
  bar: string | null;
}

const PAGES: BandPage[] = [
  { name: 'videojs', path: '/test/players/videojs.html', surface: '#v_html5_api', box: '.video-js', bar: '.vjs-control-bar' },
  { name: 'plyr', path: '/test/players/plyr.html', surface: '#v', box: '.plyr', bar: '.plyr__controls' },
  { name: 'media-chrome', path: '/test/players/media-chrome.html', surface: '#v', box: '#mc', bar: 'media-control-bar' },
  { name: 'html5', path: '/test/players/html5.html', surface: '#v', box: '#v', bar: null },
];

/** Still tags from y = 0.70 to 0.995 of the frame, all the video long, on the manifest's products in turn. */
function ladder(m: Manifest): Tag[] {
  const tags: Tag[] = [];
  for (let k = 0; k < 60; k++) {
    const y = Math.round((0.7 + k * 0.005) * 1000) / 1000;
    tags.push({ id: `b${k}`, product: m.products[k % m.products.length].id, start: 0, end: 60, keyframes: [{ t: 0, x: 0.5, y }] });
  }
  return tags;
}

/** Serves the ladder instead of the hero manifest's tags. */
async function routeLadder(page: Page, m: Manifest) {
  await page.route('**/manifests/hero.json', async (route) => {
    const res = await route.fetch();
    const json = await res.json();
    json.tags = ladder(m);
    await route.fulfill({ response: res, json });
  });
}

/** The picture's geometry and the tags shown (helpers' snapshot), and the band's top edge (viewport y), measured here. */
async function read(page: Page, p: BandPage) {
  const snap = await snapshot(page, p.surface);
  const band = await page.evaluate(([p, nativeBand]) => {
    const v = document.querySelector(p.surface) as HTMLVideoElement;
    const box = document.querySelector(p.box)!.getBoundingClientRect();
    const bar = p.bar ? (document.querySelector(p.bar) as HTMLElement | null) : null;
    const height = p.bar ? (bar?.offsetHeight ?? 0) : v.controls ? nativeBand : 0;
    return { bandTop: box.bottom - height, barHeight: height };
  }, [p, NATIVE_CONTROLS_BAND] as const);
  // The picture alone: which tags the band hides is what is judged here.
  const geometry: VideoGeometry = { ...snap.geometry, band: 0 };
  return { geometry, ...band, shown: snap.tags.map((t) => t.id) };
}

/** What is wrong with the tags shown, given the band (empty when right), and how many are in the band. */
function judge(tags: Tag[], g: VideoGeometry, bandTop: number, shown: string[]) {
  const wrong: string[] = [];
  let hidden = 0, justAbove: string | null = null, justAboveY = -Infinity;
  for (const tag of tags) {
    const { y, visible } = expectedPoint(g, tag.keyframes[0].x, tag.keyframes[0].y);
    const isShown = shown.includes(tag.id);
    if (!visible) continue;
    // Half a pixel either side of the edge is left to rounding.
    if (y > bandTop + 0.5) {
      hidden++;
      if (isShown) wrong.push(`${tag.id} at y=${y.toFixed(1)} is in the band (from ${bandTop.toFixed(1)}) but shown`);
    } else if (y < bandTop - 0.5) {
      if (!isShown) wrong.push(`${tag.id} at y=${y.toFixed(1)} is above the band (from ${bandTop.toFixed(1)}) but hidden`);
      if (y > justAboveY) { justAboveY = y; justAbove = tag.id; }
    }
  }
  return { wrong, hidden, justAbove, gap: bandTop - justAboveY };
}

async function open(page: Page, p: BandPage): Promise<Manifest> {
  const m = await fetchManifest(page, '/manifests/hero.json');
  await routeLadder(page, m);
  await page.goto(p.path);
  await page.waitForFunction((sel) => {
    const v = document.querySelector(sel) as HTMLVideoElement | null;
    const ov = v?.nextElementSibling;
    return !!v && v.readyState >= 1 && ov?.localName === 'shoppable-overlay' && !!ov.shadowRoot?.querySelector('button.shop');
  }, p.surface, { timeout: LOAD_TIMEOUT });
  // Played once and paused: every player shows its bar then (video.js only
  // lays its bar out after the first play).
  await page.evaluate(async (sel) => {
    const v = document.querySelector(sel) as HTMLVideoElement;
    await v.play();
    v.pause();
    await new Promise<void>((r) => { v.addEventListener('seeked', () => r(), { once: true }); v.currentTime = 1; });
  }, p.surface);
  return m;
}

async function expectBandKept(page: Page, p: BandPage, m: Manifest) {
  const tags = ladder(m);
  await expect.poll(async () => {
    const r = await read(page, p);
    return judge(tags, r.geometry, r.bandTop, r.shown).wrong;
  }, { timeout: 3_000 }).toEqual([]);
  const r = await read(page, p);
  const j = judge(tags, r.geometry, r.bandTop, r.shown);
  expect(r.barHeight, 'the control bar has a height').toBeGreaterThan(10);
  expect(j.hidden, 'some tags of the ladder are in the band').toBeGreaterThan(0);
  expect(j.justAbove, 'a tag just above the band').not.toBeNull();
  expect(j.gap, `${j.justAbove} is within 4 px above the band`).toBeLessThanOrEqual(4);
  return { tags, hiddenIds: tags.filter((t) => !r.shown.includes(t.id)).map((t) => t.id) };
}

for (const p of PAGES) {
  test(`${p.name}: tags in the player's control band are hidden, the one just above shows, and their products stay in "Shop this video"`, async ({ page }) => {
    const m = await open(page, p);
    const { tags, hiddenIds } = await expectBandKept(page, p, m);
    // The products of hidden tags are listed.
    const overlay = page.locator(`${p.surface} + shoppable-overlay`);
    // A real click on every player: Plyr's poster (z-index 1, transparent
    // once played) lies over the picture, and the overlay must paint above it.
    await overlay.locator('button.shop').click();
    const sheet = overlay.locator('dialog.sheet');
    await expect(sheet.getByRole('heading', { name: 'Shop this video' })).toBeVisible();
    for (const id of hiddenIds) {
      const product = m.products.find((x) => x.id === tags.find((t) => t.id === id)!.product)!;
      await expect(sheet.getByRole('button', { name: `View ${product.title}` })).toBeVisible();
    }
  });
}

test('a bare <video> without controls reserves no band: every tag in the picture shows', async ({ page }) => {
  const p = PAGES.find((x) => x.name === 'html5')!;
  const m = await open(page, p);
  await expectBandKept(page, p, m);
  await page.evaluate((sel) => document.querySelector(sel)!.removeAttribute('controls'), p.surface);
  // A resize makes the widget read the layout again.
  await page.setViewportSize({ width: 1000, height: 700 });
  await expect.poll(async () => (await read(page, p)).shown.length).toBe(ladder(m).length);
});

// Not assertions: pictures to look at (a phone and a desktop), kept with the
// test's output (copied to /work/shots/band/ for the issue).
for (const view of [{ name: 'phone', width: 390, height: 844 }, { name: 'desktop', width: 1280, height: 800 }]) {
  test(`videojs ${view.name} screenshot (${view.width}×${view.height}) with tags near the bottom`, async ({ page }, info) => {
    await page.setViewportSize({ width: view.width, height: view.height });
    const p = PAGES.find((x) => x.name === 'videojs')!;
    const m = await open(page, p);
    // video.js's fluid mode fits the player to the page's width, as a phone layout would.
    if (view.width < 800) await page.evaluate(() => (window as any).player.fluid(true));
    await expectBandKept(page, p, m);
    await page.screenshot({ path: info.outputPath(`band-videojs-${view.name}.png`) });
  });
}

test('videojs in fullscreen: the band follows the player\'s box', async ({ page }) => {
  const p = PAGES.find((x) => x.name === 'videojs')!;
  const m = await open(page, p);
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'test-action';
    b.textContent = 'go';
    b.style.cssText = 'position:fixed;right:0;bottom:0;z-index:2147483647';
    b.onclick = () => { (window as any).player.requestFullscreen(); b.remove(); };
    document.body.append(b);
  });
  await page.click('#test-action');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement?.classList.contains('video-js') ?? false)).toBe(true);
  await expectBandKept(page, p, m);
});
