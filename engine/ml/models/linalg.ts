// Small dense numerics for the model fits: a Cholesky solve of the normal equations, and the
// quasi-Newton minimizers Spark MLlib uses through Breeze: L-BFGS (history m = 10, strong Wolfe
// line search) and OWL-QN (L-BFGS on the L1 pseudo-gradient, steps kept in their orthant,
// backtracking line search). The convergence test is Breeze's default one, so `maxIter` and
// `tol` mean what they mean in Spark: stop when the gradient norm is at most
// max(tol * |f|, 1e-8), or when f moved less than tol * |f(x0)| over the last 20 iterations.

/**
 * Solves A x = b for a symmetric positive definite n x n matrix A (row-major; only the lower
 * triangle is read). Returns null when A is not positive definite (a zero or negative pivot),
 * as LAPACK's dppsv reports a singular matrix.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! * l[j * n + k]!;
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
    y[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** The objective: writes the gradient at x into `grad` and returns the value. */
export type DiffFunction = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  readonly maxIter: number;
  readonly tol: number;
  /** History length (Spark uses 10). */
  readonly m?: number;
  /** Per-coordinate L1 strengths: OWL-QN minimizes f(x) + sum l1[i] |x[i]|. */
  readonly l1?: Float64Array;
}

export interface MinimizeResult {
  readonly x: Float64Array;
  /** Iterations taken (objectiveHistory.length - 1). */
  readonly iterations: number;
  /** f(x) (+ the L1 term) at the start and after each iteration, as Spark's objectiveHistory. */
  readonly objectiveHistory: number[];
  readonly reason: 'max iterations' | 'gradient converged' | 'function values converged' | 'search failed';
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** The L1-adjusted value and pseudo-gradient (Breeze OWLQN.adjust). */
function adjust(x: Float64Array, grad: Float64Array, value: number, l1: Float64Array | undefined, out: Float64Array): number {
  if (!l1) { out.set(grad); return value; }
  let v = value;
  for (let i = 0; i < x.length; i++) {
    const r = l1[i]!;
    const xi = x[i]!;
    const g = grad[i]!;
    if (r === 0) { out[i] = g; continue; }
    if (xi !== 0) { v += r * Math.abs(xi); out[i] = g + r * Math.sign(xi); continue; }
    const plus = g + r;
    const minus = g - r;
    out[i] = minus > 0 ? minus : plus < 0 ? plus : 0;
  }
  return v;
}

class History {
  readonly steps: Float64Array[] = [];
  readonly gradDeltas: Float64Array[] = [];
  readonly m: number;
  constructor(m: number) { this.m = m; }

  reset(): void { this.steps.length = 0; this.gradDeltas.length = 0; }

  push(s: Float64Array, y: Float64Array): void {
    this.steps.unshift(s); this.gradDeltas.unshift(y);
    if (this.steps.length > this.m) { this.steps.pop(); this.gradDeltas.pop(); }
  }

  /** -H g by the two-loop recursion; null when the history is not positive (Breeze's NaNHistory). */
  direction(g: Float64Array): Float64Array | null {
    const k = this.steps.length;
    const q = Float64Array.from(g);
    const alpha = new Float64Array(k);
    const rho = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      rho[i] = dot(this.steps[i]!, this.gradDeltas[i]!);
      alpha[i] = dot(this.steps[i]!, q) / rho[i]!;
      const y = this.gradDeltas[i]!;
      for (let j = 0; j < q.length; j++) q[j] = q[j]! - (alpha[i]! * y[j]!);
    }
    let diag = 1;
    if (k > 0) {
      const sy = rho[0]!;
      if (!(sy >= 0)) return null;
      diag = sy / dot(this.gradDeltas[0]!, this.gradDeltas[0]!);
    }
    for (let j = 0; j < q.length; j++) q[j] = q[j]! * diag;
    for (let i = k - 1; i >= 0; i--) {
      const beta = dot(this.gradDeltas[i]!, q) / rho[i]!;
      const s = this.steps[i]!;
      for (let j = 0; j < q.length; j++) q[j] = q[j]! + (alpha[i]! - beta) * s[j]!;
    }
    for (let j = 0; j < q.length; j++) q[j] = -q[j]!;
    return q;
  }
}

