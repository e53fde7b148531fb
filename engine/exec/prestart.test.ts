import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../document/document-types.ts';
import { Engine } from './engine.ts';
import { INLINE_MAX_ROWS, likelyPooled, prestartPool, prestartPoolForFile } from './prestart.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-prestart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const docWith = (...nodes: { kind: string; params: Record<string, unknown> }[]) => ({
  version: 1, name: 't', edges: [], nodes: nodes.map((n, i) => ({ id: `n${i}`, ...n })),
});

describe('likelyPooled', () => {
  it('guesses from generated rows and source file sizes, never from a broken document', () => {
    writeFileSync(join(dir, 'small.csv'), 'a\n1\n');
    writeFileSync(join(dir, 'big.csv'), Buffer.alloc(5 << 20, 'x'));
    expect(likelyPooled(docWith({ kind: 'source.sample', params: { dataset: 'events', rows: INLINE_MAX_ROWS + 1 } }), dir)).toBe(true);
    expect(likelyPooled(docWith({ kind: 'source.sample', params: { dataset: 'events', rows: 1000 } }), dir)).toBe(false);
    expect(likelyPooled(docWith({ kind: 'source.csv', params: { path: 'small.csv' } }), dir)).toBe(false);
    expect(likelyPooled(docWith({ kind: 'source.csv', params: { path: 'big.csv' } }), dir)).toBe(true);
    expect(likelyPooled(docWith({ kind: 'source.parquet', params: { path: join(dir, 'big.csv') } }), '/')).toBe(true);
    expect(likelyPooled(docWith({ kind: 'source.csv', params: { path: 'missing.csv' } }), dir)).toBe(false);
    expect(likelyPooled(docWith({ kind: 'source.csv', params: { path: '*.csv' } }), dir)).toBe(false);
    expect(likelyPooled(undefined, dir)).toBe(false);
    expect(likelyPooled({ nodes: 'no' }, dir)).toBe(false);
  });
});

describe('an Engine with a prestarted pool', () => {
  it('runs a big pipeline on that pool and closes it', async () => {
    const doc: PipelineDocument = {
      version: 1, name: 'big',
      nodes: [
        { id: 'ev', kind: 'source.sample', params: { dataset: 'events', rows: 300_000 } },
        { id: 'agg', kind: 'transform.aggregate', params: { groupBy: ['category'], aggregations: [{ fn: 'count', as: 'n' }] } },
      ],
      edges: [{ from: 'ev', to: 'agg' }],
    };
    const pool = await prestartPool(doc, dir, 2);
    expect(pool?.liveThreads).toBe(2);
    const engine = new Engine({ pool: pool! });
    const out = await engine.preview(doc, 'agg', { baseDir: dir, limit: 100 });
    expect(out.batches.reduce((n, b) => n + b.toArray().reduce((m, r) => m + Number(r.n), 0), 0)).toBe(300_000);
    expect(engine.liveThreads).toBe(2);
    await engine.close();
    expect(pool!.liveThreads).toBe(0);
  });
});

describe('prestartPoolForFile', () => {
  it('starts a pool for a big pipeline file and nothing for a small or broken one', async () => {
    const write = (name: string, text: string | Buffer): string => { const p = join(dir, name); writeFileSync(p, text); return p; };
    write('big.csv', Buffer.alloc(5 << 20, 'x'));
    write('small.csv', 'a\n1\n');
    const big = write('big.json', JSON.stringify(docWith({ kind: 'source.csv', params: { path: 'big.csv' } })));
    const small = write('small.json', JSON.stringify(docWith({ kind: 'source.csv', params: { path: 'small.csv' } })));
    const broken = write('broken.json', '{ "nodes": [');
    const pool = await prestartPoolForFile(big, 1);
    expect(pool?.threads).toBe(1);
    await pool?.close();
    expect(await prestartPoolForFile(small)).toBeUndefined();
    expect(await prestartPoolForFile(broken)).toBeUndefined();
    expect(await prestartPoolForFile(join(dir, 'missing.json'))).toBeUndefined();
  });
});
