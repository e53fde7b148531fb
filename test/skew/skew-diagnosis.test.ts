// Skew told truthfully, on real Parquet files at 8 partitions: a users file of one row group read
// whole by one partition is an input-split imbalance (the file, its row groups, the fix; an empty
// median said in words), not key skew; the shuffle join behind it is key skew naming the hot key,
// and its hot partition is split unless the run or the pipeline turns mitigation off.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { Engine } from '../../engine/exec/engine.ts';
import type { RunEvent } from '../../engine/exec/events.ts';
import { ProgressView } from '../../main/cli/run-progress.ts';
import { batchRows, compareResults, duckResult } from '../differential/harness.ts';

let dir: string;
const engine = new Engine({ threads: 2 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-skew-'));
  const duck = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await duck.connect();
  await conn.run(`COPY (SELECT i::INTEGER AS user_id, 'c' || (i % 20) AS country FROM range(1, 20001) t(i))
    TO '${join(dir, 'users.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`);
  // user 7 holds 60% of the events; the rest spread over all users.
  await conn.run(`COPY (SELECT i AS event_id, (CASE WHEN i % 5 < 3 THEN 7 ELSE 1 + (i * 7919) % 20000 END)::INTEGER AS user_id,
    (i % 100)::DOUBLE AS amount FROM range(0, 120000) t(i))
    TO '${join(dir, 'events.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`);
  conn.closeSync();
  duck.closeSync();
});

afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

function w2(settings?: PipelineDocument['settings']): PipelineDocument {
  return {
    version: 1, name: 'w2-shuffle', ...(settings ? { settings } : {}),
    nodes: [
      { id: 'events', kind: 'source.parquet', params: { path: 'events.parquet' } },
      { id: 'users', kind: 'source.parquet', params: { path: 'users.parquet' } },
      { id: 'j', kind: 'join', params: { type: 'inner', strategy: 'shuffle', on: [{ left: 'user_id', right: 'user_id' }] } },
      { id: 'by_country', kind: 'transform.aggregate', params: { groupBy: ['country'], aggregations: [{ fn: 'count', as: 'n' }] } },
    ],
    edges: [{ from: 'events', to: 'j.left' }, { from: 'users', to: 'j.right' }, { from: 'j', to: 'by_country' }],
  };
}

