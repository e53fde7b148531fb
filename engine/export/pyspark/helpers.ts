// The Python helpers a script may need, each with the helpers it calls; a script carries only
// those its nodes use, in this order.

import { CONFIGURE, READ_CSV, READ_JSON, WRITE } from './prelude-core.ts';
import { FILL_NULLS, FIRST_PER_KEY, FIRST_ROWS, JOIN, ROW_ORDER, SORT_STABLE } from './prelude-rows.ts';
import { EVALUATE, HASH, LOAD_MODEL, SPLIT } from './prelude-ml.ts';
import { SAMPLE_COMMON, SAMPLE_EVENTS, SAMPLE_HOUSES, SAMPLE_USERS } from './prelude-sample.ts';

const HELPERS = {
  configure: { code: CONFIGURE, uses: [] },
  readCsv: { code: READ_CSV, uses: [] },
  readJson: { code: READ_JSON, uses: [] },
  write: { code: WRITE, uses: [] },
  rowOrder: { code: ROW_ORDER, uses: [] },
  sortStable: { code: SORT_STABLE, uses: ['rowOrder'] },
  firstRows: { code: FIRST_ROWS, uses: ['rowOrder'] },
  firstPerKey: { code: FIRST_PER_KEY, uses: ['rowOrder'] },
  fillNulls: { code: FILL_NULLS, uses: [] },
  join: { code: JOIN, uses: [] },
  hash: { code: HASH, uses: [] },
  split: { code: SPLIT, uses: ['hash'] },
  evaluate: { code: EVALUATE, uses: [] },
  loadModel: { code: LOAD_MODEL, uses: [] },
  sampleCommon: { code: SAMPLE_COMMON, uses: ['hash'] },
  sampleEvents: { code: SAMPLE_EVENTS, uses: ['sampleCommon'] },
  sampleUsers: { code: SAMPLE_USERS, uses: ['sampleCommon'] },
  sampleHouses: { code: SAMPLE_HOUSES, uses: ['sampleCommon'] },
} as const satisfies Record<string, { code: string; uses: readonly string[] }>;

export type HelperName = keyof typeof HELPERS;

/** The code of the needed helpers and of everything they use, in a fixed order. */
export function helperCode(needed: ReadonlySet<HelperName>): string[] {
  const all = new Set<HelperName>();
  const add = (h: HelperName): void => {
    if (all.has(h)) return;
    all.add(h);
    for (const u of HELPERS[h].uses) add(u as HelperName);
  };
  needed.forEach(add);
  return (Object.keys(HELPERS) as HelperName[]).filter((h) => all.has(h)).map((h) => HELPERS[h].code);
}
