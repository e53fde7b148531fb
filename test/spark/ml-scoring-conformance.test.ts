// Against pyspark (one JVM for the file): model.evaluate's silhouette, and scoring rows whose
// features are NaN, infinite or null, as Spark's transforms do.
//
//   silhouette: ClusteringEvaluator on the same rows (several row groups: Tributary's 3 partitions
//     each see several batches), relative 1e-9.
//   scoring: Spark fits linear, logistic and k-means on clean rows and saves them; Spark and
//     Tributary's model.load apply the very same folders to rows assembled with handleInvalid
//     'keep' from NaN, null and infinite values: the rows agree to 1e-9 (NaN equals NaN), and
//     where Spark fails (k-means on NaN) Tributary fails too, naming the node.
//   VectorAssembler handleInvalid 'error' on a null and on a NaN: both fail, and Tributary's
//     message carries Spark's words.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../engine/exec/engine.ts';
import { batchOf, rng, type ColumnSpec, type Value } from '../../engine/compute/batches.test-helper.ts';
import { writeParquetFile } from '../../engine/io/parquet/write.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { StageSpec } from './cases.ts';
import { close, compareRows, sparkNumber } from './compare.ts';
import { requirePyspark, runSpark, type SparkCase, type SparkResult } from './run-spark.ts';
import { startSharedSpark } from './shared-spark.ts';
import { readParquetRows, runTributary } from './run-tributary.ts';
import { maxRelativeDifference } from './roundtrip.ts';

const dir = mkdtempSync(join(tmpdir(), 'tributary-spark-scoring-'));
const engine = new Engine({ threads: 2 });
const spark = new Map<string, SparkResult>();
/** The figures printed at the end: each comparison's largest relative difference. */
const figures: string[] = [];

const assemble = (inputCols: readonly string[], handleInvalid = 'error', outputCol = 'features'): StageSpec =>
  ({ kind: 'feature.vectorAssembler', params: { inputCols, outputCol, handleInvalid } });
const silhouette = (predictionCol: string, featuresCol = 'features'): StageSpec =>
  ({ kind: 'model.evaluate', params: { metric: 'silhouette', predictionCol, featuresCol } });

/** Overlapping 3-d blobs; `cluster` is the blob a row came from, so some rows sit nearer another
 *  cluster (negative s); cluster 9 holds one row (s = 0); `dcluster` the same ids as doubles. */
function clusters(): ColumnSpec[] {
  const r = rng(16);
  const n = 1800;
  const c = Array.from({ length: n }, (_, i) => (i === 77 ? 9 : i % 4));
  const at = (i: number, shift: number) => c[i]! * shift + (r() - 0.5) * 6;
  return [
    { name: 'id', type: 'int32', values: c.map((_, i) => i) },
    { name: 'x', type: 'float64', values: c.map((_, i) => at(i, 2)) },
    { name: 'y', type: 'float64', values: c.map((_, i) => at(i, -1.5)) },
    { name: 'z', type: 'float64', values: c.map(() => r() * 2) },
    { name: 'cluster', type: 'int32', values: c },
    { name: 'dcluster', type: 'float64', values: c.map((v) => v + 0.5) },
  ];
}

/** Clean rows to fit on: y linear in f1, f2; label its sign; two blobs for k-means. */
function train(): ColumnSpec[] {
  const r = rng(17);
  const n = 400;
  const f1 = Array.from({ length: n }, (_, i) => (i % 2 ? 4 : -4) + r() * 3);
  const f2 = Array.from({ length: n }, () => r() * 5 - 2.5);
  const y = f1.map((a, i) => 2 * a - f2[i]! + r() - 0.5);
  return [
    { name: 'id', type: 'int32', values: f1.map((_, i) => i) },
    { name: 'f1', type: 'float64', values: f1 }, { name: 'f2', type: 'float64', values: f2 },
    { name: 'y', type: 'float64', values: y }, { name: 'label', type: 'float64', values: y.map((v) => (v > 0 ? 1 : 0)) },
  ];
}

