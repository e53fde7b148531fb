// Loading and validating a pipeline document (CATALOG.md). Every problem is collected, not only the
// first: the document's shape (zod), node ids, kinds (with the closest kind), params (param-schema.ts)
// and the graph (graph-check.ts). `document` is returned whenever the shape is readable (version,
// name, nodes and edges of the right form), even with issues, so the builder and the studio can still
// infer what they can; callers that run a document must refuse it when `issues` is not empty.

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { DocumentEdge, DocumentNode, PipelineDocument } from './document-types.ts';
import type { PipelineIssue } from '../errors.ts';
import { CATALOG, kindDef } from './catalog.ts';
import { didYouMean } from './closest.ts';
import { describeValue } from './param-schema.ts';
import { checkParams } from './param-schema.ts';
import { checkGraph } from './graph-check.ts';

export const NODE_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const settingsSchema = z.strictObject({
  partitions: z.number().int().min(1).optional(),
  memoryBudgetMB: z.number().positive().optional(),
  skewFactor: z.number().min(1).optional(),
  broadcastThresholdBytes: z.number().min(0).optional(),
  retries: z.number().int().min(0).max(100).optional(),
  retryDelaySeconds: z.union([z.number().min(0), z.array(z.number().min(0)).min(1).max(100)]).optional(),
  retryJitterFactor: z.number().min(0).max(10).optional(),
});

const documentSchema = z.strictObject({
  version: z.literal(1, { error: (iss) => `expected version 1, got ${describeValue(iss.input)}: this build reads version 1 documents` }),
  name: z.string({ error: 'expected a name (a string)' }),
  settings: settingsSchema.optional(),
  nodes: z.array(z.unknown(), { error: 'expected a list of nodes' }),
  edges: z.array(z.unknown(), { error: 'expected a list of edges' }),
});

const nodeSchema = z.strictObject({
  id: z.string({ error: 'expected an id (a string)' }),
  kind: z.string({ error: 'expected a kind (a string such as "transform.filter")' }),
  params: z.record(z.string(), z.unknown(), { error: 'expected params to be an object' }).optional(),
  position: z.strictObject({ x: z.number(), y: z.number() }, { error: 'expected a position { "x": number, "y": number }' }).optional(),
});

const edgeSchema = z.strictObject({
  from: z.string({ error: 'expected from: "node" or "node.port"' }),
  to: z.string({ error: 'expected to: "node" or "node.port"' }),
});

function zodIssues(prefix: string, error: z.ZodError, known: readonly string[], extra: Partial<PipelineIssue> = {}): PipelineIssue[] {
  return error.issues.map((iss) => {
    const at = iss.path.length ? `${prefix} ${iss.path.map(String).join('.')}` : prefix;
    const message = iss.code === 'unrecognized_keys'
      ? iss.keys.map((k) => `unknown field '${k}' in ${prefix}${didYouMean(k, known, `: the fields are ${known.join(', ')}`)}`).join('; ')
      : `${at}: ${iss.message}`;
    return { ...extra, message };
  });
}

export function parseDocument(json: unknown): { document?: PipelineDocument; issues: PipelineIssue[] } {
  const top = documentSchema.safeParse(json);
  if (!top.success) {
    return { issues: zodIssues('document', top.error, ['version', 'name', 'settings', 'nodes', 'edges']) };
  }
  const issues: PipelineIssue[] = [];
  const nodes: DocumentNode[] = [];
  const ids = new Set<string>();
  top.data.nodes.forEach((raw, i) => {
    const parsed = nodeSchema.safeParse(raw);
    const rawId = (raw as { id?: unknown } | null)?.id;
    const name = typeof rawId === 'string' ? `node '${rawId}'` : `node ${i + 1}`;
    if (!parsed.success) {
      issues.push(...zodIssues(name, parsed.error, ['id', 'kind', 'params', 'position'], typeof rawId === 'string' ? { nodeId: rawId } : {}));
      return;
    }
    const n = parsed.data;
    if (!NODE_ID.test(n.id)) {
      issues.push({ nodeId: n.id, message: `${name}: invalid id '${n.id}': an id starts with a letter or _ and holds only letters, digits, _ and -` });
      return;
    }
    if (ids.has(n.id)) {
      issues.push({ nodeId: n.id, kind: n.kind, message: `duplicate node id '${n.id}' (node ${i + 1}): every node needs its own id` });
      return;
    }
    ids.add(n.id);
    const node: DocumentNode = { id: n.id, kind: n.kind, params: n.params ?? {}, ...(n.position ? { position: n.position } : {}) };
    nodes.push(node);
    const def = kindDef(n.kind);
    if (!def) {
      const hint = didYouMean(n.kind, CATALOG.map((k) => k.kind), `: the kinds are ${CATALOG.map((k) => k.kind).join(', ')}`);
      issues.push({ nodeId: n.id, kind: n.kind, message: `unknown kind '${n.kind}' of node '${n.id}'${hint}` });
      return;
    }
    issues.push(...checkParams(n.id, def, node.params));
  });
  const edges: DocumentEdge[] = [];
  top.data.edges.forEach((raw, i) => {
    const parsed = edgeSchema.safeParse(raw);
    if (parsed.success) edges.push(parsed.data);
    else issues.push(...zodIssues(`edge ${i + 1}`, parsed.error, ['from', 'to']));
  });
  issues.push(...checkGraph(nodes, edges).issues);
  const document: PipelineDocument = {
    version: 1, name: top.data.name, ...(top.data.settings ? { settings: top.data.settings } : {}), nodes, edges,
  };
  return { document, issues };
}

export async function loadDocumentFile(path: string): Promise<{ document?: PipelineDocument; issues: PipelineIssue[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return { issues: [{ message: `cannot read pipeline file ${path}: ${(e as Error).message}` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { issues: [{ message: `pipeline file ${path} is not valid JSON: ${(e as Error).message}` }] };
  }
  return parseDocument(json);
}
