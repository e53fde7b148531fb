// Open-addressing hash table from key rows to dense group ids, over typed arrays. Used by
// aggregate (group by), distinct, count_distinct and the join build side. Fast paths: a single
// 32-bit integer key (no hash pass, inline compare) and a single dictionary string key (the
// dictionary is grouped once, rows map their codes); anything else hashes all key columns and
// compares column by column.

import type { Col, ColType } from './column.ts';
import { plainStrings, takeCol } from './column.ts';
import { coerce } from './eval-common.ts';
import { fmix, hashCols, NULL_HASH } from './hash.ts';
import { growI32 } from './accumulators/agg-fn.ts';
import { makeKeyStore, StringStore } from './key-store.ts';
import type { KeyStore } from './key-store.ts';
import { TupleGroups, tupleKeyTypes } from './tuple-groups.ts';

/** Largest key range (max - min + 1) of a direct map: 2M entries, 8 MB. */
const DIRECT_LIMIT = 1 << 21;

export class GroupTable {
  size = 0;
  private slots: Int32Array;
  private groupHash: Uint32Array;
  private readonly stores: KeyStore[];
  private readonly types: readonly ColType[];
  /** Group of the null key for the single-int path (-1 until seen). */
  private nullGroup = -1;
  /** Single int32 / date / bool key: see intKeys. */
  private readonly intMode: boolean;
  private itab = new Int32Array(2 * 1024);
  private ishift = 32 - 10;
  private ikeys = new Int32Array(256);
  /** Direct-map mode of intKeys (until the key range outgrows DIRECT_LIMIT). */
  private direct = true;
  private dmap = new Int32Array(0);
  private dmin = 0;
  /** stringKeys' memo: (length & 31) << 8 | first byte -> the group last seen so, or -1. With
   *  few distinct strings most rows hit it and skip hashing and probing. */
  private strMemo: Int32Array | null = null;
  private memoOn = true;
  private memoSkipped = 0;
  private dictCache: { bytes: Uint8Array; length: number; groups: Int32Array } | null = null;

  /** nullsMatch = true for group by (null is a key); false for joins (a null key matches nothing). */
  private readonly nullsMatch: boolean;
  constructor(types: readonly ColType[], nullsMatch = true) {
    this.nullsMatch = nullsMatch;
    this.types = types;
    this.intMode = types.length === 1 && (types[0] === 'int32' || types[0] === 'date' || types[0] === 'bool');
    this.stores = types.map((t) => makeKeyStore(t));
    this.slots = new Int32Array(1024);
    this.groupHash = new Uint32Array(512);
    this.tuple = tupleKeyTypes(types) ? new TupleGroups(types.map((t) => new GroupTable([t], nullsMatch))) : null;
  }

  /** Several int / string key columns: grouped as tuples of per-column ids (tuple-groups.ts). */
  private readonly tuple: TupleGroups | null;

  /** Group id of every row; new keys are inserted unless `insert` is false (then -1). Rows with a
   *  null key get -1 when nulls do not match. */
  groupIds(cols: readonly Col[], insert = true): Int32Array {
    const n = cols[0]?.length ?? 0;
    if (this.tuple) {
      const ids = this.tuple.groupIds(cols, insert);
      this.size = this.tuple.size;
      return ids;
    }
    if (cols.length === 1) {
      const c = cols[0]!;
      const t = this.types[0];
      if (this.intMode) return this.intKeys(c.type === t || c.type === 'null' ? c : coerce(c, t!), insert);
      if (t === 'string' && c.codes) return this.dictKeys(c, insert);
      if (t === 'string' && c.type === 'string' && c.offsets) return this.stringKeys(c, insert);
    }
    return this.generic(cols, n, insert);
  }

  private grow(): void {
    const cap = this.slots.length * 2; const mask = cap - 1;
    const slots = new Int32Array(cap);
    for (let g = 0; g < this.size; g++) {
      if (g === this.nullGroup) continue;
      let s = this.groupHash[g]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = g + 1;
    }
    this.slots = slots;
  }

