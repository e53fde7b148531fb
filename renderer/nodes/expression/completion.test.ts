import { describe, expect, it } from 'vitest';
import { inQuotes, suggest, wordAt } from './completion.ts';

const schema = { fields: [
  { name: 'amount', type: 'float64' as const, nullable: true },
  { name: 'month day', type: 'int32' as const, nullable: true },
  { name: 'ts', type: 'timestamp' as const, nullable: true },
] };
const functions = [
  { name: 'abs', usage: 'abs(x)', doc: 'The absolute value.', group: 'math' },
  { name: 'month', usage: 'month(d)', doc: 'The month, 1 to 12.', group: 'date' },
];

describe('expression completion', () => {
  it('finds the identifier that ends at the caret', () => {
    expect(wordAt('amount > mo', 11)).toEqual({ start: 9, prefix: 'mo' });
    expect(wordAt('abs(am', 6)).toEqual({ start: 4, prefix: 'am' });
    expect(wordAt('x + ', 4)).toEqual({ start: 4, prefix: '' });
  });

  it('offers columns first, then functions with usage and description, by prefix', () => {
    expect(suggest('m', schema, functions)).toEqual([
      { kind: 'column', name: 'month day', detail: 'int32', insert: '"month day"' },
      { kind: 'function', name: 'month', detail: 'month(d)', doc: 'The month, 1 to 12.', insert: 'month(' },
    ]);
    expect(suggest('A', schema, functions).map((s) => s.insert)).toEqual(['amount', 'abs(']);
    expect(suggest('zz', schema, functions)).toEqual([]);
  });

  it('knows when the caret is inside a text literal', () => {
    expect(inQuotes("country = 'Fr", 13)).toBe(true);
    expect(inQuotes("country = 'FR' and am", 21)).toBe(false);
  });
});
