import { afterEach, describe, expect, it } from 'vitest';
import { CountAgg } from './count.ts';

describe('CountAgg', () => {
  const saved = CountAgg.int32Rows;
  afterEach(() => { CountAgg.int32Rows = saved; });
  it('widens from int32 to float64 counts without losing counts, then merges', () => {
    CountAgg.int32Rows = 10;
    const c = new CountAgg();
    const gids = Int32Array.of(0, 1, 1, 2, 2, 2, 0, 1);
    c.update(gids, null, 3); // 8 rows: int32
    c.update(gids, { type: 'float64', length: 8, valid: Uint8Array.of(1, 0, 1, 1, 0, 1, 1, 1), values: new Float64Array(8) }, 4); // 16 rows: widened
    expect(Array.from(c.result(4).values as BigInt64Array)).toEqual([4n, 5n, 5n, 0n]);
    const f = new CountAgg();
    f.merge(Int32Array.of(0, 0, 1), [{ type: 'int64', length: 3, valid: null, values: BigInt64Array.of(2n ** 40n, 3n, 7n) }], 2);
    expect(Array.from(f.result(2).values as BigInt64Array)).toEqual([2n ** 40n + 3n, 7n]);
  });
});
