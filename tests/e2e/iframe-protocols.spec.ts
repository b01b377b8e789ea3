// YouTube and Vimeo as the real services behave (www/test/players/IFRAME-PROTOCOLS.md),
// end to end against the stand-ins, which behave as the real embeds do:
//
// - a page that drives its YouTube embed with its own player written like
//   YT.Player (youtube-page-player.html) keeps it, whether it or the widget starts
//   first, and the widget's tags follow it; a player that comes after the widget
//   greeted is handed the delivery it was refused;
// - http:// and //… embed URLs work: the vendors' https hosts are served here by
//   routing them to the stand-ins, the way the real services redirect http to https;
// - an origin= that is not the page's origin gives one console error naming both,
//   and no overlay.
import { test, expect, type Frame, type Page } from '@playwright/test';

const BASE_URL = process.env.BASE_URL ?? '';

/** The ids of the tags the overlay over `surface` shows. */
async function tagIds(page: Page, surface = '#v'): Promise<string[]> {
  return page.evaluate((sel) => {
    const ov = document.querySelector(sel)?.nextElementSibling;
    const root = ov?.localName === 'shoppable-overlay' ? ov.shadowRoot : null;
    return [...(root?.querySelectorAll<HTMLElement>('button.tag') ?? [])].map((b) => b.dataset.tagId ?? '').sort();
  }, surface);
}

async function overlayReady(page: Page, surface = '#v') {
  await page.waitForFunction((sel) => {
    const ov = document.querySelector(sel)?.nextElementSibling;
    const shop = ov?.localName === 'shoppable-overlay' ? ov.shadowRoot?.querySelector('button.shop') : null;
    return !!shop && shop.getBoundingClientRect().width > 0;
  }, surface, { timeout: 30_000 });
}

async function attach(page: Page, surface = '#v') {
  await page.evaluate((sel) => {
    (window as any).Shoppable.attach(document.querySelector(sel), { manifest: '/manifests/hero.json' });
  }, surface);
  await overlayReady(page, surface);
}

async function standIn(page: Page, url: RegExp): Promise<Frame> {
  await expect.poll(() => page.frames().some((f) => url.test(f.url())), { timeout: 15_000 }).toBe(true);
  const f = page.frames().find((fr) => url.test(fr.url()))!;
  await f.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement).readyState >= 1, undefined, { timeout: 30_000 });
  return f;
}

/** Everything that reached the stand-in (its test log), as parsed messages. */
async function received(f: Frame): Promise<any[]> {
  return f.evaluate(() => (window as any).__received);
}

/** The widget's sessions ("shoppable-N") among `messages`. */
const fromWidget = (messages: any[]) => messages.filter((m) => typeof m?.id === 'string' && m.id.startsWith('shoppable-'));

/** At 3 s t1 shows, at 12.5 s t3 (hero.json). */
const AT = [{ t: 3, tags: ['t1'] }, { t: 12.5, tags: ['t3'] }];

test.describe("a page's own YouTube player (youtube-page-player.html)", () => {
  async function pageReady(page: Page) {
    await expect.poll(() => page.evaluate(() => (window as any).page.ready), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => typeof (window as any).player.playVideo), 'its API is built').toBe('function');
  }

  /** The page's player seeks and plays; the widget's tags follow; the page hears its events. */
  async function pageDrives(page: Page) {
    for (const { t, tags } of AT) {
      await page.evaluate((t) => (window as any).player.seekTo(t, true), t);
      await expect.poll(() => tagIds(page), { timeout: 2_000 }).toEqual(tags);
    }
    await page.evaluate(() => (window as any).player.seekTo(3, true));
    await expect.poll(() => tagIds(page)).toEqual(['t1']);
    await page.evaluate(() => (window as any).player.playVideo());
    await expect.poll(() => page.evaluate(() => (window as any).page.states.includes(1)), { timeout: 5_000 }).toBe(true);
    // Playing from 3 s: t2 joins at 5 s, t1 leaves at 7 s.
    await expect.poll(() => tagIds(page), { timeout: 10_000 }).toEqual(['t2']);
    await page.evaluate(() => (window as any).player.pauseVideo());
    await expect.poll(() => page.evaluate(() => (window as any).page.states.at(-1))).toBe(2);
  }

  test('the page\'s player first, then the widget: the widget never speaks to the embed, and follows it', async ({ page }) => {
    await page.goto('/test/players/youtube-page-player.html?widgetid=7');
    const f = await standIn(page, /youtube-standin/);
    await page.evaluate(() => (window as any).startPagePlayer(7));
    await pageReady(page);
    await attach(page);
    await pageDrives(page);
    const all = await received(f);
    expect(fromWidget(all), 'messages from the widget').toEqual([]);
    expect(all.every((m) => m.id === 7), JSON.stringify(all)).toBe(true);
  });

  test('the widget first, then the page\'s player (widgetid= in the src): the player starts as usual', async ({ page }) => {
    await page.goto('/test/players/youtube-page-player.html?widgetid=7');
    const f = await standIn(page, /youtube-standin/);
    await attach(page);
    await page.waitForTimeout(700); // the widget would have greeted by now
    expect(await received(f), 'the embed heard nothing').toEqual([]);
    await page.evaluate(() => (window as any).startPagePlayer(7));
    await pageReady(page);
    await pageDrives(page);
    expect(fromWidget(await received(f)), 'messages from the widget').toEqual([]);
  });

  test('the widget greets first; the page\'s player created after it (found by YT.get) is handed the delivery and works', async ({ page }) => {
    await page.goto('/test/players/youtube-page-player.html');
    const f = await standIn(page, /youtube-standin/);
    await attach(page);
    // Answered: the widget subscribes to the embed's events once it has its delivery.
    await expect.poll(async () => fromWidget(await received(f)).some((m) => m.event === 'command' && m.func === 'addEventListener'),
      { timeout: 10_000 }).toBe(true);
    await page.evaluate(() => (window as any).startPagePlayer(7));
    await pageReady(page);
    const before = fromWidget(await received(f)).length;
    await pageDrives(page);
    expect(fromWidget(await received(f)).length, 'the widget spoke after the page\'s player came').toBe(before);
  });
});

