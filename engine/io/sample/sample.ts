// source.sample: the registry of built-in datasets and the batch generator over a row range.

import type { RecordBatch } from 'apache-arrow';
import { makeBatch } from '../../compute/arrow-build.ts';
import type { Schema } from '../../types.ts';
import type { SampleDataset, SampleParams } from './dataset.ts';
import { EVENTS } from './events.ts';
import { HOUSES } from './houses.ts';
import { USERS } from './users.ts';

export const SAMPLE_DATASETS: Readonly<Record<string, SampleDataset>> = { events: EVENTS, users: USERS, houses: HOUSES };
export const SAMPLE_BATCH_ROWS = 65_536;

export function sampleDataset(options: Readonly<Record<string, unknown>>): SampleDataset {
  const name = options['dataset'] ?? 'events';
  const ds = typeof name === 'string' ? SAMPLE_DATASETS[name] : undefined;
  if (!ds) {
    throw new Error(`source.sample: param 'dataset' is ${JSON.stringify(name)}; expected one of ${Object.keys(SAMPLE_DATASETS).map((k) => `"${k}"`).join(', ')}`);
  }
  return ds;
}

function intParam(options: Readonly<Record<string, unknown>>, name: string, fallback: number): number {
  const v = options[name];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw new Error(`source.sample: param '${name}' is ${JSON.stringify(v)}; expected a non-negative integer`);
  }
  return v;
}

export function sampleParams(options: Readonly<Record<string, unknown>>): SampleParams & { dataset: SampleDataset } {
  const dataset = sampleDataset(options);
  return {
    dataset,
    rows: intParam(options, 'rows', dataset.defaultRows),
    seed: intParam(options, 'seed', 42),
    users: intParam(options, 'users', 1000),
  };
}

export function sampleSchema(options: Readonly<Record<string, unknown>>): Schema {
  return { fields: sampleDataset(options).fields };
}

/** Batches of rows [start, end) of the dataset, with only `columns`, in that order. */
export function* generateSample(
  options: Readonly<Record<string, unknown>>, columns: readonly string[], start: number, end: number,
  batchRows: number = SAMPLE_BATCH_ROWS,
): Generator<RecordBatch> {
  const p = sampleParams(options);
  const gens = columns.map((c) => {
    const g = p.dataset.columns[c];
    if (!g) throw new Error(`source.sample: dataset '${p.dataset.name}' has no column '${c}'`);
    return g;
  });
  const nullable = columns.map((c) => p.dataset.fields.find((f) => f.name === c)!.nullable);
  const stop = Math.min(end, p.rows);
  for (let s = Math.max(0, start); s < stop; s += batchRows) {
    const n = Math.min(batchRows, stop - s);
    yield makeBatch(columns, gens.map((g) => g(p, s, n)), n, nullable);
  }
}
