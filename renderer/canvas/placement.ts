// Where a new node goes: at the requested spot when it is free, else at the nearest free spot
// around it, so a new card never lands on top of another. Cards are taken at their measured size,
// or the usual card size before React Flow has measured them.

import type { PipelineDocument } from '../../main/api.ts';
import type { Position } from '../store/doc-ops.ts';

export const CARD = { width: 220, height: 96 } as const;
/** Free space kept around a new card, and the gap between a node and the one added after it. */
const GAP = 24;
export const AFTER_GAP = 80;

type Size = { readonly width: number; readonly height: number };

function overlaps(a: Position, b: Position, sa: Size, sb: Size): boolean {
  return a.x < b.x + sb.width + GAP && b.x < a.x + sa.width + GAP && a.y < b.y + sb.height + GAP && b.y < a.y + sa.height + GAP;
}

/** The free position nearest to `at` (first `at` itself, then rings of candidates around it). */
export function freeSpot(doc: PipelineDocument, at: Position, sizeOf: (id: string) => Size | undefined = () => undefined,
  size: Size = CARD): Position {
  const placed = doc.nodes.filter((n) => n.position).map((n) => ({ p: n.position!, s: sizeOf(n.id) ?? CARD }));
  const free = (p: Position) => placed.every((o) => !overlaps(p, o.p, size, o.s));
  if (free(at)) return at;
  const dx = size.width + GAP;
  const dy = size.height + GAP;
  for (let ring = 1; ring < 50; ring++) {
    const candidates: Position[] = [];
    for (let i = -ring; i <= ring; i++) {
      for (let j = -ring; j <= ring; j++) {
        if (Math.max(Math.abs(i), Math.abs(j)) !== ring) continue;
        candidates.push({ x: at.x + i * dx, y: at.y + j * dy });
      }
    }
    // Nearest first; on a tie prefer below, then right (reading order of a pipeline).
    candidates.sort((a, b) => Math.hypot(a.x - at.x, a.y - at.y) - Math.hypot(b.x - at.x, b.y - at.y) || b.y - a.y || b.x - a.x);
    const found = candidates.find(free);
    if (found) return found;
  }
  return at;
}

/** The spot right of node `id` (for a node added after it), or undefined when it has no position. */
export function spotAfter(doc: PipelineDocument, id: string, sizeOf: (id: string) => Size | undefined = () => undefined): Position | undefined {
  const n = doc.nodes.find((x) => x.id === id);
  if (!n?.position) return undefined;
  return { x: n.position.x + (sizeOf(id) ?? CARD).width + AFTER_GAP, y: n.position.y };
}
