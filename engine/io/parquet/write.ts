// Parquet file writing through parquet-wasm's streaming writer: batches are handed over one at
// a time and row groups are flushed as they fill, so wasm memory holds about one row group
// (its memory only grows, so whole-table writes of big outputs must be avoided).

import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { type RecordBatch, Table, tableToIPC } from 'apache-arrow';
import { Compression, Table as WasmTable, transformParquetStream, WriterPropertiesBuilder } from 'parquet-wasm/node';

export type ParquetCompression = 'snappy' | 'zstd' | 'none';

/** Rows per row group: big enough for good compression, small enough to bound wasm memory (the
 *  writer holds a whole row group there, and wasm memory never shrinks: 1M-row groups of the
 *  scale bench's six columns grew it by about 90 MB, 128K rows keep it near 15 MB). DuckDB writes
 *  122,880-row groups. */
export const ROW_GROUP_ROWS = 128 * 1024;

export function parquetCompression(v: unknown, kind = 'sink.parquet'): ParquetCompression {
  const c = v ?? 'snappy';
  if (c !== 'snappy' && c !== 'zstd' && c !== 'none') {
    throw new Error(`${kind}: param 'compression' is ${JSON.stringify(c)}; expected "snappy", "zstd" or "none"`);
  }
  return c;
}

/** Writes `batches` (all of one schema) to `path`; returns rows written. */
export async function writeParquetFile(
  path: string, batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, compression: ParquetCompression,
  keyValueMetadata?: ReadonlyMap<string, string>,
): Promise<number> {
  let builder = new WriterPropertiesBuilder();
  // Footer key-value pairs (Spark's ML data files carry their Spark SQL schema there).
  if (keyValueMetadata) builder = builder.setKeyValueMetadata(new Map(keyValueMetadata));
  const props = builder
    .setCompression(compression === 'snappy' ? Compression.SNAPPY : compression === 'zstd' ? Compression.ZSTD : Compression.UNCOMPRESSED)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .build();
  let rows = 0;
  const iterator = (Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : (batches as Iterable<RecordBatch>)[Symbol.iterator]()) as AsyncIterator<RecordBatch> | Iterator<RecordBatch>;
  // parquet-wasm ends the file normally when its input stream errors, so the input's error is
  // kept here and rethrown: the caller must not rename a truncated file into place.
  let failure: { error: unknown } | undefined;
  const source = new ReadableStream({
    async pull(ctrl) {
      for (;;) {
        let next: IteratorResult<RecordBatch>;
        try {
          next = await iterator.next();
        } catch (error) {
          failure = { error };
          ctrl.close();
          return;
        }
        if (next.done) { ctrl.close(); return; }
        const batch = next.value;
        if (batch.numRows === 0) continue;
        rows += batch.numRows;
        const wasm = WasmTable.fromIPCStream(tableToIPC(new Table([batch]), 'stream'));
        for (const b of wasm.recordBatches()) ctrl.enqueue(b);
        wasm.free();
        return;
      }
    },
  });
  const bytes = await transformParquetStream(source, props);
  await bytes.pipeTo(Writable.toWeb(createWriteStream(path)) as WritableStream<Uint8Array>);
  if (failure) throw failure.error;
  return rows;
}
