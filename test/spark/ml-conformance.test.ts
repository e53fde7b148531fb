// Differential test of the feature.* and model.* stages against Apache Spark MLlib (pyspark,
// test/spark/requirements.txt): the same Parquet files, the same chains of stages with the same
// parameter names, compared row by row (by id) and model by model. Spark runs once for all cases
// (spark_reference.py, one JVM); Tributary runs each case through the Engine on 3 partitions.
//
// Tolerances: output columns 1e-6 relative (vectors elementwise); model numbers 1e-5, except the
// iterative fits (L-BFGS/OWLQN, see cases.ts: 1e-4); evaluator metrics 1e-9. feature.split has no
// Spark reference (Spark's randomSplit depends on the partitioning, ours must not): its own checks
// are at the end.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../engine/exec/engine.ts';
import { batchOf } from '../../engine/compute/batches.test-helper.ts';
import { writeParquetFile } from '../../engine/io/parquet/write.ts';
import { FEATURE_KINDS, MODEL_KINDS } from '../../engine/document/catalog-ml.ts';
import { mlStage } from '../../engine/ml/registry.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { CASES } from './cases.ts';
import { DATASETS } from './datasets.ts';
import { close, compareClusters, compareModel, compareRows, sparkNumber } from './compare.ts';
import { requirePyspark, runSpark, type SparkResult } from './run-spark.ts';
import { startSharedSpark } from './shared-spark.ts';
import { readParquetRows, runTributary } from './run-tributary.ts';
import { FITTING, loadDocument, maxRelativeDifference, ROUND_TRIPS, withSaveTo } from './roundtrip.ts';

const dir = mkdtempSync(join(tmpdir(), 'tributary-spark-'));
const engine = new Engine({ threads: 2 });
const spark = new Map<string, SparkResult>();
/** Tributary's outcome of each round trip's chain (fitted and saved with saveTo), by slug. */
const ours = new Map<string, Awaited<ReturnType<typeof runTributary>>>();
/** The round-trip figures: the largest relative difference of each comparison. */
const figures: string[] = [];

beforeAll(async () => {
  requirePyspark();
  startSharedSpark(); // the JVM starts while this file writes its inputs
  for (const make of DATASETS) {
    const d = make();
    await writeParquetFile(join(dir, `${d.name}.parquet`), [batchOf(d.columns)], 'none');
  }
  // Tributary -> Spark round trips: Tributary fits and saves first, so the one Spark run can load.
  for (const rt of ROUND_TRIPS) {
    ours.set(rt.slug, await runTributary(engine, dir, `rt-${rt.slug}`, `${rt.data}.parquet`, withSaveTo(rt, `trib-${rt.slug}`)));
  }
  const input = (data: string) => ({ path: join(dir, `${data}.parquet`), format: 'parquet' as const });
  const loads = ROUND_TRIPS.flatMap((rt) => {
    const stages = rt.stages.map((s, i) => (FITTING.has(s.kind) ? { path: join(dir, `trib-${rt.slug}`, String(i)) } : s));
    return [false, true].map((asPipeline) => ({ name: `load ${rt.slug}${asPipeline ? ' pipeline' : ''}`, input: input(rt.data), stages, idCol: 'id', mode: 'load' as const, asPipeline }));
  });
  const saves = ROUND_TRIPS.map((rt) => ({ name: `save ${rt.slug}`, input: input(rt.data), stages: rt.stages, idCol: 'id', saveDir: join(dir, `spark-${rt.slug}`) }));
  const results = await runSpark(dir, [...CASES.map((c) => ({
    name: c.name, input: input(c.data), stages: c.stages, idCol: 'id',
  })), ...loads, ...saves]);
  for (const r of results) spark.set(r.name, r);
}, 900_000);

