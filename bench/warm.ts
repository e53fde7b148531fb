// The studio's case (issue 14): one engine kept warm in one process and the same workload run
// again and again, as the studio reruns a pipeline. Tributary: one Engine (its worker pool stays
// up) running the pipeline document; DuckDB: one instance and connection running the same
// COPY (query) TO file. One untimed first run, then `reps` timed runs; figures in milliseconds.

import { availableParallelism } from 'node:os';
import { createEngine, loadPipeline, runDocument, withPaths } from './engines/tributary.ts';
import { median } from './results.ts';
import { inputPaths, outputPath, type SizeLabel } from './sizes.ts';
import type { Workload } from './workloads/index.ts';

export interface WarmFigures {
  readonly firstMs: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly reps: number;
}

async function timeRepeated(reps: number, once: () => Promise<unknown>): Promise<WarmFigures> {
  let started = performance.now();
  await once();
  const firstMs = performance.now() - started;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  return { firstMs, medianMs: median(times) ?? NaN, minMs: Math.min(...times), maxMs: Math.max(...times), reps };
}

export async function warmTributary(workload: Workload, size: SizeLabel, reps: number): Promise<WarmFigures> {
  const paths = inputPaths(workload, size);
  const doc = withPaths(loadPipeline(workload.pipeline), {
    ...Object.fromEntries(Object.entries(workload.sourceNodes).map(([id, input]) => [id, paths[input]])),
    [workload.sinkNode]: outputPath(workload.id, size, 'tributary-warm'),
  });
  const engine = await createEngine(doc);
  try {
    return await timeRepeated(reps, () => runDocument(engine, doc));
  } finally {
    await engine.close();
  }
}

export async function warmDuckdb(workload: Workload, size: SizeLabel, reps: number): Promise<WarmFigures> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(availableParallelism()) });
  const conn = await instance.connect();
  const output = outputPath(workload.id, size, 'duckdb-warm').replaceAll("'", "''");
  const sql = `COPY (${workload.sql(inputPaths(workload, size))}) TO '${output}' (FORMAT parquet)`;
  try {
    return await timeRepeated(reps, () => conn.run(sql));
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
