// Differential tests of aggregate, join, sort and distinct against DuckDB on random data with
// nulls, skewed keys, unicode and empty strings, dictionary and plain strings, split in batches.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AggregateFn, AggregateNode, JoinNode, JoinType, SortKey } from '../logical/plan.ts';
import type { DataType, Field, Schema } from '../types.ts';
import { makeAggregate } from './aggregate.ts';
import { makeDistinct } from './distinct.ts';
import { partitionBatch } from './hash.ts';
import { makeJoin } from './join.ts';
import { mergeSorted, sortBatches } from './sort.ts';
import type { ColumnSpec } from './batches.test-helper.ts';
import { batchOf, randomValues, rng, rowsOf } from './batches.test-helper.ts';
import { diffRows, duckdb, loadTable, query } from './duckdb.test-helper.ts';

let conn: DuckDBConnection;
const r = rng(7);
const N = 3000;
const specs: ColumnSpec[] = [
  { name: 'k', type: 'int32', values: randomValues('int32', N, r, { skew: true, distinct: 40, nullRate: 0.05 }) },
  { name: 'c', type: 'string', values: randomValues('string', N, r, { distinct: 16, nullRate: 0.05 }), dictionary: true },
  { name: 's', type: 'string', values: randomValues('string', N, r, { distinct: 300 }) },
  { name: 'l', type: 'int64', values: randomValues('int64', N, r, { distinct: 30 }) },
  { name: 'f', type: 'float64', values: randomValues('float64', N, r) },
  { name: 'i', type: 'int32', values: randomValues('int32', N, r, { distinct: 1000 }) },
  { name: 'd', type: 'date', values: randomValues('date', N, r) },
  { name: 'ts', type: 'timestamp', values: randomValues('timestamp', N, r) },
  { name: 'b', type: 'bool', values: randomValues('bool', N, r) },
];
const schema: Schema = { fields: specs.map((s) => ({ name: s.name, type: s.type, nullable: true })) };

/** The table as batches of varying sizes (one empty). */
function batches(sp: ColumnSpec[], sizes = [0, 700, 1, 1299, 1000]): RecordBatch[] {
  const out: RecordBatch[] = []; let at = 0;
  for (const n of sizes) {
    out.push(batchOf(sp.map((s) => ({ ...s, values: s.values.slice(at, at + n) }))));
    at += n;
  }
  return out;
}

beforeAll(async () => { conn = await duckdb(); await loadTable(conn, 't', specs); });
afterAll(() => { conn.closeSync(); });

const SQL_FN: Record<AggregateFn, (c: string) => string> = {
  count: (c) => (c ? `count("${c}")` : 'count(*)'), count_distinct: (c) => `count(DISTINCT "${c}")`, sum: (c) => `sum("${c}")`,
  avg: (c) => `avg("${c}")`, min: (c) => `min("${c}")`, max: (c) => `max("${c}")`, stddev: (c) => `stddev_samp("${c}")`,
  variance: (c) => `var_samp("${c}")`, median: (c) => `median("${c}")::DOUBLE`, first: (c) => `first("${c}")`,
};
const OUT_TYPE = (fn: AggregateFn, t: DataType): DataType =>
  fn === 'count' || fn === 'count_distinct' ? 'int64' : fn === 'sum' ? (t === 'float64' ? 'float64' : 'int64')
    : fn === 'avg' || fn === 'stddev' || fn === 'variance' || fn === 'median' ? 'float64' : t;

async function checkAggregate(groupBy: string[], aggs: { fn: AggregateFn; column?: string }[], partitions: number): Promise<void> {
  const items = aggs.map((a, i) => ({ fn: a.fn, ...(a.column ? { column: a.column } : {}), as: `a${i}` }));
  const fields: Field[] = [...groupBy.map((g) => schema.fields.find((f) => f.name === g)!),
    ...items.map((a) => ({ name: a.as, type: OUT_TYPE(a.fn, a.column ? schema.fields.find((f) => f.name === a.column)!.type : 'int64'), nullable: true }))];
  const node = { op: 'aggregate', nodeId: 'agg', schema: { fields }, groupBy, aggregations: items } as unknown as AggregateNode;
  const agg = makeAggregate(node, schema);
  // Partial per partition (round robin of input batches), hash exchange on keys, final per partition.
  const partials = Array.from({ length: partitions }, () => agg.createPartial());
  batches(specs).forEach((b, i) => partials[i % partitions]!.consume(b));
  const finals = Array.from({ length: partitions }, () => agg.createFinal());
  for (const p of partials) {
    for (const out of p.finish()) {
      if (groupBy.length === 0) { finals[0]!.consume(out); continue; }
      partitionBatch(out, groupBy, partitions).forEach((part, t) => finals[t]!.consume(part));
    }
  }
  // A global aggregate's final runs in one partition (exec routes every partial row there).
  const ours = (groupBy.length ? finals : finals.slice(0, 1)).flatMap((f) => f.finish()).flatMap(rowsOf);
  const sel = [...groupBy.map((g) => `"${g}"`), ...items.map((a) => SQL_FN[a.fn](a.column ?? ''))].join(', ');
  const theirs = await query(conn, `SELECT ${sel} FROM t${groupBy.length ? ` GROUP BY ${groupBy.map((g) => `"${g}"`).join(', ')}` : ''}`);
  expect(diffRows(ours, theirs)).toBeNull();
}

