// A scatter of two numeric columns (downsampled to a few thousand marks), optionally coloured per
// point and with the y = 0 line (residual plots).

import { useMemo } from 'react';
import { ChartFrame } from './ChartFrame.tsx';
import { downsampleIndices } from './downsample.ts';
import { extent, including, niceExtent } from './plot-scale.ts';

export interface ScatterPlotProps {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly label: string;
  readonly testId: string;
  readonly pointTestId: string;
  /** A colour per point (by the point's index in x/y); the accent colour when absent. */
  readonly colour?: (i: number) => string;
  readonly zeroLine?: boolean;
  readonly width?: number;
  readonly height?: number;
}

export function ScatterPlot({ x, y, xLabel, yLabel, label, testId, pointTestId, colour, zeroLine, width = 460, height = 260 }: ScatterPlotProps) {
  const shown = useMemo(() => downsampleIndices(x.length), [x]);
  const xe = niceExtent(extent(x));
  const ye = niceExtent(zeroLine ? including(extent(y), 0) : extent(y));
  return (
    <ChartFrame width={width} height={height} x={xe} y={ye} xLabel={xLabel} yLabel={yLabel} label={label} testId={testId}>
      {(sx, sy) => (
        <>
          {zeroLine && <line className="chart-zero" data-testid="zero-line" x1={sx(xe.min)} x2={sx(xe.max)} y1={sy(0)} y2={sy(0)} />}
          {Array.from(shown, (i) => (
            <circle key={i} data-testid={pointTestId} cx={sx(x[i]!)} cy={sy(y[i]!)} r={2.4}
              style={colour ? { fill: colour(i) } : undefined} />
          ))}
        </>
      )}
    </ChartFrame>
  );
}
