// pyarrow-written Parquet files (what pandas' to_parquet writes; one python process for all of
// them: pyarrow_writer.py): snappy and zstd, data page versions 1.0 and 2.0, dictionary on and
// off, several row groups and pages, int32 / int64 / float64 / string / bool / date32 /
// timestamp[us, tz=UTC] with nulls and unicode, and a decimal128(38, 10). Each is read by
// Tributary (a source.parquet pipeline) and by DuckDB and compared value by value; every row
// group must be decoded by our own reader (no parquet-wasm fallback).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/exec/engine.ts';
import { duckdb } from '../../engine/compute/duckdb.test-helper.ts';
import { PageType, readPageHeader } from '../../engine/io/parquet/decode/page-header.ts';
import { describeFile, firstDifference, type MatrixRow, printMatrix, readWithDuckdb, readWithTributary } from './compat-harness.ts';
import { runPythonWriter, type Written } from './python-writer.ts';

interface PyarrowFile {
  readonly name: string;
  readonly compression: 'snappy' | 'zstd';
  readonly dataPageVersion: '1.0' | '2.0';
  readonly useDictionary: boolean;
  readonly rowGroupRows: number;
}

const FILES: PyarrowFile[] = [
  { name: 'snappy-v1-dict', compression: 'snappy', dataPageVersion: '1.0', useDictionary: true, rowGroupRows: 2000 },
  { name: 'snappy-v2-nodict', compression: 'snappy', dataPageVersion: '2.0', useDictionary: false, rowGroupRows: 1500 },
  { name: 'zstd-v1-nodict', compression: 'zstd', dataPageVersion: '1.0', useDictionary: false, rowGroupRows: 2500 },
  { name: 'zstd-v2-dict', compression: 'zstd', dataPageVersion: '2.0', useDictionary: true, rowGroupRows: 2000 },
];

const ROWS = 6000;
const PYTHON = process.env['PYTHON'] ?? 'python3';
const dir = mkdtempSync(join(tmpdir(), 'trib-pq-compat-pyarrow-'));
const engine = new Engine({ threads: 1 });
let duck: DuckDBConnection;
let written: Written;
const matrix: MatrixRow[] = [];

function requirePyarrow(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import pyarrow.parquet, pyarrow; print(pyarrow.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    throw new Error(`pyarrow is not importable by ${PYTHON} (${(probe.stderr || String(probe.error ?? '')).trim().split('\n').at(-1)}): run pip install -r test/spark/requirements.txt`);
  }
}

beforeAll(async () => {
  requirePyarrow();
  duck = await duckdb();
  written = await runPythonWriter(PYTHON, 'pyarrow_writer.py', dir, { rows: ROWS, files: FILES });
}, 120_000);

afterAll(async () => {
  printMatrix('pyarrow-written files', matrix);
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pyarrow-written files', () => {
  for (const file of FILES) {
    it(file.name, async () => {
      const w = written.get(file.name);
      expect(w?.error, `pyarrow could not write ${file.name}`).toBeUndefined();
      const path = w!.path!;
      const described = await describeFile(path);
      const ours = await readWithTributary(engine, path, dir);
      const theirs = await readWithDuckdb(duck, path);
      const diff = firstDifference(theirs.columns, ours.rows, theirs.rows);
      matrix.push({ writer: 'pyarrow', file: file.name, codec: described.codec, encodings: described.summary, path: ours.path, result: diff ? 'FAIL' : 'ok' });
      expect(ours.columns).toEqual(theirs.columns);
      expect(ours.rows.length).toBe(ROWS);
      expect(ours.rowGroups).toBe(Math.ceil(ROWS / file.rowGroupRows));
      expect(ours.path, `reader of ${file.name} (${described.summary})`).toBe('own');
      expect(diff).toBeNull();
      const types = Object.fromEntries(ours.columns.map((c, i) => [c, ours.types[i]]));
      expect([types['d38'], types['ts'], types['dt']]).toEqual(['float64', 'timestamp', 'date']);
    });
  }

  it('wrote what each file is meant to exercise', async () => {
    const { readFooter } = await import('../../engine/io/parquet/footer.ts');
    for (const file of FILES) {
      const path = written.get(file.name)!.path!;
      const described = await describeFile(path);
      expect(described.codec, file.name).toBe(file.compression.toUpperCase());
      const lowEncodings = [...described.encodings.get('s_low')!];
      if (file.useDictionary) expect(lowEncodings, file.name).toContain('RLE_DICT');
      else expect(lowEncodings, file.name).toEqual(['PLAIN']);
      const footer = await readFooter(path);
      expect(footer.leaves.get('d38')!.physical, file.name).toBe(7); // FIXED_LEN_BYTE_ARRAY
      expect(footer.leaves.get('ts')!.physical, file.name).toBe(2); // INT64
      // The page version is in the page headers only: walk every page of each column chunk.
      const bytes = readFileSync(path);
      const dataPageTypes = new Set<number>();
      let mostPages = 0;
      for (const rg of footer.rowGroups) {
        for (const chunk of rg.chunks.values()) {
          let pages = 0;
          for (let pos = chunk.start; pos < chunk.start + chunk.compressedBytes;) {
            const header = readPageHeader(bytes, pos);
            if (header.type !== PageType.DICTIONARY) { dataPageTypes.add(header.type); pages++; }
            pos = header.bodyStart + header.compressedBytes;
          }
          mostPages = Math.max(mostPages, pages);
        }
      }
      expect([...dataPageTypes], file.name).toEqual([file.dataPageVersion === '1.0' ? PageType.DATA : PageType.DATA_V2]);
      expect(mostPages, `${file.name}: some column chunk has several data pages`).toBeGreaterThan(1);
    }
  });
});
