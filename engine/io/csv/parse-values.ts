// Parsing typed values straight from UTF-8 bytes of a CSV field (no string per value on the
// fast paths). Each parser returns undefined when the bytes are not a value of its type.

const ZERO = 0x30;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;

/** An integer within the safe range, or undefined (also for empty input or > 15 digits). */
export function parseSmallInt(buf: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  let neg = false;
  if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) { neg = buf[i] === MINUS; i++; }
  if (i >= e || e - i > 15) return undefined;
  let v = 0;
  for (; i < e; i++) {
    const d = buf[i]! - ZERO;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

export function parseInt32(buf: Uint8Array, s: number, e: number): number | undefined {
  const v = parseSmallInt(buf, s, e);
  return v !== undefined && v >= -2147483648 && v <= 2147483647 ? v : undefined;
}

const latin1 = (buf: Uint8Array, s: number, e: number): string =>
  Buffer.from(buf.buffer, buf.byteOffset + s, e - s).toString('latin1');

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function parseInt64(buf: Uint8Array, s: number, e: number): bigint | number | undefined {
  const small = parseSmallInt(buf, s, e);
  if (small !== undefined) return small;
  const t = latin1(buf, s, e);
  if (!/^[+-]?\d{1,19}$/.test(t)) return undefined;
  const v = BigInt(t);
  return v >= INT64_MIN && v <= INT64_MAX ? v : undefined;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A float64. Fast path (Clinger): up to 15 significant digits and a small power of ten are both
 * exact doubles, so one multiplication or division rounds correctly; anything else goes through
 * Number() on the text, after a strict syntax check.
 */
export function parseFloat64(buf: Uint8Array, s: number, e: number): number | undefined {
  let i = s;
  let neg = false;
  if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) { neg = buf[i] === MINUS; i++; }
  let mant = 0;
  let digits = 0;
  let scale = 0;
  let any = false;
  for (; i < e; i++) {
    const d = buf[i]! - ZERO;
    if (d < 0 || d > 9) break;
    any = true;
    if (mant !== 0 || d !== 0) digits++;
    mant = mant * 10 + d;
  }
  if (i < e && buf[i] === DOT) {
    for (i++; i < e; i++) {
      const d = buf[i]! - ZERO;
      if (d < 0 || d > 9) break;
      any = true;
      if (mant !== 0 || d !== 0) digits++;
      mant = mant * 10 + d;
      scale++;
    }
  }
  if (i === e && any && digits <= 15 && scale <= 22) {
    const v = scale === 0 ? mant : mant / POW10[scale]!;
    return neg ? -v : v;
  }
  return parseFloatSlow(latin1(buf, s, e));
}

/**
 * parseFloat64 writing into out[i] (true) or returning false: the common short decimal is parsed
 * here without returning a double from a call (a returned double is a heap allocation when the
 * call is not inlined, one per value).
 */
export function parseFloat64Into(buf: Uint8Array, s: number, e: number, out: Float64Array, at: number): boolean {
  let i = s;
  let neg = false;
  if (i < e && (buf[i] === MINUS || buf[i] === PLUS)) { neg = buf[i] === MINUS; i++; }
  let mant = 0;
  let n = 0;
  for (; i < e; i++) {
    const d = buf[i]! - ZERO;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    n++;
  }
  let scale = 0;
  if (i < e && buf[i] === DOT) {
    for (i++; i < e; i++) {
      const d = buf[i]! - ZERO;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      n++;
      scale++;
    }
  }
  // At most 15 digits in all (leading zeros included) keeps the mantissa exact.
  if (i === e && n > 0 && n <= 15) {
    const v = scale === 0 ? mant : mant / POW10[scale]!;
    out[at] = neg ? -v : v;
    return true;
  }
  const v = parseFloat64(buf, s, e);
  if (v === undefined) return false;
  out[at] = v;
  return true;
}

function parseFloatSlow(t: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  const l = t.toLowerCase();
  if (l === 'nan') return NaN;
  if (l === 'inf' || l === 'infinity' || l === '+inf' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  return undefined;
}

export function parseBool(buf: Uint8Array, s: number, e: number): boolean | undefined {
  const n = e - s;
  if (n !== 4 && n !== 5) return undefined;
  const t = latin1(buf, s, e).toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function digitsAt(buf: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = buf[i + k]! - ZERO;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dateAt(buf: Uint8Array, s: number): number | undefined {
  const y = digitsAt(buf, s, 4);
  const m = digitsAt(buf, s + 5, 2);
  const d = digitsAt(buf, s + 8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || buf[s + 4] !== MINUS || buf[s + 7] !== MINUS) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && !leap ? 28 : DAYS_IN_MONTH[m - 1]!)) return undefined;
  return daysFromCivil(y, m, d);
}

/** YYYY-MM-DD as days since the epoch. */
export function parseDate(buf: Uint8Array, s: number, e: number): number | undefined {
  return e - s === 10 ? dateAt(buf, s) : undefined;
}

/**
 * ISO-8601 `YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|±HH[:MM]]` as microseconds since the epoch
 * (no zone means UTC). A bare date is not a timestamp (it infers as date).
 */
const SCRATCH = new Float64Array(1);

export function parseTimestamp(buf: Uint8Array, s: number, e: number): number | undefined {
  return parseTimestampInto(buf, s, e, SCRATCH, 0) ? SCRATCH[0] : undefined;
}

/** Microseconds since the epoch (UTC) into out[at] (true), or false: no double returned from a
 *  call, which is a heap allocation per value when the call is not inlined. */
export function parseTimestampInto(buf: Uint8Array, s: number, e: number, out: Float64Array, at: number): boolean {
  if (e - s < 16) return false;
  const days = dateAt(buf, s);
  const sep = buf[s + 10];
  if (days === undefined || (sep !== 0x54 && sep !== 0x20)) return false;
  const hh = digitsAt(buf, s + 11, 2);
  const mi = digitsAt(buf, s + 14, 2);
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || buf[s + 13] !== 0x3a) return false;
  let i = s + 16;
  let sec = 0;
  let micros = 0;
  if (i < e && buf[i] === 0x3a) {
    sec = digitsAt(buf, i + 1, 2);
    if (sec < 0 || sec > 60 || i + 3 > e) return false;
    i += 3;
    if (i < e && buf[i] === DOT) {
      i++;
      let n = 0;
      let frac = 0;
      while (i < e && buf[i]! >= ZERO && buf[i]! <= ZERO + 9) {
        if (n < 6) { frac = frac * 10 + (buf[i]! - ZERO); n++; }
        i++;
      }
      if (n === 0) return false;
      micros = frac * POW10[6 - n]!;
    }
  }
  let offsetMin = 0;
  if (i < e) {
    const c = buf[i];
    if (c === 0x5a && i + 1 === e) i++;
    else if (c === PLUS || c === MINUS) {
      const oh = digitsAt(buf, i + 1, 2);
      let om = 0;
      let j = i + 3;
      if (j < e && buf[j] === 0x3a) j++;
      if (j < e) { om = digitsAt(buf, j, 2); j += 2; }
      if (oh < 0 || om < 0 || j !== e) return false;
      offsetMin = (c === MINUS ? -1 : 1) * (oh * 60 + om);
      i = e;
    } else return false;
  }
  if (i !== e) return false;
  const seconds = days * 86400 + hh * 3600 + mi * 60 + sec - offsetMin * 60;
  out[at] = seconds * 1_000_000 + micros;
  return true;
}
