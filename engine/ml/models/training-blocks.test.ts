// The training cache on its own: under a budget that holds one block, the first block stays in
// memory (counted), the others go to one spill file and come back equal, pass after pass, and
// close() releases the memory counted and deletes the file.

import { afterAll, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { TaskMemory } from '../../exec/memory/task-memory.ts';
import { TrainingBlocks, type TrainingBlock } from './training-blocks.ts';

const dir = mkdtempSync(join(tmpdir(), 'training-blocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function block(n: number, d: number, seed: number, withW: boolean): TrainingBlock {
  const x = Float64Array.from({ length: n * d }, (_, i) => Math.sin(seed * 1000 + i) * 1e3);
  const y = Float64Array.from({ length: n }, (_, i) => (i + seed) % 2);
  return { n, x, y, w: withW ? Float64Array.from({ length: n }, (_, i) => 0.5 + i) : undefined };
}

it('keeps what fits, spills the rest and reads it back equal on every pass', () => {
  const blocks = [block(100, 3, 1, true), block(257, 3, 2, false), block(64, 3, 3, true), block(300, 3, 4, true)];
  const firstBytes = 100 * 3 * 8 + 100 * 8 * 2;
  const memory = new TaskMemory(firstBytes, join(dir, 'spill'), 'task');
  const cache = new TrainingBlocks('m', memory);
  for (const b of blocks) cache.add(b);
  expect(memory.held).toBe(firstBytes);
  expect(cache.spilledBytes).toBeGreaterThan(0);
  expect(memory.spilled.get('m')).toBe(cache.spilledBytes);
  expect(readdirSync(join(dir, 'spill'))).toHaveLength(1);
  for (let pass = 0; pass < 2; pass++) {
    // A block read back is valid until the next one is asked for: copy it at once.
    const seen = [];
    for (const b of cache) seen.push({ n: b.n, x: [...b.x], y: b.y && [...b.y], w: b.w && [...b.w] });
    expect(seen).toEqual(blocks.map((b) => ({ n: b.n, x: [...b.x], y: b.y && [...b.y], w: b.w && [...b.w] })));
  }
  cache.close();
  expect(memory.held).toBe(0);
  expect(existsSync(join(dir, 'spill')) ? readdirSync(join(dir, 'spill')) : []).toEqual([]);
});

it('holds everything without a budget', () => {
  const cache = new TrainingBlocks('m', TaskMemory.unbounded());
  const b = block(10, 2, 5, false);
  cache.add(b);
  expect(cache.spilledBytes).toBe(0);
  expect([...cache][0]).toBe(b);
  cache.close();
});
