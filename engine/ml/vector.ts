// Vector columns (FixedSizeList<Float64>, CATALOG.md "vector") as flat typed arrays: the ML
// stages' hot loops read row i's elements at values[i * size .. i * size + size).

import { Data, Field as ArrowField, FixedSizeList, Float64, makeData, Type } from 'apache-arrow';

export interface VectorColumn {
  readonly length: number;
  readonly size: number;
  /** length * size numbers, row-major, starting at row 0 of the (possibly sliced) column. */
  readonly values: Float64Array;
  /** Validity of the rows (bit i set = row i is not null), or null when no row is null. */
  readonly valid: Uint8Array | null;
}

function isValid(d: Data, i: number): boolean {
  if (d.nullCount === 0 || !d.nullBitmap) return true;
  const at = d.offset + i;
  return ((d.nullBitmap[at >> 3]! >> (at & 7)) & 1) === 1;
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
  let valid: Uint8Array | null = null;
  if (d.nullCount > 0) {
    valid = new Uint8Array((d.length + 7) >> 3);
    for (let i = 0; i < d.length; i++) if (isValid(d, i)) valid[i >> 3]! |= 1 << (i & 7);
  }
  return { length: d.length, size, values, valid };
}

/** A vector column of `length` rows of `size` elements from row-major `values`. */
export function vectorData(values: Float64Array, size: number, length: number, valid?: Uint8Array | null): Data {
  if (values.length !== length * size) throw new Error(`vector column: ${values.length} values for ${length} rows of ${size}`);
  const type = new FixedSizeList(size, new ArrowField('item', new Float64(), true));
  const child = makeData({ type: new Float64(), length: length * size, nullCount: 0, data: values });
  let nullCount = 0;
  if (valid) for (let i = 0; i < length; i++) if (((valid[i >> 3]! >> (i & 7)) & 1) === 0) nullCount++;
  return makeData({ type, length, nullCount, nullBitmap: nullCount > 0 ? valid : null, child });
}
