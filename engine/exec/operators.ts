// The operators of a stage, evaluated for one partition as streams of record batches. Narrow
// operators stream; aggregate, distinct, sort, merge and the join's build side consume their
// whole input first. The kernels (engine/compute) do the per-batch work.

import type { RecordBatch } from 'apache-arrow';
import type { Expr } from '../logical/expr.ts';
import type { ProjectItem } from '../logical/plan.ts';
import type { DataType } from '../types.ts';
import type { PhysOp, ScanOp, ReadOp, UnionOp, JoinOp, SinkOp } from '../physical/physical-types.ts';
import { readSplit, type SourceSplit } from '../io/splits.ts';
import { PathRefusedError, resolveAllowed } from '../io/path-policy.ts';
import { recycleBatch } from '../io/parquet/read.ts';
import { filterBatch, projectBatch, selectWhere, type SelectedBatch } from '../compute/eval-expr.ts';
import { instrument, instrumentSelected, type OpStats } from './instrument.ts';
import { SelectionScratch } from '../compute/select.ts';
import { batchOf } from './batch-utils.ts';
import { KeySampler } from './key-sampler.ts';

// Wide operators' kernels and the writers load on first use: a worker or a small run in the main
// thread pays only for what its stage needs (start-up time counts for a 10k-row pipeline).
const load = {
  aggregate: () => import('../compute/aggregate.ts'),
  distinct: () => import('../compute/distinct.ts'),
  join: () => import('../compute/join.ts'),
  sort: () => import('../compute/sort.ts'),
  write: () => import('../io/write.ts'),
  ml: () => import('./ml-operators.ts'),
};

const LOADER_OF: Partial<Record<PhysOp['kind'], () => Promise<unknown>>> = {
  aggregate: load.aggregate, distinct: load.distinct, join: load.join, sort: load.sort, merge: load.sort, sink: load.write,
  mlFit: load.ml, mlApply: load.ml, mlMetric: load.ml,
};

/** Starts loading the modules `ops` will need, without waiting: a stage that runs later in this
 *  thread (a sink: the Parquet writer's wasm takes ~50 ms) loads them while the pool works. */
export function preloadOperators(ops: readonly PhysOp[]): void {
  for (const op of ops) void LOADER_OF[op.kind]?.().catch(() => undefined); // a real failure surfaces when the stage loads it
}

export interface OpContext {
  readonly partition: number;
  readonly splits: Readonly<Record<number, readonly SourceSplit[]>>;
  /** Input batches of each read operator, in source-partition order. */
  readonly inputs: Readonly<Record<number, readonly RecordBatch[]>>;
  readonly stats: OpStats;
  readonly signal?: AbortSignal;
  /** Rows read by the stage's leaves (before scan filters). */
  rowsIn: number;
  sink?: { path: string; rows: number; bytes: number };
  sampler?: KeySampler;
}

/** The output stream of `op` for this partition. */
export function openOp(op: PhysOp, ctx: OpContext): AsyncIterable<RecordBatch> {
  return instrument(op, run(op, ctx), ctx.stats, ctx.signal);
}

async function* run(op: PhysOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  switch (op.kind) {
    case 'scan': yield* scan(op, ctx); return;
    case 'read': yield* read(op, ctx); return;
    case 'empty': return;
    case 'filter':
      for await (const b of openOp(op.input, ctx)) yield filterBatch(b, op.condition);
      return;
    case 'project':
      for await (const b of openOp(op.input, ctx)) yield projectBatch(b, op.items, op.schema);
      return;
    case 'limit': {
      let left = op.count;
      if (left <= 0) return;
      for await (const b of openOp(op.input, ctx)) {
        if (b.numRows >= left) {
          yield b.slice(0, left);
          return;
        }
        left -= b.numRows;
        yield b;
      }
      return;
    }
    case 'union': yield* union(op, ctx); return;
    case 'aggregate': {
      const agg = (await load.aggregate()).makeAggregate(op.node, op.inputSchema);
      if (op.phase === 'final') {
        const acc = agg.createFinal();
        for await (const b of openOp(op.input, ctx)) acc.consume(b);
        yield* acc.finish();
        return;
      }
      // A filter right below (a filter operator, or a scan's pushed filters) hands the partial
      // aggregate its kept rows as a selection: no gather of every column's kept rows.
      const acc = agg.createPartial();
      for await (const s of openSelected(op.input, ctx)) acc.consume(s.batch, s.sel, s.nonNull);
      yield* acc.finish();
      return;
    }
    case 'distinct': {
      const d = (await load.distinct()).makeDistinct(op.columns, op.schema);
      const acc = op.phase === 'partial' ? d.createPartial() : d.createFinal();
      for await (const b of openOp(op.input, ctx)) acc.consume(b);
      yield* acc.finish();
      return;
    }
    case 'sort': {
      if (op.limit !== undefined && op.limit > 0) {
        // A top-k holds about k candidate rows, never its whole input (W5: 10M rows -> top 100).
        const top = (await load.sort()).makeTopK(op.keys, op.limit);
        for await (const b of openOp(op.input, ctx)) top.consume(b);
        const best = top.finish();
        if (best) yield best;
        return;
      }
      const batches = await collect(openOp(op.input, ctx));
      if (batches.length > 0) yield (await load.sort()).sortBatches(batches, op.keys, op.limit);
      return;
    }
    case 'merge': {
      // Each input batch is one partition's sorted run.
      const runs = (await collect(openOp(op.input, ctx))).filter((b) => b.numRows > 0);
      if (runs.length > 0) yield (await load.sort()).mergeSorted(runs, op.keys, op.limit);
      return;
    }
    case 'join': yield* join(op, ctx); return;
    case 'sink': await sink(op, ctx); return;
    case 'mlFit': case 'mlApply': case 'mlMetric': yield* (await load.ml()).runMl(op, (input) => openOp(input, ctx)); return;
  }
}

