// A script exported and then changed by hand (another filter condition) runs as a process and
// gives DuckDB's answer to the same query on the same CSV: the script is a program to edit, not a
// frozen copy of the document. 20000 rows over 3 partitions, with nulls in the filtered column.

import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { EXPORT_TARGETS } from '../../engine/export/targets.ts';
import { compareResults, duckResult, makeFacts, openDuck, writeDataset, type Dataset } from '../differential/harness.ts';
import { consumerFolder, ensureLibraryBuilt, runNode } from './library-build.ts';

let consumer: string;
let data: Dataset;

beforeAll(() => {
  ensureLibraryBuilt();
  consumer = consumerFolder();
  data = writeDataset([makeFacts(12, 20_000)]);
}, 180_000);

afterAll(() => {
  rmSync(consumer, { recursive: true, force: true });
  data.cleanup();
});

it('a hand-edited filter in an exported script gives the DuckDB answer', async () => {
  const doc: PipelineDocument = {
    version: 1, name: 'facts-by-g', settings: { partitions: 3 },
    nodes: [
      { id: 'facts', kind: 'source.csv', params: { path: data.files.facts!, schema: data.tables[0]!.types } },
      { id: 'kept', kind: 'transform.filter', params: { condition: 'x > 10' } },
      { id: 'by_g', kind: 'transform.aggregate', params: { groupBy: ['g'], aggregations: [
        { fn: 'count', as: 'n' }, { fn: 'sum', column: 'x', as: 'sx' }, { fn: 'max', column: 'y', as: 'my' }] } },
      { id: 'save', kind: 'sink.csv', params: { path: 'out/by_g.csv' } },
    ],
    edges: [{ from: 'facts', to: 'kept' }, { from: 'kept', to: 'by_g' }, { from: 'by_g', to: 'save' }],
  };
  const exported = EXPORT_TARGETS.ts!.exportPipeline(doc, {});
  const line = "const kept = facts.filter('x > 10', { id: 'kept' });";
  expect(exported).toContain(line);
  const edited = exported.replace(line, "const kept = facts.filter(\"x > 40 and g != 'b' or y is null\", { id: 'kept' });");
  writeFileSync(join(consumer, 'edited.ts'), edited);
  const r = runNode([join(consumer, 'edited.ts')], tmpdir());
  expect(r.status, r.stderr).toBe(0);

  const duck = await openDuck(data);
  try {
    const got = await duckResult(duck.conn, `SELECT * FROM read_csv('${join(consumer, 'out/by_g.csv')}', header = true, allow_quoted_nulls = false, nullstr = '')`);
    const want = await duckResult(duck.conn,
      "SELECT g, count(*) AS n, sum(x) AS sx, max(y) AS my FROM facts WHERE x > 40 AND g != 'b' OR y IS NULL GROUP BY g");
    expect(want.rows.length).toBeGreaterThan(3);
    expect(compareResults(got, want, false)).toBeNull();
  } finally {
    duck.close();
  }
});
