// The distinct strings of one CSV column within one part, for dictionary-encoded string columns:
// a byte-keyed open-addressing table from a value's UTF-8 bytes to its code, entries in order of
// first appearance. Codes stay stable for the whole part, so every batch of the part can share
// the dictionary (a batch's dictionary is the entries seen so far). The dictionary refuses new
// entries past a size limit: the column is then read as plain strings (high cardinality).

import { Dictionary, Int32, Utf8, Vector } from 'apache-arrow';
import { utf8Data } from '../../compute/arrow-build.ts';

const MAX_ENTRIES = 8192;
const MAX_BYTES = 256 << 10;

export class StringDictionary {
  count = 0;
  /** Entry i is bytes[offsets[i], offsets[i + 1]). */
  offsets = new Int32Array(257);
  bytes = new Uint8Array(4096);
  /** Set once an entry was refused: the column goes plain for the rest of the part. */
  full = false;
  private slots = new Int32Array(1024); // code + 1; 0 = empty
  private hashes = new Int32Array(256);
  /** (length, first and last byte) -> the code last seen so, or -1: few distinct values mostly
   *  hit it and skip hashing and probing (one byte compare confirms). */
  private readonly memo = new Int32Array(4096).fill(-1);
  /** One Dictionary type (so one dictionary id) for every batch of the part, also while the
   *  dictionary grows: an Arrow IPC stream (spill files) then carries a replacement dictionary,
   *  where a new id per batch would start a new schema that readers stop at. */
  private readonly type = new Dictionary(new Utf8(), new Int32());
  private built: { count: number; vector: Vector<Utf8>; type: Dictionary<Utf8, Int32> } | null = null;

  /** The code of bytes [s, e) of buf, added when new; -1 when the dictionary is full. */
  codeOf(buf: Uint8Array, s: number, e: number): number {
    const n = e - s;
    const m = n === 0 ? 0 : ((n << 8) ^ buf[s]! ^ (buf[e - 1]! << 4)) & 4095;
    const c = this.memo[m]!;
    if (c >= 0 && this.equals(c, buf, s, e)) return c;
    let h = 0x811c9dc5 | 0;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    let mask = this.slots.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const v = this.slots[slot]!;
      if (v === 0) break;
      if (this.hashes[v - 1] === h && this.equals(v - 1, buf, s, e)) { this.memo[m] = v - 1; return v - 1; }
      slot = (slot + 1) & mask;
    }
    // New entry.
    const at = this.offsets[this.count]!;
    if (this.count >= MAX_ENTRIES || at + n > MAX_BYTES) { this.full = true; return -1; }
    const code = this.count++;
    if (at + n > this.bytes.length) this.bytes = grow(this.bytes, at + n);
    this.bytes.set(buf.subarray(s, e), at);
    if (this.count + 1 > this.offsets.length) this.offsets = grow(this.offsets, this.count + 1);
    this.offsets[this.count] = at + n;
    if (code >= this.hashes.length) this.hashes = grow(this.hashes, code + 1);
    this.hashes[code] = h;
    this.slots[slot] = code + 1;
    if (this.count * 2 > this.slots.length) {
      const slots = new Int32Array(this.slots.length * 2);
      mask = slots.length - 1;
      for (let k = 0; k < this.count; k++) {
        const hk = this.hashes[k]!;
        let j = (hk ^ (hk >>> 15)) & mask;
        while (slots[j] !== 0) j = (j + 1) & mask;
        slots[j] = k + 1;
      }
      this.slots = slots;
    }
    this.memo[m] = code;
    return code;
  }

  private equals(code: number, buf: Uint8Array, s: number, e: number): boolean {
    const a = this.offsets[code]!;
    if (this.offsets[code + 1]! - a !== e - s) return false;
    const bytes = this.bytes;
    for (let i = 0; i < e - s; i++) if (bytes[a + i] !== buf[s + i]) return false;
    return true;
  }

  /** The entries so far as an Arrow dictionary (the same objects while no entry was added, so
   *  consumers caching per dictionary hit their cache), with the part's Dictionary type. */
  arrow(): { vector: Vector<Utf8>; type: Dictionary<Utf8, Int32> } {
    if (this.built && this.built.count === this.count) return this.built;
    const offsets = this.offsets.slice(0, this.count + 1);
    const bytes = this.bytes.slice(0, offsets[this.count]!);
    const vector = new Vector([utf8Data(offsets, bytes, this.count)]) as Vector<Utf8>;
    this.built = { count: this.count, vector, type: this.type };
    return this.built;
  }
}

function grow<T extends Int32Array | Uint8Array>(a: T, need: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
