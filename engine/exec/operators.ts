// The operators of a stage, evaluated for one partition as streams of record batches. Each
// physical operator is a unit of its own under operators/ keeping one contract
// (operators/contract.ts: its inputs and how it reads them, what it holds, when it emits, what it
// loads, its stream); OPERATORS maps every physical op kind to its operator, so a kind without
// one does not type-check. The per-batch work is engine/compute's.

import type { RecordBatch } from 'apache-arrow';
import type { PhysOp } from '../physical/physical-types.ts';
import { instrument } from './instrument.ts';
import type { OpContext, OpKind, OpOf, PhysicalOperator } from './operators/contract.ts';
import { scanOperator } from './operators/scan.ts';
import { readOperator } from './operators/read.ts';
import { emptyOperator } from './operators/empty.ts';
import { filterOperator } from './operators/filter.ts';
import { projectOperator } from './operators/project.ts';
import { limitOperator } from './operators/limit.ts';
import { unionOperator } from './operators/union.ts';
import { aggregateOperator } from './operators/aggregate.ts';
import { distinctOperator } from './operators/distinct.ts';
import { sortOperator } from './operators/sort.ts';
import { mergeOperator } from './operators/merge.ts';
import { joinOperator } from './operators/join.ts';
import { sinkOperator } from './operators/sink.ts';
import { mlFitOperator } from './operators/ml-fit.ts';
import { mlApplyOperator } from './operators/ml-apply.ts';
import { mlMetricOperator } from './operators/ml-metric.ts';

export type { OpContext } from './operators/contract.ts';

export const OPERATORS: { readonly [K in OpKind]: PhysicalOperator<K> } = {
  scan: scanOperator, read: readOperator, empty: emptyOperator,
  filter: filterOperator, project: projectOperator, limit: limitOperator, union: unionOperator,
  aggregate: aggregateOperator, distinct: distinctOperator, sort: sortOperator, merge: mergeOperator,
  join: joinOperator, sink: sinkOperator,
  mlFit: mlFitOperator, mlApply: mlApplyOperator, mlMetric: mlMetricOperator,
};

/** The operator that runs `op` (typed to its kind). */
export function operatorOf<K extends OpKind>(op: OpOf<K>): PhysicalOperator<K> {
  return OPERATORS[op.kind as K];
}

/** Starts loading the modules `ops` will need, without waiting: a stage that runs later in this
 *  thread (a sink: the Parquet writer's wasm takes ~50 ms) loads them while the pool works. */
export function preloadOperators(ops: readonly PhysOp[]): void {
  for (const op of ops) void OPERATORS[op.kind].load?.().catch(() => undefined); // a real failure surfaces when the stage loads it
}

/** Loads every operator's modules in this thread (the warm studio engine, ahead of its first click). */
export async function preloadAllOperators(): Promise<void> {
  await Promise.all((Object.values(OPERATORS) as { readonly load?: () => Promise<unknown> }[]).map((o) => o.load?.()));
}

/** The output stream of `op` for this partition. */
export function openOp(op: PhysOp, ctx: OpContext): AsyncIterable<RecordBatch> {
  const open = (input: PhysOp): AsyncIterable<RecordBatch> => openOp(input, ctx);
  return instrument(op, operatorOf(op).run(op, ctx, open), ctx.stats, ctx.signal);
}
