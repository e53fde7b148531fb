// In-memory bytes of a Parquet file's string columns once read, from its footer only: the broadcast
// decision weighs a join side by what it will hold in memory, and a string's width varies too much
// to guess. Other types have fixed widths the estimator knows.
//
// - A string column the reader keeps dictionary-encoded (footer.dictionaryStrings) holds an int32
//   code per row plus each row group's dictionary (bounded by the size that is kept).
// - A plain-encoded one holds what its pages hold uncompressed: a 4-byte length (our offset) and
//   the bytes of each value.
// - A dictionary-encoded one decoded to plain strings is unknown from the footer (its pages hold
//   codes, not strings) and left out: the estimator then uses its default width.

import type { ParquetFooter } from './footer.ts';
import { MAX_DICTIONARY_PAGE_BYTES } from './dictionary-hint.ts';

export function stringColumnBytes(footer: ParquetFooter): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of footer.schema.fields) {
    if (f.type !== 'string') continue;
    if (footer.dictionaryStrings.has(f.name)) {
      // A row group's dictionary is at most the kept size, and at most its whole chunk.
      let dictionaries = 0;
      for (const rg of footer.rowGroups) dictionaries += Math.min(MAX_DICTIONARY_PAGE_BYTES, rg.chunks.get(f.name)?.uncompressedBytes ?? MAX_DICTIONARY_PAGE_BYTES);
      out.set(f.name, footer.numRows * 4 + dictionaries);
      continue;
    }
    let bytes = 0;
    for (const rg of footer.rowGroups) {
      const chunk = rg.chunks.get(f.name);
      if (!chunk || chunk.hasDictionaryPage) { bytes = -1; break; }
      bytes += chunk.uncompressedBytes;
    }
    if (bytes >= 0) out.set(f.name, bytes);
  }
  return out;
}
