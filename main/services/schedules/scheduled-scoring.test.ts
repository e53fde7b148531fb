// Train once, score on a schedule: a training pipeline saves its fitted model (saveTo); a scoring
// pipeline with model.load is put on a schedule, fired by the real Scheduler on a fake clock over
// a real SQLite run store, and run by the real Runner and Engine. Both runs land in the history
// with their outputs (the model folder, the scored file), the scoring run knows its schedule, and
// the scored rows equal the same model fitted and applied in one in-process run.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../engine/exec/engine.ts';
import type { PipelineDocument } from '../../../engine/document/document-types.ts';
import { readParquetRows } from '../../../test/spark/run-tributary.ts';
import { FakeClock } from '../runs/clock.ts';
import { Runner } from '../runs/runner.ts';
import { SqliteRunStore } from '../runs/sqlite-store.ts';
import { addSchedule } from './schedule-service.ts';
import { Scheduler } from './scheduler.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'tributary-scheduled-scoring-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const trainRows = { id: 'train', kind: 'source.sample', params: { dataset: 'houses', rows: 4000, seed: 21 } };
const newRows = { id: 'fresh', kind: 'source.sample', params: { dataset: 'houses', rows: 2500, seed: 22 } };
const features = (id: string) => ({ id, kind: 'feature.vectorAssembler', params: { inputCols: ['sqft', 'bedrooms'] } });
const linear = (saveTo?: string) => ({ id: 'lin', kind: 'model.linearRegression', params: { labelCol: 'price', regParam: 0.05, ...(saveTo ? { saveTo } : {}) } });

const training: PipelineDocument = {
  version: 1, name: 'train weekly',
  nodes: [trainRows, features('asm'), linear('models/price'), { id: 'fitted', kind: 'sink.parquet', params: { path: 'out/fitted.parquet' } }],
  edges: [{ from: 'train', to: 'asm' }, { from: 'asm', to: 'lin.train' }, { from: 'lin', to: 'fitted' }],
};
const scoring: PipelineDocument = {
  version: 1, name: 'score daily',
  nodes: [newRows, features('asm'), { id: 'model', kind: 'model.load', params: { path: 'models/price' } },
    { id: 'scored', kind: 'sink.parquet', params: { path: 'out/scored.parquet' } }],
  edges: [{ from: 'fresh', to: 'asm' }, { from: 'asm', to: 'model.score' }, { from: 'model', to: 'scored' }],
};
/** The same fit and the same scoring in one run (train and score ports), no folder between. */
const inProcess: PipelineDocument = {
  version: 1, name: 'fit and score',
  nodes: [trainRows, newRows, features('asm'), features('asm2'), linear(), { id: 'scored', kind: 'sink.parquet', params: { path: 'out/in-process.parquet' } }],
  edges: [{ from: 'train', to: 'asm' }, { from: 'fresh', to: 'asm2' }, { from: 'asm', to: 'lin.train' }, { from: 'asm2', to: 'lin.score' }, { from: 'lin', to: 'scored' }],
};

describe('a scheduled pipeline scoring with a model saved by an earlier run', () => {
  it('trains and saves, then the schedule fires the scoring run; both are in the history; the scores equal in-process scoring', async () => {
    const trainFile = path.join(root, 'train.json');
    const scoreFile = path.join(root, 'score.json');
    writeFileSync(trainFile, JSON.stringify(training));
    writeFileSync(scoreFile, JSON.stringify(scoring));
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 0, 0, 30));
    const store = SqliteRunStore.open(path.join(root, 'home'), { heartbeatTimer: false, now: () => clock.now() });
    const engine = new Engine({ threads: 2 });
    const runner = new Runner({ store, engine: () => engine, clock });
    try {
      // 1. The training run, as `tributary run train.json` records it.
      const trained = runner.submit({ document: training, pipeline: trainFile, baseDir: root, trigger: 'cli' });
      const trainOutcome = await trained.done;
      expect(store.get(trained.runId)!.state, JSON.stringify(trainOutcome)).toBe('COMPLETED');

      // 2. The scoring pipeline on a schedule: every minute from midnight; the clock moves past
      //    00:01 so the scheduler fires once and the runner's poll picks the run up.
      addSchedule(store, { pipeline: scoreFile, every: '1m', anchor: '2026-01-05T00:00:00Z', name: 'score', overlap: 'queue' }, root, clock.now());
      const completed = new Promise<string>((resolve) => runner.listen({
        onHistory: (c) => { if (c.state === 'COMPLETED' && c.runId !== trained.runId) resolve(c.runId); },
      }));
      runner.startPolling();
      const scheduler = new Scheduler({ store, clock, tickMs: 1000, graceMs: 120_000 });
      scheduler.start();
      clock.advance(31_000);
      const scoredId = await completed;
      scheduler.stop();

      // 3. The history: both runs, with their outputs.
      const listed = store.list({ limit: 10 });
      expect(listed.map((r) => [r.id, r.state]).sort()).toEqual([[scoredId, 'COMPLETED'], [trained.runId, 'COMPLETED']].sort());
      const trainRun = store.get(trained.runId)!;
      expect(trainRun.outputs).toEqual(expect.arrayContaining([
        expect.objectContaining({ nodeId: 'lin', path: path.join(root, 'models/price') }),
        expect.objectContaining({ nodeId: 'fitted', path: path.join(root, 'out/fitted.parquet'), rows: 4000 }),
      ]));
      expect(trainRun.models.find((m) => m.nodeId === 'lin')?.kind).toBe('model.linearRegression');
      const scoreRun = store.get(scoredId)!;
      expect(scoreRun).toMatchObject({ trigger: 'schedule:score', scheduleName: 'score', pipeline: scoreFile, scheduledAt: Date.UTC(2026, 0, 5, 0, 1) });
      expect(scoreRun.outputs).toEqual([expect.objectContaining({ nodeId: 'scored', path: path.join(root, 'out/scored.parquet'), rows: 2500 })]);
      expect(scoreRun.timeline.map((t) => t.state)).toEqual(['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED']);

      // 4. The scheduled scores equal scoring in-process with the same fit.
      const here = await engine.run(inProcess, { baseDir: root });
      expect(here.error).toBeUndefined();
      const scheduled = await readParquetRows(path.join(root, 'out/scored.parquet'), undefined);
      const direct = await readParquetRows(path.join(root, 'out/in-process.parquet'), undefined);
      expect(scheduled.columns).toEqual(direct.columns);
      expect(scheduled.rows).toHaveLength(2500);
      const p = scheduled.columns.indexOf('prediction');
      const differing = scheduled.rows.filter((r, i) => {
        const a = r[p] as number; const b = direct.rows[i]![p] as number;
        return !(Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)));
      });
      expect(differing).toEqual([]);
      // Every other column passes through unchanged.
      expect(scheduled.rows.map((r) => r.filter((_, j) => j !== p))).toEqual(direct.rows.map((r) => r.filter((_, j) => j !== p)));
    } finally {
      await runner.close();
      await engine.close();
      store.close();
    }
  }, 60_000);
});