afterAll(async () => {
  if (figures.length) console.log(`model round trips (largest relative difference of any number) and k-means|| costs:\n${figures.join('\n')}`);
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ML stages against Spark MLlib', () => {
  it('has a case for every feature.* and model.* kind but feature.split', () => {
    // model.load is covered by the round trips (the describe block after this one).
    const covered = new Set([...CASES.flatMap((c) => c.stages.map((s) => s.kind)), 'model.load']);
    const kinds = [...FEATURE_KINDS, ...MODEL_KINDS].map((k) => k.kind).filter((k) => k !== 'feature.split');
    expect(kinds.filter((k) => !covered.has(k))).toEqual([]);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const missing = [...new Set(c.stages.map((s) => s.kind))].filter((k) => !mlStage(k));
      if (missing.length) throw new Error(`${missing.join(', ')} not registered in engine/ml/registry.ts: case '${c.name}' cannot run`);
      const reference = spark.get(c.name);
      if (!reference) throw new Error(`spark_reference.py returned no result for '${c.name}'`);
      const ours = await runTributary(engine, dir, c.name, `${c.data}.parquet`, c.stages);
      if (c.expectError) {
        expect(reference.error, 'Spark was expected to fail on this input').toMatch(c.expectError);
        expect(ours.error, `Spark fails (${reference.error}); Tributary must fail too`).toBeDefined();
        expect(ours.error).toMatch(/'s\d+'/); // names the node
        return;
      }
      expect(reference.error, 'the Spark reference failed').toBeUndefined();
      expect(ours.error, 'the Tributary run failed').toBeUndefined();
      if (c.costTol !== undefined) {
        const want = sparkNumber(reference.models?.at(-1)?.trainingCost) as number;
        const got = ours.models.at(-1)?.summary.trainingCost as number;
        figures.push(`  ${c.name}: Spark ${want}, ours ${got} (${((got / want - 1) * 100).toFixed(3)}%)`);
        expect(Math.abs(got - want) / want, `training cost: Spark ${want}, ours ${got}`).toBeLessThanOrEqual(c.costTol);
        return;
      }
      const diffs: string[] = [];
      (reference.models ?? []).forEach((m, i) => {
        const inputCols = c.stages[i]!.params['inputCols'] as string[] | undefined;
        diffs.push(...compareModel(m, ours.models[i], c.modelTol ?? 1e-5, inputCols));
      });
      if (reference.metric) {
        const want = sparkNumber(reference.metric.value) as number;
        const got = ours.metric?.value;
        if (typeof got !== 'number' || !close(want, got, 1e-9)) diffs.push(`metric ${reference.metric.metric}: Spark ${want}, ours ${got}`);
      } else {
        const s = { columns: reference.columns!, rows: reference.rows! };
        const o = { columns: ours.columns!, rows: ours.rows! };
        diffs.push(...compareRows(s, o, c.rowTol ?? 1e-6, c.clusterCol ? [c.clusterCol] : []));
        if (c.clusterCol) diffs.push(...compareClusters(s, o, c.clusterCol));
      }
      expect(diffs, `Tributary differs from Spark in '${c.name}'`).toEqual([]);
    }, 120_000);
  }
});

