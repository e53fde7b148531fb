import { describe, expect, it } from 'vitest';
import { choleskySolve, minimize } from './linalg.ts';

describe('choleskySolve', () => {
  it('solves a positive definite system (checked by multiplying back)', () => {
    // A = M^T M + I for a fixed M: symmetric positive definite.
    const n = 4;
    const m = [[1, 2, 0, -1], [0, 1, 3, 2], [2, -1, 1, 0], [1, 1, 1, 1]];
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s = i === j ? 1 : 0;
      for (let k = 0; k < n; k++) s += m[k]![i]! * m[k]![j]!;
      a[i * n + j] = s;
    }
    const b = Float64Array.of(1, -2, 3, 0.5);
    const x = choleskySolve(a, b, n)!;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
      expect(s).toBeCloseTo(b[i]!, 12);
    }
  });

  it('reports a singular matrix (a zero row) as null', () => {
    expect(choleskySolve(Float64Array.of(1, 0, 0, 0), Float64Array.of(1, 0), 2)).toBeNull();
    expect(choleskySolve(Float64Array.of(1, 1, 1, 1), Float64Array.of(1, 1), 2)).toBeNull();
  });
});

describe('minimize (L-BFGS)', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const f = (x: Float64Array, g: Float64Array): number => {
      const [a, b] = [x[0]!, x[1]!];
      g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
      g[1] = 200 * (b - a * a);
      return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
    };
    const r = minimize(f, Float64Array.of(-1.2, 1), { maxIter: 500, tol: 1e-12 });
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.objectiveHistory.length).toBe(r.iterations + 1);
    // Each accepted step lowers the objective (Wolfe's sufficient decrease).
    for (let i = 1; i < r.objectiveHistory.length; i++) expect(r.objectiveHistory[i]!).toBeLessThanOrEqual(r.objectiveHistory[i - 1]!);
  });

  it('stops at maxIter', () => {
    const f = (x: Float64Array, g: Float64Array): number => {
      g[0] = -2 * (1 - x[0]!) - 400 * x[0]! * (x[1]! - x[0]! ** 2);
      g[1] = 200 * (x[1]! - x[0]! ** 2);
      return (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
    };
    const r = minimize(f, Float64Array.of(-1.2, 1), { maxIter: 3, tol: 1e-12 });
    expect(r.iterations).toBe(3);
    expect(r.reason).toBe('max iterations');
  });
});

describe('minimize (OWL-QN)', () => {
  it('matches the soft-thresholding closed form of a separable lasso', () => {
    // f = 1/2 sum a_i (x_i - c_i)^2 + sum r_i |x_i|  =>  x_i = sign(c_i) max(|c_i| - r_i / a_i, 0)
    const a = Float64Array.of(1, 2, 0.5, 3, 1);
    const c = Float64Array.of(3, -0.2, -4, 1, 0.5);
    const r = Float64Array.of(1, 1, 1, 0, 0.5);
    const f = (x: Float64Array, g: Float64Array): number => {
      let v = 0;
      for (let i = 0; i < x.length; i++) { const d = x[i]! - c[i]!; v += 0.5 * a[i]! * d * d; g[i] = a[i]! * d; }
      return v;
    };
    const res = minimize(f, new Float64Array(5), { maxIter: 200, tol: 1e-12, l1: r });
    for (let i = 0; i < 5; i++) {
      const expected = Math.sign(c[i]!) * Math.max(Math.abs(c[i]!) - r[i]! / a[i]!, 0);
      expect(res.x[i]).toBeCloseTo(expected, 7); // Breeze's gradient floor is 1e-8
    }
    expect(res.x[1]).toBe(0); // exactly zero, not merely small: the orthant projection keeps it there
  });

  it('solves a coupled lasso: the optimality conditions hold at the answer', () => {
    // f = 1/2 x^T Q x - b^T x with Q positive definite; optimum: |(Qx - b)_i| <= r where x_i = 0,
    // (Qx - b)_i = -r sign(x_i) elsewhere.
    const Q = [[4, 1, 0.5], [1, 3, -1], [0.5, -1, 2]];
    const b = [2, -3, 0.1];
    const r = 1;
    const f = (x: Float64Array, g: Float64Array): number => {
      let v = 0;
      for (let i = 0; i < 3; i++) {
        let qx = 0;
        for (let j = 0; j < 3; j++) qx += Q[i]![j]! * x[j]!;
        g[i] = qx - b[i]!;
        v += 0.5 * x[i]! * qx - b[i]! * x[i]!;
      }
      return v;
    };
    const res = minimize(f, new Float64Array(3), { maxIter: 200, tol: 1e-14, l1: Float64Array.of(r, r, r) });
    const g = new Float64Array(3);
    f(res.x, g);
    for (let i = 0; i < 3; i++) {
      if (res.x[i] === 0) expect(Math.abs(g[i]!)).toBeLessThanOrEqual(r + 1e-9);
      else expect(g[i]! + r * Math.sign(res.x[i]!)).toBeCloseTo(0, 7);
    }
    // With x_2 = 0 the other two solve [[4, 1], [1, 3]] x = [2 - 1, -3 + 1]: x = [5/11, -9/11].
    expect(res.x[0]).toBeCloseTo(5 / 11, 7);
    expect(res.x[1]).toBeCloseTo(-9 / 11, 7);
    expect(res.x[2]).toBe(0);
  });
});

describe('minimize: objective evaluations', () => {
  // Each evaluation is a full pass over the training rows (logistic regression): the step the
  // line search accepted was just evaluated there, so taking it must not evaluate it again.
  const points: number[][] = [];
  const rosenbrock = (x: Float64Array, g: Float64Array): number => {
    points.push([...x]);
    const [a, b] = [x[0]!, x[1]!];
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  for (const l1 of [undefined, Float64Array.of(0.01, 0.01)]) {
    it(`evaluates the accepted step once (${l1 ? 'OWL-QN' : 'L-BFGS'})`, () => {
      points.length = 0;
      const r = minimize(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 200, tol: 1e-10, ...(l1 ? { l1 } : {}) });
      expect(r.iterations).toBeGreaterThan(10);
      expect(points.filter((p) => p[0] === r.x[0] && p[1] === r.x[1]).length).toBe(1);
    });
  }
});
