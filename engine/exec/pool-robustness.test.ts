// The worker pool under stress and failure, on one warm Engine as the studio uses it:
//   - a broadcast join plus a union with a shared node at 4 partitions, 20 runs in a row, and
//     runs and previews at the same time, all equal to the same pipeline run in this thread;
//   - a task whose worker thread dies (exits, or throws outside any promise) fails that run with
//     an error on the node; the pool replaces the worker and the next run completes.

import { afterAll, describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { Engine } from './engine.ts';
import type { PipelineDocument } from '../document/document-types.ts';

const engine = new Engine({ threads: 2 });
afterAll(async () => { await engine.close(); });

const at = { x: 0, y: 0 };
/** events filtered once (read by both a broadcast join and a union), users broadcast to it. */
const doc: PipelineDocument = {
  version: 1, name: 'stress',
  nodes: [
    { id: 'events', kind: 'source.sample', params: { dataset: 'events', rows: 60_000, seed: 3, users: 500 }, position: at },
    { id: 'users', kind: 'source.sample', params: { dataset: 'users', rows: 500, seed: 3 }, position: at },
    { id: 'big', kind: 'transform.filter', params: { condition: 'qty > 1' }, position: at },
    { id: 'j', kind: 'join', params: { type: 'inner', on: [{ left: 'user_id', right: 'user_id' }], strategy: 'broadcast' }, position: at },
    { id: 'jsel', kind: 'transform.select', params: { columns: ['event_id', 'category', 'amount'] }, position: at },
    { id: 'esel', kind: 'transform.select', params: { columns: ['event_id', 'category', 'amount'] }, position: at },
    { id: 'u', kind: 'transform.union', params: {}, position: at },
    { id: 'agg', kind: 'transform.aggregate', params: { groupBy: ['category'], aggregations: [
      { fn: 'count', as: 'n' }, { fn: 'sum', column: 'event_id', as: 'ids' }] }, position: at },
    { id: 'top', kind: 'transform.sort', params: { keys: [{ column: 'category' }] }, position: at },
  ],
  edges: [
    { from: 'events', to: 'big.in' }, { from: 'big', to: 'j.left' }, { from: 'users', to: 'j.right' },
    { from: 'j', to: 'jsel.in' }, { from: 'big', to: 'esel.in' }, { from: 'jsel', to: 'u.in1' }, { from: 'esel', to: 'u.in2' },
    { from: 'u', to: 'agg.in' }, { from: 'agg', to: 'top.in' },
  ],
};

function lines(batches: readonly RecordBatch[]): string[] {
  return batches.flatMap((b) => b.toArray().map((r) => JSON.stringify(r.toJSON(), (_k, v) => (typeof v === 'bigint' ? String(v) : v))));
}

async function topRows(mode: 'inline' | 'pool'): Promise<string[]> {
  const out = await engine.preview(doc, 'top', { baseDir: '/', limit: 100, partitions: 4, mode });
  return lines(out.batches);
}

describe('the worker pool under stress', () => {
  it('a broadcast join + union of a shared node at 4 partitions: 20 pooled runs on one engine, same rows as inline', async () => {
    const expected = await topRows('inline');
    expect(expected).toHaveLength(12);
    for (let i = 0; i < 20; i++) {
      const run = await engine.run(doc, { baseDir: '/', partitions: 4, mode: 'pool' });
      expect(run.error).toBeUndefined();
      expect(run.status).toBe('COMPLETED');
      expect(await topRows('pool')).toEqual(expected);
    }
  });

  it('concurrent runs and previews on one engine all complete with the same rows', async () => {
    const expected = await topRows('inline');
    const work: Promise<unknown>[] = [];
    for (let k = 0; k < 3; k++) {
      work.push(engine.run(doc, { baseDir: '/', partitions: 4, mode: 'pool' }).then((r) => r.status));
      work.push(topRows('pool'));
      for (const node of ['j', 'u', 'big']) {
        work.push(engine.preview(doc, node, { baseDir: '/', limit: 10, partitions: 4, mode: 'pool' }).then((o) => o.totalRows > 0));
      }
    }
    const results = await Promise.all(work);
    for (const r of results) {
      if (Array.isArray(r)) expect(r).toEqual(expected);
      else expect(r === 'COMPLETED' || r === true).toBe(true);
    }
  });
});

describe('a worker that dies does not take the host down', () => {
  for (const kind of ['exit', 'uncaught', 'throw'] as const) {
    it(`a task whose worker fails (${kind}): the run FAILS with an error on a node, the next run completes`, async () => {
      const failed = await engine.run(doc, { baseDir: '/', partitions: 4, mode: 'pool', injectFault: { stageId: 0, partition: 1, kind } });
      expect(failed.status).toBe('FAILED');
      expect(failed.error?.nodeId).toBeTruthy();
      expect(failed.error?.message).toMatch(kind === 'exit' ? /exited with code: 70/ : /injected/);
      expect(failed.error?.message).not.toMatch(/: $/); // never an empty reason
      const next = await engine.run(doc, { baseDir: '/', partitions: 4, mode: 'pool' });
      expect(next.status).toBe('COMPLETED');
      expect(engine.liveThreads).toBe(2);
    });
  }

  it('a pooled preview of a failing task rejects with the node and the worker-side stack', async () => {
    const err = await engine.preview(doc, 'top', { baseDir: '/', partitions: 4, mode: 'pool', injectFault: { stageId: 0, partition: 0, kind: 'throw' } })
      .then(() => undefined, (e: unknown) => e as Error & { nodeId?: string });
    expect(err?.nodeId).toBeTruthy();
    expect(err?.message).toMatch(/injected error in a task/);
    expect(err?.stack).toMatch(/in a worker thread:\n.*injected error in a task/s);
    expect(await topRows('pool')).toHaveLength(12);
  });
});
