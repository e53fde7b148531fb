// Lays the plan graph out with elkjs's layered algorithm (as the canvas's auto-layout): stages
// left to right in the order data flows, each exchange an edge with its label placed by elk so
// labels never sit on a box. Sizes come from the rendered boxes, so the layout fits the text.

import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { PlanGraph } from '../../../main/api.ts';
import { loadElk } from '../../layout/elk.ts';

export interface Point { readonly x: number; readonly y: number }
export interface PlanLayout {
  readonly width: number;
  readonly height: number;
  readonly stages: ReadonlyMap<number, Point>;
  /** Per edge (same order as graph.edges): the polyline and where its label goes. */
  readonly edges: readonly { readonly points: readonly Point[]; readonly label: Point }[];
}

/** Label boxes: 11px monospace text at about 6.7px a character. */
export const labelSize = (text: string): { width: number; height: number } => ({ width: Math.ceil(text.length * 6.7) + 10, height: 18 });

export async function layoutPlan(graph: PlanGraph, sizeOf: (stageId: number) => { width: number; height: number }): Promise<PlanLayout> {
  const input: ElkNode = {
    id: 'plan',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'POLYLINE',
      'elk.spacing.nodeNode': '28',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.padding': '[top=12,left=12,bottom=12,right=12]',
    },
    children: graph.stages.map((s) => ({ id: `s${s.id}`, ...sizeOf(s.id) })),
    edges: graph.edges.map((e, i) => ({
      id: `e${i}`, sources: [`s${e.from}`], targets: [`s${e.to}`],
      labels: [{ id: `l${i}`, text: e.label, ...labelSize(e.label) }],
    })),
  };
  const out = await (await loadElk()).layout(input);
  const stages = new Map<number, Point>();
  for (const c of out.children ?? []) stages.set(Number(c.id.slice(1)), { x: c.x ?? 0, y: c.y ?? 0 });
  const edges = graph.edges.map((_, i) => {
    const e = out.edges?.find((x) => x.id === `e${i}`);
    const s = e?.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
    const l = e?.labels?.[0];
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { points, label: l ? { x: l.x ?? mid.x, y: l.y ?? mid.y } : mid };
  });
  return { width: out.width ?? 0, height: out.height ?? 0, stages, edges };
}
