// The studio's browser figures for `cargo xtask bench`, printed as `name: value unit`
// lines on stdout (diagnostics go to stderr). Needs the reference server (BASE_URL).
//
//   studio_capture_fps   frames captured per second of wall time while the studio
//                        plays the tracking benchmark's `scale` clip (1×, so at most
//                        about the clip's 30 fps; what matters is that none is missed)
//   studio_track_fps     frames tracked per second inside the studio's worker, from
//                        the clip's middle frame both ways (after capture), median of 3
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE_URL = process.env.BASE_URL;
if (!BASE_URL) {
  console.error('bench_studio.mjs: set BASE_URL; `cargo xtask bench` does this');
  process.exit(2);
}
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLIP = path.join(ROOT, 'www/test/track/scale.webm');
const TRUTH = JSON.parse(fs.readFileSync(path.join(ROOT, 'www/test/track/scale.truth.json'), 'utf8'));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 }, baseURL: BASE_URL });
  await page.goto('/studio/');
  await page.getByTestId('video-file').setInputFiles(CLIP);
  const status = page.getByRole('status');
  await status.filter({ hasText: 'Captured' }).waitFor({ timeout: 120_000 });
  const captured = /Captured (\d+) frames \((\d+) frames\/s\)/.exec(await status.textContent());
  if (!captured) throw new Error(`capture said: ${await status.textContent()}`);
  if (Number(captured[1]) !== TRUTH.frames.length) console.error(`captured ${captured[1]} of ${TRUTH.frames.length} frames`);
  await page.getByTestId('catalog-file').setInputFiles({ name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from('id,title,price\np,P,1.00\n') });
  await status.filter({ hasText: 'Imported' }).waitFor();
  await page.getByRole('heading', { name: 'Studio' }).click();
  const mid = Math.floor(TRUTH.frames.length / 2);
  for (let i = 0; i < mid; i++) await page.keyboard.press('ArrowRight');
  await page.getByTestId('where').filter({ hasText: `Frame ${mid + 1} of` }).waitFor();
  const fps = [];
  await page.getByRole('radio', { name: 'P' }).check();
  for (let run = 0; run < 3; run++) {
    // Each run places a new tag: the radio armed Place the first time.
    if (run > 0) await page.getByTestId('place').click();
    const box = await page.getByTestId('marks').boundingBox();
    await page.mouse.click(box.x + (TRUTH.frames[mid].x / TRUTH.width) * box.width, box.y + (TRUTH.frames[mid].y / TRUTH.height) * box.height);
    await page.locator('.note').filter({ hasText: 'Tag placed' }).waitFor({ timeout: 10_000 }).catch(async (e) => {
      throw new Error(`placing said: ${await page.locator('.note').textContent()}`);
    });
    await page.getByTestId('track').click();
    await status.filter({ hasText: 'Tracked' }).waitFor({ timeout: 60_000 });
    const m = /\((\d+) frames\/s in the worker\)/.exec(await status.textContent());
    fps.push(Number(m[1]));
    await page.getByRole('heading', { name: 'Studio' }).click();
  }
  fps.sort((a, b) => a - b);
  console.log(`studio_capture_fps: ${captured[2]} frames/s`);
  console.log(`studio_track_fps: ${fps[1]} frames/s`);
} finally {
  await browser.close();
}
