// Graph -> PipelinePlan. The document is validated first (engine/document/load.ts); then nodes are
// lowered in topological order, each from its input plans, so a node feeding two others is planned
// once and shared by object identity. Problems are collected across all nodes: a bad node is
// skipped (and whatever depends on it), unrelated nodes are still inferred, and `ports` holds every
// schema that could be inferred ("nodeId.port" -> Schema, output ports only; sinks have none).

import type { PipelineDocument } from '../document/document-types.ts';
import type { PipelineIssue } from '../errors.ts';
import type { LogicalPlan, PipelinePlan, SinkNode } from './plan.ts';
import type { Schema } from '../types.ts';
import { parseDocument } from '../document/load.ts';
import { checkGraph, type ResolvedEdge } from '../document/graph-check.ts';
import { kindDef, withDefaults, type NodeKind } from '../document/catalog.ts';
import type { LowerContext, Lowered } from './lower-context.ts';
import { lowerDistinct, lowerDropNulls, lowerFilter, lowerLimit, lowerRepartition, lowerSort } from './lower-rows.ts';
import { lowerAggregate, lowerDerive, lowerFillNulls, lowerSelect, lowerUnion } from './lower-columns.ts';
import { lowerJoin } from './lower-join.ts';
import { lowerSink, lowerSource } from './lower-io.ts';
import { lowerMl } from './lower-ml.ts';
import type { SchemaReaders } from './schema-readers.ts';
import { ANYWHERE, type PathPolicy } from '../path-policy.ts';

export interface BuildOptions {
  /** Folder that relative paths resolve against (the pipeline file's folder). */
  readonly baseDir: string;
  /** Which files path params may name; default any (the CLI). Browser mode confines them. */
  readonly pathPolicy?: PathPolicy;
  /** What lowering reads from disk: sources' schemas, saved models' stages (engine/disk-schemas.ts
   *  reads the files; a test may hand in others). */
  readonly readers: SchemaReaders;
}

export interface BuildResult {
  readonly plan?: PipelinePlan;
  readonly issues: PipelineIssue[];
  readonly ports: Record<string, Schema>;
}

/** Kinds lowered from their input plans; sources are lowered first, on their own (lowerSource). */
type LoweredKind = Exclude<NodeKind, `source.${string}`>;

// Every kind of the catalog but the sources: a kind added to the catalog without a lowering here
// is a type error, not a silent fall-through.
const LOWER: { readonly [K in LoweredKind]: (ctx: LowerContext) => Lowered } = {
  'transform.filter': lowerFilter, 'transform.select': lowerSelect, 'transform.derive': lowerDerive,
  'transform.aggregate': lowerAggregate, 'transform.sort': lowerSort, 'transform.limit': lowerLimit,
  'transform.distinct': lowerDistinct, 'transform.dropNulls': lowerDropNulls, 'transform.fillNulls': lowerFillNulls,
  'transform.union': lowerUnion, 'transform.repartition': lowerRepartition, join: lowerJoin,
  'feature.imputer': lowerMl, 'feature.vectorAssembler': lowerMl, 'feature.standardScaler': lowerMl,
  'feature.minMaxScaler': lowerMl, 'feature.stringIndexer': lowerMl, 'feature.oneHotEncoder': lowerMl,
  'feature.bucketizer': lowerMl, 'feature.split': lowerMl,
  'model.linearRegression': lowerMl, 'model.logisticRegression': lowerMl, 'model.kmeans': lowerMl, 'model.evaluate': lowerMl,
  'model.load': lowerMl,
  'sink.parquet': lowerSink, 'sink.csv': lowerSink,
};

/** Node ids in an order where every node comes after its inputs (nodes on cycles are left out). */
function topologicalOrder(ids: readonly string[], edges: readonly ResolvedEdge[]): string[] {
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const e of edges) indegree.set(e.to.node, (indegree.get(e.to.node) ?? 0) + 1);
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of edges) {
      if (e.from.node !== id) continue;
      const left = indegree.get(e.to.node)! - 1;
      indegree.set(e.to.node, left);
      if (left === 0) ready.push(e.to.node);
    }
  }
  return order;
}

