// Documents compared as the engine reads them: params with their defaults filled in (records too,
// shorthand strings as objects), edges as resolved (node.port -> node.port) pairs in any order,
// nodes in any order, canvas positions ignored. Two documents equal here run the same pipeline.

import type { PipelineDocument } from '../../engine/document/document-types.ts';
import type { ParamDef } from '../../engine/document/catalog-types.ts';
import { kindDef, withDefaults } from '../../engine/document/catalog.ts';
import { checkGraph } from '../../engine/document/graph-check.ts';

function record(p: ParamDef, item: unknown): unknown {
  const rec = typeof item === 'string' && p.shorthand ? { [p.shorthand]: item } : item;
  if (typeof rec !== 'object' || rec === null) return rec;
  const out: Record<string, unknown> = { ...rec };
  for (const f of p.fields ?? []) if (out[f.name] === undefined && f.default !== undefined) out[f.name] = f.default;
  return out;
}

export function normalizeDocument(doc: PipelineDocument): unknown {
  const nodes = doc.nodes.map((n) => {
    const def = kindDef(n.kind)!;
    const params = withDefaults(def, n.params);
    for (const p of def.params) {
      if (p.type === 'records' && Array.isArray(params[p.name])) params[p.name] = (params[p.name] as unknown[]).map((r) => record(p, r));
    }
    return { id: n.id, kind: n.kind, params };
  }).sort((a, b) => a.id.localeCompare(b.id));
  const edges = checkGraph(doc.nodes, doc.edges).edges.map((e) => `${e.from.node}.${e.from.port} -> ${e.to.node}.${e.to.port}`).sort();
  const settings = Object.fromEntries(Object.entries(doc.settings ?? {}).filter(([, v]) => v !== undefined));
  return { version: doc.version, name: doc.name, settings, nodes, edges };
}
