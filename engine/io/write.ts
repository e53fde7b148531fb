// sink.parquet / sink.csv: writes a table to a temporary name beside the target and puts it in
// place on success (put-in-place.ts), so a failed or cancelled run never leaves a half-written
// output; temps of dead processes in the folder are removed first (stale-temps.ts).
// partitionBy (Parquet) writes hive-style folders col=value/part-N.parquet; the partition
// columns are kept inside the files too, so reading the folder back gives every column.

import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import type { Schema } from '../types.ts';
import { takeRows, writableBatch } from './columns.ts';
import { writeCsvFile } from './csv/csv-write.ts';
import { makeBatch } from '../compute/arrow-build.ts';
import { type ParquetCompression, parquetCompression, writeParquetFile } from './parquet/write.ts';
import { partitionFolder, partitionKeys } from './partition-keys.ts';
import { putInPlace } from './put-in-place.ts';
import { removeStaleTemps, tempName } from './stale-temps.ts';

/** Buffered partitioned data is flushed to part files beyond this many bytes. */
const PARTITION_BUFFER_BYTES = 256 << 20;

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function du(path: string): Promise<number> {
  const s = await stat(path);
  if (!s.isDirectory()) return s.size;
  const { readdir } = await import('node:fs/promises');
  let total = 0;
  for (const e of await readdir(path)) total += await du(join(path, e));
  return total;
}

export async function writeTableFile(
  format: 'parquet' | 'csv', batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, schema: Schema,
  options: Readonly<Record<string, unknown>>,
): Promise<{ path: string; rows: number; bytes: number }> {
  const kind = `sink.${format}`;
  const path = options['path'];
  if (typeof path !== 'string' || path === '') throw new Error(`${kind}: param 'path' is missing; expected an output file path`);
  const mode = options['mode'] ?? 'overwrite';
  if (mode !== 'overwrite' && mode !== 'error') throw new Error(`${kind}: param 'mode' is ${JSON.stringify(mode)}; expected "overwrite" or "error"`);
  if (mode === 'error' && (await exists(path))) {
    throw new Error(`${kind}: ${path} already exists; set param 'mode' to "overwrite" or choose another path`);
  }
  const partitionBy = (options['partitionBy'] ?? []) as unknown;
  if (!Array.isArray(partitionBy) || !partitionBy.every((c) => typeof c === 'string')) {
    throw new Error(`${kind}: param 'partitionBy' must be a list of column names`);
  }
  for (const c of partitionBy) {
    if (!schema.fields.some((f) => f.name === c)) throw new Error(`${kind}: param 'partitionBy' names column '${c}', which is not in the input`);
  }
  await mkdir(dirname(path), { recursive: true });
  await removeStaleTemps(dirname(path));
  const tmp = join(dirname(path), tempName(basename(path), randomBytes(4).toString('hex')));
  const names = schema.fields.map((f) => f.name);
  const plain = mapBatches(batches, (b) => writableBatch(b, schema, kind));
  let rows: number;
  try {
    if (format === 'csv') {
      if (partitionBy.length > 0) throw new Error(`sink.csv: partitionBy is only supported by sink.parquet`);
      const d = options['delimiter'] ?? ',';
      const header = options['header'] ?? true;
      if (typeof d !== 'string' || d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
        throw new Error(`sink.csv: param 'delimiter' is ${JSON.stringify(d)}; expected one character other than a quote or newline`);
      }
      rows = await writeCsvFile(tmp, names, plain, { delimiter: d, header: header !== false });
    } else {
      const compression = parquetCompression(options['compression']);
      rows = partitionBy.length === 0
        ? await writeParquetFile(tmp, plain, compression)
        : await writePartitioned(tmp, plain, partitionBy as string[], compression);
    }
    await putInPlace(tmp, path, mode, kind);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return { path, rows, bytes: await du(path) };
}

async function* mapBatches(
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, f: (b: RecordBatch) => RecordBatch,
): AsyncGenerator<RecordBatch> {
  for await (const b of batches) yield f(b);
}

/** Splits rows by the partition columns' values and writes col=value/.../part-N.parquet under `root`. */
async function writePartitioned(
  root: string, batches: AsyncIterable<RecordBatch>, by: readonly string[], compression: ParquetCompression,
): Promise<number> {
  await mkdir(root, { recursive: true });
  const buffers = new Map<string, RecordBatch[]>();
  const partsWritten = new Map<string, number>();
  let buffered = 0;
  let rows = 0;
  const flush = async () => {
    for (const [folder, bs] of buffers) {
      const n = partsWritten.get(folder) ?? 0;
      partsWritten.set(folder, n + 1);
      await mkdir(join(root, folder), { recursive: true });
      await writeParquetFile(join(root, folder, `part-${n}.parquet`), bs, compression);
    }
    buffers.clear();
    buffered = 0;
  };
  for await (const batch of batches) {
    rows += batch.numRows;
    const { keys, groups } = partitionKeys(batch, by);
    for (let g = 0; g < keys.length; g++) {
      const idx = groups[g]!;
      const sub = idx.length === batch.numRows ? batch
        : makeBatch(batch.schema.fields.map((f) => f.name), batch.data.children.map((d) => takeRows(d, idx)), idx.length);
      const folder = partitionFolder(by, keys[g]!);
      let list = buffers.get(folder);
      if (!list) buffers.set(folder, (list = []));
      list.push(sub);
      buffered += sub.data.children.reduce((n, d) => n + d.byteLength, 0);
    }
    if (buffered > PARTITION_BUFFER_BYTES) await flush();
  }
  await flush();
  return rows;
}
