// String functions over UTF-8 bytes. On a dictionary column a function runs once per
// dictionary entry and rows pick the answer by code. Positions and lengths count characters
// (code points), as Spark and DuckDB do.

import type { Col } from './column.ts';
import { mergeValid, plainStrings, takeCol } from './column.ts';
import { withValid } from './eval-cast.ts';
import { isValid } from './eval-common.ts';
import { fromUtf8, rangeOf, StringBuilder, utf8 } from './strings.ts';

/** Apply a per-string function to a column: once per dictionary entry when dictionary-encoded. */
function perString(c: Col, f: (plain: Col) => Col): Col {
  if (c.type === 'null') return c;
  if (c.codes) return withValid(takeCol(f(c.dict!), c.codes), c.valid);
  return f(c);
}

function mapStrings(c: Col, g: (b: Uint8Array, s: number, e: number, out: StringBuilder) => void): Col {
  return perString(c, (p) => {
    const n = p.length; const o = p.offsets!; const b = p.bytes!;
    const out = new StringBuilder(n, b.length);
    for (let i = 0; i < n; i++) {
      if (p.valid && !p.valid[i]) { out.appendEmpty(); continue; }
      g(b, o[i]!, o[i + 1]!, out);
    }
    return out.finish(p.valid);
  });
}

function isAscii(b: Uint8Array, s: number, e: number): boolean {
  for (let j = s; j < e; j++) if (b[j]! >= 0x80) return false;
  return true;
}

export function changeCase(c: Col, upper: boolean): Col {
  const lo = upper ? 0x61 : 0x41; const hi = upper ? 0x7a : 0x5a;
  const scratch = new Uint8Array(64);
  return mapStrings(c, (b, s, e, out) => {
    if (!isAscii(b, s, e)) {
      const str = fromUtf8(b.subarray(s, e));
      out.appendString(upper ? str.toUpperCase() : str.toLowerCase());
      return;
    }
    const buf = e - s <= scratch.length ? scratch : new Uint8Array(e - s);
    for (let j = s; j < e; j++) { const ch = b[j]!; buf[j - s] = ch >= lo && ch <= hi ? ch ^ 0x20 : ch; }
    out.appendRange(buf, 0, e - s);
  });
}

/** Byte offset of the character at index `chars` from s (clamped to e). */
function charOffset(b: Uint8Array, s: number, e: number, chars: number): number {
  let p = s;
  while (chars > 0 && p < e) {
    p++;
    while (p < e && (b[p]! & 0xc0) === 0x80) p++;
    chars--;
  }
  return p;
}

function charCount(b: Uint8Array, s: number, e: number): number {
  let k = 0;
  for (let j = s; j < e; j++) if ((b[j]! & 0xc0) !== 0x80) k++;
  return k;
}

export function length(c: Col): Col {
  return perString(c, (p) => {
    const n = p.length; const o = p.offsets!; const b = p.bytes!;
    const v = new Int32Array(n);
    for (let i = 0; i < n; i++) v[i] = charCount(b, o[i]!, o[i + 1]!);
    return { type: 'int32', length: n, valid: p.valid, values: v };
  });
}

export function trim(c: Col): Col {
  return mapStrings(c, (b, s, e, out) => {
    while (s < e && b[s] === 0x20) s++;
    while (e > s && b[e - 1] === 0x20) e--;
    out.appendRange(b, s, e);
  });
}

