// The services over the real engine, in temp folders: check, explain, preview, run with its
// events and outputs, cancel, and the errors a broken document gets.

import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument, RunEvent } from '../api.ts';
import { runEventSchema } from '../api-schema.ts';
import { toApiError } from './api-error.ts';
import { defaultDataDir, StudioService } from './studio-service.ts';

let workspace: string;
let service: StudioService;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-studio-'));
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 2 });
});
afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

const users = (rows: number): PipelineDocument => ({
  version: 1,
  name: 'adults',
  nodes: [
    { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows } },
    { id: 'adults', kind: 'transform.filter', params: { condition: 'age >= 18' } },
    { id: 'by_country', kind: 'transform.aggregate',
      params: { groupBy: ['country'], aggregations: [{ fn: 'count', as: 'n' }] } },
    { id: 'save', kind: 'sink.csv', params: { path: 'out/by-country.csv' } },
  ],
  edges: [{ from: 'users', to: 'adults' }, { from: 'adults', to: 'by_country' }, { from: 'by_country', to: 'save' }],
});

function collectRun(runId: string): Promise<RunEvent[]> {
  return new Promise((resolve) => {
    const events: RunEvent[] = [];
    const stop = service.subscribe((channel, payload) => {
      if (channel !== 'run.event' || payload.runId !== runId) return;
      events.push(payload);
      if (payload.type === 'run.finished') { stop(); resolve(events); }
    });
  });
}

