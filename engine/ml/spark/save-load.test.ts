// saveTo and model.load end to end through the Engine (real files, worker threads, 3 partitions):
// a model saved by one run scores the same rows identically in another; the folder is whole or
// absent; model.load's port schema comes from the folder before any run; and what it cannot apply
// is refused with the class, the reason and what is supported. (test/spark/ml-conformance.test.ts
// checks the same folders against pyspark, both ways.)

import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../exec/engine.ts';
import { buildPlan } from '../../logical/build.ts';
import { DISK_SCHEMAS } from '../../disk-schemas.ts';
import { confinedTo } from '../../path-policy.ts';
import type { PipelineDocument } from '../../document/document-types.ts';
import { readParquetRows } from '../../../test/spark/run-tributary.ts';
import { saveSparkFolder } from './write-model.ts';

const dir = mkdtempSync(join(tmpdir(), 'tributary-models-'));
const engine = new Engine({ threads: 2 });
afterAll(async () => { await engine.close(); rmSync(dir, { recursive: true, force: true }); });

const FIXTURE = join(import.meta.dirname, '../../../test/export/hood-indexer');
const houses = { id: 'houses', kind: 'source.sample', params: { dataset: 'houses', rows: 3000, seed: 11 } };
const assemble = { id: 'asm', kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedrooms', 'hood'] } };

function trainDoc(saveHood = 'models/hood', out = 'fit.parquet'): PipelineDocument {
  return {
    version: 1, name: 'train',
    nodes: [
      houses,
      { id: 'idx', kind: 'feature.stringIndexer', params: { inputCol: 'neighborhood', outputCol: 'hood', saveTo: saveHood } },
      assemble,
      { id: 'lin', kind: 'model.linearRegression', params: { labelCol: 'price', regParam: 0.1, saveTo: 'models/lin' } },
      { id: 'out', kind: 'sink.parquet', params: { path: out } },
    ],
    edges: [{ from: 'houses', to: 'idx' }, { from: 'idx', to: 'asm' }, { from: 'asm', to: 'lin.train' }, { from: 'lin', to: 'out' }],
  };
}

function loadDoc(paths: string[], out: string): PipelineDocument {
  const nodes = [houses, ...paths.map((path, i) => ({ id: `load${i}`, kind: 'model.load', params: { path } })), { id: 'out', kind: 'sink.parquet', params: { path: out } }];
  const edges = paths.map((_, i) => ({ from: i === 0 ? 'houses' : `load${i - 1}`, to: `load${i}.score` }));
  edges.push({ from: `load${paths.length - 1}`, to: 'out' });
  return { version: 1, name: 'score', nodes, edges };
}

const names = (fields: readonly { name: string; type: string }[] | undefined): string => (fields ?? []).map((f) => `${f.name}:${f.type}`).join(', ');

describe('saveTo and model.load', () => {
  it('saves each fitted stage as a run output, and model.load scores the same rows the same', async () => {
    const fit = await engine.run(trainDoc(), { baseDir: dir, partitions: 3 });
    expect(fit.error).toBeUndefined();
    expect(fit.outputs).toEqual(expect.arrayContaining([
      { nodeId: 'idx', path: join(dir, 'models/hood'), rows: 0 }, { nodeId: 'lin', path: join(dir, 'models/lin'), rows: 0 },
    ]));
    const meta = JSON.parse(readFileSync(join(dir, 'models/lin/metadata/part-00000'), 'utf8'));
    expect(meta.class).toBe('org.apache.spark.ml.regression.LinearRegressionModel');
    expect(meta.paramMap).toMatchObject({ labelCol: 'price', regParam: 0.1, featuresCol: 'features' });
    expect(meta.tributary).toEqual({ runId: fit.runId, nodeId: 'lin', kind: 'model.linearRegression' });
    // No temporary folder is left beside the models.
    expect(readdirSync(join(dir, 'models')).sort()).toEqual(['hood', 'lin']);

    // Scoring in another pipeline: the indexer and the regression from their folders.
    const doc: PipelineDocument = {
      version: 1, name: 'score',
      nodes: [houses, { id: 'load0', kind: 'model.load', params: { path: 'models/hood' } }, assemble,
        { id: 'load1', kind: 'model.load', params: { path: 'models/lin' } }, { id: 'out', kind: 'sink.parquet', params: { path: 'scored.parquet' } }],
      edges: [{ from: 'houses', to: 'load0.score' }, { from: 'load0', to: 'asm' }, { from: 'asm', to: 'load1.score' }, { from: 'load1', to: 'out' }],
    };
    const scored = await engine.run(doc, { baseDir: dir, partitions: 3 });
    expect(scored.error).toBeUndefined();
    const a = await readParquetRows(join(dir, 'fit.parquet'), 'house_id');
    const b = await readParquetRows(join(dir, 'scored.parquet'), 'house_id');
    expect(b.columns).toEqual(a.columns);
    expect(b.rows.length).toBe(3000);
    expect(b.rows).toEqual(a.rows);
  }, 120_000);

  it('replaces a saved folder whole; a save that cannot be written fails the run naming saveTo and leaves nothing', async () => {
    const first = JSON.parse(readFileSync(join(dir, 'models/hood/metadata/part-00000'), 'utf8')).uid;
    const again = await engine.run(trainDoc('models/hood', 'fit2.parquet'), { baseDir: dir, partitions: 2 });
    expect(again.error).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, 'models/hood/metadata/part-00000'), 'utf8')).uid).not.toBe(first);
    expect(readdirSync(join(dir, 'models')).sort()).toEqual(['hood', 'lin']);

    writeFileSync(join(dir, 'a-file'), 'x');
    const bad = await engine.run(trainDoc('a-file/hood', 'fit3.parquet'), { baseDir: dir, partitions: 2 });
    expect(bad.status).toBe('FAILED');
    expect(bad.error?.message).toMatch(/feature\.stringIndexer: param 'saveTo': cannot save the fitted model to '.*a-file\/hood'/);
    expect(existsSync(join(dir, 'a-file/hood'))).toBe(false);
  }, 120_000);

  it('shows the columns model.load adds before any run, read from the folder', async () => {
    cpSync(FIXTURE, join(dir, 'fixture'), { recursive: true });
    const r = await buildPlan(loadDoc(['fixture'], 'x.parquet'), { readers: DISK_SCHEMAS, baseDir: dir });
    expect(r.issues).toEqual([]);
    expect(names(r.ports['load0.out']?.fields)).toBe('house_id:int32, sqft:float64, bedrooms:int32, bathrooms:float64, age:int32, neighborhood:string, price:float64, hood_saved:float64');
  });

  const refusal = async (mutate: (meta: Record<string, unknown>) => void, folder = 'fixture'): Promise<string> => {
    const copy = join(dir, `m-${Math.random().toString(36).slice(2)}`);
    cpSync(join(dir, folder), copy, { recursive: true });
    const metaFile = join(copy, 'metadata/part-00000');
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    mutate(meta);
    writeFileSync(metaFile, `${JSON.stringify(meta)}\n`);
    const r = await buildPlan(loadDoc([copy], 'x.parquet'), { readers: DISK_SCHEMAS, baseDir: dir });
    expect(r.issues.every((i) => i.nodeId === 'load0' && i.param === 'path')).toBe(true);
    return r.issues.map((i) => i.message).join('\n');
  };

  it('refuses an unsupported class naming it and what is supported, and an unsupported param value', async () => {
    expect(await refusal((m) => { m.class = 'org.apache.spark.ml.feature.PCAModel'; }))
      .toMatch(/holds a org\.apache\.spark\.ml\.feature\.PCAModel .*which Tributary cannot apply; the supported classes are PipelineModel, ImputerModel, .*KMeansModel/);
    expect(await refusal((m) => { (m.paramMap as Record<string, unknown>).stringOrderType = 'byLength'; }))
      .toMatch(/StringIndexerModel .*param stringOrderType = "byLength" is not supported by Tributary \(supported: frequencyDesc, frequencyAsc, alphabetDesc, alphabetAsc\)/);
  });

  it('reads a newer Spark version\'s folder of the same layout, and refuses a changed layout with the reason', async () => {
    expect(await refusal((m) => { m.sparkVersion = '5.1.0'; })).toBe('');
    // A future layout: the labels under another column name.
    await saveSparkFolder(join(dir, 'future'), {
      className: 'org.apache.spark.ml.feature.StringIndexerModel', uid: 'StringIndexer_future', paramMap: { inputCol: 'neighborhood', outputCol: 'h' }, defaultParamMap: {},
      data: { columns: [{ name: 'labelsByColumn', type: 'stringArrayArray' }], rows: [{ labelsByColumn: [['Harbor']] }] },
    });
    expect(await refusal((m) => { m.sparkVersion = '5.1.0'; }, 'future'))
      .toMatch(/its data has columns \[labelsByColumn\] .*Tributary reads the layout with columns \[labels\]\. It was written by Spark 5\.1\.0, newer than the 4\.x layout/);
  });

  it('checks saveTo and path with the path policy', async () => {
    const ws = join(dir, 'ws');
    const r = await buildPlan(trainDoc('/elsewhere/hood'), { readers: DISK_SCHEMAS, baseDir: ws, pathPolicy: confinedTo(ws) });
    expect(r.issues.some((i) => i.nodeId === 'idx' && i.param === 'saveTo')).toBe(true);
    const l = await buildPlan(loadDoc(['/elsewhere/model'], 'x.parquet'), { readers: DISK_SCHEMAS, baseDir: ws, pathPolicy: confinedTo(ws) });
    expect(l.issues.some((i) => i.nodeId === 'load0' && i.param === 'path' && /param 'path'/.test(i.message))).toBe(true);
  });
});