describe('aggregate vs DuckDB', () => {
  const numeric: { fn: AggregateFn; column?: string }[] = [
    { fn: 'count' }, { fn: 'count', column: 'f' }, { fn: 'sum', column: 'i' }, { fn: 'sum', column: 'l' }, { fn: 'sum', column: 'f' },
    { fn: 'avg', column: 'f' }, { fn: 'avg', column: 'i' }, { fn: 'min', column: 'f' }, { fn: 'max', column: 'l' },
    { fn: 'min', column: 's' }, { fn: 'max', column: 'c' }, { fn: 'min', column: 'd' }, { fn: 'max', column: 'ts' },
    { fn: 'stddev', column: 'f' }, { fn: 'variance', column: 'i' }, { fn: 'median', column: 'f' }, { fn: 'median', column: 'i' },
    { fn: 'count_distinct', column: 's' }, { fn: 'count_distinct', column: 'i' },
  ];
  for (const p of [1, 3]) {
    it(`int key, ${p} partitions`, () => checkAggregate(['k'], numeric, p));
    it(`dictionary string key, ${p} partitions`, () => checkAggregate(['c'], numeric, p));
    it(`multi-column key (string, int64, bool), ${p} partitions`, () => checkAggregate(['s', 'l', 'b'], numeric.slice(0, 8), p));
    it(`global aggregate, ${p} partitions`, () => checkAggregate([], numeric, p));
  }
  it('date and timestamp keys', () => checkAggregate(['d', 'ts'], [{ fn: 'count' }, { fn: 'sum', column: 'f' }], 2));
  it('global aggregate over zero rows gives one row', () => {
    const node = { op: 'aggregate', nodeId: 'agg', groupBy: [], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'f', as: 's' }],
      schema: { fields: [{ name: 'n', type: 'int64', nullable: true }, { name: 's', type: 'float64', nullable: true }] } } as unknown as AggregateNode;
    const agg = makeAggregate(node, schema);
    const fin = agg.createFinal();
    for (const b of agg.createPartial().finish()) fin.consume(b);
    expect(fin.finish().flatMap(rowsOf)).toEqual([[0n, null]]);
  });
  it('first takes a value of the group', () => {
    const node = { op: 'aggregate', nodeId: 'agg', groupBy: ['k'], aggregations: [{ fn: 'first', column: 'k', as: 'fk' }],
      schema: { fields: [{ name: 'k', type: 'int32', nullable: true }, { name: 'fk', type: 'int32', nullable: true }] } } as unknown as AggregateNode;
    const agg = makeAggregate(node, schema);
    const p = agg.createPartial(); batches(specs).forEach((b) => p.consume(b));
    const f = agg.createFinal(); p.finish().forEach((b) => f.consume(b));
    const rows = f.finish().flatMap(rowsOf);
    expect(rows.length).toBe(new Set(specs[0]!.values).size);
    for (const [k, fk] of rows) expect(fk).toBe(k);
  });
});

