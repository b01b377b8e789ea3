// Tags of a playing video are moved by the browser (one Web Animation per
// straight stretch, timed on the video's clock): sampled on animation frames
// while playing at 1× and 2×, every shown tag is where the manifest puts it at
// the video's current time; a rate change and a pause are followed.
import { test, expect } from '@playwright/test';
import { expectTagsPlaced, expectedPoint, fetchManifest, isActive, openWidget, positionAt, seekPaused, snapshot } from './helpers';

type Sample = { time: number; rate: number; tags: { id: string; cx: number; cy: number }[]; durations?: number[] };

for (const rate of [1, 2]) {
  test(`playing at ${rate}×, moving tags stay on the manifest's path`, async ({ page }) => {
    test.setTimeout(60_000);
    const m = await fetchManifest(page, '/manifests/hero.json');
    await openWidget(page, '/test/contain.html');
    // 10.2 s: t2 and t3 both move (t3 the fastest of hero.json).
    await seekPaused(page, '#v', 10.2);
    const g = (await snapshot(page, '#v')).geometry;
    const samples: Sample[] = await page.evaluate(
      (rate) =>
        new Promise<Sample[]>((resolve, reject) => {
          const v = document.getElementById('v') as HTMLVideoElement;
          const root = v.nextElementSibling!.shadowRoot!;
          const out: Sample[] = [];
          const frame = (ts: number) => {
            const tags = [...root.querySelectorAll<HTMLElement>('button.tag')].map((b) => {
              const r = b.getBoundingClientRect();
              return { id: b.dataset.tagId ?? '', cx: r.left + r.width / 2, cy: r.top + r.height / 2 };
            });
            // Animations stand where they are at this frame's time `ts`; the
            // video's clock is read now, which on a busy machine can be well
            // after it: the media time at `ts` is what the tags must match.
            const late = Math.max(0, performance.now() - ts) / 1000;
            out.push({ time: v.currentTime - late * v.playbackRate, rate: v.playbackRate, tags });
            if (v.currentTime >= 10.2 + 1.2 * rate) {
              v.pause();
              resolve(out);
            } else requestAnimationFrame(frame);
          };
          v.muted = true;
          v.playbackRate = rate;
          v.play().then(() => requestAnimationFrame(frame), reject);
        }),
      rate,
    );
    expect(samples.length, 'frames sampled').toBeGreaterThan(10);
    // A tag's speed here is at most 0.125 frame widths per second: allow one
    // 25 fps frame of it, at this rate, between the clock read and the frame drawn.
    const slack = 4 + 0.125 * g.content.width * rate * 0.04;
    let compared = 0;
    for (const s of samples.slice(2)) {
      for (const tag of m.tags) {
        if (!isActive(tag, s.time) || Math.abs(s.time - tag.start) < 0.1 || Math.abs(s.time - tag.end) < 0.1) continue;
        const p = positionAt(tag, s.time);
        const e = expectedPoint(g, p.x, p.y);
        const got = s.tags.find((b) => b.id === tag.id);
        if (!e.visible || Math.abs(e.margin) < 1) continue;
        expect(got, `t=${s.time.toFixed(3)}: ${tag.id} shown`).toBeDefined();
        const d = Math.hypot(got!.cx - e.x, got!.cy - e.y);
        expect(d, `t=${s.time.toFixed(3)} at ${rate}×: ${tag.id} at (${got!.cx.toFixed(1)}, ${got!.cy.toFixed(1)}), manifest (${e.x.toFixed(1)}, ${e.y.toFixed(1)})`).toBeLessThanOrEqual(slack);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
    // It really moved, and stands exactly on the manifest once paused.
    const first = samples[2].tags.find((b) => b.id === 't3')!, last = samples[samples.length - 1].tags.find((b) => b.id === 't3')!;
    expect(Math.hypot(last.cx - first.cx, last.cy - first.cy)).toBeGreaterThan(5);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await expectTagsPlaced(page, '#v', m);
  });
}

test('a rate change mid-stretch is followed', async ({ page }) => {
  test.setTimeout(60_000);
  const m = await fetchManifest(page, '/manifests/hero.json');
  await openWidget(page, '/test/contain.html');
  await seekPaused(page, '#v', 10.2);
  const g = (await snapshot(page, '#v')).geometry;
  // Play at 1× for 0.5 s, then at 3× for 0.6 s of wall time, and look.
  const s: Sample = await page.evaluate(
    () =>
      new Promise<Sample>((resolve, reject) => {
        const v = document.getElementById('v') as HTMLVideoElement;
        const root = v.nextElementSibling!.shadowRoot!;
        v.muted = true;
        v.play().then(() => {
          setTimeout(() => {
            v.playbackRate = 3;
            setTimeout(() => requestAnimationFrame(() => {
              const b = root.querySelector<HTMLElement>('button.tag[data-tag-id="t3"]')!;
              const r = b.getBoundingClientRect();
              // The button's own animations: its motion (the dot's pulse is the dot's).
              const durations = b.getAnimations().map((a) => Number(a.effect!.getTiming().duration));
              resolve({ time: v.currentTime, rate: v.playbackRate, tags: [{ id: 't3', cx: r.left + r.width / 2, cy: r.top + r.height / 2 }], durations });
              v.pause();
            }), 600);
          }, 500);
        }, reject);
      }),
  );
  const t3 = m.tags.find((t) => t.id === 't3')!;
  const p = positionAt(t3, s.time);
  const e = expectedPoint(g, p.x, p.y);
  const d = Math.hypot(s.tags[0].cx - e.x, s.tags[0].cy - e.y);
  expect(d, `at t=${s.time.toFixed(3)}, 3×`).toBeLessThanOrEqual(4 + 0.125 * g.content.width * 3 * 0.04);
  // Its stretch (between the keyframes around t) is timed for 3×.
  const k = t3.keyframes.findIndex((f) => f.t > s.time);
  const stretch = (t3.keyframes[k].t - t3.keyframes[k - 1].t) * 1000;
  expect(s.durations, 'one motion animation').toHaveLength(1);
  expect(s.durations![0]).toBeCloseTo(stretch / 3, 3);
  // Paused: no animation left, the tag stands on the manifest.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const left = await page.evaluate(() => {
    const v = document.getElementById('v') as HTMLVideoElement;
    return [...v.nextElementSibling!.shadowRoot!.querySelectorAll<HTMLElement>('button.tag')].flatMap((b) => b.getAnimations()).length;
  });
  expect(left).toBe(0);
  await expectTagsPlaced(page, '#v', m);
});
