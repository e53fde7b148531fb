// The parquet compatibility suite's two readers of one file: Tributary (a source.parquet pipeline
// previewed by the Engine in this thread, so the scan's counters show which reader took each row
// group) and DuckDB (every column cast to what the engine type holds), and an exact comparison of
// their rows ordered by the id column.

import type { DuckDBConnection } from '@duckdb/node-api';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { Engine } from '../../engine/exec/engine.ts';
import { query } from '../../engine/compute/duckdb.test-helper.ts';
import { parquetReadStats } from '../../engine/io/parquet/read.ts';
import { exactRows } from '../../engine/io/scan.test-helper.ts';

/** Which reader decoded a file's row groups: ours, parquet-wasm, or some of each. */
export type ReaderPath = 'own' | 'fallback' | 'mixed';

export interface TributaryRead {
  readonly columns: string[];
  readonly types: string[];
  readonly rows: unknown[][];
  readonly path: ReaderPath;
  readonly rowGroups: number;
}

export function sourceDoc(path: string): PipelineDocument {
  return { version: 1, name: 'parquet-compat', nodes: [{ id: 'src', kind: 'source.parquet', params: { path } }], edges: [] };
}

/** Every row of the file (or folder) as the engine reads it, sorted by the first column (the id). */
export async function readWithTributary(engine: Engine, path: string, baseDir: string): Promise<TributaryRead> {
  const before = { ...parquetReadStats };
  const out = await engine.preview(sourceDoc(path), 'src', { baseDir, partitions: 2, mode: 'inline', limit: Number.MAX_SAFE_INTEGER });
  const decoded = parquetReadStats.rowGroupsDecoded - before.rowGroupsDecoded;
  const fallback = parquetReadStats.rowGroupsFallback - before.rowGroupsFallback;
  const rows = exactRows(out.batches).sort((a, b) => Number(a[0]) - Number(b[0]));
  return {
    columns: out.schema.fields.map((f) => f.name),
    types: out.schema.fields.map((f) => f.type),
    rows,
    path: fallback === 0 ? 'own' : fallback === decoded ? 'fallback' : 'mixed',
    rowGroups: decoded,
  };
}

/** DuckDB's SQL for a column as the engine holds its type: timestamps as epoch microseconds,
 *  decimals and HUGEINT as DOUBLE, unsigned and small integers widened, UUIDs as text. */
function duckSelect(name: string, type: string): string {
  const col = `"${name}"`;
  if (type.startsWith('TIMESTAMP')) return `epoch_us(${col})`;
  if (type.startsWith('DECIMAL') || type === 'HUGEINT' || type === 'FLOAT') return `${col}::DOUBLE`;
  if (type === 'UBIGINT' || type === 'UINTEGER') return `${col}::BIGINT`;
  if (type === 'TINYINT' || type === 'SMALLINT' || type === 'UTINYINT' || type === 'USMALLINT') return `${col}::INTEGER`;
  if (type === 'UUID') return `${col}::VARCHAR`;
  return col;
}

/** The file's rows as DuckDB reads them, ordered by its first column, and DuckDB's column types. */
export async function readWithDuckdb(conn: DuckDBConnection, path: string): Promise<{ columns: string[]; duckTypes: string[]; rows: unknown[][] }> {
  const glob = path.endsWith('.parquet') ? path : `${path}/*.parquet`;
  const described = await query(conn, `DESCRIBE SELECT * FROM read_parquet('${glob}')`);
  const columns = described.map((r) => String(r[0]));
  const duckTypes = described.map((r) => String(r[1]));
  const select = columns.map((c, i) => duckSelect(c, duckTypes[i]!)).join(', ');
  const rows = await query(conn, `SELECT ${select} FROM read_parquet('${glob}') ORDER BY "${columns[0]}"`);
  return { columns, duckTypes, rows };
}

function same(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x === 'bigint' || typeof y === 'bigint') return typeof x === typeof y ? x === y : BigInt(x as number) === BigInt(y as number);
  if (typeof x === 'number' && typeof y === 'number') {
    if (Number.isNaN(x) && Number.isNaN(y)) return true;
    return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  }
  return false;
}

/** The first differing value (row, column, both values), or null: integers exactly, floats to a
 *  relative 1e-9, strings and nulls exactly. */
export function firstDifference(columns: readonly string[], ours: readonly unknown[][], theirs: readonly unknown[][]): string | null {
  if (ours.length !== theirs.length) return `${ours.length} rows, DuckDB ${theirs.length}`;
  for (let i = 0; i < ours.length; i++) {
    for (let c = 0; c < columns.length; c++) {
      const x = ours[i]![c];
      const y = theirs[i]![c];
      if (!same(x, y)) return `row ${i} (id ${String(ours[i]![0])}) column '${columns[c]}': Tributary ${String(x)} (${typeof x}), DuckDB ${String(y)} (${typeof y})`;
    }
  }
  return null;
}

/** One line of the compatibility matrix the suite prints. */
export interface MatrixRow { readonly writer: string; readonly file: string; readonly codec: string; readonly encodings: string; readonly path: ReaderPath; readonly result: string }

export function printMatrix(title: string, rows: readonly MatrixRow[]): void {
  const lines = rows.map((r) => `${r.writer.padEnd(7)} ${r.file.padEnd(30)} ${r.codec.padEnd(13)} ${r.path.padEnd(9)} ${r.result.padEnd(5)} ${r.encodings}`);
  console.log(`${title}\n${'writer'.padEnd(7)} ${'file'.padEnd(30)} ${'codec'.padEnd(13)} ${'reader'.padEnd(9)} ${'ok'.padEnd(5)} encodings\n${lines.join('\n')}`);
}

const ENCODING_NAMES: Record<number, string> = {
  0: 'PLAIN', 2: 'PLAIN_DICT', 3: 'RLE', 4: 'BIT_PACKED', 5: 'DELTA_BINARY_PACKED', 6: 'DELTA_LENGTH_BYTE_ARRAY',
  7: 'DELTA_BYTE_ARRAY', 8: 'RLE_DICT', 9: 'BYTE_STREAM_SPLIT',
};
const CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW'];

/** The codecs and value encodings a file's column chunks name (levels' RLE / BIT_PACKED left out), by column. */
export async function describeFile(path: string): Promise<{ codec: string; encodings: Map<string, Set<string>>; summary: string }> {
  const { readFooter } = await import('../../engine/io/parquet/footer.ts');
  const footer = await readFooter(path);
  const codecs = new Set<string>();
  const encodings = new Map<string, Set<string>>();
  for (const rg of footer.rowGroups) {
    for (const [name, chunk] of rg.chunks) {
      codecs.add(CODECS[chunk.codec] ?? String(chunk.codec));
      const set = encodings.get(name) ?? new Set<string>();
      for (const e of chunk.encodings) if (e !== 3 && e !== 4) set.add(ENCODING_NAMES[e] ?? String(e));
      encodings.set(name, set);
    }
  }
  const all = new Set([...encodings.values()].flatMap((s) => [...s]));
  return { codec: [...codecs].join('+'), encodings, summary: [...all].sort().join(' ') };
}