describe('skew diagnosis and mitigation on a shuffle join at 8 partitions', () => {
  it('calls the one-row-group users scan an input-split imbalance and the join key skew, and splits the hot partition', async () => {
    const events: RunEvent[] = [];
    const result = await engine.run(w2(), { baseDir: dir, partitions: 8, mode: 'pool', onEvent: (e) => events.push(e) });
    expect(result.status).toBe('COMPLETED');
    const started = events.find((e) => e.type === 'run.started');
    const stageOf = (node: string): number => (started?.type === 'run.started' ? started.stages.find((s) => s.nodeIds.includes(node))!.stageId : -1);

    const users = result.stages!.find((s) => s.stageId === stageOf('users'))!;
    expect(users.skewed).toBe(true);
    expect(users.cause?.kind).toBe('input-splits');
    expect(users.cause?.message).toContain('users.parquet has 1 row group');
    expect(users.cause?.message).toContain('the median partition holds no rows (7 of 8 partitions are empty)');
    expect(users.cause?.fix).toContain('smaller row groups');
    expect(users.cause?.files).toEqual([expect.objectContaining({ rowGroups: 1, splits: 1 })]);
    expect(users.cause?.hotKeys).toBeUndefined();

    const joined = result.stages!.find((s) => s.stageId === stageOf('j'))!;
    expect(joined.cause?.kind).toBe('key');
    expect(joined.cause?.hotKeys?.[0]).toEqual(expect.objectContaining({ column: 'user_id', value: '7' }));
    expect(joined.cause?.message).toMatch(/the hot key is user_id = 7 \(\d+% of partition \d+, about \d+% of the stage\)/);
    // The join stage's small partitions may also be coalesced (a 'coalesce' mitigation of its own).
    const m = (joined.mitigations ?? []).filter((x) => x.kind === 'split-join');
    expect(m).toHaveLength(1);
    expect(m[0]).toEqual(expect.objectContaining({ kind: 'split-join', nodeId: 'j', hotKey: expect.objectContaining({ value: '7' }) }));
    expect(m[0]!.splitInto).toBeGreaterThanOrEqual(2);
    expect(m[0]!.subPartitions.reduce((n, s) => n + s.rows, 0)).toBe(m[0]!.rows);
    expect(m[0]!.rows).toBeGreaterThanOrEqual(72_000);
    expect(events.filter((e) => e.type === 'stage.mitigated' && e.kind === 'split-join')).toHaveLength(1);

    // The split partition's rows in count the build partition once, as without the split.
    const off = await engine.run(w2(), { baseDir: dir, partitions: 8, mode: 'pool', skewMitigation: false });
    const offJoin = off.stages!.find((s) => s.stageId === stageOf('j'))!;
    expect(joined.rows).toEqual(offJoin.rows);
    const rows = result.nodes.find((n) => n.nodeId === 'j')!.rows;
    expect(rows).toBe(120_000);
    const text = new ProgressView(false, () => undefined).summary(result);
    expect(text).not.toMatch(/median 0 rows/);
    expect(text).toContain('input-split imbalance, not key skew');
    expect(text).toContain('done: join \'j\': partition');

    // The aggregate's final stage reads one partial row per country and partition: coalesced into one task.
    const finalId = started?.type === 'run.started' ? Math.max(...started.stages.filter((s) => s.nodeIds.includes('by_country')).map((s) => s.stageId)) : -1;
    const final = result.stages!.find((s) => s.stageId === finalId)!;
    expect(final.skewed).toBe(false);
    expect(final.mitigations).toEqual([expect.objectContaining({ kind: 'coalesce', nodeId: 'by_country', partitions: 8, tasks: 1 })]);
    const coalesced = final.mitigations![0]!;
    if (coalesced.kind !== 'coalesce') throw new Error('unreachable');
    expect(coalesced.groups).toEqual([{ partitions: [0, 1, 2, 3, 4, 5, 6, 7], rows: coalesced.groups[0]!.rows }]);
    // Each partition is still reported, with its own rows in; together they are the group's rows.
    const parts = events.filter((e) => e.type === 'partition.finished' && e.stageId === finalId);
    expect(parts).toHaveLength(8);
    expect(parts.reduce((n, e) => n + (e.type === 'partition.finished' ? e.rowsIn : 0), 0)).toBe(coalesced.groups[0]!.rows);
    expect(parts.filter((e) => e.type === 'partition.finished' && e.rowsIn > 0).length).toBeGreaterThan(1);
    expect(text).toContain(`done: 'by_country': stage ${finalId}'s 8 partitions ran as 1 task`);
  }, 60_000);

  it('does not split when the run or the pipeline turns mitigation off, with the same rows', async () => {
    for (const [doc, opts] of [[w2(), { skewMitigation: false }], [w2({ skewMitigation: false }), {}]] as const) {
      const events: RunEvent[] = [];
      const result = await engine.run(doc, { baseDir: dir, partitions: 8, mode: 'pool', onEvent: (e) => events.push(e), ...opts });
      expect(result.status).toBe('COMPLETED');
      expect(events.some((e) => e.type === 'stage.mitigated')).toBe(false);
      expect(result.stages!.every((s) => s.mitigations === undefined)).toBe(true);
      expect(result.nodes.find((n) => n.nodeId === 'j')!.rows).toBe(120_000);
    }
  }, 60_000);

  it('joins the same rows as DuckDB with the hot partition split on entry boundaries and not split', async () => {
    const duck = await DuckDBInstance.create(':memory:', { threads: '1' });
    const conn = await duck.connect();
    const want = await duckResult(conn, `SELECT e.event_id, e.user_id, e.amount, u.country
      FROM '${join(dir, 'events.parquet')}' e JOIN '${join(dir, 'users.parquet')}' u ON e.user_id = u.user_id`);
    conn.closeSync();
    duck.closeSync();
    for (const mitigation of [true, false]) {
      const events: RunEvent[] = [];
      const out = await engine.preview(w2(), 'j', {
        baseDir: dir, partitions: 8, limit: Number.MAX_SAFE_INTEGER, mode: 'pool',
        onEvent: (e) => events.push(e), ...(mitigation ? {} : { skewMitigation: false }),
      });
      const columns = ['event_id', 'user_id', 'amount', 'country'];
      expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, false), `mitigation ${mitigation}`).toBeNull();
      const split = events.find((e) => e.type === 'stage.mitigated' && e.kind === 'split-join');
      expect(split !== undefined, `mitigation ${mitigation}`).toBe(mitigation);
    }
  }, 60_000);
});