describe('StudioService over the engine', () => {
  it('reports the data folder: TRIBUTARY_HOME, else .tributary in the workspace', () => {
    expect(defaultDataDir('/w', {})).toBe('/w/.tributary');
    expect(defaultDataDir('/w', { TRIBUTARY_HOME: '/elsewhere' })).toBe('/elsewhere');
  });

  it('lists the catalog and describes the app', async () => {
    const kinds = await service.call('catalog.list', {});
    expect(kinds.map((k) => k.kind)).toContain('transform.filter');
    const info = await service.call('app.info', {});
    expect(info).toMatchObject({ mode: 'browser', workspace });
    expect(info.cores).toBeGreaterThan(0);
  });

  it('lists every function of the expression language with its usage and description', async () => {
    const fns = await service.call('catalog.functions', {});
    const round = fns.find((f) => f.name === 'round');
    expect(round?.usage).toContain('round(x, digits)');
    expect(round?.doc.length).toBeGreaterThan(10);
    expect(fns.map((f) => f.name)).toEqual(expect.arrayContaining(['month', 'coalesce', 'concat', 'abs']));
    expect(fns.every((f) => f.usage.startsWith(f.name) && f.doc !== '')).toBe(true);
  });

  it('checks the example pipelines: no issues, a schema for every port', async () => {
    const examples = await service.call('files.examples', {});
    expect(examples.map((e) => e.path).sort()).toEqual(['house-prices.json', 'revenue-by-country.json']);
    for (const example of examples) {
      const checked = await service.call('pipeline.check', { document: example.document });
      expect(checked.issues).toEqual([]);
      // Every node with an output (sinks have none) has its port schemas.
      for (const node of example.document.nodes.filter((n) => !n.kind.startsWith('sink.'))) expect(Object.keys(checked.ports).some((p) => p.startsWith(`${node.id}.`))).toBe(true);
    }
    const revenue = examples.find((e) => e.path === 'revenue-by-country.json')!;
    const checked = await service.call('pipeline.check', { document: revenue.document });
    expect(checked.ports['by_country.out']?.fields.map((f) => f.name)).toEqual(['country', 'revenue', 'orders', 'buyers']);
  });

  it('checks a broken document: issues name the node and param, ports hold what could be inferred', async () => {
    const doc = users(10);
    const broken = { ...doc, nodes: doc.nodes.map((n) => n.id === 'adults' ? { ...n, params: { condition: 'agee >= 18' } } : n) };
    const checked = await service.call('pipeline.check', { document: broken });
    expect(checked.issues.length).toBeGreaterThan(0);
    expect(checked.issues[0]).toMatchObject({ nodeId: 'adults', param: 'condition' });
    expect(checked.ports['users.out']?.fields.some((f) => f.name === 'age')).toBe(true);
    // A run of it is refused before it starts, with the same issues.
    const refused = await service.call('run.start', { document: broken }).catch((e: unknown) => toApiError(e));
    expect(refused).toMatchObject({ issues: [expect.objectContaining({ nodeId: 'adults', param: 'condition' })] });
  });

  it('explains the plan', async () => {
    const explained = await service.call('pipeline.explain', { document: users(100) });
    expect(explained.logical).toMatch(/Filter/);
    expect(explained.physical.length).toBeGreaterThan(0);
    expect(Array.isArray(explained.rulesFired)).toBe(true);
  });

  it('previews a node with cells and column summaries that agree with the rows', async () => {
    const preview = await service.call('node.preview', { document: users(500), nodeId: 'adults', limit: 40 });
    expect(preview.nodeId).toBe('adults');
    expect(preview.rows).toHaveLength(40);
    expect(preview.totalRows).toBeGreaterThanOrEqual(40);
    const age = preview.schema.fields.findIndex((f) => f.name === 'age');
    const ages = preview.rows.map((r) => r[age]);
    expect(ages.filter((a) => a !== null).every((a) => (a as number) >= 18)).toBe(true);
    const summary = preview.summaries.find((s) => s.name === 'age')!;
    expect(summary.nulls).toBe(ages.filter((a) => a === null).length);
    expect(summary.min).toBe(Math.min(...ages.filter((a) => a !== null) as number[]));
    expect(summary.histogram.reduce((n, b) => n + b.count, 0)).toBe(40 - summary.nulls);
    expect(JSON.parse(JSON.stringify(preview))).toEqual(preview);
  });

  it('runs a pipeline: answers a run id at once, streams valid events, writes the sink in the workspace', async () => {
    const { runId } = await service.call('run.start', { document: users(2000), partitions: 2 });
    const events = await collectRun(runId);
    for (const e of events) expect(runEventSchema.safeParse(e).success).toBe(true);
    expect(events[0]?.type).toBe('run.started');
    const finished = events.at(-1)!;
    expect(finished).toMatchObject({ type: 'run.finished', status: 'COMPLETED' });
    expect(existsSync(path.join(workspace, 'out/by-country.csv'))).toBe(true);
    expect(service.cancelRun(runId)).toBe(false);
    expect(await service.call('run.cancel', { runId: 'no-such-run' })).toEqual({ cancelled: false });
  });

  it('cancels a running run: the run ends CANCELLED', async () => {
    const big: PipelineDocument = {
      version: 1, name: 'big',
      nodes: [
        { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 20_000_000 } },
        { id: 'by_user', kind: 'transform.aggregate',
          params: { groupBy: ['user_id'], aggregations: [{ fn: 'sum', column: 'amount', as: 'total' }] } },
      ],
      edges: [{ from: 'events', to: 'by_user' }],
    };
    const { runId } = await service.call('run.start', { document: big, partitions: 2 });
    const done = collectRun(runId);
    expect(await service.call('run.cancel', { runId })).toEqual({ cancelled: true });
    const finished = (await done).at(-1);
    expect(finished).toMatchObject({ type: 'run.finished', status: 'CANCELLED' });
  });
});

/** Resolves when the history says the run reached a final state (after the store has it). */
function settled(runId: string): Promise<string> {
  return new Promise((resolve) => {
    const stop = service.subscribe((channel, payload) => {
      if (channel !== 'history' || payload.runId !== runId) return;
      if (['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'].includes(payload.state)) { stop(); resolve(payload.state); }
    });
  });
}

