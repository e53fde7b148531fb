// Skewed shuffle joins against DuckDB with the engine's skew mitigation on and off, at 1, 4 and 8
// partitions: the hot key holds about 70% of the probe rows, the key is also null on about 12%
// of them, and the hot key appears three times on the build side. With mitigation on, the hot
// partition of inner, left (probe preserved), semi and anti joins must really be split (a
// 'stage.mitigated' event); right and full joins (build side preserved) must never be.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Engine } from '../../engine/exec/engine.ts';
import type { RunEvent } from '../../engine/exec/events.ts';
import { JOIN_CASES } from './cases.ts';
import { compareResults, duckResult, makeDims, makeFacts, openDuck, pipelineDoc, batchRows, writeDataset, type Dataset } from './harness.ts';

const SPLITTABLE = new Set(['inner', 'left', 'semi', 'anti']);

function skewedTables(): ReturnType<typeof makeFacts>[] {
  const facts = makeFacts(21, 24_000);
  const rows = facts.rows.map((r, i) => (i % 10 < 4 ? [r[0]!, 1, ...r.slice(2)] : i % 9 === 4 ? [r[0]!, null, ...r.slice(2)] : r));
  const dims = makeDims(21);
  const hot = [[1, 'hot bis', 1.5], [1, 'hot ter', 2.5]];
  return [{ ...facts, rows }, { ...dims, rows: [...dims.rows, ...hot] }];
}

describe('skewed shuffle joins vs DuckDB, skew mitigation on and off', () => {
  let ds: Dataset;
  let duck: { conn: DuckDBConnection; close(): void };
  const engine = new Engine({ threads: 2 });
  beforeAll(async () => {
    ds = writeDataset(skewedTables());
    duck = await openDuck(ds);
  });
  afterAll(async () => {
    duck.close();
    await engine.close();
    ds.cleanup();
  });

  for (const c of JOIN_CASES.filter((x) => x.name.endsWith('shuffle'))) {
    const type = c.name.split(' ')[0]!;
    it(c.name, async () => {
      const want = await duckResult(duck.conn, c.sql);
      for (const partitions of [1, 4, 8]) {
        for (const mitigation of [true, false]) {
          const events: RunEvent[] = [];
          const out = await engine.preview(pipelineDoc(ds, c.nodes, c.edges), c.output, {
            baseDir: ds.dir, partitions, limit: Number.MAX_SAFE_INTEGER, mode: partitions > 1 ? 'pool' : 'inline',
            onEvent: (e) => events.push(e), ...(mitigation ? {} : { skewMitigation: false }),
          });
          const columns = out.schema.fields.map((f) => f.name);
          const label = `${c.name} at ${partitions} partitions, mitigation ${mitigation ? 'on' : 'off'}`;
          expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, false), label).toBeNull();
          const splits = events.filter((e) => e.type === 'stage.mitigated' && e.kind === 'split-join');
          if (mitigation && partitions > 1 && SPLITTABLE.has(type)) {
            expect(splits.length, label).toBe(1);
            const m = splits[0]!;
            if (m.type !== 'stage.mitigated' || m.kind !== 'split-join') throw new Error('unreachable');
            expect(m.splitInto, label).toBeGreaterThanOrEqual(2);
            expect(m.subPartitions.reduce((n, s) => n + s.rows, 0), label).toBe(m.rows);
            expect(m.hotKey, label).toEqual(expect.objectContaining({ column: 'k', value: '1' }));
          } else {
            expect(splits, label).toEqual([]);
          }
        }
      }
      // Every exchange spilled to disk (a 16 KB budget): each sub-task reads its rows back from
      // the spill files of the hot partition.
      const events: RunEvent[] = [];
      const doc = { ...pipelineDoc(ds, c.nodes, c.edges), settings: { memoryBudgetMB: 1 / 64 } };
      const out = await engine.preview(doc, c.output, {
        baseDir: ds.dir, partitions: 4, limit: Number.MAX_SAFE_INTEGER, mode: 'pool', onEvent: (e) => events.push(e),
      });
      const columns = out.schema.fields.map((f) => f.name);
      expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, false), `${c.name}, spilling`).toBeNull();
      expect(events.filter((e) => e.type === 'stage.mitigated' && e.kind === 'split-join').length, `${c.name}, spilling`).toBe(SPLITTABLE.has(type) ? 1 : 0);
    }, 90_000);
  }
});
