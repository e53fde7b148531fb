// Growable per-column storage of group keys, with row-vs-group equality against the column
// currently bound (one batch at a time). Null equals null here (group by semantics).

import type { Col, ColType } from './column.ts';
import { plainStrings } from './column.ts';

export interface KeyStore {
  bind(c: Col): void;
  isNullAt(i: number): boolean;
  equalsAt(g: number, i: number): boolean;
  pushAt(i: number): void;
  pushInt(v: number): void;
  pushNull(): void;
  /** Current int keys (int32 stores only; the array is replaced when it grows). */
  ints(): Int32Array;
  toCol(size: number): Col;
}

function growBytes(a: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Uint8Array(Math.max(need, a.length * 2)); b.set(a); return b;
}

abstract class Base {
  valid = new Uint8Array(256);
  n = 0;
  protected cv: Uint8Array<ArrayBufferLike> | null = null;
  protected isNullCol = false;
  protected bindValid(c: Col): void { this.cv = c.valid; this.isNullCol = c.type === 'null'; }
  isNullAt(i: number): boolean { return this.isNullCol || (this.cv !== null && this.cv[i] === 0); }
  protected pushValid(v: number): void { this.valid = growBytes(this.valid, this.n + 1); this.valid[this.n] = v; }
  protected validOut(size: number): Uint8Array | null {
    for (let g = 0; g < size; g++) if (!this.valid[g]) return this.valid.slice(0, size);
    return null;
  }
  /** Both null: equal; one null: not equal; else undefined (compare values). */
  protected nullEq(g: number, i: number): boolean | undefined {
    const rowNull = this.isNullAt(i); const keyNull = this.valid[g] === 0;
    if (rowNull || keyNull) return rowNull && keyNull;
    return undefined;
  }
}

class IntStore extends Base implements KeyStore {
  keys = new Int32Array(256);
  private v: Int32Array<ArrayBufferLike> | Uint8Array<ArrayBufferLike> = new Int32Array(0);
  private readonly type: ColType;
  constructor(type: ColType) { super(); this.type = type; }
  bind(c: Col): void { this.bindValid(c); this.v = (c.values as Int32Array) ?? new Int32Array(c.length); }
  equalsAt(g: number, i: number): boolean { return this.nullEq(g, i) ?? this.keys[g] === this.v[i]; }
  pushInt(v: number): void {
    if (this.n >= this.keys.length) { const k = new Int32Array(this.keys.length * 2); k.set(this.keys); this.keys = k; }
    this.pushValid(1); this.keys[this.n++] = v;
  }
  pushNull(): void { this.pushInt(0); this.valid[this.n - 1] = 0; }
  pushAt(i: number): void { if (this.isNullAt(i)) this.pushNull(); else this.pushInt(this.v[i]!); }
  ints(): Int32Array { return this.keys; }
  toCol(size: number): Col {
    const k = this.keys.slice(0, size);
    return { type: this.type, length: size, valid: this.validOut(size), values: this.type === 'bool' ? Uint8Array.from(k) : k };
  }
}

class FloatStore extends Base implements KeyStore {
  keys = new Float64Array(256);
  private v: Float64Array<ArrayBufferLike> = new Float64Array(0);
  bind(c: Col): void { this.bindValid(c); this.v = (c.values as Float64Array) ?? new Float64Array(c.length); }
  equalsAt(g: number, i: number): boolean {
    const ne = this.nullEq(g, i); if (ne !== undefined) return ne;
    const a = this.keys[g]!; const b = this.v[i]!;
    return a === b || (a !== a && b !== b);
  }
  pushInt(v: number): void {
    if (this.n >= this.keys.length) { const k = new Float64Array(this.keys.length * 2); k.set(this.keys); this.keys = k; }
    this.pushValid(1); this.keys[this.n++] = v;
  }
  pushNull(): void { this.pushInt(0); this.valid[this.n - 1] = 0; }
  pushAt(i: number): void { if (this.isNullAt(i)) this.pushNull(); else this.pushInt(this.v[i]! === 0 ? 0 : this.v[i]!); }
  ints(): Int32Array { throw new Error('not an int store'); }
  toCol(size: number): Col { return { type: 'float64', length: size, valid: this.validOut(size), values: this.keys.slice(0, size) }; }
}

