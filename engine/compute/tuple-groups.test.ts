// Two-column int keys through GroupTable's tuple path (tuple-groups.ts) against a Map reference:
// ids dense in first-seen order, nulls a key of their own (group by) or -1 (joins), and the same
// ids while the table packs two ids into one int, re-packs with wider room for the second id,
// then gives packing up when the first column's ids no longer fit beside it.

import { describe, expect, it } from 'vitest';
import type { Col } from './column.ts';
import { GroupTable } from './group-table.ts';
import { rng } from './batches.test-helper.ts';

function intCol(values: readonly (number | null)[]): Col {
  const valid = Uint8Array.from(values, (v) => (v === null ? 0 : 1));
  return { type: 'int32', length: values.length, valid: values.includes(null) ? valid : null, values: Int32Array.from(values, (v) => v ?? 0) };
}

function check(nullsMatch: boolean, batches: [(number | null)[], (number | null)[]][]): GroupTable {
  const table = new GroupTable(['int32', 'int32'], nullsMatch);
  const ref = new Map<string, number>();
  for (const [a, b] of batches) {
    const got = Array.from(table.groupIds([intCol(a), intCol(b)]));
    const want = a.map((x, i) => {
      if (!nullsMatch && (x === null || b[i] === null)) return -1;
      const k = `${x},${b[i]}`;
      if (!ref.has(k)) ref.set(k, ref.size);
      return ref.get(k)!;
    });
    expect(got).toEqual(want);
    expect(table.size).toBe(ref.size);
  }
  const [ka, kb] = table.keyCols();
  const keys = Array.from({ length: table.size }, (_, g) => `${ka!.valid?.[g] === 0 ? null : ka!.values![g]},${kb!.valid?.[g] === 0 ? null : kb!.values![g]}`);
  expect(keys).toEqual([...ref.keys()]);
  return table;
}

describe('tuple keys of two int columns', () => {
  const r = rng(5);
  const pick = (n: number, range: number, nulls: number): (number | null)[] =>
    Array.from({ length: n }, () => (r() < nulls ? null : Math.floor(r() * range) * 7919 - 100_000));

  for (const nullsMatch of [true, false]) {
    it(`packs, re-packs and unpacks with the same ids (nullsMatch ${nullsMatch})`, () => {
      const batches: [(number | null)[], (number | null)[]][] = [];
      // Few second-column values: packed; then more (re-packed wider); then 80k of them: the
      // first column's 40k ids no longer fit beside the second's, so the table unpacks.
      for (let i = 0; i < 4; i++) batches.push([pick(5000, 40_000, 0.01), pick(5000, 12, 0.01)]);
      for (let i = 0; i < 4; i++) batches.push([pick(5000, 40_000, 0.01), pick(5000, 3000, 0.01)]);
      for (let i = 0; i < 30; i++) batches.push([pick(5000, 40_000, 0.01), pick(5000, 80_000, 0.01)]);
      for (let i = 0; i < 4; i++) batches.push([pick(5000, 40_000, 0.01), pick(5000, 12, 0.01)]);
      check(nullsMatch, batches);
    });
  }
});
