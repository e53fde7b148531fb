// `tributary run --on spark` (main/services/spark/run-on-spark.ts) on local Spark: an example end to
// end, a skewed pipeline whose per-partition metrics must be Spark's task metrics (rows read from
// the file, rows shuffled into each of 8 partitions, the hot partition flagged by the local
// engine's skew rule), and a wrong master URL as one clear sentence. A missing pyspark or Java
// fails with the install hint.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../engine/exec/engine.ts';
import type { PartitionMetrics, RunEvent } from '../../engine/exec/events.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { runOnSpark } from '../../main/services/spark/run-on-spark.ts';
import { compareTables, readParquetTable } from './export-compare.ts';
import { requirePyspark } from './run-spark.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-on-spark-'));
const engine = new Engine({ threads: 2 });
const ROWS = 60_000;

beforeAll(() => {
  requirePyspark();
  // k = 1 on 60% of the rows: after hashing k into 8 partitions one partition holds over 36000.
  let seed = 7;
  const next = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const lines = ['id,k,x'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},${next() < 0.6 ? 1 : 2 + Math.floor(next() * 60)},${(next() * 100).toFixed(3)}`);
  writeFileSync(join(root, 'facts.csv'), `${lines.join('\n')}\n`);
});

afterAll(async () => {
  await engine.close();
  rmSync(root, { recursive: true, force: true });
});

const skewed: PipelineDocument = {
  version: 1, name: 'skewed',
  nodes: [
    { id: 'src', kind: 'source.csv', params: { path: 'facts.csv', schema: { id: 'int64', k: 'int32', x: 'float64' } } },
    { id: 'part', kind: 'transform.repartition', params: { partitions: 8, by: ['k'] } },
    { id: 'agg', kind: 'transform.aggregate', params: { groupBy: ['k'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'x', as: 'sx' }] } },
    { id: 'save', kind: 'sink.parquet', params: { path: 'out/skewed.parquet' } },
  ],
  edges: [{ from: 'src', to: 'part' }, { from: 'part', to: 'agg' }, { from: 'agg', to: 'save' }],
};

/** Spark's output file against the one Tributary's Engine writes over it afterwards. */
async function sameAsTributary(doc: PipelineDocument, baseDir: string, out: string): Promise<string[]> {
  const spark = await readParquetTable(join(baseDir, out));
  const run = await engine.run(doc, { baseDir });
  expect(run.status).toBe('COMPLETED');
  return compareTables(spark, await readParquetTable(join(baseDir, out)), 1e-9, false);
}

describe('tributary run --on spark', () => {
  it('runs an example end to end with Spark stages and task metrics as run events', async () => {
    const dir = join(root, 'example');
    mkdirSync(dir);
    const doc = JSON.parse(readFileSync(join(import.meta.dirname, '../../assets/examples/revenue-by-country.json'), 'utf8')) as PipelineDocument;
    const events: RunEvent[] = [];
    const result = await runOnSpark(doc, { baseDir: dir, master: 'local[2]', onEvent: (e) => events.push(e) });
    expect(result.error?.message).toBeUndefined();
    expect(result.status).toBe('COMPLETED');
    expect(result.spark.applicationId).toMatch(/^local-\d+$/);
    expect(events[0]?.type).toBe('run.started');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'COMPLETED' });
    const parts = events.filter((e): e is RunEvent & PartitionMetrics & { type: 'partition.finished' } => e.type === 'partition.finished');
    const stages = events.filter((e) => e.type === 'stage.finished');
    expect(stages.length).toBeGreaterThan(1);
    expect(result.stages).toHaveLength(stages.length);
    // Spark's executor run time and shuffled rows: the 200000 events cross a shuffle (join or aggregate).
    expect(parts.some((p) => p.durationMs > 0)).toBe(true);
    expect(Math.max(...parts.map((p) => p.rowsOut))).toBeGreaterThan(0);
    expect(await sameAsTributary(doc, dir, 'output/revenue-by-country.parquet')).toEqual([]);
  }, 600_000);

  it('reports each Spark task as a partition: rows read, rows shuffled per partition, the skewed one flagged', async () => {
    const events: RunEvent[] = [];
    const result = await runOnSpark(skewed, { baseDir: root, master: 'local[2]', onEvent: (e) => events.push(e) });
    expect(result.error?.message).toBeUndefined();
    const parts = events.filter((e): e is RunEvent & PartitionMetrics & { type: 'partition.finished' } => e.type === 'partition.finished');
    const byStage = new Map<number, PartitionMetrics[]>();
    for (const p of parts) byStage.set(p.stageId, [...(byStage.get(p.stageId) ?? []), p]);
    const rowsIn = (ps: PartitionMetrics[]): number => ps.reduce((s, p) => s + p.rowsIn, 0);
    // The scan reads every row of the file; the stage after repartition(8, k) reads them all from the shuffle.
    expect([...byStage.values()].some((ps) => rowsIn(ps) === ROWS && ps.some((p) => p.bytes > 0))).toBe(true);
    const shuffled = [...byStage.entries()].find(([, ps]) => ps.length === 8 && rowsIn(ps) === ROWS);
    expect(shuffled, `a stage of 8 partitions reading ${ROWS} rows; stages: ${[...byStage.entries()].map(([s, ps]) => `${s}: ${ps.length} x ${rowsIn(ps)}`).join(', ')}`).toBeDefined();
    const [stageId, ps] = shuffled!;
    const hot = ps.reduce((a, p) => (p.rowsIn > a.rowsIn ? p : a));
    expect(hot.rowsIn).toBeGreaterThan(ROWS / 2);
    const summary = events.find((e) => e.type === 'stage.finished' && e.stageId === stageId);
    expect(summary).toMatchObject({ skewed: true, skewedPartitions: [hot.partition] });
    expect(await sameAsTributary(skewed, root, 'out/skewed.parquet')).toEqual([]);
  }, 600_000);

  it('turns a failing task into one sentence naming the stage and the cause', async () => {
    const bucketed: PipelineDocument = {
      version: 1, name: 'bucketed',
      nodes: [skewed.nodes[0]!, { id: 'b', kind: 'feature.bucketizer', params: { inputCol: 'x', outputCol: 'bx', splits: [0, 10, 50] } },
        { id: 'save', kind: 'sink.parquet', params: { path: 'out/bucketed.parquet' } }],
      edges: [{ from: 'src', to: 'b' }, { from: 'b', to: 'save' }],
    };
    const result = await runOnSpark(bucketed, { baseDir: root, master: 'local[2]' });
    expect(result.status).toBe('FAILED');
    expect(result.spark.applicationId).toMatch(/^local-/);
    expect(result.error?.message).toMatch(/^a Spark task failed in stage [\d.]+: SparkException: Feature value [\d.]+ out of Bucketizer bounds \[0\.0, 50\.0\]/);
    expect(result.error?.message).not.toMatch(/\n\s+at /);
  }, 300_000);

  it('cancels: the Spark application is killed and the run ends CANCELLED', async () => {
    const controller = new AbortController();
    const events: RunEvent[] = [];
    const result = await runOnSpark(skewed, {
      baseDir: root, master: 'local[2]', signal: controller.signal,
      onEvent: (e) => { events.push(e); if (e.type === 'partition.finished') controller.abort(); },
    });
    expect(result.status).toBe('CANCELLED');
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'CANCELLED' });
    expect(events.filter((e) => e.type === 'stage.finished').length).toBeLessThanOrEqual(1);
  }, 300_000);

  it('turns a wrong master URL into one sentence with the fix', async () => {
    const result = await runOnSpark(skewed, { baseDir: root, master: 'nowhere://x' });
    expect(result.status).toBe('FAILED');
    expect(result.error?.message).toMatch(/master URL 'nowhere:\/\/x' is not valid: use local\[\*\]/);
    expect(result.error?.message).not.toMatch(/\n\s+at /);
  }, 300_000);
});
