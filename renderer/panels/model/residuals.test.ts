import { describe, expect, it } from 'vitest';
import { residuals } from './residuals.ts';

describe('residuals', () => {
  it('is label minus prediction at each predicted value, skipping missing values', () => {
    const r = residuals([3, 5, Number.NaN, 10, 4], [2.5, 6, 1, Number.NaN, 4]);
    expect([...r.rows]).toEqual([0, 1, 4]);
    expect([...r.predicted]).toEqual([2.5, 6, 4]);
    expect([...r.residual]).toEqual([0.5, -1, 0]);
    expect(r.skipped).toBe(2);
    expect(r.rmse).toBeCloseTo(Math.sqrt((0.25 + 1 + 0) / 3), 12);
  });

  it('of an exact fit are all zero; with no rows there is no rmse', () => {
    const xs = Float64Array.from({ length: 50 }, (_, i) => i * 0.7);
    const ys = xs.map((x) => 3 * x - 2);
    const r = residuals(ys, ys);
    expect(r.residual.every((v) => v === 0)).toBe(true);
    expect(r.rmse).toBe(0);
    expect(residuals([], []).rmse).toBeNull();
  });
});
