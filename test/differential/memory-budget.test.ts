// A join and an aggregate over generated Parquet (the bench's events and users, several row
// groups, four partitions, a shuffle join) under an 8 MB budget for the whole run: the answer is
// DuckDB's, every stage that moves data reports bytes spilled, per stage and per node, and no
// spill file is left once the run is over. Real worker threads, real files.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Engine } from '../../engine/exec/engine.ts';
import type { NodeSummary, RunEvent, StageSummary } from '../../engine/exec/events.ts';
import type { PipelineDocument } from '../../engine/document/document-types.ts';
import { eventsSelect, usersSelect } from '../../bench/generate.ts';
import { batchRows, compareResults, duckResult } from './harness.ts';

const EVENTS = 300_000;
const USERS = 30_000;
const dir = mkdtempSync(join(tmpdir(), 'tributary-membudget-'));
let instance: DuckDBInstance;
let conn: DuckDBConnection;
const engine = new Engine({ threads: 2 });

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await instance.connect();
  // Row groups of 50 000 rows: six per events file, read by four partitions.
  await conn.run(`COPY (${eventsSelect(EVENTS, USERS)}) TO '${join(dir, 'events.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 50000)`);
  await conn.run(`COPY (${usersSelect(USERS)}) TO '${join(dir, 'users.parquet')}' (FORMAT parquet, ROW_GROUP_SIZE 10000)`);
}, 60_000);

afterAll(async () => {
  conn.closeSync();
  instance.closeSync();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const doc: PipelineDocument = {
  version: 1, name: 'join-aggregate-under-budget',
  // No broadcast: both sides are hash-exchanged, so the data between stages is the whole input.
  settings: { memoryBudgetMB: 8, broadcastThresholdBytes: 0 },
  nodes: [
    { id: 'events', kind: 'source.parquet', params: { path: 'events.parquet' } },
    { id: 'users', kind: 'source.parquet', params: { path: 'users.parquet' } },
    { id: 'with_users', kind: 'join', params: { type: 'inner', on: [{ left: 'user_id', right: 'user_id' }] } },
    { id: 'by_user', kind: 'transform.aggregate', params: { groupBy: ['user_id', 'country'], aggregations: [
      { fn: 'sum', column: 'amount', as: 'revenue' }, { fn: 'count', as: 'n' }, { fn: 'max', column: 'ts', as: 'last' },
      { fn: 'sum', column: 'qty', as: 'items' }, { fn: 'min', column: 'event_id', as: 'first_event' }] } },
  ],
  edges: [
    { from: 'events', to: 'with_users.left' }, { from: 'users', to: 'with_users.right' }, { from: 'with_users', to: 'by_user' },
  ],
};

describe('a run under a small memory budget', () => {
  it("gives DuckDB's answer, reports spilled bytes per stage and per node, and leaves no spill file", async () => {
    const events: RunEvent[] = [];
    const runId = 'membudget-diff';
    // Once the join's stage is over, the files the events stage spilled are gone (their last reader is done).
    let leftAfterJoin: string[] | undefined;
    let spilledByEventsStage: string[] = [];
    const spillFiles = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith(`tributary-run-${runId}`))
      .flatMap((d) => readdirSync(join(tmpdir(), d)));
    const onEvent = (e: RunEvent): void => {
      events.push(e);
      const started = events.find((x) => x.type === 'run.started');
      const stageOf = (node: string) => started?.stages.find((s) => s.nodeIds.includes(node))?.stageId;
      if (e.type === 'partition.finished' && e.stageId === stageOf('events')) spilledByEventsStage = spillFiles().filter((f) => f.startsWith(`s${e.stageId}p`));
      if (e.type === 'stage.finished' && e.stageId === stageOf('with_users')) {
        leftAfterJoin = spillFiles().filter((f) => f.startsWith(`s${stageOf('events')}p`));
      }
    };
    const out = await engine.preview(doc, 'by_user', {
      baseDir: dir, partitions: 4, mode: 'pool', limit: Number.MAX_SAFE_INTEGER, runId, onEvent,
    });
    const columns = out.schema.fields.map((f) => f.name);
    const want = await duckResult(conn, `SELECT e.user_id, u.country, sum(e.amount) AS revenue, count(*) AS n, max(e.ts) AS last,
      sum(e.qty) AS items, min(e.event_id) AS first_event
      FROM read_parquet('${join(dir, 'events.parquet')}') e JOIN read_parquet('${join(dir, 'users.parquet')}') u ON e.user_id = u.user_id
      GROUP BY e.user_id, u.country`);
    expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, false)).toBeNull();

    const stages = events.filter((e): e is Extract<RunEvent, { type: 'stage.finished' }> => e.type === 'stage.finished') as StageSummary[];
    const spilledStages = stages.filter((s) => (s.spilledBytes ?? 0) > 0);
    // The events scan's output (about 10 MB) cannot stay within 8 MB shared by everything.
    expect(spilledStages.length).toBeGreaterThan(0);
    for (const s of spilledStages) {
      expect(Object.values(s.spilledByNode ?? {}).reduce((a, b) => a + b, 0)).toBe(s.spilledBytes);
    }
    const parts = events.filter((e) => e.type === 'partition.finished');
    expect(parts.reduce((n, p) => n + p.spilledBytes, 0)).toBe(spilledStages.reduce((n, s) => n + s.spilledBytes!, 0));
    const finished = events.find((e) => e.type === 'run.finished') as { nodes: readonly NodeSummary[] };
    const byNode = finished.nodes.filter((n) => (n.spilledBytes ?? 0) > 0).map((n) => n.nodeId);
    expect(byNode).toContain('events');
    // The events stage's tasks wrote their outputs themselves; the join's tasks streamed and released them.
    expect(spilledByEventsStage.length).toBeGreaterThan(0);
    expect(leftAfterJoin).toEqual([]);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`tributary-run-${runId}`))).toEqual([]);
  }, 120_000);
});
