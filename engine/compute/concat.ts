// One column's Arrow Data from several batches, end to end. Dictionary columns stay dictionary
// columns: parts sharing one dictionary concatenate their codes; parts with different
// dictionaries get one merged dictionary (entries grouped by their bytes, so per entry, not per
// row) and their codes remapped. Everything else goes through the kernels' column concat.

import { Type } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import type { Col, ColType } from './column.ts';
import { colFromData, colToData, concatCols, nullCol } from './column.ts';
import { GroupTable } from './group-table.ts';

function concatDictionary(parts: readonly Data[], length: number): Data {
  const cols = parts.map((p) => colFromData(p));
  const codes = new Int32Array(length);
  const valid = new Uint8Array(length);
  let anyNull = false;
  const sameDict = parts.every((p) => p.dictionary === parts[0]!.dictionary);
  let dict: Col;
  let maps: Int32Array[];
  if (sameDict) {
    dict = cols[0]!.dict!;
    maps = [];
  } else {
    // Group all dictionaries' entries: group id = merged code.
    const table = new GroupTable(['string']);
    maps = cols.map((c) => table.groupIds([c.dict!]));
    dict = table.keyCols()[0]!;
  }
  let at = 0;
  cols.forEach((c, k) => {
    const src = c.codes!; const v = c.valid; const map = sameDict ? null : maps[k]!;
    for (let i = 0; i < c.length; i++) {
      codes[at + i] = map ? map[src[i]!]! : src[i]!;
      const ok = v ? v[i]! : 1;
      valid[at + i] = ok;
      if (!ok) anyNull = true;
    }
    at += c.length;
  });
  return colToData({ type: 'string', length, valid: anyNull ? valid : null, codes, dict });
}

export function concatData(parts: readonly Data[], type: ColType): Data {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  if (nonEmpty.length === 0) return parts[0] ?? colToData(nullCol(type, 0));
  const length = nonEmpty.reduce((s, p) => s + p.length, 0);
  if (nonEmpty.every((p) => p.type.typeId === Type.Dictionary)) return concatDictionary(nonEmpty, length);
  return colToData(concatCols(nonEmpty.map((p) => colFromData(p)), type));
}
