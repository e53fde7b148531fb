// Spill files for the blocking operators (docs/spilling.md): a set of Arrow IPC files an operator
// appends batches to while it runs and reads back batch by batch afterwards, and the hash
// partitioning that routes rows to them. Every file is deleted by `remove()`, which the
// operators call from their generators' finally blocks (a finished, failed or abandoned run).

import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { type RecordBatch, RecordBatchStreamWriter } from 'apache-arrow';
import { makeBatch, schemaOfBatch } from '../../../compute/arrow-types.ts';
import { concatData } from '../../../compute/concat.ts';
import { takeBatch } from '../../../compute/eval-expr.ts';
import { fmix } from '../../../compute/hash.ts';
import { readIpcFile } from '../../../io/arrow-ipc.ts';
import { batchBytes } from '../../batch-utils.ts';
import type { TaskMemory } from '../../memory/task-memory.ts';

/** Partitions per spill level: DuckDB's radix aggregation and grace joins use 16 to 64. */
export const SPILL_FANOUT = 16;

/** A different hash for each spill level (and different from the exchange's, which routed on the
 *  high bits of the plain key hash: every row of a task shares them). */
export function spillPartitionOf(keyHash: number, level: number): number {
  const h = fmix((keyHash ^ Math.imul(level + 1, 0x27d4eb2f)) | 0);
  return Math.floor((h * SPILL_FANOUT) / 4294967296);
}

/** Same schema identity as io/arrow-ipc.ts: one IPC stream per run of batches of one schema. */
function schemaKey(batch: RecordBatch): string {
  return batch.schema.fields.map((f) => {
    const t = f.type as { typeId: number; id?: number };
    return `${f.name}:${t.typeId}#${t.id ?? ''}:${String(f.type)}`;
  }).join(',');
}

function concatBatches(batches: readonly RecordBatch[]): RecordBatch {
  if (batches.length === 1) return batches[0]!;
  const fields = schemaOfBatch(batches[0]!).fields;
  const cols = batches[0]!.data.children.map((_, c) => concatData(batches.map((b) => b.data.children[c]!), fields[c]!.type));
  return makeBatch(fields, cols, batches.reduce((n, b) => n + b.numRows, 0));
}

/** One spill file: batches buffered a little, then appended as IPC streams. Writes are
 *  synchronous: the task runs on its own worker thread, and a spill write must finish before the
 *  memory it frees is counted free. */
export class SpillFile {
  readonly path: string;
  rows = 0;
  bytes = 0;
  /** The largest IPC message written: about the largest batch a reader holds at once. */
  largestWrite = 0;
  private fd: number | null = null;
  private pending: RecordBatch[] = [];
  private pendingBytes = 0;
  private readonly flushAt: number;
  private readonly onWrite: (bytes: number) => void;

  constructor(path: string, flushAt: number, onWrite: (bytes: number) => void) {
    this.path = path; this.flushAt = flushAt; this.onWrite = onWrite;
  }

  add(batch: RecordBatch): void {
    if (batch.numRows === 0) return;
    this.pending.push(batch);
    this.rows += batch.numRows;
    this.pendingBytes += batchBytes(batch);
    if (this.pendingBytes >= this.flushAt) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    this.fd ??= openSync(this.path, 'w');
    let i = 0;
    while (i < this.pending.length) {
      const key = schemaKey(this.pending[i]!);
      let j = i + 1;
      while (j < this.pending.length && schemaKey(this.pending[j]!) === key) j++;
      // One batch per flush: fewer IPC messages to write and read back, and bigger batches for
      // the next level's table.
      const bytes = RecordBatchStreamWriter.writeAll([concatBatches(this.pending.slice(i, j))]).toUint8Array(true);
      writeSync(this.fd, bytes);
      this.bytes += bytes.byteLength;
      this.largestWrite = Math.max(this.largestWrite, bytes.byteLength);
      this.onWrite(bytes.byteLength);
      i = j;
    }
    this.pending = []; this.pendingBytes = 0;
  }

  /** Flushes and closes the file for reading. */
  close(): void {
    this.flush();
    if (this.fd !== null) { closeSync(this.fd); this.fd = null; }
  }

  /** The batches written, streamed back (close() first), in reads of `chunkBytes`. */
  async *read(chunkBytes?: number): AsyncGenerator<RecordBatch> {
    if (this.rows === 0) return;
    yield* readIpcFile(this.path, chunkBytes);
  }

  remove(): void {
    if (this.fd !== null) { closeSync(this.fd); this.fd = null; }
    this.pending = [];
    rmSync(this.path, { force: true });
  }
}

/** Every spill file one operator made, for its finally block. */
export class SpillFiles {
  private readonly files = new Set<SpillFile>();
  private readonly memory: TaskMemory;
  private readonly nodeId: string;
  constructor(memory: TaskMemory, nodeId: string) { this.memory = memory; this.nodeId = nodeId; }

  /** A new file; `flushAt` (bytes buffered before a write) defaults to small buffers, since a
   *  spill happens because memory is short: a level's SPILL_FANOUT files buffer at most an eighth
   *  of the budget (or 32 KB each). */
  create(flushAt = Math.max(32 * 1024, Math.min(1 << 20, this.memory.budgetBytes / (8 * SPILL_FANOUT)))): SpillFile {
    const f = new SpillFile(this.memory.spillPath(this.nodeId), flushAt, (b) => this.memory.recordSpill(this.nodeId, b));
    this.files.add(f);
    return f;
  }

  /** SPILL_FANOUT files, one per hash partition of a level. */
  partitions(): SpillFile[] {
    return Array.from({ length: SPILL_FANOUT }, () => this.create());
  }

  remove(f: SpillFile): void { f.remove(); this.files.delete(f); }

  removeAll(): void { for (const f of this.files) f.remove(); this.files.clear(); }
}

/** Routes the rows of `batch` (or only its rows `rows`) to `parts` by their key hashes (one per
 *  row of the batch) at spill `level`. */
export function routeRows(batch: RecordBatch, hashes: Uint32Array, level: number, parts: readonly SpillFile[], rows: Int32Array | null = null): void {
  const n = rows ? rows.length : batch.numRows;
  const part = new Uint8Array(n); const counts = new Int32Array(SPILL_FANOUT);
  for (let k = 0; k < n; k++) { const p = spillPartitionOf(hashes[rows ? rows[k]! : k]!, level); part[k] = p; counts[p]!++; }
  const idx = Array.from(counts, (c) => new Int32Array(c));
  const fill = new Int32Array(SPILL_FANOUT);
  for (let k = 0; k < n; k++) { const p = part[k]!; idx[p]![fill[p]!++] = rows ? rows[k]! : k; }
  // Always a copy: a scan may recycle the input batch's arrays once the operator has seen it.
  idx.forEach((ix, p) => { if (ix.length) parts[p]!.add(takeBatch(batch, ix, true)); });
}

/** The bytes one operator holds, accounted on the task's TaskMemory. */
export class Held {
  bytes = 0;
  private readonly memory: TaskMemory;
  constructor(memory: TaskMemory) { this.memory = memory; }
  set(bytes: number): void { this.memory.grow(bytes - this.bytes); this.bytes = bytes; }
  /** Whether holding `bytes` in all (instead of what it holds now) stays within the budget. */
  fits(bytes: number): boolean { return !this.memory.wouldExceed(bytes - this.bytes); }
  release(): void { this.set(0); }
}
