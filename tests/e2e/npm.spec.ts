// The npm package's ESM entry (npm/index.js), served as its files are by
// the test server (/test/npm links to the repo's npm/, whose dist/ the build
// fills): `attach` loads the release's loader from the package's dist/,
// mounts over the video, shows its tags, and the handle's `on` hears the
// events. The package's types are types.spec.ts's.
import { test, expect } from '@playwright/test';
import {
  collectConsole, collectRequests, expectTagsPlaced, fetchManifest, openWidget, seekPaused, widgetErrors, LOAD_TIMEOUT,
} from './helpers';

test('the package\'s ESM entry attaches to a video and shows its tags', async ({ page }) => {
  const log = collectConsole(page);
  const reqs = collectRequests(page, 'shoppable.js', 'shoppable-core.js', 'shoppable-core_bg.wasm');
  await openWidget(page, '/test/npm.html');
  const m = await fetchManifest(page, '/manifests/hero.json');
  // Every widget file came from the package's dist/, the loader first.
  const paths = reqs.map((r) => new URL(r.url()).pathname.replace(/\.\w{16}\./, '.'));
  expect(paths).toEqual([
    '/test/npm/dist/shoppable.js', '/test/npm/dist/shoppable-core.js', '/test/npm/dist/shoppable-core_bg.wasm',
  ]);
  const first = m.tags.reduce((a, t) => (t.start < a.start ? t : a));
  await seekPaused(page, '#v', first.start + 0.1);
  const checks = await expectTagsPlaced(page, '#v', m);
  expect(checks.filter((c) => c.actual).map((c) => c.id)).toContain(first.id);
  await expect.poll(() => page.evaluate(() => (window as any).__heard), { timeout: LOAD_TIMEOUT })
    .toEqual(expect.arrayContaining([['ready', m.video.id], ['tag_view', first.id]]));
  expect(widgetErrors(log)).toEqual([]);
  expect(log.pageErrors).toEqual([]);
});
