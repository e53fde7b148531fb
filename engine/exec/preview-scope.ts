// What a preview compiles: the previewed node and everything upstream of it, nothing else. A
// mistake in another branch, or downstream (a half-typed filter after the previewed node), must
// not block looking at rows that do not depend on it; one upstream still does, with its node named.

import type { PipelineDocument } from '../document/document-types.ts';
import { NodeExecutionError } from '../errors.ts';

const nodeOf = (endpoint: string): string => {
  const dot = endpoint.indexOf('.');
  return dot < 0 ? endpoint : endpoint.slice(0, dot);
};

/** `doc` cut down to the previewed node and its ancestors (with the edges among them); the
 *  preview may name one output port of a node ('parts.train'). */
export function upstreamDocument(doc: PipelineDocument, target: string): PipelineDocument {
  const nodeId = nodeOf(target);
  if (!doc.nodes.some((n) => n.id === nodeId)) {
    throw new NodeExecutionError(target, `there is no node '${target}' to preview; pick one of: ${doc.nodes.map((n) => n.id).join(', ')}`);
  }
  const keep = new Set([nodeId]);
  const todo = [nodeId];
  while (todo.length > 0) {
    const id = todo.pop()!;
    for (const e of doc.edges) {
      const from = nodeOf(e.from);
      if (nodeOf(e.to) === id && !keep.has(from)) {
        keep.add(from);
        todo.push(from);
      }
    }
  }
  if (keep.size === doc.nodes.length) return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => keep.has(n.id)),
    edges: doc.edges.filter((e) => keep.has(nodeOf(e.to)) && keep.has(nodeOf(e.from))),
  };
}
