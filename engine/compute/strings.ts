// UTF-8 byte helpers: comparison in byte order (binary collation, as DuckDB and Spark), a
// growable string builder, and encode/decode for the few places that need JS strings
// (dictionary entries, literals), never per row of a plain column on a hot path.

import type { Col } from './column.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(s: string): Uint8Array { return encoder.encode(s); }
export function fromUtf8(b: Uint8Array): string { return decoder.decode(b); }

/** Compare a[as, ae) with b[bs, be) byte by byte; shorter prefix first. */
export function compareBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const la = ae - as; const lb = be - bs;
  const n = la < lb ? la : lb;
  for (let i = 0; i < n; i++) {
    const d = a[as + i]! - b[bs + i]!;
    if (d !== 0) return d;
  }
  return la - lb;
}

export function equalBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/** Appends strings as UTF-8; `finish` gives a plain string column. */
export class StringBuilder {
  bytes: Uint8Array;
  offsets: Int32Array;
  length = 0;
  pos = 0;
  constructor(rows = 16, bytes = 64) {
    this.bytes = new Uint8Array(Math.max(bytes, 16));
    this.offsets = new Int32Array(Math.max(rows, 1) + 1);
  }
  private reserve(nbytes: number): void {
    if (this.pos + nbytes > this.bytes.length) {
      const nb = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + nbytes));
      nb.set(this.bytes.subarray(0, this.pos));
      this.bytes = nb;
    }
    if (this.length + 2 > this.offsets.length) {
      const no = new Int32Array(this.offsets.length * 2);
      no.set(this.offsets);
      this.offsets = no;
    }
  }
  appendRange(src: Uint8Array, s: number, e: number): void {
    this.reserve(e - s);
    if (e - s < 16) { for (let j = s; j < e; j++) this.bytes[this.pos++] = src[j]!; }
    else { this.bytes.set(src.subarray(s, e), this.pos); this.pos += e - s; }
    this.offsets[++this.length] = this.pos;
  }
  appendBytes(b: Uint8Array): void { this.appendRange(b, 0, b.length); }
  appendString(s: string): void { this.appendBytes(utf8(s)); }
  /** An empty value (for null rows). */
  appendEmpty(): void { this.reserve(0); this.offsets[++this.length] = this.pos; }
  finish(valid: Uint8Array | null): Col {
    return { type: 'string', length: this.length, valid, offsets: this.offsets.subarray(0, this.length + 1), bytes: this.bytes.subarray(0, this.pos) };
  }
}

/** A plain string column from JS strings (dictionaries, literals, tests). */
export function stringCol(values: readonly (string | null)[]): Col {
  const b = new StringBuilder(values.length, values.length * 8);
  const valid = new Uint8Array(values.length);
  let nulls = 0;
  values.forEach((v, i) => {
    if (v === null) { b.appendEmpty(); nulls++; } else { b.appendString(v); valid[i] = 1; }
  });
  return b.finish(nulls ? valid : null);
}

/** The JS string of row i of a string column (only for dictionary entries and small data). */
export function stringAt(c: Col, i: number): string {
  if (c.codes) return stringAt(c.dict!, c.codes[i]!);
  return fromUtf8(c.bytes!.subarray(c.offsets![i]!, c.offsets![i + 1]!));
}

/** Byte range [start, end) of row i: for dictionary columns, of its dictionary entry. */
export function rangeOf(c: Col, i: number): [Uint8Array, number, number] {
  if (c.codes) return rangeOf(c.dict!, c.codes[i]!);
  return [c.bytes!, c.offsets![i]!, c.offsets![i + 1]!];
}
