import { describe, expect, it } from 'vitest';
import { rocCurve, thinCurve } from './roc.ts';

/** Deterministic noise in [0, 1) (the renderer may not import the engine's PRNG). */
function noise(seed: number): () => number {
  let i = seed;
  return () => {
    const x = Math.sin(++i * 12.9898) * 43758.5453;
    return x - Math.floor(x);
  };
}

/** AUC as the probability that a random positive outscores a random negative (ties count half). */
function pairwiseAuc(label: number[], score: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < label.length; i++) {
    if (label[i] !== 1) continue;
    for (let j = 0; j < label.length; j++) {
      if (label[j] === 1) continue;
      pairs++;
      wins += score[i]! > score[j]! ? 1 : score[i] === score[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

describe('ROC curve', () => {
  it('of a perfect ranking goes up the left edge: AUC 1; reversed: AUC 0', () => {
    const label = [1, 1, 0, 0, 0];
    expect(rocCurve(label, [0.9, 0.8, 0.3, 0.2, 0.1]).auc).toBe(1);
    expect(rocCurve(label, [0.1, 0.2, 0.3, 0.8, 0.9]).auc).toBe(0);
  });

  it('has one point per distinct score, monotone from (0,0) to (1,1)', () => {
    const r = rocCurve([1, 0, 1, 0, 1, 0], [0.9, 0.9, 0.5, 0.5, 0.5, 0.1]);
    // three distinct scores -> three points after the origin
    expect([...r.fpr]).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect([...r.tpr]).toEqual([0, 1 / 3, 1, 1]);
    expect(r.positives).toBe(3);
    expect(r.negatives).toBe(3);
  });

  it('AUC equals the pairwise win rate of positives over negatives, ties included', () => {
    const rand = noise(7);
    for (let trial = 0; trial < 5; trial++) {
      const n = 300;
      const label: number[] = [];
      const score: number[] = [];
      for (let i = 0; i < n; i++) {
        const y = rand() < 0.4 ? 1 : 0;
        label.push(y);
        // Coarse scores (two decimals) so that many ties occur.
        score.push(Math.round(Math.min(1, Math.max(0, 0.3 * y + 0.7 * rand())) * 100) / 100);
      }
      const r = rocCurve(label, score);
      expect(r.auc).toBeCloseTo(pairwiseAuc(label, score), 12);
      for (let i = 1; i < r.fpr.length; i++) {
        expect(r.fpr[i]!).toBeGreaterThanOrEqual(r.fpr[i - 1]!);
        expect(r.tpr[i]!).toBeGreaterThanOrEqual(r.tpr[i - 1]!);
      }
    }
  });

  it('leaves out missing rows; one class only gives no AUC', () => {
    const r = rocCurve([1, Number.NaN, 0, 1], [0.7, 0.9, 0.2, Number.NaN]);
    expect(r.positives).toBe(1);
    expect(r.negatives).toBe(1);
    expect(r.auc).toBe(1);
    expect(rocCurve([1, 1], [0.2, 0.3]).auc).toBeNull();
  });

  it('thinning keeps both ends and at most max points', () => {
    const x = Float64Array.from({ length: 1001 }, (_, i) => i / 1000);
    const t = thinCurve(x, x, 50);
    expect(t.x.length).toBe(50);
    expect(t.x[0]).toBe(0);
    expect(t.x[49]).toBe(1);
  });
});