/** Serves the vendors' hosts from the stand-ins, http sent on to https as the services do. */
async function routeVendors(page: Page) {
  const vendor = /^https?:\/\/(www\.|m\.)?(youtube|youtube-nocookie)\.com\/|^https?:\/\/player\.vimeo\.com\//;
  await page.route(vendor, async (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'http:') {
      // The services answer 301. Playwright does not route the request a
      // fulfilled redirect leads to, so here the page redirects itself.
      const https = JSON.stringify(`https://${u.host}${u.pathname}${u.search}`);
      await route.fulfill({ contentType: 'text/html', body: `<script>location.replace(${https})</script>` });
      return;
    }
    const path = u.pathname.startsWith('/embed/') ? '/test/players/youtube-standin.html'
      : u.pathname.startsWith('/video/') ? '/test/players/vimeo-standin.html'
      : u.pathname;
    const response = await route.fetch({ url: new URL(path + u.search, BASE_URL).href });
    await route.fulfill({ response });
  });
}

for (const c of [
  { name: 'YouTube, http://', src: 'http://www.youtube.com/embed/hero?enablejsapi=1', frame: /^https:\/\/www\.youtube\.com\/embed\// },
  { name: 'YouTube, //… on an http page', src: '//www.youtube-nocookie.com/embed/hero?enablejsapi=1', frame: /^https:\/\/www\.youtube-nocookie\.com\/embed\// },
  { name: 'Vimeo, http://', src: 'http://player.vimeo.com/video/1', frame: /^https:\/\/player\.vimeo\.com\/video\// },
]) {
  test(`${c.name} embed URL: taken as https, and the tags follow the player`, async ({ page }) => {
    await routeVendors(page);
    await page.goto('/test/api.html');
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.id = 'embed';
      f.setAttribute('src', src);
      f.style.cssText = 'display:block;width:640px;height:480px;border:0';
      document.body.prepend(f);
    }, c.src);
    const f = await standIn(page, c.frame);
    expect(new URL(f.url()).protocol, 'the service upgraded the embed').toBe('https:');
    await attach(page, '#embed');
    for (const { t, tags } of AT) {
      await f.evaluate(async (t) => {
        const v = document.querySelector('video') as HTMLVideoElement;
        await new Promise<void>((r) => { v.addEventListener('seeked', () => r(), { once: true }); v.currentTime = t; });
      }, t);
      await expect.poll(() => tagIds(page, '#embed'), { timeout: 2_000 }).toEqual(tags);
    }
  });
}

test('a YouTube origin= that is not the page\'s origin: one console error naming both, no overlay, nothing sent', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/test/api.html');
  const detail = await page.evaluate(() => new Promise<any>((resolve) => {
    const u = new URL('/test/players/youtube-standin.html?enablejsapi=1&origin=https%3A%2F%2Fshop.example', location.href);
    u.hostname = u.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
    const f = document.createElement('iframe');
    Object.assign(f, { id: 'yt', src: u.href });
    f.setAttribute('data-shoppable-player', 'youtube');
    f.style.cssText = 'display:block;width:640px;height:480px;border:0';
    document.body.prepend(f);
    f.addEventListener('shoppable:error', (e) => resolve((e as CustomEvent).detail));
    (window as any).Shoppable.attach(f, { manifest: '/manifests/hero.json' });
  }));
  const origin = new URL(page.url()).origin;
  expect(detail.message).toContain('origin=https://shop.example');
  expect(detail.message).toContain(origin);
  expect(errors.filter((e) => e.includes('origin=https://shop.example'))).toHaveLength(1);
  expect(await page.evaluate(() => document.querySelectorAll('shoppable-overlay').length)).toBe(0);
  const f = await standIn(page, /youtube-standin/);
  await page.waitForTimeout(500);
  expect(await received(f), 'the embed heard nothing').toEqual([]);
});
