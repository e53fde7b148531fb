// Axes of the model drawings: a linear map from data to pixels and "nice" tick values (1, 2 or 5
// times a power of ten), so an axis reads 0, 50k, 100k rather than 3127.4, 51820.9...

export interface Extent { readonly min: number; readonly max: number }

/** Smallest and largest finite value; [0, 1] when there is none. A single value gets a unit of room. */
export function extent(...columns: readonly ArrayLike<number>[]): Extent {
  let min = Infinity;
  let max = -Infinity;
  for (const values of columns) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) return { min: 0, max: 1 };
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.5 : 1;
    return { min: min - pad, max: max + pad };
  }
  return { min, max };
}

/** The extent widened to include `v` (the zero line of a residual plot must be on the chart). */
export function including(e: Extent, v: number): Extent {
  return { min: Math.min(e.min, v), max: Math.max(e.max, v) };
}

/** The step of about `count` intervals over [min, max]: 1, 2 or 5 times a power of ten. */
export function niceStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * power;
}

/** Tick values inside [min, max], multiples of the nice step, in increasing order. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const step = niceStep(min, max, count);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) {
    // Multiplying the integer index avoids the drift of adding the step again and again.
    const v = i * step;
    ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  }
  return ticks;
}

/** The extent grown outward to whole nice steps, so the outermost ticks sit on the frame. */
export function niceExtent(e: Extent, count = 5): Extent {
  const step = niceStep(e.min, e.max, count);
  return { min: Math.floor(e.min / step + 1e-9) * step, max: Math.ceil(e.max / step - 1e-9) * step };
}

/** A linear map from [domain.min, domain.max] to [from, to] (to < from for a y axis pointing up). */
export function scale(domain: Extent, from: number, to: number): (v: number) => number {
  const span = domain.max - domain.min || 1;
  const k = (to - from) / span;
  return (v) => from + (v - domain.min) * k;
}

/** A tick label: short (12k, 1.5M, 0.25), no float noise. */
export function formatTick(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${trim(v / 1e9)}G`;
  if (a >= 1e6) return `${trim(v / 1e6)}M`;
  if (a >= 1e4) return `${trim(v / 1e3)}k`;
  return trim(v);
}

function trim(v: number): string {
  return String(Number(v.toPrecision(4)));
}
