// Aggregates with a hot group key against DuckDB, skew mitigation on and off, at 1, 4 and 8
// partitions: key k = 1 holds half the rows, k is also null. count_distinct alone runs in two
// levels with mitigation on (distinct on (k, value) hashed on both, then count by k): a
// 'two-level-aggregate' decision, and no partition of any stage reads as many rows as the hot
// key has distinct values, where one level sends them all to the hot key's final partition.
// Mixed and other functions (decomposable, or median: one level, docs/skew.md) must be equal too.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Engine } from '../../engine/exec/engine.ts';
import type { RunEvent } from '../../engine/exec/events.ts';
import { batchRows, compareResults, duckResult, makeDims, makeFacts, openDuck, pipelineDoc, writeDataset, type Dataset } from './harness.ts';

interface AggCase { readonly name: string; readonly groupBy: string[]; readonly aggregations: object[]; readonly sql: string; readonly twoLevel: boolean }

const CASES: AggCase[] = [
  { name: 'count_distinct of a unique column by the hot key', groupBy: ['k'], aggregations: [{ fn: 'count_distinct', column: 'id', as: 'n' }],
    sql: 'SELECT k, count(DISTINCT id) AS n FROM facts GROUP BY k', twoLevel: true },
  { name: 'count_distinct of a nullable string, twice, by two keys', groupBy: ['k', 'flag'],
    aggregations: [{ fn: 'count_distinct', column: 'g', as: 'dg' }, { fn: 'count_distinct', column: 'g', as: 'dg2' }],
    sql: 'SELECT k, flag, count(DISTINCT g) AS dg, count(DISTINCT g) AS dg2 FROM facts GROUP BY k, flag', twoLevel: true },
  { name: 'count_distinct of a nullable number without keys', groupBy: [], aggregations: [{ fn: 'count_distinct', column: 'x', as: 'dx' }],
    sql: 'SELECT count(DISTINCT x) AS dx FROM facts', twoLevel: true },
  { name: 'count_distinct mixed with other functions (one level)', groupBy: ['k'],
    aggregations: [{ fn: 'count_distinct', column: 'y', as: 'dy' }, { fn: 'sum', column: 'x', as: 'sx' }, { fn: 'count', as: 'n' }],
    sql: 'SELECT k, count(DISTINCT y) AS dy, sum(x) AS sx, count(*) AS n FROM facts GROUP BY k', twoLevel: false },
  { name: 'decomposable functions and median by the hot key (one level)', groupBy: ['k'],
    aggregations: [{ fn: 'avg', column: 'x', as: 'ax' }, { fn: 'variance', column: 'y', as: 'vy' }, { fn: 'min', column: 'g', as: 'ming' },
      { fn: 'max', column: 'd', as: 'maxd' }, { fn: 'median', column: 'x', as: 'mx' }],
    sql: 'SELECT k, avg(x) AS ax, var_samp(y) AS vy, min(g) AS ming, max(d) AS maxd, median(x) AS mx FROM facts GROUP BY k', twoLevel: false },
];

describe('aggregates over a hot key vs DuckDB, skew mitigation on and off', () => {
  let ds: Dataset;
  let duck: { conn: DuckDBConnection; close(): void };
  let hotIds = 0;
  const engine = new Engine({ threads: 2 });
  beforeAll(async () => {
    const facts = makeFacts(41, 30_000);
    const rows = facts.rows.map((r, i) => (i % 2 === 0 ? [r[0]!, 1, ...r.slice(2)] : r[1] === 1 ? [r[0]!, 2, ...r.slice(2)] : r));
    ds = writeDataset([{ ...facts, rows }, makeDims(41)]);
    duck = await openDuck(ds);
    hotIds = Number((await duckResult(duck.conn, 'SELECT count(DISTINCT id) FROM facts WHERE k = 1')).rows[0]![0]);
  });
  afterAll(async () => {
    duck.close();
    await engine.close();
    ds.cleanup();
  });

  it('the hot key holds half the rows and null is a key too', async () => {
    expect(hotIds).toBe(15_000);
    const nulls = await duckResult(duck.conn, 'SELECT count(*) FROM facts WHERE k IS NULL');
    expect(Number(nulls.rows[0]![0])).toBeGreaterThan(100);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const want = await duckResult(duck.conn, c.sql);
      const nodes = [{ id: 'a', kind: 'transform.aggregate', params: { groupBy: c.groupBy, aggregations: c.aggregations } }];
      for (const partitions of [1, 4, 8]) {
        for (const mitigation of [true, false]) {
          const events: RunEvent[] = [];
          const out = await engine.preview(pipelineDoc(ds, nodes, [{ from: 'facts', to: 'a' }]), 'a', {
            baseDir: ds.dir, partitions, limit: Number.MAX_SAFE_INTEGER, mode: partitions > 1 ? 'pool' : 'inline',
            onEvent: (e) => events.push(e), ...(mitigation ? {} : { skewMitigation: false }),
          });
          const columns = out.schema.fields.map((f) => f.name);
          const label = `${c.name} at ${partitions} partitions, mitigation ${mitigation ? 'on' : 'off'}`;
          expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, false), label).toBeNull();
          const twoLevel = events.filter((e) => e.type === 'stage.mitigated' && e.kind === 'two-level-aggregate');
          const applies = c.twoLevel && mitigation && partitions > 1;
          expect(twoLevel.length, label).toBe(applies ? 1 : 0);
          const m = twoLevel[0];
          if (m?.type === 'stage.mitigated' && m.kind === 'two-level-aggregate') {
            expect(m.nodeId, label).toBe('a');
            expect(m.pairRows.length, label).toBe(partitions);
            expect(m.message, label).toContain('two levels');
          }
          if (c.name.startsWith('count_distinct of a unique column') && partitions > 1) {
            // After the scan stage, the largest partition of any stage: one level sends the hot
            // key's 15,000 distinct ids to one final partition; two levels spread them.
            const started = events.find((e) => e.type === 'run.started');
            const scans = new Set(started?.type === 'run.started' ? started.stages.filter((s) => s.nodeIds.includes('facts')).map((s) => s.stageId) : []);
            expect(scans.size, label).toBe(1);
            const biggest = Math.max(...events.flatMap((e) => (e.type === 'partition.finished' && !scans.has(e.stageId) ? [e.rowsIn] : [])));
            if (mitigation) expect(biggest, label).toBeLessThan(hotIds);
            else expect(biggest, label).toBeGreaterThanOrEqual(hotIds);
          }
        }
      }
    }, 120_000);
  }
});
