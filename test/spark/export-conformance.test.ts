// Conformance of the PySpark export (engine/export/pyspark): every example of assets/examples (its
// sample sources cut to 20,000 rows), every differential case (test/differential/cases.ts), a
// Spark ML case (cases.ts) of every stage kind, with every case where Spark must fail, and
// model.load of saved models (export-model-load.ts: a stage, a PipelineModel) is exported
// as a PySpark script and run on Spark in local mode, and the files its sinks write are compared
// with those Tributary's Engine writes for the same document. All scripts run in ONE Python
// process and ONE SparkSession (export_runner.py imports each and calls build(spark, args)).
//
// Tolerances: floats 1e-9 relative; ML outputs as in ml-conformance.test.ts (1e-6, the iterative
// fits 1e-5; k-means clusterings up to renumbering). Cases where Spark fails (handleInvalid
// 'error') must fail in Tributary too. A missing pyspark or Java fails the suite with the install
// hint; it never skips.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../engine/exec/engine.ts';
import { batchOf } from '../../engine/compute/batches.test-helper.ts';
import { writeParquetFile } from '../../engine/io/parquet/write.ts';
import { CATALOG } from '../../engine/document/catalog.ts';
import type { DocumentNode, PipelineDocument } from '../../engine/document/document-types.ts';
import { exportPipeline } from '../../engine/export/pyspark/export.ts';
import { COMPOSITE_CASES, JOIN_CASES, SINGLE_INPUT_CASES } from '../differential/cases.ts';
import { makeDims, makeFacts, pipelineDoc, writeDataset, type Dataset } from '../differential/harness.ts';
import { CASES } from './cases.ts';
import { DATASETS } from './datasets.ts';
import { compareClusters } from './compare.ts';
import { compareCsvText, compareTables, readParquetTable, type Table } from './export-compare.ts';
import { requirePyspark } from './run-spark.ts';
import { startSharedSpark } from './shared-spark.ts';
import { runExportedScripts, type ExportJobResult } from './run-export.ts';
import { caseDocument } from './run-tributary.ts';
import { modelLoadCases, saveModels } from './export-model-load.ts';

interface Job {
  readonly name: string;
  readonly doc: PipelineDocument;
  readonly tol: number;
  readonly clusterCol?: string;
  readonly expectError?: RegExp;
  /** model.load: the columns the loaded model appends (the last of the output). */
  readonly adds?: readonly string[];
}

const root = mkdtempSync(join(tmpdir(), 'tributary-export-'));
const sparkDir = join(root, 'spark');
const oursDir = join(root, 'ours');
const engine = new Engine({ threads: 2 });
const results = new Map<string, ExportJobResult>();
let sparkSeconds = 0;

const EXAMPLES = join(import.meta.dirname, '../../assets/examples');
const CSV_SINK_CASES = new Set(['derive', 'sort a string with nulls first', 'inner join, shuffle', 'aggregate by a string key, every function']);

function withSinks(name: string, doc: PipelineDocument, output: string, index: number): PipelineDocument {
  const sinks: DocumentNode[] = [{ id: 'out', kind: 'sink.parquet', params: { path: `out/${index}.parquet` } }];
  if (CSV_SINK_CASES.has(name)) sinks.push({ id: 'out_csv', kind: 'sink.csv', params: { path: `out/${index}.csv` } });
  return { ...doc, nodes: [...doc.nodes, ...sinks], edges: [...doc.edges, ...sinks.map((s) => ({ from: output, to: s.id }))] };
}

function jsonCase(ds: Dataset): PipelineDocument {
  const rows = ds.tables[0]!.rows.map((r) => JSON.stringify({ id: r[0], g: r[2], x: r[3], flag: r[6] }));
  writeFileSync(join(ds.dir, 'facts.ndjson'), `${rows.join('\n')}\n`);
  return {
    version: 1, name: 'json source',
    nodes: [{ id: 'src', kind: 'source.json', params: { path: join(ds.dir, 'facts.ndjson') } },
      { id: 'pos', kind: 'transform.filter', params: { condition: 'x > 0 or flag' } }],
    edges: [{ from: 'src', to: 'pos' }],
  };
}

