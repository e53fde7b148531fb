// Coalescing tiny partitions after a shuffle, against DuckDB with the mitigation on and off at 1,
// 4 and 8 partitions: aggregates, distincts and shuffle joins over data where most partitions
// are tiny (one hot key holds about half the rows, so the join's hot partition stays alone and
// is split, and the others are grouped). The pool is a real one whose task count is read: with
// coalescing on, exactly the partitions the 'coalesce' decisions grouped run in fewer tasks.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Engine } from '../../engine/exec/engine.ts';
import { WorkerPool } from '../../engine/exec/pool.ts';
import type { Mitigation, RunEvent } from '../../engine/exec/events.ts';
import { COMPOSITE_CASES, JOIN_CASES, SINGLE_INPUT_CASES, type DiffCase } from './cases.ts';
import { batchRows, compareResults, duckResult, makeDims, makeFacts, openDuck, pipelineDoc, writeDataset, type Dataset } from './harness.ts';

const pick = (list: readonly DiffCase[], names: readonly string[]): DiffCase[] => names.map((n) => {
  const c = list.find((x) => x.name === n);
  if (!c) throw new Error(`no differential case '${n}'`);
  return c;
});

const CASES: DiffCase[] = [
  ...pick(SINGLE_INPUT_CASES, [
    'aggregate by a string key, every function', 'aggregate by two nullable keys', 'distinct on all columns',
    'distinct on some columns keeps the first row',
  ]),
  ...JOIN_CASES.filter((c) => c.name.endsWith('shuffle')),
  ...pick(COMPOSITE_CASES, ['join, filter, aggregate, sort']),
];

describe('coalescing tiny partitions after a shuffle vs DuckDB, mitigation on and off', () => {
  let ds: Dataset;
  let duck: { conn: DuckDBConnection; close(): void };
  const pool = new WorkerPool(2);
  /** Stage id of every task the pool ran. */
  let tasks: number[] = [];
  const runTask = pool.run.bind(pool);
  pool.run = (task, transferList, signal) => {
    tasks.push(task.stage.id);
    return runTask(task, transferList, signal);
  };
  const engine = new Engine({ threads: 2, pool });
  beforeAll(async () => {
    ds = writeDataset([makeFacts(31, 30_000), makeDims(31)]);
    duck = await openDuck(ds);
  });
  afterAll(async () => {
    duck.close();
    await engine.close();
    ds.cleanup();
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const want = await duckResult(duck.conn, c.sql);
      const taskCount = new Map<string, number>();
      const decisions = new Map<string, Mitigation[]>();
      for (const partitions of [1, 4, 8]) {
        for (const mitigation of [true, false]) {
          const events: RunEvent[] = [];
          tasks = [];
          const out = await engine.preview(pipelineDoc(ds, c.nodes, c.edges), c.output, {
            baseDir: ds.dir, partitions, limit: Number.MAX_SAFE_INTEGER, mode: partitions > 1 ? 'pool' : 'inline',
            onEvent: (e) => events.push(e), ...(mitigation ? {} : { skewMitigation: false }),
          });
          const columns = out.schema.fields.map((f) => f.name);
          const label = `${c.name} at ${partitions} partitions, mitigation ${mitigation ? 'on' : 'off'}`;
          expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, c.ordered ?? false), label).toBeNull();
          const done = events.flatMap((e) => (e.type === 'stage.mitigated' ? [e as Mitigation] : []));
          if (!mitigation) expect(done, label).toEqual([]);
          const key = `${partitions}:${mitigation}`;
          taskCount.set(key, tasks.length);
          decisions.set(key, done);
          // Every partition is still reported once, with its own rows in.
          const started = events.find((e) => e.type === 'run.started');
          const reported = events.filter((e) => e.type === 'partition.finished').length;
          if (started?.type === 'run.started') expect(reported, label).toBe(started.stages.reduce((n, s) => n + s.partitions, 0));
        }
      }
      for (const partitions of [4, 8]) {
        const label = `${c.name} at ${partitions} partitions`;
        const on = decisions.get(`${partitions}:true`)!;
        const coalesced = on.filter((m) => m.kind === 'coalesce');
        expect(coalesced.length, label).toBeGreaterThanOrEqual(1);
        for (const m of coalesced) {
          expect(m.tasks, label).toBeLessThan(m.partitions);
          expect(m.groups.every((g) => g.partitions.length >= 2 && g.rows <= m.targetRows), label).toBe(true);
          // Groups are runs of adjacent partitions.
          for (const g of m.groups) expect(g.partitions, label).toEqual(g.partitions.map((_, i) => g.partitions[0]! + i));
        }
        // The tasks saved are exactly the coalesced partitions (less the sub-tasks of a split join).
        const saved = coalesced.reduce((n, m) => n + m.partitions - m.tasks, 0);
        const added = on.reduce((n, m) => n + (m.kind === 'split-join' ? m.splitInto - 1 : 0), 0);
        expect(taskCount.get(`${partitions}:true`), label).toBe(taskCount.get(`${partitions}:false`)! - saved + added);
        expect(taskCount.get(`${partitions}:true`)!, label).toBeLessThan(taskCount.get(`${partitions}:false`)!);
      }
      // Every exchange spilled to disk (a 16 KB budget): a group's task streams its partitions'
      // spill files one after the other.
      const events: RunEvent[] = [];
      const doc = { ...pipelineDoc(ds, c.nodes, c.edges), settings: { memoryBudgetMB: 1 / 64 } };
      const out = await engine.preview(doc, c.output, {
        baseDir: ds.dir, partitions: 8, limit: Number.MAX_SAFE_INTEGER, mode: 'pool', onEvent: (e) => events.push(e),
      });
      const columns = out.schema.fields.map((f) => f.name);
      expect(compareResults({ columns, rows: batchRows(out.batches, columns) }, want, c.ordered ?? false), `${c.name}, spilling`).toBeNull();
      expect(events.some((e) => e.type === 'stage.mitigated' && e.kind === 'coalesce'), `${c.name}, spilling`).toBe(true);
      expect(events.some((e) => e.type === 'stage.finished' && (e.spilledBytes ?? 0) > 0), `${c.name}, spilling`).toBe(true);
    }, 120_000);
  }
});
