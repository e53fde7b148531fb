// Joins against a build side with unique keys (the dimension-table fast path) and dictionary
// string columns whose batches carry different dictionaries (merged at build), every join type,
// both build sides, against DuckDB.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { JoinNode, JoinType } from '../logical/plan.ts';
import type { Field, Schema } from '../types.ts';
import { makeJoin } from './join.ts';
import type { ColumnSpec } from './batches.test-helper.ts';
import { batchOf, randomValues, rng, rowsOf } from './batches.test-helper.ts';
import { diffRows, duckdb, loadTable, query } from './duckdb.test-helper.ts';

let conn: DuckDBConnection;
const r = rng(21);
const M = 400;
// Unique user ids (a shuffled 1..M with a few nulls), a dictionary country per batch.
const ids: (number | null)[] = Array.from({ length: M }, (_, i) => i + 1);
for (let i = M - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [ids[i], ids[j]] = [ids[j]!, ids[i]!]; }
const withNulls = ids.map((v, i) => (i % 37 === 0 ? null : v));
const users: ColumnSpec[] = [
  { name: 'uid', type: 'int32', values: withNulls },
  { name: 'country', type: 'string', values: randomValues('string', M, r, { distinct: 16, nullRate: 0.05 }), dictionary: true },
  // Plain strings with few values: dictionary-encoded (1-byte codes) at build.
  { name: 'tier', type: 'string', values: randomValues('string', M, r, { distinct: 5, nullRate: 0.1 }) },
];
const N = 2500;
const events: ColumnSpec[] = [
  { name: 'uid', type: 'int32', values: randomValues('int32', N, r, { skew: true, distinct: M + 60, nullRate: 0.05 }).map((v) => (v === null ? null : (v as number) + 100)) },
  { name: 'amount', type: 'float64', values: randomValues('float64', N, r) },
  { name: 'cat', type: 'string', values: randomValues('string', N, r, { distinct: 12 }), dictionary: true },
];
const schemaOf = (sp: ColumnSpec[]): Schema => ({ fields: sp.map((s) => ({ name: s.name, type: s.type, nullable: true })) });

function batches(sp: ColumnSpec[], sizes: number[]): RecordBatch[] {
  const out: RecordBatch[] = []; let at = 0;
  for (const n of sizes) { out.push(batchOf(sp.map((s) => ({ ...s, values: s.values.slice(at, at + n) })))); at += n; }
  return out;
}

// Key variants: 1, a dense range with holes (direct-map lookup); 0, exactly 1..M without nulls,
// shuffled (build rows reordered by key, no lookup); -1, exactly 1..M in order (nothing to
// reorder); a large scale: sparse keys (hash table lookup).
const SCALES = [1, 0, -1, 100003];
const sortedIds = Array.from({ length: M }, (_, i) => i + 1);
const scaled = (sp: ColumnSpec[], k: number): ColumnSpec[] => sp.map((s) => {
  if (s.name !== 'uid') return s;
  const values = k === 0 && s === users[0] ? ids : k === -1 && s === users[0] ? sortedIds : s.values;
  return { ...s, values: values.map((v) => (v === null ? null : (v as number) * (k > 0 ? k : 1))) };
});
const tableName = (k: number): string => (k < 0 ? 'sorted' : String(k));

beforeAll(async () => {
  conn = await duckdb();
  for (const k of SCALES) { await loadTable(conn, `u${tableName(k)}`, scaled(users, k)); await loadTable(conn, `e${tableName(k)}`, scaled(events, k)); }
});
afterAll(() => { conn.closeSync(); });

describe('join with unique build keys vs DuckDB', () => {
  for (const type of ['inner', 'left', 'right', 'full', 'semi', 'anti'] as JoinType[]) {
    for (const buildSide of ['left', 'right'] as const) for (const k of SCALES) {
      it(`${type} join, build ${buildSide}, keys ${k < 0 ? "1..M in order" : `x${k}`}`, async () => {
        const left = schemaOf(events); const right = schemaOf(users);
        const out: Field[] = type === 'semi' || type === 'anti' ? left.fields.slice() : [...left.fields, right.fields[1]!, right.fields[2]!];
        const node = { op: 'join', nodeId: 'j', type, on: [{ left: 'uid', right: 'uid' }], strategy: 'auto', schema: { fields: out } } as unknown as JoinNode;
        const j = makeJoin(node, left, right);
        const eb = batches(scaled(events, k), [1000, 0, 1200, 300]); const ub = batches(scaled(users, k), [150, 250]);
        const table = j.build(buildSide === 'left' ? eb : ub, buildSide);
        const probed = (buildSide === 'left' ? ub : eb).map((b) => j.probe(table, b));
        const ours = [...probed, ...j.unmatched(table)].flatMap(rowsOf);
        const sql = type === 'semi' || type === 'anti'
          ? `SELECT e.* FROM e${tableName(k)} e WHERE ${type === 'anti' ? 'NOT ' : ''}EXISTS (SELECT 1 FROM u${tableName(k)} u WHERE u.uid = e.uid)`
          : `SELECT ${type === 'right' || type === 'full' ? 'coalesce(e.uid, u.uid)' : 'e.uid'}, e.amount, e.cat, u.country, u.tier FROM e${tableName(k)} e ${type.toUpperCase()} JOIN u${tableName(k)} u ON e.uid = u.uid`;
        expect(diffRows(ours, await query(conn, sql))).toBeNull();
      });
    }
  }
});
