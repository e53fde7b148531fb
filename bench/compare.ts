// Checks that two engines returned the same result: the same column names (any order), the
// same rows after sorting, numbers equal to a relative 1e-9 (sums of doubles differ in their
// last bits with the summation order, which depends on threads and partitions).

import type { Cell, ResultTable } from './protocol.ts';

export const RELATIVE_TOLERANCE = 1e-9;

function compareCells(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

function compareRows(a: readonly Cell[], b: readonly Cell[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareCells(a[i] ?? null, b[i] ?? null);
    if (c !== 0) return c;
  }
  return 0;
}

function cellsEqual(a: Cell, b: Cell): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }
  return false;
}

/** `table`'s rows with columns in `columns`' order, sorted; undefined if a column is missing. */
function aligned(table: ResultTable, columns: readonly string[]): Cell[][] | undefined {
  const index = columns.map((c) => table.columns.indexOf(c));
  if (index.some((i) => i < 0)) return undefined;
  return table.rows.map((row) => index.map((i) => row[i] ?? null)).sort(compareRows);
}

/** Every difference between `actual` and `expected`, as lines a person reads (empty = equal). */
export function diffTables(expected: ResultTable, actual: ResultTable, maxLines = 8): string[] {
  const problems: string[] = [];
  const want = [...expected.columns].sort();
  const got = [...actual.columns].sort();
  if (want.join('\u0000') !== got.join('\u0000')) {
    return [`columns differ: expected [${expected.columns.join(', ')}], got [${actual.columns.join(', ')}]`];
  }
  const e = aligned(expected, expected.columns)!;
  const a = aligned(actual, expected.columns)!;
  if (e.length !== a.length) problems.push(`row count differs: expected ${e.length}, got ${a.length}`);
  for (let r = 0; r < Math.min(e.length, a.length) && problems.length < maxLines; r++) {
    const er = e[r]!;
    const ar = a[r]!;
    const bad = er.findIndex((cell, c) => !cellsEqual(cell, ar[c] ?? null));
    if (bad >= 0) {
      problems.push(`row ${r} (sorted) differs at column '${expected.columns[bad]}': `
        + `expected ${JSON.stringify(er)}, got ${JSON.stringify(ar)}`);
    }
  }
  return problems;
}
