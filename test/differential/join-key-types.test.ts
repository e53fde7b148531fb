// A shuffle join whose key is int32 on one side and int64 on the other: both sides must hash
// equal values to the same partition, whatever their width.

import { expect, it } from 'vitest';
import { Engine } from '../../engine/exec/engine.ts';
import { compareResults, duckResult, engineResult, makeDims, makeFacts, openDuck, pipelineDoc, writeDataset } from './harness.ts';

it('shuffle join on int32 = int64 keys matches DuckDB at 1 and 4 partitions', async () => {
  const dims = makeDims(3);
  const ds = writeDataset([makeFacts(3, 2000), { ...dims, types: { ...dims.types, k: 'int64' } }]);
  const duck = await openDuck(ds);
  const engine = new Engine({ threads: 2 });
  const doc = pipelineDoc(ds, [{ id: 'j', kind: 'join', params: { type: 'full', strategy: 'shuffle', on: [{ left: 'k', right: 'k' }] } }],
    [{ from: 'facts', to: 'j.left' }, { from: 'dims', to: 'j.right' }]);
  try {
    const want = await duckResult(duck.conn,
      'SELECT f.id, coalesce(f.k, d.k) AS k, f.g, f.x, f.y, f.d, f.flag, d.name, d.x AS x_right FROM facts f FULL JOIN dims d ON f.k = d.k');
    for (const partitions of [1, 4]) {
      const got = await engineResult(engine, doc, 'j', partitions, ds.dir);
      expect(compareResults(got, want, false), `${partitions} partitions`).toBeNull();
    }
  } finally {
    duck.close();
    await engine.close();
    ds.cleanup();
  }
});
