// Per-operator metrics and error attribution inside one partition task. Every operator's batch
// stream is wrapped: rows out, time spent in its next() (inclusive of its children), an abort
// check between batches, and errors re-thrown as NodeExecutionError naming the operator's node.

import type { RecordBatch } from 'apache-arrow';
import { NodeExecutionError } from '../errors.ts';
import type { PhysOp } from '../physical/physical-types.ts';
import { childrenOf } from '../physical/physical-types.ts';
import type { SelectedBatch } from '../compute/eval-expr.ts';

/** `read`: a scan's rows read before its pushed filters (the rows its source node shows). */
export interface OpStat { rows: number; inclusiveMs: number; read: number }

/** Rows so far of each node's final operator, reported while a task runs (live progress). */
export type ProgressReport = Record<string, number>;

/** Default gap between two live progress reports of one task. */
export const PROGRESS_EVERY_MS = 250;

export class OpStats {
  private readonly byOp = new Map<number, OpStat>();
  /** Where each node's rows are counted: its final operator's rows out, except a scan (rows read,
   *  before its pushed filters); a filter folded into another node counts that node's rows out. */
  private readonly finals: readonly { id: number; nodeId: string; read: boolean }[];
  private readonly onProgress: ((r: ProgressReport) => void | Promise<void>) | undefined;
  private readonly everyMs: number;
  private lastReport = performance.now();

  /** `onProgress` may return a promise: the task waits for it before its next batch (a test
   *  holds a task this way until it has seen the report). */
  constructor(root?: PhysOp, onProgress?: (r: ProgressReport) => void | Promise<void>, everyMs = PROGRESS_EVERY_MS) {
    const finals: { id: number; nodeId: string; read: boolean }[] = [];
    const visit = (op: PhysOp): void => {
      if (op.final) {
        finals.push({ id: op.id, nodeId: op.nodeId, read: op.kind === 'scan' });
        for (const f of op.absorbs ?? []) finals.push({ id: op.id, nodeId: f, read: false });
      }
      childrenOf(op).forEach(visit);
    };
    if (root) visit(root);
    this.finals = finals;
    this.onProgress = onProgress;
    this.everyMs = everyMs;
  }

  /** Called after every batch; reports at most every `everyMs` (what onProgress returns). */
  tick(): void | Promise<void> {
    if (!this.onProgress || performance.now() - this.lastReport < this.everyMs) return;
    this.lastReport = performance.now();
    const report: ProgressReport = {};
    for (const f of this.finals) {
      const s = this.stat(f.id);
      report[f.nodeId] = (report[f.nodeId] ?? 0) + (f.read ? s.read : s.rows);
    }
    return this.onProgress(report);
  }

  stat(id: number): OpStat {
    let s = this.byOp.get(id);
    if (!s) this.byOp.set(id, (s = { rows: 0, inclusiveMs: 0, read: 0 }));
    return s;
  }

  /** Rows and time spent in each operator itself (its children's time subtracted). Rows are
   *  counted where the user sees the node: a scan's rows read (before the filters pushed into
   *  it), and for each filter folded into an operator's node, an entry of its own with that
   *  operator's rows out (the rows the filter kept) and no time. */
  summary(root: PhysOp): { id: number; nodeId: string; final: boolean; rows: number; ms: number }[] {
    const out: { id: number; nodeId: string; final: boolean; rows: number; ms: number }[] = [];
    const visit = (op: PhysOp): void => {
      const s = this.stat(op.id);
      const kids = childrenOf(op).reduce((t, c) => t + this.stat(c.id).inclusiveMs, 0);
      out.push({ id: op.id, nodeId: op.nodeId, final: op.final, rows: op.kind === 'scan' ? s.read : s.rows, ms: Math.max(0, s.inclusiveMs - kids) });
      if (op.final) for (const f of op.absorbs ?? []) out.push({ id: op.id, nodeId: f, final: true, rows: s.rows, ms: 0 });
      childrenOf(op).forEach(visit);
    };
    visit(root);
    return out;
  }
}

export class AbortedError extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'AbortError';
  }
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/** Work running in the main thread yields to the event loop this often, so a cancel (or a
 *  progress redraw) is not held up by a long chain of microtasks. */
const YIELD_EVERY_MS = 50;
let lastYield = performance.now();

async function yieldNow(): Promise<void> {
  if (performance.now() - lastYield < YIELD_EVERY_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

/** Wraps an operator's stream with metrics, the abort check and error attribution. */
export function instrument(op: PhysOp, source: AsyncIterable<RecordBatch>, stats: OpStats, signal?: AbortSignal): AsyncIterable<RecordBatch> {
  return instrumentCounted(op, source, stats, signal, batchRows);
}

const batchRows = (b: RecordBatch): number => b.numRows;

/** `instrument` for a stream of selections: the operator's rows out are the selected rows. */
export function instrumentSelected(op: PhysOp, source: AsyncIterable<SelectedBatch>, stats: OpStats, signal?: AbortSignal): AsyncIterable<SelectedBatch> {
  return instrumentCounted(op, source, stats, signal, selectedRows);
}

const selectedRows = (s: SelectedBatch): number => (s.sel ? s.sel.length : s.batch.numRows);

function instrumentCounted<T>(op: PhysOp, source: AsyncIterable<T>, stats: OpStats, signal: AbortSignal | undefined, rowsOf: (item: T) => number): AsyncIterable<T> {
  const stat = stats.stat(op.id);
  return {
    async *[Symbol.asyncIterator]() {
      const it = source[Symbol.asyncIterator]();
      try {
        for (;;) {
          await yieldNow();
          if (signal?.aborted) throw new AbortedError();
          const t0 = performance.now();
          let r: IteratorResult<T>;
          try {
            r = await it.next();
          } catch (e) {
            throw attribute(op, e);
          } finally {
            stat.inclusiveMs += performance.now() - t0;
          }
          if (r.done) return;
          stat.rows += rowsOf(r.value);
          const held = stats.tick();
          if (held) await held;
          yield r.value;
        }
      } finally {
        // The consumer stopped early (a limit): let the source release what it holds.
        await it.return?.();
      }
    },
  };
}

export function attribute(op: PhysOp, e: unknown): Error {
  if (e instanceof NodeExecutionError || isAbort(e)) return e as Error;
  const message = e instanceof Error ? e.message : String(e);
  return new NodeExecutionError(op.nodeId, message, { cause: e });
}