class Int64Store extends Base implements KeyStore {
  keys = new Int32Array(512);
  private w: Int32Array<ArrayBufferLike> = new Int32Array(0);
  private readonly type: ColType;
  constructor(type: ColType) { super(); this.type = type; }
  bind(c: Col): void {
    this.bindValid(c);
    const v = (c.values as BigInt64Array) ?? new BigInt64Array(c.length);
    this.w = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
  }
  equalsAt(g: number, i: number): boolean {
    return this.nullEq(g, i) ?? (this.keys[2 * g] === this.w[2 * i] && this.keys[2 * g + 1] === this.w[2 * i + 1]);
  }
  private push(lo: number, hi: number, valid: number): void {
    if (2 * this.n + 2 > this.keys.length) { const k = new Int32Array(this.keys.length * 2); k.set(this.keys); this.keys = k; }
    this.pushValid(valid); this.keys[2 * this.n] = lo; this.keys[2 * this.n + 1] = hi; this.n++;
  }
  pushInt(v: number): void { this.push(v, v >> 31, 1); }
  pushNull(): void { this.push(0, 0, 0); }
  pushAt(i: number): void { if (this.isNullAt(i)) this.pushNull(); else this.push(this.w[2 * i]!, this.w[2 * i + 1]!, 1); }
  ints(): Int32Array { throw new Error('not an int store'); }
  toCol(size: number): Col {
    const out = new BigInt64Array(size);
    new Int32Array(out.buffer).set(this.keys.subarray(0, 2 * size));
    return { type: this.type, length: size, valid: this.validOut(size), values: out };
  }
}

export class StringStore extends Base implements KeyStore {
  bytes = new Uint8Array(4096);
  ends = new Int32Array(256);
  pos = 0;
  private offs: Int32Array<ArrayBufferLike> = new Int32Array(1);
  private src: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
  private codes: Int32Array<ArrayBufferLike> | null = null;
  bind(c: Col): void {
    this.bindValid(c);
    if (c.type === 'null') return;
    if (c.codes) {
      const d = plainStrings(c.dict!);
      this.codes = c.codes; this.offs = d.offsets!; this.src = d.bytes!;
      if (d.valid) {
        // A null dictionary entry makes its rows null.
        const v = new Uint8Array(c.length);
        for (let i = 0; i < c.length; i++) v[i] = (c.valid ? c.valid[i]! : 1) & d.valid[c.codes[i]!]!;
        this.cv = v;
      }
    } else { this.codes = null; this.offs = c.offsets!; this.src = c.bytes!; }
  }
  private start(g: number): number { return g === 0 ? 0 : this.ends[g - 1]!; }
  equalsAt(g: number, i: number): boolean {
    const ne = this.nullEq(g, i); if (ne !== undefined) return ne;
    const r = this.codes ? this.codes[i]! : i;
    const s = this.offs[r]!; const e = this.offs[r + 1]!;
    const ks = this.start(g);
    if (this.ends[g]! - ks !== e - s) return false;
    const b = this.bytes; const src = this.src;
    for (let j = 0; j < e - s; j++) if (b[ks + j] !== src[s + j]) return false;
    return true;
  }
  private pushRange(s: number, e: number, valid: number): void {
    if (this.n >= this.ends.length) { const k = new Int32Array(this.ends.length * 2); k.set(this.ends); this.ends = k; }
    this.bytes = growBytes(this.bytes, this.pos + e - s);
    this.bytes.set(this.src.subarray(s, e), this.pos);
    this.pos += e - s;
    this.pushValid(valid);
    this.ends[this.n++] = this.pos;
  }
  /** Append the key bytes src[s, e) (a valid key). */
  pushBytes(src: Uint8Array, s: number, e: number): void {
    if (this.n >= this.ends.length) { const k = new Int32Array(this.ends.length * 2); k.set(this.ends); this.ends = k; }
    this.bytes = growBytes(this.bytes, this.pos + e - s);
    const b = this.bytes; let p = this.pos;
    for (let j = s; j < e; j++) b[p++] = src[j]!;
    this.pos = p;
    this.pushValid(1);
    this.ends[this.n++] = p;
  }
  pushInt(): void { throw new Error('not an int store'); }
  pushNull(): void { this.pushRange(0, 0, 0); }
  pushAt(i: number): void {
    if (this.isNullAt(i)) { this.pushNull(); return; }
    const r = this.codes ? this.codes[i]! : i;
    this.pushRange(this.offs[r]!, this.offs[r + 1]!, 1);
  }
  ints(): Int32Array { throw new Error('not an int store'); }
  toCol(size: number): Col {
    const offsets = new Int32Array(size + 1);
    offsets.set(this.ends.subarray(0, size), 1);
    return { type: 'string', length: size, valid: this.validOut(size), offsets, bytes: this.bytes.slice(0, size ? this.ends[size - 1]! : 0) };
  }
}

export function makeKeyStore(t: ColType): KeyStore {
  switch (t) {
    case 'int32': case 'date': case 'bool': return new IntStore(t);
    case 'float64': return new FloatStore();
    case 'int64': case 'timestamp': return new Int64Store(t);
    case 'string': return new StringStore();
    default: throw new Error(`cannot group or join on a ${t} column: use bool, int32, int64, float64, string, date or timestamp keys`);
  }
}
