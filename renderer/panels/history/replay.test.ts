// A recorded run replays into the same RunView its live events built.

import { describe, expect, it } from 'vitest';
import type { RunEvent, RunRecord } from '../../../main/api.ts';
import { applyRunEvent, startingRun } from '../../run/run-state.ts';
import { replayRun, runEvents } from './replay.ts';

const stages = [{ stageId: 0, nodeIds: ['a'], partitions: 2, exchange: 'hash(k)' }, { stageId: 1, nodeIds: ['b'], partitions: 1, exchange: 'sink' }];
const partitions = [
  { stageId: 0, partition: 0, rowsIn: 10, rowsOut: 10, bytes: 80, durationMs: 2, spilledBytes: 0 },
  { stageId: 0, partition: 1, rowsIn: 90, rowsOut: 90, bytes: 720, durationMs: 9, spilledBytes: 0 },
  { stageId: 1, partition: 0, rowsIn: 100, rowsOut: 100, bytes: 800, durationMs: 3, spilledBytes: 0 },
];
const summary = { stageId: 0, rows: { min: 10, median: 50, max: 90 }, durationMs: { min: 2, median: 5, max: 9 }, skewed: true, skewedPartitions: [1], slowest: { partition: 1, reason: 'rows' } };
const record = {
  id: 'r1', target: 'local', state: 'COMPLETED', trigger: 'studio', pipeline: 'p.json', pipelineName: 'p', contentHash: 'h', createdAt: 1, startedAt: 5,
  finishedAt: 20, durationMs: 15, attempt: 1, firstRunId: 'r1', maxAttempts: 1, nodes: { a: 100, b: 100 },
  document: { version: 1, name: 'p', nodes: [{ id: 'a', kind: 'source.sample', params: {} }, { id: 'b', kind: 'sink.csv', params: {} }], edges: [] },
  options: {}, timeline: [], nodeMetrics: [{ nodeId: 'a', rows: 100, durationMs: 11 }, { nodeId: 'b', rows: 100, durationMs: 3 }],
  stages, stageSummaries: [summary], partitions, skewedStages: [0], outputs: [], models: [], logs: [{ at: 6, level: 'warn', message: 'hot key' }],
  targets: [], cancelRequested: false,
} as RunRecord;

describe('replayRun', () => {
  it('rebuilds what the live events built: stages with partitions, skew, rows per node, logs', () => {
    const live: RunEvent[] = [
      { type: 'run.started', runId: 'r1', at: 5, stages },
      ...partitions.map((p) => ({ type: 'partition.finished' as const, runId: 'r1', ...p })),
      { type: 'stage.finished', runId: 'r1', ...summary },
      { type: 'log', runId: 'r1', level: 'warn', message: 'hot key' },
      { type: 'run.finished', runId: 'r1', status: 'COMPLETED', durationMs: 15, nodes: record.nodeMetrics },
    ];
    expect(replayRun(record)).toEqual(live.reduce(applyRunEvent, startingRun(['a', 'b'])));
    const view = replayRun(record);
    expect(view.stages[0]!.summary?.skewed).toBe(true);
    expect(view.stages[0]!.partitions.map((p) => p?.rowsOut)).toEqual([10, 90]);
    expect(view.nodes['a']).toMatchObject({ state: 'done', rows: 100 });
    expect(runEvents({ ...record, state: 'CRASHED', error: { message: 'gone', retryable: false } }).at(-1)).toMatchObject({ status: 'FAILED', error: { message: 'gone' } });
  });
});
