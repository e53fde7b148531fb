// Grace hash join under a task memory budget (docs/spilling.md), after DuckDB's external hash
// join. The build side is collected while it fits, and then joined exactly as in memory. When it
// does not fit, both sides are written to SPILL_FANOUT partition files by a hash of their join
// keys (other bits than the exchange's), and the join runs pair by pair: a pair whose build
// partition fits is an ordinary in-memory join; one that does not is partitioned again one level
// down; one that did not shrink (a hot key: every row of one key lands in one partition at every
// level) or is too deep becomes a block nested loop: the build partition in chunks that fit, the
// probe partition streamed past each chunk, probe matches remembered across chunks in a bitmap so
// outer, semi and anti joins emit each probe row once.

import type { RecordBatch } from 'apache-arrow';
import type { JoinOp } from '../../../physical/physical-types.ts';
import type { Schema } from '../../../types.ts';
import { columnData } from '../../../compute/arrow-types.ts';
import { colFromData } from '../../../compute/column.ts';
import { coerce, commonType } from '../../../compute/eval-common.ts';
import { takeBatch } from '../../../compute/eval-expr.ts';
import { hashCols } from '../../../compute/hash.ts';
import { makeJoin, type JoinTable } from '../../../compute/join.ts';
import { batchBytes } from '../../batch-utils.ts';
import type { TaskMemory } from '../../memory/task-memory.ts';
import { BUILD_COPIES } from './build-copies.ts';
import { Held, routeRows, type SpillFile, SpillFiles } from './spill-files.ts';

/** Levels of re-partitioning before a pair that still does not fit takes the nested loop. */
const MAX_DEPTH = 4;

type Kernel = ReturnType<typeof makeJoin>;

export interface JoinSpillStats { levels: number; nestedLoops: number }

/** `keep`: given the table when the whole build side fitted (a cached preview table, build-tables.ts). */
export async function* graceJoin(
  op: JoinOp, memory: TaskMemory, build: AsyncIterable<RecordBatch>, probe: AsyncIterable<RecordBatch>, stats?: JoinSpillStats,
  keep?: (table: JoinTable, bytes: number) => void,
): AsyncGenerator<RecordBatch> {
  const j = new GraceJoin(op, memory, stats, keep);
  try {
    yield* j.run(build, probe);
  } finally {
    j.close();
  }
}

class GraceJoin {
  private readonly op: JoinOp;
  private readonly kernel: Kernel;
  private readonly held: Held;
  private readonly files: SpillFiles;
  private readonly stats: JoinSpillStats | undefined;
  private readonly buildKeys: readonly string[];
  private readonly probeKeys: readonly string[];
  private readonly keyTypes: ReturnType<typeof commonType>[];
  private readonly probeSide: 'left' | 'right';
  private readonly keep: ((table: JoinTable, bytes: number) => void) | undefined;

  constructor(op: JoinOp, memory: TaskMemory, stats: JoinSpillStats | undefined, keep: ((table: JoinTable, bytes: number) => void) | undefined) {
    this.op = op; this.stats = stats; this.keep = keep;
    const { node } = op;
    this.kernel = makeJoin(node, node.left.schema, node.right.schema);
    this.held = new Held(memory);
    this.files = new SpillFiles(memory, op.nodeId);
    const typeOf = (s: Schema, n: string) => s.fields.find((f) => f.name === n)!.type;
    this.keyTypes = node.on.map((k) => commonType(typeOf(node.left.schema, k.left), typeOf(node.right.schema, k.right)));
    const left = node.on.map((k) => k.left); const right = node.on.map((k) => k.right);
    this.buildKeys = op.buildSide === 'left' ? left : right;
    this.probeKeys = op.buildSide === 'left' ? right : left;
    this.probeSide = op.buildSide === 'left' ? 'right' : 'left';
  }

  close(): void { this.held.release(); this.files.removeAll(); }

  private hashes(batch: RecordBatch, names: readonly string[]): Uint32Array {
    return hashCols(names.map((n, i) => coerce(colFromData(columnData(batch, n)), this.keyTypes[i]!)), batch.numRows);
  }

  async *run(build: AsyncIterable<RecordBatch>, probe: AsyncIterable<RecordBatch>): AsyncGenerator<RecordBatch> {
    const it = build[Symbol.asyncIterator]();
    const held: RecordBatch[] = [];
    let bytes = 0;
    let over: RecordBatch | undefined;
    for (let r = await it.next(); !r.done; r = await it.next()) {
      const size = batchBytes(r.value) * BUILD_COPIES;
      if (!this.held.fits(bytes + size)) { over = r.value; break; }
      held.push(r.value); bytes += size; this.held.set(bytes);
    }
    if (!over) {
      yield* this.inMemory(held, probe, bytes);
      return;
    }
    // Over the budget: both sides to partition files.
    const buildParts = this.files.partitions();
    for (const b of [...held.splice(0), over]) this.route(b, this.buildKeys, 0, buildParts);
    this.held.set(0);
    for (let r = await it.next(); !r.done; r = await it.next()) this.route(r.value, this.buildKeys, 0, buildParts);
    const probeParts = this.files.partitions();
    for await (const b of probe) this.route(b, this.probeKeys, 0, probeParts);
    yield* this.pairs(buildParts, probeParts, 1, Number.POSITIVE_INFINITY);
  }

  private route(b: RecordBatch, keys: readonly string[], depth: number, parts: SpillFile[]): void {
    if (b.numRows > 0) routeRows(b, this.hashes(b, keys), depth, parts);
  }

