// What every exporter needs of a document: its nodes in dependency order (each after its inputs,
// otherwise in document order, so the script reads like the canvas) with their resolved inputs,
// and the params that differ from the catalog's defaults (a script leaves defaults out).

import { isDeepStrictEqual } from 'node:util';
import type { DocumentNode, PipelineDocument } from '../document/document-types.ts';
import type { KindDef, ParamDef } from '../document/catalog-types.ts';
import { kindDef } from '../document/catalog.ts';
import { checkGraph, type Endpoint } from '../document/graph-check.ts';
import { parseDocument } from '../document/load.ts';
import { PipelineError } from '../errors.ts';

export interface OrderedNode {
  readonly node: DocumentNode;
  readonly def: KindDef;
  /** Input port name -> the output feeding it. */
  readonly inputs: ReadonlyMap<string, Endpoint>;
}

/** The document's nodes in dependency order; a document with any issue is refused with all of them. */
export function orderedNodes(doc: PipelineDocument): OrderedNode[] {
  const { document, issues } = parseDocument(doc);
  if (!document || issues.length > 0) throw new PipelineError(issues);
  const { edges } = checkGraph(document.nodes, document.edges);
  const inputs = new Map(document.nodes.map((n) => [n.id, new Map<string, Endpoint>()]));
  for (const e of edges) inputs.get(e.to.node)!.set(e.to.port, e.from);
  const done = new Set<string>();
  const out: OrderedNode[] = [];
  while (out.length < document.nodes.length) {
    const next = document.nodes.find((n) => !done.has(n.id) && [...inputs.get(n.id)!.values()].every((f) => done.has(f.node)));
    if (!next) throw new Error('the graph has a cycle'); // parseDocument reports cycles: not reached
    done.add(next.id);
    out.push({ node: next, def: kindDef(next.kind)!, inputs: inputs.get(next.id)! });
  }
  return out;
}

/** Whether `value` is what the param means when absent. */
export function isDefault(p: ParamDef, value: unknown): boolean {
  return p.default !== undefined && isDeepStrictEqual(value, p.default);
}

/** `params` without the ones equal to their defaults (records: without such fields). */
export function nonDefaultParams(def: KindDef, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of def.params) {
    const value = params[p.name];
    if (value === undefined || isDefault(p, value)) continue;
    out[p.name] = p.type === 'records' && Array.isArray(value) ? value.map((r) => withoutDefaultFields(p, r)) : value;
  }
  return out;
}

function withoutDefaultFields(p: ParamDef, rec: unknown): unknown {
  if (typeof rec !== 'object' || rec === null) return rec;
  return Object.fromEntries(Object.entries(rec).filter(([k, v]) => {
    const f = p.fields?.find((x) => x.name === k);
    return !(f && isDefault(f, v));
  }));
}
