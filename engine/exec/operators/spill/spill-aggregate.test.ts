// The aggregate and distinct operators under a small task memory budget: several levels of hash
// spill, the answer equal to DuckDB's (and the unbounded operator's), spilled bytes reported and
// no file left behind.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AggregateNode } from '../../../logical/plan.ts';
import type { AggregateOp, DistinctOp } from '../../../physical/physical-types.ts';
import type { Field } from '../../../types.ts';
import { makeAggregate } from '../../../compute/aggregate.ts';
import { type ColumnSpec, randomValues, rng, rowsOf } from '../../../compute/batches.test-helper.ts';
import { duckdb, loadTable, query } from '../../../compute/duckdb.test-helper.ts';
import { aggregateOperator } from '../aggregate.ts';
import { distinctOperator } from '../distinct.ts';
import { collect } from '../contract.ts';
import { hashWithSpill, type HashSpillStats, bytesPerGroupOf } from './hash-spill.ts';
import { batchesOf, context, inputOp, opener, sameRows, schemaOf, spillMemory } from './spill.test-helper.ts';

const N = 130_000;
const r = rng(41);
const specs: ColumnSpec[] = [
  // About 110k distinct ids with nulls; a string key of ~20k values with a hot value.
  { name: 'id', type: 'int32', values: randomValues('int32', N, r, { distinct: 400_000, nullRate: 0.01 }) },
  { name: 's', type: 'string', values: randomValues('string', N, r, { distinct: 20_000, skew: true, nullRate: 0.02 }) },
  { name: 'l', type: 'int64', values: randomValues('int64', N, r, { distinct: 5 }) },
  { name: 'f', type: 'float64', values: randomValues('float64', N, r) },
  { name: 'i', type: 'int32', values: randomValues('int32', N, r, { distinct: 1000 }) },
];
const schema = schemaOf(specs);
const input = batchesOf(specs, 8192);
let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); await loadTable(conn, 't', specs); }, 120_000);
afterAll(() => { conn.closeSync(); });

function aggregateOps(groupBy: string[], fns: { fn: AggregateNode['aggregations'][number]['fn']; column?: string }[]): { partial: AggregateOp; final: AggregateOp; node: AggregateNode } {
  const items = fns.map((a, i) => ({ fn: a.fn, ...(a.column ? { column: a.column } : {}), as: `a${i}` }));
  const outType = (fn: string, c?: string): Field['type'] => (fn === 'count' || fn === 'count_distinct' ? 'int64'
    : fn === 'sum' ? (schema.fields.find((f) => f.name === c)!.type === 'float64' ? 'float64' : 'int64')
      : fn === 'avg' || fn === 'median' || fn === 'stddev' ? 'float64' : schema.fields.find((f) => f.name === c)!.type);
  const fields: Field[] = [...groupBy.map((g) => schema.fields.find((f) => f.name === g)!), ...items.map((a) => ({ name: a.as, type: outType(a.fn, a.column), nullable: true }))];
  const node = { op: 'aggregate', nodeId: 'agg', schema: { fields }, groupBy, aggregations: items } as unknown as AggregateNode;
  const partialSchema = makeAggregate(node, schema).partialSchema;
  const base = { kind: 'aggregate' as const, nodeId: 'agg', final: false, node, inputSchema: schema };
  const partial = { ...base, id: 2, phase: 'partial' as const, input: inputOp(1, schema), schema: partialSchema } as AggregateOp;
  const final = { ...base, id: 4, phase: 'final' as const, input: inputOp(3, partialSchema), schema: node.schema, final: true } as AggregateOp;
  return { partial, final, node };
}

/** Partial then final over the input, each phase with its own TaskMemory of `budget` bytes (or unbounded). */
async function runAggregate(ops: { partial: AggregateOp; final: AggregateOp }, budget?: number): Promise<{ rows: unknown[][]; spilled: number; finalSpilled: number; left: string[] }> {
  const sm = budget ? spillMemory(budget) : undefined;
  const sm2 = budget ? spillMemory(budget) : undefined;
  try {
    // Two partitions' partials: the final phase sees each group in up to two batches.
    const half = Math.ceil(input.length / 2);
    const partial = [
      ...await collect(aggregateOperator.run(ops.partial, context(ops.partial, sm?.memory), opener({ 1: input.slice(0, half) }))),
      ...await collect(aggregateOperator.run(ops.partial, context(ops.partial, sm?.memory), opener({ 1: input.slice(half) }))),
    ];
    const final = await collect(aggregateOperator.run(ops.final, context(ops.final, sm2?.memory), opener({ 3: partial })));
    return { rows: final.flatMap(rowsOf), spilled: sm?.memory.spilledBytes ?? 0, finalSpilled: sm2?.memory.spilledBytes ?? 0, left: [...(sm?.files() ?? []), ...(sm2?.files() ?? [])] };
  } finally { sm?.cleanup(); sm2?.cleanup(); }
}

