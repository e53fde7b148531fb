// The scale suite's command line (bench/scale/options.ts) and its RSS target (scale-table.ts).

import { describe, expect, it } from 'vitest';
import { parseScaleOptions } from '../../bench/scale/options.ts';
import { RSS_HEADROOM_MB, withinTarget } from '../../bench/scale/scale-table.ts';

describe('parseScaleOptions', () => {
  it('defaults to 100M rows at 256MB and 1GB, every case, both engines', () => {
    expect(parseScaleOptions([])).toEqual({
      rows: 100_000_000, budgetsMB: [256, 1024], cases: ['join-groupby', 'sort', 'self-join'],
      engines: ['duckdb', 'tributary'], timeoutSec: 1800, tributaryBuild: 'bundled',
    });
  });

  it('reads sizes, budgets, cases and the source build', () => {
    expect(parseScaleOptions(['--rows', '2M', '--budgets', '512MB,2GB', '--only', 'sort', '--engines', 'tributary', '--from-source']))
      .toMatchObject({ rows: 2_000_000, budgetsMB: [512, 2048], cases: ['sort'], engines: ['tributary'], tributaryBuild: 'source' });
  });

  it('refuses a bad size, case, engine or option with the fix', () => {
    expect(() => parseScaleOptions(['--rows', '2MB'])).toThrow("'2MB' is not a row count");
    expect(() => parseScaleOptions(['--budgets', '256'])).toThrow("'256' is not a memory size: write e.g. 256MB or 1GB");
    expect(() => parseScaleOptions(['--only', 'sorting'])).toThrow('unknown scale case sorting; expected join-groupby, sort, self-join');
    expect(() => parseScaleOptions(['--engines', 'polars'])).toThrow('the scale suite runs duckdb, tributary; unknown polars');
    expect(() => parseScaleOptions(['--rows'])).toThrow("'' is not a row count");
    expect(() => parseScaleOptions(['--memory', '1GB'])).toThrow("unknown option '--memory'");
  });
});

describe('withinTarget', () => {
  it('is the budget plus the headroom, inclusive', () => {
    expect(withinTarget({ budgetMB: 256, rssMB: 256 + RSS_HEADROOM_MB })).toBe('yes');
    expect(withinTarget({ budgetMB: 256, rssMB: 256 + RSS_HEADROOM_MB + 1 })).toBe('NO');
    expect(withinTarget({ budgetMB: 1024 })).toBe('-');
  });
});