  /** `wholeBytes`: the whole build side is `build` (not one spilled pair), about this many bytes built. */
  private async *inMemory(build: readonly RecordBatch[], probe: AsyncIterable<RecordBatch>, wholeBytes?: number): AsyncGenerator<RecordBatch> {
    const table = this.kernel.build(build, this.op.buildSide);
    if (wholeBytes !== undefined) this.keep?.(table, wholeBytes);
    for await (const b of probe) yield this.kernel.probe(table, b);
    if (this.op.emitUnmatched) yield* this.kernel.unmatched(table);
  }

  /** Joins partition pair by pair (`depth`: the level the pairs were partitioned at, plus one). */
  private async *pairs(buildParts: SpillFile[], probeParts: SpillFile[], depth: number, parentBytes: number): AsyncGenerator<RecordBatch> {
    if (this.stats && depth > this.stats.levels) this.stats.levels = depth;
    for (const f of [...buildParts, ...probeParts]) f.close();
    for (let p = 0; p < buildParts.length; p++) {
      yield* this.pair(buildParts[p]!, probeParts[p]!, depth, parentBytes);
      this.files.remove(buildParts[p]!); this.files.remove(probeParts[p]!);
    }
  }

  private async *pair(build: SpillFile, probe: SpillFile, depth: number, parentBytes: number): AsyncGenerator<RecordBatch> {
    if (build.rows === 0 && probe.rows === 0) return;
    if (build.rows === 0 || this.held.fits(build.bytes * BUILD_COPIES)) {
      const batches: RecordBatch[] = [];
      for await (const b of build.read()) batches.push(b);
      this.held.set(build.bytes * BUILD_COPIES);
      try {
        yield* this.inMemory(batches, probe.read());
      } finally { this.held.set(0); }
      return;
    }
    // A partition that did not shrink is one hot key (or a few): splitting again cannot help.
    if (depth < MAX_DEPTH && build.bytes < 0.9 * parentBytes) {
      const buildParts = this.files.partitions(); const probeParts = this.files.partitions();
      for await (const b of build.read()) this.route(b, this.buildKeys, depth, buildParts);
      for await (const b of probe.read()) this.route(b, this.probeKeys, depth, probeParts);
      yield* this.pairs(buildParts, probeParts, depth + 1, build.bytes);
      return;
    }
    yield* this.nestedLoop(build, probe);
  }

  /** The build partition in chunks that fit, each joined with the whole probe partition. */
  private async *nestedLoop(build: SpillFile, probe: SpillFile): AsyncGenerator<RecordBatch> {
    if (this.stats) this.stats.nestedLoops++;
    const { op, kernel, probeSide } = this;
    const type = op.node.type;
    const leftOnly = type === 'semi' || type === 'anti';
    const buildKept = type === 'full' || type === op.buildSide;
    // Probe rows that must come out once whatever the chunks: unmatched outer rows, or the rows a
    // semi / anti join on the probe side keeps.
    const probeFlags = leftOnly ? probeSide === 'left' : type === 'full' || type === probeSide;
    // Per chunk: matched pairs, and build rows unmatched by the whole probe side (each build row
    // is in one chunk); probe rows without a match wait for the flags.
    const chunkKernel = leftOnly ? kernel : makeJoin({ ...op.node, type: buildKept ? op.buildSide : 'inner' }, op.node.left.schema, op.node.right.schema);
    const flags = probeFlags ? new Uint8Array(probe.rows) : null;
    const it = build.read()[Symbol.asyncIterator]();
    let next = await it.next();
    while (!next.done) {
      const chunk: RecordBatch[] = []; let bytes = 0;
      while (!next.done) {
        const size = batchBytes(next.value) * BUILD_COPIES;
        if (chunk.length > 0 && !this.held.fits(bytes + size)) break;
        chunk.push(next.value); bytes += size; this.held.set(bytes);
        next = await it.next();
      }
      const table = chunkKernel.build(chunk, op.buildSide);
      let at = 0;
      for await (const pb of probe.read()) {
        if (flags) { const m = kernel.matches(table, pb); for (let i = 0; i < m.length; i++) flags[at + i]! |= m[i]!; }
        if (!leftOnly || op.buildSide === 'left') {
          const out = chunkKernel.probe(table, pb);
          if (out.numRows > 0) yield out;
        }
        at += pb.numRows;
      }
      if (op.emitUnmatched) yield* chunkKernel.unmatched(table);
      this.held.set(0);
    }
    if (!flags) return;
    yield* this.flaggedProbeRows(probe, flags, type === 'semi' ? 1 : 0);
  }

  /** The probe rows whose flag is `want`, as the join outputs a probe row with no build match. */
  private async *flaggedProbeRows(probe: SpillFile, flags: Uint8Array, want: number): AsyncGenerator<RecordBatch> {
    const { op } = this;
    // Semi rows come out as anti rows do (the left row as it is); outer rows with null build columns.
    const emitter = op.node.type === 'semi' ? makeJoin({ ...op.node, type: 'anti' }, op.node.left.schema, op.node.right.schema) : this.kernel;
    const none: JoinTable = emitter.build([], op.buildSide);
    let at = 0;
    for await (const pb of probe.read()) {
      const idx = new Int32Array(pb.numRows); let m = 0;
      for (let i = 0; i < pb.numRows; i++) { idx[m] = i; m += flags[at + i] === want ? 1 : 0; }
      at += pb.numRows;
      if (m > 0) yield emitter.probe(none, m === pb.numRows ? pb : takeBatch(pb, idx.subarray(0, m), true));
    }
  }
}
