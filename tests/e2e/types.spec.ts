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
