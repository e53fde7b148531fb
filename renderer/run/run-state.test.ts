import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../main/api.ts';
import { applyRunEvent, clearNodeErrors, failedToStart, nodesNowPassing, startingRun } from './run-state.ts';

const started: RunEvent = {
  type: 'run.started', runId: 'r1', at: 0,
  stages: [
    { stageId: 0, nodeIds: ['src', 'f'], partitions: 2, exchange: 'hash(k)' },
    { stageId: 1, nodeIds: ['agg'], partitions: 3, exchange: 'sink' },
  ],
};

function fold(events: RunEvent[]) {
  return events.reduce(applyRunEvent, startingRun(['src', 'f', 'agg']));
}

describe('run state', () => {
  it('adopts the first run it hears of and makes one heat cell per partition per stage', () => {
    const run = fold([started]);
    expect(run.runId).toBe('r1');
    expect(run.stages.map((s) => s.partitions.length)).toEqual([2, 3]);
    expect(run.nodes.agg!.partitionsTotal).toBe(3);
  });

  it('ignores events of another run', () => {
    const run = fold([started, { type: 'node.progress', runId: 'other', nodeId: 'f', rows: 9, partitionsDone: 1, partitionsTotal: 2 }]);
    expect(run.nodes.f!.rows).toBe(0);
  });

  it('tracks progress, partitions and the final summary', () => {
    const run = fold([
      started,
      { type: 'node.progress', runId: 'r1', nodeId: 'f', rows: 50, partitionsDone: 1, partitionsTotal: 2 },
      { type: 'partition.finished', runId: 'r1', stageId: 1, partition: 2, rowsIn: 5, rowsOut: 4, bytes: 0, durationMs: 3, spilledBytes: 0 },
    ]);
    expect(run.nodes.f).toMatchObject({ state: 'running', rows: 50, partitionsDone: 1 });
    expect(run.stages[1]!.partitions[2]?.rowsOut).toBe(4);
    const done = applyRunEvent(run, {
      type: 'run.finished', runId: 'r1', status: 'COMPLETED', durationMs: 12,
      nodes: [{ nodeId: 'src', rows: 100, durationMs: 4 }, { nodeId: 'f', rows: 60, durationMs: 5 }, { nodeId: 'agg', rows: 3, durationMs: 2 }],
    });
    expect(done.status).toBe('COMPLETED');
    expect(Object.values(done.nodes).map((n) => n.state)).toEqual(['done', 'done', 'done']);
    expect(done.nodes.f).toMatchObject({ rows: 60, durationMs: 5, partitionsDone: 2 });
  });

  it('puts a run error on the failing node and stops the others', () => {
    const run = applyRunEvent(fold([started]), {
      type: 'run.finished', runId: 'r1', status: 'FAILED', durationMs: 1, nodes: [], error: { nodeId: 'f', message: 'boom' },
    });
    expect(run.nodes.f).toMatchObject({ state: 'failed', error: 'boom' });
    expect(run.nodes.agg!.state).toBe('cancelled');
    expect(failedToStart(startingRun(['a', 'b']), 'bad', 'b').nodes.b).toMatchObject({ state: 'failed', error: 'bad' });
  });
});

describe('clearing a node error whose cause may be fixed', () => {
  const failedRun = fold([started, { type: 'run.finished', runId: 'r1', status: 'FAILED', durationMs: 5, nodes: [], error: { nodeId: 'f', message: 'boom' } }]);

  it('drops the failed node run line; others and unknown ids are untouched', () => {
    expect(failedRun.nodes.f).toMatchObject({ state: 'failed', error: 'boom' });
    const cleared = clearNodeErrors(failedRun, ['f', 'src', 'nope']);
    expect(cleared.nodes.f).toBeUndefined();
    expect(cleared.nodes.src).toEqual(failedRun.nodes.src);
    expect(clearNodeErrors(failedRun, ['src'])).toBe(failedRun);
  });

  it('a run refused on a check: the nodes that pass the check now are fixed', () => {
    const refused = failedToStart(startingRun(['src', 'f']), "unknown column 'agee'", 'f');
    expect(nodesNowPassing(refused, new Set(['f']))).toEqual([]);
    expect(nodesNowPassing(refused, new Set())).toEqual(['f']);
    // A run that ran and failed: its error is not the check's to clear.
    expect(nodesNowPassing(failedRun, new Set())).toEqual([]);
  });
});
