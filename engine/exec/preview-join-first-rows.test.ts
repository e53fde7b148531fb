// A join previewed for its first rows inside a pipeline is planned as a broadcast join, whatever
// the run would do (a shuffle asked for, or a build side over the broadcast threshold): the probe
// side stops at the preview's rows instead of being shuffled whole, and the rows are DuckDB's join
// of the same probe rows. The exact count still runs the join as the run plans it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../document/document-types.ts';
import { batchRows, compareResults, duckResult } from '../../test/differential/harness.ts';
import { Engine } from './engine.ts';
import type { RunEvent } from './events.ts';

// Row groups of 5,000 rows: the preview's rows and where the scan stops cross row groups.
const EVENTS = 60_000;
const USERS = 8_000;
let dir: string;
let duck: { instance: DuckDBInstance; conn: DuckDBConnection };
const engine = new Engine({ threads: 2 });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-preview-join-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = { instance, conn: await instance.connect() };
  await duck.conn.run(`COPY (SELECT i::BIGINT AS event_id, (1 + (i * 7919) % ${USERS + 300})::INTEGER AS user_id, (i % 1000) / 10.0 AS amount
    FROM range(${EVENTS}) t(i)) TO '${join(dir, 'events.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`);
  await duck.conn.run(`COPY (SELECT i::INTEGER AS user_id, 'c' || (i % 13) AS country FROM range(1, ${USERS + 1}) t(i))
    TO '${join(dir, 'users.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 3000)`);
});
afterAll(async () => {
  await engine.close();
  duck.conn.closeSync();
  duck.instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

function doc(type: 'inner' | 'left' | 'right'): PipelineDocument {
  return {
    version: 1, name: 'preview-join',
    nodes: [
      { id: 'events', kind: 'source.parquet', params: { path: join(dir, 'events.parquet') } },
      { id: 'users', kind: 'source.parquet', params: { path: join(dir, 'users.parquet') } },
      { id: 'with_users', kind: 'join', params: { type, strategy: 'shuffle', on: [{ left: 'user_id', right: 'user_id' }] } },
      { id: 'by_country', kind: 'transform.aggregate', params: { groupBy: ['country'], aggregations: [{ fn: 'count', as: 'n' }] } },
    ],
    edges: [{ from: 'events', to: 'with_users.left' }, { from: 'users', to: 'with_users.right' }, { from: 'with_users', to: 'by_country' }],
  };
}

describe('a join previewed for its first rows', () => {
  for (const type of ['inner', 'left', 'right'] as const) {
    it(`${type} join asked to shuffle: broadcast, the probe side stops early, DuckDB's rows`, async () => {
      const events: RunEvent[] = [];
      const out = await engine.preview(doc(type), 'with_users', { baseDir: dir, limit: 500, count: 'later', onEvent: (e) => events.push(e) });
      const started = events.find((e) => e.type === 'run.started');
      const finished = events.find((e) => e.type === 'run.finished');
      expect(started?.type === 'run.started' && started.stages.some((s) => s.exchange === 'broadcast')).toBe(true);
      expect(started?.type === 'run.started' && started.stages.some((s) => s.exchange.startsWith('hash'))).toBe(false);
      // The probe side (events; users for a right join) read only part of its file.
      const probe = type === 'right' ? 'users' : 'events';
      const read = finished?.type === 'run.finished' ? finished.nodes.find((n) => n.nodeId === probe)?.rows ?? -1 : -1;
      expect(read).toBeGreaterThan(0);
      expect(read).toBeLessThan(type === 'right' ? USERS : EVENTS);
      expect(out.totalRowsExact).toBe(false);
      const columns = ['event_id', 'user_id', 'amount', 'country'];
      const rows = batchRows(out.batches, columns);
      expect(rows.length).toBe(500);
      // DuckDB's join restricted to the probe rows the preview shows (by key: event_id, or user_id for a right join).
      const keyCol = type === 'right' ? 1 : 0;
      const keys = [...new Set(rows.map((r) => r[keyCol]))];
      const where = type === 'right' ? `u.user_id IN (${keys.join(', ')})` : `e.event_id IN (${keys.join(', ')})`;
      const want = await duckResult(duck.conn, `SELECT e.event_id, coalesce(e.user_id, u.user_id) AS user_id, e.amount, u.country
        FROM read_parquet('${join(dir, 'events.parquet')}') e ${type.toUpperCase()} JOIN read_parquet('${join(dir, 'users.parquet')}') u
        ON e.user_id = u.user_id WHERE ${where}`);
      // A probe row's matches may continue past the 500th row: compare the shown rows with DuckDB's rows of those keys.
      const wanted = want.rows.filter((r) => rows.some((g) => g.every((v, i) => String(v) === String(r[i]))));
      expect(wanted.length).toBe(rows.length);
      expect(compareResults({ columns, rows }, { columns, rows: wanted }, false)).toBeNull();
    });
  }

  it('the exact count runs the join as the run plans it (a shuffle) and is DuckDB\'s count', async () => {
    const events: RunEvent[] = [];
    const counted = await engine.previewCount(doc('inner'), 'with_users', { baseDir: dir, onEvent: (e) => events.push(e) });
    const started = events.find((e) => e.type === 'run.started');
    expect(started?.type === 'run.started' && started.stages.some((s) => s.exchange.startsWith('hash'))).toBe(true);
    const want = await duckResult(duck.conn, `SELECT count(*) FROM read_parquet('${join(dir, 'events.parquet')}') e
      JOIN read_parquet('${join(dir, 'users.parquet')}') u USING (user_id)`);
    expect(counted.totalRows).toBe(Number(want.rows[0]![0]));
  });
});
