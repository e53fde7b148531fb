// A task whose output goes over its memory share writes it to spill files from its own worker
// thread and returns refs; the task that reads those refs streams the files in its worker. Real
// worker threads, real files: the assertions are on the refs and the files, not on timing.

import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planPhysical } from '../../physical/planner.ts';
import { opsOf } from '../../physical/physical-types.ts';
import { WorkerPool } from '../pool.ts';
import { isSpilled, type SpillRef } from '../spill.ts';
import type { PartitionTask } from '../run-partition.ts';
import type { EncodedBatch } from '../transfer-codec.ts';
import { decodeBatch } from '../transfer-codec.ts';
import { aggregate, pipeline, sampleScan } from '../plans.test-helper.ts';
import { executePlan } from '../execute.ts';

const pool = new WorkerPool(2);
const spillDir = join(mkdtempSync(join(tmpdir(), 'tributary-outspill-')), 'run');
afterAll(async () => {
  await pool.close();
  rmSync(join(spillDir, '..'), { recursive: true, force: true });
});

describe('task outputs over the task memory share', () => {
  it('come back as spill refs written by the worker, and the reading task streams them in its worker', async () => {
    const ev = await sampleScan('events', 'events', 60_000, 3);
    // Grouped by a unique key: the partial aggregate's output is as big as its input.
    const agg = aggregate('agg', ev, ['event_id'], [{ fn: 'sum', column: 'amount', as: 's' }]);
    const phys = planPhysical(pipeline(agg), { partitions: 2, target: { kind: 'preview', nodeId: 'agg' } });
    const [first, second] = phys.stages;
    expect(first!.output.kind).toBe('hash');
    const spec = (s: typeof first) => ({ id: s!.id, root: s!.root, output: s!.output, partitions: s!.partitions });
    const { planSplits } = await import('../../io/splits.ts');
    const scan = opsOf(first!.root).find((o) => o.kind === 'scan')!;
    const splits = await planSplits({ ...(scan as { scan: object }).scan, op: 'scan' } as never, 1);

    // Stage 0, one partition, a share of 64 KB: its output (about 1 MB) cannot stay in memory.
    const task: PartitionTask<EncodedBatch> = {
      stage: spec(first), partition: 0, splits: { [scan.id]: splits }, inputs: {}, memory: { budgetBytes: 64 * 1024, spillDir },
    };
    const reply = await pool.run(task, []);
    if (!reply.ok) throw new Error(reply.message);
    const out = reply.outcome;
    const entries = out.outputs.flat();
    const refs = entries.filter(isSpilled);
    expect(refs.length).toBeGreaterThan(0);
    // What stayed in memory is less than the share (the last batches after the last spill).
    const inMemory = entries.filter((e): e is EncodedBatch => !isSpilled(e)).reduce((n, e) => n + e.bytes, 0);
    expect(inMemory).toBeLessThan(out.bytes / 4);
    for (const r of refs) expect(existsSync(r.path) && r.path.startsWith(spillDir)).toBe(true);
    const rows = entries.reduce((n, e) => n + (isSpilled(e) ? e.rows : e.length), 0);
    expect(rows).toBe(out.rowsOut);
    expect(out.spilled?.['agg']).toBe(refs.reduce((n, r) => n + r.bytes, 0));

    // Stage 1, partition 0, reads target 0's list as the exchange store hands it: refs, as they are.
    const read = opsOf(second!.root).find((o) => o.kind === 'read')!;
    const list = out.outputs[0]!;
    const listRows = list.reduce((n, e) => n + (isSpilled(e) ? e.rows : e.length), 0);
    const readTask: PartitionTask<EncodedBatch> = {
      stage: spec(second), partition: 0, splits: {}, inputs: { [read.id]: list as (EncodedBatch | SpillRef)[] }, memory: { budgetBytes: 1 << 30, spillDir },
    };
    const readReply = await pool.run(readTask, []);
    if (!readReply.ok) throw new Error(readReply.message);
    expect(readReply.outcome.rowsIn).toBe(listRows);
    // Every event_id is its own group: the final aggregate gives one row per row read.
    const got = readReply.outcome.outputs[0]!.reduce((n, e) => n + (isSpilled(e) ? e.rows : decodeBatch(e).numRows), 0);
    expect(got).toBe(listRows);
  });

  it('a run whose every task spills its output gives the same rows and leaves no spill folder', async () => {
    const ev = await sampleScan('events', 'events', 60_000, 3);
    const agg = aggregate('agg', ev, ['category'], [{ fn: 'sum', column: 'amount', as: 's' }, { fn: 'count', as: 'n' }]);
    const phys = planPhysical(pipeline(agg), { partitions: 2, target: { kind: 'preview', nodeId: 'agg' } });
    const plain = await executePlan(phys, { runId: 'outspill-plain', pool });
    const tight = await executePlan(phys, { runId: 'outspill-tight', pool, memoryBudgetBytes: 1 });
    const sorted = (r: typeof plain) => r.results.get('agg')!.flatMap((b) => b.toArray().map((x) => JSON.stringify(x.toJSON(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)))).sort();
    expect(sorted(tight)).toEqual(sorted(plain));
    expect(tight.stages.some((s) => (s.spilledBytes ?? 0) > 0)).toBe(true);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('tributary-run-outspill-'))).toEqual([]);
  });
});
