// The one contract every physical operator keeps (in the spirit of DuckDB's PhysicalOperator and
// DataFusion's ExecutionPlan): what it consumes, what it holds in memory for one partition, when
// it emits, what it loads, and its output stream. exec/operators.ts dispatches on an exhaustive
// map of these, keyed by the physical op kind, so an op kind without an operator is a type error.

import type { RecordBatch } from 'apache-arrow';
import type { PhysOp } from '../../physical/physical-types.ts';
import type { SourceSplit } from '../../io/splits.ts';
import type { OpStats } from '../instrument.ts';
import type { BuildTables } from '../build-tables.ts';
import type { KeySampler } from '../key-sampler.ts';
import type { TaskMemory } from '../memory/task-memory.ts';
import type { SpillRef } from '../spill.ts';

export type OpKind = PhysOp['kind'];
export type OpOf<K extends OpKind> = Extract<PhysOp, { readonly kind: K }>;

/** Opens an input operator's output stream for the same partition (instrumented). */
export type OpenInput = (input: PhysOp) => AsyncIterable<RecordBatch>;

/** One input and how the operator reads it: batch by batch as it emits ('stream'), or every
 *  batch before it emits anything from it ('whole': its state grows with that input). */
export interface InputUse { readonly op: PhysOp; readonly reads: 'stream' | 'whole' }

/**
 * The memory an operator holds for one partition beyond the batch in flight; what the memory
 * budget will account for. 'nothing': a leaf whose batches belong elsewhere (a split reader, the
 * exchange store) or a plain pass-through; 'k rows': at most its limit of candidate rows;
 * 'per key': one entry per group, distinct row or statistic; 'whole input': every batch of an
 * input it reads whole (a sort, a merge, a join's build side).
 */
export type Holds = 'nothing' | 'k rows' | 'per key' | 'whole input';

/** When output appears: 'per batch' while its input streams, 'at end' once its input is consumed
 *  (blocking: aggregate, sort...), 'nothing' (a sink writes a file instead; the empty relation has no rows). */
export type Emits = 'per batch' | 'at end' | 'nothing';

// Members are function-typed properties, not methods, so that their parameters are checked
// strictly: an operator of one kind cannot stand under another kind's key.
export interface PhysicalOperator<K extends OpKind> {
  /** Its inputs in the order it opens them; none for a leaf (it reads splits or exchange data). */
  readonly inputs: (op: OpOf<K>) => readonly InputUse[];
  readonly holds: (op: OpOf<K>) => Holds;
  readonly emits: Emits;
  /** The modules it needs beyond the exec core, loaded on first use (preloadOperators): a worker
   *  or a small run in the main thread pays only for what its stage runs. */
  readonly load?: () => Promise<unknown>;
  /** The output stream for one partition. Its per-partition state lives in this call only:
   *  nothing is shared between partitions, tasks or threads. */
  readonly run: (op: OpOf<K>, ctx: OpContext, open: OpenInput) => AsyncIterable<RecordBatch>;
}

/** What a stage task hands its operators for one partition. */
export interface OpContext {
  readonly partition: number;
  readonly splits: Readonly<Record<number, readonly SourceSplit[]>>;
  /** Input of each read operator, in source-partition order: batches, and spill files (SpillRef)
   *  the read operator streams batch by batch. */
  readonly inputs: Readonly<Record<number, readonly (RecordBatch | SpillRef)[]>>;
  readonly stats: OpStats;
  readonly signal?: AbortSignal;
  /** Rows read by the stage's leaves (before scan filters). */
  rowsIn: number;
  sink?: { path: string; rows: number; bytes: number };
  sampler?: KeySampler;
  /** The task's memory budget and spill folder (memory/task-memory.ts); absent: unbounded. */
  readonly memory?: TaskMemory;
  /** The stage stops once it has its first rows (a preview's stopWhenKept): scans read them soonest. */
  readonly firstRows?: boolean;
  /** A preview in the main thread: built join tables kept between previews (build-tables.ts). */
  readonly buildTables?: BuildTables;
}

/** Every input operator read 'stream', for the narrow operators. */
export function streams(...ops: PhysOp[]): InputUse[] {
  return ops.map((op) => ({ op, reads: 'stream' }));
}

export async function collect(it: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}
