// The frame every model drawing shares: an SVG with nice-tick axes, grid lines and axis titles;
// the drawing itself is a function of the two scales.

import type { ReactNode } from 'react';
import { formatTick, niceTicks, scale, type Extent } from './plot-scale.ts';

export const MARGIN = { left: 58, right: 14, top: 14, bottom: 38 } as const;

export interface ChartFrameProps {
  readonly width: number;
  readonly height: number;
  readonly x: Extent;
  readonly y: Extent;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly label: string;
  readonly testId: string;
  /** Tick values of the x axis when the nice ones do not fit (categories 0, 1, 2...). */
  readonly xTicks?: readonly number[];
  readonly children: (sx: (v: number) => number, sy: (v: number) => number) => ReactNode;
}

export function ChartFrame({ width, height, x, y, xLabel, yLabel, label, testId, xTicks: fixedX, children }: ChartFrameProps) {
  const sx = scale(x, MARGIN.left, width - MARGIN.right);
  const sy = scale(y, height - MARGIN.bottom, MARGIN.top);
  const xTicks = fixedX ?? niceTicks(x.min, x.max, Math.max(2, Math.floor((width - MARGIN.left) / 80)));
  const yTicks = niceTicks(y.min, y.max, Math.max(2, Math.floor((height - MARGIN.bottom) / 40)));
  const bottom = height - MARGIN.bottom;
  return (
    <svg className="chart" width={width} height={height} role="img" aria-label={label} data-testid={testId}>
      <g className="chart-grid">
        {xTicks.map((t) => <line key={`x${t}`} x1={sx(t)} x2={sx(t)} y1={MARGIN.top} y2={bottom} />)}
        {yTicks.map((t) => <line key={`y${t}`} x1={MARGIN.left} x2={width - MARGIN.right} y1={sy(t)} y2={sy(t)} />)}
      </g>
      <g className="chart-axis">
        <line x1={MARGIN.left} x2={width - MARGIN.right} y1={bottom} y2={bottom} />
        <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={bottom} />
        {xTicks.map((t) => <text key={`x${t}`} x={sx(t)} y={bottom + 14} textAnchor="middle">{formatTick(t)}</text>)}
        {yTicks.map((t) => <text key={`y${t}`} x={MARGIN.left - 6} y={sy(t) + 4} textAnchor="end">{formatTick(t)}</text>)}
        <text className="chart-title" x={(MARGIN.left + width - MARGIN.right) / 2} y={height - 4} textAnchor="middle">{xLabel}</text>
        <text className="chart-title" transform={`translate(12 ${(MARGIN.top + bottom) / 2}) rotate(-90)`} textAnchor="middle">{yLabel}</text>
      </g>
      <g className="chart-plot">{children(sx, sy)}</g>
    </svg>
  );
}