  private newGroup(h: number): number {
    const g = this.size++;
    if (g >= this.groupHash.length) {
      const gh = new Uint32Array(this.groupHash.length * 2); gh.set(this.groupHash); this.groupHash = gh;
    }
    this.groupHash[g] = h;
    return g;
  }

  /** Single 32-bit key (int32, date, bool). While the keys span a dense range (at most
   *  DIRECT_LIMIT values) a direct map (map[key - min] = group + 1) stands in for hashing: one
   *  array lookup per row, no probing, a quarter of a hash table's memory for id-like keys.
   *  Past that the keys move to one interleaved table of (key, group + 1) pairs, so a lookup that
   *  hits touches one cache line; Fibonacci hashing of the key, linear probing. */
  private intKeys(c: Col, insert: boolean): Int32Array {
    const n = c.length;
    const out = new Int32Array(n);
    if (c.type === 'null' || !c.values) {
      const g = this.nullsMatch ? this.intNullGroup(insert) : -1;
      return out.fill(g);
    }
    const v = c.values as Int32Array | Uint8Array; const valid = c.valid;
    const from = this.direct ? this.directRows(v, valid, out, insert) : 0;
    if (from < n) this.hashRows(v, valid, out, insert, from);
    return out;
  }

  /** Rows from 0 through the direct map; returns n, or the row where it switched to hashing. */
  private directRows(v: Int32Array | Uint8Array, valid: Uint8Array | null, out: Int32Array, insert: boolean): number {
    const n = v.length < out.length ? v.length : out.length;
    let map = this.dmap; let min = this.dmin; let range = map.length;
    let keys = this.ikeys;
    for (let i = 0; i < n; i++) {
      if (valid !== null && valid[i] === 0) {
        out[i] = this.nullsMatch ? this.intNullGroup(insert) : -1;
        keys = this.ikeys;
        continue;
      }
      const k = v[i]!;
      const j = k - min;
      if ((j >>> 0) < range) {
        let g = map[j]! - 1;
        if (g < 0) {
          if (!insert) { out[i] = -1; continue; }
          g = this.size++;
          if (g >= keys.length) { keys = growI32(keys, g + 1); this.ikeys = keys; }
          keys[g] = k; map[j] = g + 1;
        }
        out[i] = g;
        continue;
      }
      if (!insert) { out[i] = -1; continue; }
      if (!this.widenDirect(v, valid, i)) return i;
      map = this.dmap; min = this.dmin; range = map.length;
      i--; // this row again, now inside the map
    }
    return n;
  }

  /** Widen the direct map to the keys of v from row `from` on, or switch to hashing (false). */
  private widenDirect(v: Int32Array | Uint8Array, valid: Uint8Array | null, from: number): boolean {
    const old = this.dmap; const oldMin = this.dmin;
    let min = old.length ? oldMin : 2147483647; let max = old.length ? oldMin + old.length - 1 : -2147483648;
    for (let i = from; i < v.length; i++) {
      if (valid !== null && valid[i] === 0) continue;
      const k = v[i]!; if (k < min) min = k; if (k > max) max = k;
    }
    if (max - min + 1 > DIRECT_LIMIT) {
      this.direct = false;
      const cap = Math.max(1024, 1 << Math.ceil(Math.log2(2 * this.size + 2)));
      this.itab = new Int32Array(2 * cap); this.ishift = 32 - Math.log2(cap);
      const tab = this.itab; const mask = cap - 1; const shift = this.ishift;
      for (let j = 0; j < old.length; j++) {
        const e = old[j]!;
        if (e === 0) continue;
        const k = oldMin + j;
        let s = Math.imul(k, 0x9e3779b1) >>> shift;
        while (tab[2 * s + 1] !== 0) s = (s + 1) & mask;
        tab[2 * s] = k; tab[2 * s + 1] = e;
      }
      this.dmap = new Int32Array(0);
      return false;
    }
    const map = new Int32Array(max - min + 1);
    if (old.length) map.set(old, oldMin - min);
    this.dmap = map; this.dmin = min;
    return true;
  }

