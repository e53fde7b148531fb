// Runtime schemas of main/api.ts: both adapters (Electron IPC, HTTP + WebSocket) validate every
// request here before a service sees it. These check shape and size only; what a document means
// (kinds, params, expressions) is checked by the engine and comes back as issues.

import { z } from 'zod';
import type { CallChannel, CallRequest, RunEvent } from './api.ts';
import { parseDocument } from '../engine/document/load.ts';

const MAX_TEXT = 10_000;
const MAX_ITEMS = 5_000;

const text = z.string().max(MAX_TEXT);
const id = z.string().min(1).max(200);
const filePath = z.string().min(1).max(4_096).refine((p) => !p.includes('\0'), 'a path may not contain NUL');

/** Size limits here; the shape and everything inside is the engine's one document check
 *  (parseDocument, the same the CLI and the engine use): a document it cannot read at all is
 *  refused with its messages, every other problem comes back as issues from pipeline.check. */
export const documentSchema = z.unknown().superRefine((doc, ctx) => {
  const parsed = parseDocument(doc);
  if (!parsed.document) {
    for (const issue of parsed.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return;
  }
  const { name, nodes, edges } = doc as { name: string; nodes: unknown[]; edges: unknown[] };
  if (name.length > MAX_TEXT) ctx.addIssue({ code: 'custom', path: ['name'], message: `a name is at most ${MAX_TEXT} characters` });
  if (nodes.length > MAX_ITEMS || edges.length > MAX_ITEMS) {
    ctx.addIssue({ code: 'custom', message: `a document has at most ${MAX_ITEMS} nodes and ${MAX_ITEMS} edges` });
  }
});

const empty = z.object({}).strict();
const dataFormat = z.enum(['parquet', 'csv', 'json']);
const scheduleTiming = z.object({
  cron: z.string().min(1).max(200).optional(), timezone: z.string().min(1).max(100).optional(),
  every: z.string().min(1).max(50).optional(), anchor: z.string().min(1).max(50).optional(),
});

export const requestSchemas = {
  'app.info': empty,
  'catalog.list': empty,
  'catalog.functions': empty,
  'pipeline.check': z.object({ document: documentSchema, path: filePath.optional() }).strict(),
  'pipeline.explain': z.object({
    document: documentSchema, path: filePath.optional(), disabledRules: z.array(id).max(200).optional(),
  }).strict(),
  'run.start': z.object({
    document: documentSchema, path: filePath.optional(), partitions: z.number().int().min(1).max(1024).optional(),
    target: z.enum(['local', 'spark']).optional(),
  }).strict(),
  'run.cancel': z.object({ runId: id }).strict(),
  'node.preview': z.object({
    document: documentSchema, path: filePath.optional(), nodeId: id, limit: z.number().int().min(1).max(10_000).optional(),
    exact: z.boolean().optional(),
  }).strict(),
  'node.previewCount': z.object({ document: documentSchema, path: filePath.optional(), nodeId: id }).strict(),
  'files.examples': empty,
  'files.open': z.object({ path: filePath }).strict(),
  'files.save': z.object({ path: filePath, document: documentSchema }).strict(),
  'files.list': z.object({ dir: filePath.optional() }).strict(),
  'autosave.load': empty,
  'autosave.store': z.object({ document: documentSchema, path: filePath.optional() }).strict(),
  'settings.load': empty,
  'settings.save': z.object({ dataFolders: z.array(filePath).max(100), memoryBudgetMB: z.number().min(1).max(1 << 30).optional() }).strict(),
  'pipeline.export': z.object({ document: documentSchema, target: id, path: filePath.optional() }).strict(),
  'pipeline.exportTargets': empty,
  'history.list': z.object({
    pipeline: filePath.optional(), state: z.enum(['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']).optional(),
    trigger: id.optional(), limit: z.number().int().min(1).max(1000).optional(), target: z.enum(['local', 'spark']).optional(),
  }).strict(),
  'history.get': z.object({ runId: id }).strict(),
  'history.rerun': z.object({ runId: id }).strict(),
  'schedules.list': empty,
  'schedules.preview': scheduleTiming.strict(),
  'schedules.add': scheduleTiming.extend({
    pipeline: filePath, name: id.optional(), retries: z.number().int().min(0).max(100).optional(),
    overlap: id.optional(), catchUp: id.optional(), catchUpCap: z.number().int().min(1).max(1000).optional(),
  }).strict(),
  'schedules.pause': z.object({ name: id }).strict(),
  'schedules.resume': z.object({ name: id }).strict(),
  'schedules.remove': z.object({ name: id }).strict(),
  'files.stat': z.object({ path: filePath, docPath: filePath.optional(), format: dataFormat.optional() }).strict(),
  'files.listData': z.object({ dir: filePath.optional(), format: dataFormat.optional() }).strict(),
  'files.recent': z.object({ docPath: filePath.optional() }).strict(),
  'files.remember': z.object({ path: filePath, docPath: filePath.optional() }).strict(),
  'files.pickNative': z.object({ mode: z.enum(['open', 'save']), format: dataFormat.optional(), docPath: filePath.optional() }).strict(),
  'model.describe': z.object({ document: documentSchema, path: filePath.optional(), nodeId: id }).strict(),
  'spark.status': empty,
  'spark.setMaster': z.object({ master: z.string().max(300).nullable() }).strict(),
  'schedules.edit': scheduleTiming.extend({
    name: id, enabled: z.boolean().optional(), retries: z.number().int().min(0).max(100).nullable().optional(),
    overlap: id.optional(), catchUp: id.optional(), catchUpCap: z.number().int().min(1).max(1000).optional(),
  }).strict(),
} satisfies Record<CallChannel, z.ZodType>;

export const CALL_CHANNELS = Object.keys(requestSchemas) as CallChannel[];

export function isCallChannel(channel: unknown): channel is CallChannel {
  return typeof channel === 'string' && Object.hasOwn(requestSchemas, channel);
}

export class InvalidRequestError extends Error {
  constructor(channel: string, detail: string) {
    super(`invalid request for '${channel}': ${detail}`);
    this.name = 'InvalidRequestError';
  }
}

/** The request, checked; throws InvalidRequestError naming the channel and the field. */
export function parseRequest<C extends CallChannel>(channel: C, request: unknown): CallRequest<C> {
  if (!isCallChannel(channel)) throw new InvalidRequestError(String(channel), 'unknown channel');
  const result = requestSchemas[channel].safeParse(request);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(request)'}: ${i.message}`)
      .join('; ');
    throw new InvalidRequestError(channel, detail);
  }
  return result.data as CallRequest<C>;
}

