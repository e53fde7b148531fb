// Ports of a node as the catalog defines them, and how a document edge ("node" or "node.port")
// maps to React Flow handles. A kind the catalog does not know still gets a guessed port so an
// old or mistyped document stays visible (its error badge says what is wrong).

import type { KindDef, PipelineDocument, Schema } from '../../main/api.ts';
import { splitEndpoint } from '../store/doc-ops.ts';

type PortDef = KindDef['inputs'][number];

export function inputPorts(kind: string, def: KindDef | undefined): readonly PortDef[] {
  if (def) return def.inputs;
  return kind.startsWith('source.') ? [] : [{ name: 'in' }];
}

export function outputPorts(kind: string, def: KindDef | undefined): readonly PortDef[] {
  if (def) return def.outputs;
  return kind.startsWith('sink.') ? [] : [{ name: 'out' }];
}

export interface ResolvedEdge {
  readonly id: string;
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
  readonly targetHandle: string;
}

export function resolveEdges(doc: PipelineDocument, kindDef: (kind: string) => KindDef | undefined): ResolvedEdge[] {
  const kinds = new Map(doc.nodes.map((n) => [n.id, n.kind]));
  return doc.edges.map((e) => {
    const from = splitEndpoint(e.from);
    const to = splitEndpoint(e.to);
    const fromKind = kinds.get(from.node) ?? '';
    const toKind = kinds.get(to.node) ?? '';
    return {
      id: `${e.from}->${e.to}`,
      source: from.node,
      sourceHandle: from.port ?? outputPorts(fromKind, kindDef(fromKind))[0]?.name ?? 'out',
      target: to.node,
      targetHandle: to.port ?? inputPorts(toKind, kindDef(toKind))[0]?.name ?? 'in',
    };
  });
}

/** The schema flowing into `nodeId`'s input `port`: the upstream output's inferred schema. */
export function inputSchema(doc: PipelineDocument, ports: Readonly<Record<string, Schema>>, nodeId: string,
  port: string, kindDef: (kind: string) => KindDef | undefined): Schema | undefined {
  const edge = resolveEdges(doc, kindDef).find((e) => e.target === nodeId && e.targetHandle === port);
  return edge ? ports[`${edge.source}.${edge.sourceHandle}`] : undefined;
}
