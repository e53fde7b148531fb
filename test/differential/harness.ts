// Differential testing: the same query as a Tributary pipeline (run by the Engine) and as SQL in
// DuckDB over the same randomly generated CSV files; the results must be equal (as multisets
// unless ordered; floats to a relative 1e-9).
//
// Data: `facts` (skewed join key with nulls, unicode and empty strings, nullable numbers, dates)
// and `dims` (keys with duplicates and gaps, a column name clashing with facts'), written once
// per seed to a temp folder.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { RecordBatch } from 'apache-arrow';
import type { DocumentEdge, DocumentNode, PipelineDocument } from '../../engine/document/document-types.ts';
import { Engine } from '../../engine/exec/engine.ts';
import type { DataType } from '../../engine/types.ts';
import { rng } from '../../engine/compute/batches.test-helper.ts'; // mulberry32: the same seed gives the same data

type Value = number | bigint | string | boolean | null;
interface Table { readonly name: string; readonly types: Record<string, DataType>; readonly rows: Value[][] }

const WORDS = ['a', 'b', 'é', '日本', '', 'Zürich', 'b', 'a', 'comma,here', 'quote"d'];


export function makeFacts(seed: number, n: number): Table {
  const r = rng(seed);
  const rows: Value[][] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    const k = u < 0.05 ? null : u < 0.5 ? 1 : 1 + Math.floor(r() * 60); // one hot key
    const g = r() < 0.08 ? null : WORDS[Math.floor(r() * WORDS.length)]!;
    const x = r() < 0.1 ? null : Math.round((r() * 200 - 50) * 1000) / 1000;
    const y = r() < 0.1 ? null : Math.floor(r() * 20) - 5;
    const d = r() < 0.05 ? null : 18000 + Math.floor(r() * 400);
    const flag = r() < 0.1 ? null : r() < 0.5;
    rows.push([i, k, g, x, y, d, flag]);
  }
  return { name: 'facts', types: { id: 'int64', k: 'int32', g: 'string', x: 'float64', y: 'int32', d: 'date', flag: 'bool' }, rows };
}

export function makeDims(seed: number): Table {
  const r = rng(seed + 1000);
  const rows: Value[][] = [];
  for (let k = 0; k <= 70; k++) {
    if (k % 7 === 3) continue; // gaps: keys without a match
    const copies = k % 10 === 5 ? 2 : 1; // duplicates: a key matching twice
    for (let c = 0; c < copies; c++) rows.push([k, r() < 0.1 ? null : `dim ${k}${c ? ' bis' : ''}`, Math.round(r() * 1000) / 10]);
  }
  rows.push([null, 'null key', 0]);
  return { name: 'dims', types: { k: 'int32', name: 'string', x: 'float64' }, rows };
}

