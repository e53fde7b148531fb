// Loading and validating a pipeline document (docs/pipeline-format.md). Every problem is collected, not only the
// first: the document's shape (zod), node ids, kinds (with the closest kind), params (param-schema.ts)
// and the graph (graph-check.ts). `document` is returned whenever the shape is readable (version,
// name, nodes and edges of the right form), even with issues, so the builder and the studio can still
// infer what they can; callers that run a document must refuse it when `issues` is not empty.

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { DocumentEdge, DocumentNode, PipelineDocument, PipelineSettings } from './document-types.ts';
import type { PipelineIssue } from '../errors.ts';
import { CATALOG, kindDef } from './catalog.ts';
import { didYouMean } from './closest.ts';
import { describeValue } from './param-schema.ts';
import { checkParams } from './param-schema.ts';
import { checkGraph } from './graph-check.ts';

export const NODE_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

const DOCUMENT_FIELDS = ['version', 'name', 'settings', 'nodes', 'edges'];
const SETTINGS_FIELDS = ['partitions', 'memoryBudgetMB', 'skewFactor', 'broadcastThresholdBytes', 'skewMitigation', 'retries', 'retryDelaySeconds', 'retryJitterFactor'];
const NODE_FIELDS = ['id', 'kind', 'params', 'position'];
const EDGE_FIELDS = ['from', 'to'];

// Unknown fields are not part of these schemas (zod strips them): unknownFields reports each one
// with the closest known field, and the rest of the object is still read, so a misspelled
// `postion` is reported as that, not as an edge into a node that went missing.
const settingsSchema = z.object({
  partitions: z.number().int().min(1).optional(),
  memoryBudgetMB: z.number().positive().optional(),
  skewFactor: z.number().min(1).optional(),
  skewMitigation: z.boolean().optional(),
  broadcastThresholdBytes: z.number().min(0).optional(),
  retries: z.number().int().min(0).max(100).optional(),
  retryDelaySeconds: z.union([z.number().min(0), z.array(z.number().min(0)).min(1).max(100)]).optional(),
  retryJitterFactor: z.number().min(0).max(10).optional(),
}, { error: 'expected settings to be an object' });

const documentSchema = z.object({
  version: z.literal(1, { error: (iss) => `expected version 1, got ${describeValue(iss.input)}: this build reads version 1 documents` }),
  name: z.string({ error: 'expected a name (a string)' }),
  nodes: z.array(z.unknown(), { error: 'expected a list of nodes' }),
  edges: z.array(z.unknown(), { error: 'expected a list of edges' }),
}, { error: 'expected a pipeline document: an object { "version": 1, "name", "nodes": [...], "edges": [...] }' });

const nodeSchema = z.object({
  id: z.string({ error: 'expected an id (a string)' }),
  kind: z.string({ error: 'expected a kind (a string such as "transform.filter")' }),
  params: z.record(z.string(), z.unknown(), { error: 'expected params to be an object' }).optional(),
  position: z.strictObject({ x: z.number(), y: z.number() }, { error: 'expected a position { "x": number, "y": number }' }).optional(),
}, { error: 'expected a node: an object { "id", "kind", "params" }' });

const edgeSchema = z.object({
  from: z.string({ error: 'expected from: "node" or "node.port"' }),
  to: z.string({ error: 'expected to: "node" or "node.port"' }),
}, { error: 'expected an edge: an object { "from", "to" }' });

function zodIssues(prefix: string, error: z.ZodError, known: readonly string[], extra: Partial<PipelineIssue> = {}): PipelineIssue[] {
  return error.issues.map((iss) => {
    const at = iss.path.length ? `${prefix} ${iss.path.map(String).join('.')}` : prefix;
    const message = iss.code === 'unrecognized_keys'
      ? iss.keys.map((k) => `unknown field '${k}' in ${at}${didYouMean(k, known, `: the fields are ${known.join(', ')}`)}`).join('; ')
      : `${at}: ${iss.message}`;
    return { ...extra, message };
  });
}

/** One issue per field of `raw` (an object) that is not in `known`, with the closest known one. */
function unknownFields(raw: unknown, known: readonly string[], where: string, extra: Partial<PipelineIssue> = {}): PipelineIssue[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  return Object.keys(raw).filter((k) => !known.includes(k)).map((k) => ({
    ...extra, message: `unknown field '${k}' in ${where}${didYouMean(k, known, `: the fields are ${known.join(', ')}`)}`,
  }));
}

/** The one check of a pipeline document, whatever it came from (a file, a request, the engine's
 *  own callers). `document` is undefined only when the shape is unreadable; otherwise every
 *  problem is in `issues`, and a document with issues must not be run. */
export function parseDocument(json: unknown): { document?: PipelineDocument; issues: PipelineIssue[] } {
  const top = documentSchema.safeParse(json);
  if (!top.success) return { issues: zodIssues('document', top.error, DOCUMENT_FIELDS) };
  const issues: PipelineIssue[] = unknownFields(json, DOCUMENT_FIELDS, 'the document');
  const rawSettings = (json as { settings?: unknown }).settings;
  let settings: PipelineSettings | undefined;
  if (rawSettings !== undefined) {
    const parsed = settingsSchema.safeParse(rawSettings);
    if (parsed.success) settings = parsed.data;
    else issues.push(...zodIssues('settings', parsed.error, SETTINGS_FIELDS));
    issues.push(...unknownFields(rawSettings, SETTINGS_FIELDS, 'settings'));
  }
  const nodes: DocumentNode[] = [];
  const ids = new Map<string, number>();
  top.data.nodes.forEach((raw, i) => {
    const parsed = nodeSchema.safeParse(raw);
    const rawId = (raw as { id?: unknown } | null)?.id;
    const name = typeof rawId === 'string' ? `node '${rawId}'` : `node ${i + 1}`;
    const at = typeof rawId === 'string' ? { nodeId: rawId } : {};
    issues.push(...unknownFields(raw, NODE_FIELDS, name, at));
    if (!parsed.success) {
      issues.push(...zodIssues(name, parsed.error, NODE_FIELDS, at));
      return;
    }
    const n = parsed.data;
    // A node with a bad or repeated id stays in the graph under that id (the first of a repeated
    // one), so edges to it resolve and the only problem reported is the id itself.
    if (!NODE_ID.test(n.id)) {
      issues.push({ nodeId: n.id, kind: n.kind, message: `invalid id '${n.id}' (node ${i + 1}): an id starts with a letter or _ and holds only letters, digits, _ and -` });
    }
    const first = ids.get(n.id);
    if (first !== undefined) {
      issues.push({ nodeId: n.id, kind: n.kind, message: `duplicate node id '${n.id}' (node ${i + 1}): every node needs its own id, and node ${first + 1} has it already` });
      return;
    }
    ids.set(n.id, i);
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
    issues.push(...unknownFields(raw, EDGE_FIELDS, `edge ${i + 1}`));
    if (parsed.success) edges.push({ from: parsed.data.from, to: parsed.data.to });
    else issues.push(...zodIssues(`edge ${i + 1}`, parsed.error, EDGE_FIELDS));
  });
  issues.push(...checkGraph(nodes, edges).issues);
  const document: PipelineDocument = {
    version: 1, name: top.data.name, ...(settings ? { settings } : {}), nodes, edges,
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
