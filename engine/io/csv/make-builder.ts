// Which builder a CSV column gets for one batch: a string column is built as dictionary codes
// (dict-string-builder.ts) while its part's dictionary takes new entries, every other column by
// its type's plain builder (column-builders.ts).

import type { DataType } from '../../types.ts';
import { type ColumnBuilder, plainBuilder } from './column-builders.ts';
import { DictStringBuilder } from './dict-string-builder.ts';
import type { StringDictionary } from './string-dictionary.ts';

export function makeBuilder(type: DataType, capacity: number, dictionary?: StringDictionary): ColumnBuilder {
  if (type === 'string' && dictionary && !dictionary.full) return new DictStringBuilder(capacity, dictionary);
  return plainBuilder(type, capacity);
}
