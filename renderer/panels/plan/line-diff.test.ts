import { describe, expect, it } from 'vitest';
import { lineDiff } from './line-diff.ts';

describe('plan line diff', () => {
  it('keeps common lines and marks what the optimizer removed and added', () => {
    const before = 'Sort\n  Filter amount > 10\n    Scan events';
    const after = 'Sort\n    Scan events filters: amount > 10';
    expect(lineDiff(before, after)).toEqual([
      { kind: 'same', text: 'Sort' },
      { kind: 'removed', text: '  Filter amount > 10' },
      { kind: 'removed', text: '    Scan events' },
      { kind: 'added', text: '    Scan events filters: amount > 10' },
    ]);
  });

  it('is all context for equal texts', () => {
    expect(lineDiff('a\nb', 'a\nb').every((l) => l.kind === 'same')).toBe(true);
  });
});
