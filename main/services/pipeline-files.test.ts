import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../api.ts';
import { loadAutosave, storeAutosave } from './autosave.ts';
import { examplePipelines, listFolder, openPipeline, savePipeline } from './pipeline-files.ts';
import { PathRefusedError, resolveWorkspacePath } from './workspace-paths.ts';
import type { KindDef } from '../../engine/document/catalog-types.ts';

const CATALOG: KindDef[] = [{
  kind: 'transform.aggregate', group: 'transform', title: 'Aggregate', doc: '', inputs: [{ name: 'in' }], outputs: [{ name: 'out' }],
  params: [
    { name: 'groupBy', type: 'columns', required: false, default: [], doc: '' },
    { name: 'aggregations', type: 'records', required: true, doc: '', fields: [
      { name: 'fn', type: 'string', required: true, doc: '' },
      { name: 'column', type: 'column', required: false, doc: '' },
      { name: 'as', type: 'string', required: false, doc: '' },
    ] },
  ],
}];

function doc(): PipelineDocument {
  // Keys deliberately out of order, as an editor building objects piecemeal would produce.
  return {
    edges: [{ to: 'agg', from: 'src' }],
    nodes: [
      { params: { rows: 10, dataset: 'events' }, kind: 'source.sample', id: 'src' },
      { position: { y: 2, x: 1 }, id: 'agg', kind: 'transform.aggregate',
        params: { aggregations: [{ as: 'n', fn: 'count' }], groupBy: ['user_id'] } },
    ],
    name: 'p',
    version: 1,
  } as unknown as PipelineDocument;
}

let workspace: string;
beforeEach(async () => { workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-ws-')); });
afterEach(async () => { await rm(workspace, { recursive: true, force: true }); });

describe('pipeline files', () => {
  it('saves with a stable key order and 2-space indent, and opens it back', async () => {
    const policy = { workspace, allowOutside: false };
    const saved = await savePipeline(policy, 'sub/p.json', doc(), CATALOG);
    expect(saved.path).toBe('sub/p.json');
    const text = await readFile(path.join(workspace, 'sub/p.json'), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "version": 1,');
    const parsed = JSON.parse(text) as Record<string, unknown> & { nodes: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['version', 'name', 'nodes', 'edges']);
    expect(Object.keys(parsed.nodes[1]!)).toEqual(['id', 'kind', 'params', 'position']);
    // catalog order for known kinds, field order inside records, alphabetical for unknown kinds
    expect(Object.keys(parsed.nodes[1]!.params as object)).toEqual(['groupBy', 'aggregations']);
    expect(Object.keys((parsed.nodes[1]!.params as { aggregations: object[] }).aggregations[0]!)).toEqual(['fn', 'as']);
    expect(Object.keys(parsed.nodes[0]!.params as object)).toEqual(['dataset', 'rows']);
    expect(Object.keys(parsed.nodes[1]!.position as object)).toEqual(['x', 'y']);
    expect(Object.keys((parsed as unknown as { edges: object[] }).edges[0]!)).toEqual(['from', 'to']);

    const opened = await openPipeline(policy, 'sub/p.json');
    expect(opened.path).toBe('sub/p.json');
    expect(opened.document).toEqual(doc());
    // Saving what was opened gives the same bytes: no diff without a change.
    await savePipeline(policy, 'sub/p.json', opened.document, CATALOG);
    expect(await readFile(path.join(workspace, 'sub/p.json'), 'utf8')).toBe(text);
  });

  it('leaves no temp file beside a saved pipeline', async () => {
    const policy = { workspace, allowOutside: false };
    await savePipeline(policy, 'p.json', doc(), CATALOG);
    expect((await listFolder(policy, undefined)).entries).toEqual([{ name: 'p.json', isDir: false }]);
  });

  it('refuses paths outside the workspace unless allowed', async () => {
    const policy = { workspace, allowOutside: false };
    await expect(savePipeline(policy, '../escape.json', doc(), CATALOG)).rejects.toThrow(/outside the workspace/);
    await expect(openPipeline(policy, '/etc/passwd')).rejects.toBeInstanceOf(PathRefusedError);
    await expect(listFolder(policy, '..')).rejects.toThrow(/outside the workspace/);
    const outside = await mkdtemp(path.join(os.tmpdir(), 'tributary-out-'));
    try {
      await symlink(outside, path.join(workspace, 'link'));
      expect(() => resolveWorkspacePath(policy, 'link/x.json')).toThrow(PathRefusedError);
      const allowed = { workspace, allowOutside: true };
      const target = path.join(outside, 'x.json');
      expect(resolveWorkspacePath(allowed, target)).toBe(target);
      await savePipeline(allowed, target, doc(), CATALOG);
      expect((await openPipeline(allowed, target)).path).toBe(target);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('names the file and the problem when a file is not a pipeline', async () => {
    const policy = { workspace, allowOutside: false };
    await writeFile(path.join(workspace, 'bad.json'), '{"version": 1, "name": "x", "nodes": 3, "edges": []}');
    await expect(openPipeline(policy, 'bad.json')).rejects.toThrow(/'bad.json' is not a Tributary pipeline: document nodes: expected a list of nodes/);
    await writeFile(path.join(workspace, 'broken.json'), '{ nope');
    await expect(openPipeline(policy, 'broken.json')).rejects.toThrow(/'broken.json' is not valid JSON/);
    await expect(openPipeline(policy, 'missing.json')).rejects.toThrow(/no file 'missing.json'/);
    await expect(savePipeline(policy, 'p.txt', doc(), CATALOG)).rejects.toThrow(/ends in .json/);
  });

  it('lists folders first, then files, without dot files', async () => {
    const policy = { workspace, allowOutside: false };
    await mkdir(path.join(workspace, 'zdir'));
    await mkdir(path.join(workspace, '.tributary'));
    await writeFile(path.join(workspace, 'a.json'), '{}');
    const listed = await listFolder(policy, '.');
    expect(listed.dir).toBe('');
    expect(listed.entries).toEqual([{ name: 'zdir', isDir: true }, { name: 'a.json', isDir: false }]);
  });

  it('reads the shipped examples', async () => {
    const examples = await examplePipelines(path.resolve(import.meta.dirname, '../../assets/examples'));
    const revenue = examples.find((e) => e.path === 'revenue-by-country.json');
    expect(revenue?.document.nodes.length).toBeGreaterThan(0);
    expect(revenue?.document.nodes.every((n) => n.kind !== 'source.sample' || typeof n.params.dataset === 'string')).toBe(true);
  });
});

describe('autosave', () => {
  it('stores and restores the latest state, and answers null when there is none or it is corrupt', async () => {
    const dataDir = path.join(workspace, '.tributary');
    expect(await loadAutosave(dataDir)).toBeNull();
    await storeAutosave(dataDir, doc());
    const { savedAt } = await storeAutosave(dataDir, { ...doc(), name: 'second' }, 'p.json');
    const restored = await loadAutosave(dataDir);
    expect(restored).toEqual({ document: { ...doc(), name: 'second' }, path: 'p.json', savedAt });
    await writeFile(path.join(dataDir, 'autosave.json'), '{"document": 1');
    expect(await loadAutosave(dataDir)).toBeNull();
  });
});
