// Arrow IPC files for spilling: exchanges, sorts and hash tables write batches to disk when a
// run is over its memory budget and read them back later, batch by batch. Each batch is written
// as an IPC stream of its own (its schema, its dictionaries, the batch), appended to the file as
// it comes, so only one batch is in memory at a time on either side, and a file holds batches of
// any schemas: a column that changes encoding (dictionary <-> plain strings) or carries another
// dictionary under the same id (a join's output carries each probe batch's row-group dictionary)
// needs no replacement or delta dictionary, which Arrow's stream writer handled badly (rows were
// lost reading back a join's spilled output: test/differential/operators.test.ts, self-join of a
// shared node, spilling). Written with plain file writes, not Arrow's Node stream adapters:
// those are missing from the build of apache-arrow the bundled command line carries.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type RecordBatch, RecordBatchReader, RecordBatchStreamWriter } from 'apache-arrow';

/** Writes `batches` to `path`, one IPC stream per batch, pulled one at a time; returns rows and
 *  bytes written. */
export async function writeIpcFile(
  path: string, batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  let bytes = 0;
  const file = await open(path, 'w');
  try {
    for await (const batch of batches) {
      const chunk = RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
      await file.write(chunk);
      rows += batch.numRows;
      bytes += chunk.byteLength;
    }
  } finally {
    await file.close();
  }
  return { rows, bytes };
}

/** The batches of a file written by writeIpcFile (all its streams), streamed from disk in reads of
 *  `chunkBytes`. A batch read back may keep the chunk it lies in alive, so a reader of many files
 *  at once (a k-way merge) passes a small one. */
export async function* readIpcFile(path: string, chunkBytes = 1 << 20): AsyncGenerator<RecordBatch> {
  for await (const reader of RecordBatchReader.readAll(createReadStream(path, { highWaterMark: chunkBytes }))) {
    for await (const b of reader) yield b;
  }
}
