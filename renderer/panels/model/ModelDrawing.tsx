// The drawing of a fitted node, by kind: linear regression -> residuals against predictions;
// logistic regression -> ROC curve with its AUC; k-means -> cluster sizes and the first two
// feature elements coloured by cluster; model.evaluate -> its metric. Drawn from the preview of
// the node's output (the scored rows), so the label, prediction and feature columns are at hand.

import { useMemo } from 'react';
import type { PreviewResult } from '../../../main/api.ts';
import type { FittedModel } from '../../run/run-state.ts';
import { BarChart } from './BarChart.tsx';
import { clusterColour, clusterSizes } from './clusters.ts';
import { plottedCount } from './downsample.ts';
import { formatNumber } from './format-number.ts';
import { numberColumn, vectorElement } from './preview-columns.ts';
import { residuals } from './residuals.ts';
import { RocChart } from './RocChart.tsx';
import { rocCurve } from './roc.ts';
import { ScatterPlot } from './ScatterPlot.tsx';
import { useNodePreview } from './use-node-preview.ts';

/** Kinds drawn from a preview of their output. */
export const DRAWN_KINDS = new Set(['model.linearRegression', 'model.logisticRegression', 'model.kmeans']);

export interface DrawingProps {
  readonly nodeId: string;
  readonly kind: string;
  /** The node's params with catalog defaults filled. */
  readonly param: (name: string) => unknown;
  readonly model?: FittedModel;
}

export function ModelDrawing(props: DrawingProps) {
  if (props.kind === 'model.evaluate') return <EvaluateMetric model={props.model} />;
  if (!DRAWN_KINDS.has(props.kind)) return null;
  return <PreviewDrawing {...props} />;
}

function EvaluateMetric({ model }: { model?: FittedModel }) {
  const state = model?.state as { metric?: string; value?: number | null } | undefined;
  if (!state?.metric) return <p className="muted">Run the pipeline to compute the metric.</p>;
  return (
    <div className="model-metric" data-testid="evaluate-metric" data-value={state.value ?? 'null'}>
      <span className="model-metric-name">{state.metric}</span>
      <span className="model-metric-value">{state.value === null || state.value === undefined ? 'undefined' : formatNumber(state.value)}</span>
    </div>
  );
}

function PreviewDrawing({ nodeId, kind, param, model }: DrawingProps) {
  const preview = useNodePreview(nodeId);
  const r = preview.result;
  return (
    <div className="model-drawing" data-testid="model-drawing" data-fresh={preview.fresh && r ? 'true' : 'false'}>
      {preview.error && <div className="issue">Could not preview {nodeId}: {preview.error}</div>}
      {!r && !preview.error && <p className="muted">{preview.loading ? 'Previewing the scored rows…' : 'No preview yet.'}</p>}
      {r && kind === 'model.linearRegression' && <ResidualPlot result={r} label={String(param('labelCol'))} prediction={String(param('predictionCol'))} />}
      {r && kind === 'model.logisticRegression' && <Roc result={r} label={String(param('labelCol'))} probability={String(param('probabilityCol'))} />}
      {r && kind === 'model.kmeans' && (
        <Clusters result={r} features={String(param('featuresCol'))} prediction={String(param('predictionCol'))}
          k={Number(param('k')) || 0} model={model} />
      )}
    </div>
  );
}

function Missing({ what }: { what: string }) {
  return <div className="issue">The preview has no column {what}: check the node's params.</div>;
}

function ResidualPlot({ result, label, prediction }: { result: PreviewResult; label: string; prediction: string }) {
  const res = useMemo(() => {
    const y = numberColumn(result, label);
    const p = numberColumn(result, prediction);
    return y && p ? residuals(y, p) : undefined;
  }, [result, label, prediction]);
  if (!res) return <Missing what={`'${label}' or '${prediction}'`} />;
  const n = res.predicted.length;
  return (
    <figure className="chart-figure">
      <ScatterPlot x={res.predicted} y={res.residual} zeroLine xLabel={`predicted ${label}`} yLabel={`residual (${label} − predicted)`}
        label={`residuals against predictions, ${n} rows`} testId="residual-plot" pointTestId="residual-point" />
      <figcaption data-testid="residual-caption" data-rows={n} data-points={plottedCount(n)} data-rmse={res.rmse ?? ''}>
        {n.toLocaleString('en-US')} previewed rows{plottedCount(n) < n ? `, ${plottedCount(n).toLocaleString('en-US')} drawn` : ''}
        {res.skipped > 0 ? `, ${res.skipped} without label or prediction left out` : ''}
        {res.rmse !== null && <span className="muted"> · rmse over them {formatNumber(res.rmse)}</span>}
      </figcaption>
    </figure>
  );
}

function Roc({ result, label, probability }: { result: PreviewResult; label: string; probability: string }) {
  const roc = useMemo(() => {
    const y = numberColumn(result, label);
    const p = vectorElement(result, probability, 1);
    return y && p ? rocCurve(y, p) : undefined;
  }, [result, label, probability]);
  if (!roc) return <Missing what={`'${label}' or '${probability}'`} />;
  return <RocChart roc={roc} />;
}

function Clusters({ result, features, prediction, k, model }: { result: PreviewResult; features: string; prediction: string; k: number;
  model?: FittedModel }) {
  const data = useMemo(() => {
    const c = numberColumn(result, prediction);
    const x = vectorElement(result, features, 0);
    const y = vectorElement(result, features, 1);
    return c && x && y ? { c, x, y } : undefined;
  }, [result, features, prediction]);
  if (!data) return <Missing what={`'${features}' or '${prediction}'`} />;
  // The model's own sizes cover every training row; the preview's only the rows shown.
  const fitted = model?.summary.clusterSizes;
  const whole = Array.isArray(fitted) && fitted.every((v) => typeof v === 'number');
  const sizes = whole ? (fitted as number[]) : clusterSizes(data.c, k);
  const kk = Math.max(k, sizes.length);
  const colour = (i: number) => clusterColour(data.c[i]!, kk);
  const hasSecond = data.y.some((v) => !Number.isNaN(v));
  return (
    <div className="chart-row">
      <figure className="chart-figure">
        <BarChart counts={sizes} colour={(i) => clusterColour(i, kk)} xLabel="cluster" yLabel="rows" label="rows per cluster" testId="cluster-bars" />
        <figcaption>{whole ? 'rows per cluster (all training rows)' : `rows per cluster in the ${data.c.length.toLocaleString('en-US')} previewed rows`}</figcaption>
      </figure>
      {hasSecond && (
        <figure className="chart-figure">
          <ScatterPlot x={data.x} y={data.y} colour={colour} xLabel={`${features}[0]`} yLabel={`${features}[1]`}
            label="first two feature elements by cluster" testId="cluster-scatter" pointTestId="cluster-point" width={380} />
          <figcaption>{features}[0] against {features}[1], coloured by cluster</figcaption>
        </figure>
      )}
    </div>
  );
}
