import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../store/doc-ops.ts';
import { CARD, freeSpot, spotAfter } from './placement.ts';

const doc = (positions: { x: number; y: number }[]) => ({
  ...emptyDocument(),
  nodes: positions.map((position, i) => ({ id: `n${i}`, kind: 'transform.filter', params: {}, position })),
});

function disjoint(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return a.x + CARD.width <= b.x || b.x + CARD.width <= a.x || a.y + CARD.height <= b.y || b.y + CARD.height <= a.y;
}

describe('placing a new node', () => {
  it('keeps the requested spot when it is free', () => {
    expect(freeSpot(doc([{ x: 0, y: 0 }]), { x: 600, y: 0 })).toEqual({ x: 600, y: 0 });
  });

  it('moves off an occupied spot to the nearest free one, even in a crowd', () => {
    const crowd = doc([{ x: 0, y: 0 }, { x: 0, y: 120 }, { x: 250, y: 0 }, { x: -250, y: 0 }, { x: 0, y: -120 }]);
    const p = freeSpot(crowd, { x: 10, y: 10 });
    for (const n of crowd.nodes) expect(disjoint(p, n.position)).toBe(true);
    expect(Math.hypot(p.x - 10, p.y - 10)).toBeLessThan(600);
  });

  it('puts a node added after another to its right, and below when that is taken', () => {
    const d = doc([{ x: 0, y: 0 }, { x: 300, y: 0 }]);
    const right = spotAfter(d, 'n0')!;
    expect(right).toEqual({ x: CARD.width + 80, y: 0 });
    const p = freeSpot(d, right);
    expect(disjoint(p, d.nodes[1]!.position)).toBe(true);
    expect(p.y).toBeGreaterThan(0);
  });
});
