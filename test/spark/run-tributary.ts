// Runs a conformance case through Tributary: a pipeline document (source.parquet -> the case's
// stages -> sink.parquet) run by the Engine on 3 partitions; the output file is read back with
// DuckDB and the fitted models come from the run result. The result has the shape of Spark's
// (spark_reference.py): rows sorted by id, one model entry per stage, or the metric, or the error.

import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Engine } from '../../engine/exec/engine.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { FittedModel } from '../../engine/ml/stage.ts';
import type { StageSpec } from './cases.ts';

export interface TributaryOutcome {
  readonly columns?: string[];
  readonly rows?: unknown[][];
  /** Fitted models by stage position (undefined for stages without fit). */
  readonly models: (FittedModel | undefined)[];
  readonly metric?: { metric: string; value: number | null };
  readonly error?: string;
}

const stageId = (i: number): string => `s${i}`;

/** The document of a case: src -> s0 -> s1 ... -> out (models take their input on `train`). */
export function caseDocument(name: string, parquetPath: string, stages: readonly StageSpec[], outPath: string): PipelineDocument {
  const nodes = [
    { id: 'src', kind: 'source.parquet', params: { path: parquetPath } },
    ...stages.map((s, i) => ({ id: stageId(i), kind: s.kind, params: s.params })),
    { id: 'out', kind: 'sink.parquet', params: { path: outPath } },
  ];
  const port = (s: StageSpec): string => (s.kind.startsWith('model.') && s.kind !== 'model.evaluate' ? '.train' : '');
  const edges = stages.map((s, i) => ({ from: i === 0 ? 'src' : stageId(i - 1), to: `${stageId(i)}${port(s)}` }));
  edges.push({ from: stageId(stages.length - 1), to: 'out' });
  return { version: 1, name, nodes, edges };
}

export async function readParquetRows(path: string, idCol: string | undefined): Promise<{ columns: string[]; rows: unknown[][] }> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const order = idCol ? ` ORDER BY "${idCol}"` : '';
    const reader = await conn.runAndReadAll(`SELECT * FROM read_parquet('${path.replaceAll("'", "''")}')${order}`);
    const rows = reader.getRowsJS().map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)));
    return { columns: reader.columnNames(), rows };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

export async function runTributary(engine: Engine, dir: string, name: string, dataFile: string, stages: readonly StageSpec[], partitions = 3): Promise<TributaryOutcome> {
  const outFile = `out-${name.replace(/[^a-zA-Z0-9]+/g, '-')}.parquet`;
  const doc = caseDocument(name, dataFile, stages, outFile);
  let result;
  try {
    result = await engine.run(doc, { baseDir: dir, partitions });
  } catch (e) {
    return { models: [], error: `${(e as Error).name}: ${(e as Error).message}` };
  }
  if (result.status !== 'COMPLETED') return { models: [], error: result.error?.message ?? `run ${result.status}` };
  const models = stages.map((_, i) => result.models?.[stageId(i)]);
  const { columns, rows } = await readParquetRows(join(dir, outFile), stages.at(-1)!.kind === 'model.evaluate' ? undefined : 'id');
  if (stages.at(-1)!.kind === 'model.evaluate') {
    if (rows.length !== 1) return { models, error: `model.evaluate wrote ${rows.length} rows, expected 1` };
    const at = (c: string): unknown => rows[0]![columns.indexOf(c)];
    return { models, metric: { metric: String(at('metric')), value: at('value') as number | null } };
  }
  return { columns, rows, models };
}
