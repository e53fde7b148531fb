// The seeded random pipelines of the optimizer's differential test (joins of every type, shared
// sub-graphs, unions, distinct, top-k), previewed on the worker pool at 4 partitions, give the
// same rows as in this thread. Before buffer ownership was explicit, a third of them failed with
// "a worker failed: Cannot transfer object of unsupported type" (two exchange lists of one reply
// sharing an empty buffer, moved twice).

import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { randomPipeline } from '../../test/golden/random-pipeline.ts';
import { rowLines } from '../../test/golden/golden-run.ts';

const engine = new Engine({ threads: 2 });
afterAll(async () => { await engine.close(); });

describe('random pipelines: pooled at 4 partitions = in this thread', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`seed ${seed}`, async () => {
      const { doc, last, ordered } = await randomPipeline(seed);
      const rows = async (mode: 'inline' | 'pool'): Promise<string[]> => {
        try {
          const out = await engine.preview(doc, last, { baseDir: '/', limit: 1_000_000, mode, partitions: mode === 'pool' ? 4 : 1 });
          return rowLines(out.batches, out.schema.fields.map((f) => f.name), !ordered);
        } catch (e) {
          return [`error: ${e instanceof Error ? e.message : String(e)}`];
        }
      };
      const inline = await rows('inline');
      expect(await rows('pool')).toEqual(inline);
      expect(inline[0]).not.toMatch(/^error:/);
    });
  }
});
