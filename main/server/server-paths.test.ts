// The paths inside documents, through the real browser-mode server over its WebSocket: every way
// a page holding the token might reach a file outside the workspace (absolute, `..`, symlinks,
// globs, encodings, NUL, very long, Windows separators, sinks) is refused by preview, check,
// explain and run alike, with the node, the param and what is allowed; nothing is read or written
// outside. Data folders added in settings are then allowed.

import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.ts';
import { connect, type CallAnswer, type TestClient } from './test-client.ts';

let root: string;
let ws: string;
let outside: string;
let server: RunningServer;
let client: TestClient;

const SECRET = 'TOPSECRET-ROW';

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tributary-paths-'));
  ws = path.join(root, 'ws');
  outside = path.join(root, 'outside');
  await mkdir(path.join(ws, 'data'), { recursive: true });
  await mkdir(outside);
  await mkdir(path.join(root, 'renderer'));
  await writeFile(path.join(root, 'renderer/index.html'), '<!doctype html>');
  await writeFile(path.join(ws, 'data/orders.csv'), 'id,amount\n1,10\n2,20\n');
  await writeFile(path.join(outside, 'secret.csv'), `id,secret\n1,${SECRET}\n`);
  await symlink('/etc', path.join(ws, 'etc-link'));
  await symlink(outside, path.join(ws, 'out-link'));
  await symlink(path.join(outside, 'secret.csv'), path.join(ws, 'data/evil.csv'));
  await symlink(path.join(outside, 'not-yet'), path.join(ws, 'dangling-dir'));
  server = await startServer({ workspace: ws, rendererDir: path.join(root, 'renderer'), dataDir: path.join(root, 'data-dir') });
  client = await connect(server);
});
afterAll(async () => {
  client.close();
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function source(p: string, params: Record<string, unknown> = {}) {
  return { version: 1, name: 'p', nodes: [{ id: 'orders', kind: 'source.csv', params: { path: p, ...params } }], edges: [] };
}

function sink(kind: 'sink.csv' | 'sink.parquet', p: string, params: Record<string, unknown> = {}) {
  return {
    version: 1, name: 'p',
    nodes: [
      { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 20 } },
      { id: 'save', kind, params: { path: p, ...params } },
    ],
    edges: [{ from: 'users', to: 'save' }],
  };
}

/** The answer carries no byte of the files outside. */
function leaksNothing(answer: CallAnswer): void {
  const text = JSON.stringify(answer);
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain('root:x:0');
}

function refused(answer: CallAnswer, nodeId: string): void {
  leaksNothing(answer);
  expect(answer.response).toBeUndefined();
  expect(answer.error?.message).toMatch(new RegExp(`'${nodeId}': param 'path': .* is outside the workspace ${ws.replaceAll('/', '\\/')} and its data folders`));
  expect(answer.error?.message).toContain('Settings > Data folders');
  expect(answer.error?.issues).toEqual([expect.objectContaining({ nodeId, param: 'path' })]);
}

const OUTSIDE_READS: [string, string, Record<string, unknown>][] = [
  ['an absolute path', '/etc/passwd', { header: false, delimiter: ':' }],
  ['a relative path climbing out', '../../../../etc/passwd', { header: false, delimiter: ':' }],
  ['a sibling folder', '../outside/secret.csv', {}],
  ['a symlink to /etc inside the workspace', 'etc-link/passwd', { header: false, delimiter: ':' }],
  ['a symlinked folder inside the workspace', 'out-link/secret.csv', {}],
  ['a glob reaching outside', '../outside/*.csv', {}],
  ['a glob climbing out after a wildcard', 'data/*/../../../outside/secret.csv', {}],
  ['a glob matching a symlinked file', 'data/*.csv', {}],
  ['a glob through a symlinked folder', 'out-link/*.csv', {}],
];

describe('document paths in browser mode', () => {
  it.each(OUTSIDE_READS)('node.preview refuses %s', async (_what, p, params) => {
    refused(await client.call('node.preview', { document: source(p, params), nodeId: 'orders' }), 'orders');
  });

  it.each(OUTSIDE_READS)('pipeline.explain refuses %s', async (_what, p, params) => {
    refused(await client.call('pipeline.explain', { document: source(p, params) }), 'orders');
  });

  it('pipeline.check reports the refused path as an issue on the node and param', async () => {
    const answer = await client.call('pipeline.check', { document: source('/etc/passwd', { header: false, delimiter: ':' }) });
    leaksNothing(answer);
    const { issues, ports } = answer.response as { issues: { nodeId: string; param: string; message: string }[]; ports: object };
    expect(issues).toEqual([expect.objectContaining({ nodeId: 'orders', param: 'path', message: expect.stringMatching(/outside the workspace/) })]);
    expect(ports).toEqual({});
  });

  it('refuses a pipeline path outside the workspace, which relative paths would resolve against', async () => {
    const answer = await client.call('node.preview', { document: source('secret.csv'), path: '../outside/p.json', nodeId: 'orders' });
    leaksNothing(answer);
    expect(answer.error?.message).toMatch(/'\.\.\/outside\/p\.json' .* is outside the workspace/);
  });

  it('still reads files inside the workspace', async () => {
    const answer = await client.call('node.preview', { document: source('data/orders.csv'), nodeId: 'orders' });
    expect((answer.response as { rows: unknown[] }).rows).toEqual([[1, 10], [2, 20]]);
  });

  it.each([
    ['a percent-encoded climb', '..%2f..%2foutside%2fsecret.csv'],
    ['Windows-style separators', '..\\..\\outside\\secret.csv'],
    ['Windows-style separators to /etc', '..\\..\\..\\..\\etc\\passwd'],
    ['a name longer than a file system allows', `${'x'.repeat(300)}.csv`],
  ])('%s names a file inside the workspace that does not exist', async (_what, p) => {
    const answer = await client.call('node.preview', { document: source(p), nodeId: 'orders' });
    leaksNothing(answer);
    expect(answer.error?.message).toMatch(/cannot read the schema of source\.csv 'orders'/);
    expect(answer.error?.issues).toEqual([expect.objectContaining({ nodeId: 'orders', param: 'path' })]);
  });

  it('refuses a NUL byte and a path longer than 4096 characters, naming the node and param', async () => {
    const nul = await client.call('node.preview', { document: source('data/orders.csv\0../../../etc/passwd'), nodeId: 'orders' });
    leaksNothing(nul);
    expect(nul.error?.message).toMatch(/'orders': param 'path': .* contains a NUL character/);
    const long = await client.call('node.preview', { document: source(`${'a/'.repeat(2100)}x.csv`), nodeId: 'orders' });
    expect(long.error?.message).toMatch(/'orders': param 'path': a path of 4205 characters is longer than the 4096/);
    const longRun = await client.call('run.start', { document: sink('sink.csv', `${'../'.repeat(1400)}etc/x.csv`) });
    expect(longRun.error?.issues).toEqual([expect.objectContaining({ nodeId: 'save', param: 'path' })]);
  });

  it.each([
    ['an absolute path outside', 'sink.csv', (): string => path.join(outside, 'written.csv'), {}],
    ['a relative path climbing out', 'sink.csv', (): string => '../outside/written.csv', {}],
    ['a file under a symlinked folder', 'sink.csv', (): string => 'out-link/written.csv', {}],
    ['a file under a dangling symlink to outside', 'sink.csv', (): string => 'dangling-dir/written.csv', {}],
    ['a partitioned folder outside', 'sink.parquet', (): string => '../outside/parts', { partitionBy: ['country'] }],
    ['a partitioned folder under a symlinked folder', 'sink.parquet', (): string => 'out-link/parts', { partitionBy: ['country'] }],
  ] as const)('run.start refuses a sink at %s and writes nothing', async (_what, kind, p, params) => {
    const answer = await client.call('run.start', { document: sink(kind, p(), params) });
    refused(answer, 'save');
    expect((await readdir(outside)).sort()).toEqual(['secret.csv']);
  });

  it('runs a sink inside the workspace', async () => {
    const answer = await client.call('run.start', { document: sink('sink.csv', 'out/users.csv') });
    const finished = await client.runFinished((answer.response as { runId: string }).runId);
    expect(finished.status).toBe('COMPLETED');
    expect(existsSync(path.join(ws, 'out/users.csv'))).toBe(true);
  });

  it('allows a data folder added in settings, and refuses a root or relative one', async () => {
    expect((await client.call('settings.load', {})).response).toEqual({ dataFolders: [] });
    const root = await client.call('settings.save', { dataFolders: ['/'] });
    expect(root.error?.message).toMatch(/root of a file system/);
    const relative = await client.call('settings.save', { dataFolders: ['../outside'] });
    expect(relative.error?.message).toMatch(/not an absolute path/);
    expect((await client.call('settings.load', {})).response).toEqual({ dataFolders: [] });

    expect((await client.call('settings.save', { dataFolders: [outside] })).response).toEqual({ dataFolders: [outside] });
    try {
      const read = await client.call('node.preview', { document: source('../outside/secret.csv'), nodeId: 'orders' });
      expect((read.response as { rows: unknown[] }).rows).toEqual([[1, SECRET]]);
      const listed = await client.call('files.list', { dir: outside });
      expect(listed.response).toEqual({ dir: outside, entries: [{ name: 'secret.csv', isDir: false }] });
      // /etc stays out, even through the symlink.
      refused(await client.call('node.preview', { document: source('etc-link/passwd', { header: false }), nodeId: 'orders' }), 'orders');
      const written = await client.call('run.start', { document: sink('sink.csv', path.join(outside, 'users.csv')) });
      const finished = await client.runFinished((written.response as { runId: string }).runId);
      expect(finished.status).toBe('COMPLETED');
      expect(existsSync(path.join(outside, 'users.csv'))).toBe(true);
    } finally {
      await client.call('settings.save', { dataFolders: [] });
      await rm(path.join(outside, 'users.csv'), { force: true });
    }
  });
});
