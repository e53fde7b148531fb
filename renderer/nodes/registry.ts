// Per-kind additions to the generic, catalog-driven card and inspector. A kind not listed here
// is fully described by its catalog KindDef.

import type { KindDef } from '../../main/api.ts';
import { aggregate } from './aggregate/special.ts';
import { filter } from './filter/special.ts';
import { join } from './join/special.ts';
import { evaluate, model } from './model/special.ts';
import { list, str, type NodeSpecial } from './node-special.ts';
import { csvSink, parquetSink } from './sink/special.ts';
import { limit, sort } from './sort/special.ts';
import { fileSource, sampleSource } from './source/special.ts';

const SPECIALS: Readonly<Record<string, NodeSpecial>> = {
  'source.sample': sampleSource,
  'source.csv': fileSource,
  'source.parquet': fileSource,
  'source.json': fileSource,
  'transform.filter': filter,
  'transform.aggregate': aggregate,
  'transform.sort': sort,
  'transform.limit': limit,
  join,
  'sink.parquet': parquetSink,
  'sink.csv': csvSink,
  'model.linearRegression': model,
  'model.logisticRegression': model,
  'model.evaluate': evaluate,
};

export function special(kind: string): NodeSpecial | undefined {
  return SPECIALS[kind];
}

/** The card's one-line summary: the kind's own, else the first params that are set. */
export function summarize(kind: string, def: KindDef | undefined, params: Readonly<Record<string, unknown>>): string {
  const own = SPECIALS[kind]?.summary;
  if (own) return own(params);
  const parts: string[] = [];
  for (const p of def?.params ?? []) {
    const v = params[p.name];
    if (v === undefined) continue;
    const text = Array.isArray(v) ? list(v).map((x) => (typeof x === 'object' ? Object.values(x as object).join(' ') : str(x))).join(', ') : str(v);
    parts.push(`${p.name}: ${text}`);
    if (parts.length === 2) break;
  }
  return parts.join(' · ');
}
