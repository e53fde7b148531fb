// Pure operations on the pipeline document. The document IS the studio's state: every canvas and
// inspector change is one of these functions, so undo/redo is a history of documents and what is
// saved is exactly what is shown. Key order is kept stable (id, kind, params, position; from, to)
// so saved files diff small.

import type { KindDef, PipelineDocument } from '../../main/api.ts';

type DocNode = PipelineDocument['nodes'][number];
type DocEdge = PipelineDocument['edges'][number];
export type Position = { readonly x: number; readonly y: number };

export function emptyDocument(name = 'untitled'): PipelineDocument {
  return { version: 1, name, settings: { partitions: 2 }, nodes: [], edges: [] };
}

/** "node.port" -> { node, port }; a bare id has no port (the node's only port). */
export function splitEndpoint(endpoint: string): { node: string; port?: string } {
  const dot = endpoint.indexOf('.');
  return dot < 0 ? { node: endpoint } : { node: endpoint.slice(0, dot), port: endpoint.slice(dot + 1) };
}

/** A short readable id for a new node of `kind`: `filter_1`, `sample_2`... never one in use. A sink
 *  says that it writes (`write_csv_1`), so it is not taken for a source of the same format. */
export function freshId(doc: PipelineDocument, kind: string, taken: ReadonlySet<string> = new Set()): string {
  const last = kind.split('.').pop() ?? 'node';
  const base = (kind.startsWith('sink.') ? `write_${last}` : last).replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
  const used = new Set([...doc.nodes.map((n) => n.id), ...taken]);
  for (let i = 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** Params in the catalog's order, defaults for required-less params left out (absent = default). */
export function orderParams(def: KindDef | undefined, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of def?.params ?? []) if (params[p.name] !== undefined) out[p.name] = params[p.name];
  for (const [k, v] of Object.entries(params)) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

/** The params a fresh node starts with: the required ones, seeded with something sensible. */
export function initialParams(def: KindDef | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of def?.params ?? []) {
    if (!p.required) continue;
    if (p.default !== undefined) out[p.name] = p.default;
    else if (p.type === 'enum' && p.options?.[0] !== undefined) out[p.name] = p.options[0];
    else if (p.type === 'columns' || p.type === 'records' || p.type === 'numbers' || p.type === 'strings') out[p.name] = [];
    else if (p.type === 'boolean') out[p.name] = false;
    else if (p.type === 'number' || p.type === 'integer') out[p.name] = 0;
    else out[p.name] = '';
  }
  return out;
}

function node(id: string, kind: string, params: Record<string, unknown>, position?: Position): DocNode {
  return position ? { id, kind, params, position: { x: Math.round(position.x), y: Math.round(position.y) } }
    : { id, kind, params };
}

export function addNode(doc: PipelineDocument, def: KindDef, position: Position, id = freshId(doc, def.kind)):
  PipelineDocument {
  return { ...doc, nodes: [...doc.nodes, node(id, def.kind, orderParams(def, initialParams(def)), position)] };
}

export function removeNodes(doc: PipelineDocument, ids: ReadonlySet<string>): PipelineDocument {
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => !ids.has(n.id)),
    edges: doc.edges.filter((e) => !ids.has(splitEndpoint(e.from).node) && !ids.has(splitEndpoint(e.to).node)),
  };
}

export function removeEdges(doc: PipelineDocument, edges: ReadonlySet<string>): PipelineDocument {
  return { ...doc, edges: doc.edges.filter((e) => !edges.has(edgeKey(e))) };
}

export function edgeKey(e: DocEdge): string {
  return `${e.from}->${e.to}`;
}

/** Writes `from`/`to` as a bare id when the port is the node's only one (the short form of docs/pipeline-format.md). */
export function endpoint(nodeId: string, port: string, ports: readonly { name: string }[]): string {
  return ports.length === 1 && ports[0]!.name === port ? nodeId : `${nodeId}.${port}`;
}

export function addEdge(doc: PipelineDocument, edge: DocEdge): PipelineDocument {
  if (doc.edges.some((e) => edgeKey(e) === edgeKey(edge))) return doc;
  return { ...doc, edges: [...doc.edges, { from: edge.from, to: edge.to }] };
}

export function setParam(doc: PipelineDocument, def: KindDef | undefined, nodeId: string, name: string,
  value: unknown): PipelineDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => n.id !== nodeId ? n
      : node(n.id, n.kind, orderParams(def, { ...n.params, [name]: value }), n.position)),
  };
}

export function moveNodes(doc: PipelineDocument, positions: ReadonlyMap<string, Position>): PipelineDocument {
  if (positions.size === 0) return doc;
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      const p = positions.get(n.id);
      return p ? node(n.id, n.kind, { ...n.params }, p) : n;
    }),
  };
}

/** Renames a node, rewriting every edge that names it. Returns the document unchanged on a clash. */
export function renameNode(doc: PipelineDocument, from: string, to: string): PipelineDocument {
  if (from === to || doc.nodes.some((n) => n.id === to) || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(to)) return doc;
  const fix = (ep: string): string => {
    const s = splitEndpoint(ep);
    return s.node !== from ? ep : s.port === undefined ? to : `${to}.${s.port}`;
  };
  return {
    ...doc,
    nodes: doc.nodes.map((n) => n.id === from ? { ...n, id: to } : n),
    edges: doc.edges.map((e) => ({ from: fix(e.from), to: fix(e.to) })),
  };
}

/** A self-contained piece of a document (the copied nodes and the edges between them). */
export interface Fragment { readonly nodes: readonly DocNode[]; readonly edges: readonly DocEdge[] }

export function copyFragment(doc: PipelineDocument, ids: ReadonlySet<string>): Fragment {
  return {
    nodes: doc.nodes.filter((n) => ids.has(n.id)),
    edges: doc.edges.filter((e) => ids.has(splitEndpoint(e.from).node) && ids.has(splitEndpoint(e.to).node)),
  };
}

/** Pastes a fragment with fresh ids, offset so the copy does not hide the original. */
export function pasteFragment(doc: PipelineDocument, frag: Fragment, offset: Position):
  { doc: PipelineDocument; ids: string[] } {
  const rename = new Map<string, string>();
  const taken = new Set<string>();
  for (const n of frag.nodes) {
    const id = freshId(doc, n.kind, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const fix = (ep: string): string => {
    const s = splitEndpoint(ep);
    const id = rename.get(s.node) ?? s.node;
    return s.port === undefined ? id : `${id}.${s.port}`;
  };
  const nodes = frag.nodes.map((n) => node(rename.get(n.id)!, n.kind, { ...n.params },
    { x: (n.position?.x ?? 0) + offset.x, y: (n.position?.y ?? 0) + offset.y }));
  const edges = frag.edges.map((e) => ({ from: fix(e.from), to: fix(e.to) }));
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, ids: [...rename.values()] };
}
