import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './export.ts';
import { EXPORT_TARGETS } from '../../engine/export/targets.ts';

const EXAMPLE = new URL('../../assets/examples/revenue-by-country.json', import.meta.url).pathname;

let written: string[];
let err: string[];
let dir: string;
beforeEach(async () => {
  written = [];
  err = [];
  dir = await mkdtemp(join(tmpdir(), 'trib-export-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { written.push(String(s)); return true; });
  vi.spyOn(console, 'error').mockImplementation((s: string) => { err.push(s); });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('tributary export', () => {
  it('prints the script, or writes it with -o', async () => {
    const doc = JSON.parse(await readFile(EXAMPLE, 'utf8'));
    const want = EXPORT_TARGETS.ts!.exportPipeline(doc, { pipelinePath: EXAMPLE });
    expect(await run([EXAMPLE, '--to', 'ts'])).toBe(0);
    expect(written.join('')).toBe(want);
    const out = join(dir, 'sub/revenue.ts');
    expect(await run([EXAMPLE, '--to', 'ts', '-o', out])).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(want);
    expect(err.at(-1)).toBe(`wrote ${out} (ts, 7 nodes)`);
  });

  it('refuses a pipeline with problems, printing each; writes nothing', async () => {
    const doc = JSON.parse(await readFile(EXAMPLE, 'utf8'));
    doc.nodes[3].kind = 'transform.filtr';
    const file = join(dir, 'p.json');
    await writeFile(file, JSON.stringify(doc));
    expect(await run([file, '--to', 'ts', '-o', join(dir, 'p.ts')])).toBe(1);
    expect(err.join('\n')).toContain("unknown kind 'transform.filtr' of node 'big': did you mean 'transform.filter'?");
    await expect(readFile(join(dir, 'p.ts'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('explains bad usage with exit code 2', async () => {
    expect(await run([EXAMPLE])).toBe(2);
    expect(err.at(-1)).toContain('missing --to (one of ts, pyspark)');
    expect(await run([EXAMPLE, '--to', 'py'])).toBe(2);
    expect(err.at(-1)).toContain("unknown target 'py': the targets are ts");
    expect(await run(['--to', 'ts'])).toBe(2);
    expect(await run([EXAMPLE, EXAMPLE, '--to', 'ts'])).toBe(2);
  });
});
