// The optimizer must not change results: for every pipeline of every golden file, each node's
// rows are the same with all rules on and with all rules off (both run by the real engine).
// Sample sources are cut to at most MAX_ROWS rows: equivalence does not depend on size, and
// the suite must stay quick on a shared machine.

import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '../../engine/exec/engine.ts';
import { optimize, ruleNames } from '../../engine/optimizer/optimizer.ts';
import { compile } from '../../engine/compile.ts';
import { explainPlan } from '../../engine/logical/explain.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { compactToDocument, parseGolden } from './golden-format.ts';
import type { GoldenRecord } from './golden-format.ts';
import { pipelineDocument, rowLines } from './golden-run.ts';

const DIR = dirname(fileURLToPath(import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith('.golden')).sort();
const engine = new Engine({ threads: 2 });
const MAX_ROWS = 5000;
const TMP = mkdtempSync(join(tmpdir(), 'tributary-equivalence-'));
const duck = await (await DuckDBInstance.create(':memory:')).connect();
afterAll(() => {
  duck.closeSync();
  rmSync(TMP, { recursive: true, force: true });
});

/** Whether a pipeline record has sinks (known when tests are collected, so no test is empty). */
function hasSinks(file: string, rec: GoldenRecord & { kind: 'pipeline' }): boolean {
  const doc = rec.file ? JSON.parse(readFileSync(join(DIR, rec.file), 'utf8')) as PipelineDocument : compactToDocument(file, rec.line, rec.body);
  return doc.nodes.some((n) => n.kind.startsWith('sink.'));
}

/** A written file's rows, read back by DuckDB, sorted (row order is not part of the contract). */
async function sortedFileRows(path: string): Promise<string[]> {
  const reader = path.endsWith('.csv') ? `read_csv('${path}')` : `read_parquet('${path}')`;
  const result = await duck.runAndReadAll(`SELECT * FROM ${reader}`);
  // Sums in another order differ in the last bits: compare floats to 12 significant digits.
  const round = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v);
  return result.getRowsJson().map((r) => JSON.stringify(r, round)).sort();
}

function smaller(doc: PipelineDocument): PipelineDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.kind === 'source.sample' && !(typeof n.params['rows'] === 'number' && n.params['rows'] <= MAX_ROWS)
      ? { ...n, params: { ...n.params, rows: MAX_ROWS } } : n)),
  };
}
afterAll(async () => { await engine.close(); });

for (const name of files) {
  const parsed = parseGolden(name, readFileSync(join(DIR, name), 'utf8'));
  describe(name, () => {
    for (const rec of parsed.records) {
      if (rec.kind !== 'pipeline') continue;
      it(`line ${rec.line}: the optimized plan is a fixed point (optimizing it again fires nothing)`, async () => {
        const doc = await pipelineDocument(name, DIR, rec as GoldenRecord & { kind: 'pipeline' });
        const once = await compile(doc, { baseDir: DIR });
        if (!once.optimized) {
          // A pipeline kept for its errors (errors.golden): nothing to optimize.
          expect(once.issues.length).toBeGreaterThan(0);
          return;
        }
        // With the document's own threshold, as compile() optimized it the first time.
        const threshold = doc.settings?.broadcastThresholdBytes;
        const twice = optimize(once.optimized, threshold !== undefined ? { broadcastThresholdBytes: threshold } : {});
        expect(twice.fired).toEqual([]);
        expect(explainPlan(twice.plan)).toBe(explainPlan(once.optimized));
      });

      if (hasSinks(name, rec as GoldenRecord & { kind: 'pipeline' })) it(`line ${rec.line}: a run writes the same sink files optimized and not`, async () => {
        const doc = smaller(await pipelineDocument(name, DIR, rec as GoldenRecord & { kind: 'pipeline' }));
        const sinks = doc.nodes.filter((n) => n.kind.startsWith('sink.'));
        const written = async (variant: string, disabledRules: string[]): Promise<string[][]> => {
          const dir = join(TMP, `${name}-${rec.line}-${variant}`);
          const moved: PipelineDocument = {
            ...doc,
            nodes: doc.nodes.map((n) => (n.kind.startsWith('sink.')
              ? { ...n, params: { ...n.params, path: join(dir, `${n.id}.${n.kind.slice(5)}`) } } : n)),
          };
          const result = await engine.run(moved, { baseDir: DIR, disabledRules, mode: 'inline' });
          expect(result.error?.message).toBeUndefined();
          return Promise.all(sinks.map((n) => sortedFileRows(join(dir, `${n.id}.${n.kind.slice(5)}`))));
        };
        expect(await written('optimized', [])).toEqual(await written('plain', ruleNames()));
      });

      it(`line ${rec.line}: every node gives the same rows optimized and not`, async () => {
        const doc = smaller(await pipelineDocument(name, DIR, rec as GoldenRecord & { kind: 'pipeline' }));
        for (const node of doc.nodes.filter((n) => !n.kind.startsWith('sink.'))) {
          // Rows, or the error (a stage the engine cannot run must fail the same way both ways).
          const rows = async (disabledRules: string[]): Promise<string[]> => {
            try {
              const out = await engine.preview(doc, node.id, { baseDir: DIR, limit: 1_000_000, disabledRules, mode: 'inline' });
              return rowLines(out.batches, out.schema.fields.map((f) => f.name), true);
            } catch (e) {
              return [`error: ${e instanceof Error ? e.message : String(e)}`];
            }
          };
          const optimized = await rows([]);
          const plain = await rows(ruleNames());
          // A limit without a sort may keep any rows: compare counts only then.
          const unordered = doc.nodes.some((n) => n.kind === 'transform.limit');
          if (unordered) expect(optimized.length, `${name}:${rec.line} node '${node.id}'`).toBe(plain.length);
          else expect(optimized, `${name}:${rec.line} node '${node.id}'`).toEqual(plain);
        }
      });
    }
  });
}
