import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node';
import { afterAll, describe, expect, it } from 'vitest';
import { inferSourceSchema } from './source-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-io-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeParquetFile(path: string, rowGroupRows: number): void {
  const t = tableFromArrays({
    id: Int32Array.from({ length: 10 }, (_, i) => i),
    big: BigInt64Array.from({ length: 10 }, (_, i) => BigInt(i) * 10n),
    x: Float64Array.from({ length: 10 }, (_, i) => i / 2),
    s: Array.from({ length: 10 }, (_, i) => (i % 3 === 0 ? null : `v${i}`)),
  });
  const props = new WriterPropertiesBuilder().setMaxRowGroupSize(rowGroupRows).build();
  writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(t, 'stream')), props));
}

describe('inferSourceSchema', () => {
  it('gives the sample datasets their schemas and row counts', async () => {
    const ev = await inferSourceSchema('sample', { dataset: 'events', rows: 5000 });
    expect(ev.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      'event_id:int64', 'user_id:int32', 'ts:timestamp', 'category:string', 'amount:float64', 'qty:int32',
    ]);
    expect(ev.estimate).toEqual({ rows: 5000, source: 'generator' });
    const users = await inferSourceSchema('sample', { dataset: 'users' });
    expect(users.schema.fields.map((f) => f.type)).toEqual(['int32', 'string', 'string', 'date', 'int32']);
    expect(users.estimate?.rows).toBe(1000);
    const houses = await inferSourceSchema('sample', { dataset: 'houses' });
    expect(houses.schema.fields.map((f) => f.name)).toEqual(['house_id', 'sqft', 'bedrooms', 'bathrooms', 'age', 'neighborhood', 'price']);
    await expect(inferSourceSchema('sample', { dataset: 'nope' })).rejects.toThrow(/'dataset'.*"events"/);
  });

  it('reads a Parquet footer: types, nullability, rows across a folder', async () => {
    const sub = join(dir, 'pq');
    rmSync(sub, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(sub);
    writeParquetFile(join(sub, 'a.parquet'), 4);
    writeParquetFile(join(sub, 'b.parquet'), 100);
    const one = await inferSourceSchema('parquet', { path: join(sub, 'a.parquet') });
    expect(one.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['id:int32', 'big:int64', 'x:float64', 's:string']);
    expect(one.estimate?.rows).toBe(10);
    const all = await inferSourceSchema('parquet', { path: sub });
    expect(all.estimate?.rows).toBe(20);
    const globbed = await inferSourceSchema('parquet', { path: join(sub, 'b*.parquet') });
    expect(globbed.estimate?.rows).toBe(10);
  });

  it('names the file when it is missing or not Parquet', async () => {
    await expect(inferSourceSchema('parquet', { path: join(dir, 'missing.parquet') })).rejects.toThrow(/missing\.parquet.*no such file/);
    const bad = join(dir, 'bad.parquet');
    writeFileSync(bad, 'hello, this is not parquet at all');
    await expect(inferSourceSchema('parquet', { path: bad })).rejects.toThrow(/bad\.parquet is not a Parquet file/);
  });
});
