// Schema (and size estimate) of a source node before any run, from metadata only: the Parquet
// footer, a bounded CSV / NDJSON sample, or the sample dataset's definition. readSourceSchema is
// lowering's source reader (engine/logical/schema-readers.ts), bound in engine/disk-schemas.ts.

import type { ScanFormat, SizeEstimate } from '../logical/plan.ts';
import type { PathPolicy } from '../path-policy.ts';
import type { Field, Schema } from '../types.ts';
import { inferCsvSchema } from './csv/csv-schema.ts';
import { inferJsonSchema } from './json/json-schema.ts';
import { readFooter } from './parquet/footer.ts';
import { stringColumnBytes } from './parquet/column-bytes.ts';
import { expandPath, sourcePath } from './paths.ts';
import { sampleParams } from './sample/sample.ts';

/** inferSourceSchema after judging, under a confined policy, every file the path expands to
 *  (PathRefusedError) before inference reads any of them. */
export async function readSourceSchema(
  format: ScanFormat, options: Readonly<Record<string, unknown>>, policy: PathPolicy,
): Promise<{ schema: Schema; estimate?: SizeEstimate }> {
  if (policy.kind === 'confined' && typeof options.path === 'string') await expandPath(options.path, format, policy);
  return inferSourceSchema(format, options);
}

export async function inferSourceSchema(
  format: ScanFormat, options: Readonly<Record<string, unknown>>,
): Promise<{ schema: Schema; estimate?: SizeEstimate }> {
  switch (format) {
    case 'sample': {
      const p = sampleParams(options);
      return { schema: { fields: p.dataset.fields }, estimate: { rows: p.rows, source: 'generator' } };
    }
    case 'parquet': return parquetSchema(options);
    case 'csv': return inferCsvSchema(options);
    case 'json': return inferJsonSchema(options);
  }
}

function sameFields(a: readonly Field[], b: readonly Field[]): boolean {
  return a.length === b.length && a.every((f, i) => f.name === b[i]!.name && f.type === b[i]!.type);
}

async function parquetSchema(options: Readonly<Record<string, unknown>>): Promise<{ schema: Schema; estimate: SizeEstimate }> {
  const files = await expandPath(sourcePath(options, 'parquet'), 'parquet');
  let rows = 0;
  let bytes = 0;
  let schema: Schema | undefined;
  // String columns' in-memory bytes, summed over the files; a column unknown in one file is unknown.
  let columnBytes: Map<string, number> | undefined;
  for (const f of files) {
    const footer = await readFooter(f);
    const fileColumnBytes = stringColumnBytes(footer);
    if (!columnBytes) columnBytes = fileColumnBytes;
    else {
      for (const [name, bytes] of columnBytes) {
        const more = fileColumnBytes.get(name);
        if (more === undefined) columnBytes.delete(name);
        else columnBytes.set(name, bytes + more);
      }
    }
    if (schema && !sameFields(schema.fields, footer.schema.fields)) {
      throw new Error(`${f} has columns (${footer.schema.fields.map((x) => `${x.name} ${x.type}`).join(', ')}) but ${files[0]} has (${schema.fields.map((x) => `${x.name} ${x.type}`).join(', ')}); every file of a Parquet source must have the same columns`);
    }
    if (schema) {
      // Nullable if nullable in any file.
      schema = { fields: schema.fields.map((x, i) => ({ ...x, nullable: x.nullable || footer.schema.fields[i]!.nullable })) };
    } else schema = footer.schema;
    rows += footer.numRows;
    bytes += footer.fileBytes;
  }
  const known = columnBytes && columnBytes.size > 0 ? { columnBytes: Object.fromEntries(columnBytes) } : {};
  return { schema: schema!, estimate: { rows, bytes, ...known, source: 'parquet-metadata' } };
}
