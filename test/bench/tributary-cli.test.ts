// How the bench reads `tributary run --json` (bench/engines/tributary-cli.ts): the outcome, the
// output file and spilled bytes wherever the result reports them; a failure with its reason.

import { describe, expect, it } from 'vitest';
import { parseRunOutput, skewedStageOf, spilledBytesOf } from '../../bench/engines/tributary-cli.ts';

const completed = {
  runId: 'r1', status: 'COMPLETED', durationMs: 722.8,
  nodes: [{ nodeId: 'events', rows: 10, durationMs: 1 }],
  outputs: [{ nodeId: 'save', path: '/tmp/out.parquet', rows: 12 }],
};

describe('parseRunOutput', () => {
  it('reads a completed run: its time and output file', () => {
    expect(parseRunOutput(JSON.stringify(completed, null, 2), 0, '')).toEqual({
      ok: true, durationMs: 722.8, outputPath: '/tmp/out.parquet',
    });
  });

  it('reports a failed run with the node and the engine message', () => {
    const failed = { ...completed, status: 'FAILED', outputs: [], error: { nodeId: 'by_user', message: 'out of memory' } };
    expect(parseRunOutput(JSON.stringify(failed), 1, '')).toEqual({
      ok: false, error: "run FAILED at node 'by_user' (exit code 1): out of memory",
    });
  });

  it('reports a process that printed no result, with its stderr', () => {
    const r = parseRunOutput('', 2, 'tributary run: unknown option \'--memory\'\nusage: ...');
    expect(r.ok).toBe(false);
    expect(r.error).toContain("exit code 2, no --json result\ntributary run: unknown option '--memory'");
  });
});

describe('spilledBytesOf', () => {
  it('takes a top-level figure first', () => {
    expect(spilledBytesOf({ spilledBytes: 5, stages: [{ spilledBytes: 1 }] })).toBe(5);
  });

  it('sums the stages, else the nodes', () => {
    expect(spilledBytesOf({ stages: [{ spilledBytes: 1 }, { spilledBytes: 2 }, {}] })).toBe(3);
    expect(spilledBytesOf({ stages: [{}], nodes: [{ spilledBytes: 7 }] })).toBe(7);
  });

  it('is undefined when nothing reports it (the table says n/a, not 0)', () => {
    expect(spilledBytesOf(completed)).toBeUndefined();
  });
});

describe('skewedStageOf', () => {
  const stage = (stageId: number, skewed: boolean, maxRows: number, max: number, median: number) => ({
    stageId, skewed, rows: { min: 0, median: 10, max: maxRows }, durationMs: { min: 1, median, max },
  });

  it('reads the skewed stage with the most rows in a partition', () => {
    const result = { ...completed, stages: [stage(0, false, 900, 50, 40), stage(1, true, 700, 300, 100), stage(2, true, 800, 200, 90)] };
    expect(skewedStageOf(result)).toEqual({ stageId: 2, slowestMs: 200, medianMs: 90 });
    expect(parseRunOutput(JSON.stringify(result), 0, '').skewedStage).toEqual({ stageId: 2, slowestMs: 200, medianMs: 90 });
  });

  it('is undefined when no stage was skewed, or the result has no stages', () => {
    expect(skewedStageOf({ ...completed, stages: [stage(0, false, 900, 50, 40)] })).toBeUndefined();
    expect(skewedStageOf(completed)).toBeUndefined();
    expect(parseRunOutput(JSON.stringify(completed), 0, '')).not.toHaveProperty('skewedStage');
  });
});
