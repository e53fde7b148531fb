// Groups of a multi-column key whose columns are each 32-bit integers (int32, date, bool) or
// strings: every column first maps its values to dense ids through its own one-column table
// (group-table.ts: a direct map for id-like integers, the dictionary for dictionary strings),
// then the tuple of ids is looked up in one open-addressing table of (id, ..., group + 1)
// entries. The generic path instead hashes every column per row and compares key stores column
// by column through calls; here a hit costs one hash of small ints and a compare of `width`
// ints in one cache line. Used by group by (W6: user_id, country) and distinct (W8).

import type { Col, ColType } from './column.ts';
import { takeCol } from './column.ts';
import { growI32 } from './accumulators/agg-fn.ts';

/** The one-column table each key column goes through (a GroupTable over that column). */
export interface ColumnGroups {
  readonly size: number;
  groupIds(cols: readonly Col[], insert: boolean): Int32Array;
  keyCols(): Col[];
  memoryBytes(): number;
}

/** Key types whose columns map to dense ids cheaply (group-table.ts's fast one-column paths). */
export function tupleKeyTypes(types: readonly ColType[]): boolean {
  return types.length >= 2 && types.every((t) => t === 'int32' || t === 'date' || t === 'bool' || t === 'string');
}

export class TupleGroups {
  size = 0;
  private readonly width: number;
  /** Interleaved slots of `width` ids then group + 1 (0: empty). */
  private tab: Int32Array;
  private shift: number;
  /** Each group's ids, `width` per group, in group order (to rebuild the key columns). */
  private ids: Int32Array<ArrayBuffer> = new Int32Array(1024);
  private readonly parts: readonly ColumnGroups[];

  constructor(parts: readonly ColumnGroups[]) {
    this.parts = parts;
    this.width = parts.length;
    this.shift = 32 - 10;
    this.tab = new Int32Array((this.width + 1) << 10);
  }

  /** Group id per row; -1 where a column's value is unknown (insert false) or a null that
   *  matches nothing (the column tables decide that). */
  groupIds(cols: readonly Col[], insert: boolean): Int32Array {
    const w = this.width; const n = cols[0]?.length ?? 0;
    const colIds = this.parts.map((p, j) => p.groupIds([cols[j]!], insert));
    if (w === 2 && this.packable()) return this.packedIds(colIds[0]!, colIds[1]!, n, insert);
    if (this.bits > 0) this.unpack();
    const out = new Int32Array(n);
    const a0 = colIds[0]!; const a1 = colIds[1]!;
    const stride = w + 1;
    let tab = this.tab; let shift = this.shift; let mask = (tab.length / stride) - 1;
    rows: for (let i = 0; i < n; i++) {
      const x = a0[i]!; const y = a1[i]!;
      if (x < 0 || y < 0) { out[i] = -1; continue; }
      let h = Math.imul(x, 0x9e3779b1) ^ y;
      for (let j = 2; j < w; j++) {
        const z = colIds[j]![i]!;
        if (z < 0) { out[i] = -1; continue rows; }
        h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ z;
      }
      let s = Math.imul(h ^ (h >>> 16), 0x9e3779b1) >>> shift;
      for (;;) {
        const at = s * stride;
        const e = tab[at + w]!;
        if (e === 0) {
          if (!insert) { out[i] = -1; break; }
          const g = this.size++;
          if ((g + 1) * w > this.ids.length) this.ids = growI32(this.ids, (g + 1) * w);
          const ids = this.ids;
          tab[at] = x; tab[at + 1] = y; ids[g * w] = x; ids[g * w + 1] = y;
          for (let j = 2; j < w; j++) { const z = colIds[j]![i]!; tab[at + j] = z; ids[g * w + j] = z; }
          tab[at + w] = g + 1;
          out[i] = g;
          if (this.size * 2 > mask + 1) { this.grow(); tab = this.tab; shift = this.shift; mask = (tab.length / stride) - 1; }
          break;
        }
        if (tab[at] === x && tab[at + 1] === y && this.restEqual(tab, at, colIds, i)) { out[i] = e - 1; break; }
        s = (s + 1) & mask;
      }
    }
    return out;
  }

  /** Bits of the second id in a packed key (0: not packing): two ids fit one int32 key while
   *  the first column's ids stay under 2^(31 - bits); then the table is (key, group + 1) pairs,
   *  8 bytes a slot instead of 12, and a probe compares one int. */
  private bits = 0;
  private ptab = new Int32Array(0);
  private pshift = 0;

