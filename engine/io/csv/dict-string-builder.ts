// A CSV string column built as Arrow Dictionary<Int32, Utf8> codes into the part's
// StringDictionary: the engine groups, joins and gathers such columns by code (GroupTable's
// dictionary path) instead of hashing every row's bytes. When the dictionary is full (a high
// cardinality column) the batch so far is replayed into a plain string builder, which takes
// over; later batches of the part start plain.

import type { Data } from 'apache-arrow';
import type { ColumnBuilder } from './column-builders.ts';
import { builtData, nullsIn, StringBuilder } from './column-builders.ts';
import { QUOTE } from './record-scanner.ts';
import type { StringDictionary } from './string-dictionary.ts';

export class DictStringBuilder implements ColumnBuilder {
  readonly type = 'string' as const;
  private n = 0;
  private nulls = 0;
  private readonly codes: Int32Array;
  private readonly validity: Uint8Array;
  private readonly dict: StringDictionary;
  private readonly capacity: number;
  private plain: StringBuilder | null = null;
  private scratch = new Uint8Array(256);

  constructor(capacity: number, dict: StringDictionary) {
    this.capacity = capacity;
    this.dict = dict;
    this.codes = new Int32Array(capacity);
    this.validity = new Uint8Array((capacity + 7) >>> 3);
  }

  get length(): number { return this.plain ? this.plain.length : this.n; }

  append(buf: Uint8Array, s: number, e: number, escaped: boolean): boolean {
    if (this.plain) return this.plain.append(buf, s, e, escaped);
    let code: number;
    if (escaped) {
      // Unescape "" pairs first: the dictionary holds the values' bytes.
      if (this.scratch.length < e - s) this.scratch = new Uint8Array(2 * (e - s));
      const out = this.scratch;
      let k = 0;
      for (let i = s; i < e; i++) {
        const c = buf[i]!;
        out[k++] = c;
        if (c === QUOTE) i++;
      }
      code = this.dict.codeOf(out, 0, k);
    } else {
      code = this.dict.codeOf(buf, s, e);
    }
    if (code < 0) return this.toPlain().append(buf, s, e, escaped);
    const i = this.n++;
    this.codes[i] = code;
    this.validity[i >>> 3]! |= 1 << (i & 7);
    return true;
  }

  appendNull(): void {
    if (this.plain) { this.plain.appendNull(); return; }
    const i = this.n++;
    this.codes[i] = 0;
    this.validity[i >>> 3]! &= ~(1 << (i & 7));
    this.nulls++;
  }

  truncate(length: number): void {
    if (this.plain) { this.plain.truncate(length); return; }
    if (length < this.n) this.nulls -= nullsIn(this.validity, length, this.n);
    this.n = length;
  }

  finish(): Data {
    if (this.plain) return this.plain.finish();
    const { vector, type } = this.dict.arrow();
    return builtData(type, this.n, this.validity, this.nulls, { data: this.codes.subarray(0, this.n), dictionary: vector });
  }

  /** Replays the rows so far as plain strings; the plain builder takes over. */
  private toPlain(): StringBuilder {
    const p = new StringBuilder(this.capacity);
    const { offsets, bytes } = this.dict;
    for (let i = 0; i < this.n; i++) {
      if ((this.validity[i >>> 3]! >>> (i & 7)) & 1) {
        const c = this.codes[i]!;
        p.append(bytes, offsets[c]!, offsets[c + 1]!, false);
      } else p.appendNull();
    }
    this.plain = p;
    return p;
  }
}
