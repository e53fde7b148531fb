// Wiring without a mouse: each input port of the selected node gets a picker of the outputs it
// could read from. The same connection rules as on the canvas apply, with the reason on refusal.

import type { PipelineDocument } from '../../../main/api.ts';
import { connectionProblem } from '../../canvas/connection-rules.ts';
import { inputPorts, outputPorts, resolveEdges } from '../../canvas/ports.ts';
import { addEdge, endpoint, removeEdges } from '../../store/doc-ops.ts';
import { store } from '../../store/studio-store.ts';

function reconnect(doc: PipelineDocument, nodeId: string, port: string, from: string): void {
  const kindDef = (k: string) => store.kindDef(k);
  const current = resolveEdges(doc, kindDef).filter((e) => e.target === nodeId && e.targetHandle === port);
  let next = removeEdges(doc, new Set(current.map((e) => e.id)));
  if (from !== '') {
    const [source, sourceHandle] = from.split('\u0000') as [string, string];
    const problem = connectionProblem(next, { source, sourceHandle, target: nodeId, targetHandle: port }, kindDef, store.get().check.ports);
    if (problem) {
      store.toast(`Connection refused: ${problem}`, 'error');
      return;
    }
    const src = doc.nodes.find((n) => n.id === source)!;
    const dst = doc.nodes.find((n) => n.id === nodeId)!;
    next = addEdge(next, {
      from: endpoint(source, sourceHandle, outputPorts(src.kind, kindDef(src.kind))),
      to: endpoint(nodeId, port, inputPorts(dst.kind, kindDef(dst.kind))),
    });
  }
  store.commit(next);
}

export function InputSource({ doc, nodeId, port }: { doc: PipelineDocument; nodeId: string; port: string }) {
  const kindDef = (k: string) => store.kindDef(k);
  const edge = resolveEdges(doc, kindDef).find((e) => e.target === nodeId && e.targetHandle === port);
  const value = edge ? `${edge.source}\u0000${edge.sourceHandle}` : '';
  const options = doc.nodes.filter((n) => n.id !== nodeId).flatMap((n) =>
    outputPorts(n.kind, kindDef(n.kind)).map((p) => ({
      value: `${n.id}\u0000${p.name}`,
      label: outputPorts(n.kind, kindDef(n.kind)).length > 1 ? `${n.id}.${p.name}` : n.id,
    })));
  return (
    <select className="input" value={value} aria-label={`input ${port} reads from`}
      onChange={(e) => reconnect(store.get().doc, nodeId, port, e.target.value)}>
      <option value="">— not connected —</option>
      {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
}
