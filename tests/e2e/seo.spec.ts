// The JSON-LD helper (www/shoppable-seo.js, README "SEO"): for the hero
// manifest and a page, what it gives in plain Node (server-side rendering,
// seo_node.mjs over the release's files) and in a page that renders on the
// client (insertJsonLd) is the server route's answer
// (GET /api/manifests/hero/jsonld): one model function. And it is what it
// should be: a VideoObject with a Clip per tagged span, in time order, named
// after its product, whole-second offsets, a url at the clip's start. Bad
// input rejects with an Error naming the JSON path or the page field.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE_URL } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const HERO = path.join(ROOT, 'www/manifests/hero.json');
const PAGE = {
  name: 'Spring drop',
  thumbnailUrl: 'https://brand.example/spring.jpg',
  uploadDate: '2026-03-01',
  pageUrl: 'https://brand.example/spring?ref=home#watch',
  description: 'Four products in twenty seconds',
};
/** Type error at tags[0].start: the validator rejects the whole manifest. */
function badManifest() {
  const m = JSON.parse(fs.readFileSync(HERO, 'utf8'));
  m.tags[0].start = 'one';
  return m;
}

/** The server route's answer (text) for the hero manifest and `PAGE`. */
async function routeAnswer(): Promise<string> {
  const q = new URLSearchParams({
    page_url: PAGE.pageUrl,
    name: PAGE.name,
    thumbnail_url: PAGE.thumbnailUrl,
    upload_date: PAGE.uploadDate,
    description: PAGE.description,
  });
  const res = await fetch(new URL(`/api/manifests/hero/jsonld?${q}`, BASE_URL));
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return text;
}

/** What the JSON-LD must say about the hero manifest, from the manifest itself. */
function expectVideoObject(v: any) {
  const manifest = JSON.parse(fs.readFileSync(HERO, 'utf8'));
  expect(v['@context']).toBe('https://schema.org');
  expect(v['@type']).toBe('VideoObject');
  expect(v.name).toBe(PAGE.name);
  expect(v.thumbnailUrl).toBe(PAGE.thumbnailUrl);
  expect(v.uploadDate).toBe(PAGE.uploadDate);
  expect(v.description).toBe(PAGE.description);
  const tags = [...manifest.tags].sort((a: any, b: any) => a.start - b.start);
  expect(tags.length).toBeGreaterThan(1);
  expect(v.hasPart.map((c: any) => c.name)).toEqual(
    tags.map((t: any) => manifest.products.find((p: any) => p.id === t.product).title),
  );
  for (const [i, t] of tags.entries()) {
    const start = Math.floor(t.start);
    expect(v.hasPart[i]).toEqual({
      '@type': 'Clip',
      name: expect.any(String),
      startOffset: start,
      endOffset: Math.max(Math.ceil(t.end), start + 1),
      // The time before the fragment, after the page's own query.
      url: `https://brand.example/spring?ref=home&t=${start}#watch`,
    });
  }
}

test('in Node, the helper gives the server route\'s answer', async () => {
  // The release's alias files, as served, in a directory of their own: what
  // a brand's server-side renderer would hold.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoppable-seo-'));
  try {
    for (const name of ['shoppable-seo.js', 'shoppable-jsonld.js', 'shoppable-jsonld_bg.wasm', 'package.json']) {
      const res = await fetch(new URL(`/shoppable/v1/${name}`, BASE_URL));
      expect(res.status, name).toBe(200);
      fs.writeFileSync(path.join(dir, name), Buffer.from(await res.arrayBuffer()));
    }
    const node = (mode: string, manifest: string, page: object = PAGE) =>
      JSON.parse(
        execFileSync('node', [path.join(__dirname, 'seo_node.mjs'), dir, mode, manifest, JSON.stringify(page)], {
          encoding: 'utf8',
        }),
      );
    const answer = await routeAnswer();
    const fromText = node('text', HERO);
    expect(fromText.error).toBeUndefined();
    // The same text, byte for byte: one function, `<` escaped alike.
    expect(fromText.script).toBe(answer);
    expect(node('object', HERO).object).toEqual(JSON.parse(answer));
    expect(JSON.parse(node('url', new URL('/manifests/hero.json', BASE_URL).href).script)).toEqual(JSON.parse(answer));
    expectVideoObject(JSON.parse(fromText.script));

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify(badManifest()));
    const e = node('text', bad);
    expect(e.isError).toBe(true);
    expect(e.error).toMatch(/^tags\[0\]\.start: invalid type: string "one"/);
    const { pageUrl: _, ...noPageUrl } = PAGE;
    expect(node('text', HERO, noPageUrl).error).toBe('page.pageUrl is required');
    expect(node('text', HERO, { ...PAGE, contentUrl: 'javascript:alert(1)' }).error).toBe(
      'page.contentUrl: "javascript:alert(1)" is not an absolute http(s) URL',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('in a page, insertJsonLd puts the route\'s answer in the head', async ({ page }) => {
  await page.goto('/test/seo.html');
  await page.waitForFunction(() => (window as any).seo);
  const text = await page.evaluate(async (p) => {
    const { insertJsonLd } = (window as any).seo;
    // A client-side render again (another name): the element is replaced, not added.
    await insertJsonLd('/manifests/hero.json', { ...p, name: 'Draft' });
    await insertJsonLd('/manifests/hero.json', p);
    const els = document.head.querySelectorAll('script[type="application/ld+json"]');
    if (els.length !== 1) throw new Error(`${els.length} JSON-LD scripts in the head`);
    return els[0].textContent;
  }, PAGE);
  const answer = await routeAnswer();
  expect(text).toBe(answer);
  expectVideoObject(JSON.parse(text ?? ''));

  const errors = await page.evaluate(
    async ([bad, p]) => {
      const { jsonLd } = (window as any).seo;
      const message = (work: Promise<unknown>) =>
        work.then(
          () => 'resolved',
          (e) => (e instanceof Error ? e.message : `not an Error: ${e}`),
        );
      return {
        manifest: await message(jsonLd(bad, p)),
        page: await message(jsonLd('/manifests/hero.json', { ...p, uploadDate: 'March' })),
        missing: await message(jsonLd('/manifests/nope.json', p)),
      };
    },
    [badManifest(), PAGE] as const,
  );
  expect(errors.manifest).toMatch(/^tags\[0\]\.start: invalid type: string "one"/);
  expect(errors.page).toMatch(/^page\.uploadDate: "March" is not an ISO 8601 date/);
  expect(errors.missing).toMatch(/^manifest: GET .*\/manifests\/nope\.json answered 404$/);
  expect(await page.evaluate(() => (window as any).__pageErrors)).toEqual([]);
});
