// Calendar arithmetic on days since 1970-01-01 (proleptic Gregorian, as Spark and DuckDB) and
// text forms of dates and timestamps (UTC microseconds).

export const MICROS_PER_DAY = 86_400_000_000;

/** [year, month 1-12, day 1-31] of a day number (H. Hinnant's civil_from_days). */
export function civilFromDays(z0: number): [number, number, number] {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

export function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function pad(n: number, w: number): string { return String(n).padStart(w, '0'); }

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${y < 0 ? '-' + pad(-y, 4) : pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** 'YYYY-MM-DD HH:MM:SS[.ffffff]' with trailing fraction zeros removed, as Spark prints. */
export function formatTimestamp(micros: bigint): string {
  const day = micros >= 0n ? micros / 86_400_000_000n : -((-micros + 86_399_999_999n) / 86_400_000_000n);
  const rest = Number(micros - day * 86_400_000_000n);
  const secs = Math.floor(rest / 1_000_000);
  const frac = rest % 1_000_000;
  const hh = Math.floor(secs / 3600); const mm = Math.floor((secs % 3600) / 60); const ss = secs % 60;
  let s = `${formatDate(Number(day))} ${pad(hh, 2)}:${pad(mm, 2)}:${pad(ss, 2)}`;
  if (frac) s += '.' + pad(frac, 6).replace(/0+$/, '');
  return s;
}

const DATE_RE = /^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})/;
const TS_RE = /^\s*(-?\d{1,6})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC)?\s*$/;

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dim = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= dim;
}

/** Days of 'YYYY-MM-DD' (anything after the date, like a time, is ignored as Spark does); null if invalid. */
export function parseDate(s: string): number | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const rest = s.slice(m[0].length);
  if (rest.length && !/^([ T].*)?\s*$/.test(rest)) return null;
  const y = +m[1]!; const mo = +m[2]!; const d = +m[3]!;
  return validYmd(y, mo, d) ? daysFromCivil(y, mo, d) : null;
}

export function parseTimestamp(s: string): bigint | null {
  const m = TS_RE.exec(s);
  if (!m) return null;
  const y = +m[1]!; const mo = +m[2]!; const d = +m[3]!;
  if (!validYmd(y, mo, d)) return null;
  const hh = +(m[4] ?? 0); const mi = +(m[5] ?? 0); const ss = +(m[6] ?? 0);
  if (hh > 23 || mi > 59 || ss > 59) return null;
  const frac = m[7] ? Number((m[7] + '000000').slice(0, 6)) : 0;
  return BigInt(daysFromCivil(y, mo, d)) * 86_400_000_000n + BigInt(((hh * 60 + mi) * 60 + ss) * 1_000_000 + frac);
}
