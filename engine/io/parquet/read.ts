// Parquet scan: row groups as splits (pruned by min/max statistics). A row group is decoded by our
// own decoder (decode/) when it can take it, else by parquet-wasm's ParquetFile over a
// lazily-read file Blob; either way only the footer and the projected column chunks of kept row
// groups are ever read from disk or decoded.

import { type FileHandle, open, stat } from 'node:fs/promises';
import { type RecordBatch, tableFromIPC } from 'apache-arrow';
import type { ParquetFile } from 'parquet-wasm/node';
import { openParquetBlob } from './dictionary-hint.ts';
import { batchesViaFfi, FfiUnsupported } from './ffi.ts';
import type { Expr } from '../../logical/expr.ts';
import type { Field } from '../../types.ts';
import { makeBatch } from '../../compute/arrow-build.ts';
import { normalizeBatch } from '../normalize.ts';
import { readFooter } from './footer.ts';
import { keepRowGroup } from './prune.ts';
import { type LateRows, type LateSelection, openRowGroup, unsupportedReason } from './decode/row-group.ts';
import { gatherLate } from './decode/late-batches.ts';
import { DecodeUnsupported } from './decode/unsupported.ts';
import { returnArrays } from './decode/batch-memory.ts';

export interface ParquetPart {
  readonly file: string;
  readonly rowGroups: readonly number[];
}

/** Counters for tests and metrics: how much this process actually decoded (and how many of the
 *  decoded row groups went to parquet-wasm because our decoder could not take them). */
export const parquetReadStats = { rowGroupsDecoded: 0, rowGroupsSkipped: 0, rowGroupsFallback: 0 };

/**
 * decoder: 'own' reads flat columns with our decoder (decode/), falling back to parquet-wasm per
 * row group; 'parquet-wasm' always uses parquet-wasm (for differential tests).
 * path: how parquet-wasm's data leaves wasm memory: 'ffi' copies each buffer once through the C
 * Data Interface (faster, measured); 'ipc' serializes to an IPC stream and parses it (kept as the
 * fallback for types the FFI reader does not know, and for differential tests).
 */
export const parquetDecode: { decoder: 'own' | 'parquet-wasm'; path: 'ffi' | 'ipc' } = {
  // The environment variable lets a whole run (workers included) be compared on the old path.
  decoder: process.env['TRIBUTARY_PARQUET_DECODER'] === 'parquet-wasm' ? 'parquet-wasm' : 'own',
  path: 'ffi',
};

/** Hands the value arrays of a batch this reader made back for reuse: only for a consumer that is
 *  done with the batch and kept nothing of it (decode/batch-memory.ts). */
export function recycleBatch(batch: RecordBatch): void {
  returnArrays(batch.data.children);
}

/** Rows per Arrow batch handed to the engine. TRIBUTARY_PARQUET_BATCH_ROWS lowers it for tests
 *  (workers inherit it): small files then cross several batches per row group, as big ones do. */
const BATCH_ROWS = batchRowsSetting(process.env['TRIBUTARY_PARQUET_BATCH_ROWS']);

function batchRowsSetting(env: string | undefined): number {
  if (env === undefined || env === '') return 65_536;
  const n = Number(env);
  if (!Number.isInteger(n) || n < 8 || n % 8 !== 0) {
    throw new Error(`TRIBUTARY_PARQUET_BATCH_ROWS is '${env}': set it to a positive multiple of 8 (rows per Parquet batch), or unset it for 65536`);
  }
  return n;
}

/**
 * Row groups of `files` that survive pruning, packed into parts: consecutive groups of one file
 * are merged while a part stays within `targetRows` (a bigger group is a part of its own), so
 * tiny groups do not become tiny tasks. `leadingGroups`: only that many leading groups of each
 * file (a preview's prefix, io/source-prefix.ts); files it does not name are not read.
 */
export async function planParquetParts(
  files: readonly string[], filters: readonly Expr[], targetRows: number, leadingGroups?: ReadonlyMap<string, number>,
): Promise<ParquetPart[]> {
  const parts: ParquetPart[] = [];
  for (const file of files) {
    const footer = await readFooter(file);
    let current: number[] = [];
    let rows = 0;
    const groups = leadingGroups ? footer.rowGroups.slice(0, leadingGroups.get(file) ?? 0) : footer.rowGroups;
    for (const rg of groups) {
      if (!keepRowGroup(filters, rg)) {
        parquetReadStats.rowGroupsSkipped++;
        continue;
      }
      // Close the part before a group would take it past the target: parts of whole groups
      // as even as the groups allow (ten 1M-row groups in 1.25M-row parts are ten parts, not
      // five of 2M that split 3:2 over two partitions).
      if (current.length > 0 && rows + rg.numRows > targetRows) {
        parts.push({ file, rowGroups: current });
        current = [];
        rows = 0;
      }
      current.push(rg.index);
      rows += rg.numRows;
    }
    if (current.length > 0) parts.push({ file, rowGroups: current });
  }
  return parts;
}

// parquet-wasm is loaded on the first row group our decoder leaves to it: compiling its wasm
// costs every worker thread about 40 ms and memory it would otherwise not need.
let parquetWasmModule: Promise<typeof import('parquet-wasm/node')> | undefined;
const parquetWasm = () => (parquetWasmModule ??= import('parquet-wasm/node'));

