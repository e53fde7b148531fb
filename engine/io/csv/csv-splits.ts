// Cuts CSV files into byte-range parts that start and end exactly at record boundaries. A
// boundary can only be told apart from a newline inside a quoted field by scanning from the
// start of the file. The scan is cheap where it matters: in a stretch of the file without any
// quote byte every newline ends a record (a field is quoted only when it starts with a quote),
// so quote-free stretches are crossed with native byte searches, and only the records around a
// quote go through the record scanner the reader uses. Small files are one part.

import { type FileHandle, open, stat } from 'node:fs/promises';
import type { CsvOptions } from './csv-options.ts';
import type { CsvPart } from './csv-read.ts';
import { withFileDelimiter } from './csv-sniff.ts';
import { LF, QUOTE, RecordFields, scanRecord } from './record-scanner.ts';

/** Files up to this size are one part; larger ones get parts of about this size or more. */
const MIN_SPLIT_BYTES = 32 << 20;
const WINDOW_BYTES = 8 << 20;

export async function planCsvParts(
  files: readonly string[], opts: CsvOptions, partitions: number, minSplitBytes: number = MIN_SPLIT_BYTES,
): Promise<CsvPart[]> {
  const parts: CsvPart[] = [];
  for (const file of files) {
    const size = (await stat(file)).size;
    const bom = await startsWithBom(file);
    const n = size <= minSplitBytes ? 1 : Math.max(partitions, Math.ceil(size / (4 * minSplitBytes)));
    if (n === 1) {
      parts.push({ file, start: bom, end: size, skipHeader: opts.header });
      continue;
    }
    const bounds = await recordBoundaries(file, size, n, (await withFileDelimiter(opts, file)).delimiter);
    let prev = bom;
    for (const b of [...bounds, size]) {
      if (b > prev) parts.push({ file, start: prev, end: b, skipHeader: opts.header && prev === bom });
      prev = b;
    }
  }
  return parts;
}

/** 3 when the file begins with a UTF-8 byte order mark (skipped), else 0. */
async function startsWithBom(file: string): Promise<number> {
  const fh = await open(file, 'r');
  try {
    const b = new Uint8Array(3);
    const { bytesRead } = await fh.read(b, 0, 3, 0);
    return bytesRead === 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  } finally {
    await fh.close();
  }
}

/** A window of the file: bytes [at, at + len) in buf (a Buffer, for its native indexOf). */
class FileWindow {
  buf = Buffer.allocUnsafe(WINDOW_BYTES);
  at = 0;
  len = 0;
  readonly fh: FileHandle;
  readonly size: number;
  constructor(fh: FileHandle, size: number) { this.fh = fh; this.size = size; }
  get final(): boolean { return this.at + this.len >= this.size; }
  /** Loads the window starting at file offset `pos`, twice as big as before when `grow`. */
  async load(pos: number, grow = false): Promise<void> {
    if (grow) this.buf = Buffer.allocUnsafe(this.buf.length * 2);
    let got = 0;
    while (got < this.buf.length && pos + got < this.size) {
      const { bytesRead } = await this.fh.read(this.buf, got, this.buf.length - got, pos + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    this.at = pos;
    this.len = got;
  }
}

/** Record starts at or after each of the n-1 evenly spaced targets (ascending, deduplicated). */
async function recordBoundaries(file: string, size: number, n: number, delim: number): Promise<number[]> {
  const targets = Array.from({ length: n - 1 }, (_, i) => Math.floor((size * (i + 1)) / n));
  const out: number[] = [];
  const rec = new RecordFields();
  const fh = await open(file, 'r');
  try {
    const w = new FileWindow(fh, size);
    await w.load(0);
    let start = 0; // a known record start (file offset), inside the window
    let t = 0;
    const found = (pos: number): void => {
      while (t < targets.length && pos >= targets[t]!) {
        if (pos < size && out[out.length - 1] !== pos) out.push(pos);
        t++;
      }
    };
    while (t < targets.length && start < size) {
      const rel = start - w.at;
      const q = w.buf.indexOf(QUOTE, rel);
      const quote = q < 0 || q >= w.len ? -1 : w.at + q; // the next quote inside the window
      const target = targets[t]!;
      // Up to the next quote (or the window end) every newline ends a record.
      const clearEnd = quote >= 0 ? quote : w.at + w.len;
      if (start >= target) { found(start); continue; }
      if (target - 1 < clearEnd) {
        const lf = w.buf.indexOf(LF, target - 1 - w.at);
        if (lf >= 0 && lf < w.len && w.at + lf < clearEnd) { start = w.at + lf + 1; found(start); continue; }
      }
      if (quote < 0) {
        // No quote in the rest of the window: restart the window at its last record start.
        if (w.final) { found(size); break; }
        const lastLf = w.buf.lastIndexOf(LF, w.len - 1);
        const next = lastLf >= rel ? w.at + lastLf + 1 : start;
        await w.load(next, next === start && w.len === w.buf.length);
        start = next;
        continue;
      }
      // A quote ahead: jump to the record holding it, then scan records until past it.
      const lastLf = w.buf.lastIndexOf(LF, q);
      let pos = lastLf >= rel ? lastLf + 1 : rel;
      found(w.at + pos);
      if (t >= targets.length) break;
      let resumed = false;
      while (pos <= q) {
        const next = scanRecord(w.buf, pos, w.len, delim, w.final, rec);
        if (next < 0) {
          // The record runs past the window: reload from its start (larger if it fills it).
          const from = w.at + pos;
          await w.load(from, pos === 0);
          start = from;
          resumed = true;
          break;
        }
        pos = next;
        found(w.at + pos);
        if (t >= targets.length) break;
      }
      if (!resumed) start = w.at + pos;
    }
  } finally {
    await fh.close();
  }
  return out;
}
