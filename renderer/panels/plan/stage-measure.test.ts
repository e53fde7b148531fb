import { describe, expect, it } from 'vitest';
import type { PlanGraph } from '../../../main/api.ts';
import type { StageView } from '../../run/run-state.ts';
import { runIsStale, stageMeasure } from './stage-measure.ts';

const stage: PlanGraph['stages'][number] = { id: 2, partitions: 3, nodeIds: ['j', 'agg'], operators: [], inMain: false, output: 'Count' };
const part = (partition: number, rowsOut: number, durationMs: number) => ({
  type: 'partition.finished' as const, runId: 'r', stageId: 2, partition, rowsIn: rowsOut, rowsOut, bytes: 0, durationMs, spilledBytes: 0,
});
const mitigation = {
  kind: 'split-join' as const, stageId: 2, nodeId: 'j', partition: 1, rows: 900, medianRows: 50, splitInto: 3,
  subPartitions: [], message: 'split',
};
const ran: StageView = {
  info: { stageId: 2, nodeIds: ['j', 'agg'], partitions: 3, exchange: 'single' },
  partitions: [part(0, 50, 10), part(1, 900, 80), undefined],
  summary: {
    type: 'stage.finished', runId: 'r', stageId: 2, rows: { min: 50, median: 50, max: 900 }, durationMs: { min: 10, median: 10, max: 80 },
    skewed: true, skewedPartitions: [1], slowest: { partition: 1, reason: 'rows' }, mitigations: [mitigation],
  },
};

describe('stageMeasure', () => {
  it('sums the rows out of the finished partitions and takes the slowest and the median time', () => {
    expect(stageMeasure(stage, [ran])).toEqual({
      partitionsDone: 2, partitions: 3, rowsOut: 950, slowestMs: 80, medianMs: 45,
      skewed: true, skewedPartitions: [1], mitigations: [mitigation],
    });
  });
  it('shows nothing for a stage whose nodes differ from the stage that ran (the plan changed since)', () => {
    expect(stageMeasure({ ...stage, nodeIds: ['j'] }, [ran])).toBeUndefined();
    expect(runIsStale({ stages: [{ ...stage, nodeIds: ['j'] }], edges: [] }, [ran])).toBe(true);
    expect(runIsStale({ stages: [stage], edges: [] }, [ran])).toBe(false);
    expect(runIsStale({ stages: [stage], edges: [] }, [])).toBe(false);
  });
  it('shows nothing before a partition of the stage finished', () => {
    expect(stageMeasure(stage, [{ ...ran, partitions: [undefined, undefined, undefined] }])).toBeUndefined();
  });
});