  /** Whether the two columns' ids (as their tables hold now) pack; re-packs with wider room
   *  for the second id when it outgrew `bits`. */
  private packable(): boolean {
    const s0 = this.parts[0]!.size; const s1 = this.parts[1]!.size;
    if (this.bits > 0 && s1 <= 1 << this.bits && s0 < 2 ** (31 - this.bits)) return true;
    const bits = Math.max(4, Math.ceil(Math.log2(s1 + 1)) + 1);
    if (s0 >= 2 ** (30 - bits)) return false;
    this.repack(bits);
    return true;
  }

  private repack(bits: number): void {
    this.bits = bits;
    let cap = 1024; while (cap < 2 * this.size + 2) cap *= 2;
    this.ptab = new Int32Array(2 * cap); this.pshift = 32 - Math.log2(cap);
    for (let g = 0; g < this.size; g++) this.placePacked((this.ids[2 * g]! << bits) | this.ids[2 * g + 1]!, g + 1);
  }

  private placePacked(key: number, entry: number): void {
    const tab = this.ptab; const mask = (tab.length >> 1) - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.pshift;
    while (tab[2 * s + 1] !== 0) s = (s + 1) & mask;
    tab[2 * s] = key; tab[2 * s + 1] = entry;
  }

  /** Back to the unpacked table (the first column's ids outgrew the packed key). */
  private unpack(): void {
    this.bits = 0; this.ptab = new Int32Array(0);
    let cap = 1024; while (cap < 2 * this.size + 2) cap *= 2;
    this.rehash(cap);
  }

  private packedIds(a0: Int32Array, a1: Int32Array, n: number, insert: boolean): Int32Array {
    const out = new Int32Array(n); const bits = this.bits;
    let tab = this.ptab; let shift = this.pshift; let mask = (tab.length >> 1) - 1;
    for (let i = 0; i < n; i++) {
      const x = a0[i]!; const y = a1[i]!;
      if (x < 0 || y < 0) { out[i] = -1; continue; }
      const key = (x << bits) | y;
      let s = Math.imul(key, 0x9e3779b1) >>> shift;
      for (;;) {
        const e = tab[2 * s + 1]!;
        if (e === 0) {
          if (!insert) { out[i] = -1; break; }
          const g = this.size++;
          if (2 * g + 2 > this.ids.length) this.ids = growI32(this.ids, 2 * g + 2);
          this.ids[2 * g] = x; this.ids[2 * g + 1] = y;
          tab[2 * s] = key; tab[2 * s + 1] = g + 1;
          out[i] = g;
          if (this.size * 2 > mask + 1) { this.repack(bits); tab = this.ptab; shift = this.pshift; mask = (tab.length >> 1) - 1; }
          break;
        }
        if (tab[2 * s] === key) { out[i] = e - 1; break; }
        s = (s + 1) & mask;
      }
    }
    return out;
  }

  private restEqual(tab: Int32Array, at: number, colIds: readonly Int32Array[], i: number): boolean {
    for (let j = 2; j < this.width; j++) if (tab[at + j] !== colIds[j]![i]) return false;
    return true;
  }

  /** Twice the slots, the groups re-placed from their stored ids (same hash as groupIds). */
  private grow(): void { this.rehash(2 * (this.tab.length / (this.width + 1))); }

  private rehash(cap: number): void {
    const w = this.width; const stride = w + 1;
    const mask = cap - 1; const shift = 32 - Math.log2(cap);
    const tab = new Int32Array(cap * stride); const ids = this.ids;
    for (let g = 0; g < this.size; g++) {
      const b = g * w;
      let h = Math.imul(ids[b]!, 0x9e3779b1) ^ ids[b + 1]!;
      for (let j = 2; j < w; j++) h = Math.imul(h ^ (h >>> 15), 0x85ebca6b) ^ ids[b + j]!;
      let s = Math.imul(h ^ (h >>> 16), 0x9e3779b1) >>> shift;
      while (tab[s * stride + w] !== 0) s = (s + 1) & mask;
      const at = s * stride;
      for (let j = 0; j < w; j++) tab[at + j] = ids[b + j]!;
      tab[at + w] = g + 1;
    }
    this.tab = tab; this.shift = shift;
  }

  /** The key columns, one row per group in group order: each column's values at its ids. */
  keyCols(): Col[] {
    const w = this.width; const n = this.size;
    return this.parts.map((p, j) => {
      const at = new Int32Array(n);
      for (let g = 0; g < n; g++) at[g] = this.ids[g * w + j]!;
      return takeCol(p.keyCols()[0]!, at);
    });
  }

  memoryBytes(): number {
    return this.tab.byteLength + this.ptab.byteLength + this.ids.byteLength + this.parts.reduce((s, p) => s + p.memoryBytes(), 0);
  }
}
