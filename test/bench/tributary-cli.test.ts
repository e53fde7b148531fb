// How the bench reads `tributary run --json` (bench/engines/tributary-cli.ts): the outcome, the
// output file and spilled bytes wherever the result reports them; a failure with its reason.

import { describe, expect, it } from 'vitest';
import { parseRunOutput, spilledBytesOf } from '../../bench/engines/tributary-cli.ts';

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
