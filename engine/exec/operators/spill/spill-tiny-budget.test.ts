// Degenerate budgets (0 bytes, 4 KB, 16 KB: every table frozen at once, every build partition
// too big, every batch its own run) still finish, with the rows of the unbounded operators and no
// file left: what a run's exchange buffers taking the whole task share would look like.

import { expect, it } from 'vitest';
import type { JoinNode } from '../../../logical/plan.ts';
import type { JoinOp, SortOp, DistinctOp } from '../../../physical/physical-types.ts';
import { type ColumnSpec, randomValues, rng, rowsOf } from '../../../compute/batches.test-helper.ts';
import { joinOperator } from '../join.ts';
import { sortOperator } from '../sort.ts';
import { distinctOperator } from '../distinct.ts';
import { collect } from '../contract.ts';
import { batchesOf, context, inputOp, opener, sameRows, schemaOf, spillMemory } from './spill.test-helper.ts';
const r = rng(3);
const mk = (n: number): ColumnSpec[] => [{ name: 'k', type: 'int32', values: randomValues('int32', n, r, { distinct: 300 }) }, { name: 's', type: 'string', values: randomValues('string', n, r, { distinct: 50 }) }];
const L = mk(3000); const R = mk(1000);
const ls = schemaOf(L); const rs = schemaOf(R);
it('join, sort and distinct under budgets smaller than a batch', async () => {
  for (const budget of [0, 4096, 16384]) {
    for (const type of ['full', 'anti'] as const) {
      const node = { op: 'join', nodeId: 'j', type, strategy: 'auto', on: [{ left: 'k', right: 'k' }], left: { schema: ls }, right: { schema: rs },
        schema: { fields: type === 'anti' ? ls.fields : [...ls.fields, { name: 's_right', type: 'string', nullable: true }] } } as unknown as JoinNode;
      const op = { kind: 'join', id: 3, nodeId: 'j', final: true, schema: node.schema, node, buildSide: 'right', strategy: 'shuffle', emitUnmatched: type === 'full', build: inputOp(2, rs), probe: inputOp(1, ls) } as JoinOp;
      const open = opener({ 1: batchesOf(L, 500), 2: batchesOf(R, 300) });
      const sm = spillMemory(budget);
      const got = (await collect(joinOperator.run(op, context(op, sm.memory), open))).flatMap(rowsOf);
      const want = (await collect(joinOperator.run(op, context(op), open))).flatMap(rowsOf);
      expect(sameRows(got, want)).toBeNull(); expect(sm.files()).toEqual([]); sm.cleanup();
    }
    const sop = { kind: 'sort', id: 2, nodeId: 's', final: true, schema: ls, input: inputOp(1, ls), keys: [{ column: 's', descending: false, nullsFirst: true }] } as SortOp;
    const sm = spillMemory(budget);
    const a = (await collect(sortOperator.run(sop, context(sop, sm.memory), opener({ 1: batchesOf(L, 500) })))).flatMap(rowsOf);
    const b = (await collect(sortOperator.run(sop, context(sop), opener({ 1: batchesOf(L, 500) })))).flatMap(rowsOf);
    expect(a).toEqual(b);
    const dop = { kind: 'distinct', id: 2, nodeId: 'd', final: true, phase: 'final', schema: ls, input: inputOp(1, ls), columns: ['k'] } as DistinctOp;
    const c = (await collect(distinctOperator.run(dop, context(dop, sm.memory), opener({ 1: batchesOf(L, 500) })))).flatMap(rowsOf);
    const d = (await collect(distinctOperator.run(dop, context(dop), opener({ 1: batchesOf(L, 500) })))).flatMap(rowsOf);
    expect(sameRows(c, d)).toBeNull(); expect(sm.files()).toEqual([]); sm.cleanup();
  }
});
