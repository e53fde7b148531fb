// Auto-layout with elkjs's layered algorithm: sources left, sinks right, edges crossing as
// little as possible. Returns new positions; the caller commits them as one undoable change.

import type { PipelineDocument } from '../../main/api.ts';
import { loadElk } from '../layout/elk.ts';
import { splitEndpoint, type Position } from '../store/doc-ops.ts';

export async function layoutPositions(doc: PipelineDocument,
  sizeOf: (id: string) => { width: number; height: number } | undefined): Promise<Map<string, Position>> {
  const graph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.spacing.nodeNode': '36',
      'elk.layered.spacing.nodeNodeBetweenLayers': '72',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children: doc.nodes.map((n) => ({ id: n.id, width: sizeOf(n.id)?.width ?? 200, height: sizeOf(n.id)?.height ?? 90 })),
    edges: doc.edges.map((e, i) => ({ id: `e${i}`, sources: [splitEndpoint(e.from).node], targets: [splitEndpoint(e.to).node] })),
  };
  const out = await (await loadElk()).layout(graph);
  const positions = new Map<string, Position>();
  for (const c of out.children ?? []) positions.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  return positions;
}
