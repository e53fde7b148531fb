// Runs every test/golden/*.golden file: each `explain` and `rows` record is a test comparing
// the computed text with the record's body. `UPDATE_GOLDEN=1 npx vitest run test/golden`
// rewrites the bodies in place instead (review the diff before committing it).

import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { parseGolden, replaceBodies } from './golden-format.ts';
import type { GoldenRecord } from './golden-format.ts';
import { Engine } from '../../engine/exec/engine.ts';
import { explainLines, pipelineDocument, rowLines, rowsNode } from './golden-run.ts';

const DIR = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const files = readdirSync(DIR).filter((f) => f.endsWith('.golden')).sort();

let engine: Engine | undefined;
const getEngine = (): Engine => (engine ??= new Engine({ threads: 2 }));
afterAll(async () => { await engine?.close(); });

it('finds golden files', () => {
  expect(files.length).toBeGreaterThan(0);
});

for (const name of files) {
  describe(name, () => {
    const path = join(DIR, name);
    const parsed = parseGolden(name, readFileSync(path, 'utf8'));
    const updates = new Map<number, string[]>();
    const docs = new Map<number, Promise<PipelineDocument>>();
    const docFor = (idx: number): Promise<PipelineDocument> => {
      let p = idx;
      while (p >= 0 && parsed.records[p]!.kind !== 'pipeline') p--;
      if (p < 0) throw new Error(`${name}:${parsed.records[idx]!.line}: no pipeline record above this one`);
      if (!docs.has(p)) docs.set(p, pipelineDocument(name, DIR, parsed.records[p] as GoldenRecord & { kind: 'pipeline' }));
      return docs.get(p)!;
    };

    parsed.records.forEach((rec, idx) => {
      if (rec.kind === 'pipeline') return;
      it(`line ${rec.line}: ${rec.header}`, async () => {
        const doc = await docFor(idx);
        let actual: string[];
        if (rec.kind === 'explain') actual = await explainLines(doc, rec.args, DIR);
        else {
          const out = await getEngine().preview(doc, rowsNode(doc, rec), { baseDir: DIR, limit: rec.limit ?? 100_000, mode: 'inline' });
          actual = rowLines(out.batches, out.schema.fields.map((f) => f.name), rec.sorted);
        }
        if (UPDATE) updates.set(idx, actual);
        else expect(actual.join('\n'), `${name}:${rec.line}`).toBe(rec.body.join('\n'));
      });
    });

    afterAll(() => {
      if (UPDATE && updates.size > 0) writeFileSync(path, replaceBodies(parsed, updates));
    });
  });
}
