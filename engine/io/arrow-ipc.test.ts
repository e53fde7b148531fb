import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIpcFile, writeIpcFile } from './arrow-ipc.ts';
import { generateSample } from './sample/sample.ts';
import { exactRows } from './scan.test-helper.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-io-ipc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('Arrow IPC spill files', () => {
  it('round-trips batches of every sample column, dictionary strings included', async () => {
    for (const dataset of ['events', 'users']) {
      const cols = dataset === 'events' ? ['event_id', 'user_id', 'ts', 'category', 'amount', 'qty'] : ['user_id', 'name', 'country', 'signup_date', 'age'];
      const batches = [...generateSample({ dataset, rows: 150_000 }, cols, 0, 150_000)];
      const path = join(dir, `${dataset}.arrows`);
      const res = await writeIpcFile(path, (async function* () { yield* batches; })());
      expect(res.rows).toBe(150_000);
      const back = await collect(readIpcFile(path));
      expect(back.map((b) => b.numRows)).toEqual(batches.map((b) => b.numRows));
      expect(exactRows(back)).toEqual(exactRows(batches));
    }
  });

  it('an empty input gives a file that reads back as no batches', async () => {
    const path = join(dir, 'empty.arrows');
    expect((await writeIpcFile(path, [])).rows).toBe(0);
    expect(await collect(readIpcFile(path))).toEqual([]);
  });
});

describe('Arrow IPC spill files with batches of different column encodings', () => {
  it('keeps every row when a column switches between dictionary and plain strings, or between dictionaries', async () => {
    const { Dictionary, Int32, makeData, Utf8 } = await import('apache-arrow');
    const { makeBatch } = await import('../compute/arrow-types.ts');
    const { utf8Dictionary } = await import('../compute/arrow-build.ts');
    const { stringCol } = await import('../compute/strings.ts');
    const { colToData } = await import('../compute/column.ts');
    const fields = [{ name: 's', type: 'string' as const, nullable: true }];
    const dictionaryBatch = (values: string[], id: number, codes: number[]) => makeBatch(fields, [makeData({
      type: new Dictionary(new Utf8(), new Int32(), id), length: codes.length, nullCount: 0,
      data: Int32Array.from(codes), dictionary: utf8Dictionary(values),
    })]);
    const plainBatch = (values: string[]) => makeBatch(fields, [colToData(stringCol(values))]);
    // As a spill of one exchange partition receives them: parts of two scans, one plain.
    const batches = [
      dictionaryBatch(['a', 'b'], 3, [0, 1, 1]),
      dictionaryBatch(['x', 'y', 'z'], 3, [2, 0]), // same id, another dictionary
      plainBatch(['p', '', 'q']),
      dictionaryBatch(['m'], 9, [0, 0]),
    ];
    const path = join(dir, 'mixed.arrows');
    expect((await writeIpcFile(path, batches)).rows).toBe(10);
    const back = await collect(readIpcFile(path));
    expect(back.flatMap((b) => b.toArray().map((r) => r.s))).toEqual(['a', 'b', 'b', 'z', 'x', 'p', '', 'q', 'm', 'm']);
  });
});
