import { describe, expect, it } from 'vitest';
import { extent, formatTick, including, niceExtent, niceStep, niceTicks, scale } from './plot-scale.ts';

describe('plot scale', () => {
  it('extent skips non-finite values and widens a single value', () => {
    expect(extent(new Float64Array([3, NaN, -2, Infinity]), [7])).toEqual({ min: -2, max: 7 });
    expect(extent([])).toEqual({ min: 0, max: 1 });
    const one = extent([5]);
    expect(one.min).toBeLessThan(5);
    expect(one.max).toBeGreaterThan(5);
    expect(including({ min: 2, max: 9 }, 0)).toEqual({ min: 0, max: 9 });
  });

  it('nice steps are 1, 2 or 5 times a power of ten', () => {
    for (const [min, max] of [[0, 1], [0, 7], [-3.2, 118], [1e5, 9.3e5], [0.001, 0.0042], [-50_000, 50_000]] as const) {
      const step = niceStep(min, max, 5);
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-12);
      expect([1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-9)).toBe(true);
      const ticks = niceTicks(min, max, 5);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(11);
      for (const t of ticks) {
        expect(t).toBeGreaterThanOrEqual(min - 1e-12);
        expect(t).toBeLessThanOrEqual(max + 1e-12);
        expect(Math.abs(t / step - Math.round(t / step))).toBeLessThan(1e-6);
      }
    }
  });

  it('ticks carry no float noise and include zero when the range crosses it', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.3, 0.3, 6)).toContain(0);
    expect(niceTicks(-0.3, 0.3, 6).map(String).every((s) => s.length <= 5)).toBe(true);
  });

  it('nice extent covers the data with whole steps', () => {
    // 74 over 5 intervals: a step of 10.
    expect(niceExtent({ min: 13, max: 87 }, 5)).toEqual({ min: 10, max: 90 });
    expect(niceExtent({ min: 13, max: 87 }, 2)).toEqual({ min: 0, max: 100 });
    expect(niceExtent({ min: 20, max: 40 }, 2)).toEqual({ min: 20, max: 40 });
  });

  it('scale maps the domain ends to the range ends, also inverted', () => {
    const y = scale({ min: -10, max: 30 }, 200, 0);
    expect(y(-10)).toBe(200);
    expect(y(30)).toBe(0);
    expect(y(10)).toBe(100);
  });

  it('tick labels are short', () => {
    expect(formatTick(150_000)).toBe('150k');
    expect(formatTick(2_500_000)).toBe('2.5M');
    expect(formatTick(0.30000000000000004)).toBe('0.3');
    expect(formatTick(-800)).toBe('-800');
  });
});
