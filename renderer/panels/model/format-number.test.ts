import { describe, expect, it } from 'vitest';
import { formatNumber } from './format-number.ts';

describe('formatNumber', () => {
  it('formats numbers for reading', () => {
    expect(formatNumber(150.0000123456)).toBe('150');
    expect(formatNumber(-799.87654321)).toBe('-799.877');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(0.000012345)).toBe('1.2345e-5');
    expect(formatNumber(null)).toBe('null');
    expect(formatNumber('mean')).toBe('mean');
  });
});
