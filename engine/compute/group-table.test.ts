// GroupTable's single int key modes (direct map, widening, switch to hashing mid-batch) and the
// generic path against a reference: group ids are dense and in first-seen order, so a Map from
// key to (insertion index) must give the same ids, nulls one group (group by) or -1 (joins).

import { describe, expect, it } from 'vitest';
import type { Col } from './column.ts';
import { GroupTable } from './group-table.ts';
import { rng } from './batches.test-helper.ts';

function intCol(values: readonly (number | null)[]): Col {
  const valid = Uint8Array.from(values, (v) => (v === null ? 0 : 1));
  return { type: 'int32', length: values.length, valid: values.includes(null) ? valid : null, values: Int32Array.from(values, (v) => v ?? 0) };
}

class Reference {
  ids = new Map<number | null, number>();
  readonly nullsMatch: boolean;
  constructor(nullsMatch: boolean) { this.nullsMatch = nullsMatch; }
  groupIds(values: readonly (number | null)[], insert: boolean): number[] {
    return values.map((v) => {
      if (v === null && !this.nullsMatch) return -1;
      let g = this.ids.get(v);
      if (g === undefined) { if (!insert) return -1; g = this.ids.size; this.ids.set(v, g); }
      return g;
    });
  }
}

describe('GroupTable, single int32 key', () => {
  const r = rng(5);
  const batch = (n: number, spread: number, base = 0): (number | null)[] =>
    Array.from({ length: n }, () => (r() < 0.03 ? null : base + Math.floor(spread * r() ** 2)));
  const phases: { label: string; batches: (number | null)[][] }[] = [
    { label: 'dense keys (direct map), widening both ways', batches: [batch(5000, 1000, 500), batch(5000, 3000, -200), batch(3000, 10)] },
    { label: 'switch to hashing in the middle of a batch', batches: [batch(4000, 2000), [...batch(3000, 2000), ...batch(3000, 2 ** 31 - 1, -(2 ** 30))], batch(6000, 2 ** 31 - 1, -(2 ** 30))] },
    { label: 'sparse from the start, more groups than the initial table', batches: [batch(20000, 2 ** 30), batch(20000, 2 ** 30)] },
  ];
  for (const nullsMatch of [true, false]) {
    for (const { label, batches } of phases) {
      it(`${label} (nulls ${nullsMatch ? 'group' : 'never match'})`, () => {
        const t = new GroupTable(['int32'], nullsMatch); const ref = new Reference(nullsMatch);
        for (const b of batches) expect(Array.from(t.groupIds([intCol(b)]))).toEqual(ref.groupIds(b, true));
        // Lookups without insert: present keys, absent keys, out-of-range keys.
        const probe = [...batch(3000, 4000, -500), 2 ** 31 - 1, -(2 ** 31), null];
        expect(Array.from(t.groupIds([intCol(probe)], false))).toEqual(ref.groupIds(probe, false));
        expect(t.size).toBe(ref.ids.size);
        const keys = t.keyCols()[0]!;
        const back = Array.from({ length: t.size }, (_, g) => (keys.valid && !keys.valid[g] ? null : keys.values![g]));
        expect(back).toEqual([...ref.ids.keys()]);
      });
    }
  }
});

describe('GroupTable, single string key', () => {
  it('plain and dictionary batches share groups; nulls group or never match', async () => {
    const { colOf, randomValues: rv } = await import('./batches.test-helper.ts');
    const r = rng(8);
    for (const nullsMatch of [true, false]) {
      const t = new GroupTable(['string'], nullsMatch);
      const ref = new Map<string | null, number>();
      const expectIds = (values: (string | null)[], insert: boolean): number[] => values.map((v) => {
        if (v === null && !nullsMatch) return -1;
        let g = ref.get(v);
        if (g === undefined) { if (!insert) return -1; g = ref.size; ref.set(v, g); }
        return g;
      });
      for (const [n, dict] of [[3000, false], [2000, true], [4000, false], [500, true]] as const) {
        const values = rv('string', n, r, { distinct: 900, nullRate: 0.05 }) as (string | null)[];
        expect(Array.from(t.groupIds([colOf('string', values, dict)]))).toEqual(expectIds(values, true));
      }
      const probe = ['', 'k1', 'nope', null, 'Zürich', 'k899', 'k900'];
      expect(Array.from(t.groupIds([colOf('string', probe)], false))).toEqual(expectIds(probe, false));
      expect(t.size).toBe(ref.size);
    }
  });
});

describe('GroupTable, string memo', () => {
  it('strings sharing length (mod 32) and first byte still get their own groups', async () => {
    const { colOf } = await import('./batches.test-helper.ts');
    const r = rng(9);
    const pool = ['x', 'x'.repeat(33), 'xa', 'xb', 'ya', 'y'.repeat(65), 'y'.repeat(1), '', 'é', 'è', 'xa'.repeat(16) + 'z'];
    const t = new GroupTable(['string']);
    const ref = new Map<string | null, number>();
    for (let b = 0; b < 40; b++) {
      const values = Array.from({ length: 500 }, () => (r() < 0.05 ? null : pool[Math.floor(r() * pool.length)]!));
      const want = values.map((v) => { let g = ref.get(v); if (g === undefined) { g = ref.size; ref.set(v, g); } return g; });
      expect(Array.from(t.groupIds([colOf('string', values)]))).toEqual(want);
    }
  });
});

describe('GroupTable, dictionary string key', () => {
  it('makes groups only of the entries rows use, across batches sharing one dictionary', async () => {
    const { stringCol } = await import('./strings.ts');
    // One scan dictionary, as a filtered Parquet column chunk shares it with every batch cut from it.
    const dict = stringCol(['north', 'east', 'south', 'west', '']);
    const col = (codes: number[], nulls: number[] = []): Col => ({
      type: 'string', length: codes.length, codes: Int32Array.from(codes), dict,
      valid: nulls.length ? Uint8Array.from(codes, (_, i) => (nulls.includes(i) ? 0 : 1)) : null,
    });
    const t = new GroupTable(['string']);
    expect(Array.from(t.groupIds([col([1, 1, 1])]))).toEqual([0, 0, 0]);
    expect(t.size).toBe(1);
    // Row 2 is null: the null group is made as the rows are read, 'west' after them.
    expect(Array.from(t.groupIds([col([3, 1, 0], [2])]))).toEqual([2, 0, 1]);
    expect(t.size).toBe(3);
    // A lookup of an entry never inserted misses, and does not poison a later insert of it.
    expect(Array.from(t.groupIds([col([4, 3])], false))).toEqual([-1, 2]);
    expect(Array.from(t.groupIds([col([4, 2])]))).toEqual([3, 4]);
    expect(t.size).toBe(5);
  });
});