describe('StudioService run history', () => {
  it('records the studio run, lists it, gives it whole and re-runs the document as it ran', async () => {
    const { runId } = await service.call('run.start', { document: users(500), path: 'adults.json' });
    expect(await settled(runId)).toBe('COMPLETED');
    const listed = await service.call('history.list', { pipeline: 'adults.json' });
    expect(listed[0]).toMatchObject({ id: runId, state: 'COMPLETED', trigger: 'studio', pipeline: path.join(workspace, 'adults.json') });
    const record = await service.call('history.get', { runId });
    expect(record.document).toEqual(users(500));
    expect(record.partitions.length).toBeGreaterThan(0);
    const again = await service.call('history.rerun', { runId });
    expect(await settled(again.runId)).toBe('COMPLETED');
    const rerun = await service.call('history.get', { runId: again.runId });
    expect(rerun).toMatchObject({ state: 'COMPLETED', trigger: `rerun:${runId}`, contentHash: record.contentHash });
  });

  it('previews a schedule timing, adds, pauses and removes a schedule', async () => {
    const preview = await service.call('schedules.preview', { cron: '0 6 * * MON-FRI', timezone: 'Europe/Berlin' });
    expect(preview.description).toBe('every weekday at 06:00, Europe/Berlin');
    expect(preview.nextFireTimes).toHaveLength(5);
    await expect(service.call('schedules.add', { pipeline: 'nowhere.json', every: '1h' })).rejects.toThrow(/no pipeline file/);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(workspace, 'adults.json'), JSON.stringify(users(100)));
    const added = await service.call('schedules.add', { pipeline: 'adults.json', every: '1h', name: 'hourly' });
    expect(added).toMatchObject({ name: 'hourly', enabled: true, description: 'every hour' });
    expect((await service.call('schedules.pause', { name: 'hourly' })).enabled).toBe(false);
    expect((await service.call('schedules.list', {})).map((s) => s.name)).toEqual(['hourly']);
    await service.call('schedules.remove', { name: 'hourly' });
    expect(await service.call('schedules.list', {})).toEqual([]);
  });

  it("runs under the studio setting's memory budget when the document names none; the document's own comes first", async () => {
    const distinctEvents = (settings?: PipelineDocument['settings']): PipelineDocument => ({
      version: 1, name: 'by-event', ...(settings ? { settings } : {}),
      nodes: [
        { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 100_000 } },
        // One group per event: the data between the stages is as big as the input (a few MB).
        { id: 'by_event', kind: 'transform.aggregate', params: { groupBy: ['event_id'], aggregations: [{ fn: 'sum', column: 'amount', as: 's' }] } },
        { id: 'save', kind: 'sink.csv', params: { path: 'out/by-event.csv' } },
      ],
      edges: [{ from: 'events', to: 'by_event' }, { from: 'by_event', to: 'save' }],
    });
    const spilled = async (doc: PipelineDocument): Promise<number> => {
      const { runId } = await service.call('run.start', { document: doc, partitions: 2 });
      const [events, state] = await Promise.all([collectRun(runId), settled(runId)]);
      expect(state).toBe('COMPLETED');
      for (const e of events) expect(runEventSchema.safeParse(e).success).toBe(true);
      expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'COMPLETED' });
      const bytes = events.reduce((n, e) => n + (e.type === 'stage.finished' ? e.spilledBytes ?? 0 : 0), 0);
      // The run history keeps the same figures, per stage and per node.
      const record = await service.call('history.get', { runId });
      expect(record.stageSummaries.reduce((n, st) => n + (st.spilledBytes ?? 0), 0)).toBe(bytes);
      expect(record.nodeMetrics.reduce((n, m) => n + (m.spilledBytes ?? 0), 0)).toBe(bytes);
      return bytes;
    };
    await service.call('settings.save', { dataFolders: [], memoryBudgetMB: 1 });
    try {
      expect(await spilled(distinctEvents())).toBeGreaterThan(0);
      expect(await spilled(distinctEvents({ memoryBudgetMB: 4096 }))).toBe(0);
    } finally {
      await service.call('settings.save', { dataFolders: [] });
    }
    expect(await spilled(distinctEvents())).toBe(0);
  });
});
