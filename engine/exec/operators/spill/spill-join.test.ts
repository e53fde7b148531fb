// The join operator under a small task memory budget: grace hash join with several levels and a
// hot key that forces the block nested loop, every join type and build side, duplicate and null
// keys, equal to DuckDB; spilled bytes reported and no file left behind.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { JoinNode, JoinType } from '../../../logical/plan.ts';
import type { JoinOp } from '../../../physical/physical-types.ts';
import type { Field } from '../../../types.ts';
import { type ColumnSpec, randomValues, rng, rowsOf } from '../../../compute/batches.test-helper.ts';
import { duckdb, loadTable, query } from '../../../compute/duckdb.test-helper.ts';
import { joinOperator } from '../join.ts';
import { collect } from '../contract.ts';
import { graceJoin, type JoinSpillStats } from './grace-join.ts';
import { batchesOf, context, inputOp, opener, sameRows, schemaOf, spillMemory } from './spill.test-helper.ts';

const r = rng(97);
/** Keys with duplicates and nulls, `hot` on a share `hotShare` of the rows and `warm` on a few. */
function keys(n: number, hot: number, hotShare: number, warm: number): (number | null)[] {
  return randomValues('int32', n, r, { distinct: 8000, nullRate: 0.03 }).map((v) => {
    const x = r();
    return x < hotShare ? hot : x < hotShare + 0.0003 ? warm : v as number | null;
  });
}
const L = 30_000; const R = 20_000;
const left: ColumnSpec[] = [
  { name: 'k', type: 'int32', values: keys(L, 9, 0.4, 7) },
  { name: 'g', type: 'string', values: randomValues('string', L, r, { distinct: 3, nullRate: 0 }) },
  { name: 'lv', type: 'float64', values: randomValues('float64', L, r) },
];
const right: ColumnSpec[] = [
  { name: 'k', type: 'int32', values: keys(R, 7, 0.7, 9) },
  { name: 'g', type: 'string', values: randomValues('string', R, r, { distinct: 3, nullRate: 0 }) },
  { name: 'rs', type: 'string', values: randomValues('string', R, r, { distinct: 5000 }) },
];
const leftSchema = schemaOf(left); const rightSchema = schemaOf(right);
const leftBatches = batchesOf(left, 4096); const rightBatches = batchesOf(right, 4096);

let conn: DuckDBConnection;
beforeAll(async () => { conn = await duckdb(); await loadTable(conn, 'l', left); await loadTable(conn, 'r', right); }, 120_000);
afterAll(() => { conn.closeSync(); });

function joinOp(type: JoinType, buildSide: 'left' | 'right'): JoinOp {
  const fields: Field[] = type === 'semi' || type === 'anti' ? leftSchema.fields.slice() : [...leftSchema.fields, rightSchema.fields[2]!];
  const node = {
    op: 'join', nodeId: 'j', type, strategy: 'auto', schema: { fields },
    on: [{ left: 'k', right: 'k' }, { left: 'g', right: 'g' }],
    left: { op: 'scan', nodeId: 'l', schema: leftSchema }, right: { op: 'scan', nodeId: 'r', schema: rightSchema },
  } as unknown as JoinNode;
  const l = inputOp(1, leftSchema); const rr = inputOp(2, rightSchema);
  // The preserved side as build emits its unmatched rows; semi / anti built on the left too.
  const emitUnmatched = type === 'full' || type === buildSide || ((type === 'semi' || type === 'anti') && buildSide === 'left');
  return {
    kind: 'join', id: 3, nodeId: 'j', final: true, schema: node.schema, node, buildSide, strategy: 'shuffle', emitUnmatched,
    build: buildSide === 'left' ? l : rr, probe: buildSide === 'left' ? rr : l,
  } as JoinOp;
}

function duckSql(type: JoinType): string {
  if (type === 'semi' || type === 'anti') return `SELECT l.* FROM l WHERE ${type === 'anti' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM r WHERE r.k = l.k AND r.g = l.g)`;
  const key = (c: string): string => (type === 'full' || type === 'right' ? `coalesce(l.${c}, r.${c})` : `l.${c}`);
  return `SELECT ${key('k')}, ${key('g')}, l.lv, r.rs FROM l ${type.toUpperCase()} JOIN r ON l.k = r.k AND l.g = r.g`;
}

describe('join under a memory budget', () => {
  for (const type of ['inner', 'left', 'right', 'full', 'semi', 'anti'] as JoinType[]) {
    for (const buildSide of ['left', 'right'] as const) {
      it(`${type} join, build ${buildSide}: grace partitions and a nested loop for the hot key, equal to DuckDB`, async () => {
        const op = joinOp(type, buildSide);
        const sm = spillMemory(128 * 1024);
        try {
          const stats: JoinSpillStats = { levels: 0, nestedLoops: 0 };
          const open = opener({ 1: leftBatches, 2: rightBatches });
          const out = await collect(graceJoin(op, sm.memory, open(op.build), open(op.probe), stats));
          expect(sm.memory.spilledBytes).toBeGreaterThan(0);
          expect(stats.nestedLoops).toBeGreaterThan(0);
          expect(stats.levels).toBeGreaterThanOrEqual(2);
          expect(sm.files()).toEqual([]);
          expect(sm.memory.held).toBe(0);
          expect(sameRows(out.flatMap(rowsOf), await query(conn, duckSql(type)))).toBeNull();
        } finally { sm.cleanup(); }
      });
    }
  }

  it('through the operator: the same rows as the unbounded join; a build side that fits does not spill', async () => {
    const op = joinOp('full', 'right');
    const open = opener({ 1: leftBatches, 2: rightBatches });
    const sm = spillMemory(128 * 1024);
    const big = spillMemory(64 * 1024 * 1024);
    try {
      const got = (await collect(joinOperator.run(op, context(op, sm.memory), open))).flatMap(rowsOf);
      const unbounded = (await collect(joinOperator.run(op, context(op), open))).flatMap(rowsOf);
      expect(sm.memory.spilledBytes).toBeGreaterThan(0);
      expect(sameRows(got, unbounded)).toBeNull();
      const fits = (await collect(joinOperator.run(op, context(op, big.memory), open))).flatMap(rowsOf);
      expect(big.memory.spilledBytes).toBe(0);
      expect(sameRows(fits, unbounded)).toBeNull();
      expect([...sm.files(), ...big.files()]).toEqual([]);
    } finally { sm.cleanup(); big.cleanup(); }
  });

  it('an abandoned grace join deletes its partition files', async () => {
    const op = joinOp('inner', 'right');
    const sm = spillMemory(128 * 1024);
    try {
      const it = joinOperator.run(op, context(op, sm.memory), opener({ 1: leftBatches, 2: rightBatches }))[Symbol.asyncIterator]();
      expect((await it.next()).done).toBe(false);
      expect(sm.files().length).toBeGreaterThan(0);
      await it.return?.();
      expect(sm.files()).toEqual([]);
      expect(sm.memory.held).toBe(0);
    } finally { sm.cleanup(); }
  });
});
