import { describe, expect, it } from 'vitest';
import { chooseStrategy, joinStrategy } from './join-strategy.ts';
import { runRules } from '../optimizer.ts';
import { formatBytes } from '../format-bytes.ts';
import type { JoinNode, JoinType, LogicalPlan } from '../../logical/plan.ts';
import { EVENTS, USERS, aggregate, bin, col, filter, join, lit, scan } from '../plans.test-helper.ts';

const MB = 1024 * 1024;
const big = () => scan('events', EVENTS, { estimate: { rows: 2_000_000, bytes: 80 * MB, source: 'parquet-metadata' } });
const small = () => scan('users', USERS, { estimate: { rows: 1000, bytes: 40 * 1024, source: 'parquet-metadata' } });
const j = (type: JoinType, l: LogicalPlan = big(), r: LogicalPlan = small(), strategy: 'auto' | 'broadcast' | 'shuffle' = 'auto'): JoinNode =>
  join('j', l, r, type, ['user_id'], strategy);

describe('join-strategy', () => {
  it('broadcasts a side under the threshold, with the in-memory estimates of both sides in the reason', () => {
    // rows x width: events 2M x 52 bytes (8+4+8+(16+4)+8+4), users 1000 x 52; never the file's compressed size.
    expect(chooseStrategy(j('inner'), 10 * MB)).toEqual({ strategy: 'broadcast', buildSide: 'right', reason: 'left ~99 MB, right ~51 KB: right < 10 MB' });
    expect(chooseStrategy(j('inner', small(), big()), 10 * MB).buildSide).toBe('left');
    // Filters keep the rows as an upper bound; a pruned scan counts only its columns (4 bytes a row).
    const filtered = filter('f', scan('users', USERS, { columns: ['user_id'], estimate: { rows: 1000, bytes: 40 * 1024, source: 'parquet-metadata' } }),
      bin('>', col('user_id', 'int32'), lit(3)));
    expect(chooseStrategy(j('inner', big(), filtered), 10 * MB).reason).toBe('left ~99 MB, right ~3.9 KB: right < 10 MB');
  });

  it('a million-row side pruned to a few columns is not small because its file is compressed', () => {
    // W2: events 1M rows in a ~5 MB file, pruned to user_id + amount: 12 bytes a row in memory.
    const events = scan('events', EVENTS, { columns: ['user_id', 'amount'], estimate: { rows: 1_000_000, bytes: 5 * MB, source: 'parquet-metadata' } });
    const users = scan('users', USERS, { columns: ['user_id', 'country'], estimate: { rows: 1_000_000, bytes: 6 * MB, source: 'parquet-metadata',
      columnBytes: { country: 16_000_000 } } });
    expect(chooseStrategy(join('j', events, users, 'inner', [{ left: 'user_id', right: 'user_id' }]), 10 * MB)).toEqual({
      strategy: 'shuffle', buildSide: 'left', reason: 'left ~11 MB, right ~19 MB: no side under 10 MB',
    });
  });

  it('shuffles when no side is known to be small enough', () => {
    expect(chooseStrategy(j('inner', big(), big()), 10 * MB)).toEqual({
      strategy: 'shuffle', buildSide: 'right', reason: 'left ~99 MB, right ~99 MB: no side under 10 MB',
    });
    const agg = aggregate('a', small(), ['country'], [{ fn: 'count', as: 'n' }]);
    expect(chooseStrategy(join('j', big(), agg, 'inner', [{ left: 'category', right: 'country' }]), 10 * MB).reason)
      .toBe('left ~99 MB, right size unknown: no side under 10 MB');
    expect(chooseStrategy(j('inner'), 1024).strategy).toBe('shuffle');
  });

  it('never broadcasts the preserved side of an outer join', () => {
    expect(chooseStrategy(j('left', small(), big()), 10 * MB)).toMatchObject({ strategy: 'shuffle', buildSide: 'right' });
    expect(chooseStrategy(j('right', big(), small()), 10 * MB)).toMatchObject({ strategy: 'shuffle', buildSide: 'left' });
    expect(chooseStrategy(j('right', small(), big()), 10 * MB)).toMatchObject({ strategy: 'broadcast', buildSide: 'left' });
    expect(chooseStrategy(j('full', small(), small()), 10 * MB)).toMatchObject({ strategy: 'shuffle' });
    expect(chooseStrategy(j('semi', small(), big()), 10 * MB)).toMatchObject({ strategy: 'shuffle', buildSide: 'right' });
    expect(chooseStrategy(j('anti'), 10 * MB)).toMatchObject({ strategy: 'broadcast', buildSide: 'right' });
  });

  it('lets the strategy param win', () => {
    expect(chooseStrategy(j('inner', big(), small(), 'shuffle'), 10 * MB)).toMatchObject({ strategy: 'shuffle', reason: 'requested' });
    expect(chooseStrategy(j('inner', big(), big(), 'broadcast'), 10 * MB)).toMatchObject({ strategy: 'broadcast', reason: 'requested' });
    expect(chooseStrategy(j('full', small(), small(), 'broadcast'), 10 * MB).strategy).toBe('shuffle');
  });

  it('fills chosen once, then does not fire again', () => {
    const first = runRules([j('inner')], [joinStrategy]);
    expect(first.fired).toEqual(['join-strategy']);
    expect((first.roots[0] as JoinNode).chosen?.strategy).toBe('broadcast');
    const again = runRules(first.roots, [joinStrategy]);
    expect(again.fired).toEqual([]);
    expect(again.roots).toBe(first.roots);
  });

  it('formats sizes 1024-based', () => {
    expect(formatBytes(10 * MB)).toBe('10 MB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(999)).toBe('999 B');
  });
});
