// `tributary run` records its run and prints its id; `tributary history` and `history show` read
// the store back: real processes, a real store in a temp TRIBUTARY_HOME.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const cli = new URL('../cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-history-'));
const env = { ...process.env, TRIBUTARY_HOME: join(dir, 'home') };
const file = join(dir, 'revenue.json');
copyFileSync(new URL('../../assets/examples/revenue-by-country.json', import.meta.url), file);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tributary = (...args: string[]) => exec(process.execPath, [cli, ...args], { env, cwd: dir });

describe('tributary run / history', () => {
  let runId = '';

  it('run prints the id of the run it recorded', async () => {
    const { stdout } = await tributary('run', file, '--partitions', '2');
    runId = /^run ([0-9a-f-]{36}) \(recorded in .*tributary\.db\)$/m.exec(stdout)?.[1] ?? '';
    expect(runId).not.toBe('');
  });

  it('history --json lists it with state, trigger, pipeline, times, attempt and rows per node', async () => {
    const runs = JSON.parse((await tributary('history', '--json')).stdout) as Record<string, unknown>[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: runId, state: 'COMPLETED', trigger: 'cli', pipeline: file, attempt: 1 });
    expect(Date.parse(runs[0]!['finishedAt'] as string)).toBeGreaterThanOrEqual(Date.parse(runs[0]!['startedAt'] as string));
    expect((runs[0]!['nodes'] as Record<string, number>)['ranked']).toBeGreaterThan(5);
    expect(JSON.parse((await tributary('history', '--json', '--state', 'failed')).stdout)).toEqual([]);
    expect(JSON.parse((await tributary('history', '--json', '--pipeline', 'other.json')).stdout)).toEqual([]);
    expect(JSON.parse((await tributary('history', '--json', '--pipeline', 'revenue.json')).stdout)).toHaveLength(1);
  });

  it('history prints a table, and show prints the run whole, by id or its first characters', async () => {
    expect((await tributary('history')).stdout).toMatch(new RegExp(`^${runId.slice(0, 8)}\\s+COMPLETED\\s+cli\\s+revenue-by-country`, 'm'));
    const text = (await tributary('history', 'show', runId.slice(0, 8))).stdout;
    expect(text).toContain(`run ${runId}: COMPLETED`);
    expect(text).toMatch(/timeline:\n.*PENDING\n.*RUNNING\n.*COMPLETED/);
    expect(text).toMatch(/^ {4}partition 1: \d+ rows/m);
    const record = JSON.parse((await tributary('history', 'show', runId, '--json')).stdout) as Record<string, unknown[]>;
    expect(record['timeline']!.map((t) => (t as { state: string }).state)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
    expect(record['stages']!.length).toBeGreaterThan(2);
    expect(record['partitions']!.length).toBeGreaterThanOrEqual(record['stages']!.length);
    expect(record['outputs']).toEqual([expect.objectContaining({ path: join(dir, 'output', 'revenue-by-country.parquet'), bytes: expect.any(Number) })]);
  });

  it('a failing run with retries is tried again as its own run, linked to the first', async () => {
    writeFileSync(join(dir, 'blocked'), 'a file where the sink wants a folder');
    const doc = {
      version: 1, name: 'flaky', settings: { retries: 1, retryDelaySeconds: 0 },
      nodes: [{ id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 50 } },
        { id: 'save', kind: 'sink.csv', params: { path: 'blocked/users.csv' } }],
      edges: [{ from: 'users', to: 'save' }],
    };
    writeFileSync(join(dir, 'flaky.json'), JSON.stringify(doc));
    await expect(tributary('run', 'flaky.json')).rejects.toMatchObject({ code: 1 });
    const runs = JSON.parse((await tributary('history', '--json', '--pipeline', 'flaky.json')).stdout) as Record<string, unknown>[];
    expect(runs.map((r) => [r['attempt'], r['state']])).toEqual([[2, 'FAILED'], [1, 'FAILED']]);
    expect(runs[0]).toMatchObject({ trigger: `retry:${runs[1]!['id'] as string}`, firstRunId: runs[1]!['id'] });
  });

  it('refuses bad arguments and unknown runs with what to do', async () => {
    await expect(tributary('history', '--state', 'RUNING')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('did you mean RUNNING?') });
    await expect(tributary('history', 'show', 'nope')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("no run 'nope'") });
  });
});
