// What changed in the document between a recorded run and now, in lines a person reads:
// nodes added or removed, a node's kind or params changed, edges added or removed, settings.

import type { PipelineDocument } from '../../../main/api.ts';

const show = (v: unknown): string => (v === undefined ? '(unset)' : JSON.stringify(v));

export function documentDiff(ran: PipelineDocument, now: PipelineDocument): string[] {
  const out: string[] = [];
  const before = new Map(ran.nodes.map((n) => [n.id, n]));
  const after = new Map(now.nodes.map((n) => [n.id, n]));
  for (const [id, n] of after) if (!before.has(id)) out.push(`node '${id}' (${n.kind}) added`);
  for (const [id, n] of before) if (!after.has(id)) out.push(`node '${id}' (${n.kind}) removed`);
  for (const [id, a] of before) {
    const b = after.get(id);
    if (!b) continue;
    if (a.kind !== b.kind) out.push(`node '${id}': kind ${a.kind} -> ${b.kind}`);
    for (const key of new Set([...Object.keys(a.params), ...Object.keys(b.params)])) {
      if (JSON.stringify(a.params[key]) !== JSON.stringify(b.params[key])) {
        out.push(`node '${id}': ${key} ${show(a.params[key])} -> ${show(b.params[key])}`);
      }
    }
  }
  const edge = (e: { from: string; to: string }) => `${e.from} -> ${e.to}`;
  const edgesBefore = new Set(ran.edges.map(edge));
  const edgesAfter = new Set(now.edges.map(edge));
  for (const e of edgesAfter) if (!edgesBefore.has(e)) out.push(`edge ${e} added`);
  for (const e of edgesBefore) if (!edgesAfter.has(e)) out.push(`edge ${e} removed`);
  const settingsBefore = (ran.settings ?? {}) as Record<string, unknown>;
  const settingsAfter = (now.settings ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(settingsBefore), ...Object.keys(settingsAfter)])) {
    if (JSON.stringify(settingsBefore[key]) !== JSON.stringify(settingsAfter[key])) {
      out.push(`settings.${key} ${show(settingsBefore[key])} -> ${show(settingsAfter[key])}`);
    }
  }
  return out;
}