/** substr(s, pos[, len]) with Spark's rules: pos 1-based, 0 acts as 1, negative counts from the end. */
export function substr(c: Col, pos: Col, len: Col | undefined): Col {
  const scalarArgs = pos.scalar && (!len || len.scalar);
  const at = (x: Col, i: number): number => (x.values as Int32Array)[i]!;
  const cut = (b: Uint8Array, s: number, e: number, p: number, l: number, out: StringBuilder): void => {
    const total = charCount(b, s, e);
    let start = p > 0 ? p - 1 : p < 0 ? total + p : 0;
    let end = l === Infinity ? total : start + l;
    if (start < 0) start = 0;
    if (end > total) end = total;
    if (end <= start) { out.appendEmpty(); return; }
    const bs = charOffset(b, s, e, start);
    out.appendRange(b, bs, charOffset(b, bs, e, end - start));
  };
  if (scalarArgs) {
    const p = at(pos, 0); const l = len ? at(len, 0) : Infinity;
    return mapStrings(c, (b, s, e, out) => cut(b, s, e, p, l, out));
  }
  const n = c.length;
  const valid = mergeValid(mergeValid(c.valid, pos.valid, n), len ? len.valid : null, n);
  const out = new StringBuilder(n, 8 * n);
  for (let i = 0; i < n; i++) {
    if ((valid && !valid[i]) || !isValid(c, i)) { out.appendEmpty(); continue; }
    const [b, s, e] = rangeOf(c, i);
    cut(b, s, e, at(pos, i), len ? at(len, i) : Infinity, out);
  }
  return out.finish(valid);
}

/** concat of strings: null if any argument is null (Spark). */
export function concat(args: readonly Col[]): Col {
  const n = args[0]!.length;
  let valid: Uint8Array | null = null;
  for (const a of args) {
    if (a.type === 'null') return { type: 'string', length: n, valid: new Uint8Array(n), offsets: new Int32Array(n + 1), bytes: new Uint8Array(0) };
    valid = mergeValid(valid, a.valid, n);
  }
  const plain = args.map((a) => (a.scalar ? a : plainStrings(a)));
  const out = new StringBuilder(n, 16 * n);
  const ranges = plain.map((a) => (a.scalar ? rangeOf(a, 0) : null));
  let buf = new Uint8Array(256);
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) { out.appendEmpty(); continue; }
    let len = 0;
    for (let k = 0; k < plain.length; k++) {
      const [b, s, e] = ranges[k] ?? [plain[k]!.bytes!, plain[k]!.offsets![i]!, plain[k]!.offsets![i + 1]!];
      if (len + e - s > buf.length) { const nb = new Uint8Array(2 * (len + e - s)); nb.set(buf.subarray(0, len)); buf = nb; }
      buf.set(b.subarray(s, e), len);
      len += e - s;
    }
    out.appendRange(buf, 0, len);
  }
  return out.finish(valid);
}

function indexOf(h: Uint8Array, hs: number, he: number, nd: Uint8Array, ns: number, ne: number): number {
  const m = ne - ns;
  if (m === 0) return hs;
  const first = nd[ns]!;
  outer: for (let p = hs; p + m <= he; p++) {
    if (h[p] !== first) continue;
    for (let j = 1; j < m; j++) if (h[p + j] !== nd[ns + j]) continue outer;
    return p;
  }
  return -1;
}

/** contains(s, t) / starts_with(s, t) on bytes. */
export function search(c: Col, t: Col, startsWith: boolean): Col {
  const test = (b: Uint8Array, s: number, e: number, nb: Uint8Array, ns: number, ne: number): number => {
    if (startsWith) {
      if (ne - ns > e - s) return 0;
      for (let j = 0; j < ne - ns; j++) if (b[s + j] !== nb[ns + j]) return 0;
      return 1;
    }
    return indexOf(b, s, e, nb, ns, ne) >= 0 ? 1 : 0;
  };
  if (t.scalar && t.codes) {
    const [nb, ns, ne] = rangeOf(t, 0);
    return perString(c, (p) => {
      const n = p.length; const o = p.offsets!; const b = p.bytes!; const v = new Uint8Array(n);
      for (let i = 0; i < n; i++) v[i] = test(b, o[i]!, o[i + 1]!, nb, ns, ne);
      return { type: 'bool', length: n, valid: p.valid, values: v };
    });
  }
  const n = c.length;
  if (c.type === 'null' || t.type === 'null') return { type: 'bool', length: n, valid: new Uint8Array(n), values: new Uint8Array(n) };
  const valid = mergeValid(c.valid, t.valid, n);
  const v = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) continue;
    const [b, s, e] = rangeOf(c, i); const [nb, ns, ne] = rangeOf(t, i);
    v[i] = test(b, s, e, nb, ns, ne);
  }
  return { type: 'bool', length: n, valid, values: v };
}

export { utf8 };
