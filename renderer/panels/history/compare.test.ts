import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../main/api.ts';
import { compareRuns } from './compare.ts';

const run = (id: string, createdAt: number, rows: number, condition: string): RunRecord => ({
  id, createdAt, state: 'COMPLETED', trigger: 'studio', pipeline: 'p.json', pipelineName: 'p', contentHash: id, attempt: 1,
  firstRunId: id, maxAttempts: 1, nodes: {}, options: {}, timeline: [], skewedStages: [], outputs: [], models: [], logs: [],
  targets: [], cancelRequested: false, stageSummaries: [], target: 'local',
  document: { version: 1, name: 'p', nodes: [{ id: 'f', kind: 'transform.filter', params: { condition } }], edges: [] },
  nodeMetrics: [{ nodeId: 'f', rows, durationMs: rows / 10 }],
  stages: [{ stageId: 0, nodeIds: ['s', 'f'], partitions: 2, exchange: 'sink' }],
  partitions: [0, 1].map((partition) => ({ stageId: 0, partition, rowsIn: rows, rowsOut: rows / 2, bytes: 0, durationMs: 5 + partition, spilledBytes: 0 })),
});

describe('compareRuns', () => {
  it('puts the older run first, per node and per stage (rows summed, time the slowest partition), and the document change', () => {
    const c = compareRuns(run('new', 2, 400, 'x > 2'), run('old', 1, 100, 'x > 1'));
    expect(c.runs.map((r) => r.id)).toEqual(['old', 'new']);
    expect(c.nodes).toEqual([{ key: 'f', rows: [100, 400], ms: [10, 40] }]);
    expect(c.stages).toEqual([{ key: 's, f', rows: [100, 400], ms: [6, 6] }]);
    expect(c.documentChanges).toEqual(["node 'f': condition \"x > 1\" -> \"x > 2\""]);
  });
});
