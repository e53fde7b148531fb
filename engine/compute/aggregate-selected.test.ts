// A partial aggregate fed a selection (a fused filter's kept rows, read in place) must give
// exactly the state it gives for the gathered rows: for every function, every key shape, inputs
// with and without nulls among the selected rows, empty and full selections.

import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import type { AggregateItem, AggregateNode } from '../logical/plan.ts';
import type { DataType, Schema } from '../types.ts';
import { makeAggregate } from './aggregate.ts';
import { takeBatch } from './eval-expr.ts';
import { batchOf, randomValues, rng, rowsOf, type ColumnSpec } from './batches.test-helper.ts';

const COLUMNS: { name: string; type: DataType; dictionary?: boolean; nullRate: number }[] = [
  { name: 'cat', type: 'string', dictionary: true, nullRate: 0.05 },
  { name: 'word', type: 'string', nullRate: 0.1 },
  { name: 'k', type: 'int32', nullRate: 0.05 },
  { name: 'i', type: 'int32', nullRate: 0.2 },
  { name: 'f', type: 'float64', nullRate: 0.2 },
  { name: 'g', type: 'float64', nullRate: 0 },
  { name: 'big', type: 'int64', nullRate: 0.1 },
];

const schema: Schema = { fields: COLUMNS.map((c) => ({ name: c.name, type: c.type, nullable: true })) };

const AGGS: AggregateItem[] = [
  { fn: 'count', as: 'n' },
  { fn: 'count', column: 'f', as: 'nf' },
  { fn: 'count', column: 'g', as: 'ng' },
  { fn: 'sum', column: 'i', as: 'si' },
  { fn: 'sum', column: 'f', as: 'sf' },
  { fn: 'sum', column: 'g', as: 'sg' },
  { fn: 'sum', column: 'big', as: 'sb' },
  { fn: 'avg', column: 'i', as: 'ai' },
  { fn: 'avg', column: 'f', as: 'af' },
  { fn: 'min', column: 'word', as: 'mw' },
  { fn: 'max', column: 'f', as: 'mf' },
  { fn: 'count_distinct', column: 'k', as: 'cd' },
  { fn: 'median', column: 'g', as: 'med' },
  { fn: 'first', column: 'word', as: 'fw' },
  { fn: 'stddev', column: 'f', as: 'sd' },
];

function node(groupBy: string[]): AggregateNode {
  return { op: 'aggregate', nodeId: 'agg', groupBy, aggregations: AGGS, schema: { fields: [] } } as unknown as AggregateNode;
}

function randomBatch(n: number, seed: number): RecordBatch {
  const r = rng(seed);
  const specs: ColumnSpec[] = COLUMNS.map((c) => ({ name: c.name, type: c.type, dictionary: c.dictionary, values: randomValues(c.type, n, r, { nullRate: c.nullRate, distinct: c.name === 'k' ? 40 : 12 }) }));
  return batchOf(specs);
}

/** Rows where `keep` holds, as a filter's selection. */
function selectionOf(n: number, keep: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return Int32Array.from(out);
}

const canon = (rows: unknown[][]) => rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort();

describe('partial aggregate over a selection', () => {
  const batches = [randomBatch(3000, 1), randomBatch(2000, 2), randomBatch(500, 3)];
  const r = rng(9);
  const selections = batches.map((b, j) => {
    const n = b.numRows;
    if (j === 2) return new Int32Array(0); // a batch that keeps nothing
    const g = b.getChild('g')!.toArray() as Float64Array;
    // Rows with g > 0 (the compared column has no nulls among them) and random others.
    return selectionOf(n, (i) => (j === 0 ? g[i]! > 0 : r() < 0.4));
  });
  for (const keys of [[], ['cat'], ['word'], ['k'], ['cat', 'k']]) {
    it(`gives the state of the gathered rows, group by [${keys.join(', ')}]`, () => {
      const agg = makeAggregate(node(keys), schema);
      const fused = agg.createPartial();
      const gathered = agg.createPartial();
      batches.forEach((b, j) => {
        fused.consume(b, selections[j]!);
        gathered.consume(takeBatch(b, selections[j]!, true));
      });
      // A selection of every row is the whole batch.
      const all = selectionOf(batches[1]!.numRows, () => true);
      fused.consume(batches[1]!, all);
      gathered.consume(batches[1]!);
      const a = fused.finish(); const b = gathered.finish();
      expect(a.length).toBe(b.length);
      const rowsA = canon(a.flatMap(rowsOf)); const rowsB = canon(b.flatMap(rowsOf));
      expect(rowsA.length).toBeGreaterThan(0);
      expect(rowsA).toEqual(rowsB);
    });
  }

  // The final phase takes a selection too (a spilled aggregate hands it the rows of its groups).
  it('a final aggregate over a selection of partial rows gives the state of the gathered rows', () => {
    const agg = makeAggregate(node(['cat']), schema);
    const partial = agg.createPartial();
    for (const b of batches) partial.consume(b);
    const partials = partial.finish();
    const fused = agg.createFinal();
    const gathered = agg.createFinal();
    for (const p of partials) {
      const sel = selectionOf(p.numRows, (i) => i % 3 !== 1);
      fused.consume(p, sel);
      gathered.consume(takeBatch(p, sel, true));
    }
    const rowsA = canon(fused.finish().flatMap(rowsOf));
    expect(rowsA.length).toBeGreaterThan(1);
    expect(rowsA).toEqual(canon(gathered.finish().flatMap(rowsOf)));
  });
});
