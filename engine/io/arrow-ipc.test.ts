import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readIpcFile, writeIpcFile } from './arrow-ipc.ts';
import { generateSample } from './sample/sample.ts';
import { exactRows } from './test-util/scan.ts';

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
