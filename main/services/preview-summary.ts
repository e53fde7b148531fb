// A node preview as the studio shows it: the first rows as JSON cells and a summary per column
// (nulls, min, max, distinct count, a small histogram). Works on the at-most-`limit` preview
// rows, column by column over the Arrow data; never on a whole run's output.

import { makeVector } from 'apache-arrow';
import type { RecordBatch, Vector } from 'apache-arrow';
import type { Cell, ColumnSummary } from '../api.ts';
import type { DataType, Field, Schema } from '../../engine/types.ts';

const HISTOGRAM_BINS = 10;
const TOP_VALUES = 10;
const MICROS_PER_MS = 1000n;

/** int64 as a number when exact, else its decimal text (JSON numbers lose precision past 2^53). */
function int64Cell(v: bigint): Cell {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** JSON has no NaN or Infinity: they travel as text, so they stay distinct from SQL null. */
function floatCell(v: number): Cell {
  return Number.isFinite(v) ? v : String(v);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Microseconds since the epoch -> ISO text keeping the microseconds. */
function isoTimestamp(micros: bigint): string {
  let ms = micros / MICROS_PER_MS;
  let rest = micros % MICROS_PER_MS;
  if (rest < 0n) { rest += MICROS_PER_MS; ms -= 1n; }
  const base = new Date(Number(ms)).toISOString(); // ...T12:34:56.789Z
  return rest === 0n ? base : `${base.slice(0, -1)}${rest.toString().padStart(3, '0')}Z`;
}

function timestampMicros(raw: unknown): bigint {
  if (typeof raw === 'bigint') return raw;
  return BigInt(Math.round(Number(raw) * 1000)); // a millisecond value from Arrow's getter
}

/** The cells of one column, in row order. */
export function columnCells(vector: Vector, type: DataType): Cell[] {
  const cells: Cell[] = [];
  for (const data of vector.data) {
    // A one-chunk vector per chunk so get() decodes dictionaries and lists with chunk-local indexes.
    const chunk = makeVector(data);
    const values = data.values as ArrayLike<unknown> | undefined;
    for (let j = 0; j < data.length; j++) {
      if (!data.getValid(j)) cells.push(null);
      // Timestamps from the raw int64 microseconds: Arrow's getter rounds to milliseconds.
      else if (type === 'timestamp') cells.push(isoTimestamp(timestampMicros(values?.[j])));
      else cells.push(valueCell(type, chunk.get(j)));
    }
  }
  return cells;
}

function valueCell(type: DataType, v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'bool': return Boolean(v);
    case 'int32': return Number(v);
    case 'int64': return typeof v === 'bigint' ? int64Cell(v) : floatCell(Number(v));
    case 'float64': return floatCell(Number(v));
    case 'string': return String(v);
    case 'date': return isoDate(v instanceof Date ? v.getTime() : Number(v));
    case 'timestamp': return isoTimestamp(timestampMicros(v));
    case 'vector': {
      const list = v as { toArray?: () => ArrayLike<number> } & ArrayLike<number>;
      return Array.from(typeof list.toArray === 'function' ? list.toArray() : list, (x) => Number(x));
    }
  }
}

/** Row-major cells of the first `limit` rows of the batches. */
export function previewRows(schema: Schema, batches: readonly RecordBatch[], limit: number): Cell[][] {
  const rows: Cell[][] = [];
  for (const batch of batches) {
    if (rows.length >= limit) break;
    const columns = schema.fields.map((f, i) => {
      const vector = batch.getChild(f.name) ?? batch.getChildAt(i);
      if (!vector) throw new Error(`preview batch has no column '${f.name}' (expected ${schema.fields.length} columns)`);
      return columnCells(vector, f.type);
    });
    const take = Math.min(batch.numRows, limit - rows.length);
    for (let r = 0; r < take; r++) rows.push(columns.map((c) => c[r] ?? null));
  }
  return rows;
}

/** A number to bin on, for numeric, date and timestamp cells. */
function binValue(type: DataType, cell: Cell): number | undefined {
  if (cell === null) return undefined;
  if (type === 'int32' || type === 'int64' || type === 'float64') {
    const n = Number(cell);
    return Number.isFinite(n) ? n : undefined;
  }
  if (type === 'date' || type === 'timestamp') return Date.parse(String(cell));
  return undefined;
}

function compareCells(type: DataType, a: Cell, b: Cell): number {
  if (type === 'int64') return BigInt(a as number | string) < BigInt(b as number | string) ? -1 : a === b ? 0 : 1;
  if (type === 'int32' || type === 'float64') return Number(a) - Number(b);
  if (type === 'bool') return Number(a) - Number(b);
  const sa = String(a); const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function formatBinEdge(type: DataType, v: number): string {
  if (type === 'date') return isoDate(v);
  if (type === 'timestamp') return new Date(v).toISOString();
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

function equalWidthHistogram(type: DataType, values: readonly number[]): { label: string; count: number }[] {
  if (values.length === 0) return [];
  let lo = Infinity; let hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === hi) return [{ label: formatBinEdge(type, lo), count: values.length }];
  const bins = HISTOGRAM_BINS;
  const width = (hi - lo) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]! += 1;
  return counts.map((count, i) => ({
    label: `${formatBinEdge(type, lo + i * width)} – ${formatBinEdge(type, i === bins - 1 ? hi : lo + (i + 1) * width)}`,
    count,
  }));
}

function topValues(counts: Map<string, number>): { label: string; count: number }[] {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_VALUES)
    .map(([label, count]) => ({ label, count }));
}

/** The summary of one column from its cells. */
export function summarizeColumn(field: Field, cells: readonly Cell[]): ColumnSummary {
  let nulls = 0;
  let min: Cell = null;
  let max: Cell = null;
  const distinct = new Map<string, number>();
  const numbers: number[] = [];
  const orderable = field.type !== 'vector';
  for (const cell of cells) {
    if (cell === null) { nulls++; continue; }
    const key = typeof cell === 'object' ? JSON.stringify(cell) : String(cell);
    distinct.set(key, (distinct.get(key) ?? 0) + 1);
    const n = binValue(field.type, cell);
    if (n !== undefined) numbers.push(n);
    // NaN / Infinity travel as text; keep them out of min / max of a numeric column.
    if (!orderable || (field.type === 'float64' && typeof cell === 'string')) continue;
    if (min === null || compareCells(field.type, cell, min) < 0) min = cell;
    if (max === null || compareCells(field.type, cell, max) > 0) max = cell;
  }
  const binned = field.type === 'int32' || field.type === 'int64' || field.type === 'float64'
    || field.type === 'date' || field.type === 'timestamp';
  return {
    name: field.name,
    type: field.type,
    nulls,
    min,
    max,
    distinctEstimate: distinct.size,
    histogram: binned ? equalWidthHistogram(field.type, numbers) : field.type === 'vector' ? [] : topValues(distinct),
  };
}

export function summarizeRows(schema: Schema, rows: readonly (readonly Cell[])[]): ColumnSummary[] {
  return schema.fields.map((f, i) => summarizeColumn(f, rows.map((r) => r[i] ?? null)));
}