function csvCell(v: Value, t: DataType): string {
  if (v === null) return '';
  if (t === 'date') return new Date(Number(v) * 86_400_000).toISOString().slice(0, 10);
  const s = String(v);
  return s === '' || /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export interface Dataset { readonly dir: string; readonly files: Record<string, string>; readonly tables: Table[]; cleanup(): void }

export function writeDataset(tables: Table[]): Dataset {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-diff-'));
  const files: Record<string, string> = {};
  for (const t of tables) {
    const names = Object.keys(t.types);
    const lines = [names.join(','), ...t.rows.map((r) => r.map((v, i) => csvCell(v, t.types[names[i]!]!)).join(','))];
    files[t.name] = join(dir, `${t.name}.csv`);
    writeFileSync(files[t.name]!, `${lines.join('\n')}\n`);
  }
  return { dir, files, tables, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const DUCK_TYPES: Record<DataType, string> = {
  bool: 'BOOLEAN', int32: 'INTEGER', int64: 'BIGINT', float64: 'DOUBLE', string: 'VARCHAR', date: 'DATE', timestamp: 'TIMESTAMP', vector: 'DOUBLE[]',
};

export async function openDuck(ds: Dataset): Promise<{ conn: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  for (const t of ds.tables) {
    const cols = Object.entries(t.types).map(([n, ty]) => `'${n}': '${DUCK_TYPES[ty]}'`).join(', ');
    await conn.run(`CREATE TABLE ${t.name} AS SELECT * FROM read_csv('${ds.files[t.name]}', header = true, columns = {${cols}}, allow_quoted_nulls = false, nullstr = '', quote = '"', escape = '"', delim = ',')`);
  }
  return { conn, close: () => { conn.closeSync(); instance.closeSync(); } };
}

/** Writes each table also as Parquet (DuckDB, small row groups: several splits and row-group pruning). */
export async function writeParquetCopies(ds: Dataset, conn: DuckDBConnection): Promise<void> {
  for (const t of ds.tables) {
    await conn.run(`COPY ${t.name} TO '${join(ds.dir, `${t.name}.parquet`)}' (FORMAT parquet, ROW_GROUP_SIZE 400)`);
  }
}

/** Source nodes reading the dataset's files, as a pipeline would. */
export function sourceNodes(ds: Dataset, format: 'csv' | 'parquet' = 'csv'): DocumentNode[] {
  return ds.tables.map((t) => (format === 'csv'
    ? { id: t.name, kind: 'source.csv', params: { path: ds.files[t.name]!, schema: t.types } }
    : { id: t.name, kind: 'source.parquet', params: { path: `${t.name}.parquet` } }));
}

export function pipelineDoc(ds: Dataset, nodes: DocumentNode[], edges: DocumentEdge[], format: 'csv' | 'parquet' = 'csv'): PipelineDocument {
  return { version: 1, name: 'differential', nodes: [...sourceNodes(ds, format), ...nodes], edges };
}

export interface Result { readonly columns: string[]; readonly rows: Value[][] }

function norm(v: unknown): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'object' && v !== null && 'days' in v) return Number((v as { days: number }).days) * 86_400_000;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

export async function engineResult(engine: Engine, doc: PipelineDocument, nodeId: string, partitions: number, baseDir: string): Promise<Result> {
  const out = await engine.preview(doc, nodeId, { baseDir, partitions, limit: Number.MAX_SAFE_INTEGER, mode: partitions > 1 ? 'pool' : 'inline' });
  const columns = out.schema.fields.map((f) => f.name);
  return { columns, rows: batchRows(out.batches, columns) };
}

export function batchRows(batches: readonly RecordBatch[], columns: readonly string[]): Value[][] {
  const rows: Value[][] = [];
  for (const b of batches) {
    const vs = columns.map((c) => b.getChild(c));
    for (let i = 0; i < b.numRows; i++) rows.push(vs.map((v) => norm(v?.get(i))));
  }
  return rows;
}

export async function duckResult(conn: DuckDBConnection, sql: string): Promise<Result> {
  const reader = await conn.runAndReadAll(sql);
  const columns = reader.columnNames();
  return { columns, rows: reader.getRowsJS().map((r) => r.map(norm)) };
}

function closeEnough(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) && Number.isNaN(b)) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-12;
  }
  return false;
}

function sortKey(row: readonly Value[]): string {
  return JSON.stringify(row.map((v) => (typeof v === 'number' ? Number(v.toPrecision(8)) : v)));
}

/** Rows in the order of their sort keys, each key computed once (tens of thousands of rows). */
function sortedRows(rows: readonly Value[][]): Value[][] {
  const keyed = rows.map((row) => ({ key: sortKey(row), row }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return keyed.map((k) => k.row);
}

/** Null when equal, else a message showing the first difference. */
export function compareResults(got: Result, want: Result, ordered: boolean): string | null {
  if (got.columns.join(',') !== want.columns.join(',')) return `columns differ: got [${got.columns}] want [${want.columns}]`;
  if (got.rows.length !== want.rows.length) return `row counts differ: got ${got.rows.length} want ${want.rows.length}`;
  const a = ordered ? got.rows : sortedRows(got.rows);
  const b = ordered ? want.rows : sortedRows(want.rows);
  for (let i = 0; i < a.length; i++) {
    const ra = a[i]!;
    const rb = b[i]!;
    if (!ra.every((v, j) => closeEnough(v, rb[j]!))) return `row ${i} differs: got ${JSON.stringify(ra)} want ${JSON.stringify(rb)}`;
  }
  return null;
}