  /** Rows from `from` through the hash table. */
  private hashRows(v: Int32Array | Uint8Array, valid: Uint8Array | null, out: Int32Array, insert: boolean, from: number): void {
    const n = out.length;
    let tab = this.itab; let shift = this.ishift; let mask = (tab.length >> 1) - 1;
    let keys = this.ikeys;
    for (let i = from; i < n; i++) {
      if (valid !== null && valid[i] === 0) {
        out[i] = this.nullsMatch ? this.intNullGroup(insert) : -1;
        keys = this.ikeys;
        continue;
      }
      const k = v[i]!;
      let s = Math.imul(k, 0x9e3779b1) >>> shift;
      let g: number;
      for (;;) {
        const e = tab[2 * s + 1]!;
        if (e === 0) {
          if (!insert) { g = -1; break; }
          g = this.size++;
          if (g >= keys.length) { keys = growI32(keys, g + 1); this.ikeys = keys; }
          keys[g] = k;
          tab[2 * s] = k; tab[2 * s + 1] = g + 1;
          if (this.size * 2 > mask + 1) { this.growInt(); tab = this.itab; shift = this.ishift; mask = (tab.length >> 1) - 1; }
          break;
        }
        if (tab[2 * s] === k) { g = e - 1; break; }
        s = (s + 1) & mask;
      }
      out[i] = g;
    }
  }

  private intNullGroup(insert: boolean): number {
    if (this.nullGroup < 0 && insert) {
      const g = this.size++;
      this.ikeys = growI32(this.ikeys, g + 1);
      this.nullGroup = g;
    }
    return this.nullGroup;
  }

  private growInt(): void {
    const old = this.itab;
    const cap = old.length; // twice the slots: the new slot count
    const tab = new Int32Array(2 * cap);
    const shift = this.ishift - 1; const mask = cap - 1;
    for (let s = 0; s < old.length; s += 2) {
      const e = old[s + 1]!;
      if (e === 0) continue;
      const k = old[s]!;
      let t = Math.imul(k, 0x9e3779b1) >>> shift;
      while (tab[2 * t + 1] !== 0) t = (t + 1) & mask;
      tab[2 * t] = k; tab[2 * t + 1] = e;
    }
    this.itab = tab; this.ishift = shift;
  }

