// Test helpers (not used by the engine): a StageContext whose output schema comes from the real
// lowering (engine/logical/lower-ml.ts), and fitting over the same rows cut into partitions.

import type { RecordBatch } from 'apache-arrow';
import { kindDef, withDefaults } from '../../document/catalog.ts';
import type { PipelineIssue } from '../../errors.ts';
import { lowerMl } from '../../logical/lower-ml.ts';
import type { LogicalPlan } from '../../logical/plan.ts';
import type { SchemaReaders } from '../../logical/schema-readers.ts';
import type { Schema } from '../../types.ts';
import { makeBatch, schemaOfBatch } from '../../compute/arrow-types.ts';
import { vectorData } from '../vector.ts';
import type { FeatureStage, FittedModel, StageContext } from '../stage.ts';

/** Feature and model stages are lowered from their input schema alone: nothing is read from disk. */
const NOTHING_ON_DISK: SchemaReaders = {
  source: () => { throw new Error('internal: a stage context reads no source'); },
  modelSchemas: () => { throw new Error('internal: a stage context reads no model folder'); },
};

/** The context the planner would give a node of `kind` with `params` over `input`. */
export function stageContext(kind: string, params: Record<string, unknown>, input: Schema | RecordBatch, port = 'out'): StageContext {
  const def = kindDef(kind);
  if (!def) throw new Error(`unknown kind ${kind}`);
  const inputSchema = 'fields' in input ? input : schemaOfBatch(input);
  const filled = withDefaults(def, params);
  const issues: PipelineIssue[] = [];
  const plan = { op: 'source', schema: inputSchema } as unknown as LogicalPlan;
  const lowered = lowerMl({
    node: { id: 'n1', kind, params }, def, params: filled, inputs: new Map([['in', plan]]), baseDir: '/', readers: NOTHING_ON_DISK, issues,
  });
  if (!lowered) throw new Error(`lowering failed: ${issues.map((i) => i.message).join('; ')}`);
  const outputSchema = lowered[port]!.schema;
  return { nodeId: 'n1', kind, params: filled, fitSchema: inputSchema, inputSchema, outputSchema };
}

/** Rows [start, end) of a batch, as a zero-copy slice. */
export function sliceBatch(batch: RecordBatch, start: number, end: number): RecordBatch {
  return batch.slice(start, end);
}

/** Fits `stage` over `batch` cut into `parts` partitions (each fed in two batches where possible). */
export function fitIn(stage: FeatureStage, ctx: StageContext, batch: RecordBatch, parts: number): FittedModel {
  const fit = stage.fit!;
  const n = batch.numRows;
  const stats: RecordBatch[] = [];
  for (let p = 0; p < parts; p++) {
    const s = Math.floor((p * n) / parts); const e = Math.floor(((p + 1) * n) / parts);
    const partial = fit.partial(ctx);
    const mid = Math.floor((s + e) / 2);
    if (mid > s) partial.consume(batch.slice(s, mid));
    partial.consume(batch.slice(mid, e));
    stats.push(...partial.finish());
  }
  // The model crosses threads as JSON: make sure it survives that.
  return JSON.parse(JSON.stringify(fit.final(ctx, stats))) as FittedModel;
}

/** `batch` with a vector column appended: rows of `size` numbers, null where a row is null. */
export function withVector(batch: RecordBatch, name: string, rows: readonly (readonly number[] | null)[], size: number): RecordBatch {
  const values = new Float64Array(rows.length * size);
  const valid = new Uint8Array(rows.length);
  rows.forEach((r, i) => { if (r) { values.set(r, i * size); valid[i] = 1; } });
  const fields = [...schemaOfBatch(batch).fields, { name, type: 'vector' as const, nullable: true, vectorSize: size }];
  return makeBatch(fields, [...batch.data.children, vectorData(values, size, rows.length, valid)], rows.length);
}
