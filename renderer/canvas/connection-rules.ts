// Whether a new edge can be valid, and if not, why, in words a user can act on. Checked while
// dragging (React Flow's isValidConnection) and again when the drag ends on a refused port, so
// the reason can be shown. Type-level checks use the ports' inferred schemas (pipeline.check).

import type { KindDef, PipelineDocument, Schema } from '../../main/api.ts';
import { resolveEdges } from './ports.ts';

export interface ProposedEdge {
  readonly source: string;
  readonly sourceHandle: string;
  readonly target: string;
  readonly targetHandle: string;
}

export function connectionProblem(doc: PipelineDocument, c: ProposedEdge,
  kindDef: (kind: string) => KindDef | undefined, ports: Readonly<Record<string, Schema>>): string | undefined {
  if (c.source === c.target) return `'${c.source}' cannot feed its own input`;
  const edges = resolveEdges(doc, kindDef);
  const taken = edges.find((e) => e.target === c.target && e.targetHandle === c.targetHandle);
  if (taken) {
    if (taken.source === c.source && taken.sourceHandle === c.sourceHandle) return `'${c.source}' already feeds '${c.target}'`;
    return `input '${c.targetHandle}' of '${c.target}' is already fed by '${taken.source}': delete that edge first`;
  }
  if (reaches(edges, c.target, c.source)) {
    return `'${c.source}' -> '${c.target}' would make a cycle ('${c.target}' already feeds '${c.source}'); a pipeline flows one way`;
  }
  const target = doc.nodes.find((n) => n.id === c.target);
  const schema = ports[`${c.source}.${c.sourceHandle}`];
  if (!target || !schema) return undefined;
  return schemaProblem(target.kind, target.params, c, schema);
}

function reaches(edges: readonly { source: string; target: string }[], from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const e of edges) if (e.source === n) stack.push(e.target);
  }
  return false;
}

/** What a kind needs from its input schema before it can make sense at all. */
function schemaProblem(kind: string, params: Readonly<Record<string, unknown>>, c: ProposedEdge, schema: Schema):
  string | undefined {
  const has = (name: string, type?: string): boolean =>
    schema.fields.some((f) => f.name === name && (type === undefined || f.type === type));
  if (kind.startsWith('model.') && kind !== 'model.evaluate') {
    const features = typeof params.featuresCol === 'string' ? params.featuresCol : 'features';
    if (!has(features, 'vector')) {
      return `${kind} '${c.target}' needs a vector column '${features}' on '${c.targetHandle}', but '${c.source}' has none: ` +
        'put a feature.vectorAssembler in between';
    }
  }
  if (kind === 'feature.vectorAssembler' || kind === 'feature.standardScaler' || kind === 'feature.minMaxScaler' ||
    kind === 'feature.imputer' || kind === 'feature.bucketizer') {
    const numeric = schema.fields.some((f) => f.type === 'int32' || f.type === 'int64' || f.type === 'float64' || f.type === 'vector');
    if (!numeric) return `${kind} '${c.target}' needs numeric columns, but '${c.source}' outputs only ${describe(schema)}`;
  }
  if (kind === 'feature.stringIndexer' && !schema.fields.some((f) => f.type === 'string')) {
    return `feature.stringIndexer '${c.target}' needs a string column, but '${c.source}' outputs only ${describe(schema)}`;
  }
  return undefined;
}

function describe(schema: Schema): string {
  return schema.fields.length === 0 ? 'no columns' : schema.fields.map((f) => `${f.name}: ${f.type}`).join(', ');
}
