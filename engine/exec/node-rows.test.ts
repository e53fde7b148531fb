// Rows per node are counted where the user sees the node, whatever the optimizer did to it: a
// source shows the rows it read, a filter the rows it kept, also when the filter was pushed into
// the scan (it then has no operator of its own), pushed through a select, or always true. The
// counts come from DuckDB over the same CSV; each case runs inline (1 partition) and on the pool.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from './engine.ts';
import type { RunEvent } from './events.ts';
import type { PipelineDocument } from '../document/document-types.ts';
import { duckdb, query } from '../compute/duckdb.test-helper.ts';

const ROWS = 150_000;
const engine = new Engine({ threads: 2 });
const dir = mkdtempSync(join(tmpdir(), 'tributary-node-rows-'));
const csv = join(dir, 'orders.csv');
let duck: Awaited<ReturnType<typeof duckdb>>;

beforeAll(async () => {
  duck = await duckdb();
  await duck.run(`COPY (SELECT range AS id, (range % 1000) / 10.0 AS amount, CASE range % 3 WHEN 0 THEN 'FR' WHEN 1 THEN 'DE' ELSE 'ZZ' END AS country
    FROM range(${ROWS})) TO '${csv}' (HEADER, DELIMITER ',')`);
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function count(where: string): Promise<number> {
  return Number((await query(duck, `SELECT count(*) FROM read_csv_auto('${csv}') WHERE ${where}`))[0]![0]);
}

type Node = PipelineDocument['nodes'][number];
const at = { x: 0, y: 0 };
const source: Node = { id: 'orders', kind: 'source.csv', params: { path: csv }, position: at };
const filterNode = (id: string, condition: string): Node => ({ id, kind: 'transform.filter', params: { condition }, position: at });
const sink: Node = { id: 'save', kind: 'sink.csv', params: { path: 'kept.csv' }, position: at };

function chain(nodes: readonly Node[]): PipelineDocument {
  const all = [source, ...nodes, sink];
  return {
    version: 1, name: 'rows', nodes: all,
    edges: all.slice(1).map((n, i) => ({ from: all[i]!.id, to: `${n.id}.in` })),
  } as PipelineDocument;
}

/** Rows per node from run.finished, and the last node.progress of each node (what cards show). */
async function runRows(doc: PipelineDocument, partitions: number) {
  const events: RunEvent[] = [];
  const result = await engine.run(doc, { baseDir: dir, partitions, onEvent: (e) => events.push(e) });
  expect(result.status, result.error?.message).toBe('COMPLETED');
  const finished = Object.fromEntries(result.nodes.map((n) => [n.nodeId, n.rows]));
  const progress: Record<string, number> = {};
  for (const e of events) if (e.type === 'node.progress') progress[e.nodeId] = e.rows;
  const started = events.find((e) => e.type === 'run.started');
  const stageNodes = started?.type === 'run.started' ? started.stages.flatMap((s) => s.nodeIds) : [];
  return { finished, progress, stageNodes };
}

describe('rows per node where the user sees the node', () => {
  for (const partitions of [1, 3]) {
    it(`a filter pushed into the scan: the source's rows read, the filter's rows kept (${partitions} partitions)`, async () => {
      const kept = await count(`amount > 10 AND country != 'ZZ'`);
      expect(kept).toBeGreaterThan(1000);
      const r = await runRows(chain([filterNode('big', "amount > 10 and country != 'ZZ'")]), partitions);
      expect(r.finished).toMatchObject({ orders: ROWS, big: kept, save: kept });
      expect(r.progress).toMatchObject({ orders: ROWS, big: kept, save: kept });
      expect(r.stageNodes).toContain('big');
    });
  }

  it('two filters in a row, both pushed: each shows the rows it kept', async () => {
    const first = await count('amount > 10');
    const second = await count(`amount > 10 AND country = 'FR'`);
    const r = await runRows(chain([filterNode('f1', 'amount > 10'), filterNode('f2', "country = 'FR'")]), 3);
    expect(r.finished).toMatchObject({ orders: ROWS, f2: second, save: second });
    // f1's conjunct and f2's were merged into one scan: f1 has no rows of its own to show but
    // the kept rows of both (never the zero the card used to show).
    expect(r.finished.f1).toBe(second);
    expect(first).toBeGreaterThan(second);
  });

  it('a filter pushed through a select into the scan, and an always-true filter', async () => {
    const kept = await count('amount < 5');
    const select: Node = { id: 'cols', kind: 'transform.select', params: { columns: ['id', 'amount'] }, position: at };
    const r = await runRows(chain([select, filterNode('small', 'amount < 5'), filterNode('all', 'true')]), 3);
    expect(r.finished).toMatchObject({ orders: ROWS, small: kept, all: kept, save: kept });
  });

  it('a filter on a group key after an aggregate, pushed below it: the filter shows the groups it kept', async () => {
    const agg: Node = { id: 'by_country', kind: 'transform.aggregate', params: { groupBy: ['country'], aggregations: [{ fn: 'count', as: 'n' }] }, position: at };
    const r = await runRows(chain([agg, filterNode('not_zz', "country != 'ZZ'")]), 3);
    const groups = Number((await query(duck, `SELECT count(DISTINCT country) FROM read_csv_auto('${csv}') WHERE country != 'ZZ'`))[0]![0]);
    expect(r.finished).toMatchObject({ orders: ROWS, by_country: groups, not_zz: groups, save: groups });
  });

  it('a filter after a join, split into both inputs and a rest above: counted once, as the rows it kept', async () => {
    const doc: PipelineDocument = {
      version: 1, name: 'join',
      nodes: [
        source,
        { id: 'rates', kind: 'source.csv', params: { path: csv }, position: at },
        { id: 'j', kind: 'join', params: { type: 'inner', on: [{ left: 'id', right: 'id' }] }, position: at },
        filterNode('f', "amount > 20 and country != 'ZZ' and amount < id % 97"),
        sink,
      ],
      edges: [{ from: 'orders', to: 'j.left' }, { from: 'rates', to: 'j.right' }, { from: 'j', to: 'f.in' }, { from: 'f', to: 'save.in' }],
    } as PipelineDocument;
    const kept = await count("amount > 20 AND country != 'ZZ' AND amount < id % 97");
    expect(kept).toBeGreaterThan(100);
    const r = await runRows(doc, 3);
    expect(r.finished).toMatchObject({ orders: ROWS, rates: ROWS, f: kept, save: kept });
    // A limit on the left input stops the conjuncts there: a copy of the filter runs above the
    // limit (its part of the condition), and only the filter's place counts its rows.
    const limited: PipelineDocument = {
      ...doc,
      nodes: [...doc.nodes, { id: 'first', kind: 'transform.limit', params: { count: ROWS }, position: at }],
      edges: [{ from: 'orders', to: 'first.in' }, { from: 'first', to: 'j.left' }, ...doc.edges.slice(1)],
    };
    const l = await runRows(limited, 3);
    expect(l.finished).toMatchObject({ orders: ROWS, first: ROWS, rates: ROWS, f: kept, save: kept });
  });

  it('a filter over an aggregate input (the fused scan path): the source still counts every row read', async () => {
    const kept = await count('amount >= 50');
    const agg: Node = { id: 'by_country', kind: 'transform.aggregate', params: { groupBy: ['country'], aggregations: [{ fn: 'count', as: 'n' }] }, position: at };
    const r = await runRows(chain([filterNode('half', 'amount >= 50'), agg]), 2);
    expect(r.finished).toMatchObject({ orders: ROWS, half: kept, by_country: 3, save: 3 });
  });
});
