// sum's lazily kept "has a value" flags: inputs without nulls first, then a batch with nulls (and
// a group whose only values are null), partial and final over 1 and 3 partitions, vs DuckDB.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { AggregateNode } from '../logical/plan.ts';
import type { Schema } from '../types.ts';
import { makeAggregate } from './aggregate.ts';
import { partitionBatch } from './hash.ts';
import type { ColumnSpec, Value } from './batches.test-helper.ts';
import { batchOf, randomValues, rng, rowsOf } from './batches.test-helper.ts';
import { diffRows, duckdb, loadTable, query } from './duckdb.test-helper.ts';

let conn: DuckDBConnection;
const r = rng(31);
const sizes = [900, 0, 1100, 1000];
const N = sizes.reduce((a, b) => a + b, 0);
const k = randomValues('int32', N, r, { distinct: 300, nullRate: 0.02 });
const v = randomValues('float64', N, r, { nullRate: 0 });
const w = randomValues('int32', N, r, { nullRate: 0 });
// Nulls only in the last batch; key 999 appears only there, always with a null value.
for (let i = 2000; i < N; i++) if (r() < 0.2) v[i] = null;
for (let i = 2000; i < N; i += 50) { k[i] = 999; v[i] = null; }
const specs: ColumnSpec[] = [
  { name: 'k', type: 'int32', values: k }, { name: 'v', type: 'float64', values: v }, { name: 'w', type: 'int32', values: w },
];
const schema: Schema = { fields: specs.map((s) => ({ name: s.name, type: s.type, nullable: true })) };

function batches(): RecordBatch[] {
  let at = 0;
  return sizes.map((n) => { const b = batchOf(specs.map((s) => ({ ...s, values: s.values.slice(at, at + n) as Value[] }))); at += n; return b; });
}

beforeAll(async () => { conn = await duckdb(); await loadTable(conn, 't', specs); });
afterAll(() => { conn.closeSync(); });

describe('sum with nulls arriving late', () => {
  for (const partitions of [1, 3]) {
    for (const groupBy of [['k'], []]) {
      it(`group by [${groupBy.join(', ')}], ${partitions} partitions`, async () => {
        const node = {
          op: 'aggregate', nodeId: 'agg', groupBy,
          aggregations: [{ fn: 'sum', column: 'v', as: 'sv' }, { fn: 'sum', column: 'w', as: 'sw' }, { fn: 'avg', column: 'v', as: 'av' }, { fn: 'count', column: 'v', as: 'cv' }],
          schema: { fields: [...groupBy.map((g) => schema.fields.find((f) => f.name === g)!), { name: 'sv', type: 'float64', nullable: true },
            { name: 'sw', type: 'int64', nullable: true }, { name: 'av', type: 'float64', nullable: true }, { name: 'cv', type: 'int64', nullable: true }] },
        } as unknown as AggregateNode;
        const agg = makeAggregate(node, schema);
        const partials = Array.from({ length: partitions }, () => agg.createPartial());
        // Partition 0 sees the null-free batches first, then the one with nulls.
        batches().forEach((b, i) => partials[i === 3 ? 0 : i % partitions]!.consume(b));
        const finals = Array.from({ length: partitions }, () => agg.createFinal());
        for (const p of partials) for (const out of p.finish()) {
          if (!groupBy.length) { finals[0]!.consume(out); continue; }
          partitionBatch(out, groupBy, partitions).forEach((part, t) => finals[t]!.consume(part));
        }
        const ours = (groupBy.length ? finals : finals.slice(0, 1)).flatMap((f) => f.finish()).flatMap(rowsOf);
        const by = groupBy.length ? 'k, ' : '';
        const theirs = await query(conn, `SELECT ${by}sum(v), sum(w), avg(v), count(v) FROM t${groupBy.length ? ' GROUP BY k' : ''}`);
        expect(diffRows(ours, theirs)).toBeNull();
      });
    }
  }
});
