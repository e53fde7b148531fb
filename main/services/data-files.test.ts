// The path fields' calls over a real StudioService in browser mode, in temp folders: existence,
// sizes, Parquet rows from footers (files written by DuckDB, several row groups), folders and
// globs, paths relative to the pipeline file, the recent files, and the path policy's refusals.

import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../api-schema.ts';
import { StudioService } from './studio-service.ts';

let root: string;
let workspace: string;
let outside: string;
let service: StudioService;
let desktop: StudioService;
const picked: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tributary-datafiles-'));
  workspace = path.join(root, 'ws');
  outside = path.join(root, 'elsewhere');
  mkdirSync(path.join(workspace, 'data', 'parts'), { recursive: true });
  mkdirSync(path.join(workspace, 'pipes'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(workspace, 'data', 'a.csv'), 'x,y\n1,2\n3,4\n');
  writeFileSync(path.join(workspace, 'data', 'b.csv'), 'x,y\n5,6\n');
  writeFileSync(path.join(workspace, 'data', 'notes.md'), '# not data\n');
  writeFileSync(path.join(outside, 'secret.csv'), 'x\n1\n');
  const duck = await (await DuckDBInstance.create(':memory:', { threads: '1' })).connect();
  await duck.run(`COPY (SELECT range AS id, range % 7 AS k FROM range(250000)) TO '${path.join(workspace, 'data', 'big.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 100000)`);
  await duck.run(`COPY (SELECT range AS id FROM range(1000)) TO '${path.join(workspace, 'data', 'parts', 'p0.parquet')}' (FORMAT parquet)`);
  await duck.run(`COPY (SELECT range AS id FROM range(2345)) TO '${path.join(workspace, 'data', 'parts', 'p1.parquet')}' (FORMAT parquet)`);
  duck.closeSync();
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 1 });
  desktop = new StudioService({
    workspace, dataDir: path.join(root, 'desktop-home'), mode: 'electron', allowAbsolutePaths: true, threads: 1,
    // The native dialog itself cannot run here: this stands for the user's choice in it.
    pickFile: async (request) => { picked.push(JSON.stringify(request)); return path.join(workspace, 'data', 'big.parquet'); },
  });
});
afterAll(async () => {
  await service.close();
  await desktop.close();
  await rm(root, { recursive: true, force: true });
});

const call = <C extends 'files.stat' | 'files.listData' | 'files.recent' | 'files.remember' | 'files.pickNative'>(
  s: StudioService, channel: C, request: unknown) => s.call(channel, parseRequest(channel, request));

describe('files.stat', () => {
  it('a file: exists, its size; Parquet: its rows from the footer, over several row groups', async () => {
    expect(await call(service, 'files.stat', { path: 'data/a.csv', format: 'csv' })).toMatchObject({
      status: 'file', bytes: statSync(path.join(workspace, 'data', 'a.csv')).size,
    });
    const big = await call(service, 'files.stat', { path: 'data/big.parquet', format: 'parquet' });
    expect(big).toMatchObject({ status: 'file', rows: 250000, bytes: statSync(path.join(workspace, 'data', 'big.parquet')).size });
  });

  it('relative to the pipeline file, as the document resolves it', async () => {
    expect((await call(service, 'files.stat', { path: '../data/a.csv', docPath: 'pipes/p.json', format: 'csv' })).status).toBe('file');
    expect((await call(service, 'files.stat', { path: 'data/a.csv', docPath: 'pipes/p.json', format: 'csv' })).status).toBe('missing');
  });

  it('a folder or a glob counts its data files and sums their rows', async () => {
    expect(await call(service, 'files.stat', { path: 'data/parts', format: 'parquet' })).toMatchObject({ status: 'folder', files: 2, rows: 3345 });
    expect(await call(service, 'files.stat', { path: 'data/*.csv', format: 'csv' })).toMatchObject({ status: 'glob', files: 2 });
    expect((await call(service, 'files.stat', { path: 'data/*.tsv', format: 'csv' })).status).toBe('missing');
  });

  it('a missing file says not found', async () => {
    const r = await call(service, 'files.stat', { path: 'data/nope.csv', format: 'csv' });
    expect(r.status).toBe('missing');
    expect(r.message).toMatch(/^data\/nope\.csv not found/);
  });

  it('browser mode refuses a path outside the workspace with the rule and the fix, existing or not', async () => {
    for (const p of [path.join(outside, 'secret.csv'), path.join(outside, 'absent.csv'), '../elsewhere/secret.csv']) {
      const r = await call(service, 'files.stat', { path: p, format: 'csv' });
      expect(r).toEqual({ path: p, status: 'refused', message: expect.stringMatching(/is outside the workspace .*; move the file into the workspace or add its folder under Settings > Data folders$/) });
    }
  });
});

