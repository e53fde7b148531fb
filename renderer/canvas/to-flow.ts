// The canvas is derived from the document (and what main said about it): one React Flow node
// per document node, one edge per document edge. Nothing here is state of its own.

import type { Edge } from '@xyflow/react';
import type { CheckResult, KindDef, PipelineDocument } from '../../main/api.ts';
import type { CardData, CardNode } from '../nodes/generic/NodeCard.tsx';
import { summarize } from '../nodes/registry.ts';
import type { RunView } from '../run/run-state.ts';
import { inputPorts, outputPorts, resolveEdges } from './ports.ts';

export function toFlowNodes(doc: PipelineDocument, kindDef: (k: string) => KindDef | undefined, check: CheckResult,
  run: RunView, selection: ReadonlySet<string>): CardNode[] {
  const edges = resolveEdges(doc, kindDef);
  const issuesByNode = new Map<string, string[]>();
  for (const i of check.issues) {
    if (!i.nodeId) continue;
    const list = issuesByNode.get(i.nodeId) ?? [];
    if (!list.includes(i.message)) list.push(i.message);
    issuesByNode.set(i.nodeId, list);
  }
  return doc.nodes.map((n, index) => {
    const def = kindDef(n.kind);
    const data: CardData = {
      kind: n.kind,
      title: def?.title ?? n.kind,
      group: def?.group ?? n.kind.split('.')[0] ?? 'transform',
      summary: summarize(n.kind, def, n.params),
      inputs: inputPorts(n.kind, def).map((p) => {
        const e = edges.find((x) => x.target === n.id && x.targetHandle === p.name);
        return { name: p.name, optional: p.optional, doc: p.doc, schema: e ? check.ports[`${e.source}.${e.sourceHandle}`] : undefined };
      }),
      outputs: outputPorts(n.kind, def).map((p) => ({ name: p.name, doc: p.doc, schema: check.ports[`${n.id}.${p.name}`] })),
      issues: issuesByNode.get(n.id) ?? [],
      run: run.status === 'idle' ? undefined : run.nodes[n.id],
    };
    return {
      id: n.id,
      type: 'tributary' as const,
      position: n.position ?? { x: 60 + (index % 4) * 260, y: 60 + Math.floor(index / 4) * 160 },
      data,
      selected: selection.has(n.id),
    };
  });
}

export function toFlowEdges(doc: PipelineDocument, kindDef: (k: string) => KindDef | undefined, run: RunView,
  selectedEdges: ReadonlySet<string>): Edge[] {
  return resolveEdges(doc, kindDef).map((e) => {
    const state = run.nodes[e.source]?.state;
    return {
      id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle,
      animated: state === 'running',
      selected: selectedEdges.has(e.id),
      className: state === 'done' ? 'edge-done' : undefined,
    };
  });
}
