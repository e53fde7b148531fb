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

  it('reports unreadable files and bad JSON with the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trib-load-'));
    const file = join(dir, 'bad.json');
    await writeFile(file, '{ "version": 1, ');
    expect((await loadDocumentFile(file)).issues[0]!.message).toContain(`pipeline file ${file} is not valid JSON`);
    expect((await loadDocumentFile(join(dir, 'none.json'))).issues[0]!.message).toContain('cannot read pipeline file');
  });
});
