// Comparison of a Tributary outcome with Spark's: rows by id (numbers within a relative tolerance,
// vectors elementwise, NaN equals NaN), model data by name, k-means clusterings up to renumbering.
// Each function returns the differences as readable lines (empty = agree), at most a few per kind.

import type { FittedModel } from '../../engine/ml/stage.ts';
import type { SparkModel } from './run-spark.ts';

const MAX_LINES = 8;

/** Spark's JSON numbers: NaN and infinities travel as strings. */
export function sparkNumber(v: unknown): unknown {
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  return v;
}

/** |a - b| <= tol * max(|a|, |b|) + floor; NaN only equals NaN. */
export function close(a: number, b: number, tol: number, floor = 1e-12): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b)) + floor;
}

function sameValue(spark: unknown, ours: unknown, tol: number, floor: number): boolean {
  if (spark === null || ours === null || ours === undefined) return spark === null && (ours === null || ours === undefined);
  if (Array.isArray(spark)) {
    const o = ours as unknown[];
    return Array.isArray(o) && o.length === spark.length && spark.every((s, i) => sameValue(s, o[i], tol, floor));
  }
  const s = sparkNumber(spark);
  if (typeof s === 'number' && typeof ours === 'number') return close(s, ours, tol, floor);
  return s === ours;
}

const show = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));

/** Rows sorted by id on both sides; Spark's columns, in order, must be ours. */
export function compareRows(
  spark: { columns: string[]; rows: unknown[][] }, ours: { columns: string[]; rows: unknown[][] }, tol: number, skip: readonly string[] = [],
): string[] {
  const out: string[] = [];
  if (show(spark.columns) !== show(ours.columns)) out.push(`columns: Spark ${show(spark.columns)}, ours ${show(ours.columns)}`);
  const id = spark.columns.indexOf('id');
  const sparkIds = spark.rows.map((r) => r[id]);
  const ourIds = ours.rows.map((r) => r[ours.columns.indexOf('id')]);
  if (show(sparkIds) !== show(ourIds)) {
    const missing = sparkIds.filter((x) => !ourIds.includes(x));
    const extra = ourIds.filter((x) => !sparkIds.includes(x));
    out.push(`rows: Spark ${sparkIds.length}, ours ${ourIds.length}; ids only in Spark ${show(missing.slice(0, 10))}, only in ours ${show(extra.slice(0, 10))}`);
    return out;
  }
  for (const [j, name] of spark.columns.entries()) {
    if (skip.includes(name)) continue;
    const k = ours.columns.indexOf(name);
    if (k < 0) continue;
    let bad = 0;
    for (let i = 0; i < spark.rows.length; i++) {
      const s = spark.rows[i]![j]; const o = ours.rows[i]![k];
      if (sameValue(s, o, tol, 1e-12)) continue;
      if (bad++ < 3) out.push(`column ${name}, id ${show(sparkIds[i])}: Spark ${show(s)}, ours ${show(o)}`);
    }
    if (bad > 3) out.push(`column ${name}: ${bad} rows differ in all`);
    if (out.length > MAX_LINES) break;
  }
  return out;
}

/** The same groups of rows, whatever numbers each side gives its clusters. */
export function compareClusters(spark: { columns: string[]; rows: unknown[][] }, ours: { columns: string[]; rows: unknown[][] }, col: string): string[] {
  const s = spark.columns.indexOf(col); const o = ours.columns.indexOf(col);
  if (s < 0 || o < 0) return [`cluster column '${col}' missing (Spark ${s >= 0}, ours ${o >= 0})`];
  if (spark.rows.length !== ours.rows.length) return [`rows: Spark ${spark.rows.length}, ours ${ours.rows.length}`];
  const map = new Map<unknown, unknown>(); const back = new Map<unknown, unknown>();
  let bad = 0;
  spark.rows.forEach((r, i) => {
    const a = r[s]; const b = ours.rows[i]![o];
    if (!map.has(a) && !back.has(b)) { map.set(a, b); back.set(b, a); }
    if (map.get(a) !== b) bad++;
  });
  return bad ? [`${bad} of ${spark.rows.length} rows are in a different cluster than Spark puts them (clusters matched by first row)`] : [];
}

