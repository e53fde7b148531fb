// Dictionary-encode a plain string column when it has few distinct values. Used on a join's
// build side (materialized once): its output rows then gather 4-byte codes instead of copying
// bytes, and a later group-by on the column maps each dictionary entry once (GroupTable's
// dictionary path) instead of hashing every row's bytes. A column with many distinct values
// (names, ids) is left as it is: the scan gives up after the first chunk that exceeds the limit.

import { Dictionary, Int8, Int16, makeData, Type, Vector } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import type { Col } from './column.ts';
import { colFromData, colToData } from './column.ts';
import { GroupTable } from './group-table.ts';

const CHUNK = 16384;

/** The column dictionary-encoded, or the column itself when it is not a plain string column
 *  with at most max(16, min(16384, rows / 8)) distinct values. */
export function dictionaryEncode(d: Data): Data {
  if (d.type.typeId !== Type.Utf8 || d.length === 0) return d;
  const c = colFromData(d);
  const n = c.length;
  const limit = Math.max(16, Math.min(1 << 14, n >> 3));
  const table = new GroupTable(['string'], false);
  const codes = new Int32Array(n);
  const offsets = c.offsets!;
  for (let at = 0; at < n; at += CHUNK) {
    const end = Math.min(n, at + CHUNK);
    const part: Col = { type: 'string', length: end - at, valid: c.valid ? c.valid.subarray(at, end) : null, offsets: offsets.subarray(at, end + 1), bytes: c.bytes! };
    const ids = table.groupIds([part]);
    if (table.size > limit) return d;
    for (let i = 0; i < ids.length; i++) { const g = ids[i]!; codes[at + i] = g < 0 ? 0 : g; }
  }
  const dict = table.keyCols()[0]!;
  const wide = colToData({ type: 'string', length: n, valid: c.valid, codes, dict });
  return narrowCodes(wide, table.size);
}

/** The same dictionary column with 1- or 2-byte codes when the dictionary is small enough: a
 *  build side's codes are gathered at random per output row, and a 1 MB array of 1M codes stays
 *  in cache where a 4 MB one does not. */
function narrowCodes(d: Data, entries: number): Data {
  if (entries > 32767) return d;
  const codes = d.values as Int32Array;
  const narrow = entries <= 127 ? Int8Array.from(codes) : Int16Array.from(codes);
  const type = new Dictionary(d.dictionary!.type, entries <= 127 ? new Int8() : new Int16());
  return makeData({ type, length: d.length, nullCount: d.nullCount, nullBitmap: d.nullBitmap, data: narrow, dictionary: d.dictionary as Vector } as never);
}
