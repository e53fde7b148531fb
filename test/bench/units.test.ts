// The bench's size parsing (bench/units.ts): row counts and memory budgets from the command line.

import { describe, expect, it } from 'vitest';
import { memoryLabel, parseMemoryMB, parseRows, rowsLabel } from '../../bench/units.ts';

describe('parseRows', () => {
  it('reads plain numbers and K, M, B suffixes in either case', () => {
    expect(parseRows('100M')).toBe(100_000_000);
    expect(parseRows('2m')).toBe(2_000_000);
    expect(parseRows('500K')).toBe(500_000);
    expect(parseRows('1.5M')).toBe(1_500_000);
    expect(parseRows('1B')).toBe(1_000_000_000);
    expect(parseRows('12345')).toBe(12_345);
  });

  it('refuses what is not a whole positive row count, with an example', () => {
    for (const bad of ['', '0', '10MB', '-5M', '1.5', 'ten', '0.0001K']) {
      expect(() => parseRows(bad)).toThrow(`'${bad}' is not a row count: write e.g. 2M, 100M, 500K or 1000000`);
    }
  });

  it('labels a count the way it is typed', () => {
    expect(rowsLabel(100_000_000)).toBe('100M');
    expect(rowsLabel(2_500)).toBe('2.5K');
    expect(rowsLabel(999)).toBe('999');
    expect(parseRows(rowsLabel(1_500_000))).toBe(1_500_000);
  });
});

describe('parseMemoryMB', () => {
  it('reads MB and GB (M and G too)', () => {
    expect(parseMemoryMB('256MB')).toBe(256);
    expect(parseMemoryMB('1GB')).toBe(1024);
    expect(parseMemoryMB('1.5gb')).toBe(1536);
    expect(parseMemoryMB('512M')).toBe(512);
    expect(parseMemoryMB('2 G')).toBe(2048);
  });

  it('refuses a size without a unit or below 1 MB', () => {
    for (const bad of ['256', '0MB', '0.5MB', '1TB', 'lots']) {
      expect(() => parseMemoryMB(bad)).toThrow(`'${bad}' is not a memory size: write e.g. 256MB or 1GB`);
    }
  });

  it('labels budgets as the tables show them', () => {
    expect(memoryLabel(1024)).toBe('1GB');
    expect(memoryLabel(256)).toBe('256MB');
  });
});