/** Spark's name -> how our stage reads it, where the stage names it otherwise. */
const OUR_NAMES: Readonly<Record<string, (m: FittedModel) => unknown>> = {
  // feature.oneHotEncoder keeps one column's category count; Spark a list, one per input column.
  categorySizes: (m) => {
    const n = (m.state as { categories?: unknown } | null)?.categories;
    return n === undefined ? undefined : [n];
  },
};

/** A named number list (or number) of our model: in its state first, else in its summary. */
function ours(model: FittedModel, key: string): unknown {
  const alias = OUR_NAMES[key];
  if (alias) return alias(model);
  const state = (model.state ?? {}) as Record<string, unknown>;
  if (key in state) return state[key];
  return (model.summary as Record<string, unknown>)[key];
}

function keysOf(model: FittedModel): string {
  return `state keys ${show(Object.keys((model.state ?? {}) as object))}, summary keys ${show(Object.keys(model.summary))}`;
}

/** Greedy match of two sets of centers (well separated: each has one obvious partner). */
function compareCenters(spark: number[][], mine: number[][], tol: number): string[] {
  if (spark.length !== mine.length) return [`centers: Spark ${spark.length}, ours ${mine.length}`];
  const left = [...mine];
  const out: string[] = [];
  for (const c of spark) {
    const dist = left.map((m) => m.reduce((d, x, i) => d + (x - c[i]!) ** 2, 0));
    const at = dist.indexOf(Math.min(...dist));
    const m = left.splice(at, 1)[0]!;
    if (!m.every((x, i) => close(c[i]!, x, tol, tol * 1e-2))) out.push(`center: Spark ${show(c)}, nearest of ours ${show(m)}`);
  }
  return out;
}

/** Spark's model data against ours, key by key. `inputCols` orders the imputer's surrogates. */
export function compareModel(spark: SparkModel, model: FittedModel | undefined, tol: number, inputCols?: readonly string[]): string[] {
  const keys = Object.keys(spark).filter((k) => k !== 'kind' && k !== 'iterations' && k !== 'rmse' && k !== 'r2' && k !== 'trainingCost');
  if (keys.length === 0) return [];
  if (!model) return [`${spark.kind}: no fitted model in the run result`];
  const out: string[] = [];
  const num = (a: unknown, b: unknown, what: string): void => {
    const s = sparkNumber(a);
    if (typeof s === 'number' && typeof b === 'number' && close(s, b, tol, tol * 1e-2)) return;
    if (s === null && b === null) return;
    out.push(`${spark.kind} ${what}: Spark ${show(a)}, ours ${show(b)}`);
  };
  for (const key of keys) {
    const want = spark[key];
    if (key === 'surrogates') {
      const mine = ours(model, 'surrogates') as unknown[] | undefined;
      const s = want as Record<string, unknown>;
      (inputCols ?? []).forEach((c, i) => num(s[c], mine?.[i], `surrogate of ${c}`));
      continue;
    }
    const mine = ours(model, key);
    if (mine === undefined) { out.push(`${spark.kind}: our model has no '${key}' (${keysOf(model)}); Spark's is ${show(want)}`); continue; }
    if (key === 'centers') { out.push(...compareCenters((want as unknown[][]).map((c) => c.map((x) => sparkNumber(x) as number)), mine as number[][], tol)); continue; }
    if (key === 'labels') {
      if (show((want as unknown[]).map(String)) !== show((mine as unknown[]).map(String))) out.push(`${spark.kind} labels: Spark ${show(want)}, ours ${show(mine)}`);
      continue;
    }
    if (Array.isArray(want)) {
      const m = mine as unknown[];
      if (!Array.isArray(m) || m.length !== want.length) { out.push(`${spark.kind} ${key}: Spark ${show(want)}, ours ${show(mine)}`); continue; }
      want.forEach((w, i) => num(w, m[i], `${key}[${i}]`));
      continue;
    }
    num(want, mine, key);
  }
  return out;
}