/** phi(t) = f(x + t d) and its derivative along d. */
type LineFunction = (t: number) => { value: number; slope: number };

/** Strong Wolfe line search (Nocedal & Wright 3.5/3.6, c1 = 1e-4, c2 = 0.9) with cubic interpolation. */
function strongWolfe(phi: LineFunction, f0: number, d0: number, t0: number): number {
  const c1 = 1e-4, c2 = 0.9;
  const zoom = (lo: number, flo: number, dlo: number, hi: number, fhi: number, dhi: number): number => {
    for (let it = 0; it < 10; it++) {
      let t = cubicMin(lo, flo, dlo, hi, fhi, dhi);
      const left = Math.min(lo, hi), right = Math.max(lo, hi), width = right - left;
      if (!Number.isFinite(t) || t < left + 0.1 * width || t > right - 0.1 * width) t = (lo + hi) / 2;
      const { value, slope } = phi(t);
      if (value > f0 + c1 * t * d0 || value >= flo) { hi = t; fhi = value; dhi = slope; } else {
        if (Math.abs(slope) <= -c2 * d0) return t;
        if (slope * (hi - lo) >= 0) { hi = lo; fhi = flo; dhi = dlo; }
        lo = t; flo = value; dlo = slope;
      }
    }
    return lo > 0 ? lo : Number.NaN;
  };
  let prev = 0, fprev = f0, dprev = d0, t = t0;
  for (let it = 0; it < 10; it++) {
    const { value, slope } = phi(t);
    if (!Number.isFinite(value) || value > f0 + c1 * t * d0 || (it > 0 && value >= fprev)) return zoom(prev, fprev, dprev, t, value, slope);
    if (Math.abs(slope) <= -c2 * d0) return t;
    if (slope >= 0) return zoom(t, value, slope, prev, fprev, dprev);
    prev = t; fprev = value; dprev = slope; t *= 1.5;
  }
  return Number.NaN;
}

/** Minimizer of the cubic matching values and slopes at a and b. */
function cubicMin(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
}

/**
 * Breeze's BacktrackingLineSearch as OWL-QN calls it: shrink while the Armijo condition fails,
 * grow while the slope is too steep (Wolfe), shrink while it is too positive (strong Wolfe); at
 * most 20 changes. Breeze takes the first trial's value to be `initValue` (the smooth part of f
 * at the start point, not evaluated at the trial step) and only evaluates its slope: kept, as
 * it decides which steps Spark takes.
 */
function backtracking(phi: LineFunction, f0: number, d0: number, t0: number, shrink: number, initValue: number): number {
  let t = t0;
  let value = initValue;
  let slope = phi(t0).slope;
  for (let it = 0; ; it++) {
    const factor = !(value <= f0 + t * d0 * 1e-4) ? shrink : slope < 0.9 * d0 ? 2.1 : slope > -0.9 * d0 ? shrink : 1;
    if (factor === 1) return t;
    if (it >= 20) return Number.NaN;
    t *= factor;
    if (t < 1e-10 || t > 1e10) return Number.NaN;
    ({ value, slope } = phi(t));
    if (it + 1 >= 20) return t; // Breeze stops taking states after 20 and uses the last one
  }
}

/** f and its L1-adjusted form at a trial point of the line search. */
interface Evaluation {
  readonly t: number;
  readonly x: Float64Array<ArrayBuffer>;
  readonly grad: Float64Array<ArrayBuffer>;
  readonly value: number;
  readonly adjGrad: Float64Array<ArrayBuffer>;
  readonly adjValue: number;
}

