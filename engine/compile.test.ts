import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile } from './compile.ts';
import { CompileCache } from './compile-cache.ts';
import { Engine } from './exec/engine.ts';
import type { PipelineDocument } from './document/document-types.ts';

const dirs: string[] = [];
const engine = new Engine({ threads: 2 });
afterAll(async () => {
  await engine.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function csvPipeline(dir: string, csv: string): PipelineDocument {
  writeFileSync(join(dir, 'in.csv'), csv);
  return {
    version: 1, name: 'csv',
    nodes: [
      { id: 'src', kind: 'source.csv', params: { path: 'in.csv' }, position: { x: 0, y: 0 } },
      { id: 'big', kind: 'transform.filter', params: { condition: 'a > 1' } },
      { id: 'top', kind: 'transform.sort', params: { keys: [{ column: 'a', descending: true }] } },
      { id: 'first', kind: 'transform.limit', params: { count: 1 } },
    ],
    edges: [{ from: 'src', to: 'big' }, { from: 'big', to: 'top' }, { from: 'top', to: 'first' }],
  };
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tributary-compile-'));
  dirs.push(d);
  return d;
}

describe('compile', () => {
  it('returns every stage: ports, logical, optimized with the rules that fired, physical when asked', async () => {
    const dir = tempDir();
    const out = await compile(csvPipeline(dir, 'a,b\n1,x\n2,y\n3,z\n'), { baseDir: dir, physical: { target: { kind: 'run' }, partitions: 3 } });
    expect(out.issues).toEqual([]);
    expect(out.ports['big.out']!.fields.map((f) => f.name)).toEqual(['a', 'b']);
    expect(out.logical!.nodes.get('big')!.op).toBe('filter');
    // The filter moves into the scan, the sort and limit become a top-k.
    expect(out.rulesFired).toContain('push-down-filters');
    expect(out.rulesFired).toContain('push-down-limit');
    expect(out.physical!.partitions).toBe(3);
    expect(out.physicalError).toBeUndefined();
  });

  it('optimize: false gives the logical plan as the optimized one and fires nothing', async () => {
    const dir = tempDir();
    const out = await compile(csvPipeline(dir, 'a,b\n1,x\n'), { baseDir: dir, optimize: false });
    expect(out.optimized).toBe(out.logical);
    expect(out.rulesFired).toEqual([]);
    expect(out.physical).toBeUndefined();
  });

  it('reports the document issues and no plan; a preview of a missing node is a physical error naming it', async () => {
    const dir = tempDir();
    const bad = csvPipeline(dir, 'a,b\n1,x\n');
    const broken = await compile({ ...bad, nodes: bad.nodes.map((n) => (n.id === 'big' ? { ...n, params: { condition: 'c > 1' } } : n)) }, { baseDir: dir });
    expect(broken.logical).toBeUndefined();
    expect(broken.issues.map((i) => i.nodeId)).toEqual(['big']);
    expect(broken.issues[0]!.message).toContain("'c'");
    const missing = await compile(bad, { baseDir: dir, physical: { target: { kind: 'preview', nodeId: 'nope' } } });
    expect(missing.physical).toBeUndefined();
    expect(missing.physicalError!.message).toContain("no node 'nope'");
  });

  it('an unknown disabled rule throws listing the known ones', async () => {
    const dir = tempDir();
    await expect(compile(csvPipeline(dir, 'a\n1\n'), { baseDir: dir, disabledRules: ['push-down-filterz'] }))
      .rejects.toThrow(/unknown optimizer rule 'push-down-filterz'.*push-down-filters/);
  });
});

describe('CompileCache', () => {
  it('compiles a document version once for check, run and preview; a moved node is the same version', async () => {
    const dir = tempDir();
    const cache = new CompileCache();
    const cached = new Engine({ threads: 1, compileCache: cache });
    try {
      const doc = csvPipeline(dir, 'a,b\n1,x\n2,y\n3,z\n');
      await compile(doc, { baseDir: dir, cache });
      const moved = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'src' ? { ...n, position: { x: 50, y: 80 } } : n)) };
      const run = await cached.run(moved, { baseDir: dir });
      expect(run.status).toBe('COMPLETED');
      const preview = await cached.preview(doc, 'first', { baseDir: dir });
      expect(preview.totalRows).toBe(1);
      expect(cache.compiles).toBe(1);
      // Another option set or another version compiles again.
      await compile(doc, { baseDir: dir, cache, disabledRules: ['push-down-limit'] });
      expect(cache.compiles).toBe(2);
      await compile({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'first' ? { ...n, params: { count: 2 } } : n)) }, { baseDir: dir, cache });
      expect(cache.compiles).toBe(3);
    } finally {
      await cached.close();
    }
  });

  it('compiles again when a source file changed on disk, and sees its new columns', async () => {
    const dir = tempDir();
    const cache = new CompileCache();
    const doc = csvPipeline(dir, 'a,b\n1,x\n');
    const first = await compile(doc, { baseDir: dir, cache });
    expect(first.ports['src.out']!.fields.map((f) => f.name)).toEqual(['a', 'b']);
    writeFileSync(join(dir, 'in.csv'), 'a,b,c\n1,x,true\n');
    // Same size would still differ in mtime; set one far from the first write to be sure.
    utimesSync(join(dir, 'in.csv'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    const second = await compile(doc, { baseDir: dir, cache });
    expect(second.ports['src.out']!.fields.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(cache.compiles).toBe(2);
  });

  it('does not keep a document with problems: the missing file, once written, is found', async () => {
    const dir = tempDir();
    const cache = new CompileCache();
    const doc = csvPipeline(dir, 'a\n1\n');
    rmSync(join(dir, 'in.csv'));
    expect((await compile(doc, { baseDir: dir, cache })).issues[0]!.param).toBe('path');
    writeFileSync(join(dir, 'in.csv'), 'a\n5\n');
    expect((await compile(doc, { baseDir: dir, cache })).issues).toEqual([]);
  });
});

describe('Engine without a cache', () => {
  it('still refuses a document with problems with every issue', async () => {
    const dir = tempDir();
    const doc = csvPipeline(dir, 'a\n1\n');
    await expect(engine.run({ ...doc, nodes: doc.nodes.map((n) => (n.id === 'big' ? { ...n, params: { condition: 'zz > 1' } } : n)) }, { baseDir: dir }))
      .rejects.toThrow(/'zz'/);
  });
});

describe('CompileCache under concurrent calls', () => {
  it('compiles a version once when several ask for it at the same time', async () => {
    const dir = tempDir();
    const cache = new CompileCache();
    const doc = csvPipeline(dir, 'a,b\n1,x\n2,y\n');
    const all = await Promise.all([1, 2, 3, 4].map(() => compile(doc, { baseDir: dir, cache })));
    expect(all.every((c) => c.optimized === all[0]!.optimized)).toBe(true);
    expect(cache.compiles).toBe(1);
  });
});
