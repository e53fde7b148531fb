// Which nodes an edit touched: their params, or what feeds them (an edge into them added or
// removed). A node's last run error may be fixed by either (session.ts clears it then).

import type { PipelineDocument } from '../../main/api.ts';
import { splitEndpoint } from './doc-ops.ts';

const feeds = (doc: PipelineDocument, id: string): string =>
  JSON.stringify(doc.edges.filter((e) => splitEndpoint(e.to).node === id).map((e) => `${e.from}->${e.to}`).sort());

export function changedNodes(before: PipelineDocument, after: PipelineDocument): string[] {
  if (before === after) return [];
  const old = new Map(before.nodes.map((n) => [n.id, n]));
  return after.nodes.filter((n) => {
    const o = old.get(n.id);
    if (!o) return true;
    if (o.params !== n.params && JSON.stringify(o.params) !== JSON.stringify(n.params)) return true;
    return o.kind !== n.kind || feeds(before, n.id) !== feeds(after, n.id);
  }).map((n) => n.id);
}
