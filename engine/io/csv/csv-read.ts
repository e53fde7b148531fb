// The streaming CSV reader: reads a byte range of a file in chunks into one reused buffer and
// hands the records to a RecordBatcher, emitting a record batch every BATCH_ROWS rows. Bad rows
// fail the read (naming file, line and column) or are skipped.

import { type FileHandle, open } from 'node:fs/promises';
import type { RecordBatch } from 'apache-arrow';
import type { Field } from '../../types.ts';
import type { CsvOptions } from './csv-options.ts';
import { lineAt } from './line-number.ts';
import { delimiterHint, withFileDelimiter } from './csv-sniff.ts';
import { LF } from './record-scanner.ts';
import { firstInvalidUtf8, notUtf8Detail, validUtf8 } from './utf8-check.ts';
import { BATCH_ROWS, RecordBatcher } from './record-batcher.ts';

export { csvReadStats } from './record-batcher.ts';

export interface CsvPart {
  readonly file: string;
  /** Byte range [start, end): starts at a record boundary, ends at one (or the file end). */
  readonly start: number;
  readonly end: number;
  /** The range begins with the header record, which is skipped. */
  readonly skipHeader: boolean;
}

const CHUNK_BYTES = 4 << 20;

/**
 * Reads records of `part`. `fileFields` are all the file's columns in file order (the source
 * schema); `fields` the columns to produce, in output order.
 */
export async function* readCsvPart(
  part: CsvPart, fileFields: readonly Field[], fields: readonly Field[], given: CsvOptions,
): AsyncGenerator<RecordBatch> {
  const opts = await withFileDelimiter(given, part.file);
  const batcher = new RecordBatcher(fileFields, fields, opts, part.skipHeader);
  const fh = await open(part.file, 'r');
  try {
    // A multiple of 4 bytes (the batcher reads it also as 32-bit words).
    let buf = new Uint8Array(Math.min(CHUNK_BYTES, Math.max(1 << 16, (part.end - part.start + 3) & ~3)));
    let have = 0; // bytes in buf
    let bufStart = part.start; // file offset of buf[0]
    let filePos = part.start;
    for (;;) {
      // A record longer than the buffer: grow it.
      if (have === buf.length) { const b = new Uint8Array(buf.length * 2); b.set(buf); buf = b; }
      const want = Math.min(buf.length - have, part.end - filePos);
      const { bytesRead } = want > 0 ? await fh.read(buf, have, want, filePos) : { bytesRead: 0 };
      filePos += bytesRead;
      have += bytesRead;
      const final = bytesRead === 0 || filePos >= part.end;
      let pos = 0;
      // The bytes the batcher can take are whole records: up to the last newline, or all at the end.
      const whole = final ? have : buf.lastIndexOf(LF, have - 1) + 1;
      if (whole > 0 && !validUtf8(buf, 0, whole)) {
        if (opts.encodingErrors === 'error') throw await notUtf8(fh, part.file, bufStart, buf, whole);
        batcher.repairUtf8 = true;
      }
      for (;;) {
        pos = batcher.consume(buf, pos, have, final);
        if (batcher.badAt >= 0) {
          const line = await lineAt(fh, bufStart + batcher.badAt);
          const hint = await delimiterHint(opts, part.file);
          throw new Error(`${part.file} line ${line}${batcher.badMessage}${hint || '; set onBadRow to "skip" to drop such rows'}`);
        }
        if (batcher.rows < BATCH_ROWS) break;
        yield batcher.takeBatch();
      }
      batcher.repairUtf8 = false;
      // Keep the unfinished record at the front of the buffer.
      buf.copyWithin(0, pos, have);
      have -= pos;
      bufStart += pos;
      if (final) break;
    }
    if (batcher.rows > 0) yield batcher.takeBatch();
  } finally {
    await fh.close();
  }
}

/** The error for bytes that are not UTF-8 in buf[0, end) (buf[0] is at file offset `bufStart`). */
async function notUtf8(fh: FileHandle, file: string, bufStart: number, buf: Uint8Array, end: number): Promise<Error> {
  const at = firstInvalidUtf8(buf, 0, end);
  return new Error(`${file} line ${await lineAt(fh, bufStart + at)}, byte offset ${bufStart + at}: ${notUtf8Detail(buf[at]!)}`);
}
