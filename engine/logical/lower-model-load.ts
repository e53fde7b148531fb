// model.load's schema, before the run: the folder's metadata and data say which stages it applies
// and the columns each adds (the readers' modelSchemas: engine/ml/spark/loaded-schema.ts on disk).
// A folder that cannot be read, a class or param Tributary does not apply, or a stage whose input
// column is missing is an issue on the node's path param.

import type { Schema } from '../types.ts';
import { fail, label, type LowerContext } from './lower-context.ts';

export function modelLoadSchema(ctx: LowerContext): Schema | undefined {
  const path = ctx.params.path as string;
  const input = ctx.inputs.get('score')!.schema;
  let chain;
  try {
    chain = ctx.readers.modelSchemas(path, input);
  } catch (e) {
    return fail(ctx, { param: 'path' }, `${label(ctx)}: ${(e as Error).message}`);
  }
  if ('error' in chain) return fail(ctx, { param: 'path' }, `${label(ctx)}: the model at '${path}' cannot score these rows: ${chain.error}`);
  return chain.schemas.at(-1) ?? input;
}
