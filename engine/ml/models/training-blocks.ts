// The cache of an iterative fit's training rows (logistic regression, k-means): compact blocks of
// Float64 features, labels and weights, one per batch, in partition order, as Spark caches the
// assembled vectors before its iterations. A block stays in memory while the task's memory share
// allows (each counted against it); past that it is written to one spill file and read back, block
// by block into one reused buffer, on every pass. Spilled or not, the passes see the same blocks in
// the same order, so the fit's floating sums, and the model, are the same bit for bit.
//
// A block a pass receives from the file is only valid until the pass asks for the next one: a fit
// keeps values beyond that by copying them (slice), as every pass already does.

import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { SpillMemory } from '../stage.ts';

export interface TrainingBlock {
  readonly n: number;
  /** n * size features, row-major. */
  readonly x: Float64Array;
  readonly y: Float64Array | undefined;
  /** Instance weights (weightCol); undefined: every row weighs 1. */
  readonly w: Float64Array | undefined;
}

interface SpilledBlock {
  readonly n: number;
  readonly xLength: number;
  readonly hasY: boolean;
  readonly hasW: boolean;
  /** Byte offset in the spill file. */
  readonly offset: number;
}

const bytesOf = (b: TrainingBlock): number => b.x.byteLength + (b.y?.byteLength ?? 0) + (b.w?.byteLength ?? 0);

export class TrainingBlocks implements Iterable<TrainingBlock> {
  private readonly entries: (TrainingBlock | SpilledBlock)[] = [];
  private readonly memory: SpillMemory | undefined;
  private readonly nodeId: string;
  private held = 0;
  private path: string | undefined;
  private fd: number | undefined;
  private fileBytes = 0;
  /** The reused read buffer, sized to the largest spilled block. */
  private buffer = new Float64Array(0);

  constructor(nodeId: string, memory?: SpillMemory) {
    this.nodeId = nodeId;
    this.memory = memory;
  }

  get count(): number {
    return this.entries.length;
  }

  /** Bytes written to the spill file (0: every block is in memory). */
  get spilledBytes(): number {
    return this.fileBytes;
  }

  add(block: TrainingBlock): void {
    const bytes = bytesOf(block);
    const m = this.memory;
    if (!m || m.spillDir === undefined || !m.wouldExceed(bytes)) {
      m?.grow(bytes);
      this.held += bytes;
      this.entries.push(block);
      return;
    }
    if (this.fd === undefined) {
      this.path = m.spillPath(`${this.nodeId}-training`);
      this.fd = openSync(this.path, 'w+');
    }
    const offset = this.fileBytes;
    for (const part of [block.x, block.y, block.w]) {
      if (!part) continue;
      const view = new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
      let done = 0;
      while (done < view.length) done += writeSync(this.fd, view, done, view.length - done, this.fileBytes + done);
      this.fileBytes += view.length;
    }
    m.recordSpill(this.nodeId, bytes);
    this.entries.push({ n: block.n, xLength: block.x.length, hasY: block.y !== undefined, hasW: block.w !== undefined, offset });
  }

  *[Symbol.iterator](): Iterator<TrainingBlock> {
    for (const e of this.entries) yield 'x' in e ? e : this.read(e);
  }

  /** Releases the memory counted and deletes the spill file (after the fit, or on its failure). */
  close(): void {
    this.memory?.grow(-this.held);
    this.held = 0;
    if (this.fd !== undefined) closeSync(this.fd);
    if (this.path !== undefined) rmSync(this.path, { force: true });
    this.fd = undefined;
    this.path = undefined;
  }

  private read(e: SpilledBlock): TrainingBlock {
    const length = e.xLength + (e.hasY ? e.n : 0) + (e.hasW ? e.n : 0);
    if (this.buffer.length < length) this.buffer = new Float64Array(length);
    const view = new Uint8Array(this.buffer.buffer, 0, length * 8);
    let done = 0;
    while (done < view.length) {
      const got = readSync(this.fd!, view, done, view.length - done, e.offset + done);
      if (got === 0) throw new Error(`the training cache file ${this.path} ended early: it was changed or removed during the fit`);
      done += got;
    }
    let at = 0;
    const take = (len: number): Float64Array => { const v = this.buffer.subarray(at, at + len); at += len; return v; };
    const x = take(e.xLength);
    return { n: e.n, x, y: e.hasY ? take(e.n) : undefined, w: e.hasW ? take(e.n) : undefined };
  }
}
