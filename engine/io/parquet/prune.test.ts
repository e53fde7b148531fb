// Pruning on float statistics: min/max bound only the values that are not NaN, so a row group that
// may hold NaN is kept for every comparison NaN passes (NaN is above every number), and pruned as
// before when its statistics prove no NaN (nan_count 0) or the comparison excludes NaN.

import { describe, expect, it } from 'vitest';
import type { Expr } from '../../logical/expr.ts';
import type { ColumnStats, RowGroupInfo } from './footer.ts';
import { mayMatch } from './prune.ts';

const group = (x: ColumnStats): RowGroupInfo => ({ index: 0, numRows: 100, compressedBytes: 0, stats: new Map([['x', x]]), chunks: new Map() });
const col: Expr = { kind: 'column', name: 'x', type: 'float64' };
const lit = (value: number): Expr => ({ kind: 'literal', value, type: 'float64' });
const cmp = (op: '=' | '!=' | '<' | '<=' | '>' | '>=', v: number): Expr => ({ kind: 'binary', op, left: col, right: lit(v), type: 'bool' });

describe('row-group pruning on a float column with min 0, max 10', () => {
  const maybeNaN = group({ min: 0, max: 10, nullCount: 0, mayHoldNaN: true });
  const noNaN = group({ min: 0, max: 10, nullCount: 0, mayHoldNaN: false });

  it.each([
    ['x > 20', cmp('>', 20)], ['x >= 20', cmp('>=', 20)], ['x != 5 (min = max = 5)', cmp('!=', 5)],
    ['20 < x (flipped)', { kind: 'binary', op: '<', left: lit(20), right: col, type: 'bool' } as Expr],
  ])('keeps a group that may hold NaN for %s, prunes it when NaN is ruled out', (_label, e) => {
    const one = (s: ColumnStats) => (_label.startsWith('x != 5') ? group({ ...s, min: 5, max: 5 }) : group(s));
    expect(mayMatch(e, one({ min: 0, max: 10, nullCount: 0, mayHoldNaN: true }))).toBe(true);
    expect(mayMatch(e, one({ min: 0, max: 10, nullCount: 0, mayHoldNaN: false }))).toBe(false);
  });

  it.each([
    ['x < -1', cmp('<', -1)], ['x <= -1', cmp('<=', -1)], ['x = 20', cmp('=', 20)],
    ['x between 20 and 30', { kind: 'between', operand: col, low: lit(20), high: lit(30), negated: false, type: 'bool' } as Expr],
    ['x in (20, 30)', { kind: 'in', operand: col, list: [lit(20), lit(30)], negated: false, type: 'bool' } as Expr],
  ])('prunes for %s whether or not NaN may be there (NaN does not pass it)', (_label, e) => {
    expect(mayMatch(e, maybeNaN)).toBe(false);
    expect(mayMatch(e, noNaN)).toBe(false);
  });

  it('keeps the group for a comparison with a NaN literal (every number is below NaN)', () => {
    for (const op of ['<', '<=', '=', '>=', '>', '!='] as const) expect(mayMatch(cmp(op, Number.NaN), noNaN), op).toBe(true);
  });
});