const count = z.number().nonnegative();
const spread = z.object({ min: z.number(), median: z.number(), max: z.number() });
const skewCause = z.object({
  kind: z.enum(['key', 'input-splits', 'uneven']), message: z.string(), fix: z.string(),
  hotKeys: z.array(z.object({ column: z.string(), value: z.string(), partition: z.number().int(), share: z.number(), stageShare: z.number() })).optional(),
  files: z.array(z.object({ file: z.string(), splits: count, rowGroups: count.optional() })).optional(),
});
const splitJoin = z.object({
  kind: z.literal('split-join'), stageId: z.number().int(), nodeId: id, partition: z.number().int(), rows: count, medianRows: count,
  splitInto: z.number().int(), subPartitions: z.array(z.object({ rows: count, durationMs: count })),
  hotKey: z.object({ column: z.string(), value: z.string(), share: z.number() }).optional(), message: z.string(),
});
const coalesce = z.object({
  kind: z.literal('coalesce'), stageId: z.number().int(), nodeId: id, partition: z.number().int(), partitions: z.number().int(),
  tasks: z.number().int(), groups: z.array(z.object({ partitions: z.array(z.number().int()), rows: count })), targetRows: count,
  message: z.string(),
});
const twoLevel = z.object({
  kind: z.literal('two-level-aggregate'), stageId: z.number().int(), nodeId: id, partition: z.number().int(),
  pairRows: z.array(count), message: z.string(),
});
const mitigation = z.discriminatedUnion('kind', [splitJoin, coalesce, twoLevel]);
const mitigated = { type: z.literal('stage.mitigated'), runId: id };
const nodeSummary = z.object({ nodeId: id, rows: count, durationMs: count, spilledBytes: count.optional() });
const spilledByNode = z.record(z.string(), count);

/** The `run.event` payload (engine/exec/events.ts). */
export const runEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('run.started'), runId: id, at: z.number(),
    stages: z.array(z.object({
      stageId: z.number().int(), nodeIds: z.array(id), partitions: z.number().int(), exchange: z.string(),
    })),
  }),
  z.object({
    type: z.literal('node.progress'), runId: id, nodeId: id, rows: count,
    partitionsDone: count, partitionsTotal: count, spilledBytes: count.optional(),
  }),
  z.object({
    type: z.literal('partition.finished'), runId: id, stageId: z.number().int(), partition: z.number().int(),
    rowsIn: count, rowsOut: count, bytes: count, durationMs: count, spilledBytes: count, spilledByNode: spilledByNode.optional(),
  }),
  z.object({
    type: z.literal('stage.finished'), runId: id, stageId: z.number().int(), rows: spread, durationMs: spread,
    skewed: z.boolean(), skewedPartitions: z.array(z.number().int()),
    slowest: z.object({ partition: z.number().int(), reason: z.string() }),
    hotKey: z.object({ column: z.string(), value: z.string(), share: z.number() }).optional(),
    cause: skewCause.optional(),
    mitigations: z.array(mitigation).optional(),
    spilledBytes: count.optional(), spilledByNode: spilledByNode.optional(),
  }),
  z.discriminatedUnion('kind', [splitJoin.extend(mitigated), coalesce.extend(mitigated), twoLevel.extend(mitigated)]),
  z.object({
    type: z.literal('log'), runId: id, level: z.enum(['info', 'warn', 'error']), message: z.string(),
    nodeId: id.optional(),
  }),
  z.object({
    type: z.literal('run.finished'), runId: id, status: z.enum(['COMPLETED', 'FAILED', 'CANCELLED']),
    durationMs: count, nodes: z.array(nodeSummary),
    error: z.object({ nodeId: id.optional(), message: z.string() }).optional(),
  }),
]) satisfies z.ZodType<RunEvent>;

/** The `history` payload: a run changed state. */
export const historyEventSchema = z.object({
  runId: id, state: z.enum(['SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED']),
});

export const eventSchemas = { 'run.event': runEventSchema, 'history': historyEventSchema };
