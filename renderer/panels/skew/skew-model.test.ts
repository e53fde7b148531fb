import { describe, expect, it } from 'vitest';
import type { PipelineDocument, RunEvent } from '../../../main/api.ts';
import { applyRunEvent, startingRun } from '../../run/run-state.ts';
import { heatRows } from './skew-model.ts';

const doc: PipelineDocument = {
  version: 1, name: 't', edges: [],
  nodes: [{ id: 'ev', kind: 'source.sample', params: {} }, { id: 'j', kind: 'join', params: {} }, { id: 'agg', kind: 'transform.aggregate', params: {} }],
};

function part(stageId: number, partition: number, rows: number, ms: number): RunEvent {
  return { type: 'partition.finished', runId: 'r', stageId, partition, rowsIn: rows, rowsOut: rows, bytes: 0, durationMs: ms, spilledBytes: 0 };
}

const events: RunEvent[] = [
  { type: 'run.started', runId: 'r', at: 0, stages: [
    { stageId: 0, nodeIds: ['ev'], partitions: 4, exchange: 'hash(user_id)' },
    { stageId: 2, nodeIds: ['j', 'agg'], partitions: 4, exchange: 'sink' },
  ] },
  part(0, 0, 100, 10), part(0, 1, 100, 10), part(0, 2, 100, 10), part(0, 3, 100, 40),
  part(2, 0, 10, 1), part(2, 1, 10, 1), part(2, 2, 10, 1), part(2, 3, 70, 9),
  { type: 'stage.finished', runId: 'r', stageId: 2, rows: { min: 10, median: 10, max: 70 }, durationMs: { min: 1, median: 1, max: 9 },
    skewed: true, skewedPartitions: [3], slowest: { partition: 3, reason: 'rows' }, hotKey: { column: 'user_id', value: '17', share: 0.6 } },
];

describe('skew heatmap model', () => {
  const run = events.reduce(applyRunEvent, startingRun(['ev', 'j', 'agg']));

  it('has one cell per partition per stage, lit by the value against its stage median', () => {
    const rows = heatRows(run.stages, 'rows', doc);
    expect(rows.map((r) => r.cells.length)).toEqual([4, 4]);
    // An even stage is calm whatever its size; 7x the median burns fully.
    expect(rows[0]!.cells.map((c) => c.intensity)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(rows[1]!.cells[0]!.intensity).toBeCloseTo(0.25);
    expect(rows[1]!.cells[3]!.intensity).toBe(1);
    const byTime = heatRows(run.stages, 'time', doc);
    expect(byTime[0]!.cells[3]!.intensity).toBe(1);
    expect(byTime[0]!.cells[0]!.intensity).toBeCloseTo(0.25);
  });

  it('marks and explains the skewed cell with its share and hot key, and suggests a join fix', () => {
    const row = heatRows(run.stages, 'rows', doc)[1]!;
    expect(row.cells.map((c) => c.skewed)).toEqual([false, false, false, true]);
    expect(row.cells[3]!.text).toMatch(/^partition 3 holds 70% of the rows of stage 2: key user_id = 17 dominates/);
    expect(row.fix).toMatch(/Broadcast the small side of join 'j'.*salted join/);
  });

  it('tells the bytes a partition spilled, per node, in its tooltip', () => {
    const spilled: RunEvent = { ...part(0, 1, 100, 10), spilledBytes: 3 * 1048576, spilledByNode: { ev: 1048576, agg: 2 * 1048576 } } as RunEvent;
    const withSpill = [...events.slice(0, 2), spilled, ...events.slice(3)].reduce(applyRunEvent, startingRun([]));
    const cells = heatRows(withSpill.stages, 'rows', doc)[0]!.cells;
    expect(cells[1]!.text).toMatch(/\(100 rows, 10 ms, spilled 3\.0 MB to disk \(ev 1\.0 MB, agg 2\.0 MB\)\)$/);
    expect(cells[0]!.text).not.toMatch(/spilled/);
  });

  it('shows unfinished partitions as running', () => {
    const partial = events.slice(0, 3).reduce(applyRunEvent, startingRun([]));
    const cells = heatRows(partial.stages, 'rows', doc)[0]!.cells;
    expect(cells.map((c) => c.finished)).toEqual([true, true, false, false]);
  });

  it('draws a split join partition as sub-cells and explains the cause and the split', () => {
    const split: RunEvent = {
      type: 'stage.finished', runId: 'r', stageId: 2, rows: { min: 10, median: 10, max: 70 }, durationMs: { min: 1, median: 1, max: 9 },
      skewed: true, skewedPartitions: [3], slowest: { partition: 3, reason: 'rows' },
      cause: { kind: 'key', message: 'key skew: partition 3 holds 70 rows (70% of the stage)', fix: 'broadcast the small side' },
      mitigations: [{
        kind: 'split-join', stageId: 2, nodeId: 'j', partition: 3, rows: 70, medianRows: 10, splitInto: 3,
        subPartitions: [{ rows: 24, durationMs: 3 }, { rows: 23, durationMs: 3 }, { rows: 23, durationMs: 2 }], message: 'split',
      }],
    };
    const after = [...events, split].reduce(applyRunEvent, startingRun(['ev', 'j', 'agg']));
    const rows = heatRows(after.stages, 'rows', doc);
    expect(rows[1]!.cells[3]!.split?.map((x) => x.rows)).toEqual([24, 23, 23]);
    expect(rows[1]!.cells[3]!.text).toContain('split into 3 sub-partitions');
    expect(rows[1]!.cells[2]!.split).toBeUndefined();
    expect(rows[1]!.fix).toBe('key skew: partition 3 holds 70 rows (70% of the stage). Fix: broadcast the small side.');
  });

  it('marks coalesced partitions with their group and says they ran as one task', () => {
    const coalesced: RunEvent = {
      type: 'stage.finished', runId: 'r', stageId: 2, rows: { min: 10, median: 10, max: 70 }, durationMs: { min: 1, median: 1, max: 9 },
      skewed: false, skewedPartitions: [], slowest: { partition: 3, reason: 'rows' },
      mitigations: [{
        kind: 'coalesce', stageId: 2, nodeId: 'j', partition: 0, partitions: 4, tasks: 2,
        groups: [{ partitions: [0, 1, 2], rows: 30 }], targetRows: 10_000, message: 'coalesced',
      }],
    };
    const after = [...events, coalesced].reduce(applyRunEvent, startingRun(['ev', 'j', 'agg']));
    const cells = heatRows(after.stages, 'rows', doc)[1]!.cells;
    expect(cells.map((c) => c.coalesced)).toEqual([[0, 1, 2], [0, 1, 2], [0, 1, 2], undefined]);
    expect(cells[1]!.text).toContain('coalesced: partitions 0-2 ran as one task');
    expect(cells[3]!.text).not.toContain('coalesced');
    expect(cells.every((c) => c.split === undefined)).toBe(true);
  });
});
