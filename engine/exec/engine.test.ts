import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Engine } from './engine.ts';
import type { RunEvent } from './events.ts';
import type { PipelineDocument } from '../document/document-types.ts';
import { NodeExecutionError } from '../errors.ts';

const engine = new Engine({ threads: 2 });
const dirs: string[] = [];
afterAll(async () => {
  await engine.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tributary-engine-'));
  dirs.push(d);
  return d;
}

async function readParquet(path: string): Promise<unknown[][]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const rows = (await conn.runAndReadAll(`SELECT * FROM read_parquet('${path}')`)).getRowsJS();
  conn.closeSync();
  db.closeSync();
  return rows.map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
}

const example = JSON.parse(readFileSync(new URL('../../assets/examples/revenue-by-country.json', import.meta.url), 'utf8')) as PipelineDocument;

describe('Engine', () => {
  it('runs the example pipeline and writes the same parquet for 1, 2 and 4 partitions', async () => {
    const outputs: unknown[][][] = [];
    for (const partitions of [1, 2, 4]) {
      const dir = tempDir();
      const events: RunEvent[] = [];
      const result = await engine.run(example, { baseDir: dir, partitions, onEvent: (e) => events.push(e) });
      expect(result.status).toBe('COMPLETED');
      expect(result.outputs).toHaveLength(1);
      expect(result.outputs[0]!.path).toBe(join(dir, 'output', 'revenue-by-country.parquet'));
      expect(result.nodes.find((n) => n.nodeId === 'save')!.rows).toBe(result.outputs[0]!.rows);
      expect(events[0]!.type).toBe('run.started');
      expect(events.at(-1)!.type).toBe('run.finished');
      const started = events[0]!.type === 'run.started' ? events[0]!.stages : [];
      const parts = events.filter((e) => e.type === 'partition.finished').length;
      expect(parts).toBe(started.reduce((n, s) => n + s.partitions, 0));
      expect(readdirSync(join(dir, 'output'))).toEqual(['revenue-by-country.parquet']);
      outputs.push(await readParquet(result.outputs[0]!.path));
    }
    expect(outputs[0]!.length).toBeGreaterThan(5);
    for (const o of outputs.slice(1)) {
      expect(o.map((r) => r[0])).toEqual(outputs[0]!.map((r) => r[0])); // same countries, same order
      o.forEach((r, i) => {
        expect(r[2]).toBe(outputs[0]![i]![2]);
        expect(r[3]).toBe(outputs[0]![i]![3]);
        expect(Math.abs((r[1] as number) - (outputs[0]![i]![1] as number))).toBeLessThanOrEqual(1e-9 * Math.abs(r[1] as number));
      });
    }
  });

  it('runs a pipeline without sinks: leaves are computed and their rows reported', async () => {
    const doc = { ...example, nodes: example.nodes.filter((n) => n.id !== 'save'), edges: example.edges.filter((e) => e.to !== 'save') };
    const result = await engine.run(doc, { baseDir: tempDir(), partitions: 2 });
    expect(result.status).toBe('COMPLETED');
    expect(result.outputs).toEqual([]);
    expect(result.nodes.find((n) => n.nodeId === 'ranked')!.rows).toBeGreaterThan(5);
  });

  it('previews a node: the first limit rows in source order and the total, inline and pooled', async () => {
    for (const mode of ['inline', 'pool'] as const) {
      const out = await engine.preview(example, 'users', { baseDir: tempDir(), limit: 7, partitions: 4, mode });
      expect(out.batches.flatMap((b) => [...b.getChild('user_id')!])).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(out.totalRows).toBe(5000);
      expect(out.schema.fields.map((f) => f.name)).toContain('country');
    }
  });

  it('explains the physical plan with stages and exchanges', async () => {
    const ex = await engine.explain(example, { baseDir: tempDir(), partitions: 2 });
    expect(ex.physical).toMatch(/Stage 0 \[2 partitions\]/);
    expect(ex.physical).toContain('Exchange hash(country) 2 -> 2');
    expect(ex.logical.length).toBeGreaterThan(0);
  });

  it('flags a skewed hash partition and names its hot key', async () => {
    const dir = tempDir();
    const lines = ['k,v'];
    for (let i = 0; i < 40_000; i++) lines.push(`${i % 20 === 0 ? i % 997 : 7},${i}`);
    writeFileSync(join(dir, 'skew.csv'), `${lines.join('\n')}\n`);
    const doc: PipelineDocument = {
      version: 1, name: 'skew',
      nodes: [
        { id: 'src', kind: 'source.csv', params: { path: 'skew.csv', schema: { k: 'int32', v: 'int64' } } },
        { id: 'agg', kind: 'transform.aggregate', params: { groupBy: ['k'], aggregations: [{ fn: 'count_distinct', column: 'v', as: 'n' }] } },
      ],
      edges: [{ from: 'src', to: 'agg' }],
    };
    const events: RunEvent[] = [];
    // One level (skew mitigation off): the hot key's distinct values all land in its final partition.
    const result = await engine.run(doc, { baseDir: dir, partitions: 8, mode: 'pool', onEvent: (e) => events.push(e), skewMitigation: false });
    expect(result.status).toBe('COMPLETED');
    const skewed = result.stages!.find((s) => s.skewed && s.hotKey);
    expect(skewed).toBeDefined();
    expect(skewed!.hotKey).toEqual(expect.objectContaining({ column: 'k', value: '7' }));
    expect(skewed!.hotKey!.share).toBeGreaterThan(0.9);
    expect(skewed!.slowest.reason.length).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'stage.finished' && e.skewed)).toBe(true);
    expect(events.some((e) => e.type === 'log' && e.level === 'warn' && e.message.includes('the hot key is k = 7'))).toBe(true);

    // Two levels (mitigation on, the default): the (k, v) pairs spread, no key skew, the same counts.
    const spread = await engine.run(doc, { baseDir: dir, partitions: 8, mode: 'pool' });
    // (The small CSV is one split: its scan stage stays an input-split imbalance.)
    expect(spread.stages!.some((s) => s.cause?.kind === 'key')).toBe(false);
    expect(spread.stages!.flatMap((s) => s.mitigations ?? []).some((m) => m.kind === 'two-level-aggregate')).toBe(true);
    expect(spread.nodes.find((n) => n.nodeId === 'agg')!.rows).toBe(result.nodes.find((n) => n.nodeId === 'agg')!.rows);
  });

  it('cancels while a sink writes and leaves no file, temp or final', async () => {
    const dir = tempDir();
    const doc: PipelineDocument = {
      version: 1, name: 'cancel',
      nodes: [
        { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 1_500_000 } },
        { id: 'save', kind: 'sink.csv', params: { path: 'out/events.csv' } },
      ],
      edges: [{ from: 'events', to: 'save' }],
    };
    const controller = new AbortController();
    // Cancelled at the sink's first live report: it has taken a batch (its temp file exists) and
    // has many more to go, so the abort lands mid-write whatever the machine's speed (no timer).
    let sinkReports = 0;
    const result = await engine.run(doc, {
      baseDir: dir, partitions: 2, mode: 'inline', signal: controller.signal, progressEveryMs: 0,
      onEvent: (e) => {
        if (e.type !== 'node.progress' || e.nodeId !== 'save') return;
        sinkReports++;
        controller.abort();
      },
    });
    expect(sinkReports).toBeGreaterThan(0);
    expect(result.status).toBe('CANCELLED');
    const out = join(dir, 'out');
    expect(readdirSync(dir).includes('out') ? readdirSync(out) : []).toEqual([]);
  });

  it('runs an ML stage: model.fitted once, before run.finished, and the run result keeps the model by node id', async () => {
    const doc: PipelineDocument = {
      version: 1, name: 'ml',
      nodes: [
        { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 100 } },
        { id: 'imp', kind: 'feature.imputer', params: { inputCols: ['sqft'], outputCols: ['sqft_i'] } },
      ],
      edges: [{ from: 'houses', to: 'imp' }],
    };
    const events: RunEvent[] = [];
    const result = await engine.run(doc, { baseDir: tempDir(), partitions: 2, onEvent: (e) => events.push(e) });
    expect(result.status).toBe('COMPLETED');
    expect(result.nodes.find((n) => n.nodeId === 'imp')!.rows).toBe(100);
    const fitted = events.filter((e) => e.type === 'model.fitted');
    expect(fitted).toHaveLength(1);
    expect(events.findIndex((e) => e.type === 'model.fitted')).toBeLessThan(events.findIndex((e) => e.type === 'run.finished'));
    expect(Object.keys(result.models ?? {})).toEqual(['imp']);
    expect(result.models!['imp']).toEqual(fitted[0]!.type === 'model.fitted' ? fitted[0]!.model : undefined);
    expect(result.models!['imp']!.kind).toBe('feature.imputer');
  });

  it('warms its pool on request and closes it to no threads', async () => {
    const own = new Engine({ threads: 2 });
    expect(own.liveThreads).toBe(0);
    await own.warm();
    expect(own.liveThreads).toBe(2);
    await own.close();
    expect(own.liveThreads).toBe(0);
  });

  it('preview of a node after a failing ML stage rejects with a NodeExecutionError naming it once', async () => {
    const doc: PipelineDocument = {
      version: 1, name: 'ml-preview',
      nodes: [
        { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 100 } },
        // Every value null: the imputer has no mean to fill them with.
        { id: 'holes', kind: 'transform.derive', params: { columns: [{ name: 'sqft', expr: 'if(house_id < 0, sqft, null)' }] } },
        { id: 'imp', kind: 'feature.imputer', params: { inputCols: ['sqft'], outputCols: ['sqft'] } },
        { id: 'f', kind: 'transform.filter', params: { condition: 'sqft > 0' } },
      ],
      edges: [{ from: 'houses', to: 'holes' }, { from: 'holes', to: 'imp' }, { from: 'imp', to: 'f' }],
    };
    const err = await engine.preview(doc, 'f', { baseDir: tempDir() }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(NodeExecutionError);
    expect((err as NodeExecutionError).nodeId).toBe('imp');
    expect((err as Error).message.match(/node 'imp'/g)).toHaveLength(1);
  });

  it('rejects a document with issues with a PipelineError', async () => {
    const doc = { ...example, nodes: example.nodes.map((n) => (n.id === 'big' ? { ...n, params: { condition: 'amout > 10' } } : n)) };
    await expect(engine.run(doc, { baseDir: tempDir() })).rejects.toThrow(/amout/);
  });
});
