// One rule for where relative paths resolve (the pipeline file's folder; the workspace for an
// unsaved document and for a shipped example), through the studio service's real runs and the
// command line's, in temp folders that play the workspace and the app's examples folder.

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument, RunEvent } from '../api.ts';
import { EXAMPLES_DIR, isShippedExample, pipelineBaseDir } from './pipeline-base.ts';
import { StudioService } from './studio-service.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'tributary-base-'));
const workspace = path.join(root, 'workspace');
const app = path.join(workspace, 'app'); // the worst case: the app lies inside the workspace
const examples = path.join(app, 'assets/examples');
let service: StudioService;

beforeAll(() => {
  mkdirSync(examples, { recursive: true });
  cpSync(EXAMPLES_DIR, examples, { recursive: true });
  service = new StudioService({ workspace, dataDir: path.join(root, 'data'), mode: 'browser', threads: 2, examplesDir: examples });
});
afterAll(async () => {
  await service.close();
  rmSync(root, { recursive: true, force: true });
});

const small = (sinkPath: string): PipelineDocument => ({
  version: 1, name: 'small',
  nodes: [
    { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 50 } },
    { id: 'save', kind: 'sink.csv', params: { path: sinkPath } },
  ],
  edges: [{ from: 'users', to: 'save' }],
});

async function runToEnd(document: PipelineDocument, docPath?: string): Promise<Extract<RunEvent, { type: 'run.finished' }>> {
  let stop = (): void => undefined;
  const finished = new Promise<Extract<RunEvent, { type: 'run.finished' }>>((resolve) => {
    stop = service.subscribe((channel, e) => { if (channel === 'run.event' && e.type === 'run.finished') resolve(e); });
  });
  await service.call('run.start', { document, ...(docPath !== undefined ? { path: docPath } : {}) });
  const e = await finished;
  stop();
  return e;
}

describe('where relative paths resolve', () => {
  it('a shipped example is a template: it resolves in the workspace, never beside itself', () => {
    expect(isShippedExample(path.join(examples, 'revenue-by-country.json'), examples)).toBe(true);
    expect(isShippedExample(examples, examples)).toBe(false);
    expect(isShippedExample(path.join(app, 'mine.json'), examples)).toBe(false);
    expect(pipelineBaseDir(path.join(examples, 'x.json'), workspace, examples)).toBe(workspace);
    expect(pipelineBaseDir(path.join(workspace, 'sub/x.json'), workspace, examples)).toBe(path.join(workspace, 'sub'));
    // Through a symlink to the examples folder too.
    const link = path.join(root, 'linked-examples');
    symlinkSync(examples, link);
    expect(pipelineBaseDir(path.join(link, 'house-prices.json'), workspace, examples)).toBe(workspace);
  });

  it('the shipped examples write under output/, never into out/ (the app build)', () => {
    for (const name of ['revenue-by-country.json', 'house-prices.json']) {
      const doc = JSON.parse(readFileSync(path.join(EXAMPLES_DIR, name), 'utf8')) as PipelineDocument;
      const sinks = doc.nodes.filter((n) => n.kind.startsWith('sink.')).map((n) => String(n.params.path));
      expect(sinks.length).toBeGreaterThan(0);
      for (const s of sinks) expect(s).toMatch(/^output\//);
    }
  });

  it('studio: beside the saved pipeline file; the workspace when unsaved; the workspace for an example', async () => {
    mkdirSync(path.join(workspace, 'sub'), { recursive: true });
    expect((await runToEnd(small('output/a.csv'), 'sub/p.json')).status).toBe('COMPLETED');
    expect(existsSync(path.join(workspace, 'sub/output/a.csv'))).toBe(true);
    expect((await runToEnd(small('output/b.csv'))).status).toBe('COMPLETED');
    expect(existsSync(path.join(workspace, 'output/b.csv'))).toBe(true);
    // The example as the studio opens it (files.examples: its path is where Save puts it).
    const listed = await service.call('files.examples', {});
    const revenue = listed.find((f) => f.path === 'revenue-by-country.json')!;
    expect((await runToEnd(revenue.document, revenue.path)).status).toBe('COMPLETED');
    expect(existsSync(path.join(workspace, 'output/revenue-by-country.parquet'))).toBe(true);
    // The example file itself opened from inside the app folder: still the workspace, not the app.
    const inApp = path.relative(workspace, path.join(examples, 'revenue-by-country.json'));
    const opened = await service.call('files.open', { path: inApp });
    rmSync(path.join(workspace, 'output'), { recursive: true });
    expect((await runToEnd(opened.document, opened.path)).status).toBe('COMPLETED');
    expect(existsSync(path.join(workspace, 'output/revenue-by-country.parquet'))).toBe(true);
    expect(existsSync(path.join(examples, 'output'))).toBe(false);
  });
});

describe('command line', () => {
  const run = promisify(execFile);
  const cli = path.join(import.meta.dirname, '../cli.ts');

  it('a pipeline file writes beside itself, whatever the current folder', async () => {
    const dir = path.join(root, 'cli-file');
    const cwd = path.join(root, 'cli-cwd');
    mkdirSync(dir, { recursive: true });
    mkdirSync(cwd, { recursive: true });
    const file = path.join(dir, 'p.json');
    cpSync(path.join(EXAMPLES_DIR, 'revenue-by-country.json'), file);
    await run(process.execPath, [cli, 'run', file, '--partitions', '1'], { cwd });
    expect(existsSync(path.join(dir, 'output/revenue-by-country.parquet'))).toBe(true);
    expect(existsSync(path.join(cwd, 'output'))).toBe(false);
  });

  it('the shipped example run in place writes into the current folder, not into the app', async () => {
    const cwd = path.join(root, 'cli-example');
    mkdirSync(cwd, { recursive: true });
    const before = existsSync(path.join(EXAMPLES_DIR, 'output'));
    const { stdout } = await run(process.execPath, [cli, 'run', path.join(EXAMPLES_DIR, 'revenue-by-country.json'), '--partitions', '1'], { cwd });
    expect(stdout).toContain(`wrote ${path.join(cwd, 'output/revenue-by-country.parquet')}`);
    expect(existsSync(path.join(cwd, 'output/revenue-by-country.parquet'))).toBe(true);
    expect(existsSync(path.join(EXAMPLES_DIR, 'output'))).toBe(before);
    expect(existsSync(path.join(EXAMPLES_DIR, 'out'))).toBe(false);
  });
});
