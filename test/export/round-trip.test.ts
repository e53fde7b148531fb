// document -> exported TypeScript -> the script's p.toDocument() is the document again (params
// compared with defaults filled in, positions ignored: normalize.ts), for every example, for one
// document per catalog kind, and for every pipeline of the golden files.

import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { CATALOG } from '../../engine/document/catalog.ts';
import { parseDocument } from '../../engine/document/load.ts';
import { EXPORT_TARGETS } from '../../engine/export/targets.ts';
import { parseGolden } from '../golden/golden-format.ts';
import { pipelineDocument } from '../golden/golden-run.ts';
import { allKindsDocument, perNodeDocuments } from './all-kinds.ts';
import { normalizeDocument } from './normalize.ts';
import { loadScriptPipeline } from './script-module.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const exportTs = EXPORT_TARGETS.ts!.exportPipeline;

async function roundTrip(doc: PipelineDocument): Promise<PipelineDocument> {
  const p = await loadScriptPipeline(exportTs(doc, {}));
  return p.toDocument();
}

function examples(): [string, PipelineDocument][] {
  const dir = resolve(ROOT, 'assets/examples');
  return readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, JSON.parse(readFileSync(resolve(dir, f), 'utf8')) as PipelineDocument]);
}

async function goldenDocuments(): Promise<[string, PipelineDocument][]> {
  const dir = resolve(ROOT, 'test/golden');
  const out: [string, PipelineDocument][] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.golden'))) {
    const parsed = parseGolden(file, readFileSync(resolve(dir, file), 'utf8'));
    for (const rec of parsed.records) {
      if (rec.kind !== 'pipeline') continue;
      const doc = await pipelineDocument(file, dir, rec);
      // errors.golden holds documents with problems on purpose: those do not export (below).
      if (parseDocument(doc).issues.length === 0) out.push([`${file}:${rec.line}`, doc]);
    }
  }
  return out;
}

describe('export to TypeScript round trip', () => {
  it.each(examples())('example %s', async (_name, doc) => {
    expect(normalizeDocument(await roundTrip(doc))).toEqual(normalizeDocument(doc));
  });

  it('covers every catalog kind in the all-kinds document', () => {
    const kinds = new Set(allKindsDocument().nodes.map((n) => n.kind));
    expect(CATALOG.map((k) => k.kind).filter((k) => !kinds.has(k))).toEqual([]);
  });

  it.each(perNodeDocuments(allKindsDocument()).map((d) => [d.name, d] as const))('kind document %s', async (_name, doc) => {
    const back = await roundTrip(doc);
    expect(normalizeDocument(back)).toEqual(normalizeDocument(doc));
    // Node ids, kinds and explicit non-default params come back as written.
    expect(back.nodes.map((n) => n.id).sort()).toEqual(doc.nodes.map((n) => n.id).sort());
  });

  it('every golden pipeline', async () => {
    const docs = await goldenDocuments();
    expect(docs.length).toBeGreaterThan(20);
    for (const [name, doc] of docs) {
      expect(normalizeDocument(await roundTrip(doc)), name).toEqual(normalizeDocument(doc));
    }
  });

  it('is stable: exporting the round-tripped document gives the same text', async () => {
    const doc = allKindsDocument();
    const first = exportTs(doc, {});
    expect(exportTs(await roundTrip(doc), {})).toBe(first);
    expect(exportTs(doc, {})).toBe(first);
  });
});

describe('export of hostile text', () => {
  it('keeps names, paths and expressions inside comments and string literals', async () => {
    const evil = "x'); process.exit(3); ('\n process.exit(4) // \u2028 ` ${process.exit(5)} \\";
    const doc: PipelineDocument = {
      version: 1, name: `pipe\nprocess.exit(1)\r// ${evil}`,
      nodes: [
        { id: 'src', kind: 'source.csv', params: { path: `data/${evil}.csv`, schema: { [evil]: 'string', '1': 'int64' } } },
        { id: 'f', kind: 'transform.filter', params: { condition: "\"1\" = 'x''); process.exit(3); (''\n' or \"1\" > 2" } },
      ],
      edges: [{ from: 'src', to: 'f' }],
    };
    const script = exportTs(doc, { pipelinePath: `/tmp/a\nprocess.exit(2).json` });
    expect(script).not.toMatch(/^\s*process\.exit\(/m);
    expect(normalizeDocument(await roundTrip(doc))).toEqual(normalizeDocument(doc));
  });
});

describe('export of awkward node ids', () => {
  it('gives each node its own variable, never a keyword nor a name the script uses', async () => {
    const doc: PipelineDocument = {
      version: 1, name: 'ids',
      nodes: [
        { id: 'p', kind: 'source.sample', params: { dataset: 'events', rows: 10 } },
        { id: 'a-b', kind: 'transform.filter', params: { condition: 'qty > 1' } },
        { id: 'a_b', kind: 'transform.filter', params: { condition: 'qty > 2' } },
        { id: 'delete', kind: 'transform.limit', params: { count: 3 } },
        { id: 'sum', kind: 'transform.aggregate', params: { aggregations: [{ fn: 'sum', column: 'qty' }] } },
        { id: 'result', kind: 'sink.csv', params: { path: 'out/r.csv' } },
      ],
      edges: [{ from: 'p', to: 'a-b' }, { from: 'a-b', to: 'a_b' }, { from: 'a_b', to: 'delete' }, { from: 'delete', to: 'sum' }, { from: 'sum', to: 'result' }],
    };
    const script = exportTs(doc, {});
    expect(script).toContain("const p_ = p.sample('events', { rows: 10, id: 'p' });");
    expect(script).toContain("const a_b = p_.filter('qty > 1', { id: 'a-b' });");
    expect(script).toContain("const a_b_ = a_b.filter('qty > 2', { id: 'a_b' });");
    expect(script).toContain("const delete_ = a_b_.limit(3, { id: 'delete' });");
    expect(script).toContain("const sum_ = delete_.agg([sum('qty')], { id: 'sum' });");
    expect(normalizeDocument(await roundTrip(doc))).toEqual(normalizeDocument(doc));
  });
});
