// The ROC curve of a binary classifier with its AUC; the diagonal is a coin toss.

import { ChartFrame } from './ChartFrame.tsx';
import { formatNumber } from './format-number.ts';
import { thinCurve, type Roc } from './roc.ts';

export function RocChart({ roc, width = 300, height = 280 }: { roc: Roc; width?: number; height?: number }) {
  const curve = thinCurve(roc.fpr, roc.tpr, 1000);
  const unit = { min: 0, max: 1 };
  return (
    <figure className="chart-figure">
      <ChartFrame width={width} height={height} x={unit} y={unit} xLabel="false positive rate" yLabel="true positive rate"
        label={`ROC curve, AUC ${roc.auc === null ? 'unknown' : formatNumber(roc.auc)}`} testId="roc-chart">
        {(sx, sy) => (
          <>
            <line className="chart-diagonal" x1={sx(0)} y1={sy(0)} x2={sx(1)} y2={sy(1)} />
            <polyline className="chart-curve" data-testid="roc-curve"
              points={Array.from(curve.x, (v, i) => `${sx(v).toFixed(1)},${sy(curve.y[i]!).toFixed(1)}`).join(' ')} />
          </>
        )}
      </ChartFrame>
      <figcaption data-testid="roc-auc" data-value={roc.auc ?? ''}>
        AUC {roc.auc === null ? '— (the rows hold one class only)' : formatNumber(roc.auc)}
        <span className="muted"> over the previewed rows ({roc.positives.toLocaleString('en-US')} positive, {roc.negatives.toLocaleString('en-US')} negative)</span>
      </figcaption>
    </figure>
  );
}