/** source.sample at most SAMPLE_ROWS rows: Spark builds sample rows in Python, ~10 us a row. */
const SAMPLE_ROWS = 20_000;
function smallSample(n: DocumentNode): DocumentNode {
  const rows = n.params['rows'];
  return n.kind === 'source.sample' && (typeof rows !== 'number' || rows > SAMPLE_ROWS) ? { ...n, params: { ...n.params, rows: SAMPLE_ROWS } } : n;
}

function jobs(): Job[] {
  const out: Job[] = [];
  for (const file of readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as PipelineDocument;
    out.push({ name: `example ${file}`, doc: { ...doc, nodes: doc.nodes.map(smallSample) }, tol: 1e-9 });
  }
  [...SINGLE_INPUT_CASES, ...JOIN_CASES, ...COMPOSITE_CASES].forEach((c) => {
    out.push({ name: `differential: ${c.name}`, doc: withSinks(c.name, pipelineDoc(facts, c.nodes, c.edges, 'csv'), c.output, out.length), tol: 1e-9 });
  });
  out.push({ name: 'differential: json source', doc: withSinks('json', jsonCase(facts), 'pos', out.length), tol: 1e-9 });
  // One ML case per stage kind (ml-conformance.test.ts holds each of them against Spark already;
  // here the export's mapping of each kind's parameters is at stake), and every failing case.
  const seen = new Set<string>();
  const mlCases = CASES.filter((c) => {
    const last = c.stages.at(-1)!;
    const kind = last.kind === 'model.evaluate' ? `evaluate ${String(last.params['metric'])}` : last.kind;
    if (seen.has(kind) && !c.expectError) return false;
    seen.add(kind);
    return true;
  });
  for (const c of mlCases) {
    const doc = caseDocument(c.name, `${c.data}.parquet`, c.stages, `out/${out.length}.parquet`);
    out.push({ name: `ml: ${c.name}`, doc, tol: c.rowTol ?? 1e-6, ...(c.clusterCol ? { clusterCol: c.clusterCol } : {}), ...(c.expectError ? { expectError: c.expectError } : {}) });
  }
  // model.load: the same saved model applied by both engines (fitted in beforeAll): the scores
  // differ by rounding only.
  for (const c of modelLoadCases((i) => `out/model-load-${i}.parquet`)) out.push({ name: c.name, doc: c.doc, tol: 1e-9, adds: c.adds });
  return out;
}

// The differential data (CSV files) is written when the module loads: the jobs, and so the
// tests' names, are built from it.
const facts: Dataset = writeDataset([makeFacts(11, 3000), makeDims(11)]);
const allJobs = jobs();

beforeAll(async () => {
  requirePyspark();
  startSharedSpark(); // the JVM starts while this file writes its inputs
  mkdirSync(sparkDir, { recursive: true });
  mkdirSync(oursDir, { recursive: true });
  for (const make of DATASETS) {
    const d = make();
    for (const dir of [sparkDir, oursDir]) await writeParquetFile(join(dir, `${d.name}.parquet`), [batchOf(d.columns)], 'none');
  }
  await saveModels(engine, oursDir, sparkDir);
  const scripts = allJobs.map((j, i) => {
    const script = join(sparkDir, `job-${i}.py`);
    writeFileSync(script, exportPipeline(j.doc, { pipelinePath: `${j.doc.name}.json` }));
    return { name: j.name, script };
  });
  const started = performance.now();
  for (const r of await runExportedScripts(root, scripts)) results.set(r.name, r);
  sparkSeconds = (performance.now() - started) / 1000;
}, 600_000);

afterAll(async () => {
  await engine.close();
  facts.cleanup();
  rmSync(root, { recursive: true, force: true });
});

