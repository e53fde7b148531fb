import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { Type } from 'apache-arrow';
import { batchOf, randomValues, rng, type ColumnSpec } from '../../compute/batches.test-helper.ts';
import { colFromData } from '../../compute/column.ts';
import { fmix, hashCol, hashFloat, NULL_HASH } from '../../compute/hash.ts';
import { readVectors } from '../vector.ts';
import { rowHashes } from './row-hash.ts';
import { withVector } from './stage.test-helper.ts';

/** The row hash as defined: hashCol of each column (a vector row: its elements' hashFloat in
 *  order), folded column by column with the seed. rowHashes must give exactly these values. */
function definedHashes(batch: RecordBatch, seed: number): number[] {
  const fold = (a: number, h: number) => fmix((Math.imul(a, 0x9e3779b1) ^ h) | 0);
  const out = new Array<number>(batch.numRows).fill(hashFloat(seed));
  for (const d of batch.data.children) {
    let h: ArrayLike<number>;
    if (d.type.typeId === Type.FixedSizeList) {
      const v = readVectors(d);
      h = Array.from({ length: v.length }, (_, i) => {
        if (v.valid && !v.valid[i]) return NULL_HASH;
        let x = 0x27d4eb2f ^ v.size;
        for (let j = 0; j < v.size; j++) x = fold(x, hashFloat(v.values[i * v.size + j]!));
        return x;
      });
    } else h = hashCol(colFromData(d));
    for (let i = 0; i < out.length; i++) out[i] = fold(out[i]!, h[i]!);
  }
  const s = fmix(hashFloat(seed) ^ 0x5f356495);
  return out.map((x) => fmix((x ^ s) | 0));
}

describe('feature.split row hash', () => {
  it('equals the hashCol definition for every column type, nulls, edge doubles, slices and dictionaries', () => {
    const r = rng(3);
    const n = 600;
    const edges = [0, -0, 1, -1, 2147483647, -2147483648, 2147483648, -2147483649, 2 ** 53, -(2 ** 60), 1e300, 0.5, -1.5, NaN, Infinity, -Infinity, null];
    const specs: ColumnSpec[] = [
      { name: 'i', type: 'int32', values: randomValues('int32', n, r, { distinct: 1000 }) },
      { name: 'f', type: 'float64', values: Array.from({ length: n }, (_, k) => (k < edges.length ? edges[k]! : randomValues('float64', 1, r)[0]!)) },
      { name: 'l', type: 'int64', values: randomValues('int64', n, r) },
      { name: 'b', type: 'bool', values: randomValues('bool', n, r) },
      { name: 'd', type: 'date', values: randomValues('date', n, r) },
      { name: 't', type: 'timestamp', values: randomValues('timestamp', n, r) },
      { name: 's', type: 'string', values: randomValues('string', n, r) },
      { name: 'sd', type: 'string', values: randomValues('string', n, r), dictionary: true },
    ];
    const vec = Array.from({ length: n }, (_, k) => (k % 9 === 0 ? null : [edges[k % (edges.length - 1)]! as number, k / 7, -k]));
    const batch = withVector(batchOf(specs), 'v', vec, 3);
    for (const seed of [42, 7, 0.25]) {
      expect([...rowHashes(batch, seed)]).toEqual(definedHashes(batch, seed));
      const slice = batch.slice(13, 400);
      expect([...rowHashes(slice, seed)]).toEqual(definedHashes(slice, seed));
    }
  });
});
