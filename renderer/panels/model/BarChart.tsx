// Bars of counts by category (k-means cluster sizes), coloured per category.

import { ChartFrame } from './ChartFrame.tsx';
import { niceExtent } from './plot-scale.ts';

export interface BarChartProps {
  readonly counts: readonly number[];
  readonly colour: (i: number) => string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly label: string;
  readonly testId: string;
  readonly width?: number;
  readonly height?: number;
}

export function BarChart({ counts, colour, xLabel, yLabel, label, testId, width = 300, height = 260 }: BarChartProps) {
  const y = niceExtent({ min: 0, max: Math.max(1, ...counts) });
  const x = { min: -0.5, max: counts.length - 0.5 };
  return (
    <ChartFrame width={width} height={height} x={x} y={y} xLabel={xLabel} yLabel={yLabel} label={label} testId={testId}
      xTicks={counts.map((_, i) => i)}>
      {(sx, sy) => {
        const w = Math.max(2, (sx(1) - sx(0)) * 0.7);
        return counts.map((c, i) => (
          <rect key={i} data-testid="bar" data-value={c} x={sx(i) - w / 2} y={sy(c)} width={w} height={sy(0) - sy(c)}
            style={{ fill: colour(i) }}><title>{`${i}: ${c.toLocaleString('en-US')}`}</title></rect>
        ));
      }}
    </ChartFrame>
  );
}
