import { describe, expect, it } from 'vitest';
import { docFolder, forDocument, formatBytes, joinPath, parentPath } from './doc-relative.ts';

describe('forDocument', () => {
  it('a document at the workspace root or not saved yet writes the workspace path as is', () => {
    expect(forDocument('data/a.csv', undefined)).toBe('data/a.csv');
    expect(forDocument('data/a.csv', 'p.json')).toBe('data/a.csv');
  });
  it('a document in a folder writes the path relative to its folder', () => {
    expect(docFolder('pipes/daily/p.json')).toBe('pipes/daily');
    expect(forDocument('data/a.csv', 'pipes/daily/p.json')).toBe('../../data/a.csv');
    expect(forDocument('pipes/in/a.csv', 'pipes/daily/p.json')).toBe('../in/a.csv');
    expect(forDocument('pipes/daily/a.csv', 'pipes/daily/p.json')).toBe('a.csv');
  });
  it('absolute paths (data folders) stay absolute', () => {
    expect(forDocument('/data/lake/a.parquet', 'pipes/p.json')).toBe('/data/lake/a.parquet');
  });
});

describe('path helpers', () => {
  it('joins and goes up', () => {
    expect(joinPath('', 'a.csv')).toBe('a.csv');
    expect(joinPath('data', 'a.csv')).toBe('data/a.csv');
    expect(parentPath('data/parts')).toBe('data');
    expect(parentPath('data')).toBe('');
    expect(parentPath('/lake/x')).toBe('/lake');
  });
  it('formats sizes', () => {
    expect(formatBytes(950)).toBe('950 B');
    expect(formatBytes(12_345)).toBe('12 kB');
    expect(formatBytes(1_234)).toBe('1.2 kB');
    expect(formatBytes(4_500_000)).toBe('4.5 MB');
  });
});
