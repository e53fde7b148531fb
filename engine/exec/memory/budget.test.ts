import { describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import { cgroupLimitBytes, machineBudgetBytes, parseMemorySize, resolveBudgetBytes, shareBudget } from './budget.ts';

const MB = 1024 * 1024;

describe('the run memory budget', () => {
  it('parses sizes with binary units, a bare number being MB', () => {
    expect(parseMemorySize('256MB')).toBe(256 * MB);
    expect(parseMemorySize('1GB')).toBe(1024 * MB);
    expect(parseMemorySize('512M')).toBe(512 * MB);
    expect(parseMemorySize('1.5g')).toBe(1536 * MB);
    expect(parseMemorySize('64')).toBe(64 * MB);
    expect(parseMemorySize('2048kb')).toBe(2 * MB);
    expect(parseMemorySize(' 8 MiB ')).toBe(8 * MB);
  });

  it('refuses what is not a size, naming the flag and an example', () => {
    for (const bad of ['', 'lots', '12XB', '-5MB', '1e9', 'MB']) {
      expect(() => parseMemorySize(bad)).toThrow(/^--memory expects a size such as 256MB, 1GB or 512M, got '/);
    }
    expect(() => parseMemorySize('100KB')).toThrow("--memory must be at least 1MB, got '100KB'");
    expect(() => parseMemorySize('nope', 'memoryBudget')).toThrow(/^memoryBudget expects/);
  });

  it('reads the cgroup limit (v2, then v1) and ignores "max" and v1 "unlimited"', () => {
    const files = (m: Record<string, string>) => (p: string) => m[p];
    expect(cgroupLimitBytes(files({ '/sys/fs/cgroup/memory.max': '2147483648\n' }))).toBe(2 * 1024 * MB);
    expect(cgroupLimitBytes(files({ '/sys/fs/cgroup/memory.max': 'max\n' }))).toBeUndefined();
    expect(cgroupLimitBytes(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '9223372036854771712' }))).toBeUndefined();
    expect(cgroupLimitBytes(files({ '/sys/fs/cgroup/memory/memory.limit_in_bytes': '1073741824' }))).toBe(1024 * MB);
    expect(cgroupLimitBytes(files({}))).toBeUndefined();
  });

  it('defaults to half the machine, or half the cgroup limit when lower', () => {
    expect(machineBudgetBytes(16 * 1024 * MB, undefined)).toBe(8 * 1024 * MB);
    expect(machineBudgetBytes(16 * 1024 * MB, 2 * 1024 * MB)).toBe(1024 * MB);
    expect(machineBudgetBytes(4 * 1024 * MB, 64 * 1024 * MB)).toBe(2 * 1024 * MB);
    // On this machine: bounded, never Infinity.
    const here = machineBudgetBytes();
    expect(Number.isFinite(here)).toBe(true);
    expect(here).toBeLessThanOrEqual(totalmem() / 2);
  });

  it('takes the run over the document over the host default over the machine', () => {
    expect(resolveBudgetBytes(64 * MB, 256, 512 * MB)).toBe(64 * MB);
    expect(resolveBudgetBytes(undefined, 256, 512 * MB)).toBe(256 * MB);
    expect(resolveBudgetBytes(undefined, undefined, 512 * MB)).toBe(512 * MB);
    expect(resolveBudgetBytes(undefined, undefined, undefined)).toBe(machineBudgetBytes());
  });

  it('shares half to the exchange store and half evenly among the tasks at once', () => {
    expect(shareBudget(64 * MB, 2)).toEqual({ exchangeBytes: 32 * MB, taskBytes: 16 * MB });
    expect(shareBudget(64 * MB, 1)).toEqual({ exchangeBytes: 32 * MB, taskBytes: 32 * MB });
  });
});