const SPECIAL: readonly Value[] = [Number.NaN, null, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

/** Rows to score: f1 and f2 take NaN, null and the infinities in every combination with finite
 *  values and with each other; g_null has nulls only, g_nan NaN only. */
function dirty(specials: readonly Value[]): ColumnSpec[] {
  const values = [1.5, -3, ...specials];
  const f1: Value[] = []; const f2: Value[] = [];
  for (const a of values) for (const b of values) { f1.push(a); f2.push(b); }
  const n = f1.length;
  return [
    { name: 'id', type: 'int32', values: f1.map((_, i) => i) },
    { name: 'f1', type: 'float64', values: f1 }, { name: 'f2', type: 'float64', values: f2 },
    { name: 'g_null', type: 'float64', values: f1.map((_, i) => (i === n - 2 ? null : i)) },
    { name: 'g_nan', type: 'float64', values: f1.map((_, i) => (i === n - 3 ? Number.NaN : i)) },
  ];
}

/** One row group per `groups` slice of the rows (Tributary's partitions read row groups). */
async function write(name: string, columns: ColumnSpec[], groups = 1): Promise<void> {
  const n = columns[0]!.values.length;
  const size = Math.ceil(n / groups);
  const batches = Array.from({ length: groups }, (_, g) =>
    batchOf(columns.map((c) => ({ ...c, values: c.values.slice(g * size, (g + 1) * size) }))));
  await writeParquetFile(join(dir, `${name}.parquet`), batches, 'none');
}

const MODELS: readonly { slug: string; stage: StageSpec }[] = [
  { slug: 'linear', stage: { kind: 'model.linearRegression', params: { labelCol: 'y' } } },
  { slug: 'logistic', stage: { kind: 'model.logisticRegression', params: { regParam: 0.01 } } },
  { slug: 'kmeans', stage: { kind: 'model.kmeans', params: { k: 2, seed: 3 } } },
];
/** What each model scores: the rows with NaN and nulls (k-means: Spark fails), and infinities only. */
const SCORED = [{ data: 'dirty', label: 'NaN, null and infinite' }, { data: 'infinite', label: 'infinite' }] as const;
const SILHOUETTES = [
  { name: 'silhouette of int cluster ids', stages: [assemble(['x', 'y', 'z']), silhouette('cluster')] },
  { name: 'silhouette of double cluster ids, own features column', stages: [assemble(['x', 'z'], 'error', 'xz'), silhouette('dcluster', 'xz')] },
];
const ASSEMBLER_ERRORS = [{ column: 'g_null', word: 'null' }, { column: 'g_nan', word: 'NaN' }] as const;

const input = (data: string) => ({ path: join(dir, `${data}.parquet`), format: 'parquet' as const });
const savedModel = (slug: string) => join(dir, `spark-${slug}`, '1');

beforeAll(async () => {
  requirePyspark();
  startSharedSpark(); // the JVM starts while this file writes its inputs
  await write('clusters', clusters(), 4);
  await write('train', train(), 2);
  await write('dirty', dirty(SPECIAL), 3);
  await write('infinite', dirty(SPECIAL.slice(2)), 2);
  const cases: SparkCase[] = [
    ...SILHOUETTES.map((s) => ({ name: s.name, input: input('clusters'), stages: s.stages, idCol: 'id' })),
    // Fitted and saved first: the load cases after them (in the same session) read the folders.
    ...MODELS.map((m) => ({ name: `fit ${m.slug}`, input: input('train'), stages: [assemble(['f1', 'f2']), m.stage], idCol: 'id', saveDir: join(dir, `spark-${m.slug}`) })),
    ...MODELS.flatMap((m) => SCORED.map((s) => ({
      name: `score ${m.slug} ${s.data}`, input: input(s.data), stages: [assemble(['f1', 'f2'], 'keep'), { path: savedModel(m.slug) }], idCol: 'id', mode: 'load' as const,
    }))),
    ...ASSEMBLER_ERRORS.map((a) => ({ name: `assemble ${a.column}`, input: input('dirty'), stages: [assemble([a.column])], idCol: 'id' })),
  ];
  for (const r of await runSpark(dir, cases)) spark.set(r.name, r);
}, 900_000);

afterAll(async () => {
  if (figures.length) console.log(`silhouette and non-finite scoring against Spark, largest relative difference:\n${figures.join('\n')}`);
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const reference = (name: string): SparkResult => {
  const r = spark.get(name);
  if (!r) throw new Error(`spark_reference.py returned no result for '${name}'`);
  return r;
};

describe('model.evaluate silhouette against Spark\'s ClusteringEvaluator', () => {
  for (const s of SILHOUETTES) {
    it(s.name, async () => {
      const want = reference(s.name);
      expect(want.error).toBeUndefined();
      const ours = await runTributary(engine, dir, s.name, 'clusters.parquet', s.stages, 3);
      expect(ours.error).toBeUndefined();
      const w = sparkNumber(want.metric!.value) as number;
      const got = ours.metric!.value!;
      figures.push(`  ${s.name}: Spark ${w}, ours ${got}, ${(Math.abs(w - got) / Math.abs(w)).toExponential(2)}`);
      expect(close(w, got, 1e-9), `Spark ${w}, ours ${got}`).toBe(true);
    }, 120_000);
  }
});

/** src -> assembler (keep) -> model.load(folder) -> out, on 3 partitions. */
function scoreDocument(data: string, folder: string, out: string): PipelineDocument {
  return {
    version: 1, name: 'score',
    nodes: [
      { id: 'src', kind: 'source.parquet', params: { path: `${data}.parquet` } },
      { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['f1', 'f2'], handleInvalid: 'keep' } },
      { id: 'load', kind: 'model.load', params: { path: folder } },
      { id: 'out', kind: 'sink.parquet', params: { path: out } },
    ],
    edges: [{ from: 'src', to: 'asm' }, { from: 'asm', to: 'load.score' }, { from: 'load', to: 'out' }],
  };
}

describe('scoring NaN, null and infinite features as Spark', () => {
  for (const m of MODELS) {
    for (const s of SCORED) {
      it(`${m.slug}: ${s.label} features`, async () => {
        expect(reference(`fit ${m.slug}`).error, `Spark could not fit ${m.slug}`).toBeUndefined();
        const want = reference(`score ${m.slug} ${s.data}`);
        const out = `scored-${m.slug}-${s.data}.parquet`;
        const result = await engine.run(scoreDocument(s.data, savedModel(m.slug), out), { baseDir: dir, partitions: 3 });
        if (want.error) {
          // Spark fails (k-means on NaN: "Both norms should be greater or equal to 0.0, ... NaN").
          expect(want.error).toMatch(/NaN/);
          expect(result.error?.nodeId, `Spark fails (${want.error}); Tributary must fail too`).toBe('load');
          expect(result.error?.message).toMatch(/is NaN/);
          return;
        }
        expect(result.error?.message).toBeUndefined();
        const ours = await readParquetRows(join(dir, out), 'id');
        const theirs = { columns: want.columns!, rows: want.rows! };
        const diffs = compareRows(theirs, ours, 1e-9);
        figures.push(`  ${m.slug} scoring ${s.label} features: ${ours.rows.length} rows, ${maxRelativeDifference(theirs, ours).toExponential(2)}`);
        expect(diffs, `Tributary scores ${s.label} features differently from Spark`).toEqual([]);
      }, 120_000);
    }
  }

  it('Spark\'s k-means fails on NaN features and scores infinite ones (so the cases above test both)', () => {
    expect(reference('score kmeans dirty').error).toMatch(/NaN/);
    expect(reference('score kmeans infinite').error).toBeUndefined();
  });
});

describe('VectorAssembler handleInvalid \'error\'', () => {
  const words = (s: string) => s.replace(/\s+/g, ' ').trim();
  for (const a of ASSEMBLER_ERRORS) {
    it(`fails on a ${a.word} with Spark's message`, async () => {
      const want = reference(`assemble ${a.column}`).error;
      expect(want, `Spark was expected to fail on the ${a.word}`).toBeDefined();
      const sparkWords = words(want!.replace(/^org\.apache\.spark\.SparkException: /, ''));
      expect(sparkWords).toMatch(new RegExp(`^Encountered ${a.word} while assembling a row`));
      const ours = await runTributary(engine, dir, `assemble-${a.column}`, 'dirty.parquet', [assemble([a.column])]);
      expect(ours.error).toBeDefined();
      expect(ours.error).toMatch(/node 's0'|'s0'/);
      expect(words(ours.error!)).toContain(sparkWords);
      expect(ours.error).toContain(`column '${a.column}'`);
    }, 120_000);
  }
});
