// cast(x as type) with Spark's non-ANSI semantics: an unparsable string gives null; a float
// cast to an integer truncates toward zero and saturates (NaN -> 0); numbers print as Spark
// prints them. Also used internally to coerce operands to a common type.

import type { DataType } from '../types.ts';
import type { Col, ColType } from './column.ts';
import { nullCol, takeCol } from './column.ts';
import { formatDate, formatTimestamp, MICROS_PER_DAY, parseDate, parseTimestamp } from './dates.ts';
import { fromUtf8, StringBuilder, utf8 } from './strings.ts';

export function castCol(c: Col, to: ColType): Col {
  if (c.type === to) return c;
  if (c.type === 'null' || to === 'null') return nullCol(to, c.length);
  if (to === 'vector' || c.type === 'vector') {
    throw new Error(`cannot cast ${c.type} to ${to}: vectors only come from feature.vectorAssembler`);
  }
  if (c.type === 'string' && c.codes) {
    // Cast the (small) dictionary, then pick per row.
    const d = castCol(c.dict!, to);
    const t = takeCol(d, c.codes);
    return withValid(t, c.valid);
  }
  if (to === 'string') return toStringCol(c);
  if (c.type === 'string') return fromStringCol(c, to);
  return castNumeric(c, to);
}

/** Same column with rows also null where `valid` says so. */
export function withValid(c: Col, valid: Uint8Array | null): Col {
  if (!valid) return c;
  if (!c.valid) return { ...c, valid };
  const v = new Uint8Array(c.length);
  for (let i = 0; i < c.length; i++) v[i] = c.valid[i]! & valid[i]!;
  return { ...c, valid: v };
}

function saturateInt32(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x >= 2147483647) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  return Math.trunc(x);
}

function saturateInt64(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9.223372036854776e18) return 9223372036854775807n;
  if (x <= -9.223372036854776e18) return -9223372036854775808n;
  return BigInt(Math.trunc(x));
}

function castNumeric(c: Col, to: DataType): Col {
  const n = c.length; const src = c.values!; const valid = c.valid;
  const from = c.type;
  const asNumber = (i: number): number => Number(src[i]!);
  switch (to) {
    case 'float64': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = asNumber(i);
      return { type: to, length: n, valid, values: out };
    }
    case 'int32': {
      const out = new Int32Array(n);
      if (from === 'float64') for (let i = 0; i < n; i++) out[i] = saturateInt32(src[i] as number);
      else if (from === 'int64' || from === 'timestamp') for (let i = 0; i < n; i++) out[i] = Number(BigInt.asIntN(32, src[i] as bigint));
      else out.set(src as Int32Array);
      return { type: to, length: n, valid, values: out };
    }
    case 'int64': {
      const out = new BigInt64Array(n);
      if (from === 'float64') for (let i = 0; i < n; i++) out[i] = saturateInt64(src[i] as number);
      else if (from === 'timestamp') out.set(src as BigInt64Array);
      else for (let i = 0; i < n; i++) out[i] = BigInt(src[i] as number);
      return { type: to, length: n, valid, values: out };
    }
    case 'bool': {
      const out = new Uint8Array(n);
      if (src instanceof BigInt64Array) for (let i = 0; i < n; i++) out[i] = src[i] !== 0n ? 1 : 0;
      else for (let i = 0; i < n; i++) out[i] = src[i] !== 0 ? 1 : 0;
      return { type: to, length: n, valid, values: out };
    }
    case 'date': {
      const out = new Int32Array(n);
      if (from === 'timestamp') {
        const s = src as BigInt64Array;
        for (let i = 0; i < n; i++) out[i] = Math.floor(Number(s[i]!) / MICROS_PER_DAY);
      } else if (from === 'int32') out.set(src as Int32Array);
      else throw new Error(`cannot cast ${from} to date: cast a string 'YYYY-MM-DD' or a timestamp`);
      return { type: to, length: n, valid, values: out };
    }
    case 'timestamp': {
      const out = new BigInt64Array(n);
      if (from === 'date') { const s = src as Int32Array; for (let i = 0; i < n; i++) out[i] = BigInt(s[i]!) * 86_400_000_000n; }
      else if (from === 'int64') out.set(src as BigInt64Array);
      else throw new Error(`cannot cast ${from} to timestamp: cast a string 'YYYY-MM-DD HH:MM:SS' or a date`);
      return { type: to, length: n, valid, values: out };
    }
    default:
      throw new Error(`cannot cast ${from} to ${to}`);
  }
}