/** The sinks' files of a document (path, format) and whether their rows come sorted. */
function sinksOf(doc: PipelineDocument): { path: string; csv: boolean; ordered: boolean }[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  return doc.nodes.filter((n) => n.kind.startsWith('sink.')).map((n) => {
    let from = byId.get(doc.edges.find((e) => e.to === n.id)!.from.split('.')[0]!);
    while (from?.kind === 'transform.limit' || from?.kind === 'transform.select') from = byId.get(doc.edges.find((e) => e.to === from!.id)!.from.split('.')[0]!);
    const limitFirst = byId.get(doc.edges.find((e) => e.to === n.id)!.from)?.kind === 'transform.limit';
    return { path: String(n.params['path']), csv: n.kind === 'sink.csv', ordered: from?.kind === 'transform.sort' || limitFirst };
  });
}

function sortedById(t: Table): Table {
  const id = t.columns.indexOf('id');
  return id < 0 ? t : { columns: t.columns, rows: [...t.rows].sort((a, b) => (a[id] as number) - (b[id] as number)) };
}

function without(t: Table, col: string): Table {
  const k = t.columns.indexOf(col);
  return { columns: t.columns.filter((_, i) => i !== k), rows: t.rows.map((r) => r.filter((_, i) => i !== k)) };
}

describe('PySpark export conformance (one SparkSession, local[2])', () => {
  it('covers every catalog kind', () => {
    const used = new Set(allJobs.flatMap((j) => j.doc.nodes.map((n) => n.kind)));
    expect(CATALOG.map((k) => k.kind).filter((k) => !used.has(k))).toEqual([]);
  });

  it('reports the Spark time of the whole suite', () => {
    const slowest = [...results.values()].sort((a, b) => b.seconds - a.seconds).slice(0, 3);
    console.log(`export conformance: ${results.size} scripts in ${sparkSeconds.toFixed(1)} s of Spark (JVM start included); slowest ${slowest.map((r) => `${r.name} ${r.seconds.toFixed(1)} s`).join(', ')}`);
    expect(results.size).toBe(allJobs.length);
  });

  for (const job of allJobs) it(job.name, async () => {
    const spark = results.get(job.name);
    if (!spark) throw new Error(`export_runner.py returned no result for '${job.name}'`);
    const run = await engine.run(job.doc, { baseDir: oursDir });
    if (job.expectError) {
      expect(spark.error, `${job.name}: Spark was expected to fail`).toMatch(job.expectError);
      expect(run.status, `${job.name}: Spark fails (${spark.error}); Tributary must fail too`).not.toBe('COMPLETED');
      return;
    }
    expect(spark.error, `${job.name}: the exported script failed on Spark`).toBeUndefined();
    expect(run.error?.message, `${job.name}: the Tributary run failed`).toBeUndefined();
    const diffs: string[] = [];
    for (const sink of sinksOf(job.doc)) {
      const [s, o] = [join(sparkDir, sink.path), join(oursDir, sink.path)];
      if (sink.csv) { diffs.push(...compareCsvText(s, o, job.tol, sink.ordered).map((d) => `${sink.path}: ${d}`)); continue; }
      let [st, ot] = [await readParquetTable(s), await readParquetTable(o)];
      if (job.adds) expect(ot.columns.slice(-job.adds.length), `${job.name}: the model's columns`).toEqual(job.adds);
      if (job.clusterCol) {
        [st, ot] = [sortedById(st), sortedById(ot)];
        diffs.push(...compareClusters(st, ot, job.clusterCol));
        [st, ot] = [without(st, job.clusterCol), without(ot, job.clusterCol)];
      }
      diffs.push(...compareTables(st, ot, job.tol, sink.ordered || job.clusterCol !== undefined).map((d) => `${sink.path}: ${d}`));
    }
    expect(diffs, `${job.name}: Spark's output differs from Tributary's`).toEqual([]);
  }, 120_000);
});
