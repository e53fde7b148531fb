// Arrow IPC files for spilling: exchanges, sorts and hash tables write batches to disk when a
// run is over its memory budget and read them back later, batch by batch. The file is an Arrow
// IPC stream written through a Node pipeline, so disk backpressure holds the producer back and
// only about one batch is in memory at a time on either side.

import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type RecordBatch, RecordBatchReader, RecordBatchStreamWriter } from 'apache-arrow';

/** Writes `batches` (one schema) to `path`; returns rows and bytes written. */
export async function writeIpcFile(
  path: string, batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  async function* counted(): AsyncGenerator<RecordBatch> {
    for await (const b of batches) {
      rows += b.numRows;
      yield b;
    }
  }
  await pipeline(Readable.from(counted(), { objectMode: true }), RecordBatchStreamWriter.throughNode(), createWriteStream(path));
  return { rows, bytes: (await stat(path)).size };
}

/** The batches of a file written by writeIpcFile, streamed from disk. */
export async function* readIpcFile(path: string): AsyncGenerator<RecordBatch> {
  const reader = await RecordBatchReader.from(createReadStream(path, { highWaterMark: 1 << 20 }));
  for await (const b of reader) yield b;
}
