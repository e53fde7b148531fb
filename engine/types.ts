// Column types of the pipeline language (docs/pipeline-format.md "Types") and the schema of a port.
//
// In memory every type is an Apache Arrow type:
//   bool -> Bool, int32 -> Int32, int64 -> Int64 (BigInt64Array), float64 -> Float64,
//   string -> Utf8 (or Dictionary<Utf8, Int32> where a source or operator keeps codes),
//   date -> DateDay (int32 days since 1970-01-01),
//   timestamp -> Timestamp(MICROSECOND, "UTC") (int64 microseconds since the epoch, as Spark),
//   vector -> FixedSizeList<Float64> (size carried by Field.vectorSize when known).

export type DataType = 'bool' | 'int32' | 'int64' | 'float64' | 'string' | 'date' | 'timestamp' | 'vector';

export const DATA_TYPES: readonly DataType[] = [
  'bool', 'int32', 'int64', 'float64', 'string', 'date', 'timestamp', 'vector',
];

export interface Field {
  readonly name: string;
  readonly type: DataType;
  /** Every type allows nulls (docs/pipeline-format.md); false only where the engine can prove there are none. */
  readonly nullable: boolean;
  /** Length of a `vector` column, when known before running. */
  readonly vectorSize?: number;
}

export interface Schema {
  readonly fields: readonly Field[];
}

export function schemaOf(fields: readonly Field[]): Schema {
  return { fields };
}

export function fieldIndex(schema: Schema, name: string): number {
  return schema.fields.findIndex((f) => f.name === name);
}

export function findField(schema: Schema, name: string): Field | undefined {
  return schema.fields.find((f) => f.name === name);
}

export function columnNames(schema: Schema): string[] {
  return schema.fields.map((f) => f.name);
}

export function isNumeric(t: DataType): boolean {
  return t === 'int32' || t === 'int64' || t === 'float64';
}

/** Same names, types and order; nullability may only widen (a rule may not make a column nullable-less). */
export function sameSchema(a: Schema, b: Schema): boolean {
  if (a.fields.length !== b.fields.length) return false;
  return a.fields.every((f, i) => f.name === b.fields[i]!.name && f.type === b.fields[i]!.type);
}

export function formatSchema(schema: Schema): string {
  return schema.fields.map((f) => `${f.name}: ${f.type}`).join(', ');
}
