// Cuts CSV files into byte-range parts that start and end exactly at record boundaries. A
// boundary can only be told apart from a newline inside a quoted field by scanning from the
// start of the file, so large files are scanned once here with the same record scanner the
// reader uses (no columns are built); small files are one part.

import { open, stat } from 'node:fs/promises';
import type { CsvOptions } from './csv-options.ts';
import type { CsvPart } from './csv-read.ts';
import { RecordFields, scanRecord } from './record-scanner.ts';

/** Files up to this size are one part; larger ones get parts of about this size or more. */
const MIN_SPLIT_BYTES = 32 << 20;
const CHUNK_BYTES = 8 << 20;

export async function planCsvParts(
  files: readonly string[], opts: CsvOptions, partitions: number, minSplitBytes: number = MIN_SPLIT_BYTES,
): Promise<CsvPart[]> {
  const parts: CsvPart[] = [];
  for (const file of files) {
    const size = (await stat(file)).size;
    const bom = await startsWithBom(file);
    const n = size <= minSplitBytes ? 1 : Math.max(partitions, Math.ceil(size / (4 * minSplitBytes)));
    if (n === 1) {
      parts.push({ file, start: bom, end: size, firstLine: 1, skipHeader: opts.header });
      continue;
    }
    const bounds = await recordBoundaries(file, size, n, opts.delimiter);
    let prev = { pos: bom, line: 1 };
    for (const b of [...bounds, { pos: size, line: -1 }]) {
      if (b.pos > prev.pos) parts.push({ file, start: prev.pos, end: b.pos, firstLine: prev.line, skipHeader: opts.header && prev.pos === bom });
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

/** Record starts at or after each of the n-1 evenly spaced targets, with their line numbers. */
async function recordBoundaries(file: string, size: number, n: number, delim: number): Promise<{ pos: number; line: number }[]> {
  const targets = Array.from({ length: n - 1 }, (_, i) => Math.floor((size * (i + 1)) / n));
  const out: { pos: number; line: number }[] = [];
  const rec = new RecordFields();
  const fh = await open(file, 'r');
  try {
    let carry = new Uint8Array(0);
    let carryStart = 0; // file offset of buf[0]
    let filePos = 0;
    let line = 1;
    let t = 0;
    while (t < targets.length) {
      const chunk = new Uint8Array(CHUNK_BYTES);
      const { bytesRead } = await fh.read(chunk, 0, CHUNK_BYTES, filePos);
      filePos += bytesRead;
      const final = bytesRead === 0 || filePos >= size;
      const buf = new Uint8Array(carry.length + bytesRead);
      buf.set(carry);
      buf.set(chunk.subarray(0, bytesRead), carry.length);
      let pos = 0;
      while (pos < buf.length) {
        const next = scanRecord(buf, pos, buf.length, delim, final, rec);
        if (next < 0) break;
        line += rec.newlines;
        pos = next;
        const abs = carryStart + pos;
        while (t < targets.length && abs >= targets[t]!) {
          if (out.length === 0 || out[out.length - 1]!.pos !== abs) out.push({ pos: abs, line });
          t++;
        }
        if (t >= targets.length) break;
      }
      carry = buf.slice(pos);
      carryStart += pos;
      if (final) break;
    }
  } finally {
    await fh.close();
  }
  return out.filter((b) => b.pos < size);
}