describe('aggregate under a memory budget', () => {
  it('110k int groups with nulls: both phases spill, equal to DuckDB, no file left', async () => {
    const ops = aggregateOps(['id'], [{ fn: 'count' }, { fn: 'sum', column: 'i' }, { fn: 'avg', column: 'f' }, { fn: 'min', column: 's' }, { fn: 'max', column: 'l' }]);
    const got = await runAggregate(ops, 1024 * 1024);
    expect(got.spilled).toBeGreaterThan(0);
    expect(got.finalSpilled).toBeGreaterThan(0);
    expect(got.left).toEqual([]);
    const want = await query(conn, 'SELECT id, count(*), sum(i), avg(f), min(s), max(l) FROM t GROUP BY id');
    expect(want.length).toBeGreaterThan(100_000);
    expect(sameRows(got.rows, want)).toBeNull();
  });

  it('multi-column string key with median and count distinct equals the unbounded operator', async () => {
    const ops = aggregateOps(['s', 'l'], [{ fn: 'count' }, { fn: 'median', column: 'f' }, { fn: 'count_distinct', column: 'i' }, { fn: 'sum', column: 'f' }]);
    const got = await runAggregate(ops, 384 * 1024);
    expect(got.spilled).toBeGreaterThan(0);
    expect(got.finalSpilled).toBeGreaterThan(0);
    expect(got.left).toEqual([]);
    const unbounded = await runAggregate(ops);
    expect(sameRows(got.rows, unbounded.rows)).toBeNull();
    const want = await query(conn, 'SELECT s, l, count(*), median(f)::DOUBLE, count(DISTINCT i), sum(f) FROM t GROUP BY s, l');
    expect(sameRows(got.rows, want)).toBeNull();
  });

  it('a partition that still does not fit spills again, several levels down', async () => {
    const { partial } = aggregateOps(['id'], [{ fn: 'count' }]);
    const agg = makeAggregate(partial.node, schema);
    const sm = spillMemory(128 * 1024);
    try {
      const stats: HashSpillStats = { levels: 0, partitions: 0 };
      const ids = batchesOf(specs.slice(0, 1), 8192);
      const gen = hashWithSpill((async function* () { for (const batch of ids) yield { batch, sel: null }; })(), {
        make: agg.createPartial, bytesPerGroup: bytesPerGroupOf(agg.partialSchema.fields.map((f) => f.type)), bytesPerRow: 0, emitsAsItGoes: false,
      }, sm.memory, 'agg', stats);
      const out: RecordBatch[] = await collect(gen);
      expect(stats.levels).toBeGreaterThanOrEqual(2);
      expect(out.reduce((s, b) => s + b.numRows, 0)).toBe(new Set(specs[0]!.values).size);
      expect(sm.files()).toEqual([]);
      expect(sm.memory.held).toBe(0);
    } finally { sm.cleanup(); }
  });

  it('an abandoned run deletes its spill files', async () => {
    const { partial } = aggregateOps(['id'], [{ fn: 'count' }]);
    const sm = spillMemory(128 * 1024);
    try {
      const it = aggregateOperator.run(partial, context(partial, sm.memory), opener({ 1: input }))[Symbol.asyncIterator]();
      expect((await it.next()).done).toBe(false);
      expect(sm.files().length).toBeGreaterThan(0);
      await it.return?.();
      expect(sm.files()).toEqual([]);
    } finally { sm.cleanup(); }
  });
});

describe('distinct under a memory budget', () => {
  for (const phase of ['partial', 'final'] as const) {
    it(`${phase}: distinct (id, l) keeps the first row of each key, as unbounded; equal to DuckDB`, async () => {
      const op = { kind: 'distinct', id: 2, nodeId: 'd', final: true, phase, input: inputOp(1, schema), schema, columns: ['id', 'l'] } as DistinctOp;
      const sm = spillMemory(384 * 1024);
      try {
        const got = (await collect(distinctOperator.run(op, context(op, sm.memory), opener({ 1: input })))).flatMap(rowsOf);
        expect(sm.memory.spilledBytes).toBeGreaterThan(0);
        expect(sm.files()).toEqual([]);
        // Under a budget both phases are exact; unbounded, a partial that does not reduce passes
        // rows through (compute/distinct.ts), so the reference is the exact (final) operator.
        const exact = { ...op, phase: 'final' } as DistinctOp;
        const unbounded = (await collect(distinctOperator.run(exact, context(exact), opener({ 1: input })))).flatMap(rowsOf);
        expect(sameRows(got, unbounded)).toBeNull();
        const want = await query(conn, 'SELECT DISTINCT id, l FROM t');
        expect(sameRows(got.map((row) => [row[0], row[2]]), want)).toBeNull();
      } finally { sm.cleanup(); }
    });
  }
});