describe('files.stat through links and data folders', () => {
  it('a symlink in the workspace leading outside is refused; a data folder added in settings is allowed', async () => {
    symlinkSync(outside, path.join(workspace, 'data', 'door'));
    try {
      for (const p of ['data/door/secret.csv', 'data/door', 'data/door/*.csv']) {
        expect((await call(service, 'files.stat', { path: p, format: 'csv' })).status).toBe('refused');
      }
      await service.call('settings.save', { dataFolders: [outside] });
      expect(await call(service, 'files.stat', { path: path.join(outside, 'secret.csv'), format: 'csv' })).toMatchObject({ status: 'file', bytes: 4 });
      expect((await call(service, 'files.listData', { dir: outside, format: 'csv' })).entries.map((e) => e.name)).toEqual(['secret.csv']);
    } finally {
      await service.call('settings.save', { dataFolders: [] });
      await rm(path.join(workspace, 'data', 'door'));
    }
  });
});

describe('files.listData', () => {
  it('lists folders and the data files of the format only', async () => {
    expect((await call(service, 'files.listData', { dir: 'data', format: 'csv' })).entries.map((e) => e.name)).toEqual(['parts', 'a.csv', 'b.csv']);
    expect((await call(service, 'files.listData', { dir: 'data' })).entries.map((e) => e.name)).toEqual(['parts', 'a.csv', 'b.csv', 'big.parquet']);
  });
});

describe('recent files', () => {
  it('remembers picked files newest first, as paths for the document asking', async () => {
    await call(service, 'files.remember', { path: 'data/a.csv' });
    const after = await call(service, 'files.remember', { path: '../data/big.parquet', docPath: 'pipes/p.json' });
    expect(after.paths).toEqual(['../data/big.parquet', '../data/a.csv']);
    expect((await call(service, 'files.recent', {})).paths).toEqual(['data/big.parquet', 'data/a.csv']);
    await call(service, 'files.remember', { path: 'data/a.csv' });
    expect((await call(service, 'files.recent', {})).paths).toEqual(['data/a.csv', 'data/big.parquet']);
  });

  it('refuses to remember a path outside the workspace', async () => {
    await expect(call(service, 'files.remember', { path: path.join(outside, 'secret.csv') })).rejects.toThrow(/is outside the workspace/);
    expect((await call(service, 'files.recent', {})).paths).not.toContain(path.join(outside, 'secret.csv'));
  });
});

describe('files.pickNative', () => {
  it('browser mode has no native dialog and says what to use', async () => {
    await expect(call(service, 'files.pickNative', { mode: 'open', format: 'csv' })).rejects.toThrow(/only in the desktop app: in the browser, use Browse/);
  });

  it('the desktop app asks the dialog for the format, answers the path as the document writes it, and remembers it', async () => {
    const r = await call(desktop, 'files.pickNative', { mode: 'open', format: 'parquet', docPath: 'pipes/p.json' });
    expect(r).toEqual({ path: '../data/big.parquet' });
    expect(JSON.parse(picked.at(-1)!)).toEqual({ mode: 'open', extensions: ['parquet', 'parq'], startIn: path.join(workspace, 'pipes'), formatName: 'parquet' });
    expect((await call(desktop, 'files.recent', {})).paths).toEqual(['data/big.parquet']);
  });
});
