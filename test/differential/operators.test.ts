// Every operator and join type, run by the Engine at 1 and 4 partitions, against DuckDB.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/exec/engine.ts';
import { COMPOSITE_CASES, JOIN_CASES, SINGLE_INPUT_CASES, type DiffCase } from './cases.ts';
import {
  compareResults, duckResult, engineResult, makeDims, makeFacts, openDuck, pipelineDoc, writeDataset, writeParquetCopies, type Dataset,
} from './harness.ts';
import type { DuckDBConnection } from '@duckdb/node-api';

const DATASETS = [
  { label: '3000 skewed rows from CSV', facts: () => makeFacts(11, 3000), format: 'csv' as const },
  { label: '3 rows from CSV (empty partitions)', facts: () => makeFacts(12, 3), format: 'csv' as const },
  { label: '3000 skewed rows from Parquet (row groups of 400)', facts: () => makeFacts(13, 3000), format: 'parquet' as const },
];

for (const data of DATASETS) {
  describe(`differential vs DuckDB: ${data.label}`, () => {
    let ds: Dataset;
    let duck: { conn: DuckDBConnection; close(): void };
    const engine = new Engine({ threads: 2 });
    beforeAll(async () => {
      ds = writeDataset([data.facts(), makeDims(11)]);
      duck = await openDuck(ds);
      if (data.format === 'parquet') await writeParquetCopies(ds, duck.conn);
    });
    afterAll(async () => {
      duck.close();
      await engine.close();
      ds.cleanup();
    });

    const check = async (c: DiffCase): Promise<void> => {
      const want = await duckResult(duck.conn, c.sql);
      for (const partitions of [1, 4]) {
        const got = await engineResult(engine, pipelineDoc(ds, c.nodes, c.edges, data.format), c.output, partitions, ds.dir);
        expect(compareResults(got, want, c.ordered === true), `${c.name} at ${partitions} partitions`).toBeNull();
      }
      if (data.format === 'parquet') {
        // Every exchange spilled to disk (a 16 KB budget): batches of different row groups carry
        // different dictionaries into one spill file, and must all come back.
        const doc = { ...pipelineDoc(ds, c.nodes, c.edges, data.format), settings: { memoryBudgetMB: 1 / 64 } };
        const got = await engineResult(engine, doc, c.output, 4, ds.dir);
        expect(compareResults(got, want, c.ordered === true), `${c.name} at 4 partitions, spilling`).toBeNull();
      }
    };
    for (const c of [...SINGLE_INPUT_CASES, ...JOIN_CASES, ...COMPOSITE_CASES]) it(c.name, () => check(c));
  });
}
