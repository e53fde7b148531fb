// Measures the blocking operators with and without a task memory budget (docs/spilling.md): a
// partial aggregate of 1M groups (2M rows) and an inner join with a 1M-row build side (2M probe
// rows). Inputs are generated batch by batch as the operator pulls them and outputs are counted,
// not kept, so the peaks are the operator's state. One case per process, so that the peak RSS (VmHWM) is the case's own:
//   node bench/spill-operators.ts aggregate|join [budgetMB]
// Prints one JSON line: wall ms, rows out, spilled bytes, peak heap (sampled per output batch)
// and VmHWM.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { makeBatch } from '../engine/compute/arrow-types.ts';
import { makeAggregate } from '../engine/compute/aggregate.ts';
import { colToData } from '../engine/compute/column.ts';
import { mulberry32 } from '../engine/random.ts';
import { OpStats } from '../engine/exec/instrument.ts';
import { TaskMemory } from '../engine/exec/memory/task-memory.ts';
import { aggregateOperator } from '../engine/exec/operators/aggregate.ts';
import { joinOperator } from '../engine/exec/operators/join.ts';
import type { OpContext, OpenInput } from '../engine/exec/operators/contract.ts';
import type { AggregateNode, JoinNode } from '../engine/logical/plan.ts';
import type { AggregateOp, JoinOp, PhysOp } from '../engine/physical/physical-types.ts';
import type { Schema } from '../engine/types.ts';

const [what = 'aggregate', mb] = process.argv.slice(2);
const GROUPS = 1_000_000; const ROWS = 2_000_000; const BATCH = 65_536;
const r = mulberry32(1);
const dir = mkdtempSync(join(tmpdir(), 'trib-spill-bench-'));
const memory = mb ? new TaskMemory(Number(mb) * 1024 * 1024, dir, 'bench') : undefined;

/** Batches of `n` rows generated as they are pulled: column values from `gen(i)`. */
async function* batches(n: number, cols: { name: string; type: 'int32' | 'float64'; gen: (i: number) => number }[]): AsyncGenerator<RecordBatch> {
  const fields = cols.map((c) => ({ name: c.name, type: c.type, nullable: true }));
  for (let at = 0; at < n; at += BATCH) {
    const len = Math.min(n, at + BATCH) - at;
    yield makeBatch(fields, cols.map((c) => {
      const v = c.type === 'int32' ? new Int32Array(len) : new Float64Array(len);
      for (let i = 0; i < len; i++) v[i] = c.gen(at + i);
      return colToData({ type: c.type, length: len, valid: null, values: v });
    }), len);
  }
}
/** A permutation of 0 .. GROUPS-1 repeated (7919 is prime to 10^6). */
const permuted = (i: number): number => (i * 7919) % GROUPS;
const read = (id: number, schema: Schema): PhysOp => ({ kind: 'read', id, nodeId: `in${id}`, schema, final: false, fromStage: 0, mode: 'partition' } as PhysOp);
const ctx = (root: PhysOp): OpContext => ({ partition: 0, splits: {}, inputs: {}, stats: new OpStats(root), rowsIn: 0, ...(memory ? { memory } : {}) });
const opener = (inputs: Record<number, () => AsyncIterable<RecordBatch>>): OpenInput => (op) => inputs[op.id]!();

let peakHeap = 0;
const sample = (): void => { const h = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers; if (h > peakHeap) peakHeap = h; };
async function drain(it: AsyncIterable<RecordBatch>): Promise<number> {
  let rows = 0;
  for await (const b of it) { rows += b.numRows; sample(); }
  return rows;
}

const t0 = performance.now();
let rowsOut = 0;
if (what === 'aggregate') {
  const schema: Schema = { fields: [{ name: 'id', type: 'int32', nullable: true }, { name: 'v', type: 'float64', nullable: true }] };
  const input = () => batches(ROWS, [{ name: 'id', type: 'int32', gen: permuted }, { name: 'v', type: 'float64', gen: () => r() * 100 }]);
  const node = { op: 'aggregate', nodeId: 'agg', groupBy: ['id'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'v', as: 's' }],
    schema: { fields: [schema.fields[0]!, { name: 'n', type: 'int64', nullable: true }, { name: 's', type: 'float64', nullable: true }] } } as unknown as AggregateNode;
  const partial = { kind: 'aggregate', id: 2, nodeId: 'agg', final: false, phase: 'partial', node, inputSchema: schema, input: read(1, schema), schema: makeAggregate(node, schema).partialSchema } as AggregateOp;
  rowsOut = await drain(aggregateOperator.run(partial, ctx(partial), opener({ 1: input })));
} else {
  const bs: Schema = { fields: [{ name: 'k', type: 'int32', nullable: true }, { name: 'bv', type: 'float64', nullable: true }] };
  const ps: Schema = { fields: [{ name: 'k', type: 'int32', nullable: true }, { name: 'pv', type: 'float64', nullable: true }] };
  const build = () => batches(GROUPS, [{ name: 'k', type: 'int32', gen: permuted }, { name: 'bv', type: 'float64', gen: () => r() * 100 }]);
  const probe = () => batches(ROWS, [{ name: 'k', type: 'int32', gen: (i) => permuted(i) }, { name: 'pv', type: 'float64', gen: () => r() * 100 }]);
  const node = { op: 'join', nodeId: 'j', type: 'inner', strategy: 'auto', on: [{ left: 'k', right: 'k' }],
    left: { schema: ps }, right: { schema: bs }, schema: { fields: [...ps.fields, bs.fields[1]!] } } as unknown as JoinNode;
  const op = { kind: 'join', id: 3, nodeId: 'j', final: true, schema: node.schema, node, buildSide: 'right', strategy: 'shuffle', emitUnmatched: false, build: read(2, bs), probe: read(1, ps) } as JoinOp;
  rowsOut = await drain(joinOperator.run(op, ctx(op), opener({ 1: probe, 2: build })));
}
const ms = performance.now() - t0;
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ what, budgetMB: mb ?? 'unbounded', ms: Math.round(ms), rowsOut, spilledMB: +((memory?.spilledBytes ?? 0) / 2 ** 20).toFixed(1),
  peakHeapMB: Math.round(peakHeap / 2 ** 20), vmHWM_MB: hwm ? Math.round(Number(hwm) / 1024) : null }));
