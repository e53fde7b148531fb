// Names of a model's feature vector elements, read from the document: the vector column is
// traced upstream (through scalers, which keep element order, and nodes that pass it through)
// to the feature.vectorAssembler that built it, whose inputCols name the elements in order. A
// vector input of the assembler spreads over its size (known from the inferred port schemas).

import type { KindDef, PipelineDocument, Schema } from '../../../main/api.ts';
import { resolveEdges } from '../../canvas/ports.ts';

type KindDefOf = (kind: string) => KindDef | undefined;

/** A param as the node has it, else the catalog default. */
export function paramValue(doc: PipelineDocument, nodeId: string, name: string, kindDef: KindDefOf): unknown {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return undefined;
  return node.params[name] ?? kindDef(node.kind)?.params.find((p) => p.name === name)?.default;
}

const ORDER_KEEPING = new Set(['feature.standardScaler', 'feature.minMaxScaler']);

/**
 * One name per element of the vector column `column` flowing into `nodeId`'s input `port`; a
 * name is undefined where it cannot be told (after a vector input of unknown size). Undefined
 * when no assembler is found upstream.
 */
export function featureNames(doc: PipelineDocument, nodeId: string, port: string, column: string,
  ports: Readonly<Record<string, Schema>>, kindDef: KindDefOf): (string | undefined)[] | undefined {
  const edges = resolveEdges(doc, kindDef);
  const seen = new Set<string>();
  const trace = (target: string, targetPort: string, col: string): (string | undefined)[] | undefined => {
    const edge = edges.find((e) => e.target === target && e.targetHandle === targetPort);
    const src = edge && doc.nodes.find((n) => n.id === edge.source);
    if (!src || seen.has(src.id)) return undefined;
    seen.add(src.id);
    const output = paramValue(doc, src.id, 'outputCol', kindDef);
    if (src.kind === 'feature.vectorAssembler' && output === col) {
      const inputs = paramValue(doc, src.id, 'inputCols', kindDef);
      if (!Array.isArray(inputs)) return undefined;
      const inEdge = edges.find((e) => e.target === src.id);
      return assemblerNames(inputs.map(String), inEdge ? ports[`${inEdge.source}.${inEdge.sourceHandle}`] : undefined);
    }
    let next = col;
    if (ORDER_KEEPING.has(src.kind) && output === col) {
      const input = paramValue(doc, src.id, 'inputCol', kindDef);
      if (typeof input !== 'string') return undefined;
      next = input;
    }
    // The column passes through: look up each input (a model's output carries its score rows
    // when that port is wired, else its train rows).
    const inputs = (kindDef(src.kind)?.inputs ?? [{ name: 'in' }]).map((p) => p.name);
    if (inputs.includes('score')) inputs.sort((a) => (a === 'score' ? -1 : 1));
    for (const p of inputs) {
      const found = trace(src.id, p, next);
      if (found) return found;
    }
    return undefined;
  };
  return trace(nodeId, port, column);
}

/** Element names of an assembler over `inputs`: a scalar column is one element, a vector of size k is k. */
export function assemblerNames(inputs: readonly string[], schema: Schema | undefined): (string | undefined)[] {
  const names: (string | undefined)[] = [];
  for (const c of inputs) {
    const f = schema?.fields.find((x) => x.name === c);
    if (f?.type !== 'vector') {
      names.push(c);
      continue;
    }
    // A vector of unknown size: the positions of everything after it are unknown too.
    if (f.vectorSize === undefined) return [...names, undefined];
    for (let i = 0; i < f.vectorSize; i++) names.push(`${c}[${i}]`);
  }
  return names;
}

/** The name of element i, or undefined (an `undefined` entry means unknown from there on). */
export function nameAt(names: readonly (string | undefined)[] | undefined, i: number): string | undefined {
  if (!names) return undefined;
  const unknownFrom = names.indexOf(undefined);
  if (unknownFrom >= 0 && i >= unknownFrom) return undefined;
  return names[i];
}
