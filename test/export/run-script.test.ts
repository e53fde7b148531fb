// Exported scripts run as a user runs them: `node script.ts` in a folder where `tributary` resolves
// (a link in node_modules), started from another folder, and write the same outputs as
// `tributary run` on the document; a failing run exits non-zero with the engine's error.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { EXPORT_TARGETS } from '../../engine/export/targets.ts';
import { allKindsDocument, writeAllKindsData } from './all-kinds.ts';
import { outputDifferences } from './compare-outputs.ts';
import { ROOT, consumerFolder, ensureLibraryBuilt, runNode, typeCheck } from './library-build.ts';

const exportTs = EXPORT_TARGETS.ts!.exportPipeline;
const folders: string[] = [];
let consumer: string;

beforeAll(() => {
  ensureLibraryBuilt();
  consumer = consumerFolder();
  folders.push(consumer);
}, 180_000);

afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function example(name: string): PipelineDocument {
  return JSON.parse(readFileSync(resolve(ROOT, 'assets/examples', name), 'utf8')) as PipelineDocument;
}

/** `tributary run` on the document in one folder, the exported script in another (inside the
 *  consumer folder, run from the system temp folder): the folders their sinks write into must match. */
async function sameOutputs(doc: PipelineDocument, withData?: (dir: string) => void): Promise<void> {
  const byCli = join(consumer, `${doc.name}-cli`);
  const byScript = join(consumer, `${doc.name}-script`);
  for (const dir of [byCli, byScript]) {
    mkdirSync(dir, { recursive: true });
    withData?.(dir);
  }
  writeFileSync(join(byCli, 'pipeline.json'), JSON.stringify(doc));
  writeFileSync(join(byScript, 'pipeline.ts'), exportTs(doc, { pipelinePath: 'pipeline.json' }));
  const cli = runNode([join(ROOT, 'main/cli.ts'), 'run', join(byCli, 'pipeline.json')], ROOT);
  expect(cli.status, cli.stderr).toBe(0);
  const script = runNode([join(byScript, 'pipeline.ts')], tmpdir());
  expect(script.status, script.stderr).toBe(0);
  expect(script.stdout).toBe(''); // progress only on a terminal
  const outDir = sinkFolder(doc);
  expect(await outputDifferences(join(byCli, outDir), join(byScript, outDir))).toEqual([]);
}

/** The top folder every sink of the document writes under (`out`, or the examples' `output`). */
function sinkFolder(doc: PipelineDocument): string {
  const tops = new Set(doc.nodes.filter((n) => n.kind.startsWith('sink.')).map((n) => String(n.params['path']).split('/')[0]!));
  expect(tops.size).toBe(1);
  return [...tops][0]!;
}

describe('an exported script run with node', () => {
  it('revenue-by-country writes the same Parquet as tributary run', async () => {
    await sameOutputs(example('revenue-by-country.json'));
  });

  it('house-prices writes the same CSV and Parquet as tributary run', async () => {
    await sameOutputs(example('house-prices.json'));
  });

  it('the pipeline with every kind writes the same outputs as tributary run', async () => {
    await sameOutputs(allKindsDocument(), writeAllKindsData);
  });

  it('type-checks against the declarations package.json exports (every kind, both examples)', () => {
    const dir = join(consumer, 'typed');
    mkdirSync(dir, { recursive: true });
    const docs = [allKindsDocument(), example('revenue-by-country.json'), example('house-prices.json')];
    docs.forEach((d, i) => writeFileSync(join(dir, `s${i}.ts`), exportTs(d, {})));
    writeFileSync(join(dir, 'wrong.ts'), exportTs(docs[1]!, {}).replace("desc('revenue')", "desc('revenue', { nullsLast: true })"));
    expect(typeCheck(dir, docs.map((_, i) => `s${i}.ts`))).toBe('');
    // The check has teeth: an option the API does not have is an error.
    expect(typeCheck(dir, ['wrong.ts'])).toContain("'nullsLast' does not exist");
  });

  it('prints progress bars and the summary on a terminal', () => {
    const dir = join(consumer, 'tty');
    mkdirSync(dir, { recursive: true });
    const doc = example('house-prices.json');
    writeFileSync(join(dir, 'houses.ts'), exportTs(doc, {}));
    // script(1) runs the command on a pseudo-terminal, as a person at a shell would.
    const node = join(ROOT, 'node_modules/.bin/node');
    const r = spawnSync('script', ['-qec', `'${node}' '${join(dir, 'houses.ts')}'`, '/dev/null'], { cwd: tmpdir(), encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('\x1b[2K'); // bars redrawn in place
    expect(r.stdout).toMatch(/price_model\s+\[#+\]/);
    expect(r.stdout).toContain('COMPLETED in');
    expect(r.stdout).toContain('fitted models:');
  });

  it("exits 1 with the engine's error when the run fails", () => {
    const dir = join(consumer, 'fails');
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(join(dir, 'out/taken.csv'), 'already here\n');
    const doc: PipelineDocument = {
      version: 1, name: 'fails', nodes: [
        { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 10 } },
        { id: 'save', kind: 'sink.csv', params: { path: 'out/taken.csv', mode: 'error' } },
      ], edges: [{ from: 'users', to: 'save' }],
    };
    writeFileSync(join(dir, 'fails.ts'), exportTs(doc, {}));
    const r = runNode([join(dir, 'fails.ts')], tmpdir());
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('fails: FAILED');
    expect(r.stderr).toContain('taken.csv');
    expect(readFileSync(join(dir, 'out/taken.csv'), 'utf8')).toBe('already here\n');
  });

  it('exits non-zero naming the node when a hand edit breaks an expression', () => {
    const dir = join(consumer, 'edited');
    mkdirSync(dir, { recursive: true });
    const script = exportTs(example('revenue-by-country.json'), {}).replace("amount > 10 and country != 'ZZ'", 'amout > 10');
    writeFileSync(join(dir, 'edited.ts'), script);
    const r = runNode([join(dir, 'edited.ts')], tmpdir());
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("unknown column 'amout' in transform.filter 'big': did you mean 'amount'?");
  });
});
