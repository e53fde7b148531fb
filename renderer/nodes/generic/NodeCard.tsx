// The card of every node on the canvas: kind and id, a one-line summary, typed ports (schema
// on hover), the engine's error badge, and while running a progress bar with rows and state.

import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { Schema } from '../../../main/api.ts';
import type { NodeRun } from '../../run/run-state.ts';
import { ModelResult } from '../model/ModelResult.tsx';

export interface PortView { readonly name: string; readonly schema?: Schema; readonly optional?: boolean; readonly doc?: string }

export interface CardData extends Record<string, unknown> {
  readonly kind: string;
  readonly title: string;
  readonly group: string;
  readonly summary: string;
  readonly inputs: readonly PortView[];
  readonly outputs: readonly PortView[];
  readonly issues: readonly string[];
  readonly run?: NodeRun;
}

export type CardNode = Node<CardData, 'tributary'>;

export function formatRows(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return n.toLocaleString('en-US');
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

function PortTip({ port, dir }: { port: PortView; dir: 'in' | 'out' }) {
  return (
    <span className={`port-tip port-tip-${dir}`} role="tooltip">
      <strong>{port.name}{port.optional ? ' (optional)' : ''}</strong>
      {port.schema ? (
        <span className="port-schema">
          {port.schema.fields.map((f) => (
            <span key={f.name} className="port-field"><span>{f.name}</span><em>{f.type}</em></span>
          ))}
        </span>
      ) : <span className="muted">{dir === 'in' ? 'schema known once connected' : 'schema not known yet'}</span>}
    </span>
  );
}

/** Ports sit at fixed heights from the top, so they stay put when the card grows (an issue, a run line). */
function handleTop(i: number, n: number): string {
  return n === 1 ? '34px' : `${22 + i * 24}px`;
}

function RunLine({ run }: { run: NodeRun }) {
  const pct = run.partitionsTotal > 0 ? Math.round((run.partitionsDone / run.partitionsTotal) * 100)
    : run.state === 'done' ? 100 : 0;
  return (
    <div className={`card-run run-${run.state}`} data-state={run.state}>
      <div className="progress" role="progressbar" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <div className="card-run-text">
        <span className="run-state">{run.state}</span>
        <span>{formatRows(run.rows)} rows</span>
        {run.partitionsTotal > 0 && (
          <span title={`${run.partitionsDone} of ${run.partitionsTotal} partitions done`}>{run.partitionsDone}/{run.partitionsTotal}</span>
        )}
        {run.durationMs !== undefined && run.state === 'done' && <span>{formatMs(run.durationMs)}</span>}
      </div>
    </div>
  );
}

function NodeCardView({ id, data, selected }: NodeProps<CardNode>) {
  const invalid = data.issues.length > 0;
  const failed = data.run?.state === 'failed';
  return (
    <div className={`card group-${data.group}${selected ? ' selected' : ''}${invalid ? ' invalid' : ''}${failed ? ' failed' : ''}`}
      data-node-id={id} data-kind={data.kind} data-state={data.run?.state ?? 'idle'}
      aria-label={`${data.title} ${id}${invalid ? ', has errors' : ''}`}>
      {data.inputs.map((p, i) => (
        <Handle key={p.name} id={p.name} type="target" position={Position.Left} style={{ top: handleTop(i, data.inputs.length) }}
          className={p.optional ? 'optional' : undefined} aria-label={`input ${p.name}`}>
          {data.inputs.length > 1 && <span className="port-label port-label-in">{p.name}</span>}
          <PortTip port={p} dir="in" />
        </Handle>
      ))}
      <div className="card-head">
        <span className="card-kind">{data.title}</span>
        {invalid && (
          <span className="badge-error" title={data.issues.join('\n')} aria-label={`${data.issues.length} problem(s)`}>!</span>
        )}
      </div>
      <div className="card-id">{id}</div>
      <div className="card-summary" title={data.summary}>{data.summary}</div>
      {invalid && <div className="card-issue" data-testid="node-issue">{data.issues[0]}</div>}
      {failed && data.run?.error && <div className="card-issue" data-testid="node-run-error">{data.run.error}</div>}
      {data.kind === 'model.evaluate' && <ModelResult nodeId={id} />}
      {data.run && <RunLine run={data.run} />}
      {data.outputs.map((p, i) => (
        <Handle key={p.name} id={p.name} type="source" position={Position.Right} style={{ top: handleTop(i, data.outputs.length) }}
          aria-label={`output ${p.name}`}>
          {data.outputs.length > 1 && <span className="port-label port-label-out">{p.name}</span>}
          <PortTip port={p} dir="out" />
        </Handle>
      ))}
    </div>
  );
}

export const NodeCard = memo(NodeCardView);
