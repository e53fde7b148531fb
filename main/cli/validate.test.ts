import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './validate.ts';

const EXAMPLE = new URL('../../assets/examples/revenue-by-country.json', import.meta.url).pathname;

let out: string[];
let err: string[];
beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((s: string) => { out.push(s); });
  vi.spyOn(console, 'error').mockImplementation((s: string) => { err.push(s); });
});
afterEach(() => vi.restoreAllMocks());

describe('tributary validate', () => {
  it('prints ok with the counts for a good pipeline', async () => {
    expect(await run([EXAMPLE])).toBe(0);
    expect(out).toEqual(['ok: 7 nodes, 6 edges']);
  });

  it('prints every issue with node, kind, param and a caret under the span; exit code 1', async () => {
    const doc = JSON.parse(await readFile(EXAMPLE, 'utf8'));
    doc.nodes[3].params.condition = 'amout > 10';
    doc.nodes[5].params.keys[0].column = 'revenu';
    const dir = await mkdtemp(join(tmpdir(), 'trib-validate-'));
    const file = join(dir, 'p.json');
    await writeFile(file, JSON.stringify(doc));
    expect(await run([file])).toBe(1);
    const text = err.join('\n');
    expect(text).toContain("node 'big' (transform.filter) param condition: unknown column 'amout' in transform.filter 'big': did you mean 'amount'?\n    amout > 10\n    ^^^^^");
    // `ranked` is after `big`, so it is not inferred: one problem, reported where it is.
    expect(text).toContain(`1 problem in ${file}`);
  });

  it('reports a missing file and bad usage', async () => {
    expect(await run(['/nonexistent/p.json'])).toBe(1);
    expect(err[0]).toContain('cannot read pipeline file /nonexistent/p.json');
    expect(await run([])).toBe(2);
  });
});