describe('model round trips through Spark\'s ML persistence format', () => {
  /** Rows compared to 1e-9 relative: both sides apply the very same numbers. */
  const ROUND_TRIP_TOL = 1e-9;
  const check = (label: string, reference: SparkResult | undefined, got: { columns?: string[]; rows?: unknown[][]; error?: string }): void => {
    if (!reference) throw new Error(`spark_reference.py returned no result for '${label}'`);
    expect(reference.error, `Spark failed in ${label}`).toBeUndefined();
    expect(got.error, `Tributary failed in ${label}`).toBeUndefined();
    const s = { columns: reference.columns!, rows: reference.rows! };
    const o = { columns: got.columns!, rows: got.rows! };
    const diffs = compareRows(s, o, ROUND_TRIP_TOL);
    figures.push(`  ${label}: ${s.rows.length} rows x ${s.columns.length} columns, ${maxRelativeDifference(s, o).toExponential(2)}`);
    expect(diffs, `Tributary and Spark differ in ${label}`).toEqual([]);
  };
  const runLoad = async (name: string, data: string, paths: string[]) => {
    const out = `out-${name}.parquet`;
    const result = await engine.run(loadDocument(name, `${data}.parquet`, paths, out), { baseDir: dir, partitions: 3 });
    if (result.status !== 'COMPLETED') return { error: result.error?.message ?? result.status };
    return readParquetRows(join(dir, out), 'id');
  };

  for (const rt of ROUND_TRIPS) {
    it(`Tributary -> Spark: ${rt.slug}, each saved stage loaded by pyspark`, () => {
      const saved = ours.get(rt.slug)!;
      expect(saved.error).toBeUndefined();
      check(`Tributary -> Spark ${rt.slug} (stage by stage)`, spark.get(`load ${rt.slug}`), saved);
    });
    it(`Tributary -> Spark: ${rt.slug}, the saved stages as one pyspark PipelineModel`, () => {
      check(`Tributary -> Spark ${rt.slug} (PipelineModel)`, spark.get(`load ${rt.slug} pipeline`), ours.get(rt.slug)!);
    });
    it(`Spark -> Tributary: ${rt.slug}, model.load of pyspark's PipelineModel folder`, async () => {
      check(`Spark -> Tributary ${rt.slug} (PipelineModel)`, spark.get(`save ${rt.slug}`), await runLoad(`spark-${rt.slug}-pipeline`, rt.data, [join(dir, `spark-${rt.slug}`, 'pipeline')]));
    });
    it(`Spark -> Tributary: ${rt.slug}, one model.load per saved stage`, async () => {
      const paths = rt.stages.map((_, i) => join(dir, `spark-${rt.slug}`, String(i)));
      check(`Spark -> Tributary ${rt.slug} (stage by stage)`, spark.get(`save ${rt.slug}`), await runLoad(`spark-${rt.slug}-stages`, rt.data, paths));
    });
  }
});

describe('feature.split (our own: no Spark reference)', () => {
  const splitDoc = (ratios: number[], seed: number): PipelineDocument => ({
    version: 1, name: 'split',
    nodes: [
      { id: 'src', kind: 'source.parquet', params: { path: 'split.parquet' } },
      { id: 'sp', kind: 'feature.split', params: { ratios, seed } },
      { id: 'tr', kind: 'sink.parquet', params: { path: `split-${seed}-train.parquet` } },
      { id: 'te', kind: 'sink.parquet', params: { path: `split-${seed}-test.parquet` } },
    ],
    edges: [{ from: 'src', to: 'sp' }, { from: 'sp.train', to: 'tr' }, { from: 'sp.test', to: 'te' }],
  });
  const ids = async (file: string): Promise<number[]> => (await readParquetRows(join(dir, file), 'id')).rows.map((r) => r[0] as number);
  const split = async (ratios: number[], seed: number, partitions: number): Promise<{ train: number[]; test: number[] }> => {
    if (!mlStage('feature.split')) throw new Error('feature.split not registered in engine/ml/registry.ts');
    const result = await engine.run(splitDoc(ratios, seed), { baseDir: dir, partitions });
    expect(result.error?.message).toBeUndefined();
    return { train: await ids(`split-${seed}-train.parquet`), test: await ids(`split-${seed}-test.parquet`) };
  };

  it('splits every row to exactly one side, about the ratio, the same for 1 and 4 partitions', async () => {
    const one = await split([0.8, 0.2], 42, 1);
    const all = [...one.train, ...one.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    // 2000 rows at p = 0.8: the standard deviation of the share is 0.9%; 3% is over 3 of them.
    expect(Math.abs(one.train.length / 2000 - 0.8)).toBeLessThan(0.03);
    const four = await split([0.8, 0.2], 42, 4);
    expect(four).toEqual(one);
  });

  it('normalizes ratios and gives another split for another seed', async () => {
    const a = await split([1, 1], 7, 2);
    expect(Math.abs(a.train.length / 2000 - 0.5)).toBeLessThan(0.04);
    const b = await split([1, 1], 8, 2);
    expect(b.train).not.toEqual(a.train);
  });
});