async function* scan(op: ScanOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  for (const split of ctx.splits[op.id] ?? []) {
    for await (let b of readSplit(split, op.scan)) {
      ctx.rowsIn += b.numRows;
      ctx.stats.stat(op.id).read += b.numRows;
      // Pushed filters may have skipped row groups; each row is still checked here.
      for (const f of op.scan.filters) b = filterBatch(b, f);
      yield b;
    }
  }
}

/** The output of `op` as selections: a filter (or a scan with filters) selects its rows and the
 *  consumer reads them in place; its rows out are still the rows it keeps. */
function openSelected(op: PhysOp, ctx: OpContext): AsyncIterable<SelectedBatch> {
  if (op.kind === 'filter') return instrumentSelected(op, filterSelections(op.input, op.condition, ctx), ctx.stats, ctx.signal);
  // A scan without filters too: its batches' arrays go back to the decoder after the aggregate.
  if (op.kind === 'scan') return instrumentSelected(op, scanSelections(op, ctx), ctx.stats, ctx.signal);
  return wholeBatches(openOp(op, ctx));
}

// A selection's memory is reused for the next batch: the aggregate is done with it by then.
async function* filterSelections(input: PhysOp, condition: Expr, ctx: OpContext): AsyncGenerator<SelectedBatch> {
  const scratch = new SelectionScratch();
  for await (const b of openOp(input, ctx)) yield selectWhere(b, [condition], scratch);
}

async function* scanSelections(op: ScanOp, ctx: OpContext): AsyncGenerator<SelectedBatch> {
  const scratch = new SelectionScratch();
  for (const split of ctx.splits[op.id] ?? []) {
    for await (const b of readSplit(split, op.scan)) {
      ctx.rowsIn += b.numRows;
      ctx.stats.stat(op.id).read += b.numRows;
      yield selectWhere(b, op.scan.filters, scratch);
      // The partial aggregate keeps nothing of its input: the scan may reuse the batch's arrays.
      recycleBatch(b);
    }
  }
}

async function* wholeBatches(batches: AsyncIterable<RecordBatch>): AsyncGenerator<SelectedBatch> {
  for await (const batch of batches) yield { batch, sel: null };
}

async function* read(op: ReadOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  if (op.sampleKeys && !ctx.sampler) ctx.sampler = new KeySampler(op.sampleKeys);
  const sampler = op.sampleKeys ? ctx.sampler : undefined;
  for (const b of ctx.inputs[op.id] ?? []) {
    ctx.rowsIn += b.numRows;
    sampler?.add(b);
    yield b;
  }
}

/** Both inputs, with the second's columns matched to the union's (by name or by position). */
async function* union(op: UnionOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  const names = op.schema.fields.map((f) => f.name);
  for (const input of op.inputs) {
    for await (const b of openOp(input, ctx)) {
      const columns = names.map((n, i) => {
        const child = op.byName ? b.getChild(n) : b.getChildAt(i);
        if (!child) throw new Error(`union '${op.nodeId}': an input lacks column '${n}'`);
        return child.data[0]!; // a batch's column is one chunk
      });
      const aligned = batchOf(names, columns, b.numRows);
      const types = aligned.schema.fields.map((f) => typeName(String(f.type)));
      const castItems: ProjectItem[] = op.schema.fields.map((f, i) => {
        const column: Expr = { kind: 'column', name: f.name, type: types[i]! };
        return { name: f.name, expr: types[i] === f.type ? column : { kind: 'cast', operand: column, to: f.type, type: f.type } };
      });
      yield types.every((t, i) => t === op.schema.fields[i]!.type) ? aligned : projectBatch(aligned, castItems, op.schema);
    }
  }
}

/** Arrow's type text -> the pipeline type it holds (only to decide whether a union input needs a cast). */
function typeName(arrow: string): DataType {
  if (arrow === 'Bool') return 'bool';
  if (arrow === 'Int32') return 'int32';
  if (arrow === 'Int64') return 'int64';
  if (arrow.startsWith('Float')) return 'float64';
  if (arrow.startsWith('Date')) return 'date';
  if (arrow.startsWith('Timestamp')) return 'timestamp';
  if (arrow.startsWith('FixedSizeList')) return 'vector';
  return 'string';
}

async function* join(op: JoinOp, ctx: OpContext): AsyncGenerator<RecordBatch> {
  const kernel = (await load.join()).makeJoin(op.node, op.node.left.schema, op.node.right.schema);
  const table = kernel.build(await collect(openOp(op.build, ctx)), op.buildSide);
  for await (const b of openOp(op.probe, ctx)) yield kernel.probe(table, b);
  if (op.emitUnmatched) yield* kernel.unmatched(table);
}

async function sink(op: SinkOp, ctx: OpContext): Promise<void> {
  // Judged again now: a folder on the way may have become a symlink since the plan was checked.
  if (op.pathPolicy && typeof op.options.path === 'string') {
    try {
      resolveAllowed(op.pathPolicy, '/', op.options.path);
    } catch (e) {
      if (e instanceof PathRefusedError) throw new PathRefusedError(`param 'path': ${e.message}`, 'path');
      throw e;
    }
  }
  ctx.sink = await (await load.write()).writeTableFile(op.format, openOp(op.input, ctx), op.schema, op.options);
  ctx.stats.stat(op.id).rows = ctx.sink.rows; // a sink's rows are the rows it wrote
}

async function collect(it: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}
