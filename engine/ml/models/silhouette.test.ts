// model.evaluate silhouette through the Engine (real worker threads, several partitions and
// batches) against the definition computed here the slow way, O(n^2): each row's mean squared
// Euclidean distance to the other rows of its cluster (a) and to the rows of the nearest other
// cluster (b), s = (b - a) / max(a, b), 0 for a row alone in its cluster. Spark's figure is
// checked by test/spark/ml-scoring-conformance.test.ts.

import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../exec/engine.ts';
import { batchOf } from '../../compute/batches.test-helper.ts';
import { writeParquetFile } from '../../io/parquet/write.ts';
import { mulberry32 } from '../../random.ts';
import type { PipelineDocument } from '../../document/document-types.ts';
import { readParquetRows } from '../../../test/spark/run-tributary.ts';

const dir = mkdtempSync(join(tmpdir(), 'tributary-silhouette-'));
const engine = new Engine({ threads: 2 });
afterAll(async () => { await engine.close(); rmSync(dir, { recursive: true, force: true }); });

/** Overlapping blobs in 3-d, cluster ids as given (not by nearest center: some rows misplaced),
 *  one cluster of a single row. */
function rows(n: number): { x: number[]; y: number[]; z: number[]; c: number[] } {
  const rnd = mulberry32(5);
  const out = { x: [] as number[], y: [] as number[], z: [] as number[], c: [] as number[] };
  for (let i = 0; i < n; i++) {
    const c = i === n - 1 ? 7 : i % 3;
    out.x.push(c * 2 + rnd() * 3); out.y.push(-c + rnd() * 2); out.z.push(rnd()); out.c.push(c);
  }
  return out;
}

function bruteForce(d: ReturnType<typeof rows>): number {
  const n = d.c.length;
  const dist = (i: number, j: number) => (d.x[i]! - d.x[j]!) ** 2 + (d.y[i]! - d.y[j]!) ** 2 + (d.z[i]! - d.z[j]!) ** 2;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Map<number, number>(); const count = new Map<number, number>();
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sum.set(d.c[j]!, (sum.get(d.c[j]!) ?? 0) + dist(i, j));
      count.set(d.c[j]!, (count.get(d.c[j]!) ?? 0) + 1);
    }
    if (!count.has(d.c[i]!)) continue; // alone: 0
    const a = sum.get(d.c[i]!)! / count.get(d.c[i]!)!;
    let b = Infinity;
    for (const [c, s] of sum) if (c !== d.c[i]) b = Math.min(b, s / count.get(c)!);
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

function doc(file: string, out: string, features = 'features'): PipelineDocument {
  return {
    version: 1, name: 'silhouette',
    nodes: [
      { id: 'src', kind: 'source.parquet', params: { path: file } },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['x', 'y', 'z'], outputCol: features } },
      { id: 'sil', kind: 'model.evaluate', params: { metric: 'silhouette', predictionCol: 'c', featuresCol: features } },
      { id: 'out', kind: 'sink.parquet', params: { path: out } },
    ],
    edges: [{ from: 'src', to: 'asm' }, { from: 'asm', to: 'sil' }, { from: 'sil', to: 'out' }],
  };
}

async function silhouette(file: string, partitions: number, features?: string): Promise<number> {
  const out = `sil-${partitions}-${features ?? 'f'}.parquet`;
  const fitted: string[] = [];
  const result = await engine.run(doc(file, out, features), { baseDir: dir, partitions, onEvent: (e) => { if (e.type === 'model.fitted') fitted.push(e.model.kind); } });
  expect(result.error?.message).toBeUndefined();
  // The first pass's cluster sums are the second pass's input, not a model of the run.
  expect(fitted).toEqual(['model.evaluate']);
  expect(Object.keys(result.models ?? {})).toEqual(['sil']);
  const { columns, rows: got } = await readParquetRows(join(dir, out), undefined);
  expect(got).toHaveLength(1);
  expect(got[0]![columns.indexOf('metric')]).toBe('silhouette');
  return got[0]![columns.indexOf('value')] as number;
}

describe('model.evaluate silhouette', () => {
  it('equals the O(n^2) definition, the same on 1 and 4 partitions (several batches each)', async () => {
    const d = rows(3000);
    // Three row groups' worth of batches: every partition sees several.
    const batches = [0, 1000, 2000].map((from) => batchOf([
      { name: 'x', type: 'float64', values: d.x.slice(from, from + 1000) }, { name: 'y', type: 'float64', values: d.y.slice(from, from + 1000) },
      { name: 'z', type: 'float64', values: d.z.slice(from, from + 1000) }, { name: 'c', type: 'int32', values: d.c.slice(from, from + 1000) },
    ]));
    await writeParquetFile(join(dir, 'blobs.parquet'), batches, 'none');
    const want = bruteForce(d);
    const one = await silhouette('blobs.parquet', 1);
    const four = await silhouette('blobs.parquet', 4, 'v');
    expect(Math.abs(one - want) / Math.abs(want)).toBeLessThan(1e-9);
    expect(Math.abs(four - want) / Math.abs(want)).toBeLessThan(1e-9);
    expect(want).toBeGreaterThan(0); expect(want).toBeLessThan(1);
  }, 60_000);

  it('refuses one cluster (as Spark), naming the node and the column', async () => {
    await writeParquetFile(join(dir, 'one.parquet'), [batchOf([
      { name: 'x', type: 'float64', values: [1, 2, 3] }, { name: 'y', type: 'float64', values: [1, 2, 4] },
      { name: 'z', type: 'float64', values: [0, 0, 1] }, { name: 'c', type: 'int32', values: [4, 4, 4] },
    ])], 'none');
    const result = await engine.run(doc('one.parquet', 'one-out.parquet'), { baseDir: dir, partitions: 2 });
    expect(result.error?.nodeId).toBe('sil');
    expect(result.error?.message).toMatch(/Number of clusters must be greater than one.*'c' \(predictionCol\) holds 1/);
  });

  it('checks featuresCol before the run: a non-vector column is a document issue', async () => {
    const bad = doc('one.parquet', 'x.parquet');
    const sil = bad.nodes.find((n) => n.id === 'sil')!;
    const run = engine.run({ ...bad, nodes: bad.nodes.map((n) => (n === sil ? { ...n, params: { ...n.params, featuresCol: 'x' } } : n)) }, { baseDir: dir });
    await expect(run).rejects.toThrow(/column 'x' of model.evaluate 'sil' must be a vector \(feature.vectorAssembler\), got float64/);
  });
});
