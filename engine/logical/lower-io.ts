// Lowering of sources (-> scan, schema from the source reader: engine/logical/schema-readers.ts) and sinks.
// Every path param is resolved and judged here by the document's path policy, before any file is
// read: a refused path becomes an issue on its node and param.

import type { ScanFormat } from './plan.ts';
import { ANYWHERE, PathRefusedError, resolveAllowed, type PathPolicy } from '../path-policy.ts';
import { fail, input, label, requireColumn, type LowerContext, type Lowered } from './lower-context.ts';
import type { SourceSchema } from './schema-readers.ts';

const SOURCE_FORMATS: Readonly<Record<string, ScanFormat>> = {
  'source.csv': 'csv', 'source.parquet': 'parquet', 'source.json': 'json', 'source.sample': 'sample',
};

/** The params with every path param (catalog type 'path') made absolute against the pipeline
 *  file's folder and checked against `policy`; throws PathRefusedError naming the param. */
export function resolvePaths(
  params: Readonly<Record<string, unknown>>, baseDir: string, policy: PathPolicy = ANYWHERE,
  pathParams: readonly string[] = ['path'],
): Record<string, unknown> {
  const out = { ...params };
  for (const name of pathParams) {
    const value = params[name];
    if (typeof value !== 'string') continue;
    try {
      out[name] = resolveAllowed(policy, baseDir, value);
    } catch (e) {
      if (e instanceof PathRefusedError) throw new PathRefusedError(`param '${name}': ${e.message}`, name);
      throw e;
    }
  }
  return out;
}

/** The node's params with its paths resolved and checked, or an issue on the refused param. */
export function checkedParams(ctx: LowerContext): Record<string, unknown> | undefined {
  const names = ctx.def.params.filter((p) => p.type === 'path').map((p) => p.name);
  try {
    return resolvePaths(ctx.params, ctx.baseDir, ctx.pathPolicy ?? ANYWHERE, names);
  } catch (e) {
    if (!(e instanceof PathRefusedError)) throw e;
    return fail(ctx, { param: e.param ?? 'path' }, `${label(ctx)}: ${e.message}`);
  }
}

export async function lowerSource(ctx: LowerContext): Promise<Lowered> {
  const format = SOURCE_FORMATS[ctx.def.kind]!;
  const { delimiter, rows } = ctx.params;
  if (typeof delimiter === 'string' && delimiter.length !== 1) {
    return fail(ctx, { param: 'delimiter' }, `delimiter of ${label(ctx)} must be one character, got '${delimiter}'`);
  }
  if (typeof rows === 'number' && rows < 0) return fail(ctx, { param: 'rows' }, `rows of ${label(ctx)} must be 0 or more, got ${rows}`);
  const options = checkedParams(ctx);
  if (!options) return undefined;
  const policy = ctx.pathPolicy ?? ANYWHERE;
  let inferred: SourceSchema;
  try {
    // Under a confined policy the reader judges every file the path expands to before reading any.
    inferred = await ctx.readers.source(format, options, policy);
  } catch (e) {
    if (e instanceof PathRefusedError) return fail(ctx, { param: 'path' }, `${label(ctx)}: ${e.message}`);
    return fail(ctx, { param: format === 'sample' ? 'dataset' : 'path' },
      `cannot read the schema of ${label(ctx)}: ${(e as Error).message}`);
  }
  const { schema, estimate } = inferred;
  return {
    out: {
      op: 'scan', nodeId: ctx.node.id, format, options, sourceSchema: schema,
      columns: schema.fields.map((f) => f.name), filters: [], schema, ...(estimate ? { estimate } : {}),
      ...(policy.kind === 'confined' ? { pathPolicy: policy } : {}),
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
  const options = checkedParams(ctx);
  if (!options) return undefined;
  const format = ctx.def.kind === 'sink.csv' ? 'csv' : 'parquet';
  const policy = ctx.pathPolicy ?? ANYWHERE;
  return {
    sink: {
      op: 'sink', nodeId: ctx.node.id, input: inPlan, format, options, schema: inPlan.schema,
      ...(policy.kind === 'confined' ? { pathPolicy: policy } : {}),
    },
  };
}
