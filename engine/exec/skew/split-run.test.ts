// How a skewed partition's probe list is cut into sub-tasks: on entry boundaries when the list
// has enough entries (each entry then moves whole to one sub-task), else into equal row ranges.

import { describe, expect, it } from 'vitest';
import { onEntryBounds, subTasks } from './split-run.ts';

function bounds(sizes: readonly number[]): Set<number> {
  const out = new Set([0]);
  let at = 0;
  for (const n of sizes) out.add((at += n));
  return out;
}

describe('subTasks', () => {
  it('cuts a long list only between entries, covering every row once, about evenly', () => {
    // 160 entries of uneven sizes (as a shuffle's batches are), cut into 8.
    const sizes = Array.from({ length: 160 }, (_, i) => 30_000 + ((i * 7919) % 9_000));
    const total = sizes.reduce((a, b) => a + b, 0);
    const tasks = subTasks(sizes, 8);
    expect(tasks).toHaveLength(8);
    const cuts = bounds(sizes);
    let at = 0;
    for (const t of tasks) {
      expect(t.range[0]).toBe(at);
      expect(cuts.has(t.range[0]) && cuts.has(t.range[1])).toBe(true);
      expect(onEntryBounds(sizes, t.range)).toBe(true);
      // Within one entry of the ideal share.
      expect(Math.abs(t.range[1] - t.range[0] - total / 8)).toBeLessThanOrEqual(2 * Math.max(...sizes));
      at = t.range[1];
    }
    expect(at).toBe(total);
  });

  it('cuts a short list into equal row ranges, inside entries', () => {
    const sizes = [50_000, 50_000, 50_000];
    const tasks = subTasks(sizes, 4);
    expect(tasks.map((t) => t.range)).toEqual([[0, 37_500], [37_500, 75_000], [75_000, 112_500], [112_500, 150_000]]);
    expect(onEntryBounds(sizes, tasks[1]!.range)).toBe(false);
  });

  it('never makes an empty sub-task when one entry outweighs the rest', () => {
    const sizes = [1_000_000, ...Array.from({ length: 15 }, () => 10)];
    const tasks = subTasks(sizes, 8);
    expect(tasks.every((t) => t.range[1] > t.range[0])).toBe(true);
    expect(tasks[tasks.length - 1]!.range[1]).toBe(1_000_150);
    expect(tasks.every((t) => onEntryBounds(sizes, t.range))).toBe(true);
  });
});
