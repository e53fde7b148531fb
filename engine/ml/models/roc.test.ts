import { describe, expect, it } from 'vitest';
import { areaUnderRoc, histogramBatch, readHistogramBatches, ScoreCounter } from './roc.ts';

function counted(scores: readonly number[], labels: readonly number[]): ScoreCounter {
  const c = new ScoreCounter();
  scores.forEach((s, i) => c.add(s, labels[i] === 1));
  return c;
}

describe('score histograms', () => {
  it('merge partitions into the one histogram of all rows; -0 and 0 are one score', () => {
    const scores = [0.3, -0, 0.9, 0.3, 0, Infinity, -Infinity, 0.9];
    const labels = [1, 0, 1, 0, 1, 1, 0, 0];
    const whole = counted(scores, labels).histogram();
    const plain = (a: Float64Array) => Array.from(a, (x) => (x === 0 ? 0 : x)); // which zero stands for both is immaterial
    expect(plain(whole.scores)).toEqual([-Infinity, 0, 0.3, 0.9, Infinity]);
    expect([...whole.positives]).toEqual([0, 1, 1, 1, 1]);
    expect([...whole.negatives]).toEqual([1, 1, 1, 1, 0]);
    const parts = [[0, 3], [3, 3], [3, 8]].map(([a, b]) => histogramBatch(counted(scores.slice(a, b), labels.slice(a, b)).histogram()));
    const merged = readHistogramBatches(parts);
    expect(plain(merged.scores)).toEqual(plain(whole.scores));
    expect([...merged.positives]).toEqual([...whole.positives]);
    expect([...merged.negatives]).toEqual([...whole.negatives]);
  });

  it('area: pairs ranked right count 1, tied pairs 1/2; null without both classes', () => {
    // positives 0.9, 0.5; negatives 0.5, 0.1: pairs (0.9,0.5) 1, (0.9,0.1) 1, (0.5,0.5) 1/2, (0.5,0.1) 1.
    expect(areaUnderRoc(counted([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]).histogram())).toBe(3.5 / 4);
    expect(areaUnderRoc(counted([0.9, 0.5], [1, 1]).histogram())).toBeNull();
  });
});
