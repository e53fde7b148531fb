// Random pipelines (random-pipeline.ts) give the same rows with the optimizer's rules on and
// off: the engine previews the last node both ways. Row order is compared only where a top-k
// with a total order fixes it.

import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../engine/exec/engine.ts';
import { ruleNames } from '../../engine/optimizer/optimizer.ts';
import { rowLines } from './golden-run.ts';
import { randomPipeline } from './random-pipeline.ts';

const PIPELINES = 60;
const engine = new Engine({ threads: 2 });
afterAll(async () => { await engine.close(); });

describe('random pipelines give the same rows with rules on and off', () => {
  for (let seed = 1; seed <= PIPELINES; seed++) {
    it(`seed ${seed}`, async () => {
      const { doc, last, ordered } = await randomPipeline(seed);
      const rows = async (disabledRules: string[]): Promise<string[]> => {
        try {
          const out = await engine.preview(doc, last, { baseDir: '/', limit: 1_000_000, disabledRules, mode: 'inline' });
          return rowLines(out.batches, out.schema.fields.map((f) => f.name), !ordered);
        } catch (e) {
          return [`error: ${e instanceof Error ? e.message : String(e)}`];
        }
      };
      const on = await rows([]);
      const off = await rows(ruleNames());
      expect(on, `pipeline ${JSON.stringify(doc)} node ${last}`).toEqual(off);
      expect(on[0]).not.toMatch(/^error:/);
    });
  }
});
