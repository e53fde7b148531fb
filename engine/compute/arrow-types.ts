// The pipeline type of an Arrow type (the other way: engine/compute/arrow-build.ts arrowType), and
// building record batches from column Data without going through row values.

import {
  Dictionary, Field as ArrowField, FixedSizeList, makeData, RecordBatch, Schema as ArrowSchema, Struct, Type,
} from 'apache-arrow';
import type { Data, DataType as ArrowType } from 'apache-arrow';
import type { DataType, Field, Schema } from '../types.ts';

/** The pipeline type of an Arrow type (Dictionary<Utf8> is a string). */
export function dataTypeOf(t: ArrowType): DataType {
  switch (t.typeId) {
    case Type.Bool: return 'bool';
    case Type.Int: return (t as unknown as { bitWidth: number }).bitWidth === 64 ? 'int64' : 'int32';
    case Type.Float: return 'float64';
    case Type.Utf8: case Type.LargeUtf8: case Type.Dictionary: return 'string';
    case Type.Date: return 'date';
    case Type.Timestamp: return 'timestamp';
    case Type.FixedSizeList: return 'vector';
    default: throw new Error(`unsupported Arrow type ${String(t)}: expected one of bool, int32, int64, float64, string, date, timestamp, vector`);
  }
}

export function isDictionary(d: Data): boolean {
  return d.type.typeId === Type.Dictionary;
}

/** A record batch whose columns are exactly `columns`, named and typed by `fields`. */
export function makeBatch(fields: readonly Field[], columns: readonly Data[], length?: number): RecordBatch {
  const n = length ?? (columns[0]?.length ?? 0);
  columns = distinctDictionaryIds(columns);
  const arrowFields = fields.map((f, i) => new ArrowField(f.name, columns[i]!.type, true));
  const schema = new ArrowSchema(arrowFields);
  const struct = makeData({ type: new Struct(arrowFields), length: n, nullCount: 0, children: columns as Data[] });
  return new RecordBatch(schema, struct);
}

/**
 * Arrow refuses a schema where two dictionary fields share an id but not their value type object.
 * Ids come from where a column was made (a Parquet column's position, a decoded transfer), so a
 * join of two scans of one file, or a column next to its copy from another batch, can clash: the
 * later column gets a fresh id (same data, no copy). The fresh id is one no column of this batch
 * has, above them all: Arrow's own id counter (a Dictionary made without an id) runs per thread
 * and can land on the position-based id of a later column, which made the clash come and go with
 * what the thread had built before (test/differential/cases.ts, the self-join of a shared node).
 */
function distinctDictionaryIds(columns: readonly Data[]): readonly Data[] {
  let seen: Map<number, { type: ArrowType; values: unknown }> | undefined;
  let out: Data[] | undefined;
  let next = -1;
  for (let i = 0; i < columns.length; i++) {
    const d = columns[i]!;
    if (d.type.typeId !== Type.Dictionary) continue;
    const t = d.type as Dictionary;
    seen ??= new Map();
    const prev = seen.get(t.id);
    // Same id, same value type object but other dictionary values would pass Arrow's check and
    // then be written to IPC (a spill file) as ONE dictionary: the second column's codes would
    // read the first one's strings. So the values count too.
    if (prev === undefined) { seen.set(t.id, { type: t.dictionary, values: d.dictionary }); continue; }
    if (prev.type === t.dictionary && prev.values === d.dictionary) continue;
    if (next < 0) next = 1 + Math.max(...columns.map((c) => (c.type.typeId === Type.Dictionary ? (c.type as Dictionary).id : 0)));
    const fresh = new Dictionary(t.dictionary, t.indices, next++, t.isOrdered);
    seen.set(fresh.id, { type: fresh.dictionary, values: d.dictionary });
    out ??= columns.slice();
    out[i] = d.clone(fresh);
  }
  return out ?? columns;
}

/** The pipeline schema of a record batch. */
export function schemaOfBatch(batch: RecordBatch): Schema {
  return {
    fields: batch.schema.fields.map((f) => ({
      name: f.name, type: dataTypeOf(f.type), nullable: true,
      ...(f.type.typeId === Type.FixedSizeList ? { vectorSize: (f.type as FixedSizeList).listSize } : {}),
    })),
  };
}

/** The column Data of a batch by name (the batch is one chunk: its Struct children). */
export function columnData(batch: RecordBatch, name: string): Data {
  const i = batch.schema.fields.findIndex((f) => f.name === name);
  if (i < 0) {
    throw new Error(`column '${name}' not found in batch with columns ${batch.schema.fields.map((f) => f.name).join(', ')}`);
  }
  return batch.data.children[i]!;
}

export { Dictionary };
