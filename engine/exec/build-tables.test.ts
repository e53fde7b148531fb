// The warm engine keeps a join's built table between previews (build-tables.ts): a second preview
// of the join, or of a node after it, uses the table and does not read the build side again; its
// rows are DuckDB's join of the same probe rows; a rewritten build file, an edited join or a join
// whose probing marks build rows builds afresh; the cache stays within its byte cap.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../document/document-types.ts';
import { batchRows, compareResults, duckResult } from '../../test/differential/harness.ts';
import type { JoinTable } from '../compute/join.ts';
import { BuildTableCache } from './build-tables.ts';
import { Engine } from './engine.ts';
import type { RunEvent } from './events.ts';

// Row groups of 5,000 rows: the first rows and the build side cross row groups and batches.
const EVENTS = 40_000;
const USERS = 12_000;
let dir: string;
let duck: { instance: DuckDBInstance; conn: DuckDBConnection };

async function writeUsers(label: string): Promise<void> {
  await duck.conn.run(`COPY (SELECT i::INTEGER AS user_id, '${label}' || (i % 17) AS country FROM range(1, ${USERS + 1}) t(i))
    TO '${join(dir, 'users.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tributary-build-tables-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  duck = { instance, conn: await instance.connect() };
  await duck.conn.run(`COPY (SELECT i::BIGINT AS event_id, (1 + (i * 7919) % ${USERS + 500})::INTEGER AS user_id, (i % 1000) / 10.0 AS amount
    FROM range(${EVENTS}) t(i)) TO '${join(dir, 'events.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`);
  await writeUsers('c');
});
afterAll(() => {
  duck.conn.closeSync();
  duck.instance.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

function doc(type: 'inner' | 'left' | 'full' = 'inner'): PipelineDocument {
  return {
    version: 1, name: 'build-tables',
    nodes: [
      { id: 'events', kind: 'source.parquet', params: { path: join(dir, 'events.parquet') } },
      { id: 'users', kind: 'source.parquet', params: { path: join(dir, 'users.parquet') } },
      { id: 'with_users', kind: 'join', params: { type, strategy: 'broadcast', on: [{ left: 'user_id', right: 'user_id' }] } },
      { id: 'big', kind: 'transform.filter', params: { condition: 'amount > 50' } },
    ],
    edges: [{ from: 'events', to: 'with_users.left' }, { from: 'users', to: 'with_users.right' }, { from: 'with_users', to: 'big' }],
  };
}

async function preview(engine: Engine, document: PipelineDocument, nodeId: string, limit = 700) {
  const events: RunEvent[] = [];
  const out = await engine.preview(document, nodeId, { baseDir: dir, limit, count: 'later', onEvent: (e) => events.push(e) });
  const finished = events.find((e) => e.type === 'run.finished');
  const usersRead = finished?.type === 'run.finished' ? finished.nodes.find((n) => n.nodeId === 'users')?.rows ?? 0 : -1;
  return { out, usersRead };
}

/** DuckDB's join of the previewed rows' events with the users file, in the preview's order. */
async function duckJoin(eventIds: readonly unknown[], select: string): Promise<ReturnType<typeof duckResult>> {
  return duckResult(duck.conn, `SELECT ${select} FROM read_parquet('${join(dir, 'events.parquet')}') e
    JOIN read_parquet('${join(dir, 'users.parquet')}') u USING (user_id)
    WHERE e.event_id IN (${eventIds.join(', ')}) ORDER BY e.event_id`);
}

describe('built join tables kept between previews', () => {
  it('builds once, then previews the join and a node after it from the kept table, with DuckDB\'s rows', async () => {
    const engine = new Engine({ threads: 2 });
    try {
      const first = await preview(engine, doc(), 'with_users');
      expect(engine.buildTableCache.stored).toBe(1);
      expect(first.usersRead).toBe(USERS);
      const again = await preview(engine, doc(), 'with_users');
      const after = await preview(engine, doc(), 'big');
      expect(engine.buildTableCache.stored).toBe(1);
      expect(engine.buildTableCache.hits).toBeGreaterThanOrEqual(2);
      // The build side's stage did not run: no users row was read.
      expect(again.usersRead).toBe(0);
      expect(after.usersRead).toBe(0);
      const columns = ['event_id', 'user_id', 'amount', 'country'];
      for (const [p, where] of [[again, ''], [after, ' AND amount > 50']] as const) {
        const rows = batchRows(p.out.batches, columns);
        expect(rows.length).toBe(700);
        const ids = rows.map((r) => r[0]);
        const want = await duckJoin(ids, `e.event_id, user_id, e.amount, u.country`);
        expect(compareResults({ columns, rows }, { ...want, columns }, false)).toBeNull();
        expect(where === '' || rows.every((r) => Number(r[2]) > 50)).toBe(true);
      }
      expect(batchRows(again.out.batches, columns)).toEqual(batchRows(first.out.batches, columns));
    } finally {
      await engine.close();
    }
  });

  it('builds afresh when the build file is rewritten, and when the join changes', async () => {
    const engine = new Engine({ threads: 2 });
    try {
      await preview(engine, doc(), 'with_users');
      await writeUsers('x');
      const rewritten = await preview(engine, doc(), 'with_users');
      expect(engine.buildTableCache.stored).toBe(2);
      expect(rewritten.usersRead).toBe(USERS);
      const countries = new Set(batchRows(rewritten.out.batches, ['country']).map((r) => String(r[0])));
      expect([...countries].every((c) => c.startsWith('x'))).toBe(true);
      const left = await preview(engine, doc('left'), 'with_users');
      expect(engine.buildTableCache.stored).toBe(3);
      expect(left.usersRead).toBe(USERS);
    } finally {
      await writeUsers('c');
      await engine.close();
    }
  });

  it('never keeps the table of a join whose probing marks build rows (a full join)', async () => {
    const engine = new Engine({ threads: 2 });
    try {
      await preview(engine, doc('full'), 'with_users');
      const again = await preview(engine, doc('full'), 'with_users');
      expect(engine.buildTableCache.stored).toBe(0);
      expect(again.usersRead).toBe(USERS);
    } finally {
      await engine.close();
    }
  });

  it('keeps at most its byte cap, dropping the least recently used table first', () => {
    const cache = new BuildTableCache(100);
    const t = (n: number) => ({ rows: n }) as unknown as JoinTable;
    cache.set('a', t(1), 40);
    cache.set('b', t(2), 40);
    expect(cache.get('a')).toEqual(t(1)); // a is now the most recently used
    cache.set('c', t(3), 40);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
    cache.set('huge', t(4), 101);
    expect(cache.has('huge')).toBe(false);
    expect(cache.size).toBe(2);
  });
});