describe('join vs DuckDB', () => {
  const rr = rng(11);
  const M = 800;
  const right: ColumnSpec[] = [
    { name: 'k', type: 'int32', values: randomValues('int32', M, rr, { skew: true, distinct: 60, nullRate: 0.05 }) },
    { name: 's', type: 'string', values: randomValues('string', M, rr, { distinct: 300 }) },
    { name: 'v', type: 'float64', values: randomValues('float64', M, rr) },
  ];
  const rightSchema: Schema = { fields: right.map((s) => ({ name: s.name, type: s.type, nullable: true })) };
  const left = specs.slice(0, 5);
  const leftSchema: Schema = { fields: left.map((s) => ({ name: s.name, type: s.type, nullable: true })) };
  beforeAll(async () => { await loadTable(conn, 'r', right); await loadTable(conn, 'lt', left); });

  for (const type of ['inner', 'left', 'right', 'full', 'semi', 'anti'] as JoinType[]) {
    for (const buildSide of ['left', 'right'] as const) {
      it(`${type} join on (k, s), build ${buildSide}`, async () => {
        const out: Field[] = type === 'semi' || type === 'anti' ? leftSchema.fields.slice()
          : [...leftSchema.fields, { name: 'v', type: 'float64', nullable: true }];
        const node = { op: 'join', nodeId: 'j', type, on: [{ left: 'k', right: 'k' }, { left: 's', right: 's' }], strategy: 'auto', schema: { fields: out } } as unknown as JoinNode;
        const j = makeJoin(node, leftSchema, rightSchema);
        const lb = batches(left, [0, 1000, 2000]); const rb = batches(right, [300, 0, 500]);
        const table = j.build(buildSide === 'left' ? lb : rb, buildSide);
        const probed = (buildSide === 'left' ? rb : lb).map((b) => j.probe(table, b));
        const ours = [...probed, ...j.unmatched(table)].flatMap(rowsOf);
        const cols = out.map((f) => (f.name === 'k' || f.name === 's') && (type === 'full' || type === 'right') ? `coalesce(lt."${f.name}", r."${f.name}")` : f.name === 'v' ? 'r.v' : `lt."${f.name}"`).join(', ');
        const sql = type === 'semi' || type === 'anti'
          ? `SELECT ${cols} FROM lt WHERE ${type === 'anti' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM r WHERE r.k = lt.k AND r.s = lt.s)`
          : `SELECT ${cols} FROM lt ${type.toUpperCase()} JOIN r ON lt.k = r.k AND lt.s = r.s`;
        expect(diffRows(ours, await query(conn, sql))).toBeNull();
      });
    }
  }
  it('single int key, right columns renamed with _right', async () => {
    const out: Field[] = [...leftSchema.fields, { name: 'i', type: 'int32', nullable: true }, { name: 'k_right', type: 'int32', nullable: true }, { name: 's_right', type: 'string', nullable: true }, { name: 'v', type: 'float64', nullable: true }];
    const node = { op: 'join', nodeId: 'j', type: 'inner', on: [{ left: 'i', right: 'k' }], strategy: 'auto', schema: { fields: out } } as unknown as JoinNode;
    const ls: Schema = { fields: [...leftSchema.fields, { name: 'i', type: 'int32', nullable: true }] };
    const l2 = [...left, specs[5]!];
    const j = makeJoin(node, { fields: ls.fields }, rightSchema);
    const table = j.build(batches(right, [800]), 'right');
    const ours = batches(l2).map((b) => j.probe(table, b)).flatMap(rowsOf).map((row) => [...row.slice(0, 5), ...row.slice(6)]);
    const theirs = await query(conn, 'SELECT t.k, t.c, t.s, t.l, t.f, r.k, r.s, r.v FROM t JOIN r ON t.i = r.k');
    expect(diffRows(ours, theirs)).toBeNull();
  });
});

describe('sort and distinct vs DuckDB', () => {
  const keySets: SortKey[][] = [
    [{ column: 'f', descending: false, nullsFirst: true }],
    [{ column: 'f', descending: true, nullsFirst: false }, { column: 'i', descending: false, nullsFirst: true }],
    [{ column: 's', descending: false, nullsFirst: false }, { column: 'l', descending: true, nullsFirst: true }, { column: 'i', descending: false, nullsFirst: true }],
    [{ column: 'c', descending: true, nullsFirst: true }, { column: 'd', descending: false, nullsFirst: false }, { column: 'ts', descending: false, nullsFirst: false }],
  ];
  const orderBy = (keys: SortKey[]): string => keys.map((k) => `"${k.column}" ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
  const names = specs.map((s) => `"${s.name}"`).join(', ');
  keySets.forEach((keys, n) => {
    it(`sortBatches, mergeSorted and top-k, key set ${n}`, async () => {
      // Tie-breaks on near-unique columns make the order total, so rows compare in order.
      const tb: SortKey[] = [...keys, ...['ts', 'i', 'f', 's', 'l'].map((column) => ({ column, descending: false, nullsFirst: true }))];
      const theirs = await query(conn, `SELECT ${names} FROM t ORDER BY ${orderBy(tb)}`);
      const ours = rowsOf(sortBatches(batches(specs), tb));
      expect(diffRows(ours, theirs, true)).toBeNull();
      const runs = batches(specs).filter((b) => b.numRows > 0).map((b) => sortBatches([b], tb));
      expect(diffRows(rowsOf(mergeSorted(runs, tb)), theirs, true)).toBeNull();
      expect(diffRows(rowsOf(mergeSorted(runs, tb, 37)), theirs.slice(0, 37), true)).toBeNull();
      expect(diffRows(rowsOf(sortBatches(batches(specs), tb, 100)), theirs.slice(0, 100), true)).toBeNull();
    });
  });

  it('distinct on a subset keeps one row per key; on all columns equals SELECT DISTINCT', async () => {
    const d = makeDistinct(['k', 'c'], schema);
    const p = d.createPartial(); batches(specs).forEach((b) => p.consume(b));
    const f = d.createFinal(); p.finish().forEach((b) => f.consume(b));
    const rows = f.finish().flatMap(rowsOf);
    expect(diffRows(rows.map((row) => row.slice(0, 2)), await query(conn, 'SELECT DISTINCT k, c FROM t'))).toBeNull();
    const all = makeDistinct([], { fields: schema.fields.slice(0, 2) });
    const a = all.createFinal();
    batches(specs.slice(0, 2)).forEach((b) => a.consume(b));
    expect(diffRows(a.finish().flatMap(rowsOf), await query(conn, 'SELECT DISTINCT k, c FROM t'))).toBeNull();
  });
});