/** Minimizes f (plus the L1 term when options.l1 is set) from x0. */
export function minimize(f: DiffFunction, x0: Float64Array, options: MinimizeOptions): MinimizeResult {
  const { maxIter, tol, l1 } = options;
  const n = x0.length;
  const history = new History(options.m ?? 10);
  let x = Float64Array.from(x0);
  let grad = new Float64Array(n);
  let value = f(x, grad);
  let adjGrad = new Float64Array(n);
  let adjValue = adjust(x, grad, value, l1, adjGrad);
  const initial = adjValue;
  const objectiveHistory = [adjValue];
  const recent: number[] = [Number.POSITIVE_INFINITY];
  let failedOnce = false;
  let iter = 0;
  const converged = (): MinimizeResult['reason'] | null => {
    if (iter >= maxIter) return 'max iterations';
    if (recent.length >= 2 && Math.abs(adjValue - Math.max(...recent)) <= tol * Math.abs(initial)) return 'function values converged';
    if (norm(adjGrad) <= Math.max(tol * Math.abs(adjValue), 1e-8)) return 'gradient converged';
    return null;
  };
  let reason = converged();
  while (reason === null) {
    let dir = history.direction(adjGrad);
    if (dir && l1) for (let i = 0; i < n; i++) if (dir[i]! * adjGrad[i]! >= 0) dir[i] = 0;
    const orthant = l1 ? Float64Array.from(x, (xi, i) => (xi !== 0 ? Math.sign(xi) : Math.sign(-adjGrad[i]!))) : null;
    const stepTo = (t: number, out: Float64Array): void => {
      for (let i = 0; i < n; i++) {
        const v = x[i]! + t * dir![i]!;
        out[i] = orthant && Math.sign(v) !== orthant[i] ? 0 : v;
      }
    };
    let t = Number.NaN;
    // The line search's last evaluation: when it is the step taken (the usual case), its point,
    // value and gradients are the new iterate's, and f (a pass over every row) is not run again.
    let last: Evaluation | undefined;
    if (dir) {
      const phi: LineFunction = (s) => {
        const trial = new Float64Array(n), tg = new Float64Array(n), tadj = new Float64Array(n);
        stepTo(s, trial);
        const v = f(trial, tg);
        const av = adjust(trial, tg, v, l1, tadj);
        last = { t: s, x: trial, grad: tg, value: v, adjGrad: tadj, adjValue: av };
        return { value: av, slope: dot(tadj, dir!) };
      };
      const d0 = dot(adjGrad, dir);
      if (d0 < 0) {
        t = l1
          ? backtracking(phi, adjValue, d0, iter < 1 ? 0.5 / norm(grad) : 1, iter < 1 ? 0.1 : 0.5, value)
          : strongWolfe(phi, adjValue, d0, iter === 0 ? 1 / norm(dir) : 1);
      }
      if (!l1 && t * norm(grad) < 1e-10) t = Number.NaN;
    }
    if (!(t > 0)) {
      // Breeze resets the history once after a failed step, and gives up on a second failure.
      if (failedOnce) { reason = 'search failed'; break; }
      failedOnce = true;
      history.reset();
      continue;
    }
    let nx: Float64Array<ArrayBuffer>, ng: Float64Array<ArrayBuffer>, nv: number, nAdj: Float64Array<ArrayBuffer>, nAdjValue: number;
    const taken = last as typeof last | undefined; // assigned inside phi: TypeScript cannot see it
    if (taken && taken.t === t) {
      ({ x: nx, grad: ng, value: nv, adjGrad: nAdj, adjValue: nAdjValue } = taken);
    } else {
      nx = new Float64Array(n); ng = new Float64Array(n); nAdj = new Float64Array(n);
      stepTo(t, nx);
      nv = f(nx, ng);
      nAdjValue = adjust(nx, ng, nv, l1, nAdj);
    }
    history.push(Float64Array.from(nx, (v, i) => v - x[i]!), Float64Array.from(ng, (v, i) => v - grad[i]!));
    x = nx; grad = ng; value = nv; adjGrad = nAdj; adjValue = nAdjValue;
    failedOnce = false;
    iter++;
    objectiveHistory.push(adjValue);
    recent.push(adjValue);
    if (recent.length > 20) recent.shift();
    reason = converged();
  }
  return { x, iterations: objectiveHistory.length - 1, objectiveHistory, reason: reason! };
}
