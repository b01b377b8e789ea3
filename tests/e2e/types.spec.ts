// The npm package's TypeScript types (npm/index.d.ts and the generated
// npm/types/generated/): a page using the package compiles, with the events'
// `detail` typed; a wrong option name does not. The compiler is the pinned
// `typescript` in this directory's node_modules; the package is linked there
// (`file:../../npm`), so it resolves by name through its `exports` map.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const dir = path.join(__dirname, 'types');
const tsc = path.join(__dirname, 'node_modules', '.bin', 'tsc');

function compile(project: string) {
  const r = spawnSync(tsc, ['-p', path.join(dir, project), '--pretty', 'false'], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('a TypeScript page using the package compiles', () => {
  const r = compile('tsconfig.json');
  expect(r.out).toBe('');
  expect(r.status).toBe(0);
});

test('a wrong option name fails to compile, naming the option', () => {
  const r = compile('tsconfig.wrong.json');
  expect(r.status).not.toBe(0);
  expect(r.out).toContain('wrong-option.ts(4,');
  expect(r.out).toMatch(/error TS\d+: .*'pauseOnOpn' does not exist in type 'ShoppableOptions'/);
  // Only that error: the rest of the file is fine.
  expect(r.out.trim().split('\n')).toHaveLength(1);
});

test('Node imports the JSON-LD helper by the package name and gets the VideoObject', () => {
  // Run from this directory, where the package is linked: `@shoppable/video/seo`
  // resolves through the `exports` map to npm/dist/shoppable-seo.js, which
  // reads its wasm from disk.
  const hero = path.join(__dirname, '..', '..', 'www', 'manifests', 'hero.json');
  const script = `
    import { readFile } from 'node:fs/promises';
    import { jsonLd } from '@shoppable/video/seo';
    const o = await jsonLd(await readFile(${JSON.stringify(hero)}, 'utf8'), {
      name: 'Hero', thumbnailUrl: 'https://brand.example/hero.jpg',
      uploadDate: '2026-03-01', pageUrl: 'https://brand.example/hero',
    });
    console.log(JSON.stringify([o['@type'], o.hasPart.length, o.hasPart[0]['@type']]));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: __dirname, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const [type, clips, clip] = JSON.parse(r.stdout);
  expect(type).toBe('VideoObject');
  expect(clips).toBeGreaterThan(0);
  expect(clip).toBe('Clip');
});
