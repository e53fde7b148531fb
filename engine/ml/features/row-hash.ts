// feature.split's row hash: a hash of the seed and every column's value in the row, so a row goes
// to the same side however the rows are partitioned and batched. The hash is defined by
// compute/hash.ts (hashCol per column, a vector's elements by hashFloat in order), folded
// column by column; the loops below compute exactly those values (row-hash.test.ts compares them
// with hashCol) but fold each column into the row hashes as they go, with no array per column,
// and hash integral doubles by the int32 path hashFloat itself takes for them.

import type { Data, RecordBatch } from 'apache-arrow';
import { Type } from 'apache-arrow';
import { colFromData } from '../../compute/column.ts';
import type { Col } from '../../compute/column.ts';
import { fmix, hashCol, hashFloat, hashInt32, hashInt64, NULL_HASH } from '../../compute/hash.ts';
import { readVectors } from '../vector.ts';

const MIX = 0x9e3779b1;

/** hashFloat(v[i]) with `bits` the Int32Array over v's bytes: an integral value in int32 range
 *  takes the int32 hash (hashFloat's own for it: its 64-bit integer is x sign-extended) without
 *  the division; a fractional one hashes its two 32-bit words read in place, as hashFloat does
 *  through its scratch array; NaN and larger integers go to hashFloat. */
function hashDoubleAt(v: Float64Array, bits: Int32Array, i: number): number {
  const x = v[i]!;
  if ((x | 0) === x) return hashInt32(x);
  if (x !== x || Number.isInteger(x)) return hashFloat(x);
  return hashInt64(bits[2 * i]!, bits[2 * i + 1]!);
}

function wordsOf(v: Float64Array): Int32Array {
  return new Int32Array(v.buffer, v.byteOffset, 2 * v.length);
}

/** Folds a vector column into `out`: each row's elements' hashes combined in order. */
function foldVectors(out: Int32Array, d: Data): void {
  const { length, size, values, valid } = readVectors(d);
  const bits = wordsOf(values);
  const seed = 0x27d4eb2f ^ size;
  for (let i = 0; i < length; i++) {
    let h = NULL_HASH;
    if (!valid || valid[i] === 1) {
      h = seed;
      for (let j = i * size, e = j + size; j < e; j++) h = fmix((Math.imul(h, MIX) ^ hashDoubleAt(values, bits, j)) | 0);
    }
    out[i] = fmix((Math.imul(out[i]!, MIX) ^ h) | 0);
  }
}

/** Folds a float64 or int32 column into `out` (hashCol's values: hashFloat, hashInt32, NULL_HASH). */
function foldNumbers(out: Int32Array, c: Col): void {
  const valid = c.valid;
  const n = c.length;
  if (c.type === 'float64') {
    const v = (c.values as Float64Array).subarray(0, n);
    const bits = wordsOf(v);
    for (let i = 0; i < n; i++) {
      const h = valid && valid[i] === 0 ? NULL_HASH : hashDoubleAt(v, bits, i);
      out[i] = fmix((Math.imul(out[i]!, MIX) ^ h) | 0);
    }
  } else {
    const v = c.values as Int32Array;
    for (let i = 0; i < n; i++) {
      const h = valid && valid[i] === 0 ? NULL_HASH : hashInt32(v[i]!);
      out[i] = fmix((Math.imul(out[i]!, MIX) ^ h) | 0);
    }
  }
}

/** A hash of every row's values (all columns, in order) and the seed. */
export function rowHashes(batch: RecordBatch, seed: number): Uint32Array {
  const n = batch.numRows;
  // Int32 while folding (the values stay small integers for the JIT; fmix's uint32 results are
  // stored as the same 32 bits), read as Uint32 at the end.
  const out = new Int32Array(n).fill(hashFloat(seed));
  for (const d of batch.data.children) {
    if (d.type.typeId === Type.FixedSizeList) { foldVectors(out, d); continue; }
    const c = colFromData(d);
    if (c.type === 'float64' || c.type === 'int32') { foldNumbers(out, c); continue; }
    const h = hashCol(c);
    for (let i = 0; i < n; i++) out[i] = fmix((Math.imul(out[i]!, MIX) ^ h[i]!) | 0);
  }
  // A last mix with the seed again, so seeds that differ little still give unrelated splits.
  const s = fmix(hashFloat(seed) ^ 0x5f356495);
  for (let i = 0; i < n; i++) out[i] = fmix((out[i]! ^ s) | 0);
  return new Uint32Array(out.buffer, 0, n);
}
