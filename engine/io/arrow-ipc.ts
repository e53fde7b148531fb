// Arrow IPC files for spilling: exchanges, sorts and hash tables write batches to disk when a
// run is over its memory budget and read them back later, batch by batch. The file is an Arrow
// IPC stream written through a Node pipeline, so disk backpressure holds the producer back and
// only about one batch is in memory at a time on either side.

import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type RecordBatch, RecordBatchReader, RecordBatchStreamWriter } from 'apache-arrow';

/**
 * The identity of a batch's schema as one IPC stream must keep it: an Arrow IPC stream has one
 * schema, so a column that changes encoding (dictionary <-> plain strings, another dictionary id,
 * as batches of different scan parts or exchanges do) starts a new stream in the same file. So
 * does a dictionary column whose dictionary is another one than the previous batch's (a join's
 * output carries each probe batch's row-group dictionary under the same id): Arrow's stream
 * writer would send it as a replacement or delta dictionary, and rows read back from such a
 * stream were lost (test/differential/operators.test.ts, self-join of a shared node, spilling).
 */
function schemaKey(batch: RecordBatch): string {
  return batch.schema.fields.map((f, i) => {
    const t = f.type as { typeId: number; id?: number; indices?: { bitWidth: number } };
    const dict = t.id !== undefined ? `#${t.id}/${t.indices?.bitWidth ?? 0}@${dictionaryIdentity(batch.data.children[i]?.dictionary)}` : '';
    return `${f.name}:${t.typeId}${dict}:${String(f.type)}`;
  }).join(',');
}

const dictionaryIds = new WeakMap<object, number>();
let nextDictionaryId = 0;

/** A number per dictionary object (the same dictionary shared by batches gets the same one). */
function dictionaryIdentity(dictionary: object | undefined): number {
  if (dictionary === undefined) return -1;
  let id = dictionaryIds.get(dictionary);
  if (id === undefined) dictionaryIds.set(dictionary, (id = nextDictionaryId++));
  return id;
}

/** Writes `batches` to `path` as consecutive IPC streams, one per run of batches with the same
 *  schema; returns rows and bytes written. */
export async function writeIpcFile(
  path: string, batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
): Promise<{ rows: number; bytes: number }> {
  let rows = 0;
  const it = (async function* () { yield* batches; })();
  let next = await it.next();
  let flags = 'w';
  do {
    const key = next.done ? '' : schemaKey(next.value);
    // The batches of this stream, pulled one at a time (disk backpressure holds the producer).
    async function* stream(): AsyncGenerator<RecordBatch> {
      while (!next.done && schemaKey(next.value) === key) {
        const b = next.value;
        rows += b.numRows;
        yield b;
        next = await it.next();
      }
    }
    await pipeline(Readable.from(stream(), { objectMode: true }), RecordBatchStreamWriter.throughNode(), createWriteStream(path, { flags }));
    flags = 'a';
  } while (!next.done);
  return { rows, bytes: (await stat(path)).size };
}

/** The batches of a file written by writeIpcFile (all its streams), streamed from disk. */
export async function* readIpcFile(path: string): AsyncGenerator<RecordBatch> {
  for await (const reader of RecordBatchReader.readAll(createReadStream(path, { highWaterMark: 1 << 20 }))) {
    for await (const b of reader) yield b;
  }
}
