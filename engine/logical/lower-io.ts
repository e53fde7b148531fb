// Lowering of sources (-> scan, schema from engine/io's metadata-only inference) and sinks.

import { isAbsolute, resolve } from 'node:path';
import type { ScanFormat, SizeEstimate } from './plan.ts';
import type { Schema } from '../types.ts';
import { fail, input, label, requireColumn, type LowerContext, type Lowered } from './lower-context.ts';

export type InferSourceSchema = (format: ScanFormat, options: Readonly<Record<string, unknown>>) =>
  Promise<{ schema: Schema; estimate?: SizeEstimate }>;

const SOURCE_FORMATS: Readonly<Record<string, ScanFormat>> = {
  'source.csv': 'csv', 'source.parquet': 'parquet', 'source.json': 'json', 'source.sample': 'sample',
};

/** The params with `path` made absolute against the pipeline file's folder. */
export function resolvePaths(params: Readonly<Record<string, unknown>>, baseDir: string): Record<string, unknown> {
  const path = params.path;
  return typeof path === 'string' && !isAbsolute(path) ? { ...params, path: resolve(baseDir, path) } : { ...params };
}

export async function lowerSource(ctx: LowerContext, infer: InferSourceSchema): Promise<Lowered> {
  const format = SOURCE_FORMATS[ctx.def.kind]!;
  const { delimiter, rows } = ctx.params;
  if (typeof delimiter === 'string' && delimiter.length !== 1) {
    return fail(ctx, { param: 'delimiter' }, `delimiter of ${label(ctx)} must be one character, got '${delimiter}'`);
  }
  if (typeof rows === 'number' && rows < 0) return fail(ctx, { param: 'rows' }, `rows of ${label(ctx)} must be 0 or more, got ${rows}`);
  const options = resolvePaths(ctx.params, ctx.baseDir);
  let inferred: { schema: Schema; estimate?: SizeEstimate };
  try {
    inferred = await infer(format, options);
  } catch (e) {
    return fail(ctx, { param: format === 'sample' ? 'dataset' : 'path' },
      `cannot read the schema of ${label(ctx)}: ${(e as Error).message}`);
  }
  const { schema, estimate } = inferred;
  return {
    out: {
      op: 'scan', nodeId: ctx.node.id, format, options, sourceSchema: schema,
      columns: schema.fields.map((f) => f.name), filters: [], schema, ...(estimate ? { estimate } : {}),
    },
  };
}

export function lowerSink(ctx: LowerContext): Lowered {
  const inPlan = input(ctx);
  const partitionBy = (ctx.params.partitionBy as string[] | undefined) ?? [];
  const ok = partitionBy.map((c, i) => requireColumn(ctx, inPlan.schema, c, `partitionBy[${i}]`)).every(Boolean);
  const delimiter = ctx.params.delimiter;
  if (typeof delimiter === 'string' && delimiter.length !== 1) {
    return fail(ctx, { param: 'delimiter' }, `delimiter of ${label(ctx)} must be one character, got '${delimiter}'`);
  }
  if (!ok) return undefined;
  const format = ctx.def.kind === 'sink.csv' ? 'csv' : 'parquet';
  return { sink: { op: 'sink', nodeId: ctx.node.id, input: inPlan, format, options: resolvePaths(ctx.params, ctx.baseDir), schema: inPlan.schema } };
}
