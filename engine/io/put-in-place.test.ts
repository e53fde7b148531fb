// Outputs are put in place without losing or clobbering a file: mode "error" creates exclusively
// (two writers racing for one path: exactly one wins), overwrite replaces a file with one atomic
// rename (a reader in another process never finds it missing), and temps of dead processes are
// removed by the next write to the folder.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Int32, type RecordBatch } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import type { Schema } from '../types.ts';
import { fixedData, makeBatch } from '../compute/arrow-build.ts';
import { writeTableFile } from './write.ts';

const dir = mkdtempSync(join(tmpdir(), 'trib-put-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA: Schema = { fields: [{ name: 'k', type: 'int32', nullable: true }, { name: 'v', type: 'int32', nullable: true }] };
function batch(v: number, rows = 100): RecordBatch {
  const keys = Int32Array.from({ length: rows }, (_, i) => i % 3);
  return makeBatch(['k', 'v'], [fixedData(new Int32(), keys, rows), fixedData(new Int32(), new Int32Array(rows).fill(v), rows)], rows);
}

/** Two writers' batches, each held back until both writers have begun (past their exists check). */
function racingBatches(): [AsyncIterable<RecordBatch>, AsyncIterable<RecordBatch>] {
  let started = 0;
  let release!: () => void;
  const bothStarted = new Promise<void>((r) => { release = r; });
  const writer = async function* (v: number): AsyncGenerator<RecordBatch> {
    if (++started === 2) release();
    await bothStarted;
    yield batch(v);
  };
  return [writer(1), writer(2)];
}

describe('putting an output in place', () => {
  for (const [format, options] of [['csv', {}], ['parquet', {}], ['parquet', { partitionBy: ['k'] }]] as const) {
    it(`mode "error": of two ${format}${'partitionBy' in options ? ' folder' : ''} writers racing for one path, exactly one wins`, async () => {
      const path = join(dir, `race-${format}-${'partitionBy' in options ? 'folder' : 'file'}`);
      const [a, b] = racingBatches();
      const results = await Promise.allSettled([
        writeTableFile(format, a, SCHEMA, { ...options, path, mode: 'error' }),
        writeTableFile(format, b, SCHEMA, { ...options, path, mode: 'error' }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const failed = results.find((r) => r.status === 'rejected');
      expect(String(failed?.reason)).toMatch(/already exists \(another run wrote it while this one ran\); set param 'mode' to "overwrite"/);
      // Nothing left beside the output: the loser's temp is gone.
      expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    });
  }

  it('overwrite replaces a file atomically: a reader polling in another process never finds it missing', async () => {
    const path = join(dir, 'polled.csv');
    const done = join(dir, 'polled.done');
    const child = spawn(process.execPath, [new URL('./overwrite-loop.test-helper.ts', import.meta.url).pathname, path, '40', done], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    let polls = 0;
    let missing = 0;
    let torn = 0;
    // Bounded by count: the child's done file ends the loop; the bound only stops a hung child.
    while (!existsSync(done) && polls < 5_000_000) {
      polls++;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        missing++;
        continue;
      }
      if (text.split('\n').length !== 2002) torn++;
    }
    expect(await exited).toBe(0);
    expect(existsSync(done)).toBe(true);
    expect(polls).toBeGreaterThan(40);
    expect({ missing, torn }).toEqual({ missing: 0, torn: 0 });
  });

  it('removes the temps of dead processes in the folder, keeps a live process\'s', async () => {
    const folder = join(dir, 'stale');
    mkdirSync(folder);
    const deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(join(folder, `.old.csv.tmp-${deadPid}-0badc0de`), 'half a file');
    mkdirSync(join(folder, `.parts.parquet.tmp-${deadPid}-12345678.old`));
    const live = `.other.csv.tmp-${process.pid}-aaaaaaaa`;
    writeFileSync(join(folder, live), 'being written');
    await writeTableFile('csv', [batch(1)], SCHEMA, { path: join(folder, 'new.csv') });
    expect(readdirSync(folder).sort()).toEqual([live, 'new.csv']);
  });
});
