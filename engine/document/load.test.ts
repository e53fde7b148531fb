import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocumentFile, parseDocument } from './load.ts';

const EXAMPLE = new URL('../../assets/examples/revenue-by-country.json', import.meta.url).pathname;

describe('parseDocument', () => {
  it('accepts the example pipeline', async () => {
    const r = await loadDocumentFile(EXAMPLE);
    expect(r.issues).toEqual([]);
    expect(r.document!.nodes.map((n) => n.id)).toEqual(['events', 'users', 'with_users', 'big', 'by_country', 'ranked', 'save']);
  });

  it('fills absent params with {} and keeps positions', () => {
    const r = parseDocument({ version: 1, name: 'p', nodes: [{ id: 's', kind: 'source.sample', params: { dataset: 'users' }, position: { x: 1, y: 2 } },
      { id: 'l', kind: 'transform.limit', params: { count: 5 } }], edges: [{ from: 's', to: 'l' }] });
    expect(r.issues).toEqual([]);
    expect(r.document!.nodes[0]).toEqual({ id: 's', kind: 'source.sample', params: { dataset: 'users' }, position: { x: 1, y: 2 } });
  });

  it('rejects an unreadable shape without a document', () => {
    const r = parseDocument({ version: 2, name: 'p', nodes: [], edges: [] });
    expect(r.document).toBeUndefined();
    expect(r.issues[0]!.message).toContain('expected version 1, got number 2');
    expect(parseDocument([]).issues.length).toBeGreaterThan(0);
  });

  it('returns the document with its issues when the shape is readable', () => {
    const r = parseDocument({ version: 1, name: 'p', nodes: [{ id: 'f', kind: 'transform.filter', params: {} }], edges: [] });
    expect(r.document).toBeDefined();
    expect(r.issues.map((i) => i.param ?? i.port)).toEqual(['condition', 'in']);
  });

  it('reports every unknown field with the closest known one, and keeps reading the rest', () => {
    const r = parseDocument({
      version: 1, name: 'p', settings: { partitons: 2 }, edegs: [],
      nodes: [{ id: 's', kind: 'source.sample', params: { dataset: 'users' }, postion: { x: 0, y: 0 } },
        { id: 'l', kind: 'transform.limit', params: { count: 5 } }],
      edges: [{ from: 's', to: 'l', lable: 'x' }],
    });
    expect(r.issues.map((i) => i.message)).toEqual([
      "unknown field 'edegs' in the document: did you mean 'edges'?",
      "unknown field 'partitons' in settings: did you mean 'partitions'?",
      "unknown field 'postion' in node 's': did you mean 'position'?",
      "unknown field 'lable' in edge 1: the fields are from, to",
    ]);
    // Both nodes and the edge are still there: nothing else is reported.
    expect(r.document!.nodes.map((n) => n.id)).toEqual(['s', 'l']);
    expect(r.document!.edges).toEqual([{ from: 's', to: 'l' }]);
  });

  it('reports unreadable files and bad JSON with the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trib-load-'));
    const file = join(dir, 'bad.json');
    await writeFile(file, '{ "version": 1, ');
    expect((await loadDocumentFile(file)).issues[0]!.message).toContain(`pipeline file ${file} is not valid JSON`);
    expect((await loadDocumentFile(join(dir, 'none.json'))).issues[0]!.message).toContain('cannot read pipeline file');
  });
});
