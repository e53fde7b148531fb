// Group by and distinct over many groups (about one per two rows) on multi-column int / string
// keys with nulls, across Parquet row groups, batches and partitions; and a shuffle join followed
// by an aggregate or distinct on its key, which runs without a second exchange (the join's
// output stays hash-partitioned on its left keys), against DuckDB.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DocumentNode } from '../../engine/document/document-types.ts';
import { Engine } from '../../engine/exec/engine.ts';
import { compile } from '../../engine/compile.ts';
import { compareResults, duckResult, engineResult, openDuck, pipelineDoc, writeDataset, writeParquetCopies, type Dataset } from './harness.ts';

type Table = Parameters<typeof writeDataset>[0][number];
type Value = Table['rows'][number][number];

const ROWS = 24_000;
const WORDS = ['a', 'b', 'c', '', 'longer word', 'é'];

/** Keys spread wide (past the one-column direct map's range: hashed), a few nulls in each. */
function manyKeys(seed: number): Table {
  let s = seed;
  const r = (): number => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; };
  const rows: Value[][] = [];
  for (let i = 0; i < ROWS; i++) {
    const u = r() < 0.02 ? null : Math.floor(r() * 9000) * 997 - 3_000_000;
    const w = r() < 0.03 ? null : WORDS[Math.floor(r() * WORDS.length)]!;
    const d = r() < 0.02 ? null : 18000 + Math.floor(r() * 3);
    rows.push([i, u, w, d, Math.floor(r() * 100) - 20]);
  }
  return { name: 'ev', types: { id: 'int64', u: 'int32', w: 'string', d: 'date', v: 'int32' }, rows };
}

function people(): Table {
  const rows: Value[][] = [];
  for (let k = 0; k < 9000; k += 2) rows.push([k * 997 - 3_000_000, WORDS[k % WORDS.length]!, k % 5]);
  rows.push([null, 'nobody', 0]);
  return { name: 'people', types: { u: 'int32', country: 'string', tier: 'int32' }, rows };
}

interface Case { name: string; nodes: DocumentNode[]; edges: { from: string; to: string }[]; sql: string }

const agg = (groupBy: string[], aggregations: unknown[]): DocumentNode => ({ id: 'out', kind: 'transform.aggregate', params: { groupBy, aggregations } });
const join = (type: string): DocumentNode => ({ id: 'j', kind: 'join', params: { type, strategy: 'shuffle', on: [{ left: 'u', right: 'u' }] } });
const joined = [{ from: 'ev', to: 'j.left' }, { from: 'people', to: 'j.right' }, { from: 'j', to: 'out' }];

const CASES: Case[] = [{
  name: 'aggregate by (int, string), many groups, null keys',
  nodes: [agg(['u', 'w'], [{ fn: 'sum', column: 'v', as: 'sv' }, { fn: 'count', as: 'n' }, { fn: 'min', column: 'id', as: 'first_id' }])],
  edges: [{ from: 'ev', to: 'out' }],
  sql: 'SELECT u, w, sum(v) AS sv, count(*) AS n, min(id) AS first_id FROM ev GROUP BY u, w',
}, {
  name: 'aggregate by (string, date, int): three key columns',
  nodes: [agg(['w', 'd', 'u'], [{ fn: 'max', column: 'v', as: 'mv' }, { fn: 'count', as: 'n' }])],
  edges: [{ from: 'ev', to: 'out' }],
  sql: 'SELECT w, d, u, max(v) AS mv, count(*) AS n FROM ev GROUP BY w, d, u',
}, {
  // At 1 partition the partial distinct reads all the rows, most of them new keys: it passes them through.
  name: 'distinct on (int, string)',
  nodes: [{ id: 'p', kind: 'transform.select', params: { columns: ['u', 'w'] } }, { id: 'out', kind: 'transform.distinct', params: {} }],
  edges: [{ from: 'ev', to: 'p' }, { from: 'p', to: 'out' }],
  sql: 'SELECT DISTINCT u, w FROM ev',
}, {
  name: 'shuffle inner join, then aggregate by the join key and a right column',
  nodes: [join('inner'), agg(['u', 'country'], [{ fn: 'sum', column: 'v', as: 'sv' }, { fn: 'count', as: 'n' }])],
  edges: joined,
  sql: 'SELECT e.u, p.country, sum(e.v) AS sv, count(*) AS n FROM ev e JOIN people p ON e.u = p.u GROUP BY e.u, p.country',
}, {
  name: 'shuffle left join, then aggregate by the join key (null keys kept)',
  nodes: [join('left'), agg(['u', 'tier'], [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'v', as: 'sv' }])],
  edges: joined,
  sql: 'SELECT e.u, p.tier, count(*) AS n, sum(e.v) AS sv FROM ev e LEFT JOIN people p ON e.u = p.u GROUP BY e.u, p.tier',
}, {
  name: 'shuffle full join, then aggregate by the join key (right-only rows: an exchange stays)',
  nodes: [join('full'), agg(['u'], [{ fn: 'count', as: 'n' }])],
  edges: joined,
  sql: 'SELECT coalesce(e.u, p.u) AS u, count(*) AS n FROM ev e FULL JOIN people p ON e.u = p.u GROUP BY 1',
}];

describe(`differential vs DuckDB: many groups over ${ROWS} rows (Parquet row groups of 400)`, () => {
  let ds: Dataset;
  let duck: { conn: DuckDBConnection; close(): void };
  const engine = new Engine({ threads: 2 });
  beforeAll(async () => {
    ds = writeDataset([manyKeys(7), people()]);
    duck = await openDuck(ds);
    await writeParquetCopies(ds, duck.conn);
  });
  afterAll(async () => {
    duck.close();
    await engine.close();
    ds.cleanup();
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const want = await duckResult(duck.conn, c.sql);
      expect(want.rows.length).toBeGreaterThan(c.name.includes('join') ? 2000 : 8000);
      for (const partitions of [1, 3]) {
        const got = await engineResult(engine, pipelineDoc(ds, c.nodes, c.edges, 'parquet'), 'out', partitions, ds.dir);
        expect(compareResults(got, want, false), `${c.name} at ${partitions} partitions`).toBeNull();
      }
    }, 60_000);
  }

  it('plans no exchange between a shuffle inner / left join and an aggregate on its key, one for a full join', async () => {
    const exchanges = async (type: string): Promise<number> => {
      const doc = pipelineDoc(ds, [join(type), agg(['u', 'country'], [{ fn: 'count', as: 'n' }])], joined, 'parquet');
      const compiled = await compile(doc, { baseDir: ds.dir, physical: { target: { kind: 'run' }, partitions: 3 } });
      return compiled.physical!.stages.filter((s) => s.output.kind === 'hash').length;
    };
    expect(await exchanges('inner')).toBe(2);
    expect(await exchanges('left')).toBe(2);
    expect(await exchanges('full')).toBe(3);
  });
});
