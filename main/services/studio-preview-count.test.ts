// The studio's preview stops at its first rows and leaves the total to node.previewCount, which
// equals DuckDB's count; a new preview cancels the count in flight. Real service, real engine,
// a Parquet file that DuckDB writes in the workspace (row groups of 5,000 rows).

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocument } from '../api.ts';
import { StudioService } from './studio-service.ts';

const ROWS = 200_000;
let workspace: string;
let service: StudioService;
let wantCount: number;
let wantFirst: number[];

beforeAll(async () => {
  workspace = await mkdtemp(path.join(os.tmpdir(), 'tributary-preview-count-'));
  const file = path.join(workspace, 'events.parquet');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  await conn.run(`COPY (SELECT i::BIGINT AS id, (i * 7919) % 1000 AS amount FROM range(${ROWS}) t(i))
    TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 5000)`);
  const picked = `FROM '${file}' WHERE amount >= 900`;
  wantCount = Number((await conn.runAndReadAll(`SELECT count(*) ${picked}`)).getRowsJS()[0]![0]);
  wantFirst = (await conn.runAndReadAll(`SELECT id ${picked} LIMIT 30`)).getRowsJS().map((r) => Number(r[0]));
  conn.closeSync();
  instance.closeSync();
  service = new StudioService({ workspace, dataDir: path.join(workspace, '.tributary'), mode: 'browser', threads: 2 });
});
afterAll(async () => {
  await service.close();
  await rm(workspace, { recursive: true, force: true });
});

const document: PipelineDocument = {
  version: 1, name: 'preview-count',
  nodes: [
    { id: 'events', kind: 'source.parquet', params: { path: 'events.parquet' } },
    { id: 'picked', kind: 'transform.filter', params: { condition: 'amount >= 900' } },
  ],
  edges: [{ from: 'events', to: 'picked' }],
};

describe('node.preview and node.previewCount', () => {
  it('shows DuckDB\'s first rows at once and counts the rest on request', async () => {
    const preview = await service.call('node.preview', { document, nodeId: 'picked', limit: 30 });
    const id = preview.schema.fields.findIndex((f) => f.name === 'id');
    expect(preview.rows.map((r) => Number(r[id]))).toEqual(wantFirst);
    expect(preview.totalRowsExact).toBe(false);
    expect(preview.totalRows).toBeLessThan(wantCount);
    const count = await service.call('node.previewCount', { document, nodeId: 'picked' });
    expect(count).toMatchObject({ nodeId: 'picked', totalRows: wantCount });
  });

  it('a source without a filter has its exact total from the footers at once', async () => {
    const preview = await service.call('node.preview', { document, nodeId: 'events', limit: 10 });
    expect(preview).toMatchObject({ totalRowsExact: true, totalRows: ROWS });
  });

  it('a new preview cancels the count in flight; the next count completes', async () => {
    const counting = service.call('node.previewCount', { document, nodeId: 'picked' });
    const next = service.call('node.preview', { document, nodeId: 'events', limit: 5 });
    await expect(counting).rejects.toThrow(/cancelled/);
    expect((await next).rows).toHaveLength(5);
    expect((await service.call('node.previewCount', { document, nodeId: 'picked' })).totalRows).toBe(wantCount);
  });
});
