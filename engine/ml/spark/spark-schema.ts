// The column types of Spark's ML persistence data files (model.save(path): data/*.parquet), as
// Arrow types for writing and as the Spark SQL schema JSON that Spark reads back from the Parquet
// footer (key org.apache.spark.sql.parquet.row.metadata): without it Spark would see a plain
// struct where its loaders expect a Vector or Matrix (VectorUDT / MatrixUDT).
//
// VectorUDT: struct { type: byte (1 dense, 0 sparse), size: int, indices: array<int>, values: array<double> }
// MatrixUDT: struct { type: byte, numRows: int, numCols: int, colPtrs: array<int>, rowIndices: array<int>,
//                     values: array<double>, isTransposed: boolean }
// Tributary writes dense vectors and matrices only (type 1; size, indices, colPtrs, rowIndices null).

import { Bool, DataType, Field as ArrowField, Float64, Int32, Int8, List, Struct, Utf8 } from 'apache-arrow';

export type SparkColumnType = 'double' | 'integer' | 'boolean' | 'intArray' | 'stringArrayArray' | 'vector' | 'matrix';

export interface SparkColumn { readonly name: string; readonly type: SparkColumnType }

const list = (t: DataType, nullable: boolean): List => new List(new ArrowField('element', t, nullable));

const VECTOR_ARROW = new Struct([
  new ArrowField('type', new Int8(), false), new ArrowField('size', new Int32(), true),
  new ArrowField('indices', list(new Int32(), false), true), new ArrowField('values', list(new Float64(), false), true),
]);
const MATRIX_ARROW = new Struct([
  new ArrowField('type', new Int8(), false), new ArrowField('numRows', new Int32(), false), new ArrowField('numCols', new Int32(), false),
  new ArrowField('colPtrs', list(new Int32(), false), true), new ArrowField('rowIndices', list(new Int32(), false), true),
  new ArrowField('values', list(new Float64(), false), true), new ArrowField('isTransposed', new Bool(), false),
]);

export function arrowTypeOf(t: SparkColumnType): DataType {
  switch (t) {
    case 'double': return new Float64();
    case 'integer': return new Int32();
    case 'boolean': return new Bool();
    case 'intArray': return list(new Int32(), false);
    case 'stringArrayArray': return list(list(new Utf8(), true), true);
    case 'vector': return VECTOR_ARROW;
    case 'matrix': return MATRIX_ARROW;
  }
}

const field = (name: string, type: unknown, nullable: boolean) => ({ name, type, nullable, metadata: {} });
const array = (elementType: unknown, containsNull: boolean) => ({ type: 'array', elementType, containsNull });

const VECTOR_SQL = {
  type: 'struct',
  fields: [field('type', 'byte', false), field('size', 'integer', true), field('indices', array('integer', false), true), field('values', array('double', false), true)],
};
const MATRIX_SQL = {
  type: 'struct',
  fields: [
    field('type', 'byte', false), field('numRows', 'integer', false), field('numCols', 'integer', false),
    field('colPtrs', array('integer', false), true), field('rowIndices', array('integer', false), true),
    field('values', array('double', false), true), field('isTransposed', 'boolean', false),
  ],
};

function sqlTypeOf(t: SparkColumnType): { type: unknown; nullable: boolean } {
  switch (t) {
    case 'double': case 'integer': case 'boolean': return { type: t, nullable: false };
    case 'intArray': return { type: array('integer', false), nullable: true };
    case 'stringArrayArray': return { type: array(array('string', true), true), nullable: true };
    case 'vector': return { type: { type: 'udt', class: 'org.apache.spark.ml.linalg.VectorUDT', pyClass: 'pyspark.ml.linalg.VectorUDT', sqlType: VECTOR_SQL }, nullable: true };
    case 'matrix': return { type: { type: 'udt', class: 'org.apache.spark.ml.linalg.MatrixUDT', pyClass: 'pyspark.ml.linalg.MatrixUDT', sqlType: MATRIX_SQL }, nullable: true };
  }
}

/** The Spark SQL schema JSON of a data file (as Spark writes it into the Parquet footer). */
export function sparkSchemaJson(columns: readonly SparkColumn[]): string {
  return JSON.stringify({ type: 'struct', fields: columns.map((c) => { const s = sqlTypeOf(c.type); return field(c.name, s.type, s.nullable); }) });
}

/** A dense VectorUDT value. */
export function denseVector(values: readonly number[]): Record<string, unknown> {
  return { type: 1, size: null, indices: null, values: [...values] };
}

/** A dense MatrixUDT value of numRows x numCols, `values` row-major (isTransposed: true, as Spark
 *  stores a logistic model's coefficient matrix). */
export function denseMatrixRowMajor(numRows: number, numCols: number, values: readonly number[]): Record<string, unknown> {
  return { type: 1, numRows, numCols, colPtrs: null, rowIndices: null, values: [...values], isTransposed: true };
}
