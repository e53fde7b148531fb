// The studio's preview of an aggregate over a source larger than the fast path's cap answers
// from the source's first row groups, labelled with the rows read; `exact: true` gives DuckDB's
// answer over the whole file, unlabelled; a source within the cap is exact at once. Real service,
// real engine, the cap the studio uses (PREVIEW_PREFIX_ROWS), files DuckDB writes.

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument, PreviewResult } from '../api.ts';
import { PREVIEW_PREFIX_ROWS } from '../../engine/exec/preview-prefix.ts';
import { StudioService } from './studio-service.ts';

const ROWS = PREVIEW_PREFIX_ROWS + 400_000;
let workspace: string;
let service: StudioService;
let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-preview-prefix-'));
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  conn = await instance.connect();
  // The categories drift along the file: a prefix's counts are not the whole file's scaled down.
  const rows = (n: number) => `SELECT i::BIGINT AS id, ['a', 'b', 'c'][1 + (i // 100000 + i) % 3] AS cat, (i % 97)::INTEGER AS qty FROM range(${n}) t(i)`;
  await conn.run(`COPY (${rows(ROWS)}) TO '${path.join(workspace, 'big.parquet')}' (FORMAT parquet)`);
  await conn.run(`COPY (${rows(50_000)}) TO '${path.join(workspace, 'small.parquet')}' (FORMAT parquet)`);
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 2 });
});
afterAll(async () => {
  await service.close();
  conn.closeSync();
  instance.closeSync();
  await rm(workspace, { recursive: true, force: true });
});

const document = (file: string): PipelineDocument => ({
  version: 1, name: 'preview-prefix',
  nodes: [
    { id: 'events', kind: 'source.parquet', params: { path: file } },
    { id: 'by_cat', kind: 'transform.aggregate', params: { groupBy: ['cat'], aggregations: [{ fn: 'count', as: 'n' }, { fn: 'sum', column: 'qty', as: 'qty' }] } },
  ],
  edges: [{ from: 'events', to: 'by_cat' }],
});

/** The preview's rows keyed by category, and DuckDB's over `from`. */
async function compare(preview: PreviewResult, from: string): Promise<void> {
  const names = preview.schema.fields.map((f) => f.name);
  const got = Object.fromEntries(preview.rows.map((r) => [String(r[names.indexOf('cat')]), [Number(r[names.indexOf('n')]), Number(r[names.indexOf('qty')])]]));
  const want = Object.fromEntries((await conn.runAndReadAll(`SELECT cat, count(*), sum(qty) FROM ${from} GROUP BY cat`)).getRowsJS()
    .map((r) => [String(r[0]), [Number(r[1]), Number(r[2])]]));
  expect(got).toEqual(want);
}

describe('node.preview of an aggregate: the fast path and the exact answer', () => {
  it('answers from the first row groups, labelled; exact: true is DuckDB\'s answer over the file', async () => {
    const file = path.join(workspace, 'big.parquet');
    const fast = await service.call('node.preview', { document: document('big.parquet'), nodeId: 'by_cat' });
    expect(fast.prefix).toHaveLength(1);
    const [cut] = fast.prefix!;
    expect(cut).toMatchObject({ nodeId: 'events', ofRows: ROWS });
    expect(cut!.rows).toBeLessThanOrEqual(PREVIEW_PREFIX_ROWS);
    expect(cut!.rows).toBeGreaterThan(PREVIEW_PREFIX_ROWS / 2);
    await compare(fast, `read_parquet('${file}', file_row_number = true) WHERE file_row_number < ${cut!.rows}`);
    const exact = await service.call('node.preview', { document: document('big.parquet'), nodeId: 'by_cat', exact: true });
    expect(exact.prefix).toBeUndefined();
    await compare(exact, `read_parquet('${file}')`);
  });

  it('a source within the cap is exact and unlabelled without asking', async () => {
    const preview = await service.call('node.preview', { document: document('small.parquet'), nodeId: 'by_cat' });
    expect(preview.prefix).toBeUndefined();
    await compare(preview, `read_parquet('${path.join(workspace, 'small.parquet')}')`);
  });
});
