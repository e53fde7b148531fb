// One stage task: evaluates the stage's operator tree for one partition and routes its output
// to the exchange's target partitions. The same function runs inside a pool worker (worker.ts
// decodes and encodes around it) and in the main thread for small inputs.

import type { RecordBatch } from 'apache-arrow';
import type { MessagePort } from 'node:worker_threads';
import type { SourceSplit } from '../io/splits.ts';
import type { Stage } from '../physical/physical-types.ts';
import { OpStats, type ProgressReport } from './instrument.ts';
import { openOp, type OpContext } from './operators.ts';
import { batchBytes, sliceEvenly } from './batch-utils.ts';
import type { HotKey } from './key-sampler.ts';
import { TaskMemory } from './memory/task-memory.ts';

export type StageSpec = Pick<Stage, 'id' | 'root' | 'output' | 'partitions'>;

export interface PartitionTask<B> {
  readonly stage: StageSpec;
  readonly partition: number;
  readonly splits: Readonly<Record<number, readonly SourceSplit[]>>;
  /** Batches for each read operator, keyed by its op id. */
  readonly inputs: Readonly<Record<number, readonly B[]>>;
  /** Pool tasks: where to post live progress (rows so far per node). */
  readonly progress?: MessagePort;
  /** Live progress every this many ms (default PROGRESS_EVERY_MS). */
  readonly progressEveryMs?: number;
  /** Tests only: after posting its first progress report, the task waits for the host's answer
   *  on `progress` (ExecuteOptions.holdUntilProgressSeen). */
  readonly holdUntilProgressSeen?: boolean;
  /** This task's share of the run's memory budget and the run's spill folder (TaskMemory);
   *  absent: unbounded. */
  readonly memory?: { readonly budgetBytes: number; readonly spillDir?: string };
  /** Tests only: make the worker fail this way (ExecuteOptions.injectFault). */
  readonly fault?: 'exit' | 'uncaught' | 'throw';
}

export interface OpMetrics { readonly id: number; readonly nodeId: string; readonly final: boolean; readonly rows: number; readonly ms: number }

export interface PartitionOutcome<B> {
  /** Output batches per target partition (one list unless hash / round-robin). */
  readonly outputs: B[][];
  readonly rowsIn: number;
  readonly rowsOut: number;
  readonly bytes: number;
  readonly durationMs: number;
  readonly ops: readonly OpMetrics[];
  readonly sink?: { readonly path: string; readonly rows: number; readonly bytes: number };
  readonly hotKey?: HotKey;
  /** A preview's result that stopped once it had its rows (StageOutput stopWhenKept): rowsOut is
   *  then the rows read so far, not the partition's total. */
  readonly stoppedEarly?: boolean;
}

export async function runPartition(
  task: PartitionTask<RecordBatch>, signal?: AbortSignal, onProgress?: (r: ProgressReport) => void | Promise<void>,
): Promise<PartitionOutcome<RecordBatch>> {
  const t0 = performance.now();
  const stats = new OpStats(task.stage.root, onProgress, task.progressEveryMs);
  const memory = task.memory ? new TaskMemory(task.memory.budgetBytes, task.memory.spillDir, `s${task.stage.id}p${task.partition}`) : undefined;
  const ctx: OpContext = {
    partition: task.partition, splits: task.splits, inputs: task.inputs, stats, rowsIn: 0, ...(signal ? { signal } : {}), ...(memory ? { memory } : {}),
  };
  const out = task.stage.output;
  const targets = out.kind === 'hash' || out.kind === 'round-robin' ? out.partitions : 1;
  const outputs: RecordBatch[][] = Array.from({ length: targets }, () => []);
  let rowsOut = 0;
  let bytes = 0;
  let turn = task.partition;
  let keep = out.kind === 'result' && out.keep !== undefined ? out.keep : Number.POSITIVE_INFINITY;
  const stopWhenKept = out.kind === 'result' && out.stopWhenKept === true;
  let stoppedEarly = false;
  const partitionBatch = out.kind === 'hash' ? (await import('../compute/hash.ts')).partitionBatch : undefined;
  for await (const batch of openOp(task.stage.root, ctx)) {
    if (batch.numRows === 0) continue;
    rowsOut += batch.numRows;
    bytes += batchBytes(batch);
    if (out.kind === 'hash') {
      partitionBatch!(batch, out.keys, out.partitions).forEach((part: RecordBatch, t: number) => { if (part.numRows > 0) outputs[t]!.push(part); });
    } else if (out.kind === 'round-robin') {
      // Big batches are cut evenly; small ones go whole, turn by turn, starting at this partition.
      if (batch.numRows >= targets * 1024) sliceEvenly(batch, targets).forEach((s, t) => outputs[(t + turn) % targets]!.push(s));
      else outputs[turn % targets]!.push(batch);
      turn++;
    } else if (out.kind !== 'discard' && keep > 0) {
      outputs[0]!.push(batch.numRows <= keep ? batch : batch.slice(0, keep));
      keep -= batch.numRows;
    }
    // Leaving the loop returns the operator generators, so scans read no further row groups.
    if (stopWhenKept && keep <= 0) {
      stoppedEarly = true;
      break;
    }
  }
  const hotKey = ctx.sampler?.top();
  return {
    outputs, rowsIn: ctx.rowsIn, rowsOut, bytes, durationMs: performance.now() - t0,
    ops: stats.summary(task.stage.root),
    ...(ctx.sink ? { sink: ctx.sink } : {}),
    ...(hotKey ? { hotKey } : {}),
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
}