export async function buildPlan(doc: PipelineDocument, opts: BuildOptions): Promise<BuildResult> {
  const parsed = parseDocument(doc);
  const issues = [...parsed.issues];
  const ports: Record<string, Schema> = {};
  const document = parsed.document;
  if (!document) return { issues, ports };
  // Nodes whose own definition is broken (unknown kind, bad params) are not lowered.
  const broken = new Set(issues.filter((i) => i.nodeId && (i.param !== undefined || !kindDef(i.kind ?? ''))).map((i) => i.nodeId!));
  const { edges } = checkGraph(document.nodes, document.edges);
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const plans = new Map<string, LogicalPlan>(); // "id.port" -> plan
  const sinks: SinkNode[] = [];

  const context = (id: string): LowerContext | undefined => {
    const node = byId.get(id)!;
    const def = kindDef(node.kind);
    if (!def || broken.has(id)) return undefined;
    const inputs = new Map<string, LogicalPlan>();
    for (const e of edges) {
      if (e.to.node !== id) continue;
      const plan = plans.get(`${e.from.node}.${e.from.port}`);
      // A connected input whose producer failed (even an optional one: a model's score) is not
      // replaced by a default: the node is skipped, its producer's problem is reported already.
      if (!plan) return undefined;
      inputs.set(e.to.port, plan);
    }
    // An unconnected required input was reported already.
    if (def.inputs.some((p) => !p.optional && !inputs.has(p.name))) return undefined;
    return { node, def, params: withDefaults(def, node.params), inputs, baseDir: opts.baseDir, pathPolicy: opts.pathPolicy ?? ANYWHERE, readers: opts.readers, issues };
  };
  const record = (id: string, lowered: Lowered): void => {
    for (const [port, plan] of Object.entries(lowered ?? {})) {
      if (plan.op === 'sink') { sinks.push(plan); continue; }
      plans.set(`${id}.${port}`, plan);
      ports[`${id}.${port}`] = plan.schema;
    }
  };

  // Sources first, all at once: inference reads files (metadata only) and may take a moment each.
  const sources = document.nodes.filter((n) => kindDef(n.kind)?.group === 'source');
  const scanned = await Promise.all(sources.map((n) => {
    const ctx = context(n.id);
    return ctx ? lowerSource(ctx) : undefined;
  }));
  sources.forEach((n, i) => record(n.id, scanned[i]));

  for (const id of topologicalOrder(document.nodes.map((n) => n.id), edges)) {
    const def = kindDef(byId.get(id)!.kind);
    if (!def || def.group === 'source') continue;
    const ctx = context(id);
    if (!ctx) continue;
    // def came from the catalog and is not a source, so it is a LoweredKind.
    record(id, LOWER[def.kind as LoweredKind](ctx));
  }
  if (issues.length) return { issues, ports };

  const nodes = new Map<string, LogicalPlan>();
  for (const n of document.nodes) {
    const outs = kindDef(n.kind)!.outputs;
    for (const p of outs) {
      const plan = plans.get(`${n.id}.${p.name}`)!;
      if (outs.length === 1) nodes.set(n.id, plan);
      else {
        nodes.set(`${n.id}.${p.name}`, plan);
        if (!nodes.has(n.id)) nodes.set(n.id, plan);
      }
    }
  }
  const consumed = new Set(edges.map((e) => `${e.from.node}.${e.from.port}`));
  const leaves = [...plans.entries()].filter(([key]) => !consumed.has(key)).map(([, plan]) => plan);
  sinks.sort((a, b) => document.nodes.findIndex((n) => n.id === a.nodeId) - document.nodes.findIndex((n) => n.id === b.nodeId));
  return { plan: { nodes, sinks, leaves }, issues, ports };
}
