// Arrays handed back are handed out again zeroed, whatever their element type (a BigInt64Array
// cannot be filled with the number 0).

import { expect, it } from 'vitest';
import { makeData, Int64, Int32, Float64 } from 'apache-arrow';
import { batchArray, batchMemoryStats, returnArrays } from './batch-memory.ts';

it.each([
  ['BigInt64Array', BigInt64Array, new Int64(), -5n],
  ['Int32Array', Int32Array, new Int32(), -5],
  ['Float64Array', Float64Array, new Float64(), -5.5],
] as const)('a returned %s comes back zeroed', (_name, ctor, type, value) => {
  const n = 4096;
  const a = batchArray(ctor as never, n) as unknown as { fill(v: unknown): void; length: number; [i: number]: unknown };
  a.fill(value);
  returnArrays([makeData({ type, length: n, data: a } as never)]);
  const reusedBefore = batchMemoryStats.reused;
  const b = batchArray(ctor as never, n) as unknown as ArrayLike<unknown>;
  expect(batchMemoryStats.reused).toBe(reusedBefore + 1);
  expect(b).toBe(a);
  expect(Array.from(b).every((v) => v === 0 || v === 0n)).toBe(true);
});
