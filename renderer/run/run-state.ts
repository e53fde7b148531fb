// What the studio knows about the current run, folded from the `run.event` stream. Pure: the
// canvas cards, the progress tab and the skew heatmap all read this one view.

import type { RunEvent } from '../../main/api.ts';

type StartedEvent = Extract<RunEvent, { type: 'run.started' }>;
type PartitionEvent = Extract<RunEvent, { type: 'partition.finished' }>;
type StageEvent = Extract<RunEvent, { type: 'stage.finished' }>;
export type FittedModel = Extract<RunEvent, { type: 'model.fitted' }>['model'];
export type StageInfo = StartedEvent['stages'][number];

export type NodeRunState = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

export interface NodeRun {
  readonly state: NodeRunState;
  readonly rows: number;
  readonly partitionsDone: number;
  readonly partitionsTotal: number;
  readonly durationMs?: number;
  readonly error?: string;
}

export interface StageView {
  readonly info: StageInfo;
  /** Indexed by partition; undefined until that partition finished. */
  readonly partitions: readonly (PartitionEvent | undefined)[];
  readonly summary?: StageEvent;
}

export interface RunView {
  readonly status: 'idle' | 'starting' | 'running' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
  readonly runId?: string;
  readonly startedAt?: number;
  readonly durationMs?: number;
  readonly nodes: Readonly<Record<string, NodeRun>>;
  readonly stages: readonly StageView[];
  readonly logs: readonly { readonly level: string; readonly message: string; readonly nodeId?: string }[];
  /** Fitted feature and model stages of this run, by node id. */
  readonly models?: Readonly<Record<string, FittedModel>>;
  readonly error?: { readonly nodeId?: string; readonly message: string };
}

export const IDLE_RUN: RunView = { status: 'idle', nodes: {}, stages: [], logs: [] };

export function startingRun(nodeIds: readonly string[]): RunView {
  const nodes: Record<string, NodeRun> = {};
  for (const id of nodeIds) nodes[id] = { state: 'waiting', rows: 0, partitionsDone: 0, partitionsTotal: 0 };
  return { status: 'starting', nodes, stages: [], logs: [] };
}

export function isActive(run: RunView): boolean {
  return run.status === 'starting' || run.status === 'running';
}

export function applyRunEvent(run: RunView, e: RunEvent): RunView {
  // Events can arrive before `run.start` answers: a starting run adopts the first run it hears of.
  if (run.runId !== undefined && e.runId !== run.runId) return run;
  if (run.runId === undefined && run.status !== 'starting') return run;
  switch (e.type) {
    case 'run.started': {
      const nodes: Record<string, NodeRun> = { ...run.nodes };
      for (const s of e.stages) {
        for (const id of s.nodeIds) {
          const n = nodes[id] ?? { state: 'waiting', rows: 0, partitionsDone: 0, partitionsTotal: 0 };
          nodes[id] = { ...n, partitionsTotal: Math.max(n.partitionsTotal, s.partitions) };
        }
      }
      const stages = e.stages.map((info) => ({ info, partitions: new Array(info.partitions).fill(undefined) }));
      return { ...run, status: 'running', runId: e.runId, startedAt: e.at, nodes, stages };
    }
    case 'node.progress': {
      const prev = run.nodes[e.nodeId];
      if (prev?.state === 'done' || prev?.state === 'failed') return withRunId(run, e.runId);
      const state: NodeRunState = e.partitionsTotal > 0 && e.partitionsDone >= e.partitionsTotal ? 'done' : 'running';
      return {
        ...withRunId(run, e.runId),
        nodes: { ...run.nodes, [e.nodeId]: { ...prev, state, rows: e.rows, partitionsDone: e.partitionsDone,
          partitionsTotal: e.partitionsTotal } },
      };
    }
    case 'partition.finished': {
      const stages = run.stages.map((s) => {
        if (s.info.stageId !== e.stageId) return s;
        const partitions = s.partitions.slice();
        while (partitions.length <= e.partition) partitions.push(undefined);
        partitions[e.partition] = e;
        return { ...s, partitions };
      });
      return { ...withRunId(run, e.runId), stages };
    }
    case 'stage.finished':
      return { ...withRunId(run, e.runId), stages: run.stages.map((s) => s.info.stageId === e.stageId ? { ...s, summary: e } : s) };
    case 'stage.mitigated': // also in the stage's summary (stage.finished), which the heatmap draws
      return withRunId(run, e.runId);
    case 'model.fitted':
      return { ...withRunId(run, e.runId), models: { ...run.models, [e.model.nodeId]: e.model } };
    case 'log':
      return { ...withRunId(run, e.runId), logs: [...run.logs, { level: e.level, message: e.message, nodeId: e.nodeId }] };
    case 'run.finished': {
      const nodes: Record<string, NodeRun> = {};
      const summaries = new Map(e.nodes.map((n) => [n.nodeId, n]));
      for (const [id, n] of Object.entries(run.nodes)) {
        const s = summaries.get(id);
        const failed = e.error?.nodeId === id;
        const state: NodeRunState = failed ? 'failed'
          : e.status === 'COMPLETED' || (s !== undefined && n.state === 'done') ? 'done'
          : e.status === 'CANCELLED' ? 'cancelled' : n.state === 'done' ? 'done' : 'cancelled';
        nodes[id] = {
          ...n, state,
          rows: s?.rows ?? n.rows,
          durationMs: s?.durationMs ?? n.durationMs,
          partitionsDone: state === 'done' ? Math.max(n.partitionsDone, n.partitionsTotal) : n.partitionsDone,
          error: failed ? e.error?.message : undefined,
        };
      }
      for (const s of e.nodes) {
        if (!(s.nodeId in nodes)) nodes[s.nodeId] = { state: 'done', rows: s.rows, durationMs: s.durationMs,
          partitionsDone: 0, partitionsTotal: 0 };
      }
      return { ...withRunId(run, e.runId), status: e.status, durationMs: e.durationMs, nodes, error: e.error };
    }
  }
}

function withRunId(run: RunView, runId: string): RunView {
  return run.runId === runId ? run : { ...run, runId, status: run.status === 'starting' ? 'running' : run.status };
}

/** A run that could not start (the document had issues, or main refused): the error lands on its node. */
export function failedToStart(run: RunView, message: string, nodeId?: string): RunView {
  const nodes: Record<string, NodeRun> = {};
  for (const [id, n] of Object.entries(run.nodes)) {
    nodes[id] = id === nodeId ? { ...n, state: 'failed', error: message } : { ...n, state: 'cancelled' };
  }
  return { ...run, status: 'FAILED', nodes, error: { nodeId, message } };
}

/** The last run's failures on `nodeIds` are over (the node's params or inputs changed, or the
 *  check that refused the run passes now): those nodes drop their run line and error, so an old
 *  error is not shown as the state of a node that may well work now. */
export function clearNodeErrors(run: RunView, nodeIds: Iterable<string>): RunView {
  let nodes: Record<string, NodeRun> | undefined;
  for (const id of nodeIds) {
    if (run.nodes[id]?.state !== 'failed') continue;
    nodes ??= { ...run.nodes };
    delete nodes[id];
  }
  return nodes ? { ...run, nodes } : run;
}

/** A run refused before it started failed on the document's issues: the nodes those issues
 *  named that have none now are fixed. */
export function nodesNowPassing(run: RunView, issueNodeIds: ReadonlySet<string>): string[] {
  if (run.runId !== undefined || run.status !== 'FAILED') return [];
  return Object.entries(run.nodes).filter(([id, n]) => n.state === 'failed' && !issueNodeIds.has(id)).map(([id]) => id);
}
