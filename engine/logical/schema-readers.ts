// What lowering must read from disk before a run: a source's schema and a saved model's stages.
// The caller hands the readers in (compile.ts binds engine/io and engine/ml: disk-schemas.ts), so
// the logical plan imports no file format and no model code and stays on the floor below both.

import type { ScanFormat, SizeEstimate } from './plan.ts';
import type { Schema } from '../types.ts';
import type { PathPolicy } from '../path-policy.ts';

export interface SourceSchema {
  readonly schema: Schema;
  readonly estimate?: SizeEstimate;
}

/** The schema after each stage of a model (schemas[i] is stage i's output), or the first stage
 *  that cannot apply to the input, as text. */
export type ModelSchemas = { readonly schemas: readonly Schema[] } | { readonly error: string };

export interface SchemaReaders {
  /** A source's schema (and size estimate) from metadata only: the Parquet footer, a bounded CSV
   *  or NDJSON sample, the sample dataset's definition. `options` holds the node's params with
   *  its path resolved and judged; under a confined `policy` every file the path expands to is
   *  judged too before any is read (PathRefusedError). Throws when the source cannot be read. */
  source(format: ScanFormat, options: Readonly<Record<string, unknown>>, policy: PathPolicy): Promise<SourceSchema>;
  /** The schemas along the stages of the saved model folder at `path` (absolute, judged already)
   *  applied to rows of `input`. Throws when the folder is no model folder Tributary can apply. */
  modelSchemas(path: string, input: Schema): ModelSchemas;
}