  /** A single plain string key: the generic path's table and hashes (so plain and dictionary
   *  batches share groups), with the hash, the probe and the byte compare inline per row. */
  private stringKeys(c: Col, insert: boolean): Int32Array {
    const n = c.length; const out = new Int32Array(n);
    const offs = c.offsets!; const src = c.bytes!; const valid = c.valid;
    const store = this.stores[0] as StringStore;
    let slots = this.slots; let mask = slots.length - 1;
    // The table's arrays, re-read only after an insert (which may grow them).
    let gh = this.groupHash; let kv = store.valid; let kb = store.bytes; let ends = store.ends;
    const memo = (this.strMemo ??= new Int32Array(32 * 256).fill(-1));
    // The memo pays when most rows hit; with many distinct strings it is switched off, and
    // tried again every 16th batch.
    const useMemo = this.memoOn || (++this.memoSkipped & 15) === 0;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const isNull = valid !== null && valid[i] === 0;
      if (isNull && !this.nullsMatch) { out[i] = -1; continue; }
      const s = offs[i]!; const e = offs[i + 1]!; const len = e - s;
      // The memo: the group last seen with this (length, first byte), checked byte by byte.
      const mi = useMemo && len > 0 && !isNull ? ((len & 31) << 8) | src[s]! : -1;
      if (mi >= 0) {
        const m = memo[mi]!;
        if (m >= 0) {
          const ks = m === 0 ? 0 : ends[m - 1]!;
          if (ends[m]! - ks === len) {
            let j = 0;
            while (j < len && kb[ks + j] === src[s + j]) j++;
            if (j === len) { out[i] = m; hits++; continue; }
          }
        }
      }
      let h: number;
      if (isNull) h = NULL_HASH;
      else {
        let x = 0x811c9dc5 ^ len;
        for (let j = s; j < e; j++) x = Math.imul(x ^ src[j]!, 0x01000193);
        h = fmix(x);
      }
      let slot = h & mask;
      let g = -1;
      for (;;) {
        const en = slots[slot]!;
        if (en === 0) break;
        const cand = en - 1;
        if (gh[cand] === h) {
          if (isNull) { if (kv[cand] === 0) { g = cand; break; } } else if (kv[cand] === 1) {
            const ks = cand === 0 ? 0 : ends[cand - 1]!;
            if (ends[cand]! - ks === len) {
              let j = 0;
              while (j < len && kb[ks + j] === src[s + j]) j++;
              if (j === len) { g = cand; break; }
            }
          }
        }
        slot = (slot + 1) & mask;
      }
      if (g < 0) {
        if (!insert) { out[i] = -1; continue; }
        g = this.newGroup(h);
        if (isNull) store.pushNull(); else store.pushBytes(src, s, e);
        slots[slot] = g + 1;
        if (this.size * 2 > slots.length) { this.grow(); slots = this.slots; mask = slots.length - 1; }
        gh = this.groupHash; kv = store.valid; kb = store.bytes; ends = store.ends;
      }
      if (mi >= 0) memo[mi] = g;
      out[i] = g;
    }
    if (useMemo) this.memoOn = hits * 2 >= n;
    return out;
  }

  /** Maps codes through a per-dictionary code -> group array. Only the entries some row uses
   *  become groups: a filtered batch shares its scan's whole dictionary, and an entry no row
   *  holds must not surface as an empty group. -1 in the array means "not resolved yet". */
  /** Group ids of the rows `sel` of one key column (a fused filter's selection): a dictionary
   *  key maps the selected rows' codes in place, into memory reused by the next call; any other
   *  key gathers them first. */
  groupIdsAt(col: Col, sel: Int32Array): Int32Array {
    if (this.types.length === 1 && this.types[0] === 'string' && col.codes) {
      if (this.gidScratch.length < sel.length) this.gidScratch = new Int32Array(Math.max(sel.length, 1024));
      return this.dictKeys(col, true, sel, this.gidScratch.subarray(0, sel.length));
    }
    return this.groupIds([takeCol(col, sel)]);
  }

  /** groupIdsAt's output memory: its ids are read before the next call (the partial aggregate). */
  private gidScratch = new Int32Array(0);

  private dictKeys(c: Col, insert: boolean, sel: Int32Array | null = null, into: Int32Array | null = null): Int32Array {
    const dict = c.dict!;
    const cache = this.dictCache;
    let groups: Int32Array;
    if (cache && cache.bytes === dict.bytes && cache.length === dict.length) groups = cache.groups;
    else {
      groups = new Int32Array(dict.length).fill(-1);
      if (dict.bytes) this.dictCache = { bytes: dict.bytes, length: dict.length, groups };
    }
    const n = sel ? sel.length : c.length; const codes = c.codes!; const valid = c.valid;
    const out = into ?? new Int32Array(n);
    let unresolved = false;
    let nullG = -2;
    if (sel && !valid) {
      // The fused filter's path: no nulls, codes read at the selected rows.
      for (let i = 0; i < n; i++) { const g = groups[codes[sel[i]!]!]!; out[i] = g; if (g < 0) unresolved = true; }
    } else {
      for (let i = 0; i < n; i++) {
        const r = sel ? sel[i]! : i;
        if (valid && !valid[r]) {
          if (nullG === -2) nullG = this.nullsMatch ? this.generic([{ type: 'string', length: 1, valid: new Uint8Array(1), offsets: new Int32Array(2), bytes: new Uint8Array(0) }], 1, insert)[0]! : -1;
          out[i] = nullG;
        } else {
          const g = groups[codes[r]!]!;
          out[i] = g;
          if (g < 0) unresolved = true;
        }
      }
    }
    if (!unresolved) return out;
    // Resolve the used entries still at -1 (inserting them, or looking them up), then redo them.
    // Entries in order of first use, so new group ids follow the rows as on the other paths.
    const seen = new Uint8Array(dict.length);
    const firstUse = new Int32Array(Math.min(n, dict.length));
    let m = 0;
    for (let i = 0; i < n; i++) {
      const r = sel ? sel[i]! : i;
      if (out[i]! >= 0 || (valid && !valid[r])) continue;
      const code = codes[r]!;
      if (!seen[code]) { seen[code] = 1; firstUse[m++] = code; }
    }
    const entries = firstUse.subarray(0, m);
    const found = this.generic([takeCol(plainStrings(dict), entries)], m, insert);
    for (let j = 0; j < m; j++) groups[entries[j]!] = found[j]!;
    for (let i = 0; i < n; i++) {
      const r = sel ? sel[i]! : i;
      if (out[i]! < 0 && !(valid && !valid[r])) out[i] = groups[codes[r]!]!;
    }
    return out;
  }

  private generic(cols: readonly Col[], n: number, insert: boolean): Int32Array {
    const hashes = hashCols(cols, n);
    const out = new Int32Array(n);
    const stores = this.stores; const k = stores.length;
    for (let j = 0; j < k; j++) stores[j]!.bind(cols[j]!);
    let slots = this.slots; let mask = slots.length - 1;
    const anyNull = cols.some((c) => c.valid !== null || c.type === 'null');
    rows: for (let i = 0; i < n; i++) {
      if (!this.nullsMatch && anyNull) {
        for (let j = 0; j < k; j++) if (stores[j]!.isNullAt(i)) { out[i] = -1; continue rows; }
      }
      const h = hashes[i]!;
      let s = h & mask;
      let g = -1;
      for (;;) {
        const e = slots[s]!;
        if (e === 0) break;
        const cand = e - 1;
        if (this.groupHash[cand] === h) {
          let eq = true;
          for (let j = 0; j < k; j++) if (!stores[j]!.equalsAt(cand, i)) { eq = false; break; }
          if (eq) { g = cand; break; }
        }
        s = (s + 1) & mask;
      }
      if (g < 0) {
        if (!insert) { out[i] = -1; continue; }
        g = this.newGroup(h);
        for (let j = 0; j < k; j++) stores[j]!.pushAt(i);
        slots[s] = g + 1;
        if (this.size * 2 > slots.length) { this.grow(); slots = this.slots; mask = slots.length - 1; }
      }
      out[i] = g;
    }
    return out;
  }

  /** About the bytes the table holds (its slots, direct map and stored keys), for a memory budget. */
  memoryBytes(): number {
    if (this.tuple) return this.tuple.memoryBytes();
    let n = this.slots.byteLength + this.groupHash.byteLength + this.itab.byteLength + this.ikeys.byteLength + this.dmap.byteLength;
    for (const st of this.stores) n += st instanceof StringStore ? st.bytes.byteLength + 5 * this.size : 9 * this.size;
    return n;
  }

  /** The key columns, one row per group, in group id order. */
  keyCols(): Col[] {
    if (this.tuple) return this.tuple.keyCols();
    if (this.intMode) {
      const n = this.size; const t = this.types[0]!;
      const k = this.ikeys.slice(0, n);
      let valid: Uint8Array | null = null;
      if (this.nullGroup >= 0) { valid = new Uint8Array(n).fill(1); valid[this.nullGroup] = 0; k[this.nullGroup] = 0; }
      return [{ type: t, length: n, valid, values: t === 'bool' ? Uint8Array.from(k) : k }];
    }
    return this.stores.map((s) => s.toCol(this.size));
  }
}
