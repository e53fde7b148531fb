import { describe, expect, it } from 'vitest';
import { ByteTable } from './byte-table.ts';

describe('ByteTable', () => {
  it('gives each distinct byte string one id, in insertion order, past several rehashes', () => {
    const t = new ByteTable();
    const words = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? `é${i}` : `w${i * 7}`));
    words.forEach((w, i) => expect(t.addString(w)).toBe(i));
    words.forEach((w, i) => expect(t.addString(w)).toBe(i)); // already there
    expect(t.size).toBe(5000);
    const enc = new TextEncoder();
    const buf = enc.encode(`xx${words[4321]}yy`);
    expect(t.find(buf, 2, buf.length - 2)).toBe(4321);
    expect(t.find(buf, 0, buf.length)).toBe(-1);
    expect(t.entry(4321)).toBe(words[4321]);
    expect(t.addString('')).toBe(5000);
    expect(t.find(buf, 1, 1)).toBe(5000);
  });
});
