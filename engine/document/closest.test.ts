import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from './closest.ts';

describe('editDistance', () => {
  it('counts inserts, deletes and substitutions', () => {
    expect(editDistance('amout', 'amount')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
    expect(editDistance('rigth', 'right')).toBe(1);
  });
});

describe('closest', () => {
  it('suggests the nearest plausible name', () => {
    expect(closest('amout', ['amount', 'country', 'qty'])).toBe('amount');
    expect(closest('lenght', ['length', 'lower'])).toBe('length');
  });
  it('prefers a case-insensitive exact match', () => {
    expect(closest('Amount', ['amounts', 'amount'])).toBe('amount');
  });
  it('suggests nothing for names far from every candidate', () => {
    expect(closest('zzzzzz', ['amount', 'country'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });
  it('formats the hint', () => {
    expect(didYouMean('amout', ['amount'])).toBe(": did you mean 'amount'?");
    expect(didYouMean('qqqqq', ['amount'], '!')).toBe('!');
  });
});