/** A float as Spark prints it: 1.0, 0.5, 1.0E7, 1.0E-4, NaN, Infinity. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : s + '.0';
  }
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  return `${mant.includes('.') ? mant : mant + '.0'}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

function toStringCol(c: Col): Col {
  const n = c.length; const src = c.values!; const valid = c.valid;
  const b = new StringBuilder(n, n * 8);
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) { b.appendEmpty(); continue; }
    let s: string;
    switch (c.type) {
      case 'bool': s = src[i] ? 'true' : 'false'; break;
      case 'float64': s = formatFloat(src[i] as number); break;
      case 'date': s = formatDate(src[i] as number); break;
      case 'timestamp': s = formatTimestamp(src[i] as bigint); break;
      default: s = String(src[i]);
    }
    b.appendString(s);
  }
  return b.finish(valid);
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);

function fromStringCol(c: Col, to: DataType): Col {
  const n = c.length; const offs = c.offsets!; const bytes = c.bytes!;
  const valid = new Uint8Array(n);
  const parse = (i: number): string => fromUtf8(bytes.subarray(offs[i]!, offs[i + 1]!)).trim();
  const isNull = (i: number): boolean => c.valid !== null && !c.valid[i];
  switch (to) {
    case 'float64': case 'int32': case 'int64': {
      const f = new Float64Array(n);
      const big = to === 'int64' ? new BigInt64Array(n) : null;
      for (let i = 0; i < n; i++) {
        if (isNull(i)) continue;
        const s = parse(i);
        if (big && /^[+-]?\d+$/.test(s)) {
          const v = BigInt(s);
          if (v === BigInt.asIntN(64, v)) { big[i] = v; valid[i] = 1; }
          continue;
        }
        const x = s === '' ? NaN : /^[+-]?(inf|infinity)$/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : /^[+-]?nan$/i.test(s) ? NaN : Number(s);
        if (Number.isNaN(x) && !/^[+-]?nan$/i.test(s)) continue;
        if (to !== 'float64') {
          if (!Number.isFinite(x)) continue;
          const t = Math.trunc(x);
          if (to === 'int32' && (t > 2147483647 || t < -2147483648)) continue;
          if (big) { big[i] = saturateInt64(t); valid[i] = 1; continue; }
          f[i] = t;
        } else f[i] = x;
        valid[i] = 1;
      }
      if (big) return { type: to, length: n, valid, values: big };
      return { type: to, length: n, valid, values: to === 'int32' ? Int32Array.from(f) : f };
    }
    case 'bool': {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        if (isNull(i)) continue;
        const s = parse(i).toLowerCase();
        if (TRUE_WORDS.has(s)) { out[i] = 1; valid[i] = 1; } else if (FALSE_WORDS.has(s)) valid[i] = 1;
      }
      return { type: to, length: n, valid, values: out };
    }
    case 'date': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        if (isNull(i)) continue;
        const d = parseDate(parse(i));
        if (d !== null) { out[i] = d; valid[i] = 1; }
      }
      return { type: to, length: n, valid, values: out };
    }
    case 'timestamp': {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        if (isNull(i)) continue;
        const t = parseTimestamp(parse(i));
        if (t !== null) { out[i] = t; valid[i] = 1; }
      }
      return { type: to, length: n, valid, values: out };
    }
    default:
      throw new Error(`cannot cast string to ${to}`);
  }
}

/** A column of n copies of a literal. Strings become a one-entry dictionary (no byte copies). */
export function constCol(value: null | boolean | number | bigint | string, type: ColType, n: number): Col {
  if (value === null || type === 'null') return nullCol(type, n);
  switch (type) {
    case 'string': {
      const b = utf8(String(value));
      return { type, length: n, valid: null, scalar: true, codes: new Int32Array(n), dict: { type, length: 1, valid: null, offsets: Int32Array.of(0, b.length), bytes: b } };
    }
    case 'bool': return { type, length: n, valid: null, values: new Uint8Array(n).fill(value ? 1 : 0), scalar: true };
    case 'float64': return { type, length: n, valid: null, values: new Float64Array(n).fill(Number(value)), scalar: true };
    case 'int64': case 'timestamp': return { type, length: n, valid: null, values: new BigInt64Array(n).fill(BigInt(value as number)), scalar: true };
    case 'int32': case 'date': return { type, length: n, valid: null, values: new Int32Array(n).fill(Number(value)), scalar: true };
    default: throw new Error(`no literal of type ${type}`);
  }
}
