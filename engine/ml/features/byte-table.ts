// A hash table keyed by UTF-8 byte ranges: the string indexer counts and looks up plain string
// columns without decoding each row into a JS string (decoding is the cost: ~0.6 s per 1M rows).

import { hashBytes } from '../../compute/hash.ts';
import { equalBytes } from '../../compute/strings.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ByteTable {
  private slots = new Int32Array(1024).fill(-1);
  private offsets = new Int32Array(257);
  private bytes = new Uint8Array(4096);
  private hashes = new Uint32Array(256);
  size = 0;

  /** Entry id of bytes[s, e), or -1. */
  find(b: Uint8Array, s: number, e: number): number {
    const h = hashBytes(b, s, e);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const id = this.slots[i]!;
      if (id < 0) return -1;
      if (this.hashes[id] === h && equalBytes(this.bytes, this.offsets[id]!, this.offsets[id + 1]!, b, s, e)) return id;
    }
  }

  /** Entry id of bytes[s, e), added when new. */
  add(b: Uint8Array, s: number, e: number): number {
    const h = hashBytes(b, s, e);
    const mask = this.slots.length - 1;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const id = this.slots[i]!;
      if (id < 0) break;
      if (this.hashes[id] === h && equalBytes(this.bytes, this.offsets[id]!, this.offsets[id + 1]!, b, s, e)) return id;
    }
    const id = this.size++;
    this.grow(e - s);
    const at = this.offsets[id]!;
    this.bytes.set(b.subarray(s, e), at);
    this.offsets[id + 1] = at + e - s;
    this.hashes[id] = h;
    this.slots[i] = id;
    if (this.size * 2 > this.slots.length) this.rehash();
    return id;
  }

  addString(s: string): number { const b = encoder.encode(s); return this.add(b, 0, b.length); }

  entry(id: number): string { return decoder.decode(this.bytes.subarray(this.offsets[id]!, this.offsets[id + 1]!)); }

  private grow(nbytes: number): void {
    // Entry size - 1 needs offsets[size] and hashes[size - 1].
    if (this.size >= this.offsets.length) { const o = new Int32Array(this.offsets.length * 2); o.set(this.offsets); this.offsets = o; }
    if (this.size > this.hashes.length) { const h = new Uint32Array(this.hashes.length * 2); h.set(this.hashes); this.hashes = h; }
    const end = this.offsets[this.size - 1]! + nbytes;
    if (end > this.bytes.length) { const b = new Uint8Array(Math.max(this.bytes.length * 2, end)); b.set(this.bytes); this.bytes = b; }
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let i = this.hashes[id]! & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.slots = slots;
  }
}
