// A Spark run lands in the run history like a local one: `tributary run FILE --on spark` (a real
// process, real local Spark) records a run with target 'spark', the Spark application id and
// master, and Spark's stages and tasks as the stage summaries and partitions the heatmap replays;
// `tributary history --json` gives it the same shape as a local run of the same file, and
// `--target spark` filters to it. A studio run with target 'spark' (the StudioService the studio
// serves, its master from the studio's settings) streams Spark's stages and tasks as run events
// and lands in the history the same way. One small pipeline; one Spark application per run.

import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../main/api.ts';
import { SqliteRunStore } from '../../main/services/runs/sqlite-store.ts';
import { StudioService } from '../../main/services/studio-service.ts';
import { requirePyspark } from './run-spark.ts';

const exec = promisify(execFile);
const cli = new URL('../../main/cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-spark-history-'));
const home = join(dir, 'home');
const env = { ...process.env, TRIBUTARY_HOME: home };
const tributary = (...args: string[]) => exec(process.execPath, [cli, ...args], { env, cwd: dir, maxBuffer: 64 * 1024 * 1024 });

beforeAll(() => {
  requirePyspark();
  writeFileSync(join(dir, 'by-country.json'), JSON.stringify({
    version: 1, name: 'by-country',
    nodes: [
      { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 2000 } },
      { id: 'adults', kind: 'transform.filter', params: { condition: 'age >= 18' } },
      { id: 'per', kind: 'transform.aggregate', params: { groupBy: ['country'], aggregations: [{ fn: 'count', as: 'n' }] } },
      { id: 'save', kind: 'sink.csv', params: { path: 'output/by-country.csv' } },
    ],
    edges: [{ from: 'users', to: 'adults' }, { from: 'adults', to: 'per' }, { from: 'per', to: 'save' }],
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Spark runs in the run history', () => {
  it('tributary run --on spark records target spark, the application id and Spark\'s stages and tasks', async () => {
    const spark = JSON.parse((await tributary('run', 'by-country.json', '--on', 'spark', '--master', 'local[2]', '--json')).stdout) as Record<string, unknown>;
    expect(spark).toMatchObject({ status: 'COMPLETED', target: 'spark', spark: { applicationId: expect.stringMatching(/^local-\d+$/) as unknown } });
    await tributary('run', 'by-country.json', '--json');

    const store = SqliteRunStore.open(home, { heartbeatTimer: false });
    try {
      const run = store.get(spark['runId'] as string)!;
      expect(run).toMatchObject({ state: 'COMPLETED', trigger: 'cli', target: 'spark', options: { master: 'local[2]' } });
      expect(run.spark).toEqual({ applicationId: (spark['spark'] as { applicationId: string }).applicationId, master: 'local[2]' });
      expect(run.timeline.map((t) => t.state)).toEqual(['PENDING', 'RUNNING', 'COMPLETED']);
      // Spark's stages and tasks, as the events mapped them: every partition belongs to a stored stage.
      expect(run.stageSummaries.length).toBeGreaterThan(1);
      expect(run.partitions.length).toBeGreaterThanOrEqual(run.stageSummaries.length);
      const stageIds = new Set(run.stageSummaries.map((s) => s.stageId));
      expect(run.partitions.every((p) => stageIds.has(p.stageId))).toBe(true);
      expect(run.partitions.some((p) => p.durationMs > 0 && p.rowsIn > 0)).toBe(true);
      expect(run.logs.some((l) => /^Spark stage \d+/.test(l.message))).toBe(true);
    } finally {
      store.close();
    }

    const listed = JSON.parse((await tributary('history', '--json')).stdout) as Record<string, unknown>[];
    const [local, onSpark] = [listed.find((r) => r['target'] === 'local')!, listed.find((r) => r['target'] === 'spark')!];
    expect(Object.keys(onSpark).filter((k) => k !== 'spark').sort()).toEqual(Object.keys(local).sort());
    const onlySpark = JSON.parse((await tributary('history', '--json', '--target', 'spark')).stdout) as Record<string, unknown>[];
    expect(onlySpark.map((r) => r['id'])).toEqual([spark['runId']]);
    expect((await tributary('history', 'show', spark['runId'] as string)).stdout).toMatch(/target {4}spark \(Spark application local-\d+ on local\[2\]\)/);
  }, 600_000);

  it('a studio run with target spark streams Spark\'s stages and tasks as run events and lands in the history as target spark', async () => {
    const workspace = join(dir, 'studio');
    mkdirSync(workspace, { recursive: true });
    copyFileSync(join(dir, 'by-country.json'), join(workspace, 'by-country.json'));
    const service = new StudioService({ workspace, dataDir: join(workspace, '.tributary'), mode: 'browser', threads: 1 });
    try {
      expect(await service.call('spark.setMaster', { master: 'local[1]' })).toMatchObject({ available: true, master: 'local[1]', masterFrom: 'settings' });
      const { document } = await service.call('files.open', { path: 'by-country.json' });
      const events: RunEvent[] = [];
      let finished: (state: string) => void = () => undefined;
      const ended = new Promise<string>((resolve) => { finished = resolve; });
      let runId = '';
      const stop = service.subscribe((channel, payload) => {
        if (channel === 'run.event') events.push(payload);
        if (channel === 'history' && payload.runId === runId && ['COMPLETED', 'FAILED', 'CANCELLED'].includes(payload.state)) finished(payload.state);
      });
      runId = (await service.call('run.start', { document, path: 'by-country.json', target: 'spark' })).runId;
      expect(await ended).toBe('COMPLETED');
      stop();
      const mine = events.filter((e) => e.runId === runId);
      expect(mine[0]?.type).toBe('run.started');
      expect(mine.filter((e) => e.type === 'stage.finished').length).toBeGreaterThan(1);
      expect(mine.filter((e) => e.type === 'partition.finished').length).toBeGreaterThan(1);
      expect(mine.at(-1)).toMatchObject({ type: 'run.finished', status: 'COMPLETED' });
      const run = await service.call('history.get', { runId });
      expect(run).toMatchObject({ target: 'spark', trigger: 'studio', options: { master: 'local[1]' }, spark: { master: 'local[1]' } });
      expect(run.spark?.applicationId).toMatch(/^local-\d+$/);
      expect(run.stageSummaries.length).toBe(mine.filter((e) => e.type === 'stage.finished').length);
      expect((await service.call('history.list', { target: 'spark' })).map((r) => r.id)).toEqual([runId]);
      expect(await service.call('history.list', { target: 'local' })).toEqual([]);
    } finally {
      await service.close();
    }
  }, 600_000);
});
