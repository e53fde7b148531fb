// The delimiter of a CSV file, sniffed from its first records when param 'delimiter' is not given:
// of comma, semicolon, tab and pipe, the ones that split the first record into two or more fields
// and (nearly) every following record into as many qualify; of those the most consistent wins,
// then the one with more fields, then the earlier in that list. Quotes are honoured (the record
// scanner the reader uses), so a delimiter inside a quoted field does not count.

import { open } from 'node:fs/promises';
import type { CsvOptions } from './csv-options.ts';
import { RecordFields, scanRecord } from './record-scanner.ts';

export const SNIFF_CANDIDATES = [',', ';', '\t', '|'] as const;
const SNIFF_BYTES = 64 << 10;
const SNIFF_RECORDS = 50;

/** The sniffed delimiter byte of the records in `buf` (all of the file when `whole`), or undefined. */
export function sniffDelimiter(buf: Uint8Array, whole: boolean): number | undefined {
  const rec = new RecordFields();
  let best: { delim: number; share: number; fields: number } | undefined;
  for (const candidate of SNIFF_CANDIDATES) {
    const delim = candidate.charCodeAt(0);
    const counts: number[] = [];
    let pos = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    while (pos < buf.length && counts.length < SNIFF_RECORDS) {
      const next = scanRecord(buf, pos, buf.length, delim, whole, rec);
      if (next < 0) break;
      pos = next;
      if (rec.count === 1 && rec.starts[0] === rec.ends[0]) continue; // a blank line
      counts.push(rec.count);
    }
    const fields = counts[0] ?? 0;
    if (fields < 2) continue;
    const share = counts.filter((n) => n === fields).length / counts.length;
    if (share < 0.9) continue;
    if (!best || share > best.share || (share === best.share && fields > best.fields)) best = { delim, share, fields };
  }
  return best?.delim;
}

/** The sniffed delimiter of `file` (from its first 64 KiB), or undefined when none fits. */
export async function sniffFileDelimiter(file: string): Promise<number | undefined> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const buf = new Uint8Array(Math.min(size, SNIFF_BYTES));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return sniffDelimiter(buf.subarray(0, bytesRead), bytesRead >= size);
  } finally {
    await fh.close();
  }
}

/** `opts` with the delimiter sniffed from `file` when param 'delimiter' was not given. */
export async function withFileDelimiter(opts: CsvOptions, file: string): Promise<CsvOptions> {
  if (opts.delimiterGiven) return opts;
  const sniffed = await sniffFileDelimiter(file);
  return sniffed === undefined || sniffed === opts.delimiter ? opts : { ...opts, delimiter: sniffed };
}

/** A hint after a bad row when the given delimiter looks wrong: "" when it looks right. */
export async function delimiterHint(opts: CsvOptions, file: string): Promise<string> {
  if (!opts.delimiterGiven) return '';
  const sniffed = await sniffFileDelimiter(file).catch(() => undefined);
  if (sniffed === undefined || sniffed === opts.delimiter) return '';
  const shown = sniffed === 9 ? '\\t' : String.fromCharCode(sniffed);
  return `; the file looks ${JSON.stringify(shown)}-separated, not ${JSON.stringify(String.fromCharCode(opts.delimiter))}: set delimiter to ${JSON.stringify(shown)} (or leave it out to have it detected)`;
}
