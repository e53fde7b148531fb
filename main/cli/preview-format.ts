// Rows of a previewed node as a text table, CSV or JSON. Values are read per row here: this is
// output for a person (at most --limit rows), not a hot path.

import type { RecordBatch } from 'apache-arrow';
import type { Schema } from '../../engine/types.ts';
import { floatText } from '../../engine/io/csv/csv-write.ts';

type Cell = string | number | boolean | null;

function cellOf(v: unknown, type: string): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (type === 'date' && typeof v === 'number') return new Date(v).toISOString().slice(0, 10);
  if (type === 'timestamp' && typeof v === 'number') return new Date(v).toISOString();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && Symbol.iterator in v) return `[${[...(v as Iterable<unknown>)].join(', ')}]`;
  return String(v);
}

export function rowsOf(schema: Schema, batches: readonly RecordBatch[]): Cell[][] {
  const rows: Cell[][] = [];
  for (const b of batches) {
    const cols = schema.fields.map((f) => b.getChild(f.name));
    for (let i = 0; i < b.numRows; i++) rows.push(cols.map((c, j) => cellOf(c?.get(i), schema.fields[j]!.type)));
  }
  return rows;
}

/** A cell's text on one table line: a value holding a line break, tab or other control character
 *  is shown as a JSON string ("two\nlines"), so it cannot break the layout and reads unambiguously. */
function tableText(c: Cell): string {
  if (c === null) return 'null';
  const s = typeof c === 'number' ? floatText(c) : String(c);
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f\u2028\u2029]/.test(s) ? JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029') : s;
}

export function formatTable(schema: Schema, rows: readonly Cell[][]): string {
  const header = schema.fields.map((f) => tableText(`${f.name}: ${f.type}`));
  const text = rows.map((r) => r.map(tableText));
  const widths = header.map((h, j) => Math.min(40, Math.max(h.length, ...text.map((r) => r[j]!.length))));
  const line = (cells: readonly string[]): string => cells.map((c, j) => {
    const cut = c.length > widths[j]! ? `${c.slice(0, widths[j]! - 1)}…` : c;
    return cut.padEnd(widths[j]!);
  }).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...text.map(line)].join('\n');
}

/** CSV as docs/pipeline-format.md: null is an unquoted empty field, the empty string is `""`. */
export function formatCsv(schema: Schema, rows: readonly Cell[][]): string {
  const quote = (c: Cell): string => {
    if (c === null) return '';
    const s = typeof c === 'number' ? floatText(c) : String(c);
    return s === '' || /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [schema.fields.map((f) => quote(f.name)).join(','), ...rows.map((r) => r.map(quote).join(','))].join('\n');
}

export function formatJson(schema: Schema, rows: readonly Cell[][]): string {
  return JSON.stringify(rows.map((r) => Object.fromEntries(schema.fields.map((f, j) => [f.name, r[j]]))), null, 2);
}
