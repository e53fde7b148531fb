// Comparison of the files a pipeline's sinks wrote under Tributary and under its PySpark export.
// Parquet: read by DuckDB, rows in order (after a sort) or as multisets, numbers within a relative
// tolerance, vectors elementwise. CSV: the text itself, line by line and field by field: the
// header, quoting, nulls and every non-number field must be the same characters; numbers are
// compared within the tolerance (the last bits of a fitted model's output may differ).

import { readFileSync } from 'node:fs';
import { readParquetRows } from './run-tributary.ts';
import { close } from './compare.ts';

export interface Table { readonly columns: string[]; readonly rows: unknown[][] }

const MAX = 4;

function norm(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (Array.isArray(v)) return v.map(norm);
  if (typeof v === 'object') return String(v);
  return v;
}

export async function readParquetTable(path: string): Promise<Table> {
  const t = await readParquetRows(path, undefined);
  return { columns: t.columns, rows: t.rows.map((r) => r.map(norm)) };
}

function same(a: unknown, b: unknown, tol: number): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i], tol));
  if (typeof a === 'number' && typeof b === 'number') return close(a, b, tol);
  return a === b;
}

const sortKey = (r: readonly unknown[]): string =>
  JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toPrecision(8)) : String(v)) : v));

/** Differences (empty = equal); `ordered` compares row by row as written. */
export function compareTables(spark: Table, ours: Table, tol: number, ordered: boolean): string[] {
  if (spark.columns.join(',') !== ours.columns.join(',')) return [`columns: Spark [${spark.columns}], ours [${ours.columns}]`];
  if (spark.rows.length !== ours.rows.length) return [`rows: Spark ${spark.rows.length}, ours ${ours.rows.length}`];
  const order = (rows: unknown[][]): unknown[][] => (ordered ? rows : [...rows].sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0)));
  const [a, b] = [order(spark.rows), order(ours.rows)];
  const out: string[] = [];
  for (let i = 0; i < a.length && out.length < MAX; i++) {
    if (!a[i]!.every((v, j) => same(v, b[i]![j], tol))) out.push(`row ${i}: Spark ${JSON.stringify(a[i])}, ours ${JSON.stringify(b[i])}`);
  }
  return out;
}

/** RFC 4180 fields of one line (no newlines inside quotes in these files), with their raw text. */
function fields(line: string, sep: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    let j = i;
    if (line[i] === '"') {
      j = i + 1;
      while (j < line.length && !(line[j] === '"' && line[j + 1] !== '"')) j += line[j] === '"' ? 2 : 1;
      j++;
    } else {
      while (j < line.length && line[j] !== sep) j++;
    }
    out.push(line.slice(i, j));
    i = j + 1;
  }
  return out;
}

const NUMBER = /^-?(\d+\.?\d*(e[+-]?\d+)?|NaN|Infinity)$/;

export function compareCsvText(sparkPath: string, oursPath: string, tol: number, ordered: boolean, sep = ','): string[] {
  const read = (p: string): string[] => readFileSync(p, 'utf8').split('\n');
  const [s, o] = [read(sparkPath), read(oursPath)];
  if (s.length !== o.length) return [`lines: Spark ${s.length}, ours ${o.length}`];
  const [header, ...sRows] = s;
  const [oHeader, ...oRows] = o;
  if (header !== oHeader) return [`header: Spark ${header}, ours ${oHeader}`];
  const order = (rows: string[]): string[] => (ordered ? rows : [...rows].sort());
  const [a, b] = [order(sRows), order(oRows)];
  const out: string[] = [];
  for (let i = 0; i < a.length && out.length < MAX; i++) {
    if (a[i] === b[i]) continue;
    const [fa, fb] = [fields(a[i]!, sep), fields(b[i]!, sep)];
    const ok = fa.length === fb.length && fa.every((x, j) => x === fb[j] || (NUMBER.test(x) && NUMBER.test(fb[j]!) && close(Number(x), Number(fb[j]), tol)));
    if (!ok) out.push(`line ${i + 1}: Spark ${a[i]}, ours ${b[i]}`);
  }
  return out;
}
