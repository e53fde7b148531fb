// Vector columns (FixedSizeList<Float64>, docs/pipeline-format.md "vector") as flat typed arrays: the ML
// stages' hot loops read row i's elements at values[i * size .. i * size + size).

import { Data, Field as ArrowField, FixedSizeList, Float64, makeData, Type } from 'apache-arrow';
import { countNulls, packBits, validBytes } from '../compute/bitmap.ts';

export interface VectorColumn {
  readonly length: number;
  readonly size: number;
  /** length * size numbers, row-major, starting at row 0 of the (possibly sliced) column. */
  readonly values: Float64Array;
  /** One byte per row, 1 = valid (as the numeric columns' `valid`); null when no row is null. */
  readonly valid: Uint8Array | null;
}

/** Reads a vector column without copying its values (a sliced column's child is sliced too). */
export function readVectors(d: Data): VectorColumn {
  if (d.type.typeId !== Type.FixedSizeList) throw new Error(`expected a vector column, got ${String(d.type)}`);
  const size = (d.type as FixedSizeList).listSize;
  const child = d.children[0]!;
  const raw = child.values as Float64Array;
  // Arrow JS slices a FixedSizeList's child along with it, and a sliced fixed-width Data's
  // `values` already start at its first element (its offset only applies to the null bitmap).
  const values = raw.subarray(0, d.length * size);
  return { length: d.length, size, values, valid: validBytes(d) };
}

/** A vector column of `length` rows of `size` elements from row-major `values`; `valid` has one
 *  byte per row (1 = valid), null or absent when no row is null. */
export function vectorData(values: Float64Array, size: number, length: number, valid?: Uint8Array | null): Data {
  if (values.length !== length * size) throw new Error(`vector column: ${values.length} values for ${length} rows of ${size}`);
  const type = new FixedSizeList(size, new ArrowField('item', new Float64(), true));
  const child = makeData({ type: new Float64(), length: length * size, nullCount: 0, data: values });
  const nullCount = countNulls(valid ?? null, length);
  return makeData({ type, length, nullCount, nullBitmap: nullCount > 0 ? packBits(valid!, length) : null, child });
}
