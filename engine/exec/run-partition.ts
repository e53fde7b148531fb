// One stage task: evaluates the stage's operator tree for one partition and routes its output
// to the exchange's target partitions. The same function runs inside a pool worker (worker.ts
// decodes and encodes around it) and in the main thread for small inputs. Its output buffers
// count against the task's memory share and go to spill files when over it (output-buffers.ts).

import type { RecordBatch } from 'apache-arrow';
import type { MessagePort } from 'node:worker_threads';
import type { SourceSplit } from '../io/splits.ts';
import type { Stage } from '../physical/physical-types.ts';
import { OpStats, type ProgressReport } from './instrument.ts';
import { openOp, type OpContext } from './operators.ts';
import { batchBytes, sliceEvenly } from './batch-utils.ts';
import type { BuildTables } from './build-tables.ts';
import type { HotKey } from './key-sampler.ts';
import { TaskMemory } from './memory/task-memory.ts';
import { OutputBuffers } from './memory/output-buffers.ts';
import { traceAccount } from './memory/trace.ts';
import type { SpillRef } from './spill.ts';

export type StageSpec = Pick<Stage, 'id' | 'root' | 'output' | 'partitions'>;

export interface PartitionTask<B> {
  readonly stage: StageSpec;
  readonly partition: number;
  readonly splits: Readonly<Record<number, readonly SourceSplit[]>>;
  /** Batches for each read operator, keyed by its op id; spilled lists as refs the task streams. */
  readonly inputs: Readonly<Record<number, readonly (B | SpillRef)[]>>;
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
  /** Main-thread tasks of a preview only: the warm engine's built join tables (build-tables.ts). */
  readonly buildTables?: BuildTables;
}

export interface OpMetrics { readonly id: number; readonly nodeId: string; readonly final: boolean; readonly rows: number; readonly ms: number }

export interface PartitionOutcome<B> {
  /** Output per target partition (one list unless hash / round-robin): batches, and spill refs
   *  where the task's output went over its memory share. */
  readonly outputs: (B | SpillRef)[][];
  /** Bytes the task wrote to spill files, per node id (its operators' and its output's). */
  readonly spilled?: Readonly<Record<string, number>>;
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
  // The random part keeps the files of a split partition's sub-tasks apart.
  const prefix = `s${task.stage.id}p${task.partition}-${Math.random().toString(36).slice(2, 8)}`;
  const memory = task.memory ? new TaskMemory(task.memory.budgetBytes, task.memory.spillDir, prefix) : undefined;
  const out = task.stage.output;
  const ctx: OpContext = {
    partition: task.partition, splits: task.splits, inputs: task.inputs, stats, rowsIn: 0, ...(signal ? { signal } : {}), ...(memory ? { memory } : {}),
    ...(out.kind === 'result' && out.stopWhenKept === true ? { firstRows: true } : {}),
    ...(task.buildTables ? { buildTables: task.buildTables } : {}),
  };
  const targets = out.kind === 'hash' || out.kind === 'round-robin' ? out.partitions : 1;
  const buffers = new OutputBuffers(targets, memory, task.stage.root.nodeId);
  let rowsOut = 0;
  let bytes = 0;
  let turn = task.partition;
  let keep = out.kind === 'result' && out.keep !== undefined ? out.keep : Number.POSITIVE_INFINITY;
  const stopWhenKept = out.kind === 'result' && out.stopWhenKept === true;
  let stoppedEarly = false;
  const partitionBatch = out.kind === 'hash' ? (await import('../compute/hash.ts')).partitionBatch : undefined;
  const untrace = memory ? traceAccount(prefix, () => memory.held) : undefined;
  try {
    for await (const batch of openOp(task.stage.root, ctx)) {
      if (batch.numRows === 0) continue;
      rowsOut += batch.numRows;
      bytes += batchBytes(batch);
      if (out.kind === 'hash') {
        partitionBatch!(batch, out.keys, out.partitions).forEach((part: RecordBatch, t: number) => { if (part.numRows > 0) buffers.push(t, part); });
      } else if (out.kind === 'round-robin') {
        // Big batches are cut evenly; small ones go whole, turn by turn, starting at this partition.
        if (batch.numRows >= targets * 1024) sliceEvenly(batch, targets).forEach((s, t) => buffers.push((t + turn) % targets, s));
        else buffers.push(turn % targets, batch);
        turn++;
      } else if (out.kind !== 'discard' && keep > 0) {
        buffers.push(0, batch.numRows <= keep ? batch : batch.slice(0, keep));
        keep -= batch.numRows;
      }
      if (buffers.over) await buffers.spill();
      // Leaving the loop returns the operator generators, so scans read no further row groups.
      if (stopWhenKept && keep <= 0) {
        stoppedEarly = true;
        break;
      }
    }
  } finally {
    untrace?.();
  }
  const hotKey = ctx.sampler?.top();
  return {
    outputs: buffers.lists, rowsIn: ctx.rowsIn, rowsOut, bytes, durationMs: performance.now() - t0,
    ops: stats.summary(task.stage.root),
    ...(memory && memory.spilled.size > 0 ? { spilled: Object.fromEntries(memory.spilled) } : {}),
    ...(ctx.sink ? { sink: ctx.sink } : {}),
    ...(hotKey ? { hotKey } : {}),
    ...(stoppedEarly ? { stoppedEarly } : {}),
  };
}
