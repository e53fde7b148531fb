// `tributary run`: a filter the optimizer pushed into its scan is still listed in the rows per
// node, with the rows it kept, and the source with the rows it read (counts from DuckDB).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { duckdb, query } from '../../engine/compute/duckdb.test-helper.ts';

const run = promisify(execFile);
const cli = new URL('../cli.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tributary-cli-rows-'));
const file = join(dir, 'pipeline.json');
let total = 0;
let kept = 0;

beforeAll(async () => {
  const duck = await duckdb();
  const csv = join(dir, 'orders.csv');
  await duck.run(`COPY (SELECT range AS id, (range % 997) * 1.0 AS amount FROM range(50000)) TO '${csv}' (HEADER)`);
  total = Number((await query(duck, `SELECT count(*) FROM read_csv_auto('${csv}')`))[0]![0]);
  kept = Number((await query(duck, `SELECT count(*) FROM read_csv_auto('${csv}') WHERE amount > 900`))[0]![0]);
  const at = { x: 0, y: 0 };
  writeFileSync(file, JSON.stringify({
    version: 1, name: 'rows',
    nodes: [
      { id: 'orders', kind: 'source.csv', params: { path: 'orders.csv' }, position: at },
      { id: 'big', kind: 'transform.filter', params: { condition: 'amount > 900' }, position: at },
      { id: 'save', kind: 'sink.csv', params: { path: 'output/big.csv' }, position: at },
    ],
    edges: [{ from: 'orders', to: 'big.in' }, { from: 'big', to: 'save.in' }],
  }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tributary run: rows per node of a filter pushed into its scan', () => {
  it('run --json lists the filter with its kept rows and the source with its rows read', async () => {
    const { stdout } = await run(process.execPath, [cli, 'run', file, '--json', '--partitions', '2']);
    const result = JSON.parse(stdout) as { status: string; nodes: { nodeId: string; rows: number }[] };
    expect(result.status).toBe('COMPLETED');
    const rows = Object.fromEntries(result.nodes.map((n) => [n.nodeId, n.rows]));
    expect(kept).toBeGreaterThan(0);
    expect(rows).toEqual({ orders: total, big: kept, save: kept });
  });

  it('the plain summary prints a line for the filter', async () => {
    const { stdout } = await run(process.execPath, [cli, 'run', file, '--partitions', '1']);
    expect(stdout).toMatch(new RegExp(`^node big: ${kept} rows \\(1/1 partitions\\)$`, 'm'));
    expect(stdout).toMatch(new RegExp(`^ {2}big +${kept} rows`, 'm'));
    expect(stdout).toMatch(new RegExp(`^ {2}orders +${total} rows`, 'm'));
  });
});
