import { describe, expect, it } from 'vitest';
import { planCoalesce } from './coalesce.ts';

describe('planCoalesce', () => {
  it('groups adjacent partitions while together under the target, every partition once, in order', () => {
    expect(planCoalesce([100, 200, 300, 50_000, 10, 0, 20, 9_990], 10_000)).toEqual([[0, 1, 2], [3], [4, 5, 6], [7]]);
  });

  it('leaves a partition at the target alone and starts a new group where the next would go over', () => {
    expect(planCoalesce([6_000, 5_000, 10_000, 4_000, 4_000, 3_000], 10_000)).toEqual([[0], [1], [2], [3, 4], [5]]);
  });

  it('never puts a split partition in a group', () => {
    expect(planCoalesce([1, 2, 3, 4], 10_000, new Set([2]))).toEqual([[0, 1], [2], [3]]);
  });

  it('empty partitions all go into one task', () => {
    expect(planCoalesce([0, 0, 0, 0], 10_000)).toEqual([[0, 1, 2, 3]]);
  });
});
