// A tag appears within ±0.25 s of its start and disappears within 0.25 s after
// its end, sampled on every animation frame of a playing video; seeking back
// shows and hides tags within one frame of `seeked`.
import { test, expect, type Page } from '@playwright/test';
import { fetchManifest, openWidget, seekPaused, tagById, TIME_TOLERANCE, LOAD_TIMEOUT } from './helpers';

type Sample = [time: number, shown: boolean];

/**
 * Plays #v from `from` (muted) and, on every animation frame, records
 * currentTime and whether the tag's button exists in the overlay's shadow root;
 * stops at `until` (media time) and pauses.
 */
async function sampleWhilePlaying(page: Page, tagId: string, from: number, until: number): Promise<Sample[]> {
  await seekPaused(page, '#v', from);
  return page.evaluate(
    ([tagId, until]) =>
      new Promise<Sample[]>((resolve, reject) => {
        const v = document.getElementById('v') as HTMLVideoElement;
        const root = v.nextElementSibling!.shadowRoot!;
        const samples: Sample[] = [];
        const shown = () => !!root.querySelector(`button.tag[data-tag-id="${tagId}"]`);
        const frame = () => {
          samples.push([v.currentTime, shown()]);
          if (v.currentTime >= until || v.ended) {
            v.pause();
            resolve(samples);
          } else requestAnimationFrame(frame);
        };
        v.muted = true;
        v.play().then(() => requestAnimationFrame(frame), reject);
      }),
    [tagId, until] as const,
  );
}

function fmt(samples: Sample[], lo: number, hi: number): string {
  return samples
    .filter(([t]) => t >= lo && t <= hi)
    .map(([t, s]) => `${t.toFixed(3)}${s ? '+' : '-'}`)
    .join(' ');
}

test.describe('tag timing on /test/contain.html', () => {
  test.beforeEach(async ({ page }) => {
    await openWidget(page, '/test/contain.html');
  });

  test('t1 appears within ±0.25 s of its start while playing', async ({ page }) => {
    test.setTimeout(60_000);
    const t1 = tagById(await fetchManifest(page, '/manifests/hero.json'), 't1');
    const samples = await sampleWhilePlaying(page, 't1', 0, t1.start + 1);
    const near = fmt(samples, t1.start - 0.6, t1.start + 0.6);
    const first = samples.findIndex(([, s]) => s);
    expect(first, `t1 never appeared; samples near start: ${near}`).toBeGreaterThan(0);
    const [tFirst] = samples[first];
    expect(tFirst, `first frame with t1 (samples: ${near})`).toBeGreaterThanOrEqual(t1.start - TIME_TOLERANCE);
    expect(tFirst, `first frame with t1 (samples: ${near})`).toBeLessThanOrEqual(t1.start + TIME_TOLERANCE);
    // Once shown it stays shown until well inside its window's end.
    const flicker = samples.slice(first).filter(([t, s]) => !s && t < t1.end - TIME_TOLERANCE);
    expect(flicker, 'frames without t1 after it appeared').toEqual([]);
    // And the sampling really ran from 0 (no tag before the window).
    expect(samples[0][0]).toBeLessThan(t1.start - TIME_TOLERANCE);
  });

  test('t1 disappears within 0.25 s after its end while playing', async ({ page }) => {
    test.setTimeout(60_000);
    const t1 = tagById(await fetchManifest(page, '/manifests/hero.json'), 't1');
    const samples = await sampleWhilePlaying(page, 't1', t1.end - 0.5, t1.end + 0.6);
    const near = fmt(samples, t1.end - 0.6, t1.end + 0.6);
    expect(samples[0][1], `t1 is shown at ${samples[0][0]} (before its end)`).toBe(true);
    const gone = samples.findIndex(([, s]) => !s);
    expect(gone, `t1 never disappeared; samples: ${near}`).toBeGreaterThan(0);
    const [tGone] = samples[gone];
    expect(tGone, `first frame without t1 (samples: ${near})`).toBeGreaterThanOrEqual(t1.end - TIME_TOLERANCE);
    expect(tGone, `first frame without t1 (samples: ${near})`).toBeLessThanOrEqual(t1.end + TIME_TOLERANCE);
    const back = samples.slice(gone).filter(([, s]) => s);
    expect(back, 'frames with t1 after it disappeared').toEqual([]);
    expect(samples[samples.length - 1][0]).toBeGreaterThan(t1.end + TIME_TOLERANCE);
  });

  for (const playing of [false, true]) {
    test(`seeking back from 12 s to 3 s shows t1 and hides t3 within one frame (${playing ? 'playing' : 'paused'})`, async ({ page }) => {
      const m = await fetchManifest(page, '/manifests/hero.json');
      const t1 = tagById(m, 't1'), t3 = tagById(m, 't3');
      expect(t3.start <= 12 && 12 < t3.end && !(t1.start <= 12 && 12 < t1.end)).toBe(true);
      expect(t1.start <= 3 && 3 < t1.end && !(t3.start <= 3 && 3 < t3.end)).toBe(true);
      await seekPaused(page, '#v', 12);
      const tag = (id: string) => page.locator(`#v + shoppable-overlay button.tag[data-tag-id="${id}"]`);
      await expect(tag('t3')).toHaveCount(1);
      await expect(tag('t1')).toHaveCount(0);
      if (playing) {
        await page.evaluate(() => (document.getElementById('v') as HTMLVideoElement).play());
        await page.waitForFunction(() => (document.getElementById('v') as HTMLVideoElement).currentTime > 12.05, null, {
          timeout: LOAD_TIMEOUT,
        });
      }
      const after = await page.evaluate(
        () =>
          new Promise<{ time: number; t1: boolean; t3: boolean; atSeeked: { t1: boolean; t3: boolean } }>((resolve) => {
            const v = document.getElementById('v') as HTMLVideoElement;
            const root = v.nextElementSibling!.shadowRoot!;
            const has = (id: string) => !!root.querySelector(`button.tag[data-tag-id="${id}"]`);
            v.addEventListener(
              'seeked',
              () => {
                const atSeeked = { t1: has('t1'), t3: has('t3') };
                requestAnimationFrame(() => {
                  resolve({ time: v.currentTime, t1: has('t1'), t3: has('t3'), atSeeked });
                  v.pause();
                });
              },
              { once: true },
            );
            v.currentTime = 3;
          }),
      );
      expect(after.time).toBeGreaterThanOrEqual(3);
      expect(after.time).toBeLessThan(3.5);
      expect(after, 'one frame after seeked: t1 shown, t3 hidden').toMatchObject({ t1: true, t3: false });
    });
  }
});
