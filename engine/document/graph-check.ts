// Checks of the graph of a document: edges resolved to (node, port) pairs, and every problem with
// them collected: unknown nodes and ports (with the closest name), bare endpoints on multi-port
// nodes, duplicate edges, an input fed twice, unconnected required inputs, cycles.

import type { DocumentEdge, DocumentNode } from './document-types.ts';
import type { KindDef } from './catalog-types.ts';
import type { PipelineIssue } from '../errors.ts';
import { kindDef } from './catalog.ts';
import { didYouMean } from './closest.ts';

export interface Endpoint { readonly node: string; readonly port: string }
export interface ResolvedEdge { readonly from: Endpoint; readonly to: Endpoint; readonly index: number }

function label(n: DocumentNode): string { return `${n.kind} '${n.id}'`; }

/** Resolves one side of an edge; pushes an issue and returns undefined when it cannot. */
function resolveEnd(
  text: string, side: 'from' | 'to', nodes: ReadonlyMap<string, DocumentNode>, other: DocumentNode | undefined,
  issues: PipelineIssue[],
): Endpoint | undefined {
  const dot = text.indexOf('.');
  const id = dot < 0 ? text : text.slice(0, dot);
  const port = dot < 0 ? undefined : text.slice(dot + 1);
  const node = nodes.get(id);
  const dir = side === 'from' ? 'from' : 'into';
  if (!node) {
    const hint = didYouMean(id, nodes.keys(), `: the nodes are ${[...nodes.keys()].join(', ')}`);
    const at = other ? ` ${side === 'from' ? 'into' : 'from'} ${label(other)}` : '';
    issues.push({ ...(other ? { nodeId: other.id, kind: other.kind } : {}),
      message: `edge ${dir} unknown node '${id}'${at}${hint}` });
    return undefined;
  }
  const def = kindDef(node.kind);
  if (!def) return undefined; // the unknown kind is reported on the node
  const ports = side === 'from' ? def.outputs : def.inputs;
  const names = ports.map((p) => p.name);
  const what = side === 'from' ? 'output' : 'input';
  if (port === undefined) {
    if (names.length === 1) return { node: id, port: names[0]! };
    const message = names.length === 0
      ? `${label(node)} has no ${what} port: ${side === 'from' ? 'a sink ends the pipeline, nothing can follow it' : 'a source starts the pipeline, nothing can feed it'}`
      : `${label(node)} has ${what}s ${names.join(', ')}: name one in the edge, e.g. '${id}.${names[0]}'`;
    issues.push({ nodeId: id, kind: node.kind, message });
    return undefined;
  }
  if (!names.includes(port)) {
    const hint = names.length === 0 ? `: it has no ${what} port`
      : didYouMean(port, names, `: its ${what} ports are ${names.join(', ')}`);
    issues.push({ nodeId: id, kind: node.kind, port, message: `unknown ${what} port '${port}' of ${label(node)}${hint}` });
    return undefined;
  }
  return { node: id, port };
}

/** Nodes on a cycle, in cycle order (first node repeated at the end), one list per cycle found. */
function findCycles(ids: readonly string[], edges: readonly ResolvedEdge[]): string[][] {
  const next = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) next.get(e.from.node)?.push(e.to.node);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const n of next.get(id) ?? []) {
      const s = state.get(n);
      if (s === 'open') cycles.push([...stack.slice(stack.indexOf(n)), n]);
      else if (s === undefined) visit(n);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  return cycles;
}

export function checkGraph(
  nodes: readonly DocumentNode[], edges: readonly DocumentEdge[],
): { edges: ResolvedEdge[]; issues: PipelineIssue[] } {
  const issues: PipelineIssue[] = [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const resolved: ResolvedEdge[] = [];
  const seen = new Set<string>();
  const feeders = new Map<string, ResolvedEdge>();
  // Nodes with a broken incoming edge: their "not connected" inputs would only repeat that problem.
  const brokenInto = new Set<string>();
  edges.forEach((e, index) => {
    const fromNode = byId.get(e.from.split('.')[0]!);
    const toNode = byId.get(e.to.split('.')[0]!);
    const from = resolveEnd(e.from, 'from', byId, toNode, issues);
    const to = resolveEnd(e.to, 'to', byId, fromNode, issues);
    if (!from || !to) { if (toNode) brokenInto.add(toNode.id); return; }
    const key = `${from.node}.${from.port}->${to.node}.${to.port}`;
    const target = byId.get(to.node)!;
    if (seen.has(key)) {
      issues.push({ nodeId: to.node, kind: target.kind, port: to.port,
        message: `duplicate edge from '${from.node}.${from.port}' to '${to.node}.${to.port}': remove one of them` });
      return;
    }
    seen.add(key);
    const fed = feeders.get(`${to.node}.${to.port}`);
    if (fed) {
      const hint = kindDef(target.kind)?.inputs.length === 1 ? ': combine them first with a transform.union' : '';
      issues.push({ nodeId: to.node, kind: target.kind, port: to.port,
        message: `input port '${to.port}' of ${label(target)} is fed twice, by '${fed.from.node}' and '${from.node}': an input takes one edge${hint}` });
      return;
    }
    const edge = { from, to, index };
    feeders.set(`${to.node}.${to.port}`, edge);
    resolved.push(edge);
  });
  for (const n of nodes) {
    const def: KindDef | undefined = kindDef(n.kind);
    for (const p of def?.inputs ?? []) {
      if (p.optional || feeders.has(`${n.id}.${p.name}`) || brokenInto.has(n.id)) continue;
      const target = def!.inputs.length === 1 ? `'${n.id}'` : `'${n.id}.${p.name}'`;
      issues.push({ nodeId: n.id, kind: n.kind, port: p.name,
        message: `input port '${p.name}' of ${label(n)} is not connected: add an edge to ${target}` });
    }
  }
  for (const cycle of findCycles(nodes.map((n) => n.id), resolved)) {
    const first = byId.get(cycle[0]!)!;
    issues.push({ nodeId: first.id, kind: first.kind,
      message: `cycle ${cycle.join(' -> ')}: a pipeline must not loop back; remove one of these edges` });
  }
  return { edges: resolved, issues };
}