/** Compiles parquet-wasm now (a thread that will read Parquet soon: the studio's, at start-up). */
export async function preloadParquetReader(): Promise<void> {
  await parquetWasm();
}

const openFiles = new Map<string, { mtimeMs: number; size: number; file: ParquetFile }>();

/** A ParquetFile over a lazily-read Blob of the file (cached per path while unchanged); small
 *  dictionary-encoded string columns decode as Arrow dictionaries (dictionary-hint.ts). */
async function openParquet(path: string): Promise<ParquetFile> {
  const { ParquetFile } = await parquetWasm();
  const st = await stat(path);
  const hit = openFiles.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.file;
  if (hit) { openFiles.delete(path); hit.file.free(); }
  const file = await ParquetFile.fromFile(await openParquetBlob(path));
  openFiles.set(path, { mtimeMs: st.mtimeMs, size: st.size, file });
  return file;
}

/** Batches of the part's row groups with exactly `fields` (projected), normalized. With `late`,
 *  only the rows it selects (its first columns decoded before the others, decode/late-batches.ts).
 *  `firstRows`: the reader stops after its first rows (a preview): small first batches, pages
 *  decompressed only as far as they are read (decode/row-group.ts). */
export async function* readParquetPart(
  part: ParquetPart, fields: readonly Field[], filters: readonly Expr[], late?: LateSelection, firstRows = false,
): AsyncGenerator<RecordBatch> {
  for await (const rows of readParquetRows(part, fields, filters, late, firstRows)) yield gatherLate(rows);
}

/** readParquetPart's batches, each with the rows `late` keeps of it (null: all) when they are
 *  many, not gathered yet. (The fused partial aggregate read them in place once: slower than its
 *  own selection on dense filters, measured, so it keeps selectWhere.) */
export async function* readParquetRows(
  part: ParquetPart, fields: readonly Field[], filters: readonly Expr[], late?: LateSelection, firstRows = false,
): AsyncGenerator<LateRows> {
  const footer = await readFooter(part.file);
  const columns = fields.map((f) => f.name);
  let fh: FileHandle | undefined;
  try {
    for (const index of part.rowGroups) {
      const rg = footer.rowGroups[index];
      if (!rg) throw new Error(`${part.file}: row group ${index} does not exist (the file changed since planning?)`);
      if (!keepRowGroup(filters, rg)) {
        parquetReadStats.rowGroupsSkipped++;
        continue;
      }
      if (rg.numRows === 0) continue;
      if (columns.length === 0) {
        // No columns needed (count(*)): emit row counts without decoding anything.
        for (const batch of emptyBatches(rg.numRows)) yield { batch, sel: null };
        continue;
      }
      parquetReadStats.rowGroupsDecoded++;
      if (parquetDecode.decoder === 'own' && unsupportedReason(footer, index, fields) === undefined) {
        fh ??= await open(part.file, 'r');
        let own: Iterable<LateRows> | undefined;
        try {
          own = await openRowGroup(fh, footer, index, fields, BATCH_ROWS, late, firstRows);
        } catch (e) {
          if (!(e instanceof DecodeUnsupported)) throw new Error(`${part.file}: row group ${index}: ${(e as Error).message}`, { cause: e });
        }
        if (own) {
          // Batches are decoded as they are taken: the engine reads each one while it is in cache.
          const it = own[Symbol.iterator]();
          for (;;) {
            let r: IteratorResult<LateRows>;
            try {
              r = it.next();
            } catch (e) {
              throw new Error(`${part.file}: row group ${index}: ${(e as Error).message}`, { cause: e });
            }
            if (r.done) break;
            yield r.value;
          }
          continue;
        }
      }
      if (parquetDecode.decoder === 'own') parquetReadStats.rowGroupsFallback++;
      const file = await openParquet(part.file);
      const wasmTable = await file.read({ rowGroups: [index], columns, batchSize: BATCH_ROWS });
      let batches: RecordBatch[] | undefined;
      if (parquetDecode.path === 'ffi') {
        try {
          batches = batchesViaFfi(wasmTable, (await parquetWasm()).wasmMemory);
        } catch (e) {
          if (!(e instanceof FfiUnsupported)) { wasmTable.free(); throw e; }
        }
      }
      if (batches) wasmTable.free();
      else batches = tableFromIPC(wasmTable.intoIPCStream()).batches;
      for (const b of batches) {
        if (b.numRows === 0) continue;
        const normal = normalizeBatch(b, fields, part.file);
        if (!late) { yield { batch: normal, sel: null }; continue; }
        const sel = selectLate(normal, late);
        if (sel === null || sel.length > 0) yield { batch: normal, sel };
      }
    }
  } finally {
    await fh?.close();
  }
}

/** The rows `late` selects of a whole batch (the parquet-wasm path decodes every column anyway). */
function selectLate(batch: RecordBatch, late: LateSelection): Int32Array | null {
  const first = late.first.map((name) => {
    const i = batch.schema.fields.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`late selection column '${name}' is not among the scan's columns`);
    return i;
  });
  const partial = makeBatch(late.first, first.map((i) => batch.data.children[i]!), batch.numRows, first.map((i) => batch.schema.fields[i]!.nullable));
  const sel = late.select(partial);
  return sel !== null && sel.length === batch.numRows ? null : sel;
}

function* emptyBatches(rows: number): Generator<RecordBatch> {
  for (let s = 0; s < rows; s += BATCH_ROWS) yield makeBatch([], [], Math.min(BATCH_ROWS, rows - s));
}
